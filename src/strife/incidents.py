"""Incidents: events from different articles (and outlets) that report the same thing, merged into one record.

Within an article, ``merge.py`` has already made one event per incident; here an event from a new article
joins the incident it is compatible with, or starts a new one. Compatibility is gates and some evidence:

- gates (all must hold against EVERY member, so that no chain of near-misses links unrelated events):
  a different article; compatible types (the same sub-event type, or a pair outlets confuse: the
  ``compatible_with`` column of ``data/taxonomy.tsv``); dates at most a day apart, each widened by its precision;
  places that do not contradict each other (same country; within a distance that grows with each place's
  precision, or the same admin-1 unit where a region is all one side knows).
- evidence (the best score against any member must reach ``IncidentRules.min_score``): the same or a nearby
  place (2), the same admin-1 unit (1), the same country only (0.5), the same named attacker (1), the same
  named target (0.5), the same non-zero toll (0.5). Type and date alone never merge. Against: two different
  (if compatible) sub-event types (-0.5); actors whose types contradict each other (-1 for the attacker, -0.5
  for the target), which lower the score rather than forbid the merge, since outlets and extractors disagree
  on who acted far more often than on where and when: a nearby place outweighs an attacker read differently,
  a shared region does not.

The merged record (``summarise``) keeps every member; its tolls follow UCDP and the coding guide:
``low`` is the lowest figure any member gives, ``high`` the highest, and ``best`` the LOWER MEDIAN of the
members' best figures. With two reports that is the lower one, as the coding guide says for conflicting
figures ("best the lowest specific one"); with three or more, one outlier (an early count, an inflated
figure) cannot move it, as it would move a min or a max.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from strife import config, taxonomy
from strife.config import Settings
from strife.geo import km_between
from strife.records import DATE_PRECISIONS, PLACE_PRECISIONS, Event

DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class IncidentRules:
    """The gates and evidence weights of incident merging: the ``[dates]`` and ``[incidents]`` settings, each
    explained in ``data/defaults.toml`` (how far outlets' reports of one event usually drift)."""

    date_half_width_days: dict[str, int]  # the days a date of each precision may mean
    date_gap_days: int
    undated_days_before_report: int
    place_radius_km: dict[str, float]
    min_score: float
    max_candidates: int
    same_place: float
    same_area: float
    same_country: float
    same_attacker: float
    same_target: float
    same_toll: float
    other_sub_type: float

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> IncidentRules:
        settings = settings or config.in_force()
        dates = settings.section("dates")
        fields = dict(settings.section("incidents"))
        return cls(date_half_width_days=dict(dates["half_width_days"]), date_gap_days=dates["gap_days"],
                   **{**fields, "place_radius_km": dict(fields["place_radius_km"])})


@dataclass(frozen=True, slots=True)
class Member:
    """What merging needs to know of one event (built from an ``Event`` or a stored row)."""

    event_id: str
    article_id: str
    event_type: str | None
    sub_event_type: str | None
    plover_type: str | None = None
    date: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: str = "unknown"
    published: dt.date | None = None
    source: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    place_name: str | None = None
    gazetteer_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: str = "unknown"
    actor1: str | None = None
    actor1_type: str | None = None
    actor2: str | None = None
    actor2_type: str | None = None
    fatalities_best: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    injured_best: int | None = None
    civilian_targeting: bool = False
    verification: str = "reported"
    confidence: float = 0.5

    @classmethod
    def from_event(cls, event: Event, published: dt.date | None = None) -> Member:
        place, a1, a2, toll = event.location, event.actor1, event.actor2, event.fatalities
        return cls(
            event_id=event.id, article_id=event.article_id, event_type=event.event_type,
            sub_event_type=event.sub_event_type, plover_type=event.plover_type, date=event.date.date,
            date_end=event.date.date_end, date_precision=event.date.precision,
            published=event.published or published, source=event.source, country=place.country,
            admin1=place.admin1, admin2=place.admin2, place_name=place.name, gazetteer_id=place.gazetteer_id,
            lat=place.lat, lon=place.lon, geo_precision=place.precision,
            actor1=a1.name if a1 else None, actor1_type=a1.type if a1 else None,
            actor2=a2.name if a2 else None, actor2_type=a2.type if a2 else None,
            fatalities_best=toll.best, fatalities_low=toll.low, fatalities_high=toll.high,
            injured_best=event.injured.best if event.injured else None,
            civilian_targeting=event.civilian_targeting, verification=event.attribution.verification,
            confidence=event.confidence,
        )


@dataclass(frozen=True, slots=True)
class Match:
    """Why an event may join an incident: its score and the reasons, one short phrase each."""

    score: float
    reasons: tuple[str, ...]


# --- the gates and the evidence -----------------------------------------------------------------------------

def types_compatible(a: Member, b: Member) -> str | None:
    """The reason two events' types fit one incident, or None."""
    if a.event_type is None or b.event_type is None:
        if a.event_type is None and b.event_type is None and a.plover_type and a.plover_type == b.plover_type:
            return f"both {a.plover_type}"
        return None
    if a.sub_event_type == b.sub_event_type:
        return f"both {a.sub_event_type or a.event_type}"
    if a.sub_event_type is None or b.sub_event_type is None:
        return f"both {a.event_type}" if a.event_type == b.event_type else None
    if taxonomy.compatible(a.sub_event_type, b.sub_event_type):
        return f"{a.sub_event_type} ~ {b.sub_event_type}"
    return None


def date_window(m: Member, rules: IncidentRules) -> tuple[dt.date, dt.date] | None:
    """The days the event may have happened on, given its date's precision; None when nothing dates it."""
    if m.date and m.date_precision in rules.date_half_width_days:
        half = rules.date_half_width_days[m.date_precision] * DAY
        return m.date - half, (m.date_end or m.date) + half
    if m.published:
        return m.published - rules.undated_days_before_report * DAY, m.published
    return None


def dates_compatible(a: Member, b: Member, rules: IncidentRules) -> bool:
    """Whether the two windows overlap, or lie at most ``date_gap_days`` apart."""
    wa, wb = date_window(a, rules), date_window(b, rules)
    gap = rules.date_gap_days * DAY
    return bool(wa and wb and wa[0] <= wb[1] + gap and wb[0] <= wa[1] + gap)


def _same(x: str | None, y: str | None) -> bool:
    return bool(x and y and x.casefold() == y.casefold())


def place_evidence(a: Member, b: Member, rules: IncidentRules) -> tuple[float, str] | None:
    """How strongly two places say "the same incident" (score, reason); None when they contradict."""
    if a.country and b.country and a.country != b.country:
        return None
    if not a.country or not b.country:
        return 0.0, "place unknown in one report"
    if (a.gazetteer_id and a.gazetteer_id == b.gazetteer_id) or (
            _same(a.place_name, b.place_name) and a.geo_precision == b.geo_precision):
        town = a.geo_precision in ("neighbourhood", "city")
        return (rules.same_place if town else rules.same_area), f"same place {a.place_name}"
    coarse = {a.geo_precision, b.geo_precision}
    if coarse & {"country", "unknown"}:
        return rules.same_country, f"same country {a.country}"
    if "region" in coarse:
        if a.admin1 and b.admin1:
            return (rules.same_area, f"same admin-1 {a.admin1}") if _same(a.admin1, b.admin1) else None
    elif a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None:
        km = km_between(a.lat, a.lon, b.lat, b.lon)
        limit = rules.place_radius_km[a.geo_precision] + rules.place_radius_km[b.geo_precision]
        return (rules.same_place, f"{km:.0f} km apart (limit {limit:.0f})") if km <= limit else None
    if _same(a.admin1, b.admin1):
        return rules.same_area, f"same admin-1 {a.admin1}"
    return None if a.admin1 and b.admin1 else (rules.same_country, f"same country {a.country}")


def _wildcard(name: str | None) -> bool:
    return not name or name.casefold().startswith("unidentified")


def _side_evidence(name1, type1, name2, type2, weight: float) -> float:
    """+weight for the same named actor, -weight for actors of different types, else 0."""
    if _wildcard(name1) or _wildcard(name2):
        return 0.0
    if _same(name1, name2):
        return weight
    return -weight if type1 and type2 and type1 != type2 else 0.0


def actor_evidence(a: Member, b: Member, rules: IncidentRules) -> tuple[float, str]:
    """Score for the same named sides, against for contradicting ones. Battles' sides are unordered."""
    orders = [(b.actor1, b.actor1_type, b.actor2, b.actor2_type)]
    if taxonomy.has(a.sub_event_type, "two_sided"):
        orders.append((b.actor2, b.actor2_type, b.actor1, b.actor1_type))
    best = max(_side_evidence(a.actor1, a.actor1_type, n1, t1, rules.same_attacker)
               + _side_evidence(a.actor2, a.actor2_type, n2, t2, rules.same_target) for n1, t1, n2, t2 in orders)
    return best, ("same actors" if best > 0 else "actors differ" if best < 0 else "")


def toll_evidence(a: Member, b: Member, rules: IncidentRules) -> tuple[float, str]:
    if a.fatalities_best and a.fatalities_best == b.fatalities_best:
        return rules.same_toll, f"same toll {a.fatalities_best}"
    return 0.0, ""


def match_pair(new: Member, old: Member, rules: IncidentRules) -> Match | None:
    """Whether two events of different articles may be one incident, with the evidence for it."""
    if new.article_id == old.article_id or not dates_compatible(new, old, rules):
        return None
    kind = types_compatible(new, old)
    place = place_evidence(new, old, rules)
    if kind is None or place is None:
        return None
    actors, toll = actor_evidence(new, old, rules), toll_evidence(new, old, rules)
    other_kind = rules.other_sub_type if new.sub_event_type and old.sub_event_type != new.sub_event_type else 0.0
    reasons = (kind, "dates agree", place[1], actors[1], toll[1])
    return Match(place[0] + actors[0] + toll[0] + other_kind, tuple(r for r in reasons if r))


def match_incident(new: Member, members: Sequence[Member], rules: IncidentRules,
                   kept_apart: frozenset[str] = frozenset()) -> Match | None:
    """Complete linkage: the event must fit every member; its score is its best fit to any of them."""
    if not members or any(m.event_id in kept_apart for m in members):
        return None
    matches = [match_pair(new, m, rules) for m in members]
    if any(m is None for m in matches):
        return None
    best = max(matches, key=lambda m: m.score)
    return best if best.score >= rules.min_score else None


def best_incident(new: Member, candidates: Mapping[int, Sequence[Member]], rules: IncidentRules,
                  kept_apart: frozenset[str] = frozenset()) -> tuple[int, Match] | None:
    """The incident the event fits best (highest score, then the most members, then the oldest), or None."""
    found = [(incident_id, match) for incident_id, members in candidates.items()
             if (match := match_incident(new, members, rules, kept_apart))]
    if not found:
        return None
    return max(found, key=lambda f: (f[1].score, len(candidates[f[0]]), -f[0]))


# --- the merged record --------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Summary:
    """An incident's merged fields, computed from all its members."""

    event_type: str | None
    sub_event_type: str | None
    plover_type: str | None
    date: dt.date | None
    date_precision: str
    date_first: dt.date | None
    date_last: dt.date | None
    window_start: dt.date | None  # where a new event's dates must reach to join (for the store's search)
    window_end: dt.date | None
    country: str | None
    admin1: str | None
    admin2: str | None
    place_name: str | None
    lat: float | None
    lon: float | None
    geo_precision: str
    actor1: str | None
    actor1_type: str | None
    actor2: str | None
    actor2_type: str | None
    fatalities_best: int | None
    fatalities_low: int | None
    fatalities_high: int | None
    injured_best: int | None
    civilian_targeting: bool
    verification: str
    confidence: float
    n_events: int
    n_articles: int
    n_sources: int
    first_reported: dt.date | None
    last_reported: dt.date | None


def _mode(values: Iterable, default=None):
    """The most common non-empty value (the first seen wins a tie)."""
    counts = Counter(v for v in values if v is not None)
    return max(counts, key=counts.get) if counts else default


def lower_median(values: Sequence[int]) -> int | None:
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2] if ordered else None


