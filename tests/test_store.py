"""The store: idempotent, versioned ingest; incidents across articles; queries; split and merge by hand."""

from __future__ import annotations

import json
import sqlite3

import pytest

from store_helpers import clean_text, event, report, result, skipped
from strife.errors import StrifeError
from strife.store import MIGRATIONS, Filters, Store

STRIKE = "Warplanes struck a market in Northport on Saturday, killing 12 people."
STRIKE_B = "An air raid hit Northport's market, leaving 15 dead, a monitor said."
RAID_ELSEWHERE = "Jets bombed a bakery in Farvale on Saturday, killing four."


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "test.db") as s:
        yield s


def test_store_ingest_counts_articles_events_skips(store):
    got = store.ingest([report("a1", STRIKE, killed=12), skipped("a2")])
    assert (got.articles, got.events, got.skips, got.incidents) == (1, 1, 1, 1)
    assert store.article("a2")["status"] == "skipped"
    assert store.article("a2")["skip_reason"] == "not English"
    assert store.article("a1")["text"] == STRIKE


def test_store_reingest_unchanged_changes_nothing(store):
    store.ingest([report("a1", STRIKE, killed=12)])
    before = store.db.execute("SELECT count(*) FROM events").fetchone()[0]
    again = store.ingest([report("a1", STRIKE, killed=12)])
    assert (again.articles, again.unchanged, again.events) == (0, 1, 0)
    assert store.db.execute("SELECT count(*) FROM events").fetchone()[0] == before
    assert store.article("a1")["version"] == 1


def test_store_changed_article_gets_new_version_and_replaces_events(store):
    store.ingest([report("a1", STRIKE, killed=12)])
    store.ingest([report("a1", STRIKE + " The toll rose to 14.", killed=14)])
    assert store.article("a1")["version"] == 2
    events = store.events()
    assert len(events) == 1 and events[0]["fatalities"]["best"] == 14
    assert store.count_incidents() == 1


def test_store_evidence_rows_slice_the_article_text(store):
    store.ingest([report("a1", STRIKE, killed=12)])
    text = store.article("a1")["text"]
    for start, end, span_text in store.db.execute('SELECT start, "end", text FROM evidence'):
        assert text[start:end] == span_text


def test_store_unseen_skips_stored_inputs(store):
    from strife.records import Article

    article = Article(id="a1", text=STRIKE, published="2024-03-10")
    assert list(store.unseen([article])) == [article]
    clean = clean_text("a1", STRIKE)
    store.ingest([result(clean, event(clean))])
    assert list(store.unseen([article])) == []
    assert store.ingest([]).unchanged == 1
    changed = Article(id="a1", text=STRIKE + " More.", published="2024-03-10")
    assert list(store.unseen([changed])) == [changed]


def test_store_two_outlets_one_incident(store):
    store.ingest([report("a1", STRIKE, source="Outlet A", killed=12),
                  report("b1", STRIKE_B, source="Outlet B", killed=15, published="2024-03-11")])
    [incident] = store.incidents()
    assert (incident["n_events"], incident["n_articles"], incident["n_sources"]) == (2, 2, 2)
    tolls = (incident["fatalities_low"], incident["fatalities_best"], incident["fatalities_high"])
    assert tolls == (12, 12, 15)
    assert (incident["first_reported"], incident["last_reported"]) == ("2024-03-10", "2024-03-11")
    assert {s["article_id"] for s in incident["sources"]} == {"a1", "b1"}


def test_store_different_places_stay_apart(store):
    store.ingest([report("a1", STRIKE), report("c1", RAID_ELSEWHERE, place="Farvale", source="Outlet C")])
    assert store.count_incidents() == 2


def test_store_new_article_joins_existing_incident_incrementally(store):
    store.ingest([report("a1", STRIKE, killed=12)])
    store.ingest([report("b1", STRIKE_B, source="Outlet B", killed=15)])
    [incident] = store.incidents()
    assert incident["n_articles"] == 2
    decisions = store.incident(incident["id"])["decisions"]
    assert [d["action"] for d in decisions] == ["new", "join"]
    assert "Northport" in decisions[1]["reason"]


def test_store_replaced_article_leaves_its_incident(store):
    store.ingest([report("a1", STRIKE), report("b1", STRIKE_B, source="Outlet B")])
    store.ingest([report("b1", RAID_ELSEWHERE, source="Outlet B", place="Farvale")])
    incidents = store.incidents()
    assert sorted(i["n_articles"] for i in incidents) == [1, 1]


def test_store_split_and_merge_by_hand(store):
    store.ingest([report("a1", STRIKE), report("b1", STRIKE_B, source="Outlet B")])
    [incident] = store.incidents()
    parts = store.split(incident["id"])
    assert len(parts) == 2 and store.count_incidents() == 2
    store.ingest([report("b1", STRIKE_B + " Updated.", source="Outlet B")])  # b1's new events may rejoin
    store.merge(parts[0], parts[1])
    assert store.count_incidents() <= 2
    merged = store.incident(parts[0])
    assert merged["n_articles"] >= 1
    assert any(d["action"] == "merge" for d in merged["decisions"])


def test_store_split_keeps_events_apart_on_later_matching(store):
    store.ingest([report("a1", STRIKE), report("b1", STRIKE_B, source="Outlet B")])
    first = store.incidents()[0]["id"]
    store.split(first, ["b1#0"])
    assert store.count_incidents() == 2
    kept = store.db.execute("SELECT count(*) FROM kept_apart").fetchone()[0]
    assert kept == 1


def test_store_split_unknown_incident_is_an_error(store):
    with pytest.raises(StrifeError, match="no incident"):
        store.split(99)


