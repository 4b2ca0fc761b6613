"""The event schema is the public contract: the package's copy agrees with shared/, and records validate."""

from __future__ import annotations

import json
from dataclasses import replace

import jsonschema
import pytest

from strife.records import Actor, Attribution, Event, EventDate, Place, Span, Toll
from support import PACKAGE_SCHEMA, SHARED


def validator():
    return jsonschema.Draft202012Validator(PACKAGE_SCHEMA)


@pytest.mark.skipif(not (SHARED / "schema" / "event.schema.json").exists(), reason="no ../shared checkout")
def test_schema_package_copy_agrees_with_shared():
    shared = json.loads((SHARED / "schema" / "event.schema.json").read_text("utf-8"))
    assert PACKAGE_SCHEMA == shared


def test_schema_event_record_validates():
    import datetime as dt

    event = Event(
        id="a#1", article_id="a", event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        date=EventDate(dt.date(2024, 1, 1), None, "day", Span(29, 35, "Monday", "date")),
        location=Place("Gao", "ML", "Gao", None, 16.27, -0.04, "city", "geonames:2457163", "Gao"),
        actor1=Actor("Rebels (Mali)", "Rebel group", "ML", Span(0, 6, "Rebels", "actor1")), actor2=None,
        fatalities=Toll(3, 3, 3, (Span(38, 39, "3", "fatalities"),)),
        evidence=(Span(7, 14, "shelled", "event_type"),),
    )
    record = event.to_dict()
    validator().validate(record)
    assert record["date"] == "2024-01-01" and record["fatalities"]["mention"] == "3"


def test_schema_rejects_a_record_without_evidence():
    record = {"article_id": "a", "event_type": None, "sub_event_type": None, "date": None,
              "date_precision": "unknown", "location": {"name": None, "country": None, "lat": None, "lon": None,
                                                        "precision": "unknown"},
              "actor1": None, "actor2": None, "fatalities": {"best": None}, "evidence": []}
    with pytest.raises(jsonschema.ValidationError):
        validator().validate(record)


def test_schema_record_reads_back_into_the_event_it_was_made_from():
    """``Event.from_dict`` inverts ``to_dict``: each field's span comes back from the evidence, and a merged
    event's toll keeps only the spans its mention names (its evidence also holds another member's count)."""
    import datetime as dt

    text = "Rebels shelled Gao on Monday, killing 3; a later report said 5 died. Police said so."

    def span(words: str, name: str, nth: int = 0) -> Span:
        start = -1
        for _ in range(nth + 1):
            start = text.index(words, start + 1)
        return Span(start, start + len(words), words, name)

    three, five = span("3", "fatalities"), span("5", "fatalities")
    event = Event(
        id="a#1", article_id="a", event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        date=EventDate(dt.date(2024, 1, 1), None, "day", span("Monday", "date")),
        location=Place("Gao", "ML", "Gao", None, 16.27, -0.04, "city", "geonames:2457163", "Gao",
                       span("Gao", "location")),
        actor1=Actor("Rebels (Mali)", "Rebel group", "ML", span("Rebels", "actor1")), actor2=None,
        fatalities=Toll(3, 3, 5, (three,)), injured=None, civilian_targeting=False,
        attribution=Attribution(("Police",), "reported", (span("Police", "reported_by"),)),
        evidence=(span("Rebels", "actor1"), span("shelled", "event_type"), span("Gao", "location"),
                  span("Monday", "date"), three, five, span("Police", "reported_by")),
        confidence=0.8, source="Wire", published=dt.date(2024, 1, 2),
    )
    back = Event.from_dict(event.to_dict(), dt.date(2024, 1, 2))
    assert back == replace(event, sentence=None)
    assert back.fatalities.spans == (three,)
