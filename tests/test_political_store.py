"""Political events through the product: stored beside ACLED's events, queryable by family and PLOVER category,
exported and served, and kept out of every ACLED figure."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest

from store_helpers import clean_text, event, result
from strife.cli import main
from strife.export import write_export
from strife.records import Actor, Place, span_of
from strife.store import Filters, Store

STRIKE = "Warplanes struck a market in Northport on Saturday, killing 12 people. Ghana condemned the strike."


def political(clean, n: int = 9, plover_type: str = "ACCUSE"):
    """The second sentence's condemnation, as the political coder gives it (no ACLED type)."""
    start = clean.text.find("condemned")
    trigger = span_of(clean.text, start, start + len("condemned"), "plover_type")
    acled = event(clean, n=n)
    return replace(acled, event_type=None, sub_event_type=None, plover_type=plover_type, plover_mode="disapprove",
                   actor1=Actor("Government of Ghana", "Government", "GH"), actor2=None,
                   location=Place(name="Accra", country="GH", lat=5.556, lon=-0.1969, precision="country"),
                   evidence=(trigger,))


def ingest(path, with_political: bool) -> None:
    a1, b1 = clean_text("a1", STRIKE), clean_text("b1", STRIKE, source="Outlet B")
    with Store(path) as store:
        store.ingest([result(a1, event(a1, killed=12), *([political(a1)] if with_political else [])),
                      result(b1, event(b1, killed=12), *([political(b1)] if with_political else []))])


@pytest.fixture
def db(tmp_path) -> str:
    path = tmp_path / "p.db"
    ingest(path, with_political=True)
    return str(path)


def test_acled_figures_do_not_change_when_political_events_are_stored(tmp_path, db):
    ingest(tmp_path / "acled.db", with_political=False)
    with Store(tmp_path / "acled.db", read_only=True) as plain, Store(db, read_only=True) as mixed:
        for query in (lambda s: s.count_events(Filters()), lambda s: len(s.incidents(Filters())),
                      lambda s: [e["id"] for e in s.events(Filters())]):
            assert query(plain) == query(mixed)
        plain_stats, mixed_stats = plain.stats(), mixed.stats()
        for key in ("events", "incidents", "events_by_type", "incidents_by_country", "events_by_month"):
            assert plain_stats[key] == mixed_stats[key]
        assert (mixed_stats["political_events"], mixed_stats["political_by_type"]) == (2, {"ACCUSE": 2})


def test_political_and_acled_events_never_share_an_incident(db):
    with Store(db, read_only=True) as store:
        for incident in store.incidents(Filters(family="all")):
            members = store.incident(incident["id"])["members"]
            assert len({m["event_type"] is None for m in members}) == 1


@pytest.mark.parametrize(("filters", "expected"), [
    (Filters(), {"Explosions/Remote violence"}),
    (Filters(family="plover"), {None}),
    (Filters(family="all"), {None, "Explosions/Remote violence"}),
    (Filters(plover_type="accuse"), {None}),
    (Filters(family="acled", plover_type="ACCUSE"), set()),
])
def test_queries_select_a_family_and_a_plover_category(db, filters, expected):
    with Store(db, read_only=True) as store:
        assert {e["event_type"] for e in store.events(filters)} == expected


def test_acled_csv_keeps_acled_events_only_and_csv_gives_political_rows_their_columns(db):
    with Store(db, read_only=True) as store:
        acled, flat = io.StringIO(), io.StringIO()
        assert write_export(store.iter_events(Filters(family="all")), "acled-csv", acled) == 2
        write_export(store.iter_events(Filters(family="plover")), "csv", flat)
    assert {row["event_type"] for row in csv.DictReader(io.StringIO(acled.getvalue()))} == {
        "Explosions/Remote violence"}
    rows = list(csv.DictReader(io.StringIO(flat.getvalue())))
    assert {(r["plover_type"], r["plover_mode"], r["notes"]) for r in rows} == {("ACCUSE", "disapprove", "condemned")}


def test_cli_events_and_export_take_family_and_plover_type(db, capsys, tmp_path):
    assert main(["events", "--db", db, "--format", "jsonl", "--plover-type", "ACCUSE"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert {(r["plover_type"], r["plover_mode"], r["event_type"]) for r in records} == {
        ("ACCUSE", "disapprove", None)}
    assert main(["incidents", "--db", db, "--format", "jsonl", "--family", "plover"]) == 0
    assert all(json.loads(line)["event_type"] is None for line in capsys.readouterr().out.splitlines() if line)
    out = tmp_path / "all.jsonl"
    assert main(["export", "--db", db, "--format", "jsonl", "--family", "all", "-o", str(out)]) == 0
    assert len(out.read_text().splitlines()) == 4


def test_api_serves_political_events_with_the_same_filters(db):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from strife.serve.app import create_app

    client = TestClient(create_app(db))
    acled = client.get("/api/events").json()
    political_only = client.get("/api/events", params={"family": "plover", "plover_type": "ACCUSE"}).json()
    assert {e["event_type"] for e in acled["items"]} == {"Explosions/Remote violence"}
    assert political_only["total"] == 2 and {e["plover_type"] for e in political_only["items"]} == {"ACCUSE"}
    assert client.get("/api/events", params={"family": "nonsense"}).status_code in (400, 422)
    assert client.get("/api/stats").json()["political_events"] == 2


def test_the_map_overview_and_timeline_count_acled_events_only(db):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from strife.serve.app import create_app

    client = TestClient(create_app(db))
    assert client.get("/api/map").json()["in_view"] == 2
    assert client.get("/api/map", params={"family": "plover"}).json()["in_view"] == 2
    assert client.get("/api/map", params={"family": "all"}).json()["in_view"] == 4
