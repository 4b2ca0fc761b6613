"""Reviews over HTTP and a server safe to share: bearer-token writes, the review queue, the Host check, numbers
out of range, literal text filters; every case a 4xx, never a 500, and no traceback in the log."""

from __future__ import annotations

import logging

import pytest

pytest.importorskip("fastapi", reason="the web app needs the serve extra: pip install 'strife[serve]'")
from fastapi.testclient import TestClient  # noqa: E402

from strife.serve.app import create_app, host_name, served_hosts  # noqa: E402
from strife.store import Store  # noqa: E402

TOKEN = "test-token-1"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def writable(db):
    return TestClient(create_app(db, allow_writes=True, token=TOKEN))


@pytest.fixture(autouse=True)
def no_traceback(caplog):
    """Whatever a test sends, the server logs no error and no traceback."""
    caplog.set_level(logging.DEBUG)
    yield
    bad = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR or "Traceback" in r.getMessage()]
    assert not bad, [r.getMessage() for r in bad]


def test_review_api_confirms_with_the_token_only(db, writable):
    path, body = "/api/events/strike-1#1/review", {"status": "confirmed", "by": "ana"}
    assert writable.post(path.replace("#", "%23"), json=body).status_code == 401
    assert writable.post(path.replace("#", "%23"), json=body,
                         headers={"Authorization": "Bearer nope"}).status_code == 403
    assert TestClient(create_app(db)).post(path.replace("#", "%23"), json=body, headers=AUTH).status_code == 403
    response = writable.post(path.replace("#", "%23"), json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["event"]["review_status"] == "confirmed"
    assert [(r["by"], r["status"]) for r in answer["reviews"]] == [("ana", "confirmed")]
    with Store(db, read_only=True) as store:
        assert store.event("strike-1#1")["review_status"] == "confirmed"


def test_review_api_unauthorised_says_how_to_authenticate(writable):
    response = writable.post("/api/events/strike-1%231/review", json={"status": "confirmed"})
    assert response.headers["WWW-Authenticate"] == "Bearer" and "Bearer" in response.json()["error"]


def test_review_api_corrects_and_rejects(writable):
    corrected = writable.post("/api/events/strike-1%231/review", headers=AUTH, json={
        "status": "corrected", "set": {"fatalities.best": 7, "civilian_targeting": True}, "note": "MSF"}).json()
    assert corrected["event"]["fatalities"]["best"] == 7 and corrected["event"]["civilian_targeting"] is True
    assert corrected["reviews"][0]["changes"]["fatalities.best"] == [12, 7]
    assert writable.post("/api/events/protest-1%231/review", headers=AUTH,
                         json={"status": "rejected"}).status_code == 200
    listed = {e["id"] for e in writable.get("/api/events").json()["items"]}
    assert listed == {"strike-1#1", "hostile-1#1"}
    everything = writable.get("/api/events?include_rejected=true").json()
    assert everything["total"] == 3
    detail = writable.get("/api/events/strike-1%231").json()
    assert detail["reviews"][0]["note"] == "MSF" and detail["event"]["review_status"] == "corrected"
    log = writable.get("/api/reviews?status=rejected").json()["items"]
    assert [e["event_id"] for e in log] == ["protest-1#1"]


@pytest.mark.parametrize(("body", "status", "message"), [
    ({"status": "corrected", "set": {"toll": 7}}, 422, "FIELD one of"),
    ({"status": "corrected", "set": {"fatalities.best": "many"}}, 422, "whole number"),
    ({"status": "corrected"}, 422, "status corrected"),
    ({"status": "fine"}, 422, "status"),
    ({}, 422, "status"),
])
def test_review_api_refuses_bad_reviews(writable, body, status, message):
    response = writable.post("/api/events/strike-1%231/review", headers=AUTH, json=body)
    assert response.status_code == status and message in response.json()["error"]


def test_review_api_unknown_event_is_404(writable):
    assert writable.post("/api/events/nope%231/review", headers=AUTH, json={"status": "confirmed"}).status_code == 404


def test_review_api_splits_and_merges_incidents_with_the_token(db, writable):
    with Store(db) as store:  # put two events into one incident to split it
        store.merge(store.event("strike-1#1")["incident_id"], store.event("protest-1#1")["incident_id"])
        joined = store.event("strike-1#1")["incident_id"]
    assert writable.post(f"/api/incidents/{joined}/split", json={}).status_code == 401
    parts = writable.post(f"/api/incidents/{joined}/split", headers=AUTH, json={"by": "ana"}).json()["incidents"]
    assert len(parts) == 2
    merged = writable.post(f"/api/incidents/{parts[0]}/merge", headers=AUTH,
                           json={"other": parts[1], "note": "one"}).json()
    assert merged["incident"]["n_events"] == 2
    assert [e["action"] for e in writable.get("/api/reviews").json()["items"]] == ["merge", "split", "merge"]


def test_review_api_extract_stores_only_with_the_token(db, writable, monkeypatch):
    from test_app import FakePipeline

    monkeypatch.setattr("strife.api.default_pipeline", FakePipeline)
    request = {"text": "Jets carried out an air strike on Idlib.", "id": "posted-2", "store": True}
    assert writable.post("/api/extract", json=request).status_code == 401
    assert writable.post("/api/extract", json={**request, "store": False}).status_code == 200
    assert writable.post("/api/extract", json=request, headers=AUTH).json()["stored"] is True


@pytest.mark.parametrize(("order", "first"), [
    ("confidence", None), ("deaths", "strike-1#1"), ("reports", "strike-1#1")])
def test_review_api_queue_orders_unreviewed_events(db, writable, order, first):
    with Store(db) as store:
        store.db.execute("UPDATE events SET confidence = 0.3 WHERE id = 'hostile-1#1'")
    writable.post("/api/events/protest-1%231/review", headers=AUTH, json={"status": "confirmed"})
    body = writable.get(f"/api/review-queue?order={order}").json()
    assert body["total"] == 2 and "protest-1#1" not in {e["id"] for e in body["items"]}
    assert body["items"][0]["id"] == (first or "hostile-1#1")


# --- hardening --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.2"])
def test_review_api_refuses_foreign_host_names(db, host):
    client = TestClient(create_app(db, hosts=served_hosts("127.0.0.1")), base_url="http://127.0.0.1:8000")
    assert client.get("/api/stats").status_code == 200
    assert client.get("/api/stats", headers={"Host": "localhost:8000"}).status_code == 200
    response = client.get("/api/stats", headers={"Host": host})
    assert response.status_code == 400 and "host name" in response.json()["error"]


def test_review_api_host_names():
    assert host_name("[::1]:8000") == "::1" and host_name("Example.org:80") == "example.org"
    assert served_hosts("10.0.0.5", ["maps.example.org"]) == {"10.0.0.5", "maps.example.org"}
    import socket

    everywhere = served_hosts("0.0.0.0")
    assert {"localhost", "127.0.0.1", socket.gethostname().lower()} <= everywhere


@pytest.mark.parametrize("path", [
    "/api/events?offset=99999999999999999999",
    "/api/incidents?offset=99999999999999999999",
    "/api/events?format=csv&offset=99999999999999999999",
    "/api/events?min_fatalities=99999999999999999999",
    "/api/incidents/99999999999999999999",
    "/api/review-queue?offset=99999999999999999999",
])
def test_review_api_numbers_out_of_range_are_4xx(writable, path):
    response = writable.get(path)
    assert 400 <= response.status_code < 500, (path, response.status_code)
    assert "error" in response.json()


def test_review_api_huge_ids_in_writes_are_4xx(writable):
    big = "99999999999999999999"
    assert writable.post(f"/api/incidents/{big}/split", headers=AUTH, json={}).status_code == 422
    assert writable.post("/api/incidents/1/merge", headers=AUTH, json={"other": int(big)}).status_code == 422


def test_review_api_the_largest_offset_is_an_empty_page(writable):
    body = writable.get(f"/api/events?offset={2 ** 63 - 1}").json()
    assert body["items"] == [] and body["total"] == 3


@pytest.mark.parametrize(("actor", "expected"), [("%", 0), ("_", 0), ("Govern%", 0), ("Government", 1)])
def test_review_api_text_filters_take_percent_and_underscore_literally(writable, actor, expected):
    assert writable.get("/api/events", params={"actor": actor}).json()["total"] == expected
    assert writable.get("/api/incidents", params={"actor": actor}).json()["total"] == expected


def test_review_api_openapi_describes_the_review_and_the_token(writable):
    spec = writable.get("/openapi.json").json()
    review = spec["paths"]["/api/events/{event_id}/review"]["post"]
    assert {"200", "401", "403", "404"} <= review["responses"].keys()
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
    assert "/api/review-queue" in spec["paths"]


@pytest.mark.parametrize("from_env", [False, True])
def test_review_api_serve_allow_writes_takes_or_makes_a_token(db, monkeypatch, capsys, from_env):
    from strife.cli import main

    served = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **options: served.update(app=app, **options))
    if from_env:
        monkeypatch.setenv("STRIFE_TOKEN", "chosen-token")
    else:
        monkeypatch.delenv("STRIFE_TOKEN", raising=False)
    assert main(["serve", "--db", str(db), "--allow-writes", "--port", "8123"]) == 0
    err = capsys.readouterr().err
    token = "chosen-token" if from_env else err.split("Bearer ")[1].split("`")[0]
    assert ("Bearer" in err) is not from_env and len(token) >= 12
    client = TestClient(served["app"], base_url="http://localhost:8123")
    review = {"status": "confirmed", "by": "ana"}
    assert client.post("/api/events/strike-1%231/review", json=review).status_code == 401
    ok = client.post("/api/events/strike-1%231/review", json=review, headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200
    assert client.get("/api/stats", headers={"Host": "rebound.example"}).status_code == 400


def test_review_api_csv_export_escapes_formulas(tmp_path):
    from store_helpers import report

    with Store(tmp_path / "f.db") as store:
        store.ingest([report("f1", "Jets struck Northport.", source="=HYPERLINK(\"http://x.example\")", killed=2)])
    body = TestClient(create_app(tmp_path / "f.db")).get("/api/events?format=csv").text
    assert "'=HYPERLINK" in body and ",=HYPERLINK" not in body


def test_review_api_live_server_logs_no_traceback_for_hostile_requests(db, caplog):
    import httpx
    from serve_fixtures import live_server

    app = create_app(db, allow_writes=True, token=TOKEN, hosts=served_hosts("127.0.0.1"))
    with live_server(app) as url:
        statuses = [httpx.get(f"{url}{path}", timeout=10).status_code for path in (
            "/api/events?offset=99999999999999999999", "/api/incidents/99999999999999999999",
            "/api/events?actor=%25_")]
        statuses.append(httpx.get(f"{url}/api/stats", headers={"Host": "evil.example"}, timeout=10).status_code)
        statuses.append(httpx.post(f"{url}/api/events/strike-1%231/review", json={"status": "rejected"},
                                   timeout=10).status_code)
    assert statuses == [422, 422, 200, 400, 401]
    server_log = [r for r in caplog.records if r.name.startswith(("uvicorn", "strife"))]
    assert not [r for r in server_log if r.exc_info or r.levelno >= logging.WARNING]  # (and `no_traceback`)


def test_review_api_describes_the_fields_a_review_sets(db, writable):
    body = writable.get("/api/review-fields").json()
    assert body["writes"] is True and body["statuses"] == ["confirmed", "corrected", "rejected"]
    assert "Air/drone strike" in body["fields"]["sub_event_type"]["choices"]
    assert body["fields"]["fatalities.best"] == {"kind": "count", "nullable": True}
    assert "Civilians" in body["fields"]["actor2.type"]["choices"]
    assert TestClient(create_app(db)).get("/api/review-fields").json()["writes"] is False
