"""``make bench-map``: the web map on a database of 1,000,000 events.

Builds the database quickly, without the pipeline: bulk SQL inserts into the store's own tables (schema and
indexes from ``strife.store``), one article per ``EVENTS_PER_ARTICLE`` events, each event at one of the
gazetteer's most populous towns (as strife geocodes them: many events share a point), over five years, a few
mis-dated outliers among them. Then it starts ``strife serve`` on it and measures, on a cold server:
  (a) the first API page: ``GET /api/events`` (100 rows with the total count), wall time of the request;
  (b) the map page's time to first render in headless chromium: from navigation to the page marking itself
      ready (map aggregates, timeline, facets and the first table page fetched and drawn).
Each with the CPU seconds the server spent (it runs in this process) and the machine's load average, since on a
shared machine wall time measures the other processes too.
Targets (issue 22): (a) < 0.5 s, (b) < 3 s. Prints ``name: value`` lines; exit status 1 when a target is
missed.

    .venv/bin/python benchmarks/map_bench.py [--events N] [--db FILE] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "serve"))  # the browser tests' server helper

EVENTS_PER_ARTICLE = 4
PLACES = 20_000
TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"),
         ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest"),
         ("Riots", "Violent demonstration"), ("Strategic developments", "Arrests")]
ACTORS = ["Military Forces", "Police Forces", "Rebels", "Protesters", "Unidentified Armed Group", "Civilians"]
VERIFICATIONS = ["reported", "reported", "reported", "claimed", "disputed", "unverified"]
TARGET_API_S = 0.5
TARGET_PAGE_S = 3.0


def towns(count: int) -> list[tuple]:
    """The gazetteer's most populous towns: (name, country, admin1, lat, lon); random points without one."""
    from strife.gazetteer import default_path

    path = default_path()
    if path.exists():
        with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as con:
            rows = con.execute("SELECT name, country, admin1, lat, lon FROM places WHERE kind = 'city' "
                               "AND lat IS NOT NULL ORDER BY population DESC LIMIT ?", (count,)).fetchall()
        if rows:
            return rows
    rng = random.Random(1)
    return [(f"Town {i}", "XX", None, rng.uniform(-40, 60), rng.uniform(-20, 120)) for i in range(count)]


def event_rows(n: int, places: list[tuple], rng: random.Random):
    """``n`` (event row, article row or None) pairs, ready for executemany."""
    start = dt.date(2020, 1, 1)
    for i in range(n):
        article_id = f"bench-{i // EVENTS_PER_ARTICLE}"
        name, country, admin1, lat, lon = places[min(int(rng.paretovariate(1.1)) - 1, len(places) - 1)
                                                 if i % 3 else rng.randrange(len(places))]
        event_type, sub_type = TYPES[i % len(TYPES)]
        outlier = i % 250_000 == 17
        day = (dt.date(2009, 6, 1) if outlier else start + dt.timedelta(days=rng.randrange(5 * 365))).isoformat()
        killed = rng.choice([None, 0, 0, 1, 2, 3, 5, 8, 13, 40])
        actor1, actor2 = rng.choice(ACTORS), rng.choice(ACTORS + [None])
        verification = VERIFICATIONS[i % len(VERIFICATIONS)]
        confidence = round(rng.uniform(0.3, 0.99), 2)
        event_id = f"{article_id}#{i % EVENTS_PER_ARTICLE + 1}"
        location = {"mention": name, "name": name, "admin1": admin1, "admin2": None, "country": country,
                    "lat": lat, "lon": lon, "precision": "city", "gazetteer_id": None}
        record = {"id": event_id, "article_id": article_id, "event_type": event_type, "sub_event_type": sub_type,
                  "plover_type": None, "date": day, "date_end": None, "date_precision": "day",
                  "location": location,
                  "actor1": {"mention": actor1, "name": actor1, "type": None, "country": country},
                  "actor2": actor2 and {"mention": actor2, "name": actor2, "type": None, "country": country},
                  "fatalities": {"best": killed, "low": killed, "high": killed, "mention": None},
                  "injured": None, "civilian_targeting": False, "reported_by": [], "verification": verification,
                  "evidence": [], "confidence": confidence, "source": "bench wire"}
        event = (event_id, article_id, 1, event_type, sub_type, day, country, admin1, name, lat, lon, "city",
                 actor1, actor2, killed, killed, killed, verification, confidence, "bench wire", day,
                 json.dumps(record))
        article = ((article_id, 1, "ok", "bench wire", f"Report {i // EVENTS_PER_ARTICLE}", day,
                    f"Report {i // EVENTS_PER_ARTICLE}: {sub_type} in {name}.", "2026-01-01T00:00:00+00:00")
                   if i % EVENTS_PER_ARTICLE == 0 else None)
        yield event, article


