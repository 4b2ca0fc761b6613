"""Mentions of one incident within an article become one event (coding guide §1).

The same incident told in the headline, the lede, a later paragraph and a caption is one event: its facts are
merged and every span kept. Events on different days, at different places, or of different types stay apart.
A date or place counts only where the mention's own words give it (its span near the trigger): one inherited
from an earlier sentence says nothing about which incident the mention is. A mention that names neither day
nor place of its own joins the nearest event before it of the same type.
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import cache
from pathlib import Path

from strife import relevance as relevance_model
from strife import taxonomy
from strife.code.dates import date_words
from strife.code.tolls import UNNUMBERED_RANK, toll_rank
from strife.config import tuned
from strife.errors import ConfigError
from strife.geo import km_between
from strife.lexicon import data_rows, table_rows
from strife.records import UNKNOWN_PLACE, Actor, Event, EventDate, Place, Span, Toll

# Without the sentence: characters around a trigger where its own facts lie. A day often opens a sentence ("The
# previous day, ..."); a place named well before the trigger is more often the previous sentence's.
DATE_BEFORE, DATE_AFTER, PLACE_BEFORE, PLACE_AFTER = 150, 250, 60, 120
HEADLINE_REACH = 60
HEADLINE_LINE = 200  # a first line longer than this is a paragraph, not a title
FLOOR = 0.5  # an event believed less than this is not reported
SURE = 0.8  # a vague event this sure of itself stands alone when nothing else tells its story
CALIBRATION_FILE = "confidence_calibration.tsv"
NIGHT_WORDS = tuple(date_words()["night"])  # a date across a night ("late Friday"): the next day may be its
PRECISION_RANK = {"neighbourhood": 0, "city": 1, "region": 2, "country": 3, "unknown": 4}
DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
GENERIC_SCORE = 0.5  # below this a mention types nothing by itself: it joins any event beside it
ACTOR_FIELDS = ("actor1", "actor2")
WEAK_SCORE = 0.7  # a mention this unsure of its type may join an event of another sub-type of the same type


def first_offset(event: Event) -> int:
    """Where the text first tells of the mention: its earliest span, but not an actor's the coder took from a
    sentence around the mention's (the side that acted told nearby, the victims told next)."""
    lo, hi = event.sentence or (0, 0)
    return min((s.start for s in event.evidence
                if not (s.field in ACTOR_FIELDS and event.sentence and not lo <= s.start < hi)), default=0)


def _km(a: Place, b: Place) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    return km_between(a.lat, a.lon, b.lat, b.lon)


def places_compatible(a: Place, b: Place) -> bool:
    """Unknown places fit anything; otherwise one must lie within the other's reach."""
    if a.precision == "unknown" or b.precision == "unknown":
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if "region" in (a.precision, b.precision) and "country" not in (a.precision, b.precision) \
            and a.admin1 and b.admin1:
        return a.admin1 == b.admin1  # a province holds only its own towns, however near the next one lies
    distance = _km(a, b)
    if distance is not None:
        radius = tuned("merge.place_radius_km")
        return distance <= max(radius[a.precision], radius[b.precision])
    return a.name == b.name or "country" in (a.precision, b.precision)


def _night(d: EventDate) -> bool:
    """'Overnight', 'late Tuesday': a day that may have crossed midnight."""
    return d.span is not None and any(w in d.span.text.lower() for w in NIGHT_WORDS)


def dates_compatible(a: EventDate, b: EventDate) -> bool:
    """Unknown dates fit anything; two day-precise dates must be the same day (or the next, across a night);
    coarser ones must overlap."""
    if a.date is None or b.date is None:
        return True
    if a.precision == "day" and b.precision == "day":
        return abs((a.date - b.date).days) <= (1 if _night(a) or _night(b) else 0)
    return abs((a.date - b.date).days) <= _reach(a.precision) + _reach(b.precision)


def _reach(precision: str) -> int:
    """Days a mention's date may lie from another's: its half width, and for a coarse date the gap as well."""
    halves = tuned("dates.half_width_days")
    if precision not in halves:
        return 0
    return halves[precision] + (0 if precision == "day" else tuned("dates.gap_days"))


