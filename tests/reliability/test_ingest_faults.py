"""Faults around ingest: concurrent starts on a new database, kill -9 at random moments, a full disk, no room for
temporary files. Each run is a process of its own; counts and times are bounded (a few trials, short corpora)."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from reliability_support import (
    GOOD_ID,
    STRIFE,
    assert_no_traceback,
    good_record,
    run_strife,
    write_jsonl,
)

from strife.store import Store

PLACES = ["Kawuri", "Bama", "Gwoza", "Dikwa", "Monguno", "Damboa", "Konduga", "Mafa", "Ngala", "Marte"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
KILL_TRIALS = 2
CONCURRENT_INGESTS = 6


def corpus_records(count: int) -> list[dict]:
    """Short reports, some of one incident told twice (so that incidents merge across articles)."""
    records = []
    for n in range(count):
        place, day = PLACES[n % len(PLACES)], DAYS[(n // 2) % len(DAYS)]
        toll = 3 + n % 5
        text = (f"Gunmen killed {toll} villagers in a raid on {place} in Borno state on {day}, police said. "
                f"Residents of {place} said the attackers arrived on motorcycles and burned houses. " * 2)
        records.append({"id": f"report-{n:03d}", "published": "2023-03-18", "source": f"outlet {n % 3}",
                        "text": text})
    return records


def stored(db: Path) -> dict:
    """What a database holds, in a form that two runs can be compared by."""
    con = sqlite3.connect(db)
    try:
        articles = con.execute("SELECT id, version, status FROM articles ORDER BY id").fetchall()
        events = con.execute("SELECT id, article_id FROM events ORDER BY id").fetchall()
        incidents = sorted(tuple(sorted(r[0].split(","))) for r in con.execute(
            "SELECT group_concat(id) FROM events GROUP BY incident_id"))
        runs = con.execute("SELECT status FROM runs ORDER BY id").fetchall()
    finally:
        con.close()
    return {"articles": articles, "events": events, "incidents": incidents, "runs": [r[0] for r in runs]}


def ingest_args(db: Path, corpus: Path) -> list[str]:
    return ["ingest", "--quiet", "--workers", "1", "--db", str(db), "--set", "pipeline.articles_per_batch=4",
            str(corpus)]


def stored_articles(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


# --- concurrent starts --------------------------------------------------------------------------------------

def _open_after(barrier, path: str) -> str:
    barrier.wait()
    try:
        with Store(path) as store:
            store.ingest([])
        return "ok"
    except Exception as err:  # noqa: BLE001 - the test reports whatever went wrong
        return repr(err)


def test_stores_opened_at_the_same_instant_on_a_new_file_all_succeed(tmp_path):
    context = multiprocessing.get_context("spawn")
    for trial in range(3):
        path = str(tmp_path / f"new-{trial}.db")
        barrier = context.Manager().Barrier(CONCURRENT_INGESTS)
        with context.Pool(CONCURRENT_INGESTS) as pool:
            outcomes = pool.starmap(_open_after, [(barrier, path)] * CONCURRENT_INGESTS)
        assert outcomes == ["ok"] * CONCURRENT_INGESTS
        assert stored(Path(path))["runs"] == ["done"] * CONCURRENT_INGESTS


@pytest.mark.model
def test_six_ingests_into_a_new_empty_database_at_once_all_succeed(tmp_path):
    db = tmp_path / "new.db"
    corpora = [write_jsonl(tmp_path / f"part-{n}.jsonl", [record]) for n, record in
               enumerate(corpus_records(CONCURRENT_INGESTS))]
    runs = [subprocess.Popen([*STRIFE, *ingest_args(db, corpus)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for corpus in corpora]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
        assert_no_traceback(err)
    held = stored(db)
    assert [a[0] for a in held["articles"]] == [f"report-{n:03d}" for n in range(CONCURRENT_INGESTS)]
    assert held["runs"] == ["done"] * CONCURRENT_INGESTS
    assert len({e[1] for e in held["events"]}) == CONCURRENT_INGESTS


# --- kill -9 ------------------------------------------------------------------------------------------------

@pytest.mark.model
def test_kill_9_at_random_moments_then_a_rerun_loses_and_duplicates_nothing(tmp_path):
    corpus = write_jsonl(tmp_path / "corpus.jsonl", corpus_records(40))
    reference = tmp_path / "reference.db"
    assert run_strife(*ingest_args(reference, corpus)).returncode == 0
    expected = stored(reference)
    assert len(expected["articles"]) == 40 and expected["events"]
    chance = random.Random(7)
    for trial in range(KILL_TRIALS):
        db = tmp_path / f"killed-{trial}.db"
        run = subprocess.Popen([*STRIFE, *ingest_args(db, corpus)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        wanted = chance.randint(1, 30)
        deadline = time.monotonic() + 240
        while run.poll() is None and stored_articles(db) < wanted and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(run.pid, signal.SIGKILL)
        run.wait(timeout=30)
        assert len(stored(db)["articles"]) < 40, "the run finished before it could be killed"
        rerun = run_strife(*ingest_args(db, corpus), timeout=300)
        assert rerun.returncode == 0, rerun.stderr
        assert "recovering: run 1" in rerun.stderr and "was killed" in rerun.stderr
        assert_no_traceback(rerun.stderr)
        held = stored(db)
        assert held["runs"] == ["killed", "done"]
        assert {k: held[k] for k in ("articles", "events", "incidents")} == \
            {k: expected[k] for k in ("articles", "events", "incidents")}


@pytest.mark.model
def test_a_rerun_neither_reprocesses_nor_reversions_an_unchanged_article(tmp_path):
    corpus = write_jsonl(tmp_path / "twice.jsonl", [good_record(), good_record(text="another text")])
    db = tmp_path / "twice.db"
    for _ in range(2):
        done = run_strife(*ingest_args(db, corpus))
        assert done.returncode == 1 and "duplicate id" in done.stderr
    held = stored(db)
    assert (GOOD_ID, 1, "ok") in held["articles"]
    assert held["runs"] == ["done", "done"]


# --- a full disk, no room for temporary files ----------------------------------------------------------------

LIMITED_INGEST = """
import resource, sys
from strife.clean import language_identifier
language_identifier()  # loaded before the limit: this test is about the database's writes
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), resource.RLIM_INFINITY))
from strife.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.model
def test_a_full_disk_is_one_line_and_a_rerun_with_room_recovers(tmp_path):
    db = tmp_path / "full.db"
    first = write_jsonl(tmp_path / "first.jsonl", [good_record()])
    assert run_strife(*ingest_args(db, first)).returncode == 0
    corpus = write_jsonl(tmp_path / "big.jsonl", corpus_records(60))
    limited = subprocess.run([*STRIFE[:1], "-c", LIMITED_INGEST, "60000", *ingest_args(db, corpus)],
                             capture_output=True, text=True, timeout=300)
    assert limited.returncode == 1
    assert_no_traceback(limited.stderr)
    lines = limited.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"strife: error: no space left on the disk of {db}")
    assert "articles read were not stored" in lines[0] and "nothing stored is lost" in lines[0]
    rerun = run_strife(*ingest_args(db, corpus), timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert "recovering: run 2" in rerun.stderr
    held = stored(db)
    assert len(held["articles"]) == 61 and held["runs"][-1] == "done" and held["runs"][1] in ("failed", "killed")
    assert GOOD_ID in {e[1] for e in held["events"]}


def _limit_file_size() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (1_000_000, resource.RLIM_INFINITY))


@pytest.mark.model
def test_no_room_for_the_language_identifiers_temporary_file_is_one_line_not_one_per_article(tmp_path):
    corpus = write_jsonl(tmp_path / "corpus.jsonl", corpus_records(12))
    empty_cache = {"STRIFE_CACHE_DIR": str(tmp_path / "cache")}  # no unpacked model kept: it must be unpacked
    done = run_strife("extract", "--format", "jsonl", "--workers", "1", str(corpus), env=empty_cache,
                      preexec_fn=_limit_file_size)
    assert done.returncode == 1 and done.stdout == ""
    assert_no_traceback(done.stderr)
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "cannot load the language identifier: no room for its temporary file" in lines[0]
    with_room = run_strife("extract", "--format", "jsonl", "--workers", "1", str(corpus))
    assert with_room.returncode == 0 and len({json.loads(line)["article_id"] for line in
                                              with_room.stdout.splitlines()}) == 12

