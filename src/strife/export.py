"""Writers for events: JSONL (the schema's records), flat CSV with ACLED's column names, a terminal table."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from strife.records import Event

# ACLED's column names where one exists, then ours.
CSV_COLUMNS = [
    "event_id", "article_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "inter1",
    "actor2", "inter2", "country", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision",
    "fatalities", "source", "notes", "fatalities_low", "fatalities_high", "injured", "civilian_targeting",
    "reported_by", "verification", "confidence", "evidence",
]

# ACLED's interaction codes by actor type.
INTER_CODES = {"State forces": 1, "Rebel group": 2, "Political militia": 3, "Identity militia": 4, "Rioters": 5,
               "Protesters": 6, "Civilians": 7, "External/Other forces": 8}


def write_jsonl(events: Iterable[dict[str, Any]], out: IO[str]) -> None:
    for record in events:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def csv_row(record: dict[str, Any]) -> dict[str, Any]:
    """One schema record as a flat row."""
    place = record.get("location") or {}
    toll = record.get("fatalities") or {}
    injured = record.get("injured") or {}
    a1, a2 = record.get("actor1") or {}, record.get("actor2") or {}
    evidence = record.get("evidence") or []
    return {
        "event_id": record.get("id"),
        "article_id": record.get("article_id"),
        "event_date": record.get("date"),
        "time_precision": record.get("date_precision"),
        "event_type": record.get("event_type"),
        "sub_event_type": record.get("sub_event_type"),
        "actor1": a1.get("name"),
        "inter1": INTER_CODES.get(a1.get("type"), ""),
        "actor2": a2.get("name"),
        "inter2": INTER_CODES.get(a2.get("type"), ""),
        "country": place.get("country"),
        "admin1": place.get("admin1"),
        "admin2": place.get("admin2"),
        "location": place.get("name"),
        "latitude": place.get("lat"),
        "longitude": place.get("lon"),
        "geo_precision": place.get("precision"),
        "fatalities": toll.get("best"),
        "source": record.get("source"),
        "notes": " | ".join(s["text"] for s in evidence if s.get("field") == "event_type")[:500],
        "fatalities_low": toll.get("low"),
        "fatalities_high": toll.get("high"),
        "injured": injured.get("best"),
        "civilian_targeting": record.get("civilian_targeting"),
        "reported_by": "; ".join(record.get("reported_by") or []),
        "verification": record.get("verification"),
        "confidence": record.get("confidence"),
        "evidence": json.dumps(evidence, ensure_ascii=False),
    }


def csv_writer(out: IO[str]) -> csv.DictWriter:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    return writer


def table_row(event: Event) -> list[str]:
    place = event.location
    where = ", ".join(x for x in (place.name or place.mention, place.country) if x) or "?"
    toll = "" if event.fatalities.best is None else str(event.fatalities.best)
    return [
        event.article_id,
        event.date.date.isoformat() if event.date.date else "?",
        event.sub_event_type or (event.plover_type or "?"),
        where,
        event.actor1.name if event.actor1 else "",
        event.actor2.name if event.actor2 else "",
        toll,
        f"{event.confidence:.2f}",
    ]


TABLE_HEADER = ["article", "date", "sub-event type", "place", "actor 1", "actor 2", "killed", "conf."]
