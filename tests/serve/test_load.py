"""POST /api/extract under load: 100 concurrent requests to a loopback server, bounded in count and time."""

from __future__ import annotations

import asyncio
import threading

import httpx
import pytest

pytest.importorskip("fastapi", reason="the web app needs the serve extra: pip install 'strife[serve]'")
from fastapi import HTTPException  # noqa: E402
from serve_fixtures import live_server  # noqa: E402

from strife.serve.app import Extractor, create_app  # noqa: E402

ARTICLE = ("Government jets carried out an air strike on a market in the town of Saraqib on Monday, "
           "killing at least 9 civilians, according to local rescuers.")
CONCURRENT = 100


async def post_all(base_url: str, bodies: list) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=CONCURRENT)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=120, trust_env=False) as client:
        return await asyncio.gather(*(
            client.post("/api/extract", json=b) if isinstance(b, dict)
            else client.post("/api/extract", content=b, headers={"Content-Type": "application/json"})
            for b in bodies))


@pytest.mark.model
def test_load_extract_answers_100_concurrent_requests(db):
    with live_server(create_app(db)) as url:
        responses = asyncio.run(post_all(url, [{"text": f"{ARTICLE} Report {n}.", "published": "2024-03-05"}
                                               for n in range(CONCURRENT)]))
    assert [r.status_code for r in responses] == [200] * CONCURRENT
    assert all(r.json()["events"] for r in responses)


def test_load_bad_bodies_under_load_all_get_4xx(db):
    bad = [b'{"text": ', b"[1, 2]", b"\xff\xfe", {"html": None}, b"x" * 3_000_000]
    with live_server(create_app(db)) as url:
        responses = asyncio.run(post_all(url, bad * 20))
    assert {r.status_code for r in responses} <= {413, 422}
    assert all("error" in r.json() for r in responses)


def test_load_extractions_beyond_the_bound_get_503():
    extractor = Extractor(max_pending=2)
    release = threading.Event()

    async def three_at_once():
        results = await asyncio.gather(*(extractor.run(release.wait, 10) for _ in range(2)),
                                       refuse_third(), return_exceptions=True)
        return results

    async def refuse_third():
        await asyncio.sleep(0.2)
        try:
            await extractor.run(release.wait, 10)
        except HTTPException as err:
            return err.status_code
        finally:
            release.set()

    assert asyncio.run(three_at_once()) == [True, True, 503]
