"""The event schema is the public contract: the package's copy agrees with shared/, and records validate."""

from __future__ import annotations

import json

import jsonschema
import pytest

from strife.records import Actor, Event, EventDate, Place, Span, Toll
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
