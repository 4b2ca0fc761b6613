"""``strife explain``: each candidate mention of an article with the decision on it and the rule that made it."""

from __future__ import annotations

import json

import pytest

from strife.cli import main

pytestmark = pytest.mark.model

REPORT = ("Rebels and soldiers clash near border town\n\nRebel fighters attacked an army post outside the town of "
          "Kalvos on Monday, and soldiers clashed with them for several hours, a military spokesman said. Four "
          "soldiers were killed. Troops will shell the hills tomorrow, officials said. The rebels did not attack "
          "the airport.\n")
FRAUD = ("Police arrested three men in the town on Tuesday on suspicion of drug smuggling and robbery, a police "
         "spokesman said. The men were taken to the provincial police headquarters for questioning.\n")
MATCH = ("Derby battle\n\nThe home side battled to a late win in the derby on Saturday, and the two sets of "
         "players clashed on the touchline after the final whistle. The coach praised his team's spirit and "
         "said the title race was far from over as the season entered its final month.\n")


def explain(capsys, tmp_path, text: str) -> dict:
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    assert main(["explain", "--format", "jsonl", "--published", "2024-05-10", str(path)]) == 0
    [record] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    return record


def test_explain_accounts_for_kept_merged_and_dropped_mentions(capsys, tmp_path):
    record = explain(capsys, tmp_path, REPORT)
    assert record["relevance"] > 0.5
    by_word = {d["span"]["text"]: d for d in record["decisions"]}
    kept = [d for d in record["decisions"] if d["decision"] == "kept"]
    assert len(kept) == 1 and kept[0]["sub_event_type"] == "Armed clash"
    assert by_word["clashed"]["decision"] == "merged" and by_word["clashed"]["event_id"] == kept[0]["event_id"]
    assert by_word["shell"]["rule"] == "detect.cue.irrealis"
    assert by_word["attack"]["rule"] == "detect.cue.negated"
    for d in record["decisions"]:
        assert REPORT[d["span"]["start"]:d["span"]["end"]] == d["span"]["text"]


def test_explain_names_the_sense_rule_that_drops_an_ordinary_arrest(capsys, tmp_path):
    record = explain(capsys, tmp_path, FRAUD)
    assert record["relevance"] > 0.4  # read as a police report: the charge, not the relevance, decides
    [arrest] = [d for d in record["decisions"] if d["span"]["text"] == "arrested"]
    assert (arrest["decision"], arrest["rule"]) == ("dropped", "sense.arrest-ordinary-crime")


def test_explain_names_the_relevance_model_for_a_sports_report(capsys, tmp_path):
    record = explain(capsys, tmp_path, MATCH)
    assert record["relevance"] < 0.2
    assert record["decisions"] and {d["rule"] for d in record["decisions"]} == {"relevance.model"}


def test_explain_text_format_prints_one_line_a_decision(capsys, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(REPORT, encoding="utf-8")
    assert main(["explain", "--published", "2024-05-10", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("==> article  relevance 0.")
    assert any(line.split()[:2] == ["dropped", "detect.cue.negated"] for line in lines)
