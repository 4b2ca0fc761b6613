"""The map page in a real browser: Debian's chromium driven by Playwright, against a server the test starts.

Every request the page makes is checked: anything not to the test server is refused and fails the test, so the
page is proven to work offline. Screenshots go to artifacts/serve/ (git-ignored).
"""

from __future__ import annotations

import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytest.importorskip("fastapi", reason="the web app needs the serve extra: pip install 'strife[serve]'")
from serve_fixtures import analyst_results, build_store, live_server, many_results, sample_results  # noqa: E402

from strife.export import AREA_RADIUS_KM  # noqa: E402
from strife.serve import mapdata  # noqa: E402
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


@pytest.fixture(scope="module")
def analyst_url(tmp_path_factory):
    """A store with what an analyst met: ten events at one point, one unmapped, one mis-dated by years."""
    db = build_store(tmp_path_factory.mktemp("analyst") / "strife.db", analyst_results())
    with live_server(create_app(db)) as url:
        yield url


@contextmanager
def opened(browser, url: str, width: int = 1280):
    """A fresh page at ``url``, loaded; fails the test if it asked for anything off the test server or threw."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    local = urlsplit(url).netloc

    def only_local(route):
        if urlsplit(route.request.url).netloc == local:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]", timeout=15_000)
    yield page
    context.close()
    assert not outside, f"the page reached outside the server: {outside}"
    assert not errors, f"script errors: {errors}"


@pytest.fixture
def page(browser, base_url):
    with opened(browser, base_url) as page:
        yield page


@pytest.fixture
def analyst_page(browser, analyst_url):
    with opened(browser, analyst_url) as page:
        yield page


def shown(page) -> str:
    return page.text_content("#count")


def expect_count(page, text: str) -> None:
    """The count once the page has caught up (filters reload the map and the table from the server)."""
    # A locator assertion, not wait_for_function: the page's CSP (rightly) forbids the eval that needs.
    sync_api.expect(page.locator("#count")).to_have_text(text)


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
    expect_count(page, expected)
    sync_api.expect(page.locator("#map")).to_have_attribute("data-markers", expected.split()[0])
    assert f"{name}=" in page.get_attribute("#export-csv", "href")
    assert f"{name}=" in page.url  # the address bar keeps the view


def test_page_clear_restores_every_event(page):
    page.select_option("#filters [name=country]", "SY")
    expect_count(page, "1 of 3 events")
    page.click("#filters button[type=reset]")
    expect_count(page, "3 of 3 events")


def test_page_timeline_brush_filters_dates(page):
    box = page.locator("#histogram").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, y, steps=5)
    page.mouse.up()
    expect_count(page, "1 of 3 events")
    assert page.input_value("#filters [name=since]") == "2024-03-04"
    page.mouse.click(box["x"] + box["width"] / 2, y)  # a click without a drag clears the brush
    expect_count(page, "3 of 3 events")


def test_page_table_sorts_by_deaths_or_date_on_the_server(page):
    first_row = page.locator("#events tbody tr").first
    sync_api.expect(first_row).to_have_attribute("data-id", "strike-1#1")  # the oldest
    page.click("#events th[data-key=fatalities]")
    sync_api.expect(first_row).to_have_attribute("data-id", "strike-1#1")  # 12 killed
    sync_api.expect(page.locator("#events tbody tr").last).to_have_attribute("data-id", "protest-1#1")  # no toll
    page.click("#events th[data-key=date]")
    sync_api.expect(page.locator("#events tbody tr").last).to_have_attribute("data-id", "hostile-1#1")


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
    areas_m = page.evaluate("state.areas.getLayers().map((l) => l.getRadius())")
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
        assert page.get_attribute("#map", "data-mode") == "cells"  # counted by the server, not 10,000 markers
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "load-10k.json").write_text(json.dumps(ready))
        page.screenshot(path=str(ARTIFACTS / "map-10k.png"))
    assert ready["ms"] < 30_000


def test_page_incident_view_lists_its_reports(page):
    page.click("#events tbody tr[data-id='strike-1#1']")
    page.click("#detail a[data-incident]")
    page.wait_for_selector("#detail h2:has-text('Incident')")
    assert page.locator("#detail mark.ev").count() >= 4


# --- what an analyst met (issue 22) ------------------------------------------------------------------------------

def map_state(page) -> dict:
    return page.evaluate("({zoom: state.map.getZoom(), lat: state.map.getCenter().lat, "
                         "lon: state.map.getCenter().lng})")


def test_page_ten_events_at_one_point_cluster_and_spread_apart(analyst_page):
    page = analyst_page
    cluster = page.locator(".marker-cluster", has_text="10")
    sync_api.expect(cluster).to_have_count(1)
    cluster.click()  # one point: no zoom can part them, so they spread around it
    sync_api.expect(page.locator("#map")).to_have_attribute("data-spiderfied", "10")


def test_page_many_events_are_counted_in_server_cells_that_zoom_in(browser, analyst_url, monkeypatch):
    monkeypatch.setattr(mapdata, "MAX_POINTS", 5)  # the server runs in this process
    with opened(browser, analyst_url) as page:
        assert page.get_attribute("#map", "data-mode") == "cells"
        assert page.locator(".grid-cell").count() >= 2
        assert page.locator(".grid-cell", has_text="10").count() == 1  # Yangon's ten
        zoom = map_state(page)["zoom"]
        page.locator(".grid-cell", has_text="3").click()  # Idlib and Mosul's two
        sync_api.expect(page.locator("#map")).to_have_attribute("data-mode", "points")
        assert map_state(page)["zoom"] > zoom
        assert page.get_attribute("#map", "data-markers") == "3"


def test_page_choosing_a_country_by_name_zooms_to_it(analyst_page):
    page = analyst_page
    options = page.locator("#filters [name=country] option").all_text_contents()
    assert "Myanmar (10)" in options and "Syria (1)" in options  # names, not ISO codes
    page.select_option("#filters [name=country]", label="Myanmar (10)")
    expect_count(page, "10 of 15 events")
    view = map_state(page)
    assert view["zoom"] >= 4
    assert 9 < view["lat"] < 29 and 92 < view["lon"] < 102  # inside Myanmar's outline
    admin1 = page.locator("#filters [name=admin1]")
    sync_api.expect(admin1).to_be_enabled()
    admin1.select_option("Yangon")
    expect_count(page, "10 of 15 events")
    assert "admin1=Yangon" in page.url


def test_page_sub_event_filter_lists_the_sub_types_of_the_chosen_type(analyst_page):
    page = analyst_page
    page.select_option("#filters [name=type]", "Protests")
    sub_types = page.locator("#filters [name=sub_type] option").all_text_contents()
    assert sub_types == ["any", "Peaceful protest (2)"]
    page.select_option("#filters [name=sub_type]", "Peaceful protest")
    expect_count(page, "2 of 15 events")
    assert "sub_type=Peaceful+protest" in page.url


def test_page_a_shared_url_restores_the_filters_the_map_and_the_event(browser, analyst_url):
    view = "?country=MM&type=Battles&since=2024-03-01&at=7/16.8/96.15&view=fatalities&event=yangon-9%231"
    with opened(browser, analyst_url + "/" + view) as page:
        expect_count(page, "7 of 15 events")  # Yangon's clashes from March
        assert page.input_value("#filters [name=country]") == "MM"
        assert page.input_value("#filters [name=type]") == "Battles"
        assert page.input_value("#filters [name=since]") == "2024-03-01"
        assert page.input_value("#view") == "fatalities"
        assert map_state(page)["zoom"] == 7
        sync_api.expect(page.locator("#detail")).to_be_visible()
        assert "Yangon" in page.text_content("#detail")
        sync_api.expect(page.locator("#events tbody tr").first).to_have_attribute("data-id", "yangon-9#1")
        page.fill("#filters [name=min_fatalities]", "9")
        expect_count(page, "2 of 15 events")
        restored = page.url
    with opened(browser, restored) as page:
        expect_count(page, "2 of 15 events")
        assert page.input_value("#filters [name=min_fatalities]") == "9"


def test_page_picking_a_row_shows_its_marker(analyst_page):
    page = analyst_page
    page.click("#events tbody tr[data-id='yangon-3#1']")
    sync_api.expect(page.locator("#map")).to_have_attribute("data-selected", "yangon-3#1")
    assert map_state(page)["zoom"] >= 8
    sync_api.expect(page.locator("#map")).to_have_attribute("data-spiderfied", "10")  # parted from the nine others
    assert page.locator(".leaflet-tooltip").count() == 1


def test_page_timeline_axis_leaves_out_the_outlier_and_says_so(analyst_page):
    page = analyst_page
    assert "Off the axis: 1 before 2024-02-01" in page.text_content("#timeline-note")
    labels = page.locator("#histogram text").all_text_contents()
    assert "2024-02" in labels and "2024-05" in labels and not any(x.startswith("2010") for x in labels)
    bar = page.locator("#histogram rect[data-start='2024-03-04']")
    assert bar.locator("title").text_content() == "2024-03-04: 1 events"
    bar.hover()
    assert page.text_content("#readout") == "2024-03-04: 1 events"


def test_page_says_how_many_events_are_not_on_the_map(analyst_page):
    assert analyst_page.text_content("#unmapped") == "1 event has no place and is not on the map"
    assert "(not mapped)" in analyst_page.text_content("#events tbody tr[data-id='nowhere-1#1']")


def test_page_narrow_screen_puts_the_filters_behind_a_button(browser, analyst_url):
    with opened(browser, analyst_url, width=390) as page:
        filters = page.locator("#filters")
        sync_api.expect(filters).to_be_hidden()
        page.click("#toggle-filters")
        sync_api.expect(filters).to_be_visible()
        assert page.locator("#map").bounding_box()["width"] <= 390
        page.click("#events tbody tr[data-id='strike-1#1']")
        sync_api.expect(page.locator("#detail mark.ev").first).to_be_visible()
        assert page.locator("#detail").bounding_box()["width"] <= 390


# --- reviewing from the drawer -------------------------------------------------------------------------------------

TOKEN = "page-test-token"


@pytest.fixture(scope="module")
def writable_url(tmp_path_factory):
    db = build_store(tmp_path_factory.mktemp("writable") / "strife.db", analyst_results())
    with live_server(create_app(db, allow_writes=True, token=TOKEN)) as url:
        yield url


def test_page_review_corrects_a_toll_in_the_drawer_beside_the_highlighted_article(browser, writable_url):
    with opened(browser, writable_url) as page:
        page.click("#events tbody tr[data-id='yangon-4#1']")
        drawer = page.locator("#detail")
        sync_api.expect(drawer.locator("form.review")).to_be_visible()
        assert drawer.locator(".article mark[data-fields~=fatalities]").text_content() == "5 fighters"
        drawer.locator("details summary").click()
        drawer.locator("input[name='fatalities.best']").fill("7")
        drawer.locator("input[name=by]").fill("ana")
        drawer.locator("input[name=note]").fill("the hospital's count")
        drawer.locator("button[data-status=corrected]").click()  # no token yet: refused, nothing stored
        sync_api.expect(drawer.locator(".review-result")).to_contain_text("Not saved")
        drawer.locator("input[name=token]").fill(TOKEN)
        drawer.locator("button[data-status=corrected]").click()
        sync_api.expect(drawer.locator(".review-result")).to_have_text("Saved: corrected.")
        assert "7" in drawer.locator("dt:text-is('killed') + dd").text_content()
        log = drawer.locator(".review-log li").all_text_contents()
        assert len(log) == 1 and "ana" in log[0] and "fatalities.best: 5 → 7" in log[0]
        row = page.locator("#events tbody tr[data-id='yangon-4#1']")
        sync_api.expect(row.locator("td").last).to_have_text("corrected")


def test_page_review_rejects_an_event_which_leaves_the_map_and_the_table(browser, writable_url):
    with opened(browser, writable_url) as page:
        expect_count(page, "15 of 15 events")
        page.click("#events tbody tr[data-id='hostile-1#1']")
        drawer = page.locator("#detail")
        sync_api.expect(drawer.locator("form.review")).to_be_visible()
        drawer.locator("input[name=token]").fill(TOKEN)
        drawer.locator("button[data-status=rejected]").click()
        sync_api.expect(drawer.locator(".review-result")).to_have_text("Saved: rejected.")
        expect_count(page, "14 of 15 events")
        sync_api.expect(page.locator("#events tbody tr[data-id='hostile-1#1']")).to_have_count(0)


def test_page_review_queue_lists_the_least_sure_unreviewed_events(browser, writable_url):
    with opened(browser, writable_url + "/?view=queue-confidence") as page:
        rows = page.locator("#events tbody tr")
        sync_api.expect(rows.first).to_be_visible()
        assert set(rows.locator("td:last-child").all_text_contents()) == {"unreviewed"}
