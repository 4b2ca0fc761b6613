"""Reviews: what an analyst says of a stored event (confirmed, corrected, rejected), as data.

A review is an entry of the store's append-only log (``Store.review``): who, when, the status, each corrected
field with the value it had and the value it got, and why. This module holds what needs no database: which
fields can be set and how their values are read and checked (``parse_assignment``), how corrections change
a schema record (``apply``), the key a review is matched by when an event's id changes after a rerun
(``match_key``), and what the log of one event amounts to (``fold``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from strife.errors import UsageError

STATUSES = ("confirmed", "corrected", "rejected")
NULL_WORDS = ("", "null", "none")
TRUE_WORDS, FALSE_WORDS = ("true", "yes", "1"), ("false", "no", "0")


@cache
def _schema() -> dict:
    return json.loads(resources.files("strife.data").joinpath("event.schema.json").read_text("utf-8"))


def _event_type_of() -> dict[str, str]:
    """ACLED's sub-event types and the type of each, from the taxonomy table."""
    from strife.taxonomy import taxonomy

    return {name: row.event_type for name, row in taxonomy().sub_types.items()}


def _plover_types() -> tuple[str, ...]:
    """PLOVER's categories (``data/plover_categories.tsv``, read by strife.political), and OTHER, which the
    contract allows for an event no category fits."""
    from strife.political import categories

    return (*categories(), "OTHER")


def _enum(*path: str) -> tuple[str, ...]:
    node = _schema()
    for key in path:
        node = node[key]
    return tuple(v for v in node["enum"] if v is not None)


# --- reading one FIELD=VALUE --------------------------------------------------------------------------------

def _choice(options: Callable[[], tuple[str, ...]], nullable: bool = False) -> Callable[[str], Any]:
    def read(text: str) -> Any:
        if nullable and text.strip().lower() in NULL_WORDS:
            return None
        match = {o.lower(): o for o in options()}.get(text.strip().lower())
        if match is None:
            raise ValueError(f"choose one of {', '.join(options())}")
        return match
    return read


def _day(text: str) -> str:
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise ValueError("write a day as YYYY-MM-DD") from None


def _count(text: str) -> int | None:
    if text.strip().lower() in NULL_WORDS:
        return None
    if not text.strip().isdigit() or len(text.strip()) > 9:
        raise ValueError("a whole number from 0 to 999999999 (or null)")
    return int(text)


def _flag(text: str) -> bool:
    word = text.strip().lower()
    if word not in TRUE_WORDS + FALSE_WORDS:
        raise ValueError("true or false")
    return word in TRUE_WORDS


def _name(text: str) -> str | None:
    text = text.strip()
    if len(text) > 300:
        raise ValueError("at most 300 characters")
    return text or None


