"""The review round trip from the command line, with the real pipeline: correct one event's toll and reject
another, rerun the pipeline over the stored articles, and the reviews hold; the export carries the correction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from strife.cli import main

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus.jsonl"


def events(capsys, db: str, *extra: str) -> dict[str, dict]:
    capsys.readouterr()
    assert main(["events", "--db", db, "--format", "jsonl", *extra]) == 0
    return {r["id"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}


@pytest.mark.model
def test_review_round_trip_survives_a_rerun(tmp_path, capsys):
    db = str(tmp_path / "demo.db")
    assert main(["ingest", str(CORPUS), "--db", db, "--quiet"]) == 0
    stored = events(capsys, db)
    first, second = sorted(stored)[:2]
    assert stored[first]["fatalities"]["best"] != 7
    assert main(["review", first, "--status", "corrected", "--set", "fatalities.best=7", "--by", "ana",
                 "--note", "hospital count", "--db", db]) == 0
    assert main(["review", second, "--status", "rejected", "--by", "ana", "--db", db]) == 0

    assert main(["ingest", "--rerun", "--db", db, "--quiet"]) == 0
    assert "matches no event" not in capsys.readouterr().err
    after = events(capsys, db)
    assert after[first]["fatalities"]["best"] == 7 and after[first]["review_status"] == "corrected"
    assert second not in after and set(after) == set(stored) - {second}
    assert events(capsys, db, "--include-rejected")[second]["review_status"] == "rejected"

    gold = tmp_path / "gold.jsonl"
    assert main(["review", "export", "-o", str(gold), "--db", db]) == 0
    [record] = [json.loads(line) for line in gold.read_text().splitlines()]
    assert record["article_id"] == stored[first]["article_id"] and record["fatalities"] == {"best": 7}
    capsys.readouterr()
    assert main(["eval", str(gold), str(CORPUS)]) == 0  # strife eval reads it
