"""The REST API over a temporary store: filters, pages, exports, detail views, errors and limits."""

from __future__ import annotations

import csv
import io
import json

import pytest

pytest.importorskip("fastapi", reason="the web app needs the serve extra: pip install 'strife[serve]'")
from fastapi.testclient import TestClient  # noqa: E402
from serve_fixtures import HOSTILE, coded_event  # noqa: E402

from strife.errors import StrifeError  # noqa: E402
from strife.export import AREA_RADIUS_KM  # noqa: E402
from strife.pipeline import Result  # noqa: E402
from strife.records import CleanText  # noqa: E402
from strife.serve import app as serve_app  # noqa: E402
from strife.serve.app import create_app  # noqa: E402
from strife.store import Store  # noqa: E402


@pytest.fixture
def client(db):
    return TestClient(create_app(db))


def assert_spans_exact(record: dict, text: str) -> None:
    for span in record["evidence"]:
        assert text[span["start"]:span["end"]] == span["text"], span


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return sorted(item["id"] for item in response.json()["items"])


def test_app_events_lists_every_event_with_its_total(client):
    body = client.get("/api/events").json()
    assert body["total"] == 3
    assert {e["id"] for e in body["items"]} == {"strike-1#1", "protest-1#1", "hostile-1#1"}
    assert all(e["evidence"] for e in body["items"])


@pytest.mark.parametrize(("query", "expected"), [
    ("country=sy", ["strike-1#1"]),
    ("type=Protests", ["protest-1#1"]),
    ("sub_type=Armed clash", ["hostile-1#1"]),
    ("actor=government", ["strike-1#1"]),
    ("min_fatalities=5", ["strike-1#1"]),
    ("min_fatalities=0", ["hostile-1#1", "strike-1#1"]),
    ("verification=claimed", ["hostile-1#1"]),
    ("since=2024-04-01", ["hostile-1#1", "protest-1#1"]),
    ("until=2024-04-01", ["strike-1#1"]),
    ("since=2024-04-01&until=2024-04-30", ["protest-1#1"]),
    ("near=36.0,36.7,30", ["strike-1#1"]),
    ("near=0,0,10", []),
])
def test_app_events_filters(client, query, expected):
    assert ids(client.get(f"/api/events?{query}")) == expected


def test_app_events_pages(client):
    first = client.get("/api/events?limit=2").json()
    second = client.get("/api/events?limit=2&offset=2").json()
    assert first["total"] == second["total"] == 3
    assert len(first["items"]) == 2 and len(second["items"]) == 1
    assert not {e["id"] for e in first["items"]} & {e["id"] for e in second["items"]}


def test_app_events_without_evidence_drops_only_the_spans(client):
    item = client.get("/api/events?evidence=false&limit=1").json()["items"][0]
    assert "evidence" not in item and item["location"]["lat"] is not None


@pytest.mark.parametrize(("query", "named"), [
    ("country=Syria", "country"),
    ("since=yesterday", "since"),
    ("until=2024-13-01", "until"),
    ("near=36,37", "near"),
    ("near=95,37,10", "near"),
    ("min_fatalities=-1", "min_fatalities"),
    ("min_fatalities=many", "min_fatalities"),
    ("verification=rumour", "verification"),
    ("limit=0", "limit"),
    (f"limit={serve_app.MAX_PAGE + 1}", "limit"),
    ("offset=-5", "offset"),
    ("format=xml", "format"),
    ("actor=" + "x" * 500, "actor"),
])
def test_app_bad_queries_get_a_clear_422(client, query, named):
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 422
    error = response.json()["error"]
    assert named in error and "Traceback" not in error


def test_app_event_view_has_article_text_and_exact_spans(client):
    body = client.get("/api/events/strike-1%231").json()
    assert body["event"]["id"] == "strike-1#1"
    assert_spans_exact(body["event"], body["article"]["text"])
    assert {s["field"] for s in body["event"]["evidence"]} >= {"event_type", "location", "fatalities"}
    assert body["incident"]["sources"][0]["article_id"] == "strike-1"


