"""The Python API returns the records the command line prints."""

from __future__ import annotations

import json

import pytest

import strife
from strife.cli import main
from strife.records import Skip
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
    many = list(strife.extract_many([record]))
    assert [e.to_dict() for e in one] == [e.to_dict() for e in many]
    assert one[0].date.date.isoformat() <= record["published"]


@pytest.mark.model
def test_api_extract_many_yields_a_skip_for_an_unusable_record_and_goes_on():
    records = [{"id": "empty", "text": ""}, corpus_records()[0]]
    items = list(strife.extract_many(records))
    assert isinstance(items[0], Skip) and items[0].reason == "record has no text or html"
    events = items[1:]
    assert events and {e.article_id for e in events} == {records[1]["id"]}