@pytest.mark.parametrize(("filters", "expected"), [
    (Filters(), {"a1", "c1", "d1"}),
    (Filters(country="sy"), {"a1", "c1"}),
    (Filters(admin1="uplands"), {"c1"}),
    (Filters(since="2024-03-09", until="2024-03-09"), {"a1", "c1"}),
    (Filters(until="2024-03-01"), {"d1"}),
    (Filters(sub_type="Armed clash"), {"d1"}),
    (Filters(type="Explosions/Remote violence"), {"a1", "c1"}),
    (Filters(actor="islamic"), {"d1"}),
    (Filters(near=(35.0, 36.0, 20.0)), {"a1"}),
    (Filters(min_fatalities=5), {"a1"}),
    (Filters(verification="claimed"), {"d1"}),
])
def test_store_event_filters(store, filters, expected):
    store.ingest([
        report("a1", STRIKE, killed=12),
        report("c1", RAID_ELSEWHERE, place="Farvale", killed=4),
        report("d1", "Fighters clashed with troops near Lakeside.", sub_type="Armed clash",
               event_type="Battles", place="Lakeside", date="2024-02-20",
               actor2=("Islamic State", "Rebel group"), verification="claimed"),
    ])
    assert {e["article_id"] for e in store.events(filters)} == expected
    assert store.count_events(filters) == len(expected)
    assert {i["sources"][0]["article_id"] for i in store.incidents(filters)} == expected


def test_store_events_paginate(store):
    store.ingest([report(f"a{i}", STRIKE, place="Farvale", date=f"2024-01-{i + 10:02d}") for i in range(5)])
    page = store.events(limit=2, offset=2)
    assert [e["date"] for e in page] == ["2024-01-12", "2024-01-13"]


def test_store_event_and_incident_lookup(store):
    store.ingest([report("a1", STRIKE)])
    record = store.event("a1#0")
    assert record["incident_id"] == store.incidents()[0]["id"]
    assert store.event("nope") is None and store.incident(12345) is None and store.article("x") is None


def test_store_stats_counts_by_month_country_type(store):
    store.ingest([report("a1", STRIKE), report("c1", RAID_ELSEWHERE, place="Farvale"), skipped("z")])
    stats = store.stats()
    assert stats["articles"] == {"ok": 2, "skipped": 1}
    assert stats["events_by_month"] == {"2024-03": 2}
    assert stats["incidents_by_country"] == {"SY": 2}
    assert stats["runs"][0]["status"] == "done"


def test_store_read_only_cannot_write(tmp_path):
    path = tmp_path / "ro.db"
    with Store(path) as writer:
        writer.ingest([report("a1", STRIKE)])
    with Store(path, read_only=True) as reader:
        assert reader.count_events() == 1
        with pytest.raises(sqlite3.OperationalError):
            reader.db.execute("DELETE FROM events")


def test_store_read_only_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(StrifeError, match="strife ingest"):
        Store(tmp_path / "none.db", read_only=True)


def test_store_reader_sees_committed_data_while_writer_is_open(tmp_path):
    path = tmp_path / "wal.db"
    with Store(path) as writer:
        writer.ingest([report("a1", STRIKE)])
        with Store(path, read_only=True) as reader:
            assert reader.count_events() == 1
        assert writer.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_failed_batch_rolls_back(store):
    class Boom(Exception):
        pass

    def results():
        yield report("a1", STRIKE)
        raise Boom

    with pytest.raises(Boom):
        store.ingest(results())
    assert store.article("a1") is None


def test_store_article_now_skipped_loses_its_events(store):
    store.ingest([report("a1", STRIKE)])
    store.ingest([skipped("a1")])
    assert store.count_events() == 0 and store.count_incidents() == 0
    assert (store.article("a1")["status"], store.article("a1")["version"]) == ("skipped", 2)


@pytest.mark.parametrize(("order", "first"), [("date", "c1"), ("articles", "a1"), ("fatalities", "c1")])
def test_store_incidents_sort_orders(store, order, first):
    store.ingest([report("a1", STRIKE, killed=12), report("b1", STRIKE_B, source="Outlet B", killed=15),
                  report("c1", RAID_ELSEWHERE, place="Farvale", killed=40, date="2024-03-01")])
    assert store.incidents(order=order)[0]["sources"][0]["article_id"] == first


def test_store_incidents_unknown_order_is_an_error(store):
    with pytest.raises(StrifeError, match="articles"):
        store.incidents(order="colour")


def test_store_events_without_or_with_clashing_ids_get_distinct_ones(store):
    from dataclasses import replace

    clean = clean_text("a1", STRIKE)
    first = event(clean)
    store.ingest([result(clean, replace(first, id=""), replace(first, id=""), first, first)])
    assert len({e["id"] for e in store.events()}) == 4


def test_store_run_log_keeps_the_run_info(store):
    store.ingest([report("a1", STRIKE)], run_info={"paths": ["x.jsonl"]})
    [run] = store.stats()["runs"]
    assert json.loads(run["info"]) == {"paths": ["x.jsonl"]} and run["articles"] == 1


def test_store_migrations_bring_an_old_database_up_to_date(tmp_path):
    path = tmp_path / "old.db"
    first = sqlite3.connect(path, isolation_level=None)
    first.executescript(f"{MIGRATIONS[0]}; PRAGMA user_version = 1;")  # a database of the first schema
    first.close()
    with pytest.raises(StrifeError, match="older schema"):
        Store(path, read_only=True)
    with Store(path) as upgraded:
        upgraded.ingest([report("a1", STRIKE)], run_info={"k": 1})
        assert upgraded.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
