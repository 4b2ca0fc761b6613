"""The web map's aggregates: /api/map (points or grid cells), /api/timeline (a robust axis), /api/facets, the
table's order, and the ``event_points`` counts the store's triggers keep."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("fastapi", reason="the web app needs the serve extra: pip install 'strife[serve]'")
from fastapi.testclient import TestClient  # noqa: E402
from serve_fixtures import YANGON, analyst_results, build_store, coded_event, result  # noqa: E402

from strife.serve import mapdata  # noqa: E402
from strife.serve.app import create_app  # noqa: E402
from strife.store import Filters, Store  # noqa: E402


@pytest.fixture
def analyst_db(tmp_path):
    return build_store(tmp_path / "analyst.db", analyst_results())


@pytest.fixture
def client(analyst_db):
    return TestClient(create_app(analyst_db))


def test_map_few_events_come_one_by_one_with_the_unmapped_counted(client):
    body = client.get("/api/map", params={"zoom": 2}).json()
    assert body["mode"] == "points"
    assert body["in_view"] == len(body["points"]) == 14  # 15 events, one without a place
    assert body["unmapped"] == 1
    at_yangon = [p for p in body["points"] if (p["lat"], p["lon"]) == YANGON[3:5]]
    assert len(at_yangon) == 10 and {p["country"] for p in at_yangon} == {"MM"}


def test_map_many_events_come_as_grid_cells_that_split_as_the_zoom_grows(client, monkeypatch):
    monkeypatch.setattr(mapdata, "MAX_POINTS", 5)
    world = client.get("/api/map", params={"zoom": 2}).json()
    assert world["mode"] == "cells"
    assert sum(c["count"] for c in world["cells"]) == world["in_view"] == 14
    yangon = next(c for c in world["cells"] if c["count"] == 10)
    assert (yangon["lat"], yangon["lon"]) == pytest.approx(YANGON[3:5])
    assert yangon["killed"] == sum(range(1, 11))
    south, west, north, east = yangon["bounds"]
    assert south <= YANGON[3] <= north and west <= YANGON[4] <= east
    near_syria = client.get("/api/map", params={"zoom": 2, "bbox": "30,30,50,40"}).json()
    assert near_syria["mode"] == "points" and near_syria["in_view"] == 3  # Idlib, Mosul and the mis-dated one


def test_map_filters_apply_to_the_cells_and_the_points(client, monkeypatch):
    monkeypatch.setattr(mapdata, "MAX_POINTS", 5)
    by_country = client.get("/api/map", params={"zoom": 2, "country": "mm"}).json()
    assert by_country["mode"] == "cells" and by_country["in_view"] == 10
    since = client.get("/api/map", params={"zoom": 2, "since": "2024-05-01"}).json()  # not in event_points
    assert since["mode"] == "points" and since["in_view"] == 3  # Mosul, and Yangon on 7 and 19 May
    assert all(p["date"] >= "2024-05-01" for p in since["points"])


@pytest.mark.parametrize("bbox", ["1,2,3", "a,b,c,d", "10,0,5,1", "0,10,1,5", "nan,0,1,1"])
def test_map_bad_box_is_a_422_that_says_the_shape(client, bbox):
    response = client.get("/api/map", params={"bbox": bbox})
    assert response.status_code == 422
    assert "bbox" in response.json()["error"]


@pytest.mark.parametrize(("text", "expected"), [
    ("-200,-10,-170,10", mapdata.Box(-180, -10, 180, 10)),  # across the antimeridian: every longitude
    ("190,-10,200,10", mapdata.Box(-170, -10, -160, 10)),  # a world copy east of the first
    ("-540,-100,540,100", mapdata.Box()),
    ("10,20,30,40", mapdata.Box(10, 20, 30, 40)),
])
def test_map_box_wraps_longitudes_into_one_world(text, expected):
    assert mapdata.Box.parse(text) == expected


def test_timeline_keeps_its_axis_to_where_the_events_are(client):
    body = client.get("/api/timeline").json()
    assert (body["before"], body["after"], body["undated"]) == (1, 0, 0)  # the event of 2010
    assert sum(b["count"] for b in body["bins"]) == 14
    assert (body["range"], body["width"]) == (["2024-02-01", "2024-05-19"], "day")  # under 4 months: days
    starts = [dt.date.fromisoformat(b["start"]) for b in body["bins"]]
    assert all(b - a == dt.timedelta(days=1) for a, b in zip(starts, starts[1:], strict=False))


def test_timeline_ignores_its_own_dates_but_not_the_other_filters(client):
    everything = client.get("/api/timeline").json()
    assert client.get("/api/timeline", params={"since": "2024-05-01"}).json() == everything
    battles = client.get("/api/timeline", params={"type": "Battles"}).json()
    assert sum(b["count"] for b in battles["bins"]) + battles["before"] == 12


@pytest.mark.parametrize(("spread", "kept"), [(365 * 4, True), (200, False)])
def test_timeline_robust_range_keeps_a_spread_of_years_and_drops_a_far_outlier(spread, kept):
    start = dt.date(2020, 1, 1)
    days = [(start + dt.timedelta(days=d), 3) for d in range(0, spread, 5)]
    outlier = start - dt.timedelta(days=365 * 4)
    first, last = mapdata.robust_range([(outlier, 1), *days])
    assert (first == outlier) is kept
    assert last == days[-1][0]


def test_facets_name_countries_and_list_the_admin1_units_of_one(client):
    body = client.get("/api/facets", params={"country": "MM"}).json()
    assert body["total"] == 15
    countries = {c["code"]: c for c in body["countries"]}
    assert countries["MM"]["name"] == "Myanmar" and countries["MM"]["numeric"] == "104"
    assert countries["MM"]["count"] == 10 and countries["SY"]["name"] == "Syria"
    assert body["admin1"] == [{"name": "Yangon", "count": 10}]
    battles = next(t for t in body["types"] if t["name"] == "Battles")
    assert battles["count"] == 12 and battles["sub_types"] == [{"name": "Armed clash", "count": 12}]


def test_events_order_by_fatalities_puts_the_deadliest_first_and_no_toll_last(client):
    items = client.get("/api/events", params={"order": "fatalities", "limit": 100}).json()["items"]
    tolls = [i["fatalities"]["best"] for i in items]
    known = [t for t in tolls if t is not None]
    assert tolls[:len(known)] == sorted(known, reverse=True) and tolls[0] == 12
    assert client.get("/api/events", params={"order": "loudest"}).status_code == 422


def point_counts(db) -> dict:
    with Store(db, read_only=True) as store:
        return {tuple(r[:7]): (r["n"], r["killed"]) for r in store.db.execute("SELECT * FROM event_points")}


def test_event_points_follow_every_insert_replacement_and_deletion(analyst_db):
    with Store(analyst_db, read_only=True) as store:
        assert sum(n for n, _ in point_counts(analyst_db).values()) == store.count_events(Filters())
    yangon_key = (*YANGON[3:5], "MM", "Yangon", "Battles", "Armed clash", "unreviewed")
    assert point_counts(analyst_db)[yangon_key] == (10, 55)
    text = "Soldiers clashed with rebels in Yangon on Friday and 40 fighters were killed. Report 0, updated."
    changed = result("yangon-0", text, "2024-02-01", [coded_event(
        text, "yangon-0", 1, sub_type="Armed clash", event_type="Battles", day="2024-02-01", place=YANGON,
        actor="Soldiers", killed=40, killed_words="40 fighters")])
    with Store(analyst_db) as store:
        store.ingest([changed])  # a new version of an article replaces its event
    assert point_counts(analyst_db)[yangon_key] == (10, 55 - 1 + 40)
    with Store(analyst_db) as store:
        store.db.execute("UPDATE events SET country = 'XX' WHERE id = 'yangon-1#1'")
        store.db.execute("DELETE FROM events WHERE article_id LIKE 'yangon-%' AND id != 'yangon-1#1'")
    counts = point_counts(analyst_db)
    assert yangon_key not in counts  # no row of zero is left behind
    assert counts[(*YANGON[3:5], "XX", "Yangon", "Battles", "Armed clash", "unreviewed")] == (1, 2)


def test_a_rejected_event_leaves_the_map_and_the_choices_and_a_correction_moves_it(analyst_db):
    with Store(analyst_db) as store:
        store.review("strike-1#1", "rejected", by="analyst")
        store.review("yangon-0#1", "corrected", {"fatalities.best": 7}, by="analyst")
    client = TestClient(create_app(analyst_db))
    points = client.get("/api/map", params={"zoom": 2}).json()["points"]
    assert "strike-1#1" not in {p["id"] for p in points}
    assert next(p for p in points if p["id"] == "yangon-0#1")["fatalities_best"] == 7
    assert "SY" not in {c["code"] for c in client.get("/api/facets").json()["countries"]}  # Idlib's only event
    counts = point_counts(analyst_db)
    assert counts[(*YANGON[3:5], "MM", "Yangon", "Battles", "Armed clash", "corrected")] == (1, 7)


@pytest.mark.parametrize("filters", [Filters(), Filters(country="mm"), Filters(type="battles", admin1="yangon"),
                                     Filters(sub_type="Peaceful protest"), Filters(include_rejected=True),
                                     Filters(family="all"), Filters(since="2024-04-01")])
def test_count_from_event_points_is_the_stores_count(analyst_db, filters):
    with Store(analyst_db) as store:
        store.review("strike-1#1", "rejected", by="analyst")
    with Store(analyst_db, read_only=True) as store:
        assert mapdata.count_events(store, filters) == store.count_events(filters)