def types_compatible(a: Event, b: Event, loose: bool = False) -> bool:
    """Same sub-type; a weak or ``loose`` mention beside one of the same type; a bare killing beside any."""
    if a.sub_event_type == b.sub_event_type:
        return a.plover_type == b.plover_type
    if a.event_type is None or b.event_type is None:
        return False
    weakest = min(a.confidence, b.confidence)
    return weakest < GENERIC_SCORE or (a.event_type == b.event_type and (loose or weakest < WEAK_SCORE))


def _trigger(event: Event) -> Span:
    return next((s for s in event.evidence if s.field == "event_type"), event.evidence[0])


def _own(span: Span | None, event: Event, before: int, after: int) -> bool:
    """Is the span in the trigger's sentence (or, where the event does not say which, near the trigger)?"""
    if span is None:
        return False
    if event.sentence is not None:
        return event.sentence[0] <= span.start < event.sentence[1]
    trigger = _trigger(event)
    return trigger.start - before <= span.start <= trigger.end + after


def _headline(event: Event) -> bool:
    """Without the sentence, a trigger at the very start of the text is taken for a headline's, whose day and
    place the coders read from the dateline that follows it."""
    return event.sentence is None and _trigger(event).start < HEADLINE_REACH


def own_date(event: Event) -> EventDate:
    if _headline(event) or not _own(event.date.span, event, DATE_BEFORE, DATE_AFTER):
        return EventDate()
    return event.date


def own_place(event: Event) -> Place:
    if _headline(event) or not _own(event.location.span, event, PLACE_BEFORE, PLACE_AFTER):
        return UNKNOWN_PLACE
    return event.location


def _vague(event: Event) -> bool:
    """No day and no place of its own: a headline's gist, a quote, a follow-up sentence."""
    return own_date(event).date is None and own_place(event).precision == "unknown"


def pair_compatible(a: Event, b: Event) -> bool:
    """Could ``b`` be the incident ``a`` is? Places named in the mentions' own sentences must fit (a mention
    without a day of its own still names where it happened); a vague ``b`` may join an event of another
    sub-type of its type (not the other way round)."""
    if taxonomy.escalation(a.sub_event_type, b.sub_event_type):  # a march that turned violent, told in two sentences
        return own_date(a).date is not None and own_date(b).date is not None and dates_compatible(
            own_date(a), own_date(b)) and places_compatible(own_place(a), own_place(b))
    if not (types_compatible(a, b, loose=_vague(b)) or _crowd_story(a, b)):
        return False
    if not places_compatible(own_place(a), own_place(b)):
        return False
    if _undated(a) and _opens_story(b) and not dates_compatible(a.date, b.date):
        return False  # below an undated lede, "Yesterday, activists reported that a drone hit ..." is another story
    return own_date(a).date is None or own_date(b).date is None or dates_compatible(own_date(a), own_date(b))


def _undated(event: Event) -> bool:
    """Nothing in the text dates the mention: it took the publication day (a date without a span). Then every
    dated sentence of the article dates a statement or another incident."""
    return event.date.date is not None and event.date.span is None


def _opens_story(event: Event) -> bool:
    """The mention's own day opens its sentence ("Yesterday, SOHR activists reported that ...", "On July 20,
    ..."): the way a report turns to another incident, told with its own day."""
    span = own_date(event).span
    return (span is not None and event.sentence is not None
            and span.start - event.sentence[0] <= tuned("merge.story_opening_chars"))


def _crowd_story(a: Event, b: Event) -> bool:
    """A crowd's event, then a sentence with no day or place of its own that tells of that crowd or of arrests
    ("35 protesters were arrested", "several marchers were detained"): the same protest or riot (coding guide:
    protesters dispersed, arrested or blocked are one event)."""
    return taxonomy.has(a.sub_event_type, "crowd") and _vague(b) and (
        taxonomy.has(b.sub_event_type, "crowd") or taxonomy.is_kind(b.sub_event_type, "arrests"))


def compatible(group: list[Event], event: Event) -> bool:
    return all(pair_compatible(member, event) for member in group)


def headline_end(text: str) -> int:
    """Where the text's headline ends: its first line when that is a title (short, followed by a line break, no
    full stop); 0 when the text opens with a sentence of its body."""
    end = text.find("\n")
    title = 0 < end <= HEADLINE_LINE and not text[:end].rstrip().endswith(".")
    return end if title else 0