def _place(text: str) -> dict[str, Any]:
    """``LAT,LON`` (a point) or a gazetteer name, ``"Douma, SY"`` to say which country's."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 2 and all(_is_number(p) for p in parts):
        lat, lon = float(parts[0]), float(parts[1])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError("latitude within ±90, longitude within ±180")
        return {"lat": lat, "lon": lon}
    from strife import gazetteer

    name, country = (", ".join(parts[:-1]), parts[-1].upper()) if len(parts) > 1 and len(parts[-1]) == 2 \
        else (text.strip(), None)
    found = gazetteer.lookup(name, country) if name else []
    if not found:
        raise ValueError(f"no place {text.strip()!r} in the gazetteer (`strife gazetteer lookup NAME`), "
                         "or give LAT,LON")
    entry = found[0]
    return {"name": entry.name, "admin1": entry.admin1, "admin2": entry.admin2, "country": entry.country,
            "lat": entry.lat, "lon": entry.lon, "precision": _precision(entry.kind), "gazetteer_id": entry.id}


def _precision(kind: str) -> str:
    return kind if kind in _enum("properties", "location", "properties", "precision") else "unknown"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Settable:
    """A field a review may set: what kind of value it takes, its reader (text -> value, or ValueError with the
    reason) and, for a choice, the values it accepts."""

    kind: str  # choice, day, place, text, count, flag
    read: Callable[[str], Any]
    choices: Callable[[], tuple[str, ...]] | None = None
    nullable: bool = False

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "nullable": self.nullable,
                **({"choices": list(self.choices())} if self.choices else {})}


def _pick(options: Callable[[], tuple[str, ...]], nullable: bool = False) -> Settable:
    return Settable("choice", _choice(options, nullable), options, nullable)


def _actor_types() -> tuple[str, ...]:
    return _enum("$defs", "actor", "properties", "type")


SETTABLE: dict[str, Settable] = {
    "sub_event_type": _pick(lambda: tuple(_event_type_of())),
    "plover_type": _pick(_plover_types, nullable=True),
    "date": Settable("day", _day),
    "date_precision": _pick(lambda: _enum("properties", "date_precision")),
    "location": Settable("place", _place),
    "actor1.name": Settable("text", _name, nullable=True),
    "actor1.type": _pick(_actor_types, nullable=True),
    "actor2.name": Settable("text", _name, nullable=True),
    "actor2.type": _pick(_actor_types, nullable=True),
    "fatalities.best": Settable("count", _count, nullable=True),
    "fatalities.low": Settable("count", _count, nullable=True),
    "fatalities.high": Settable("count", _count, nullable=True),
    "civilian_targeting": Settable("flag", _flag),
}


def describe_fields() -> dict[str, dict[str, Any]]:
    """Each settable field's kind and choices, for a form that edits an event (the API's review fields)."""
    return {name: field_.describe() for name, field_ in SETTABLE.items()}


def parse_assignment(text: str) -> tuple[str, Any]:
    """``FIELD=VALUE`` read and checked; a ``UsageError`` of one line says what is wrong."""
    name, sep, raw = text.partition("=")
    name = name.strip()
    if not sep or name not in SETTABLE:
        raise UsageError(f"--set {text!r}: write FIELD=VALUE with FIELD one of {', '.join(SETTABLE)}")
    try:
        return name, SETTABLE[name].read(raw)
    except ValueError as err:
        raise UsageError(f"--set {text!r}: {err}") from None


def parse_assignments(texts: Iterable[str]) -> dict[str, Any]:
    values = dict(parse_assignment(t) for t in texts)
    toll = {k.split(".")[1]: v for k, v in values.items() if k.startswith("fatalities.")}
    best, low, high = toll.get("best"), toll.get("low"), toll.get("high")
    if (low is not None and best is not None and low > best) or (high is not None and best is not None
                                                                 and high < best) \
            or (low is not None and high is not None and low > high):
        raise UsageError("--set fatalities: low <= best <= high")
    return values


def settable(values: Mapping[str, Any]) -> dict[str, Any]:
    """Field values as sent over HTTP (already typed, or text): each read as on the command line."""
    return parse_assignments(f"{k}={_text(v)}" for k, v in values.items())


def _text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping) and {"lat", "lon"} <= value.keys():
        return f"{value['lat']},{value['lon']}"
    return str(value)


# --- corrections on a record --------------------------------------------------------------------------------

def current(record: Mapping[str, Any], name: str) -> Any:
    """A settable field's value in a schema record (``location``: the whole place)."""
    head, _, tail = name.partition(".")
    value = record.get(head)
    if tail:
        return (value or {}).get(tail)
    return dict(value) if isinstance(value, Mapping) else value


