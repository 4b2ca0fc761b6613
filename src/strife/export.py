"""Writers for events and incidents: JSONL (the schema's records), flat CSV with ACLED's column names,
ACLED-compatible CSV (ACLED's columns and codes), GeoJSON, Parquet (with pyarrow), a terminal table.

Events are the schema's records (``Event.to_dict()``, plus ``incident_id`` and ``published`` from the store);
incidents are the store's incident records (``Store.incident``/``Store.incidents``). Writers stream: a
record is written when it is read, so an export of any size runs in constant memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from itertools import islice
from pathlib import Path
from typing import IO, Any

from strife import taxonomy
from strife.errors import StrifeError
from strife.records import Event

# ACLED's column names where one exists, then ours.
CSV_COLUMNS = [
    "event_id", "article_id", "event_date", "time_precision", "event_type", "sub_event_type", "plover_type",
    "plover_mode", "actor1",
    "inter1", "actor2", "inter2", "country", "admin1", "admin2", "location", "latitude", "longitude",
    "geo_precision", "fatalities", "source", "notes", "fatalities_low", "fatalities_high", "injured",
    "civilian_targeting", "reported_by", "verification", "confidence", "review_status", "evidence",
]

TRIGGER_FIELDS = ("event_type", "plover_type")  # the evidence field of an ACLED event's or a political event's words


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
        "plover_type": record.get("plover_type"),
        "plover_mode": record.get("plover_mode"),
        "actor1": a1.get("name"),
        "inter1": taxonomy.inter_code(a1.get("type")),
        "actor2": a2.get("name"),
        "inter2": taxonomy.inter_code(a2.get("type")),
        "country": place.get("country"),
        "admin1": place.get("admin1"),
        "admin2": place.get("admin2"),
        "location": place.get("name"),
        "latitude": place.get("lat"),
        "longitude": place.get("lon"),
        "geo_precision": place.get("precision"),
        "fatalities": toll.get("best"),
        "source": record.get("source"),
        "notes": " | ".join(s["text"] for s in evidence if s.get("field") in TRIGGER_FIELDS)[:500],
        "fatalities_low": toll.get("low"),
        "fatalities_high": toll.get("high"),
        "injured": injured.get("best"),
        "civilian_targeting": record.get("civilian_targeting"),
        "reported_by": "; ".join(record.get("reported_by") or []),
        "verification": record.get("verification"),
        "confidence": record.get("confidence"),
        "review_status": record.get("review_status"),
        "evidence": json.dumps(evidence, ensure_ascii=False),
    }


def csv_writer(out: IO[str]) -> csv.DictWriter:
    writer = InertWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
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


# --- incidents as flat rows -------------------------------------------------------------------------------

INCIDENT_COLUMNS = [
    "incident_id", "event_type", "sub_event_type", "plover_type", "date", "date_first", "date_last", "date_precision",
    "country", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "actor1", "actor2",
    "fatalities", "fatalities_low", "fatalities_high", "injured", "civilian_targeting", "verification",
    "confidence", "n_events", "n_articles", "n_sources", "sources", "first_reported", "last_reported",
    "article_ids", "review_status",
]
_INCIDENT_NAMES = {"id": "incident_id", "place_name": "location", "lat": "latitude", "lon": "longitude",
                   "fatalities_best": "fatalities", "injured_best": "injured"}


def incident_row(record: dict[str, Any]) -> dict[str, Any]:
    """One incident as a flat row (ACLED's column names where one exists); sources joined by "; "."""
    nested = ("sources", "members", "decisions")
    row = {_INCIDENT_NAMES.get(k, k): v for k, v in record.items() if k not in nested}
    sources = record.get("sources") or []
    row["sources"] = "; ".join(dict.fromkeys(s.get("source") or s["article_id"] for s in sources))
    row["article_ids"] = "; ".join(s["article_id"] for s in sources)
    return row


def event_row(record: dict[str, Any]) -> dict[str, Any]:
    """One stored event as a flat row: ``csv_row`` and its incident."""
    return {**csv_row(record), "incident_id": record.get("incident_id"), "published": record.get("published")}


EVENT_COLUMNS = [*CSV_COLUMNS, "incident_id", "published"]


# --- ACLED-compatible CSV ----------------------------------------------------------------------------------

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
    "review_status",  # ours: what an analyst said of the event (unreviewed, confirmed, corrected, rejected)
]
# ACLED's precision codes: time 1 day, 2 week, 3 month or coarser; place 1 the town itself, 2 near it or a
# part of a region, 3 only the region (or country) is known.
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3, "unknown": 3}
GEO_PRECISION = {"neighbourhood": 1, "city": 1, "region": 3, "country": 3, "unknown": 3}


@cache
def _country(alpha2: str | None) -> tuple[str, str, str]:
    """(name, ISO numeric, alpha-3) of an ISO 3166-1 alpha-2 code; blanks when unknown."""
    import pycountry

    country = pycountry.countries.get(alpha_2=alpha2) if alpha2 else None
    return (country.name, str(int(country.numeric)), country.alpha_3) if country else (alpha2 or "", "", "")


