"""strife.evaluate: pairing gold with predicted events, per-type counts and the confusion matrix."""

from __future__ import annotations

import pytest

from strife.evaluate import evaluate, report

AIR, CLASH = "Air/drone strike", "Armed clash"
BOMB, BATTLE = "Explosions/Remote violence", "Battles"


def row(article: str, sub: str, kind: str, date: str, lat: float = 10.0, **extra) -> dict:
    return {"article_id": article, "event_type": kind, "sub_event_type": sub, "date": date,
            "location": {"lat": lat, "lon": 20.0}, **extra}


def test_evaluate_counts_hits_misses_and_false_alarms():
    gold = [row("a", AIR, BOMB, "2024-01-02"), row("a", CLASH, BATTLE, "2024-01-03"),
            row("b", CLASH, BATTLE, "2024-02-01", optional=True)]
    pred = [row("a", AIR, BOMB, "2024-01-03"), row("a", CLASH, BATTLE, "2024-01-20"),
            row("b", CLASH, BATTLE, "2024-02-01")]
    result = evaluate(gold, pred)
    assert result.types[BOMB] == {"tp": 1}
    assert result.types[BATTLE] == {"fp": 1, "fn": 1}  # too many days apart to pair; the optional is not counted
    assert result.precision_recall(BOMB) == (1.0, 1.0)


def test_evaluate_confusion_of_sub_types_and_report():
    gold = [row("a", AIR, BOMB, "2024-01-02", sub_event_type=[AIR, "Shelling/artillery/missile attack"])]
    pred = [row("a", "Shelling/artillery/missile attack", BOMB, "2024-01-02")]
    result = evaluate(gold, pred)
    assert result.confusion[("Shelling/artillery/missile attack", "Shelling/artillery/missile attack")] == 1
    text = report(result)
    assert "Explosions/Remote violence" in text and "1.000" in text


def test_evaluate_places_far_apart_do_not_pair():
    result = evaluate([row("a", AIR, BOMB, "2024-01-02")], [row("a", AIR, BOMB, "2024-01-02", lat=14.0)])
    assert result.types[BOMB] == {"fp": 1, "fn": 1}


def test_evaluate_brier_and_reliability():
    from strife.evaluate import brier, monotone, reliability

    probabilities, outcomes = [0.9, 0.9, 0.6, 0.3], [1, 0, 1, 0]
    assert brier(probabilities, outcomes) == (0.01 + 0.81 + 0.16 + 0.09) / 4
    assert [(upper, n) for upper, n, _, _ in reliability(probabilities, outcomes)] == [(0.5, 1), (0.7, 1), (0.9, 2)]
    assert monotone([(0.2, 1), (0.8, 1), (0.4, 3), (0.9, 1)]) == [0.2, 0.5, 0.5, 0.9]


@pytest.mark.model
def test_evaluate_cli_prints_types_and_confusions(tmp_path, capsys):
    import json

    from strife.cli import main

    corpus = tmp_path / "corpus.jsonl"
    gold = tmp_path / "gold.jsonl"
    corpus.write_text(json.dumps({"id": "t1", "published": "2024-03-11", "text": (
        "Rebels and soldiers clashed near the village of Oru on Sunday, killing six fighters, the army said.")}) + "\n")
    gold.write_text(json.dumps({"article_id": "t1", "event_type": "Battles", "sub_event_type": "Armed clash",
                                "date": "2024-03-10"}) + "\n")
    assert main(["eval", str(gold), str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "Battles" in out and "1.000" in out and "Armed clash" in out
