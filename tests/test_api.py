"""The Python API returns the records the command line prints."""

from __future__ import annotations

import json

import pytest

import strife
from strife.cli import main
from support import EXAMPLES


def corpus_records():
    return [json.loads(line) for line in (EXAMPLES / "corpus.jsonl").read_text("utf-8").splitlines()]


@pytest.mark.model
def test_api_extract_many_equals_cli_output(capsys):
    main(["extract", "--format", "jsonl", "--workers", "1", str(EXAMPLES / "corpus.jsonl")])
    cli = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    api = [event.to_dict() for event in strife.extract_many(corpus_records())]
    assert api == cli and api


@pytest.mark.model
def test_api_extract_one_text_equals_extract_many():
    record = corpus_records()[0]
    one = strife.extract(record["text"], published=record["published"], source=record["source"],
                         article_id=record["id"])
    many = [e for e in strife.extract_many([record])]
    assert [e.to_dict() for e in one] == [e.to_dict() for e in many]
    assert one[0].date.date.isoformat() <= record["published"]


@pytest.mark.model
def test_api_extract_many_skips_unusable_records_and_goes_on():
    records = [{"id": "empty", "text": ""}, corpus_records()[0]]
    events = list(strife.extract_many(records))
    assert events and {e.article_id for e in events} == {records[1]["id"]}