def interaction(inter1: int | str, inter2: int | str) -> int | str:
    """ACLED's interaction code: the two inter codes, the smaller first (a lone actor: its code, then 0)."""
    codes = sorted(c for c in (inter1, inter2) if c != "")
    if not codes:
        return ""
    return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)


def _acled_fields(*, ident: str, date: str | None, precision: str, event_type: str | None,
                  sub_type: str | None, actor1: str | None, type1: str | None, actor2: str | None,
                  type2: str | None, civilians: bool, place: dict[str, Any], source: str, notes: str,
                  fatalities: int | None, tags: str, reported: str | None,
                  review_status: str | None) -> dict[str, Any]:
    name, numeric, alpha3 = _country(place.get("country"))
    inter1, inter2 = taxonomy.inter_code(type1), taxonomy.inter_code(type2)
    stamp = dt.datetime.fromisoformat(reported).replace(tzinfo=dt.UTC).timestamp() if reported else ""
    return {
        "event_id_cnty": f"{alpha3}{ident}", "event_date": date, "year": date[:4] if date else "",
        "time_precision": TIME_PRECISION.get(precision, 3),
        "disorder_type": taxonomy.disorder_type(sub_type, event_type),
        "event_type": event_type, "sub_event_type": sub_type, "actor1": actor1, "assoc_actor_1": "",
        "inter1": inter1, "actor2": actor2, "assoc_actor_2": "", "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if civilians else "", "iso": numeric, "region": "",
        "country": name, "admin1": place.get("admin1"), "admin2": place.get("admin2"), "admin3": "",
        "location": place.get("name"), "latitude": place.get("lat"), "longitude": place.get("lon"),
        "geo_precision": GEO_PRECISION.get(place.get("precision") or "unknown", 3), "source": source,
        "source_scale": "", "notes": notes[:500], "fatalities": fatalities or 0, "tags": tags,
        "timestamp": int(stamp) if stamp != "" else "", "review_status": review_status,
    }


def _tags(verification: str | None, reported_by: Iterable[str] = ()) -> str:
    parts = [f"verification: {verification}"] if verification and verification != "reported" else []
    return "; ".join(parts + [f"reported by: {r}" for r in reported_by])


def acled_event_row(record: dict[str, Any]) -> dict[str, Any]:
    """One event as an ACLED row (unknown tolls are 0, as in ACLED)."""
    a1, a2 = record.get("actor1") or {}, record.get("actor2") or {}
    return _acled_fields(
        ident=record.get("id") or "", date=record.get("date"), precision=record.get("date_precision"),
        event_type=record.get("event_type"), sub_type=record.get("sub_event_type"), actor1=a1.get("name"),
        type1=a1.get("type"), actor2=a2.get("name"), type2=a2.get("type"),
        civilians=bool(record.get("civilian_targeting")), place=record.get("location") or {},
        source=record.get("source") or "", notes=csv_row(record)["notes"],
        fatalities=(record.get("fatalities") or {}).get("best"),
        tags=_tags(record.get("verification"), record.get("reported_by") or ()),
        reported=record.get("published"), review_status=record.get("review_status"))


def acled_incident_row(record: dict[str, Any]) -> dict[str, Any]:
    """One incident as an ACLED row: every outlet that reported it in ``source``."""
    place = {"country": record.get("country"), "admin1": record.get("admin1"), "admin2": record.get("admin2"),
             "name": record.get("place_name"), "lat": record.get("lat"), "lon": record.get("lon"),
             "precision": record.get("geo_precision")}
    flat = incident_row(record)
    low, high = record.get("fatalities_low"), record.get("fatalities_high")
    notes = f"{record.get('n_articles')} reports ({flat['article_ids']})"
    if low is not None and high is not None and low != high:
        notes += f"; fatalities reported from {low} to {high}"
    return _acled_fields(
        ident=str(record.get("id")), date=record.get("date"), precision=record.get("date_precision"),
        event_type=record.get("event_type"), sub_type=record.get("sub_event_type"),
        actor1=record.get("actor1"), type1=record.get("actor1_type"), actor2=record.get("actor2"),
        type2=record.get("actor2_type"), civilians=bool(record.get("civilian_targeting")), place=place,
        source=flat["sources"], notes=notes, fatalities=record.get("fatalities_best"),
        tags=_tags(record.get("verification")), reported=record.get("last_reported"),
        review_status=record.get("review_status"))


# --- GeoJSON ------------------------------------------------------------------------------------------------

# How far from its point a place of each precision may lie, so a map draws a region as an area, not a pin.
AREA_RADIUS_KM = {"neighbourhood": 1, "city": 5, "region": 60, "country": 300, "unknown": 300}