def _headline_mentions(events: list[Event], end: int) -> frozenset[int]:
    """(The ids of) the mentions of the headline that name no day of their own: summaries of stories the body
    tells in full."""
    return frozenset(id(e) for e in events if _trigger(e).start < end and own_date(e).date is None)


def _group(events: list[Event], headline: frozenset[int] = frozenset()) -> list[list[Event]]:
    """Each mention, in the order the text tells them, joins the nearest earlier group it fits or starts its own;
    then a group told only in the headline joins the body's telling of its story (``_headline_home``)."""
    groups: list[list[Event]] = []
    for event in sorted(events, key=first_offset):
        latest_first = sorted(groups, key=lambda g: -first_offset(g[-1]))
        target = next((g for g in latest_first if compatible(g, event)), None)
        if target is None:
            groups.append([event])
        else:
            target.append(event)
    for group in [g for g in groups if all(id(e) in headline for e in g)]:
        home = _headline_home(group, [g for g in groups if g is not group])
        if home is not None:
            home.extend(group)
            groups.remove(group)
    return groups


def _headline_home(headline: list[Event], groups: list[list[Event]]) -> list[Event] | None:
    """The first body group at a place and day that fit the headline's and telling the same kind of event: the
    same type, else a crowd's event under a headline's crowd ("protests" over the body's riot) or under its deaths
    ("two shot dead" over the body's shooting of protesters). Two kinds of violence (a clash, an attack) may be
    two events."""
    def kinship(group: list[Event]) -> int:
        if any(m.event_type == e.event_type for m in group for e in headline):
            return 0
        crowd = [m for m in group if taxonomy.has(m.sub_event_type, "crowd")]
        told_by_crowd = any(taxonomy.has(e.sub_event_type, "crowd") for e in headline)
        deaths = any(taxonomy.has(e.sub_event_type, "lethal") for e in headline) and any(
            m.fatalities.best for m in crowd)  # "two shot dead" over the body's shooting of protesters
        return 1 if deaths or (told_by_crowd and crowd) else 2

    fitting = [g for g in groups if all(places_compatible(own_place(m), own_place(e))
                                        and dates_compatible(m.date, e.date) for m in g for e in headline)
               and all(m.event_type is not None for m in g)]
    ranked = sorted(fitting, key=lambda g: (kinship(g), first_offset(g[0])))
    if ranked and kinship(ranked[0]) < 2:
        return ranked[0]
    same = [g for g in groups if {m.sub_event_type for m in g} & {e.sub_event_type for e in headline}
            and all(dates_compatible(m.date, e.date) for m in g for e in headline)]
    return same[0] if len(same) == 1 else None  # a headline of two stories names its places loosely


def _best_place(group: list[Event]) -> Place:
    """The most precise place a member names itself (an inherited place only when none does; among equals,
    the surest member's)."""
    best = min(group, key=lambda e: (own_place(e).precision == "unknown",
                                     PRECISION_RANK.get(e.location.precision, 4), -e.confidence))
    return best.location


def _best_date(group: list[Event]) -> EventDate:
    """The most precise date a member names itself (an inherited date only when none does)."""
    best = min(group, key=lambda e: (own_date(e).date is None,
                                     DATE_RANK.get(e.date.precision, 4) if e.date.date else 5, -e.confidence))
    return best.date


def _best_toll(tolls: list[Toll | None], lethal: bool = False) -> Toll | None:
    """The most specific kind of toll stated (a number, then a vague quantity, then a death without a number,
    then none), so that a default for unnumbered deaths never beats a count. Among numbers, for an event that
    harms people by its nature (``lethal``): a best before a range, then the figure told first, in words or
    digits (the headline's or the lede's: later figures are more often a sub-group, another incident or a
    tally), or a sum built on it; for other events: a figure in digits, a best before a range, then the most
    figures (a lower number beside them is more often a sub-group than a conflicting report; a crowd's first
    figure is often its campaign's). Among deaths without a number, the lowest ("a man was murdered" 1 beside
    the default 3)."""
    stated = [t for t in tolls if t is not None and (t.best is not None or t.high is not None)]
    if not stated:
        return next((t for t in tolls if t is not None), None)
    rank = min(toll_rank(t) for t in stated)
    chosen = [t for t in stated if toll_rank(t) == rank]
    if rank >= UNNUMBERED_RANK:
        return min(chosen, key=lambda t: t.best if t.best is not None else math.inf)
    if not lethal:
        return max(chosen, key=lambda t: (any(c.isdigit() for s in t.spans for c in s.text), t.best is not None,
                                          len(t.spans)))
    if any(t.best is not None for t in chosen):
        chosen = [t for t in chosen if t.best is not None]
    first = min(chosen, key=lambda t: min(s.start for s in t.spans))
    return max(_sums_on(first, chosen), key=lambda t: len(t.spans), default=first)


