"""The map page in a real browser: Debian's chromium driven by Playwright, against a server the test starts.

Every request the page makes is checked: anything not to the test server is refused and fails the test, so the
page is proven to work offline. Screenshots go to artifacts/serve/ (git-ignored).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytest.importorskip("fastapi", reason="the web app needs the serve extra: pip install 'strife[serve]'")
from serve_fixtures import build_store, live_server, many_results, sample_results  # noqa: E402

from strife.export import AREA_RADIUS_KM  # noqa: E402
from strife.serve.app import SWAGGER, create_app  # noqa: E402

CHROMIUM = os.environ.get("STRIFE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "serve"

sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright (make e2e-deps)")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason=f"browser tests need chromium at {CHROMIUM} (`make e2e-deps`)")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    db = build_store(tmp_path_factory.mktemp("serve") / "strife.db", sample_results())
    with live_server(create_app(db)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, base_url):
    """A fresh page on the map, loaded; fails the test if it asked for anything off the test server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    local = urlsplit(base_url).netloc

    def only_local(route):
        if urlsplit(route.request.url).netloc == local:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(base_url)
    page.wait_for_selector("body[data-ready=true]", timeout=15_000)
    yield page
    context.close()
    assert not outside, f"the page reached outside the server: {outside}"
    assert not errors, f"script errors: {errors}"


def shown(page) -> str:
    return page.text_content("#count")


def test_page_loads_with_markers_and_outlines(page):
    assert shown(page) == "3 of 3 events"
    assert page.get_attribute("#map", "data-markers") == "3"
    assert page.locator("#events tbody tr").count() == 3
    assert page.locator(".leaflet-overlay-pane canvas").count() >= 1  # outlines and events are drawn
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map.png"), full_page=True)


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("country", "SY", "1 of 3 events"),
    ("type", "Protests", "1 of 3 events"),
    ("verification", "claimed", "1 of 3 events"),
    ("min_fatalities", "5", "1 of 3 events"),
    ("actor", "SOLDIER", "1 of 3 events"),
    ("since", "2024-04-01", "2 of 3 events"),
])
def test_page_filter_changes_the_count_and_the_export(page, name, value, expected):
    field = page.locator(f"#filters [name={name}]")
    if field.evaluate("el => el.tagName") == "SELECT":
        field.select_option(value)
    else:
        field.fill(value)
    assert shown(page) == expected
    assert page.get_attribute("#map", "data-markers") == expected.split()[0]
    assert f"{name}=" in page.get_attribute("#export-csv", "href")


def test_page_clear_restores_every_event(page):
    page.select_option("#filters [name=country]", "SY")
    page.click("#filters button[type=reset]")
    # A locator assertion, not wait_for_function: the page's CSP (rightly) forbids the eval that needs.
    sync_api.expect(page.locator("#count")).to_have_text(re.compile(r"^3 of"))


def test_page_timeline_brush_filters_dates(page):
    box = page.locator("#histogram").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, y, steps=5)
    page.mouse.up()
    assert shown(page) == "1 of 3 events"
    assert page.input_value("#filters [name=since]") == "2024-03-04"
    page.mouse.click(box["x"] + box["width"] / 2, y)  # a click without a drag clears the brush
    assert shown(page) == "3 of 3 events"


def test_page_table_sorts_by_a_column(page):
    page.click("#events th[data-key=killed]")
    first = page.locator("#events tbody tr").first.get_attribute("data-id")
    page.click("#events th[data-key=killed]")
    last_first = page.locator("#events tbody tr").first.get_attribute("data-id")
    assert {first, last_first} == {"protest-1#1", "strike-1#1"}


def test_page_event_view_highlights_every_evidence_span(page):
    page.click("#events tbody tr[data-id='strike-1#1']")
    page.wait_for_selector("#detail mark.ev")
    labels = page.locator("#detail .span-label").all_text_contents()
    assert sorted(labels) == ["actor1", "event_type", "fatalities", "location"]
    assert page.text_content("#detail mark[data-fields~=fatalities]") == "killed 12 people"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "event.png"), full_page=False)


def test_page_region_event_is_drawn_as_an_approximate_area(page):
    page.click("#events tbody tr[data-id='protest-1#1']")
    page.wait_for_selector("#detail .approx-note")
    assert "(approx.)" in page.text_content("#events tbody tr[data-id='protest-1#1']")
    areas_m = page.evaluate("state.layer.getLayers().filter((l) => l instanceof L.Circle).map((l) => l.getRadius())")
    assert areas_m == [AREA_RADIUS_KM["region"] * 1000]  # the exports' radius, from /api/place-radii


def test_page_hostile_article_stays_text(page):
    page.click("#events tbody tr[data-id='hostile-1#1']")
    page.wait_for_selector("#detail mark.ev")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#detail img, #detail script").count() == 0
    assert "<script>window.__pwned=2</script>" in page.text_content("#detail .article-text")


@pytest.mark.skipif(not (SWAGGER / "swagger-ui-bundle.js").exists(), reason="make serve-assets builds it")
def test_page_api_docs_work_offline(page, base_url):
    page.goto(f"{base_url}/docs")
    page.wait_for_selector(".opblock", timeout=15_000)
    assert page.locator(".opblock").count() >= 6


@pytest.fixture
def measuring(request):
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("stores and draws 10,000 events (about a minute): run with -m slow")


@pytest.mark.slow
def test_page_draws_10000_events(browser, tmp_path, measuring):
    db = build_store(tmp_path / "big.db", many_results(10_000))
    with live_server(create_app(db)) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        page.wait_for_selector("body[data-ready=true]", timeout=60_000)
        ready = page.evaluate("window.strifeReady")
        assert ready["events"] == 10_000 and page.get_attribute("#map", "data-markers") == "10000"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "load-10k.json").write_text(json.dumps(ready))
        page.screenshot(path=str(ARTIFACTS / "map-10k.png"))
    assert ready["ms"] < 30_000


def test_page_incident_view_lists_its_reports(page):
    page.click("#events tbody tr[data-id='strike-1#1']")
    page.click("#detail a[data-incident]")
    page.wait_for_selector("#detail h2:has-text('Incident')")
    assert page.locator("#detail mark.ev").count() >= 4