def merged_best(members: Sequence[Member], best_of) -> int | None:
    """Lower median of the members' best figures (see the module docstring for why)."""
    return lower_median([figure for m in members if (figure := best_of(m)) is not None])


def merged_tolls(members: Sequence[Member]) -> tuple[int | None, int | None, int | None]:
    """(best, low, high): see the module docstring for the rule."""
    lows = [m.fatalities_low if m.fatalities_low is not None else m.fatalities_best for m in members]
    highs = [m.fatalities_high if m.fatalities_high is not None else m.fatalities_best for m in members]
    lows, highs = [x for x in lows if x is not None], [x for x in highs if x is not None]
    best = merged_best(members, lambda m: m.fatalities_best)
    low, high = (min(lows) if lows else None), (max(highs) if highs else None)
    if best is not None:
        low = best if low is None else min(low, best)
        high = best if high is None else max(high, best)
    return best, low, high


def _precision_rank(order: tuple[str, ...], value: str) -> int:
    return order.index(value) if value in order else len(order)


def _finest(members: Sequence[Member], precision, order: tuple[str, ...]) -> Member:
    return min(members, key=lambda m: _precision_rank(order, precision(m)))


def _merged_date(members: Sequence[Member]) -> tuple[dt.date | None, str]:
    """The date most reports agree on at the finest precision any gives (the earliest wins a tie)."""
    finest = _finest(members, lambda m: m.date_precision if m.date else "unknown", DATE_PRECISIONS)
    if finest.date is None:
        return None, "unknown"
    same = sorted(m.date for m in members if m.date and m.date_precision == finest.date_precision)
    return _mode(same), finest.date_precision