def test_app_incident_view_has_members_and_their_articles(client):
    incident_id = client.get("/api/incidents?country=IQ").json()["items"][0]["id"]
    body = client.get(f"/api/incidents/{incident_id}").json()
    member = body["incident"]["members"][0]
    assert member["id"] == "hostile-1#1"
    assert_spans_exact(member, body["articles"]["hostile-1"]["text"])


def test_app_article_keeps_hostile_text_as_data(client):
    body = client.get("/api/articles/hostile-1").json()
    assert HOSTILE in body["text"]


@pytest.mark.parametrize("path", ["/api/events/nope", "/api/incidents/9999", "/api/articles/nope"])
def test_app_unknown_ids_get_404(client, path):
    response = client.get(path)
    assert response.status_code == 404 and "no " in response.json()["error"]


def test_app_incident_id_must_be_a_number(client):
    assert client.get("/api/incidents/abc").status_code == 422


def test_app_stats_count_the_store(client):
    stats = client.get("/api/stats").json()
    assert stats["events"] == 3 and stats["events_by_country"] == {"IQ": 1, "NG": 1, "SY": 1}


def test_app_place_radii_are_the_exports(client):
    assert client.get("/api/place-radii").json() == AREA_RADIUS_KM


def test_app_csv_export_has_every_match_of_the_filters(client):
    response = client.get("/api/events?format=csv&min_fatalities=1")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert sorted(r["event_id"] for r in rows) == ["hostile-1#1", "strike-1#1"]
    assert {r["fatalities"] for r in rows} == {"3", "12"}


def test_app_geojson_export_places_points_lon_lat(client):
    collection = json.loads(client.get("/api/events?format=geojson&country=SY").text)
    assert collection["type"] == "FeatureCollection"
    (feature,) = collection["features"]
    assert feature["geometry"]["coordinates"] == [36.63, 35.93]
    assert feature["properties"]["geo_precision"] == "city"


@pytest.mark.parametrize("kind, fmt", [("events", "csv"), ("incidents", "csv"), ("events", "geojson")])
def test_app_exports_match_the_store_export_command(client, db, kind, fmt):
    """The web app and `strife store export` write the same rows: one layout, not two."""
    from strife.export import write_export
    from strife.store import Filters

    out = io.StringIO()
    with Store(db, read_only=True) as store:
        records = store.iter_incidents(Filters()) if kind == "incidents" else store.iter_events(Filters())
        write_export(records, fmt, out, incidents=kind == "incidents")
    assert client.get(f"/api/{kind}?format={fmt}").text == out.getvalue()