def apply(record: Mapping[str, Any], corrections: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``record`` with the corrected fields set (the event type follows its sub-event type; a toll
    stays ordered low <= best <= high; a place given as a point keeps its name, a day after the end moves
    the end)."""
    out = json.loads(json.dumps(record))
    for name, value in corrections.items():
        head, _, tail = name.partition(".")
        if name == "location":
            out["location"] = _moved(out.get("location") or {}, value)
        elif tail:
            out[head] = {**(out.get(head) or _blank(head)), tail: value}
        else:
            out[head] = value
    if "sub_event_type" in corrections:
        out["event_type"] = _event_type_of()[out["sub_event_type"]]
    if "date" in corrections and out.get("date_end") and out["date_end"] < out["date"]:
        out["date_end"] = None
    _order_toll(out, corrections)
    return out


def _blank(head: str) -> dict[str, Any]:
    if head.startswith("actor"):
        return {"mention": None, "name": None, "type": None, "country": None}
    return {"best": None, "low": None, "high": None, "mention": None}


def _moved(place: Mapping[str, Any], value: Mapping[str, Any]) -> dict[str, Any]:
    if "name" in value:  # a gazetteer place: every field of it
        return {**place, **value}
    return {**place, **value, "gazetteer_id": None}


def _order_toll(record: dict[str, Any], corrections: Mapping[str, Any]) -> None:
    """A corrected best widens the range it falls out of (the range was the machine's, the best is not)."""
    toll = record.get("fatalities")
    if not toll or "fatalities.best" not in corrections or toll.get("best") is None:
        return
    best = toll["best"]
    if toll.get("low") is not None and toll["low"] > best and "fatalities.low" not in corrections:
        toll["low"] = best
    if toll.get("high") is not None and toll["high"] < best and "fatalities.high" not in corrections:
        toll["high"] = best


def changes(record: Mapping[str, Any], corrections: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [from, to]}`` for the corrections that change something."""
    return {k: [current(record, k), v] for k, v in corrections.items() if not _same(current(record, k), v, k)}


def _same(before: Any, after: Any, name: str) -> bool:
    if name == "location" and isinstance(before, Mapping):
        return all(before.get(k) == v for k, v in after.items())
    return before == after


# --- matching a review to an event after a rerun ------------------------------------------------------------

def match_key(record: Mapping[str, Any]) -> list[Any]:
    """What identifies an event when its id changed: its article, type, day and place."""
    place = record.get("location") or {}
    return [record.get("article_id"), record.get("sub_event_type") or record.get("plover_type"),
            record.get("date"), place.get("gazetteer_id") or place.get("name"), place.get("country")]


# --- the log of one event -----------------------------------------------------------------------------------

@dataclass
class Verdict:
    """What an event's reviews amount to: the last status and every field corrected (the last value wins);
    ``key`` is the machine's event they were made on."""

    event_id: str
    article_id: str
    key: list[Any]
    status: str = "unreviewed"
    corrections: dict[str, Any] = field(default_factory=dict)

    def to_record(self, record: Mapping[str, Any]) -> dict[str, Any]:
        return apply(record, self.corrections)


def fold(entries: Iterable[Mapping[str, Any]]) -> dict[str, Verdict]:
    """Log entries (dicts of the log's columns, oldest first) as one verdict per event id; the entries of an
    event carried to a new id after a rerun (``carried_from``) count for the new id only."""
    verdicts: dict[str, Verdict] = {}
    for entry in entries:
        if entry["action"] not in ("review", "carry") or not entry.get("event_id"):
            continue
        if entry["action"] == "carry":
            verdicts.pop(entry.get("carried_from") or "", None)
        verdict = verdicts.setdefault(entry["event_id"], Verdict(
            entry["event_id"], entry["article_id"], json.loads(entry["match_key"] or "[]")))
        verdict.status = entry["status"] or verdict.status
        verdict.corrections.update({k: to for k, (_, to) in json.loads(entry["changes"] or "{}").items()})
    return verdicts


# --- reviewed events as gold --------------------------------------------------------------------------------

def gold_record(event: Mapping[str, Any]) -> dict[str, Any]:
    """A confirmed or corrected event in the referee's gold format (``strife eval GOLD CORPUS`` reads it): the
    coded fields an analyst vouched for, unknowns left out so that they are not scored."""
    place, toll = event.get("location") or {}, event.get("fatalities") or {}
    gold = {"article_id": event["article_id"], "optional": False,
            "note": f"{event.get('review_status')} in review ({event['id']})",
            "event_type": event.get("event_type"), "sub_event_type": event.get("sub_event_type"),
            "plover_type": event.get("plover_type"), "date": event.get("date"),
            "date_precision": event.get("date_precision"),
            "location": _known({k: place.get(k) for k in ("name", "admin1", "country", "lat", "lon", "precision")}),
            "actor1": _actor(event.get("actor1")), "actor2": _actor(event.get("actor2")),
            "fatalities": _known({"best": toll.get("best")}),
            "civilian_targeting": event.get("civilian_targeting"),
            "reported_by": event.get("reported_by") or None}
    return {k: v for k, v in gold.items() if v is not None and v != {} or k == "event_type"}


def _actor(actor: Mapping[str, Any] | None) -> dict[str, Any] | None:
    return _known({k: actor.get(k) for k in ("name", "type", "country")}) if actor else None


def _known(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}