def build(path: Path, n: int) -> float:
    """A store at ``path`` holding ``n`` synthetic events; returns the seconds it took."""
    from strife.store import Store

    began = time.perf_counter()
    Store(path).close()  # the schema, every migration and index
    con = sqlite3.connect(path, isolation_level=None)
    con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;")
    rng = random.Random(22)
    places = towns(PLACES)
    rows = event_rows(n, places, rng)
    con.execute("BEGIN")
    while batch := [next(rows, None) for _ in range(50_000)]:
        batch = [b for b in batch if b]
        if not batch:
            break
        con.executemany("INSERT INTO articles (id, version, status, source, title, published, clean_text, "
                        "ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [a for _, a in batch if a])
        con.executemany("INSERT INTO events (id, article_id, article_version, event_type, sub_event_type, date, "
                        "country, admin1, place_name, lat, lon, geo_precision, actor1, actor2, fatalities_best, "
                        "fatalities_low, fatalities_high, verification, confidence, source, published, record) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [e for e, _ in batch])
    con.execute("COMMIT")
    con.execute("ANALYZE")
    con.close()
    return time.perf_counter() - began


def first_api_page(base_url: str) -> tuple[float, float]:
    """Wall seconds of the first page of events (100, with the total), and the CPU seconds this process (the
    server runs in it) spent on it."""
    import httpx

    began, cpu = time.perf_counter(), time.process_time()
    response = httpx.get(f"{base_url}/api/events?limit=100", timeout=60, trust_env=False)
    response.raise_for_status()
    assert len(response.json()["items"]) == 100
    return time.perf_counter() - began, time.process_time() - cpu


def first_render(base_url: str) -> tuple[float, float, dict]:
    """Wall seconds from navigation to the page's ``data-ready`` in headless chromium, the CPU seconds the server
    spent meanwhile, and what the page says."""
    from playwright.sync_api import sync_playwright
    from test_page import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        began, cpu = time.perf_counter(), time.process_time()
        page.goto(base_url)
        page.wait_for_selector("body[data-ready=true]", timeout=60_000)
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
        ready = page.evaluate("window.strifeReady")
        browser.close()
    return seconds, cpu, ready


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="build (or reuse, when it exists) this database")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    args = parser.parse_args(argv)
    from serve_fixtures import live_server

    from strife.serve.app import create_app

    workdir = Path(tempfile.mkdtemp(prefix="strife-map-bench-"))
    db = args.db or workdir / "bench.db"
    try:
        if not db.exists():
            print(f"build_{args.events}_events_s: {build(db, args.events):.1f}", flush=True)
        print(f"db_size_mb: {db.stat().st_size / 1e6:.0f}")
        with live_server(create_app(db)) as url:
            api_s, api_cpu = first_api_page(url)
            page_s, page_cpu, ready = first_render(url)
        print(f"first_api_page_s: {api_s:.3f} (target < {TARGET_API_S}); server CPU: {api_cpu:.3f} s")
        print(f"map_first_render_s: {page_s:.3f} (target < {TARGET_PAGE_S}); server CPU: {page_cpu:.3f} s")
        print(f"map_page_says: {json.dumps(ready)}")
        print(f"load_average_1min: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall times grow with it)")
        return 0 if api_s < TARGET_API_S and page_s < TARGET_PAGE_S else 1
    finally:
        if args.keep:
            print(f"database kept at {db}")
        elif not args.db:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
