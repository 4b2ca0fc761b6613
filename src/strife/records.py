"""The records that travel between stages: frozen dataclasses, plain values, no spaCy objects.

Every offset indexes the article's clean text (``CleanText.text``). A ``Span`` is built only by
``span_of``, which slices the text itself, so a span's text cannot drift from its offsets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

DATE_PRECISIONS = ("day", "week", "month", "year", "unknown")
PLACE_PRECISIONS = ("neighbourhood", "city", "region", "country", "unknown")
VERIFICATIONS = ("reported", "claimed", "disputed", "unverified")


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the clean text: ``text == clean_text[start:end]``; ``field`` says what it supports."""

    start: int
    end: int
    text: str
    field: str | None = None

    def labelled(self, field_name: str) -> Span:
        return Span(self.start, self.end, self.text, field_name)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "field": self.field}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Span:
        return cls(d["start"], d["end"], d["text"], d.get("field"))


def span_of(text: str, start: int, end: int, field_name: str | None = None) -> Span:
    """The one way to make a Span: slice ``text``, trimming surrounding whitespace."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}:{end} outside a text of {len(text)} characters")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end], field_name)


@dataclass(frozen=True, slots=True)
class Article:
    """A document as read from its input, before cleaning."""

    id: str
    text: str | None = None
    html: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) when the input gives one
    source: str | None = None
    url: str | None = None
    title: str | None = None
    origin: str = ""  # where it came from: a path, "path:line", "-"
    page_date: str | None = None  # the date in an HTML page's metadata (ISO), used when `published` is None


@dataclass(frozen=True, slots=True)
class Skip:
    """An input that yields no article, with the reason (one line, for stderr and the store)."""

    origin: str
    reason: str
    article_id: str | None = None
    internal: bool = False  # a stage failed on the article (a bug), rather than the input being unusable


@dataclass(frozen=True, slots=True)
class CleanText:
    """The article's clean text, written once; every evidence offset indexes ``text``."""

    article_id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: dt.date | None = None
    anchor: dt.date | None = None  # the date relative expressions resolve against
    anchor_origin: str = "none"  # input | metadata | dateline | none
    anchor_span: Span | None = None
    captions: tuple[tuple[int, int], ...] = ()  # photo captions and credits (kept in text, marked)
    boilerplate: tuple[tuple[int, int], ...] = ()  # trailing boilerplate (kept in text, marked)
    language: str = "en"

    def in_caption(self, start: int, end: int | None = None) -> bool:
        end = start if end is None else end
        return any(s <= start and end <= e for s, e in self.captions)

    def in_boilerplate(self, start: int) -> bool:
        return any(s <= start < e for s, e in self.boilerplate)


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a parsed sentence; ``i`` and ``head`` index the sentence's tokens."""

    i: int
    start: int
    end: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    ent: str = ""  # entity label (GPE, ORG, NORP, DATE, CARDINAL...) or ""


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the clean text. Only candidate sentences are parsed (``tokens`` non-empty)."""

    start: int
    end: int
    text: str
    index: int
    paragraph: int = 0
    in_caption: bool = False
    tokens: tuple[Token, ...] = ()
    entities: tuple[Span, ...] = ()  # spaCy entities, ``field`` = label
    # what the coders found in this sentence (``annotation``); a changed copy (``replace``, a parse) starts empty
    notes: dict[Hashable, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    # what was found in the sentence's text alone (``text_annotation``): shared by its records, before the parse
    # and after it (``nlp.to_sentence``), with and without it (``replace``)
    text_notes: dict[Hashable, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def parsed(self) -> bool:
        return bool(self.tokens)

    def annotation(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """The sentence's annotation ``key`` (its words, the actors it names, its counts of the dead), made by
        ``make`` the first time a coder asks: every mention and coder of the article that reads it shares one."""
        return annotation(self.notes, key, make)

    def text_annotation(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """The annotation ``key`` of the sentence's text (its phrases, its words): made once for every record of
        the sentence, so ``make`` must read the text alone, never the parse."""
        return annotation(self.text_notes, key, make)


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """What the coders read: the clean text and its sentences."""

    clean: CleanText
    sentences: tuple[Sentence, ...]
    # what the stages found in the article as a whole (``annotation``), shared by its views (``replace``): the
    # article before its parse and after, ACLED's view and the political events'. What is noted before the parse
    # reads the text alone (the relevance, the sentences detection and the political reader read); the rest
    # (places, dates) is noted by the coders, after it.
    notes: dict[Hashable, Any] = field(default_factory=dict, repr=False, compare=False)

    def annotation(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """The article's annotation ``key`` (its place mentions, its dates), made by ``make`` the first time a
        coder asks: every mention of the article shares one."""
        return annotation(self.notes, key, make)

    def sentence_at(self, offset: int) -> Sentence | None:
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None


def annotation(notes: dict[Hashable, Any], key: Hashable, make: Callable[[], Any]) -> Any:
    """``notes[key]``, made by ``make`` when not there yet."""
    try:
        return notes[key]
    except KeyError:
        value = notes[key] = make()
        return value


@dataclass(frozen=True, slots=True)
class Mention:
    """One sentence's report of an event, found by ``detect``."""

    article_id: str
    sentence: Sentence
    trigger: Span
    event_type: str | None
    sub_event_type: str | None
    plover_type: str | None = None
    in_caption: bool = False
    score: float = 1.0  # detector's belief that this is a real event of this type
    cues: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    type: str | None
    country: str | None = None
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"mention": self.span.text if self.span else None, "name": self.name,
                "type": self.type, "country": self.country}