def _sums_on(first: Toll, tolls: list[Toll]) -> list[Toll]:
    """The tolls that add to the figure told first ("two soldiers and three civilians" after "two killed")."""
    words = {s.text.lower() for s in first.spans}
    return [t for t in tolls if t is not first and first.best is not None and (t.best or 0) > first.best
            and words <= {s.text.lower() for s in t.spans}]


def _best_actor(actors: list[Actor | None]) -> Actor | None:
    """An actor the text names (it has a span) over one its type implies; then the most fully typed."""
    found = [a for a in actors if a is not None]
    return max(found, key=lambda a: (a.span is not None, a.type is not None, a.country is not None), default=None)


def _other_side(group: list[Event], actor1: Actor | None, two_sided: bool) -> Actor | None:
    """The best actor2 of the mentions that is not the merged event's actor1 (one mention's attacker is never
    the side it attacked); a battle's is armed, and where no mention names one acted upon, another mention's
    attacker is the other side (coding guide §3)."""
    def others(actors: list[Actor | None]) -> list[Actor]:
        found = [a for a in actors if a is not None and (actor1 is None or a.name != actor1.name)]
        return [a for a in found if a.type not in taxonomy.unarmed_types()] if two_sided else found

    return _best_actor(others([e.actor2 for e in group])
                       or (others([e.actor1 for e in group]) if two_sided else []))


def merged_confidence(group: list[Event]) -> float:
    """Mentions raise the belief: 1 - prod(1 - p), damped so that repeats never reach certainty."""
    disbelief = 1.0
    for i, event in enumerate(sorted(group, key=lambda e: -e.confidence)):
        disbelief *= 1 - event.confidence * (0.5 ** i)
    return round(min(0.99, 1 - disbelief), 4)


@cache
def _calibration(path: str | None = None) -> tuple[tuple[float, float], ...]:
    """(upper bound of raw confidence, calibrated probability) from ``data/confidence_calibration.tsv``, or from
    the file at ``path`` in the same format (a team's own, written by ``strife calibrate``)."""
    if path is not None:
        try:
            rows = table_rows(Path(path).read_text(encoding="utf-8"))
            return tuple((float(upper), float(value)) for upper, value, _ in rows)
        except (OSError, ValueError, StopIteration) as err:
            raise ConfigError(f"cannot read the confidence calibration {path}: {err}") from None
    try:
        return tuple((float(upper), float(value)) for upper, value, _ in data_rows(CALIBRATION_FILE))
    except FileNotFoundError:
        return ()


_calibration_in_force: list[str | None] = [None]  # the table file ``use_calibration`` chose; None: the shipped one


def use_calibration(path: str | None) -> None:
    """Calibrate with the table at ``path`` from now on in this process (None or "": the shipped table); the
    pipeline calls it with its ``pipeline.calibration`` setting. A table that cannot be read is a ConfigError."""
    _calibration(path or None)
    _calibration_in_force[0] = path or None


def calibration_table() -> tuple[tuple[float, float], ...]:
    """The (upper bound, calibrated value) rows in force."""
    return _calibration(_calibration_in_force[0])


def calibrated(raw: float) -> float:
    """The probability that an event of this raw confidence is real and rightly typed, as measured on the
    project's labelled reports (scripts/calibrate_confidence.py) or on a team's reviews (``strife calibrate``);
    the raw value where no map is shipped."""
    return next((value for upper, value in calibration_table() if raw <= upper), raw)


