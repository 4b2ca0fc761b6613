"""code: a detected Mention becomes an Event, one coder a field family, each returning its evidence.

The coders are ``dates``, ``places``, ``actors``, ``tolls`` and ``attribution``; this module only assembles
their answers and the evidence list.
"""

from __future__ import annotations

from strife import taxonomy
from strife.code import actors, attribution, dates, places, tolls
from strife.records import Event, Mention, ParsedArticle, Span


def code_mention(article: ParsedArticle, mention: Mention) -> Event:
    place = places.locate(article, mention)
    country = place.country or places.article_country(article)
    actor1, actor2 = actors.actors_for(article, mention, country)
    fatalities, injured = tolls.tolls_for(article, mention)
    harmed = any(t is not None and t.best for t in (fatalities, injured))
    acted_upon = actor2 or actors.unnamed_victims(mention.sub_event_type, country, actor1, harmed)
    when = dates.date_for(article, mention)
    credit = attribution.attribution_for(article, mention)
    plover_type, plover_mode = (mention.plover_type, None) if mention.plover_type \
        else taxonomy.plover_of(mention.sub_event_type)
    evidence = [mention.trigger]
    evidence += [s for s in (when.span, place.span) if s is not None]
    evidence += [a.span for a in (actor1, actor2) if a is not None and a.span is not None]
    evidence += [*fatalities.spans, *(injured.spans if injured else ()), *credit.spans]
    return Event(
        id="",
        article_id=article.clean.article_id,
        event_type=mention.event_type,
        sub_event_type=mention.sub_event_type,
        plover_type=plover_type,
        plover_mode=plover_mode,
        date=when,
        location=place,
        actor1=actor1,
        actor2=acted_upon,
        fatalities=fatalities,
        injured=injured,
        civilian_targeting=taxonomy.has(mention.sub_event_type, "targets_civilians")
        or (actor2 is not None and actor2.type == taxonomy.actor_type(actors.CIVILIANS)),
        attribution=credit,
        evidence=unique_spans(evidence),
        confidence=mention.score,
        source=article.clean.source,
        published=article.clean.published,
        sentence=(mention.sentence.start, mention.sentence.end),
    )


def unique_spans(spans: list[Span]) -> tuple[Span, ...]:
    """Spans without repeats (same offsets and field), in the order first given."""
    seen: set[tuple[int, int, str | None]] = set()
    out = []
    for s in spans:
        key = (s.start, s.end, s.field)
        if key not in seen:
            seen.add(key)
            out.append(s)
    return tuple(out)
