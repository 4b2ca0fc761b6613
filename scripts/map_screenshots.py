"""``make map-screenshots``: docs/map.png and docs/review-drawer.png, the web map as the README shows it.

Serves a store of the serve tests' synthetic events (texts the project wrote: 400 events over six countries, ten
at one town's point, one with no place, one mis-dated by years) with writes allowed, and photographs the page in
headless chromium (Debian's, driven by Playwright): the map with its clusters, timeline and table, then the
evidence drawer of one event with a correction typed into its review form.

    .venv/bin/python scripts/map_screenshots.py [--out docs]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "serve"))  # the tests' fixtures and server helper

TOKEN = "screenshot-token"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright
    from serve_fixtures import analyst_results, build_store, live_server, many_results
    from test_page import CHROMIUM, CHROMIUM_ARGS

    from strife.serve.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        db = build_store(Path(tmp) / "screens.db", analyst_results() + many_results(400))
        with live_server(create_app(db, allow_writes=True, token=TOKEN)) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 950})
            page.goto(url + "/?at=3/22/50")
            page.wait_for_selector("body[data-ready=true]", timeout=30_000)
            page.locator("#histogram rect[data-count]").nth(5).hover()
            args.out.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out / "map.png"))
            page.goto(url + "/?at=6/35.9/36.6&event=strike-1%231")  # a shared link to one event
            page.wait_for_selector("body[data-ready=true]", timeout=30_000)
            drawer = page.locator("#detail")
            drawer.locator("form.review").wait_for()
            drawer.locator("details summary").click()
            drawer.locator("input[name='fatalities.best']").fill("11")
            drawer.locator("input[name=note]").fill("the rescuers' later count")
            drawer.locator("input[name=by]").fill("ana")
            page.wait_for_timeout(500)
            page.screenshot(path=str(args.out / "review-drawer.png"))
            browser.close()
    print(f"wrote {args.out / 'map.png'} and {args.out / 'review-drawer.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