def geojson_feature(row: dict[str, Any]) -> dict[str, Any]:
    """A flat row as a Feature; ``properties.radius_km`` says how big an area the point stands for."""
    lat, lon = row.get("latitude"), row.get("longitude")
    geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
    properties = {k: v for k, v in row.items() if k not in ("latitude", "longitude", "evidence")}
    properties["radius_km"] = AREA_RADIUS_KM.get(row.get("geo_precision"))
    return {"type": "Feature", "id": row.get("event_id") or row.get("incident_id"), "geometry": geometry,
            "properties": properties}


def geojson_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A FeatureCollection in pieces; rows without coordinates get a null geometry (RFC 7946 allows it)."""
    yield '{"type": "FeatureCollection", "features": [\n'
    for n, row in enumerate(rows):
        yield ("" if n == 0 else ",\n") + json.dumps(geojson_feature(row), ensure_ascii=False)
    yield "\n]}\n"


# --- Parquet ------------------------------------------------------------------------------------------------

INTEGER_COLUMNS = {"fatalities", "fatalities_low", "fatalities_high", "injured", "n_events", "n_articles",
                   "n_sources", "incident_id", "year", "time_precision", "inter1", "inter2", "interaction",
                   "timestamp"}
FLOAT_COLUMNS = {"latitude", "longitude", "confidence"}
PARQUET_BATCH = 2000


def write_parquet(rows: Iterable[dict[str, Any]], columns: list[str], path: str | Path) -> int:
    """Flat rows to a Parquet file (needs pyarrow), a row group per batch; returns the rows written."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise StrifeError("Parquet export needs pyarrow: pip install pyarrow") from None

    def kind(column: str):
        if column in INTEGER_COLUMNS:
            return pa.int64()
        return pa.float64() if column in FLOAT_COLUMNS else pa.string()

    schema = pa.schema([(c, kind(c)) for c in columns])
    written, stream = 0, iter(rows)
    with pq.ParquetWriter(str(path), schema) as writer:
        while batch := list(islice(stream, PARQUET_BATCH)):
            data = {c: [_typed(r.get(c), schema.field(c).type) for r in batch] for c in columns}
            writer.write_table(pa.table(data, schema=schema))
            written += len(batch)
    return written


def _typed(value: Any, kind) -> Any:
    if value is None or value == "":
        return None
    if str(kind) == "string":
        return value if isinstance(value, str) else json.dumps(value) if isinstance(value, list | dict) \
            else str(value)
    return int(value) if str(kind) == "int64" else float(value)


# --- one entry point for the store's exports ----------------------------------------------------------------

EXPORT_FORMATS = ("csv", "acled-csv", "jsonl", "geojson", "parquet")


def export_layout(fmt: str, incidents: bool) -> tuple[Callable[[dict], dict], list[str]]:
    """The row builder and columns of a flat format for events or incidents."""
    if fmt == "acled-csv":
        return (acled_incident_row if incidents else acled_event_row), ACLED_COLUMNS
    return (incident_row, INCIDENT_COLUMNS) if incidents else (event_row, EVENT_COLUMNS)


def write_export(records: Iterable[dict[str, Any]], fmt: str, out: IO[str] | None = None,
                 path: str | Path | None = None, incidents: bool = False) -> int:
    """Write records in ``fmt`` to ``out`` (a text stream) or, for Parquet, ``path``; returns how many."""
    if fmt not in EXPORT_FORMATS:
        raise StrifeError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    if fmt == "acled-csv":  # ACLED's format holds ACLED's events only, whatever the query selected
        records = (r for r in records if r.get("event_type"))
    counted = _Counted(records)
    if fmt == "jsonl":
        write_jsonl(counted, out)
        return counted.n
    flat, columns = export_layout(fmt, incidents)
    if fmt == "parquet":
        if path is None:
            raise StrifeError("Parquet is written to a file: give -o FILE")
        return write_parquet(map(flat, counted), columns, path)
    if fmt == "geojson":
        out.writelines(geojson_chunks(map(flat, counted)))
        return counted.n
    out.writelines(csv_chunks(map(flat, counted), columns))
    return counted.n


CSV_CHUNK = 65536  # characters of CSV text held before a chunk is handed on
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula


def csv_chunks(rows: Iterable[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    """Flat rows as CSV text in pieces (header first), for a file or a streamed HTTP answer alike. A text
    cell that a spreadsheet would run as a formula (a source named ``=HYPERLINK(...)``) starts with ``'``
    (``InertWriter``)."""
    buffer = io.StringIO()
    writer = InertWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
        if buffer.tell() > CSV_CHUNK:
            yield _drain(buffer)
    yield _drain(buffer)


class InertWriter(csv.DictWriter):
    """CSV rows whose text cells never start a spreadsheet formula (``inert``)."""

    def writerow(self, rowdict: dict[str, Any]) -> Any:
        return super().writerow({k: inert(v) for k, v in rowdict.items()})


def inert(value: Any) -> Any:
    """A text value that cannot start a spreadsheet formula (numbers are left as they are: -3.5 is data)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


class _Counted:
    """An iterable that counts what passed through it."""

    def __init__(self, items: Iterable):
        self.items, self.n = items, 0

    def __iter__(self):
        for item in self.items:
            self.n += 1
            yield item
