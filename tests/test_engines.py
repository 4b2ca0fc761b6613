"""Engines: a worker pool and Ray give exactly what one process gives, in input order, skips included."""

from __future__ import annotations

import json
import os
import pickle
from io import BytesIO

import pytest

from strife.config import load_settings
from strife.engines import local
from strife.records import Article, Skip

ARTICLES = [
    ("kano", "Gunmen attacked a police checkpoint in Kano on Monday, killing three officers, police said."),
    ("idlib", "An air strike hit a crowded market in Idlib on Tuesday, killing 12 civilians, rescuers said."),
    ("cup", "The home side won the cup final on Saturday after a late goal in front of a full stadium."),
    ("nairobi", "Thousands of protesters marched through Nairobi on Friday to demand lower fuel prices."),
    ("mogadishu", "A car bomb exploded outside a hotel in Mogadishu on Sunday, killing at least seven."),
]


FEED = ("<rss version='2.0'><channel><title>Wire</title><item><guid>wire-1</guid><title>Border post shelled"
        "</title><description>Artillery shells hit a border post near Kassala on Monday, killing two guards."
        "</description></item></channel></rss>")


def write_warc(path) -> None:
    """A one-page crawl: the page's main text is an article (the crawler's request record is not)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    story = "".join(f"<p>{text}</p>" for _, text in ARTICLES[:2]) * 2
    page = f"<html><head><title>Two attacks</title></head><body><article>{story}</article></body></html>"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://news.example/a", "response",
                                                      payload=BytesIO(page.encode()), http_headers=http))


def small_batches():
    """Two articles a batch, so five articles make three chunks across the workers."""
    return load_settings(overrides=["pipeline.articles_per_batch=2"])


def stream() -> list[Article | Skip]:
    items: list[Article | Skip] = [Article(id=i, text=t, published="2024-05-06", origin=i)
                                   for i, t in ARTICLES]
    items.insert(2, Skip("broken.html", "no article text found in the page (3 words)", "broken"))
    return items


def outcome(results) -> list:
    return [r.skip.reason if r.skip else [e.to_dict() for e in r.events] for r in results]


def test_engines_settings_survive_the_trip_to_a_worker():
    settings = small_batches()
    back = pickle.loads(pickle.dumps(settings))
    assert back.as_dict() == settings.as_dict()
    assert back.get("pipeline.articles_per_batch") == 2


def test_engines_default_workers_is_the_cores_this_process_may_use():
    assert local.default_workers() == len(os.sched_getaffinity(0))


@pytest.mark.model
def test_engines_local_pool_gives_what_one_worker_gives_in_order():
    settings = small_batches()
    one = list(local.run(stream(), settings, workers=1))
    two = list(local.run(stream(), settings, workers=2))
    assert [r.article_id for r in two] == [item.id if isinstance(item, Article) else item.article_id
                                          for item in stream()]
    assert outcome(two) == outcome(one)
    assert any(r.events for r in one), "the test articles should give events"
    assert two[2].skip and two[2].skip.origin == "broken.html"


def test_engines_input_of_one_batch_starts_no_pool(monkeypatch):
    def no_pool(*args):
        raise AssertionError("a pool was started for one batch")

    class Echo:
        def __init__(self, settings):
            pass

        def run(self, items):
            return [item.id for item in items]

    monkeypatch.setattr(local, "_run_pool", no_pool)
    monkeypatch.setattr(local, "Pipeline", Echo)
    articles = [Article(id=i, text=t, published="2024-05-06", origin=i) for i, t in ARTICLES[:2]]
    assert list(local.run(articles, small_batches(), workers=4)) == ["kano", "idlib"]


def test_engines_more_than_one_batch_goes_to_the_pool(monkeypatch):
    monkeypatch.setattr(local, "_run_pool", lambda items, settings, workers: [a.id for a in items])
    articles = [Article(id=i, text=t, published="2024-05-06", origin=i) for i, t in ARTICLES]
    assert list(local.run(articles, small_batches(), workers=4)) == [i for i, _ in ARTICLES]


def test_engines_a_worker_ends_when_its_driver_is_gone():
    """A pool whose driver was killed outright does not leave its workers (and their models) behind."""
    import subprocess
    import sys

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # reaped: its pid names no process now
    worker = subprocess.Popen([sys.executable, "-c", "import time; from strife.engines.local import watch_driver; "
                               f"watch_driver({dead.pid}); time.sleep(60)"])
    assert worker.wait(timeout=30) == 1


# Ray: the pure parts run without Ray; the engine itself on a local Ray of 2 CPUs.

def test_engines_ray_shards_are_a_directorys_known_files_sorted(tmp_path):
    from strife.engines.ray import shard_paths

    for name in ("b.jsonl", "a.txt", "c.warc.gz", "notes.pdf", ".hidden/x.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    settings = load_settings(overrides=['ingest.extensions=[".txt", ".jsonl", ".warc.gz"]'])
    shards = shard_paths([str(tmp_path), "missing.txt"], settings)
    assert shards == [str(tmp_path / n) for n in ("a.txt", "b.jsonl", "c.warc.gz")] + ["missing.txt"]


def test_engines_ray_a_missing_shard_is_one_skip_row():
    from strife.engines.ray import read_shard

    [row] = read_shard({"shard": 4, "path": "/nonexistent/input.jsonl"}, load_settings())
    skip = pickle.loads(row["item"])
    assert (row["shard"], row["seq"]) == (4, 0)
    assert isinstance(skip, Skip) and skip.reason == "no such file or directory"


def test_engines_ray_failure_and_skip_rows_share_one_schema():
    pytest.importorskip("pyarrow")
    from strife.engines.ray import output_rows, rows_table
    from strife.pipeline import Result

    article = Article(id="a1", text="x", origin="in.jsonl:1")
    skip = Skip("in.jsonl:2", "record has no text or html", "a2")
    rows = (output_rows((0, 0), article, ValueError("bad offset"))
            + output_rows((0, 1), skip, Result("a2", skip=skip))
            + output_rows((0, 2), article, Result("a1")))
    table = rows_table(rows)
    assert table.column("kind").to_pylist() == ["failed", "skip", "article"]
    assert table.column("reason").to_pylist()[:2] == ["ValueError: bad offset", "record has no text or html"]
    assert table.column("article_id").to_pylist() == ["a1", "a2", "a1"]


def test_engines_ray_parquet_reads_back_in_input_order(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from strife.engines.ray import flat_event, read_events, rows_table

    def rows(*keys):
        return rows_table([{"shard": s, "seq": q, "event_index": i, "kind": "event",
                            **flat_event({"id": f"{s}.{q}.{i}", "article_id": f"{s}.{q}"})} for s, q, i in keys])

    (tmp_path / "events").mkdir()
    pq.write_table(rows((1, 0, 0), (0, 2, 1)), tmp_path / "events" / "a.parquet")
    pq.write_table(rows((0, 2, 0), (0, 1, 0)), tmp_path / "events" / "b.parquet")
    assert [r["id"] for r in read_events(tmp_path)] == ["0.1.0", "0.2.0", "0.2.1", "1.0.0"]


def test_engines_ray_results_read_back_as_the_pipeline_gave_them(tmp_path):
    """What a run writes under articles/ and events/ gives back each input's Result, in input order: the clean
    text with its events, or the skip or failure."""
    pq = pytest.importorskip("pyarrow.parquet")
    from strife.engines.ray import ARTICLE_COLUMNS, FLAT_COLUMNS, ORDER, output_rows, read_results, rows_table
    from strife.pipeline import Pipeline

    items = stream()[:4]  # kano, idlib, a skip, cup (no event)
    results = list(Pipeline(load_settings()).run(items))
    rows = [row for n, (item, result) in enumerate(zip(items, results, strict=True))
            for row in output_rows((0, n), item, result)]
    rows += output_rows((1, 0), Article(id="bad", text="x", origin="in.jsonl:9"), ValueError("bad offset"))
    table = rows_table(rows[::-1])  # files hold blocks in any order
    for name, kinds, columns in (("events", ["event"], [*ORDER, *FLAT_COLUMNS, "record"]),
                                 ("articles", ["article", "skip", "failed"], list(ARTICLE_COLUMNS))):
        (tmp_path / name).mkdir()
        keep = [k in kinds for k in table.column("kind").to_pylist()]
        pq.write_table(table.filter(keep).select(columns), tmp_path / name / "part.parquet")

    back = list(read_results(tmp_path))
    assert outcome(back[:4]) == outcome(results)
    assert [r.clean.text for r in back if r.clean] == [r.clean.text for r in results if r.clean]
    assert back[4].skip.reason == "the pipeline failed: ValueError: bad offset"


def test_engines_ray_an_id_a_later_shard_repeats_is_skipped_as_ingest_skips_it():
    pytest.importorskip("pyarrow")
    from strife.engines.ray import demote_repeats, output_rows, repeated_ids, rows_table
    from strife.pipeline import Pipeline

    items = [Article(id="kano", text=ARTICLES[0][1], published="2024-05-06", origin="a.jsonl:1"),
             Skip("b.jsonl:1", "not English", "kano"),
             Article(id="kano", text=ARTICLES[1][1], published="2024-05-06", origin="c.jsonl:1")]
    results = list(Pipeline(load_settings()).run(items))
    rows = [row for shard, (item, result) in enumerate(zip(items, results, strict=True))
            for row in output_rows((shard, 0), item, result)]
    repeats = repeated_ids(row for row in rows if row["kind"] != "event")
    assert repeats == {(1, 0): "a.jsonl:1", (2, 0): "a.jsonl:1"}
    kept = demote_repeats(rows_table(rows), repeats).to_pylist()
    assert {row["shard"] for row in kept if row["kind"] == "event"} == {0}
    skip, repeat = [row for row in kept if row["shard"] > 0]
    assert (skip["kind"], skip["article_id"], skip["reason"]) == ("skip", None, "not English")
    assert (repeat["kind"], repeat["article_id"], repeat["text"]) == ("skip", None, None)
    assert repeat["reason"] == ("duplicate id 'kano': a.jsonl:1 has it too and was read first (ids must be "
                                "unique; the first is kept)")


def test_engines_ray_read_events_needs_a_run(tmp_path):
    from strife.engines.ray import read_events, read_results
    from strife.errors import StrifeError

    with pytest.raises(StrifeError, match="no Parquet events"):
        list(read_events(tmp_path))
    with pytest.raises(StrifeError, match="no Parquet articles"):
        list(read_results(tmp_path))
    (tmp_path / "summary.json").write_text("{}", encoding="utf-8")  # a run that read nothing writes no folder
    assert list(read_events(tmp_path)) == [] and list(read_results(tmp_path)) == []


@pytest.mark.slow
@pytest.mark.model
def test_engines_ray_gives_what_the_local_engine_gives(tmp_path):
    ray = pytest.importorskip("ray")
    pytest.importorskip("ray.data")
    pytest.importorskip("warcio")
    from strife.engines import ray as ray_engine
    from strife.ingest import read_inputs

    corpus = tmp_path / "in" / "corpus.jsonl"
    corpus.parent.mkdir()
    corpus.write_text("".join(json.dumps({"id": i, "text": t, "published": "2024-05-06"}) + "\n"
                              for i, t in ARTICLES), encoding="utf-8")
    (tmp_path / "in" / "lone.txt").write_text(ARTICLES[1][1], encoding="utf-8")
    # a shard read before the corpus with one of its ids: the corpus's article of that id is the repeat
    (tmp_path / "in" / "again.jsonl").write_text(json.dumps({"id": "kano", "text": ARTICLES[3][1]}) + "\n",
                                                 encoding="utf-8")
    (tmp_path / "in" / "wire.rss").write_text(FEED, encoding="utf-8")
    write_warc(tmp_path / "in" / "crawl.warc.gz")
    paths = [str(tmp_path / "in"), str(tmp_path / "missing.jsonl")]
    settings = small_batches()
    expected = [e.to_dict() for r in local.run(read_inputs(paths, settings), settings, 1) for e in r.events]

    ray.init(num_cpus=2, include_dashboard=False)
    try:
        summary = ray_engine.run(paths, settings, tmp_path / "out")
    finally:
        ray.shutdown()
    assert list(ray_engine.read_events(tmp_path / "out")) == expected
    jsonl = (tmp_path / "out" / "events.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line) for line in jsonl] == expected
    skips = [json.loads(line) for line in (tmp_path / "out" / "skips.jsonl").read_text("utf-8").splitlines()]
    assert [s["origin"] for s in skips] == [f"{corpus}:1", str(tmp_path / "missing.jsonl")]
    assert skips[0]["reason"].startswith("duplicate id 'kano'")
    assert (summary.shards, summary.articles, summary.events, summary.skipped) == (6, 8, len(expected), 2)
    assert {e["article_id"] for e in expected} >= {"wire-1", "kano"}
    assert stored_events(tmp_path / "ray.db", ray_engine.read_results(tmp_path / "out")) == \
        stored_events(tmp_path / "local.db", local.run(read_inputs(paths, settings), settings, 1))


def stored_events(db, results) -> list[dict]:
    """The events a database holds after ingesting ``results``, with their incidents."""
    from strife.store import Store

    with Store(db) as store:
        store.ingest(results)
        return store.events(limit=None)