def test_app_incident_exports(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/api/incidents?format=csv").text)))
    assert len(rows) == 3 and all(r["incident_id"] for r in rows)
    collection = json.loads(client.get("/api/incidents?format=geojson&type=Protests").text)
    assert collection["features"][0]["properties"]["geo_precision"] == "region"


def test_app_answers_carry_security_headers(client):
    for path in ("/", "/api/events", "/api/events/nope"):
        headers = client.get(path).headers
        assert "default-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


def test_app_page_and_its_vendored_assets_are_served(client):
    assert "<div id=\"detail-body\">" in client.get("/").text
    for asset in ("/static/app.js", "/static/vendor/leaflet/leaflet.js",
                  "/static/vendor/world-atlas/countries-110m.json"):
        assert client.get(asset).status_code == 200, asset


def test_app_openapi_describes_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/events", "/api/incidents", "/api/stats", "/api/extract"} <= paths.keys()


def test_app_refuses_a_missing_database(tmp_path):
    with pytest.raises(StrifeError, match="no database"):
        create_app(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()


# --- POST /api/extract ------------------------------------------------------------------------------------

class FakePipeline:
    """Codes one event in any text that mentions an air strike (no model needed)."""

    def run(self, articles):
        for article in articles:
            clean = CleanText(article_id=article.id, text=article.text, source=article.source)
            events = ()
            if "air strike" in article.text:
                events = (coded_event(article.text, article.id, 1, sub_type="Air/drone strike",
                                      event_type="Explosions/Remote violence", day="2024-06-01",
                                      place=("Idlib", "Idlib", "SY", 35.9, 36.6, "city"), actor="Jets"),)
            yield Result(article.id, clean, events)


@pytest.fixture
def fake_pipeline(monkeypatch):
    monkeypatch.setattr("strife.api.default_pipeline", FakePipeline)


ARTICLE = "Jets carried out an air strike on Idlib on Saturday, residents said."


def test_app_extract_returns_events_and_the_text_they_index(client, fake_pipeline):
    body = client.post("/api/extract", json={"text": ARTICLE, "published": "2024-06-02"}).json()
    assert body["stored"] is False
    (event,) = body["events"]
    assert_spans_exact(event, body["text"])


def test_app_extract_stores_only_when_allowed_and_asked(db, fake_pipeline):
    request = {"text": ARTICLE, "id": "posted-1", "store": True}
    auth = {"Authorization": "Bearer t0ken"}
    assert TestClient(create_app(db)).post("/api/extract", json=request, headers=auth).status_code == 403
    response = TestClient(create_app(db, allow_writes=True, token="t0ken")).post("/api/extract", json=request,
                                                                                 headers=auth)
    assert response.status_code == 200 and response.json()["stored"] is True
    with Store(db, read_only=True) as store:
        assert store.article("posted-1")["text"] == ARTICLE


@pytest.mark.parametrize(("body", "message"), [
    ({}, "exactly one"),
    ({"text": "a", "html": "<p>a</p>"}, "exactly one"),
    ({"text": "   "}, "empty"),
    ({"text": "x", "published": "soon"}, "published"),
    ({"text": "x", "id": "../../etc"}, "id"),
    ({"text": 42}, "text"),
])
def test_app_extract_rejects_malformed_bodies(client, body, message):
    response = client.post("/api/extract", json=body)
    assert response.status_code == 422 and message in response.json()["error"]


def test_app_extract_rejects_broken_json(client):
    response = client.post("/api/extract", content=b'{"text": ', headers={"Content-Type": "application/json"})
    assert response.status_code == 422 and "JSON" in response.json()["error"]


def streamed(data: bytes):
    """A body sent in chunks without a Content-Length (chunked transfer)."""
    yield from (data[i:i + 100] for i in range(0, len(data), 100))


@pytest.mark.parametrize("chunked", [False, True], ids=["declared", "streamed"])
def test_app_extract_rejects_oversized_bodies(db, chunked):
    client = TestClient(create_app(db, max_body=1000))
    data = json.dumps({"text": "word " * 1000}).encode()
    response = client.post("/api/extract", content=streamed(data) if chunked else data,
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and "limit of 1000 bytes" in response.json()["error"]


def test_app_extract_html_without_article_is_422(client, fake_pipeline):
    response = client.post("/api/extract", json={"html": "<html><body><nav>Home</nav></body></html>"})
    assert response.status_code == 422 and "no article" in response.json()["error"]


def test_app_reads_never_change_the_database(db, client):
    before = db.read_bytes()
    paths = ("/api/events", "/api/incidents", "/api/stats", "/api/events?format=csv", "/api/articles/x")
    for path in paths:
        assert client.get(path).status_code in (200, 404)
    assert db.read_bytes() == before


PAGE = ("<html><head><title>Shelling in a border town</title></head><body><nav>Home | World</nav><article>"
        "<h1>Shelling in a border town</h1><p>An air strike hit the main square of Idlib on Sunday "
        "morning, and local officials said the damage to the market and two schools was heavy. Jets "
        "returned in the afternoon, witnesses told reporters.</p></article></body></html>")


def test_app_extract_reads_html_pages(client, fake_pipeline):
    response = client.post("/api/extract", json={"html": PAGE, "source": "Border Post"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "Home | World" not in body["text"] and body["text"].startswith("Shelling in a border town")
    assert body["events"][0]["location"]["name"] == "Idlib"