@dataclass(frozen=True, slots=True)
class Place:
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str = "unknown"
    gazetteer_id: str | None = None
    mention: str | None = None
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"mention": self.mention, "name": self.name, "admin1": self.admin1, "admin2": self.admin2,
                "country": self.country, "lat": self.lat, "lon": self.lon, "precision": self.precision,
                "gazetteer_id": self.gazetteer_id}


UNKNOWN_PLACE = Place()


@dataclass(frozen=True, slots=True)
class Toll:
    """Deaths (or injuries): UCDP's low/best/high, with the spans of every number used."""

    best: int | None = None
    low: int | None = None
    high: int | None = None
    spans: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        mention = "; ".join(s.text for s in self.spans) or None
        return {"best": self.best, "low": self.low, "high": self.high, "mention": mention}


NO_TOLL = Toll()


@dataclass(frozen=True, slots=True)
class EventDate:
    date: dt.date | None = None
    date_end: dt.date | None = None
    precision: str = "unknown"
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Attribution:
    reported_by: tuple[str, ...] = ()
    verification: str = "reported"
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Event:
    """One event of one article, every coded field with its evidence."""

    id: str
    article_id: str
    event_type: str | None
    sub_event_type: str | None
    date: EventDate
    location: Place
    actor1: Actor | None
    actor2: Actor | None
    fatalities: Toll
    evidence: tuple[Span, ...]
    plover_type: str | None = None
    plover_mode: str | None = None
    injured: Toll | None = None
    civilian_targeting: bool = False
    attribution: Attribution = field(default_factory=Attribution)
    confidence: float = 0.5
    source: str | None = None
    published: dt.date | None = None
    sentence: tuple[int, int] | None = None  # (start, end) of the trigger's sentence: merge reads own facts there
    relevance: float | None = None  # the article's (strife.relevance), already folded into ``confidence``

    def to_dict(self) -> dict[str, Any]:
        """The record of ``data/event.schema.json`` (what ``--format jsonl`` prints)."""
        return {
            "id": self.id,
            "article_id": self.article_id,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "plover_type": self.plover_type,
            "plover_mode": self.plover_mode,
            "date": self.date.date.isoformat() if self.date.date else None,
            "date_end": self.date.date_end.isoformat() if self.date.date_end else None,
            "date_precision": self.date.precision,
            "location": self.location.to_dict(),
            "actor1": self.actor1.to_dict() if self.actor1 else None,
            "actor2": self.actor2.to_dict() if self.actor2 else None,
            "fatalities": self.fatalities.to_dict(),
            "injured": self.injured.to_dict() if self.injured else None,
            "civilian_targeting": self.civilian_targeting,
            "reported_by": list(self.attribution.reported_by),
            "verification": self.attribution.verification,
            "evidence": [s.to_dict() for s in self.evidence],
            "confidence": round(self.confidence, 4),
            "relevance": self.relevance,
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, record: dict[str, Any], published: dt.date | None = None) -> Event:
        """The event a schema record was made from (``to_dict`` inverted), each field's span taken back from
        the evidence; ``published`` is its article's day, which the record does not carry."""
        evidence = tuple(Span.from_dict(s) for s in record["evidence"])
        spans = {name: [s for s in evidence if s.field == name]
                 for name in ("date", "location", "actor1", "actor2", "fatalities", "injured", "reported_by")}
        when = record.get("date")
        return cls(
            id=record["id"], article_id=record["article_id"], event_type=record["event_type"],
            sub_event_type=record["sub_event_type"], plover_type=record.get("plover_type"),
            plover_mode=record.get("plover_mode"),
            date=EventDate(day_of(record.get("date")), day_of(record.get("date_end")), record["date_precision"],
                           next(iter(spans["date"]), None) if when else None),
            location=_place_of(record["location"], spans["location"]),
            actor1=_actor_of(record.get("actor1"), spans["actor1"]),
            actor2=_actor_of(record.get("actor2"), spans["actor2"]),
            fatalities=_toll_of(record["fatalities"], spans["fatalities"]),
            injured=_toll_of(record["injured"], spans["injured"]) if record.get("injured") else None,
            civilian_targeting=record.get("civilian_targeting", False),
            attribution=Attribution(tuple(record.get("reported_by") or ()), record.get("verification", "reported"),
                                    tuple(spans["reported_by"])),
            evidence=evidence, confidence=record.get("confidence", 0.5), source=record.get("source"),
            published=published, relevance=record.get("relevance"),
        )


def day_of(value: str | None) -> dt.date | None:
    """The date of an ISO day ("2024-05-06"), None for None or ""."""
    return dt.date.fromisoformat(value) if value else None


def _place_of(d: dict[str, Any], spans: list[Span]) -> Place:
    return Place(name=d.get("name"), country=d.get("country"), admin1=d.get("admin1"), admin2=d.get("admin2"),
                 lat=d.get("lat"), lon=d.get("lon"), precision=d.get("precision", "unknown"),
                 gazetteer_id=d.get("gazetteer_id"), mention=d.get("mention"), span=next(iter(spans), None))


def _actor_of(d: dict[str, Any] | None, spans: list[Span]) -> Actor | None:
    if d is None:
        return None
    span = next((s for s in spans if s.text == d.get("mention")), None)
    return Actor(d["name"], d.get("type"), d.get("country"), span)


def _toll_of(d: dict[str, Any], spans: list[Span]) -> Toll:
    """The toll with the spans its ``mention`` joins (a merged event's evidence may hold other members')."""
    left = list(spans)
    own = []
    for text in (d.get("mention") or "").split("; "):
        span = next((s for s in left if s.text == text), None)
        if span is not None:
            left.remove(span)
            own.append(span)
    return Toll(d.get("best"), d.get("low"), d.get("high"), tuple(own))
