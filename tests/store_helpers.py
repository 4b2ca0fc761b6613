"""Hand-built articles and events for the store, incident and export tests (no pipeline run, no model)."""

from __future__ import annotations

import datetime as dt

from strife.pipeline import Result
from strife.records import (
    Actor,
    Attribution,
    CleanText,
    Event,
    EventDate,
    Place,
    Skip,
    Toll,
    span_of,
)

PLACES = {  # name: (country, admin1, lat, lon, precision)
    "Northport": ("SY", "Harbour", 35.00, 36.00, "city"),
    "Eastmill": ("SY", "Harbour", 35.05, 36.05, "city"),  # about 7 km from Northport
    "Farvale": ("SY", "Uplands", 36.50, 38.00, "city"),  # about 240 km away
    "Harbour": ("SY", "Harbour", 35.10, 36.20, "region"),
    "Lakeside": ("IQ", "Shore", 33.00, 44.00, "city"),
}


def clean_text(article_id: str, text: str, published: str = "2024-03-10", source: str = "Outlet A",
               url: str | None = None) -> CleanText:
    return CleanText(article_id=article_id, text=text, source=source, url=url,
                     published=dt.date.fromisoformat(published), anchor=dt.date.fromisoformat(published))


def event(clean: CleanText, sub_type: str = "Air/drone strike",
          event_type: str = "Explosions/Remote violence", date: str | None = "2024-03-09",
          precision: str = "day", place: str | None = "Northport",
          actor1: tuple[str, str] | None = ("Military Forces of Syria", "State forces"),
          actor2: tuple[str, str] | None = None, killed: int | None = None, low: int | None = None,
          high: int | None = None, verification: str = "reported", n: int = 0) -> Event:
    """An event whose evidence is the first sentence of ``clean`` (every span sliced from its text)."""
    text = clean.text
    whole = span_of(text, 0, text.find(".") + 1 if "." in text else len(text), "event_type")
    location = Place()
    if place:
        country, admin1, lat, lon, kind = PLACES[place]
        start = text.find(place)
        span = span_of(text, start, start + len(place), "location") if start >= 0 else None
        location = Place(name=place, country=country, admin1=admin1, lat=lat, lon=lon, precision=kind,
                         mention=place, span=span)
    return Event(
        id=f"{clean.article_id}#{n}", article_id=clean.article_id, event_type=event_type,
        sub_event_type=sub_type,
        date=EventDate(dt.date.fromisoformat(date) if date else None, None, precision if date else "unknown"),
        location=location,
        actor1=Actor(*actor1) if actor1 else None, actor2=Actor(*actor2) if actor2 else None,
        fatalities=Toll(best=killed, low=low, high=high), evidence=(whole,),
        attribution=Attribution(verification=verification), source=clean.source, published=clean.published,
    )


def result(clean: CleanText, *events: Event) -> Result:
    return Result(clean.article_id, clean, tuple(events))


def skipped(article_id: str, reason: str = "not English") -> Result:
    return Result(article_id, skip=Skip(f"{article_id}.txt", reason, article_id))


def report(article_id: str, text: str, published: str = "2024-03-10", source: str = "Outlet A",
           **fields) -> Result:
    """One article with one event (keyword arguments go to ``event``)."""
    clean = clean_text(article_id, text, published, source)
    return result(clean, event(clean, **fields))
