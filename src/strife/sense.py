"""Sense per mention: does a coded mention have the participants its type needs?

Read after coding, so that the project's knowledge (its actor base, the coders' spans, ``data/sense_words.tsv``)
decides, not one article's wording; before merge, so that a mention dropped here neither joins nor starts an
event. The coding guide's conditions:

- an arrest needs a political dimension: protesters, journalists, activists, the opposition, armed groups, a
  security sweep in its sentence; an arrest for an ordinary charge (fraud, robbery, drugs) is none;
- in an article that is not a conflict report (relevance under ``relevance.FULL_AT``), every other event needs its
  first actor named in the text, not only implied by its type, and a battle or a strategic development needs that
  actor armed: the battle for a title, the clash of two firms, a "demonstration" of a phone name no armed side
  and no crowd. There, too, a capitalised trigger inside a sentence in ordinary case is a name (an album, a
  film, a band), not an event.
"""

from __future__ import annotations

from functools import cache

from strife import taxonomy
from strife.lexicon import data_rows, find_phrases
from strife.records import Event
from strife.relevance import FULL_AT

SENSE_FILE = "sense_words.tsv"
ARREST_REACH = 200  # characters around an arrest word searched when the event has no sentence
TITLE_CASE_SHARE = 0.5  # a sentence with more capitalised words than this is a headline in title case


@cache
def _kinds() -> dict[str, str]:
    return {phrase: kind for phrase, kind in data_rows(SENSE_FILE)}


def _sentence_of(event: Event, text: str) -> str:
    if event.sentence is not None:
        return text[event.sentence[0]:event.sentence[1]]
    trigger = event.evidence[0]
    return text[max(0, trigger.start - ARREST_REACH):trigger.end + ARREST_REACH]


def arrest_verdict(event: Event, text: str, relevance: float | None) -> str | None:
    """Why an arrest is not a political one, or None."""
    found = {_kinds()[p] for _, _, p in find_phrases(_sentence_of(event, text), SENSE_FILE)}
    if "political" in found:
        return None
    if "crime" in found:
        return "sense.arrest-ordinary-crime"
    if relevance is not None and relevance < FULL_AT:
        return "sense.arrest-not-political"
    return None


def verdict(event: Event, text: str, relevance: float | None) -> str | None:
    """The rule id that makes this coded mention no event of its type, or None when its participants fit."""
    if event.event_type is None:
        return None
    if taxonomy.is_kind(event.sub_event_type, "arrests"):
        return arrest_verdict(event, text, relevance)
    if relevance is None or relevance >= FULL_AT:
        return None
    actor = event.actor1
    if actor is None or actor.span is None:
        return "sense.actor-not-named"
    if taxonomy.has(event.sub_event_type, "armed_actor1") and actor.type not in taxonomy.armed_types():
        return "sense.actor-not-armed"
    return "sense.title" if _names_a_work(event, text) else None


def _names_a_work(event: Event, text: str) -> bool:
    """A capitalised trigger inside a sentence written in ordinary case ("her album, The Massacre, ...")."""
    trigger = event.evidence[0]
    if event.sentence is None or not trigger.text[:1].isupper() or trigger.start == event.sentence[0]:
        return False
    words = text[event.sentence[0]:event.sentence[1]].split()
    return sum(w[:1].isupper() for w in words) <= TITLE_CASE_SHARE * len(words)