def _lead(group: list[Event]) -> Event:
    """The surest member, whose type the event takes; arrests told of a crowd leave the type to the crowd's
    event, made a protest with intervention if it was peaceful."""
    crowd = [e for e in group if taxonomy.has(e.sub_event_type, "crowd")]
    arrested = any(taxonomy.is_kind(e.sub_event_type, "arrests") for e in group)
    if not (crowd and arrested):
        return max(group, key=lambda e: e.confidence)
    lead = max(crowd, key=lambda e: e.confidence)
    if not taxonomy.is_kind(lead.sub_event_type, "peaceful"):
        return lead
    typed = taxonomy.named("intervention")
    plover, mode = taxonomy.plover_of(typed)
    return replace(lead, sub_event_type=typed, event_type=taxonomy.event_type_of(typed), plover_type=plover,
                   plover_mode=mode)


def _combine(group: list[Event]) -> Event:
    if len(group) == 1:
        return group[0]
    lead = _lead(group)
    evidence = sorted({(s.start, s.end, s.field): s for e in group for s in e.evidence}.values(),
                      key=lambda s: (s.start, s.end))
    sources = tuple(dict.fromkeys(n for e in group for n in e.attribution.reported_by))
    checked = [e.attribution for e in group if e.attribution.verification != "reported"]
    verdict = checked[0] if checked else lead.attribution
    spans = tuple(dict.fromkeys(s for e in group for s in e.attribution.spans))
    actor1 = _best_actor([e.actor1 for e in group])
    return replace(
        lead,
        date=_best_date(group),
        location=_best_place(group),
        actor1=actor1,
        actor2=_other_side(group, actor1, taxonomy.has(lead.sub_event_type, "two_sided")),
        fatalities=_best_toll([e.fatalities for e in group], taxonomy.has(lead.sub_event_type, "lethal"))
        or lead.fatalities,
        injured=_best_toll([e.injured for e in group]),
        civilian_targeting=any(e.civilian_targeting for e in group),
        attribution=replace(verdict, reported_by=sources, spans=spans),
        evidence=tuple(evidence),
        confidence=merged_confidence(group),
    )


def _backdrop(group: list[Event], groups: list[list[Event]]) -> bool:
    """Only vague mentions, and either unsure or of a kind that another event of the article has (a headline's
    "protesters killed" beside the lede's riot)."""
    if not all(_vague(e) for e in group):
        return False
    others = {f for g in groups if g is not group for e in g for f in _families(e)}
    return max(e.confidence for e in group) < SURE or bool(_families(group[0]) & others)


def _families(event: Event) -> frozenset[str | None]:
    """Kinds of event a headline may summarise loosely (the taxonomy's merge families: unrest, violence
    against people...); an event of no known sub-type is its own kind."""
    row = taxonomy.sub_type(event.sub_event_type)
    return row.merge_families if row is not None else frozenset({event.event_type})


def decide(events: list[Event], relevance: float | None = None,
           headline: int = 0) -> list[tuple[list[Event], Event | None, str]]:
    """Each group of mentions of one incident, the event it makes (None when dropped) and the rule that decided:
    ``kept``; ``backdrop`` (only vague mentions beside other events: "fighting continued elsewhere" beside
    dated incidents); ``floor`` (believed less than FLOOR once the article's ``relevance`` is folded in: an
    article that reports no conflict gives no sure event). ``headline``: where the text's headline ends
    (``headline_end``; 0 for none)."""
    events = list(events)
    groups = _group(events, _headline_mentions(events, headline))
    behind = [len(groups) > 1 and _backdrop(g, groups) for g in groups]
    if all(behind):
        behind = [False] * len(groups)
    factor = relevance_model.weight(relevance)
    decided: list[tuple[list[Event], Event | None, str]] = []
    for group, backdrop in zip(groups, behind, strict=True):
        event = _combine(group)
        event = replace(event, confidence=event.confidence * factor, relevance=relevance)
        if backdrop or event.confidence < FLOOR:
            decided.append((group, None, "backdrop" if backdrop else "floor"))
        else:
            decided.append((group, replace(event, confidence=calibrated(event.confidence)), "kept"))
    return decided


def merge_article_events(events: list[Event], relevance: float | None = None, headline: int = 0) -> list[Event]:
    """One article's events, one per incident, in order of first evidence, each with the article's
    ``relevance`` folded into its confidence; the groups ``decide`` drops are left out."""
    return sorted((e for _, e, _ in decide(events, relevance, headline) if e is not None), key=first_offset)