def _merged_place(members: Sequence[Member]) -> Member:
    """The member whose place is the most precise (the most common such place wins a tie)."""
    finest = _finest(members, lambda m: m.geo_precision, PLACE_PRECISIONS)
    peers = [m for m in members if m.geo_precision == finest.geo_precision]
    name = _mode(m.place_name for m in peers)
    return next((m for m in peers if m.place_name == name), finest)


def _merged_actor(members: Sequence[Member], name_of, type_of) -> tuple[str | None, str | None]:
    named = [m for m in members if name_of(m)]
    known = [m for m in named if not _wildcard(name_of(m))] or named
    name = _mode(name_of(m) for m in known)
    return name, next((type_of(m) for m in known if name_of(m) == name), None)


def _merged_verification(members: Sequence[Member]) -> str:
    kinds = [m.verification for m in members]
    return "reported" if "reported" in kinds else _mode(kinds, "reported")


def _windows(members: Sequence[Member], rules: IncidentRules) -> tuple[dt.date | None, dt.date | None]:
    windows = [w for m in members if (w := date_window(m, rules))]
    return (min(w[0] for w in windows), max(w[1] for w in windows)) if windows else (None, None)


def summarise(members: Sequence[Member], rules: IncidentRules) -> Summary:
    """One incident's record from its member events (at least one)."""
    kind = _mode((m.event_type, m.sub_event_type, m.plover_type) for m in members)
    date, precision = _merged_date(members)
    dates = [m.date for m in members if m.date]
    place = _merged_place(members)
    actor1, actor1_type = _merged_actor(members, lambda m: m.actor1, lambda m: m.actor1_type)
    actor2, actor2_type = _merged_actor(members, lambda m: m.actor2, lambda m: m.actor2_type)
    best, low, high = merged_tolls(members)
    reported = [m.published for m in members if m.published]
    window_start, window_end = _windows(members, rules)
    return Summary(
        event_type=kind[0], sub_event_type=kind[1], plover_type=kind[2], date=date, date_precision=precision,
        date_first=min(dates, default=None), date_last=max(dates, default=None),
        window_start=window_start, window_end=window_end,
        country=place.country, admin1=place.admin1, admin2=place.admin2, place_name=place.place_name,
        lat=place.lat, lon=place.lon, geo_precision=place.geo_precision,
        actor1=actor1, actor1_type=actor1_type, actor2=actor2, actor2_type=actor2_type,
        fatalities_best=best, fatalities_low=low, fatalities_high=high,
        injured_best=merged_best(members, lambda m: m.injured_best),
        civilian_targeting=any(m.civilian_targeting for m in members),
        verification=_merged_verification(members), confidence=max(m.confidence for m in members),
        n_events=len(members), n_articles=len({m.article_id for m in members}),
        n_sources=len({m.source.casefold() for m in members if m.source}),
        first_reported=min(reported, default=None), last_reported=max(reported, default=None),
    )
