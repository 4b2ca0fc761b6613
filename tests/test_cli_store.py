"""The dataset commands end to end: query commands on a hand-built store; ingest with the real pipeline
(model): the outlets corpus grouped into incidents, and an ingest killed mid-way then rerun."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store_helpers import report
from strife.cli import main
from strife.errors import StrifeError
from strife.store import Store

OUTLETS = Path(__file__).resolve().parent / "fixtures" / "outlets"
STRIKE = "Warplanes struck a market in Northport on Saturday, killing 12 people."
STRIKE_B = "An air raid hit Northport's market, leaving 15 dead, a monitor said."


@pytest.fixture
def db(tmp_path) -> str:
    path = tmp_path / "cli.db"
    with Store(path) as store:
        store.ingest([report("a1", STRIKE, killed=12), report("b1", STRIKE_B, source="Outlet B", killed=15),
                      report("c1", "Jets bombed Farvale.", place="Farvale", killed=2)])
    return str(path)


def lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize(("argv", "expected"), [
    ([], {"a1", "b1", "c1"}),
    (["--min-fatalities", "10"], {"a1", "b1"}),
    (["--near", "36.5,38.0,10"], {"c1"}),
    (["--country", "IQ"], set()),
])
def test_cli_store_events_filters(db, capsys, argv, expected):
    assert main(["events", "--db", db, "--format", "jsonl", *argv]) == 0
    assert {r["article_id"] for r in lines(capsys.readouterr().out)} == expected


def test_cli_store_incidents_jsonl_and_csv(db, capsys):
    assert main(["incidents", "--db", db, "--format", "jsonl"]) == 0
    records = lines(capsys.readouterr().out)
    assert sorted(r["n_articles"] for r in records) == [1, 2]
    assert main(["incidents", "--db", db, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("incident_id,")


def test_cli_store_split_then_merge(db, capsys):
    with Store(db, read_only=True) as store:
        joined = next(i["id"] for i in store.incidents() if i["n_articles"] == 2)
    assert main(["incidents", "split", str(joined), "--db", db]) == 0
    with Store(db, read_only=True) as store:
        assert store.count_incidents() == 3
        other = max(i["id"] for i in store.incidents())
    assert main(["incidents", "merge", str(joined), str(other), "--db", db]) == 0
    with Store(db, read_only=True) as store:
        assert store.incident(joined)["n_articles"] == 2


def test_cli_store_merge_needs_two_ids(db, capsys):
    assert main(["incidents", "merge", "1", "--db", db]) == 2


def test_cli_store_show_highlights_evidence(db, capsys):
    assert main(["show", "a1#0", "--db", db]) == 0
    out = capsys.readouterr().out
    assert STRIKE in out and "event_type: 0-" in out
    assert main(["show", "1", "--db", db]) == 0
    assert "incident 1" in capsys.readouterr().out


def test_cli_store_show_unknown_id(db, capsys):
    assert main(["show", "nope", "--db", db]) == 1
    assert "no event or incident" in capsys.readouterr().err


def test_cli_store_stats_json(db, capsys):
    assert main(["stats", "--db", db, "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["events"] == 3 and stats["incidents"] == 2


@pytest.mark.parametrize("fmt", ["csv", "acled-csv", "jsonl", "geojson"])
def test_cli_store_export_formats(db, tmp_path, capsys, fmt):
    out = tmp_path / f"x.{fmt}"
    assert main(["export", "--db", db, "--format", fmt, "--incidents", "-o", str(out)]) == 0
    assert out.stat().st_size > 0
    assert "2 incidents written" in capsys.readouterr().err


def test_cli_store_missing_database_is_one_line(tmp_path, capsys):
    assert main(["events", "--db", str(tmp_path / "none.db")]) == 1
    assert capsys.readouterr().err.count("\n") == 1


# --- with the real pipeline ---------------------------------------------------------------------------------

def pairs(groups: list[set[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for g in groups for p in itertools.combinations(sorted(g), 2)}


@pytest.mark.model
def test_cli_store_outlets_corpus_groups_incidents(tmp_path):
    db = str(tmp_path / "outlets.db")
    assert main(["ingest", str(OUTLETS / "corpus.jsonl"), "--db", db, "--quiet"]) == 0
    expected = json.loads((OUTLETS / "expected.json").read_text())["incidents"]
    with Store(db, read_only=True) as store:
        incidents = store.incidents(limit=None)
    found = [{s["article_id"] for s in i["sources"]} for i in incidents]
    gold, got = pairs([set(e["articles"]) for e in expected]), pairs(found)
    precision = len(gold & got) / len(got) if got else 1.0
    recall = len(gold & got) / len(gold) if gold else 1.0
    assert precision >= 0.9 and recall >= 0.9, (precision, recall, found)
    for group in (e for e in expected if "fatalities" in e):
        members = set(group["articles"])
        incident = max(incidents, key=lambda i: len({s["article_id"] for s in i["sources"]} & members))
        tolls = {k: incident[f"fatalities_{k}"] for k in ("low", "best", "high")}
        assert tolls == group["fatalities"], group["articles"]


def synthetic_corpus(path: Path, n: int) -> None:
    """Short reports we write from one template, each a different village and toll."""
    with path.open("w") as f:
        for i in range(n):
            text = (f"Gunmen attacked the village of Testville {i} on Tuesday, killing {i % 9 + 2} farmers, "
                    f"residents said. Report number {i}.")
            record = {"id": f"s{i}", "text": text, "published": "2023-03-01", "source": "Test"}
            f.write(json.dumps(record) + "\n")


def article_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with Store(db, read_only=True) as store:
            return sum(store.stats()["articles"].values())
    except StrifeError:  # the schema is not there yet
        return 0


@pytest.mark.model
def test_cli_store_killed_ingest_loses_and_duplicates_nothing(tmp_path):
    corpus, db, n = tmp_path / "many.jsonl", tmp_path / "kill.db", 600
    synthetic_corpus(corpus, n)
    command = [sys.executable, "-m", "strife", "ingest", str(corpus), "--db", str(db), "--quiet"]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while article_count(db) == 0 and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    stored = article_count(db)
    assert 0 < stored < n, "ingest was not caught mid-way; make the corpus larger"

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    with Store(db, read_only=True) as store:
        assert store.stats()["articles"] == {"ok": n}
        runs = store.stats()["runs"]
        assert runs[0]["status"] == "done" and runs[0]["unchanged"] + runs[0]["articles"] == n
        assert runs[0]["unchanged"] >= stored
        versions = {a: store.article(f"s{a}")["version"] for a in range(n)}
        assert set(versions.values()) == {1}
        assert store.count_events() == len({e["id"] for e in store.iter_events()})


@pytest.mark.parametrize(("args", "message"), [
    ([], "input PATHs or --from-parquet DIR"),
    (["in.jsonl", "--from-parquet", "out"], "input PATHs or --from-parquet DIR"),
    (["--from-parquet", "out", "--workers", "2"], "--from-parquet stores one already made"),
])
def test_cli_store_ingest_takes_paths_or_a_ray_run(tmp_path, capsys, args, message):
    assert main(["ingest", *args, "--db", str(tmp_path / "x.db"), "--quiet"]) == 2
    assert message in capsys.readouterr().err


def test_cli_store_ingest_from_a_folder_without_a_run_is_one_line(tmp_path, capsys):
    assert main(["ingest", "--from-parquet", str(tmp_path), "--db", str(tmp_path / "x.db"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "no Parquet articles under" in err and "Traceback" not in err


def test_cli_store_piped_queries_give_every_row_unless_limited(tmp_path, capsys):
    path = tmp_path / "many.db"
    days = [dt.date(2023, 1, 1) + dt.timedelta(days=3 * i) for i in range(130)]
    with Store(path) as store:
        store.ingest([report(f"m{i}", STRIKE, date=d.isoformat(), published=(d + dt.timedelta(days=1)).isoformat())
                      for i, d in enumerate(days)])
    for command in ("events", "incidents"):
        assert main([command, "--db", str(path), "--format", "jsonl"]) == 0
        assert len(capsys.readouterr().out.splitlines()) == 130
        assert main([command, "--db", str(path), "--format", "csv", "--limit", "7", "--offset", "125"]) == 0
        assert len(capsys.readouterr().out.splitlines()) == 1 + 5


@pytest.mark.parametrize(("argv", "status"), [
    (["events", "--offset", "99999999999999999999"], 2),
    (["incidents", "--limit", "99999999999999999999"], 2),
    (["events", "--min-fatalities", "99999999999999999999"], 2),
    (["incidents", "split", "99999999999999999999"], 2),
    (["show", "99999999999999999999"], 1),
])
def test_cli_store_numbers_out_of_range_are_one_line(db, capsys, argv, status):
    try:
        code = main([*argv, "--db", db])
    except SystemExit as usage:  # argparse: the usage line, then the error
        code = usage.code
    err = capsys.readouterr().err
    assert code == status and "Traceback" not in err
    assert "error:" in err.strip().splitlines()[-1]


@pytest.mark.parametrize(("actor", "expected"), [("%", 0), ("_", 0), ("Military%", 0), ("Military", 3)])
def test_cli_store_actor_filter_takes_wildcards_literally(db, capsys, actor, expected):
    assert main(["events", "--db", db, "--format", "jsonl", "--actor", actor]) == 0
    assert len(capsys.readouterr().out.splitlines()) == expected
