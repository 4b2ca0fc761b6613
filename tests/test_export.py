"""Export writers: ACLED codes, flat rows, GeoJSON, Parquet, JSONL; events and incidents."""

from __future__ import annotations

import csv
import io
import json

import pytest

from store_helpers import report
from strife.errors import StrifeError
from strife.export import (
    ACLED_COLUMNS,
    acled_event_row,
    acled_incident_row,
    geojson_feature,
    incident_row,
    interaction,
    write_export,
)
from strife.store import Store

STRIKE = "Warplanes struck a market in Northport on Saturday, killing 12 people."
STRIKE_B = "An air raid hit Northport's market, leaving 15 dead, a monitor said."


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "x.db") as s:
        s.ingest([
            report("a1", STRIKE, killed=12, actor2=("Civilians (Syria)", "Civilians")),
            report("b1", STRIKE_B, source="Outlet B", killed=15, published="2024-03-11"),
            report("c1", "Protesters marched in Lakeside on Friday.", sub_type="Peaceful protest",
                   event_type="Protests", place="Lakeside", actor1=("Protesters (Iraq)", "Protesters"),
                   date="2024-03-08"),
        ])
        yield s


@pytest.mark.parametrize(("inter1", "inter2", "expected"),
                         [(1, 7, 17), (7, 1, 17), (6, "", 60), ("", "", "")])
def test_export_interaction_code(inter1, inter2, expected):
    assert interaction(inter1, inter2) == expected


def test_export_acled_event_row_uses_acled_codes(store):
    row = acled_event_row(store.event("a1#0"))
    assert set(row) == set(ACLED_COLUMNS)
    assert (row["time_precision"], row["geo_precision"]) == (1, 1)
    assert (row["inter1"], row["inter2"], row["interaction"]) == (1, 7, 17)
    assert (row["country"], row["iso"], row["event_id_cnty"]) == ("Syrian Arab Republic", "760", "SYRa1#0")
    assert row["disorder_type"] == "Political violence" and row["fatalities"] == 12
    assert row["year"] == "2024" and isinstance(row["timestamp"], int)


def test_export_acled_incident_row_lists_every_outlet(store):
    incident = next(i for i in store.incidents() if i["n_articles"] == 2)
    row = acled_incident_row(incident)
    assert row["source"] == "Outlet A; Outlet B"
    assert row["fatalities"] == 12 and "12 to 15" in row["notes"]


@pytest.mark.parametrize(("precision", "code"), [("week", 2), ("month", 3), ("unknown", 3)])
def test_export_acled_time_precision(store, precision, code):
    record = {**store.event("a1#0"), "date_precision": precision}
    assert acled_event_row(record)["time_precision"] == code


def test_export_region_is_an_area_in_geojson():
    row = {"incident_id": 3, "latitude": 35.0, "longitude": 36.0, "geo_precision": "region"}
    feature = geojson_feature(row)
    assert feature["geometry"] == {"type": "Point", "coordinates": [36.0, 35.0]}
    assert feature["properties"]["radius_km"] > 10
    assert geojson_feature({"event_id": "x", "latitude": None, "longitude": None})["geometry"] is None


@pytest.mark.parametrize("incidents", [False, True])
@pytest.mark.parametrize("fmt", ["csv", "acled-csv"])
def test_export_csv_has_a_row_per_record(store, fmt, incidents):
    out = io.StringIO()
    records = store.iter_incidents() if incidents else store.iter_events()
    n = write_export(records, fmt, out, incidents=incidents)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == n == (2 if incidents else 3)


def test_export_geojson_is_a_feature_collection(store):
    out = io.StringIO()
    write_export(store.iter_incidents(), "geojson", out, incidents=True)
    data = json.loads(out.getvalue())
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 2
    assert all(f["properties"]["geo_precision"] == "city" for f in data["features"])


def test_export_jsonl_events_are_schema_records(store):
    out = io.StringIO()
    write_export(store.iter_events(), "jsonl", out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {r["article_id"] for r in records} == {"a1", "b1", "c1"}
    assert all("incident_id" in r and r["evidence"] for r in records)


def test_export_incident_row_flattens_sources(store):
    incident = next(i for i in store.incidents() if i["n_articles"] == 2)
    row = incident_row(incident)
    assert row["article_ids"] == "a1; b1" and row["fatalities_high"] == 15


def test_export_parquet_round_trips(store, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "x.parquet"
    assert write_export(store.iter_incidents(), "parquet", path=path, incidents=True) == 2
    table = pq.read_table(path)
    assert table.num_rows == 2 and str(table.schema.field("fatalities").type) == "int64"


def test_export_parquet_needs_a_file(store):
    with pytest.raises(StrifeError, match="-o FILE"):
        write_export(store.iter_events(), "parquet")


def test_export_unknown_format_is_an_error():
    with pytest.raises(StrifeError, match="acled-csv"):
        write_export([], "xml", io.StringIO())


@pytest.mark.parametrize("fmt", ["csv", "acled-csv"])
@pytest.mark.parametrize("incidents", [False, True])
def test_export_csv_has_each_records_review_status(store, fmt, incidents):
    store.review("a1#0", "corrected", {"fatalities.best": 9})
    out = io.StringIO()
    records = store.iter_incidents() if incidents else store.iter_events()
    write_export(records, fmt, out, incidents=incidents)
    statuses = [r["review_status"] for r in csv.DictReader(io.StringIO(out.getvalue()))]
    assert sorted(statuses) == (["unreviewed", "unreviewed"] if incidents else
                                ["corrected", "unreviewed", "unreviewed"])


@pytest.mark.parametrize("fmt", ["csv", "acled-csv"])
@pytest.mark.parametrize("hostile", ['=HYPERLINK("http://x.example","click")', "+1+2", "-2+3", "@SUM(A1)"])
def test_export_csv_text_cells_never_start_a_formula(tmp_path, fmt, hostile):
    with Store(tmp_path / "f.db") as s:
        s.ingest([report("f1", STRIKE, source=hostile, killed=3, place="Lakeside")])
        out = io.StringIO()
        write_export(s.iter_events(), fmt, out)
    [row] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["source"] == "'" + hostile
    assert float(row["longitude"]) == 44.0 and row["fatalities"] == "3"  # numbers stay numbers
