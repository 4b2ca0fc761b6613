"""Builders for the serve tests: a small store of texts we write with events coded by hand; a live server."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from strife.pipeline import Result
from strife.records import (
    Actor,
    Attribution,
    CleanText,
    Event,
    EventDate,
    Place,
    Toll,
    span_of,
)
from strife.store import Store

HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'


def phrase(text: str, words: str, field: str):
    """The span of the first occurrence of ``words`` in ``text``."""
    start = text.index(words)
    return span_of(text, start, start + len(words), field)


def coded_event(text: str, article_id: str, n: int, *, sub_type: str, event_type: str, day: str,
                place: tuple[str, str, str, float, float, str], actor: str, killed: int | None = None,
                killed_words: str | None = None, verification: str = "reported") -> Event:
    """One event whose every field points at the words that support it."""
    name, mention, country, lat, lon, precision = place
    trigger = phrase(text, sub_type_words(text, sub_type), "event_type")
    where = phrase(text, mention, "location")
    who = phrase(text, actor, "actor1")
    toll_spans = (phrase(text, killed_words, "fatalities"),) if killed_words else ()
    return Event(
        id=f"{article_id}#{n}", article_id=article_id, event_type=event_type, sub_event_type=sub_type,
        date=EventDate(dt.date.fromisoformat(day), precision="day"),
        location=Place(name=name, country=country, admin1=name, lat=lat, lon=lon, precision=precision,
                       mention=mention, span=where),
        actor1=Actor(actor, "State forces", country, who), actor2=None,
        fatalities=Toll(best=killed, spans=toll_spans),
        evidence=(trigger, where, who, *toll_spans), attribution=Attribution(verification=verification),
        confidence=0.8, source="Test Wire", published=dt.date.fromisoformat(day))


def sub_type_words(text: str, sub_type: str) -> str:
    return {"Air/drone strike": "air strike", "Peaceful protest": "marched",
            "Armed clash": "clashed"}[sub_type]


def result(article_id: str, text: str, day: str, events: list[Event]) -> Result:
    clean = CleanText(article_id=article_id, text=text, title=text.split("\n", 1)[0], source="Test Wire",
                      published=dt.date.fromisoformat(day), anchor=dt.date.fromisoformat(day))
    return Result(article_id, clean, tuple(events))


def sample_results() -> list[Result]:
    strike = ("Air strike hits market\n\nAn air strike on a market in Idlib killed 12 people on Monday, "
              "according to rescuers. Government forces denied striking the town.")
    protest = ("Teachers march in Kano\n\nHundreds of teachers marched through Kano state on Tuesday "
               "to demand unpaid salaries. Police watched the crowd.")
    hostile = (f"Clashes {HOSTILE}\n\nSoldiers clashed with gunmen near Mosul on Wednesday {HOSTILE} "
               "and three fighters were killed.")
    return [
        result("strike-1", strike, "2024-03-04", [coded_event(
            strike, "strike-1", 1, sub_type="Air/drone strike", event_type="Explosions/Remote violence",
            day="2024-03-04", place=("Idlib", "Idlib", "SY", 35.93, 36.63, "city"), actor="Government forces",
            killed=12, killed_words="killed 12 people")]),
        result("protest-1", protest, "2024-04-09", [coded_event(
            protest, "protest-1", 1, sub_type="Peaceful protest", event_type="Protests", day="2024-04-09",
            place=("Kano", "Kano state", "NG", 11.5, 8.5, "region"), actor="teachers")]),
        result("hostile-1", hostile, "2024-05-15", [coded_event(
            hostile, "hostile-1", 1, sub_type="Armed clash", event_type="Battles", day="2024-05-15",
            place=("Mosul", "Mosul", "IQ", 36.34, 43.13, "city"), actor="Soldiers", killed=3,
            killed_words="three fighters were killed", verification="claimed")]),
    ]


def build_store(path: Path, results: list[Result]) -> Path:
    with Store(path) as store:
        store.ingest(results)
    return path


@contextmanager
def live_server(app) -> Iterator[str]:
    """``app`` served by uvicorn on a free loopback port, in a thread; yields the base URL."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


TEMPLATES = [  # (text, sub-event type, event type, actor); {place} and {n} are filled in
    ("An air strike on {place} killed {n} people on Monday, residents said.", "Air/drone strike",
     "Explosions/Remote violence", "residents"),
    ("Hundreds of workers marched through {place} on Tuesday; {n} were hurt.", "Peaceful protest",
     "Protests", "workers"),
    ("Soldiers clashed with gunmen near {place} on Friday and {n} fighters died.", "Armed clash", "Battles",
     "Soldiers"),
]
PLACES = [("Alpha", "SY", 35.0, 37.0), ("Bravo", "NG", 10.0, 8.0), ("Charlie", "IQ", 34.0, 43.0),
          ("Delta", "UA", 49.0, 32.0), ("Echo", "SD", 15.0, 30.0), ("Foxtrot", "MM", 20.0, 96.0)]


def many_results(count: int, seed: int = 7) -> list[Result]:
    """``count`` one-event articles spread over a year and six countries (for measuring the page)."""
    import random

    rng = random.Random(seed)
    results = []
    start = dt.date(2024, 1, 1)
    for i in range(count):
        template, sub_type, event_type, actor = TEMPLATES[i % len(TEMPLATES)]
        name, country, lat, lon = PLACES[rng.randrange(len(PLACES))]
        town = f"{name}{i}"
        killed = rng.choice([0, 1, 2, 3, 5, 8, 13, 21, 40])
        text = template.format(place=town, n=killed)
        day = (start + dt.timedelta(days=rng.randrange(366))).isoformat()
        precision = rng.choice(["city", "city", "city", "region"])
        place = (town, town, country, lat + rng.uniform(-2, 2), lon + rng.uniform(-2, 2), precision)
        event = coded_event(text, f"a{i}", 1, sub_type=sub_type, event_type=event_type, day=day, place=place,
                            actor=actor, killed=killed, killed_words=str(killed))
        results.append(result(f"a{i}", text, day, [event]))
    return results


YANGON = ("Yangon", "Yangon", "MM", 16.80528, 96.15611, "city")


def analyst_results() -> list[Result]:
    """What an analyst met on real data: ten events at one town's exact point, one event with no place, one
    mis-dated by years; beside ``sample_results``' three."""
    results = sample_results()
    for n in range(10):
        day = (dt.date(2024, 2, 1) + dt.timedelta(days=12 * n)).isoformat()
        text = f"Soldiers clashed with rebels in Yangon on Friday and {n + 1} fighters were killed. Report {n}."
        results.append(result(f"yangon-{n}", text, day, [coded_event(
            text, f"yangon-{n}", 1, sub_type="Armed clash", event_type="Battles", day=day, place=YANGON,
            actor="Soldiers", killed=n + 1, killed_words=f"{n + 1} fighters")]))
    nowhere = "Workers marched on Tuesday to demand unpaid wages, organisers said."
    results.append(result("nowhere-1", nowhere, "2024-04-16", [coded_event(
        nowhere, "nowhere-1", 1, sub_type="Peaceful protest", event_type="Protests", day="2024-04-16",
        place=(None, "Workers", None, None, None, "unknown"), actor="Workers")]))
    misdated = "Soldiers clashed with gunmen near Mosul on Friday."
    results.append(result("misdated-1", misdated, "2010-05-07", [coded_event(
        misdated, "misdated-1", 1, sub_type="Armed clash", event_type="Battles", day="2010-05-07",
        place=("Mosul", "Mosul", "IQ", 36.34, 43.13, "city"), actor="Soldiers")]))
    return results
