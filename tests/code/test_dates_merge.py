"""The date parts of merging one article's mentions (strife.merge): which days keep two mentions apart."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from strife.merge import merge_article_events
from strife.records import Event, EventDate, Place, Span, Toll

PUBLISHED = dt.date(2024, 5, 8)
DAY_BEFORE = PUBLISHED - dt.timedelta(days=1)
TOWN = Place("Temba", "NG", lat=10.0, lon=8.0, precision="city")


def mention(start: int, date: EventDate, sentence_start: int | None = None) -> Event:
    """A drone strike told at ``start`` in a sentence that opens at ``sentence_start`` (``start`` by default)."""
    opening = start if sentence_start is None else sentence_start
    return Event(
        id=f"e{start}", article_id="a", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
        date=date, location=replace(TOWN, span=Span(start + 60, start + 65, "Temba", "location")),
        actor1=None, actor2=None, fatalities=Toll(),
        evidence=(Span(start + 40, start + 44, "hit", "event_type"),), confidence=0.9,
        sentence=(opening, start + 200))


def undated() -> EventDate:
    """The publication day, taken where nothing in the text dates the mention (no span)."""
    return EventDate(PUBLISHED, precision="day")


def told(start: int, words: str, day: dt.date = DAY_BEFORE) -> EventDate:
    return EventDate(day, precision="day", span=Span(start, start + len(words), words, "date"))


def test_dates_merge_a_day_opening_a_later_sentence_below_an_undated_lede_is_another_incident():
    """ "Drones hit a depot near Temba." ... "Yesterday, activists reported that a drone hit a post near Temba." """
    lede = mention(0, undated())
    later = mention(500, told(500, "Yesterday"))
    merged = merge_article_events([lede, later])
    assert sorted(e.date.date for e in merged) == [DAY_BEFORE, PUBLISHED]
    on_day = mention(500, told(503, "May 7"), sentence_start=500)  # "On May 7, ..."
    assert len(merge_article_events([lede, on_day])) == 2


def test_dates_merge_a_day_inside_a_later_sentence_still_dates_the_undated_lede():
    """ "A drone hit a post near Temba on Tuesday": a day told inside its sentence may retell the lede's story."""
    lede = mention(0, undated())
    retold = mention(500, told(560, "Tuesday"), sentence_start=500)
    (one,) = merge_article_events([lede, retold])
    assert one.date.date == DAY_BEFORE


def test_dates_merge_a_day_opening_a_sentence_joins_a_lede_of_that_day():
    """The same day, or a lede dated by the text, keeps the old rule: days that agree merge."""
    same_day = mention(500, told(500, "Today", PUBLISHED))
    assert len(merge_article_events([mention(0, undated()), same_day])) == 1
    dated_lede = mention(0, told(60, "on Tuesday"))
    assert len(merge_article_events([dated_lede, mention(500, told(500, "Yesterday"))])) == 1
