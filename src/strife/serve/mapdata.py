"""What the web map draws, aggregated in the database so the page never loads every event.

* ``map_view``: the events in a bounding box, as points when few, else as counts per grid cell of the zoom.
  Events are first counted per distinct point (strife geocodes to gazetteer places, so many share one): from
  the ``event_points`` table the store's triggers keep, or, under filters it lacks, over the ``events_map``
  index, ordered by point so the grouping streams without a sort; then Python bins the points.
* ``timeline``: counts per day, week or month over a robust range of dates (one event mis-dated by years does
  not squash the rest), with the number of events outside it.
* ``facets``: the filters' choices with their counts; countries by name.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections import Counter
from dataclasses import dataclass, replace

from strife.store import FAMILY_CLAUSES, Filters, Store, _where, family_of

MAX_POINTS = 2_000  # a view with at most this many events gets them one by one, else grid cells
CELL_PX = 64  # a grid cell's side on screen, in pixels (tiles are 256 px)
TIMELINE_FENCE = 3.0  # the timeline leaves out days this many interquartile ranges beyond the quartiles ...
TIMELINE_MIN_SPREAD = 30  # ... taking the interquartile range as at least this many days
LIVE = "review_status != 'rejected' AND event_type IS NOT NULL"  # the choices count ACLED's events not rejected
POINT_COLUMNS = ("id", "lat", "lon", "event_type", "sub_event_type", "date", "place_name", "country", "admin1",
                 "fatalities_best", "geo_precision", "verification", "review_status")


@dataclass(frozen=True, slots=True)
class Box:
    """A bounding box in degrees, west <= east (a box across the antimeridian is widened to every longitude)."""

    west: float = -180.0
    south: float = -90.0
    east: float = 180.0
    north: float = 90.0

    @classmethod
    def parse(cls, text: str) -> Box:
        """``W,S,E,N``; ValueError with the expected shape otherwise."""
        try:
            west, south, east, north = (float(part) for part in text.split(","))
        except ValueError:
            raise ValueError(f"{text!r} is not W,S,E,N (e.g. 30,10,45,40)") from None
        if not all(map(math.isfinite, (west, south, east, north))) or south > north or west > east:
            raise ValueError(f"{text!r} is not a box: west <= east and south <= north")
        if east - west >= 360 or west < -180 and east > -180 or east > 180 and west < 180:
            west, east = -180.0, 180.0  # the whole world, or across the antimeridian
        elif west < -180 or west > 180:
            shift = 360.0 * math.floor((west + 180) / 360)
            west, east = west - shift, east - shift
        return cls(max(west, -180.0), max(south, -90.0), min(east, 180.0), min(north, 90.0))


# --- the map ------------------------------------------------------------------------------------------------

def map_view(store: Store, filters: Filters, box: Box, zoom: int) -> dict:
    """The events of ``filters`` in ``box``: ``points`` (at most MAX_POINTS) or ``cells`` with their counts."""
    where, params = _where(filters, incidents=False)
    inside = f"{where} AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?"
    in_box = (box.south, box.north, box.west, box.east)
    places = point_counts(store, filters, in_box)
    in_view = sum(p[2] for p in places)
    unmapped = store.db.execute(f"SELECT count(*) FROM events WHERE {where} AND lat IS NULL", params).fetchone()[0]
    answer = {"in_view": in_view, "unmapped": unmapped, "zoom": zoom}
    if in_view <= MAX_POINTS:
        rows = store.db.execute(f"SELECT {', '.join(POINT_COLUMNS)} FROM events WHERE {inside} ORDER BY date, id",
                                (*params, *in_box))
        return {**answer, "mode": "points", "points": [dict(r) for r in rows]}
    return {**answer, "mode": "cells", "cells": grid_cells(places, cell_degrees(zoom))}


def point_counts(store: Store, filters: Filters, in_box: tuple[float, float, float, float]) -> list[tuple]:
    """(lat, lon, events, deaths) of each point in the box: from ``event_points`` when the filters are among
    its columns (the page's first view, a country, a type), else counted from the events (``events_map``)."""
    box = "lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?"
    if summarised(filters):
        where, params = points_where(filters)
        sql = f"SELECT lat, lon, sum(n), sum(killed) FROM event_points WHERE {where} AND {box} GROUP BY lat, lon"
    else:
        where, params = _where(filters, incidents=False)
        sql = (f"SELECT lat, lon, count(*), sum(fatalities_best) FROM events WHERE {where} AND {box} "
               "GROUP BY lat, lon")
    return [tuple(r) for r in store.db.execute(sql, (*params, *in_box))]


def count_events(store: Store, filters: Filters) -> int:
    """How many events match ``filters``: from ``event_points`` when it can answer (a million events are a few
    thousand rows there), else ``Store.count_events``."""
    if not summarised(filters):
        return store.count_events(filters)
    where, params = points_where(filters)
    return store.db.execute(f"SELECT coalesce(sum(n), 0) FROM event_points WHERE {where}", params).fetchone()[0]


def summarised(filters: Filters) -> bool:
    """Whether ``event_points`` can answer: no filter but on its columns."""
    return replace(filters, country=None, admin1=None, type=None, sub_type=None, include_rejected=False,
                   family=None) == Filters()


def points_where(filters: Filters) -> tuple[str, tuple]:
    """The WHERE clause of ``filters`` over ``event_points``, as ``strife.store`` matches them over events."""
    rejected = "1" if filters.include_rejected else "review_status != 'rejected'"
    clauses, params = [rejected, FAMILY_CLAUSES[family_of(filters)]], []
    for value, clause in ((filters.country, "country = upper(?)"), (filters.admin1, "admin1 = ? COLLATE NOCASE"),
                          (filters.type, "event_type = ? COLLATE NOCASE"),
                          (filters.sub_type, "sub_event_type = ? COLLATE NOCASE")):
        if value:
            clauses.append(clause)
            params.append(value)
    return " AND ".join(clauses), tuple(params)


def cell_degrees(zoom: int) -> float:
    """A cell's side in degrees of longitude at ``zoom`` (Leaflet's: the world is 256 * 2**zoom px wide)."""
    return 360.0 / (256 * 2 ** zoom) * CELL_PX


def grid_cells(places, size: float) -> list[dict]:
    """Points (lat, lon, n, killed) binned into cells of ``size`` degrees, each at its events' mean point."""
    cells: dict[tuple[int, int], list[float]] = {}
    for lat, lon, n, killed in places:
        key = (math.floor(lat / size), math.floor(lon / size))
        cell = cells.setdefault(key, [0, 0.0, 0.0, 0, 0])
        cell[0] += n
        cell[1] += lat * n
        cell[2] += lon * n
        cell[3] += killed or 0
        cell[4] += 1
    return [{"lat": round(sum_lat / n, 5), "lon": round(sum_lon / n, 5), "count": n, "killed": killed,
             "points": points, "bounds": [row * size, col * size, (row + 1) * size, (col + 1) * size]}
            for (row, col), (n, sum_lat, sum_lon, killed, points) in cells.items()]


# --- the timeline -------------------------------------------------------------------------------------------

def timeline(store: Store, filters: Filters) -> dict:
    """Counts of the events of ``filters`` (its dates aside: the brush shows them) in bins over a robust range."""
    where, params = _where(replace(filters, since=None, until=None), incidents=False)
    days = [(r[0], r[1]) for r in store.db.execute(
        f"SELECT date, count(*) FROM events WHERE {where} AND date IS NOT NULL GROUP BY date ORDER BY date",
        params)]
    undated = store.db.execute(f"SELECT count(*) FROM events WHERE {where} AND date IS NULL", params).fetchone()[0]
    answer = {"undated": undated, "before": 0, "after": 0, "bins": [], "range": None, "width": None}
    parsed = [(day, n) for day, n in ((_day(d), n) for d, n in days) if day]
    if not parsed:
        return answer
    first, last = robust_range(parsed)
    width = "day" if (last - first).days <= 120 else "week" if (last - first).days <= 730 else "month"
    counts: Counter = Counter()
    for day, n in parsed:
        if day < first:
            answer["before"] += n
        elif day > last:
            answer["after"] += n
        else:
            counts[bin_start(day, width)] += n
    starts = bin_starts(first, last, width)
    answer.update(range=[first.isoformat(), last.isoformat()], width=width,
                  bins=[{"start": s.isoformat(), "end": (e - dt.timedelta(days=1)).isoformat(), "count": counts[s]}
                        for s, e in zip(starts, starts[1:] + [next_bin(starts[-1], width)], strict=True)])
    return answer


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except (TypeError, ValueError):
        return None


def robust_range(days: list[tuple[dt.date, int]]) -> tuple[dt.date, dt.date]:
    """The first and last day of the events but for outliers: days beyond Tukey's far-out fences, TIMELINE_FENCE
    interquartile ranges (at least TIMELINE_MIN_SPREAD days) past the quartiles. One event mis-dated by years
    among a year's events is left out; a spread of years, however uneven, is kept whole."""
    total = sum(n for _, n in days)
    q1, q3 = quantile(days, total, 0.25), quantile(days, total, 0.75)
    fence = dt.timedelta(days=TIMELINE_FENCE * max((q3 - q1).days, TIMELINE_MIN_SPREAD))
    first = next(day for day, _ in days if day >= q1 - fence)
    last = next(day for day, _ in reversed(days) if day <= q3 + fence)
    return first, last


def quantile(days: list[tuple[dt.date, int]], total: int, share: float) -> dt.date:
    seen = 0
    for day, n in days:
        seen += n
        if seen >= share * total:
            return day
    return days[-1][0]


def bin_start(day: dt.date, width: str) -> dt.date:
    if width == "month":
        return day.replace(day=1)
    if width == "week":
        return day - dt.timedelta(days=day.weekday())
    return day


def next_bin(start: dt.date, width: str) -> dt.date:
    if width == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start + dt.timedelta(days=7 if width == "week" else 1)


def bin_starts(first: dt.date, last: dt.date, width: str) -> list[dt.date]:
    starts = [bin_start(first, width)]
    while (following := next_bin(starts[-1], width)) <= last:
        starts.append(following)
    return starts


# --- the filters' choices -----------------------------------------------------------------------------------

def facets(store: Store, country: str | None = None) -> dict:
    """The events in all (``total``), every country (ISO2, name, ISO numeric for the outlines, count), event
    and sub-event type with counts; the admin-1 units of ``country`` when one is given. Rejected events aside."""
    names = country_names()
    countries = [{"code": code, "name": names.get(code, (code, ""))[0], "numeric": names.get(code, ("", ""))[1],
                  "count": n}
                 for code, n in store.db.execute("SELECT country, sum(n) FROM event_points WHERE country IS NOT NULL "
                                                 f"AND {LIVE} GROUP BY country")]
    types: dict[str, dict] = {}
    total = 0
    for event_type, sub_type, n in store.db.execute(
            f"SELECT event_type, sub_event_type, sum(n) FROM event_points WHERE {LIVE} "
            "GROUP BY event_type, sub_event_type"):
        total += n
        entry = types.setdefault(event_type, {"name": event_type, "count": 0, "sub_types": []})
        entry["count"] += n
        if sub_type:
            entry["sub_types"].append({"name": sub_type, "count": n})
    admin1 = [] if not country else [{"name": name, "count": n} for name, n in store.db.execute(
        f"SELECT admin1, sum(n) FROM event_points WHERE country = ? AND admin1 IS NOT NULL AND {LIVE} GROUP BY admin1",
        (country.upper(),))]
    return {"total": total, "countries": sorted(countries, key=lambda c: c["name"]),
            "types": sorted(types.values(), key=lambda t: t["name"]),
            "admin1": sorted(admin1, key=lambda a: a["name"])}


@functools.cache
def country_names() -> dict[str, tuple[str, str]]:
    """ISO2 -> (common English name, ISO 3166-1 numeric as the world atlas writes it: "760")."""
    import pycountry

    from strife.code.actors import country_names as common_names

    numeric = {c.alpha_2: c.numeric for c in pycountry.countries}
    return {code: (name, numeric.get(code, "")) for code, name in common_names().items()}
