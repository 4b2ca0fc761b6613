"""Places: recognise place names in an article, resolve them with its context, link each event to its place.

Recognition matches capitalised word runs against the gazetteer, with cue and unit words and population
deciding; spaCy's entities, when a user turns its NER back on (``--set nlp.exclude=[]``; off by default, for
speed), only confirm or veto. So names spaCy misses are found and demonyms ("Syrian") are not taken for
places; a name the gazetteer lacks in a place's position ("in Baluchistan") is looked up by spelling variant in
the article's country.
Resolution scores each candidate by population, the country the article is about (voted by its place names
and demonyms), the larger unit named beside it ("Paletwa Township, Chin State", "Saraqib in Idlib
province"), the unit word after it ("X province"); a namesake in a country the article never names is not
taken. Linking takes, for an event mention, the place of its sentence nearest the trigger (more specific
units and places in the article's country preferred) that is not a dateline, the place of a statement ("told
the UN General Assembly in New York") or a landmark ("20 km south of X"); else the most specific place of
the nearest sentence before it that names one; else the article's first place in its country; a country
only when nothing more specific is named.
"""

from __future__ import annotations

import csv
import functools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources

from rapidfuzz import fuzz

from strife import gazetteer
from strife.code.dates import calendar_names
from strife.config import in_force, tuned
from strife.gazetteer import Entry, name_key
from strife.geo import km_between
from strife.knowledge import rule_pattern, rule_words
from strife.records import UNKNOWN_PLACE, Mention, ParsedArticle, Place, Sentence, span_of
from strife.words import Word, split_words

PRECISION_RANK = {"neighbourhood": 0, "city": 1, "region": 2, "country": 3}
CONNECTORS = frozenset("al el ad ar as ash at az an ez es ed er de del des du da do dos la le of the sur i y"
                       .split())
ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ez|es|ed|er)-[A-Z]")
DATELINE = re.compile(r"^\s*(?:[A-Z][A-Z.'’ -]+(?:/[A-Z][A-Z.'’ -]+)*"
                      r"(?:,\s*[A-Z][A-Za-z.]*(?:\s+\d{1,2})?){0,2}\s*(?:\([^)]{1,40}\))?"
                      r"|[A-Z][\w.'’-]*(?:[ /][A-Z][\w.'’-]*){0,3}(?:,\s*[A-Z][\w.]*(?:\s+\d{1,2})?){0,2}"
                      r"(?:\s*\([^)]{1,40}\)){1,2}"
                      r"|[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,3}(?=\s[–—]|\s?:))\s*(?:[-–—]+|:)\s")
DATELINE_LINES = 8
BYLINE = re.compile(r"^\s*By\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s*(?:,|\s+in\s+)\s*[A-Z][^\n]{0,60}$")
INLINE_DATELINE = re.compile(r"\b[A-Z]{4,}(?:[ /-][A-Z]{3,})*(?:,\s*[A-Z][a-z]+\.?(?:\s+\d{1,2})?)?"
                             r"\s*\((?:[A-Z][\w.]*\s?){1,2}\)\s*(?:[-–—]+|:)?")
INLINE_DATELINE_WITHIN = 800  # characters: a dateline run into the text after a flattened title
REJECTING_ENTITIES = frozenset("PERSON NORP ORG DATE TIME CARDINAL ORDINAL MONEY QUANTITY PERCENT "
                               "WORK_OF_ART LAW LANGUAGE EVENT PRODUCT".split())
PLACE_ENTITIES = frozenset(("GPE", "LOC", "FAC"))
BIG_TOWN = 500_000  # a name this big needs no cue word or entity label to count as a place
FAMOUS = 100_000
RIVAL_SHARE = 0.5  # a country with this share of the winner's votes may hold event places however far
NEXT_DOOR_TOWN = 20_000  # a town across the border the article does not name is taken at this size only
FUZZY_RATIO = 80  # rapidfuzz ratio a spelling variant needs (Saraqeb/Saraqib 86; not Myaung/Manaung 77)
PLACED_ROLES = frozenset(("event", "reference", "distant", "secondary"))  # resolved in the article's country
TITLE_WORD = 4  # letters: shorter words ("in", "of", "and") stay lower case in title-case headlines
TITLE_CASE_SHARE = 0.75
DEMONYM_WEIGHT = 0.5  # "Chinese-made", "Russian jets": a nationality, as often an actor's as the place's
UNCUED_COUNTRY_WEIGHT = 0.5  # a country's vote when named without "in": often an actor ("Russian jets")
REPEAT_WEIGHT = 0.25  # a town or region's vote each time it is named again ...
REPEATS_COUNTED = 4  # ... up to this many times
BETWEEN = re.compile(rf"\b{rule_pattern('route_opener')}\s+(?:the\s+)?(?:towns?\s+of\s+)?$")
LANDMARK_GAP = re.compile(rf",?\s+{rule_pattern('landmark_after')}\s+(?:the\s+)?(?:(?:city|town)\s+of\s+)?", re.I)


# ---------------------------------------------------------------------------------------------- records

@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place name in the clean text with its candidates and what its surroundings say about it."""

    start: int
    end: int
    text: str
    key: str
    candidates: tuple[Entry, ...]
    hint: str | None = None  # unit word beside it: region, city or neighbourhood
    role: str = "event"  # event, dateline, statement, secondary, reference, distant (landmark), demonym
    parent: int | None = None  # index of the mention of the larger unit it lies in
    unknown_part: tuple[int, int] | None = None  # a neighbourhood the gazetteer lacks
    cued: bool = False  # introduced as a place: "in X", "near X", "X province", "the town of X"
    origin: bool = False  # introduced as where someone or something comes from: "a worker from X"


@dataclass(frozen=True, slots=True)
class ArticlePlaces:
    country: str | None
    mentions: tuple[PlaceMention, ...]
    resolved: tuple[Entry | None, ...]


# ---------------------------------------------------------------------------------------------- word lists

@functools.cache
def place_words() -> dict[str, str]:
    """``data/place_words.tsv``: word -> role (see the file's header)."""
    text = resources.files("strife").joinpath("data", "place_words.tsv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    calendar = dict.fromkeys([*calendar_names("weekday"), *calendar_names("month")], "stop")  # "Friday", "May"
    return calendar | {r["word"]: r["role"] for r in csv.DictReader(lines, delimiter="\t")}


@functools.cache
def _words_of(role: str) -> frozenset[str]:
    return frozenset(w for w, r in place_words().items() if r == role)


@functools.cache
def _unit_words() -> dict[str, str]:
    """Unit word -> the kind of place it names; a settlement ("town", "village") is a city."""
    units = {"region": "region", "city": "city", "neighbourhood": "neighbourhood", "settlement": "city"}
    return {w: units[r] for w, r in place_words().items() if r in units}


@functools.cache
def _statement_before() -> re.Pattern[str]:
    words = "|".join(sorted(_words_of("statement")))
    return re.compile(rf"\b(?:{words})(?:\s+[\w'’.-]+){{0,4}}?\s+(?:in|at)\s+(?:the\s+)?"
                      rf"(?:(?:[A-Z][\w-]*\s+)?capital\s+|city\s+of\s+)?$", re.I)


@functools.cache
def _reference_before() -> re.Pattern[str]:
    """"20 km south of X", "north of X": X is a landmark the event is placed from, not its place."""
    units = "|".join(sorted(_words_of("distance"), key=len, reverse=True))
    return re.compile(rf"(?:\b(?:{units})\b[\s(),\w]{{0,20}}?|(?<!\bthe\s)\b(?:{_directions()})\s+)"
                      rf"(?:of|from)\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+|(?:[A-Z][\w-]*\s+)?capital,?\s+)?$",
                      re.I)


def _distance_km(reference: str) -> float | None:
    """The distance a landmark phrase gives ("some 190 km northwest of"), in km."""
    m = re.search(r"(\d[\d,]*(?:\.\d+)?)\s*-?\s*(k|mile)", reference, re.I)
    if not m:
        return None
    value = float(m.group(1).replace(",", ""))
    return value * 1.609 if m.group(2).lower() == "mile" else value


@functools.cache
def _neighbourhood_words() -> str:
    return "|".join(sorted(w for w, r in _unit_words().items() if r in ("neighbourhood", "city")))


# ---------------------------------------------------------------------------------------------- recognition

def _is_capitalised(word: str) -> bool:
    """A word that may be part of a name: capitalised or "al-Qaterji"; not "Indian-administered"."""
    if "-" in word and word.rsplit("-", 1)[1][:1].islower() and len(word.rsplit("-", 1)[1]) > 2:
        return False  # "Indian-administered", but "Sar-e Pol"
    return word[:1].isupper() or bool(ARTICLE_PREFIX.match(word))


@functools.cache
def _origin_words() -> frozenset[str]:
    return frozenset(rule_words("origin_preposition"))


@functools.cache
def _stop_words() -> frozenset[str]:
    return _words_of("stop") | _words_of("group")


def _is_stop_word(word: str) -> bool:
    """A capitalised word that is never a place on its own, also after an article ("al-Nusra", "Al-Nusra")."""
    article, _, rest = word.partition("-")
    return word in _stop_words() or (article.lower() in gazetteer.ARTICLES and rest in _stop_words())


def _without_bare_possessive(word: Word, gaz: gazetteer.Gazetteer) -> Word:
    """"Syrias" for "Syria's" in text that lost its apostrophes: the country's name."""
    text = word.text
    if len(text) > 4 and text.endswith("s") and text[0].isupper() \
            and any(e.kind == "country" for e in gaz.by_key(name_key(text[:-1]))):
        return word._replace(end=word.end - 1, text=text[:-1], low=word.low[:-1])
    return word


def _entity_label(sentence: Sentence, start: int, end: int) -> str | None:
    for ent in sentence.entities:
        if ent.start < end and start < ent.end:
            return ent.field
    return None


def _previous_word(words: Sequence[Word], i: int) -> str:
    return words[i - 1].text.lower() if i > 0 else ""


def _accepted(sentence: Sentence, words, i: int, j: int, found: tuple[Entry, ...],
              listed: tuple[bool, bool] = (False, False)) -> bool:
    """Whether the words i..j (a gazetteer match) are a place here, not a person, a group or a common word.
    ``listed``: whether a place name comes right before and right after it (a list that lost its commas)."""
    if j - i == 1 and _is_stop_word(words[i].text):
        return False
    if found[0].kind != "country" and (_names_group(words, j) or _names_government(words, i, j)):
        return False
    if _inside_longer_name(words, i, j, listed) and not _headline_place(words, i, j, found):
        return False
    if j - i == 1 and words[i].text.isupper() and len(words[i].text) <= 3 and found[0].kind != "country":
        return False  # an acronym ("IS", "PDF"), unless it names a country ("US")
    label = _entity_label(sentence, words[i].start, words[j - 1].end)
    if label in PLACE_ENTITIES or (label in ("ORG", "NORP") and found[0].kind == "country"):
        return True  # "the Cameroon defence forces" still says which country the article is about
    if _cued(words, i, j):
        return True
    top = found[0]
    well_known = top.kind in ("country", "region") or top.population >= BIG_TOWN
    return label not in REJECTING_ENTITIES and well_known


def _names_group(words, j: int) -> bool:
    """Whether the name ending before word j is part of an armed group's name ("Arakan Army"). A country's name
    is kept: "the Mali Army" still says which country the article is about."""
    return j < len(words) and words[j].start - words[j - 1].end <= 1 and words[j].text in _words_of("group")


def _names_government(words, i: int, j: int) -> bool:
    """Whether a town's name, not introduced as a place, stands for a government ("its Damascus ally")."""
    return j < len(words) and words[j].text in _words_of("government") and not _cued(words, i, j)


def _headline_place(words, i: int, j: int, found: tuple[Entry, ...]) -> bool:
    """A town or region introduced as a place in a title-case headline, where every word is capitalised:
    "Killed in Idleb Blast" names Idleb. Not a country: "Killed in US Strikes" names an actor."""
    return found[0].kind != "country" and _cued(words, i, j) and _title_case(words)


def _title_case(words) -> bool:
    """Whether a sentence is a headline in title case: most of its longer words capitalised."""
    long_words = [w.text for w in words if len(w.text) >= TITLE_WORD]
    capitalised = sum(1 for w in long_words if w[:1].isupper())
    return len(long_words) >= 4 and capitalised >= TITLE_CASE_SHARE * len(long_words)


def _modifier(sentence: Sentence, end: int) -> bool:
    """A name that modifies with a hyphen ("U.S.-led", "Iran-backed") is not a place named."""
    return sentence.text[end - sentence.start:end - sentence.start + 1] == "-"


def _inside_longer_name(words, i: int, j: int, listed: tuple[bool, bool] = (False, False)) -> bool:
    """"Abu" of "Abu Shouk camp", "Hospital" of "South Hospital": part of a longer capitalised name. A place
    name or a word that never names a place beside it is no part of it ("in Aleppo Hama Damascus", "in Aleppo
    The army" in text that lost its punctuation)."""
    before = words[i - 1].text if i > 0 and words[i].start - words[i - 1].end <= 1 else ""
    after = words[j].text if j < len(words) and words[j].start - words[j - 1].end <= 1 else ""
    loose = _words_of("locative") | _words_of("beside") | _words_of("direction") | _words_of("qualifier")
    joined_before = _is_capitalised(before) and before.lower() not in loose and before not in _stop_words() \
        and i > 1 and not listed[0]
    joined_after = _is_capitalised(after) and after.lower() not in _unit_words() and after not in _stop_words() \
        and not _names_facility(words, j) and not listed[1]
    return joined_before or joined_after


def _names_facility(words, j: int) -> bool:
    """Whether the capitalised words from j name a building or site ("University", "Sheraton Hotel"): the name
    before them is the town it stands in ("Dhaka University", "Damascus Sheraton Hotel")."""
    k = j
    while k < len(words) and k - j < 3 and words[k].start - words[k - 1].end <= 1 and _is_capitalised(words[k].text):
        if words[k].text in _words_of("facility"):
            return True
        k += 1
    return False


def _match_at(words, i: int, gaz: gazetteer.Gazetteer) -> tuple[int, tuple[Entry, ...]]:
    """The longest run of words from i that names a gazetteer place: (end index, candidates). The run may end
    in one lower-case word when the whole is a known name ("Deir ezzor" in text that lost its capitals)."""
    best: tuple[int, tuple[Entry, ...]] = (i, ())
    j = i
    while j < len(words) and j - i < 6:
        word = words[j].text
        if j > i and (words[j].start - words[j - 1].end > 2):
            break
        lower_end = not _is_capitalised(word) and word.lower() not in CONNECTORS
        if lower_end and j == i:
            break
        j += 1
        if _is_capitalised(word) or lower_end:
            found = gaz.by_key(name_key(" ".join(w.text for w in words[i:j])))
            if found:
                best = (j, found)
        if lower_end:
            break
    return best


def _unmatched_name(sentence: Sentence, words, i: int) -> PlaceMention | None:
    """A capitalised name the gazetteer lacks in a place's position ("in Baluchistan", "Hoshab area"): kept
    without candidates, for a spelling-variant lookup in the article's country."""
    j = i
    while j < len(words) and j - i < 4 and _is_capitalised(words[j].text) \
            and not _is_stop_word(words[j].text) and words[j].text.lower() not in _unit_words():
        j += 1
    if j == i or _inside_longer_name(words, i, j) or _modifier(sentence, words[j - 1].end):
        return None
    if not _cued(words, i, j):
        return None
    hint, end = _hint_after(words, j)
    start = words[i].start
    key = name_key(" ".join(w.text for w in words[i:j]))
    return PlaceMention(start, end, sentence.text[start - sentence.start:end - sentence.start], key, (), hint,
                        cued=True)


def _cued(words, i: int, j: int, beside: bool = True) -> bool:
    """Whether words i..j stand where a place is named: after "in", "near", "between", "town" (also "in
    northern X", "in rural X"), before "province"; after "near" or "from" only when ``beside``."""
    skip = _words_of("direction") | _words_of("qualifier")
    while i > 0 and _previous_word(words, i) in skip:
        i -= 1
    before, after = _previous_word(words, i), words[j].text.lower() if j < len(words) else ""
    if before == "of" and _of_a_proper_name(words, i - 1):
        return after in _unit_words()
    return (before in _words_of("locative") or before in _words_of("secondary") or before in _unit_words()
            or after in _unit_words() or (beside and before in _words_of("beside")) or _after_seat(words, i))


def _after_seat(words, i: int) -> bool:
    """Whether word i follows "the regional capital", "the Borno state capital": a region's seat named as a
    place (not "the capital X", often named in passing)."""
    if i < 2 or _previous_word(words, i) not in _words_of("seat"):
        return False
    return _previous_word(words, i - 1) in _words_of("administrative") | _unit_words().keys()


def _of_a_proper_name(words, k: int) -> bool:
    """Whether the "of" at word k follows a run of capitalised words ("Islamic State of", "Army of"): the name
    after it is part of an organisation's name, not introduced as a place."""
    if k < 2:
        return False
    (_, end, first, _), (start, _, second, _) = words[k - 2], words[k - 1]
    return _is_capitalised(first) and _is_capitalised(second) and start - end <= 1


def _after_country_possessive(words, i: int, gaz: gazetteer.Gazetteer) -> bool:
    """Whether word i follows a country's possessive ("Syria's Hama", "Syrias Hama" without its apostrophe): a
    place named as the country's, as surely as after "in"."""
    if i == 0:
        return False
    _, end, word, _ = words[i - 1]
    return 2 <= words[i].start - end <= 3 and any(e.kind == "country" for e in gaz.by_key(name_key(word)))


def _hint_after(words, j: int, found: tuple[Entry, ...] = ()) -> tuple[str | None, int]:
    """The unit word right after a name ("Idlib province", "Paletwa Township"): (kind, end offset). A country or
    region named before a unit word and "of" is the next place's larger unit: "the Mexico state of Sonora",
    "the Hama town of Kafr Zita". A region whose capital is a big city, called a town or village ("attack on
    Hama town"), names a town of that region, not its capital."""
    kind = _unit_words().get(words[j].text.lower()) if j < len(words) else None
    if kind is None:
        return None, words[j - 1].end
    larger = {e.kind for e in found} & {"country", "region"}
    if larger and kind != "neighbourhood" and j + 2 < len(words) and words[j + 1].text.lower() == "of" \
            and _is_capitalised(words[j + 2].text):
        return (None if "country" in larger else "region"), words[j - 1].end
    if "region" in larger and words[j].text.lower() in _words_of("settlement") and _big_city_namesake(found):
        return "region", words[j].end
    return kind, words[j].end


def _big_city_namesake(found: tuple[Entry, ...]) -> bool:
    """Whether a name also names a city too big to be called a town (Hama, Aleppo)."""
    return any(e.kind == "city" and e.population >= FAMOUS for e in found)


def _hint_before(words, i: int) -> str | None:
    """The unit word before "of": "the town of X", "Idlib province" vs "province of Idlib"."""
    if i >= 2 and words[i - 1].text.lower() == "of" and not _of_a_proper_name(words, i - 1):
        return _unit_words().get(words[i - 2].text.lower())
    return None


def _place_of_same_country_at(words, j: int, gaz: gazetteer.Gazetteer, found: tuple[Entry, ...]) -> bool:
    """Whether the words from j name a place in a country of ``found`` (a list of places: "Idlib Hama")."""
    if j >= len(words) or not _is_capitalised(words[j].text):
        return False
    countries = {e.country for e in found}
    return any(e.country in countries for e in _match_at(words, j, gaz)[1])


def sentence_places(sentence: Sentence, gaz: gazetteer.Gazetteer) -> list[PlaceMention]:
    """The place names of one sentence, with their unit hints; demonyms come back with role "demonym"."""
    words = [_without_bare_possessive(w, gaz) for w in split_words(sentence.text, "places", sentence.start)]
    countries = gazetteer.country_words()
    out: list[PlaceMention] = []
    last_place_end = -1  # index of the word after the last place accepted
    i = 0
    while i < len(words):
        start, _, word, _ = words[i]
        if not _is_capitalised(word):
            i += 1
            continue
        if countries.get(word, ("", ""))[1] == "demonym":
            out.append(PlaceMention(start, words[i].end, word, name_key(word), (), role="demonym"))
            i += 1
            continue
        j, found = _match_at(words, i, gaz)
        if not found:
            unknown = _unmatched_name(sentence, words, i)
            if unknown:
                out.append(unknown)
            i += 1
            continue
        listed = (last_place_end == i, _place_of_same_country_at(words, j, gaz, found))
        if _accepted(sentence, words, i, j, found, listed) and not _modifier(sentence, words[j - 1].end):
            last_place_end = j
            hint, end = _hint_after(words, j, found)
            hint = hint or _hint_before(words, i)
            text = sentence.text[start - sentence.start:end - sentence.start]
            out.append(PlaceMention(start, end, text, name_key(" ".join(w.text for w in words[i:j])), found,
                                    hint, cued=_cued(words, i, j, beside=found[0].kind != "country")
                                    or _after_country_possessive(words, i, gaz),
                                    origin=_previous_word(words, i) in _origin_words()))
            i = j
        else:
            i += 1
    return out


# --------------------------------------------------------------------------------------------- relations

NAME_WORD = r"(?:(?:al|el|ad|ar|as|ash|at|az|an|ez)-)?[A-Z][\w'’`-]*"
CAPRUN = rf"{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}}"
LIST_GAP = r",\s*(?:and\s+)?|\s+and\s+"  # between names of a list: "Aleppo, Idlib and Hama"
NEIGHBOURHOOD_GAP = r"\s+(?:in|of)\s+(?:the\s+)?(?:(?:capital|city)\s+(?:of\s+)?)?"  # "X neighbourhood | in Y"


def _relate(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Parents ("X, Y", "X in Y", "X neighbourhood of Y"), secondary places ("between X and Y") and unknown
    neighbourhoods, read from the text between consecutive mentions."""
    out = list(mentions)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if a.role == "demonym" or b.role == "demonym":
            continue
        gap = text[a.end:b.start]
        if re.fullmatch(r",\s*|\s+in\s+(?:the\s+)?(?:\w+\s+of\s+)?", gap) and (
                _contains(b, a) or _said_to_be_in(a, b)):
            out[k] = replace(a, parent=k + 1)
        elif re.fullmatch(rf"\s+(?:{_neighbourhood_words()})\s+(?:of|in)\s+(?:the\s+)?(?:city\s+of\s+)?",
                          gap) or (a.hint == "neighbourhood" and re.fullmatch(NEIGHBOURHOOD_GAP, gap)):
            out[k] = replace(a, parent=k + 1, hint=a.hint or "neighbourhood")
        elif re.fullmatch(rf"\s+(?:{_directions()})\s+of\s+(?:the\s+)?(?:(?:city|town)\s+of\s+)?", gap, re.I) \
                or LANDMARK_GAP.fullmatch(gap):
            out[k] = replace(a, parent=k + 1)  # "Al-Maleh north of Aleppo", "Selets, near Narodychi": near its landmark
        elif re.fullmatch(r"\s+(?:and|to)\s+(?:the\s+)?", gap) and BETWEEN.search(text[:a.start][-40:]):
            out[k + 1] = replace(b, role="secondary")
        elif re.fullmatch(LIST_GAP, gap) and _listed_after_units(text, a, b):
            out[k + 1] = replace(b, hint=a.hint)
    return _listed_before_units(text, _listed_in_region(text, _in_unknown_unit(text, out)))


def _in_unknown_unit(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """"The village of Prishib, Izyumsky district, Kharkiv region": a place named before a unit the gazetteer lacks
    ("Izyumsky district") lies in the larger unit that one lies in, as that one does (see _resolve)."""
    out = list(mentions)
    for k in reversed(range(len(out) - 1)):
        a, b = out[k], out[k + 1]
        if a.parent is None and a.role == "event" and not b.candidates and b.hint and b.parent is not None \
                and re.fullmatch(r",\s*|\s+in\s+(?:the\s+)?", text[a.end:b.start]) \
                and not any(e.kind in ("region", "country") for e in a.candidates):
            out[k] = replace(a, parent=k + 1)
    return out


def _listed_in_region(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """"An attack on X community, Y ward and Z all in W Local Government Area of Benue state", "between X and Y
    communities in Isin district of Kwara State": the towns listed before "in ... <a region>" lie in that region,
    which stands for any of them the gazetteer has only elsewhere (see _resolve)."""
    out = list(mentions)
    for k, a in enumerate(out):
        if a.parent is not None or a.role != "event" or a.hint == "region" \
                or any(e.kind in ("region", "country") for e in a.candidates):
            continue
        for j in range(k + 1, len(out)):
            b, gap = out[j], text[a.end:out[j].start]
            if not _only_a_listing(gap):
                break
            if b.hint == "region" and any(e.kind == "region" for e in b.candidates) and re.search(r"\bin\b", gap):
                out[k] = replace(a, parent=j)
                break
    return out


def _only_a_listing(gap: str) -> bool:
    """Whether the words between two names only go on with a list of places and the units they lie in: names,
    unit words, "communities", "all", "and", "in", "of" ("X community, Y Ward and Z all in")."""
    words = split_words(gap, "names")
    allowed = _words_of("listing") | _words_of("locative") | _unit_words().keys()
    return len(words) <= tuned("places.listing_words") and all(
        w.text == "," or _is_capitalised(w.text) or w.low in allowed for w in words)


@functools.cache
def _directions() -> str:
    return "|".join(sorted(_words_of("direction"), key=len, reverse=True))


def _listed_before_units(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """"In Aleppo, Idlib and Hama provinces": the names listed before a plural unit word are units of it too."""
    out, kind = list(mentions), None
    for k in reversed(range(len(out))):
        m = out[k]
        last = m.text.split()[-1].lower()
        if m.hint and last.endswith("s") and _unit_words().get(last) == m.hint:
            kind = m.hint
        elif kind and not m.hint and re.fullmatch(LIST_GAP, text[m.end:out[k + 1].start]) \
                and any(e.kind == kind for e in m.candidates):
            out[k] = replace(m, hint=kind)
        else:
            kind = None
    return out


def _listed_after_units(text: str, a: PlaceMention, b: PlaceMention) -> bool:
    """"The provinces of Nineveh and Baghdad": b, listed after a, is a unit of the same plural word."""
    if b.hint or not a.hint or not any(e.kind == a.hint for e in b.candidates):
        return False
    plurals = "|".join(w for w, r in _unit_words().items() if r == a.hint and w.endswith("s"))
    return bool(plurals) and re.search(rf"\b(?:{plurals})\s+of\s+(?:the\s+)?$", text[:a.start][-40:], re.I) \
        is not None


def _unknown_neighbourhoods(text: str, sentence: Sentence,
                            mentions: list[PlaceMention]) -> list[PlaceMention]:
    """"The al-Qaterji neighbourhood of Aleppo" where the gazetteer lacks al-Qaterji: kept as part of Aleppo's
    mention, so the place falls back to the city with the neighbourhood in ``mention``."""
    starts = {m.start: k for k, m in enumerate(mentions)}
    covered = {(m.start, m.end) for m in mentions if m.candidates}
    pattern = re.compile(rf"(?P<x>{CAPRUN})\s+(?:{_neighbourhood_words()})\s+(?:of|in)\s+(?:the\s+)?"
                         rf"(?:city\s+of\s+)?(?=[A-Z])")
    out = list(mentions)
    for m in pattern.finditer(sentence.text):
        x0, x1 = sentence.start + m.start("x"), sentence.start + m.end("x")
        k = starts.get(sentence.start + m.end())
        if k is None or any(s <= x0 < e for s, e in covered):
            continue
        y = out[k]
        out[k] = replace(y, start=x0, text=text[x0:y.end], unknown_part=(x0, x1))
    return out


def _said_to_be_in(inner: PlaceMention, outer: PlaceMention) -> bool:
    """ "Myaung Township in Sagaing Region", "Iye, Benue State": a town named with a unit word's region beside
    it lies there even when no reading of the town does (a namesake elsewhere, or none): the region stands
    for it (see _resolve)."""
    return (outer.hint == "region" and inner.hint != "region" and any(e.kind == "region" for e in outer.candidates)
            and not any(e.kind in ("region", "country") for e in inner.candidates))


def _contains(outer: PlaceMention, inner: PlaceMention) -> bool:
    """Whether some reading of ``outer`` (a region or a country) holds some reading of ``inner``."""
    for o in outer.candidates:
        if o.kind not in ("region", "country"):
            continue
        for c in inner.candidates:
            if c.country == o.country and (o.kind == "country" or c.admin1 == o.admin1):
                return True
    return False


def _roles(text: str, sentence: Sentence, mentions: list[PlaceMention],
           dateline: tuple[int, int]) -> list[PlaceMention]:
    """Mark datelines and statement places, which are never the event's place."""
    out = []
    for m in mentions:
        if m.role == "event" and (dateline[0] <= m.start < dateline[1] or _in_byline(text, m.start)):
            m = replace(m, role="dateline")
        elif m.role == "event" and _statement_before().search(text[sentence.start:m.start]):
            m = replace(m, role="statement")
        elif m.role == "event" and (found := _reference_before().search(text, max(sentence.start, m.start - 60),
                                                                         m.start)):
            distance = _distance_km(text[max(sentence.start, found.start() - 12):m.start])
            m = replace(m, role="distant" if distance and distance > tuned("places.near_landmark_km") else "reference")
        out.append(m)
    return out


def _in_byline(text: str, start: int) -> bool:
    """Whether a place lies in a byline line among the first lines ("By Jane Doe in Port Moresby", "By John Doe,
    Makurdi"): where the reporter files from, like a dateline, not the event's place."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    return (text.count("\n", 0, line_start) < DATELINE_LINES
            and BYLINE.match(text[line_start:line_end if line_end >= 0 else len(text)]) is not None)


def dateline_range(text: str) -> tuple[int, int]:
    """Offsets of a dateline ("BEIRUT, July 23 (Reuters) -") starting one of the first lines, or run into the
    text near its start ("... continues. MOSCOW (Sputnik) Russia's forces"), or (0, 0)."""
    offset = 0
    for line in text.split("\n")[:DATELINE_LINES]:
        m = DATELINE.match(line)
        if m:
            return offset, offset + m.end()
        offset += len(line) + 1
    m = INLINE_DATELINE.search(text, 0, INLINE_DATELINE_WITHIN)
    return (m.start(), m.end()) if m else (0, 0)


# ---------------------------------------------------------------------------------------------- resolution

def _country_votes(mentions: list[PlaceMention], title_end: int) -> Counter[str]:
    """Votes for the country the article is about: each naming of a country or demonym, and each town or region
    name for its likeliest country (a name repeated adds a little, up to REPEATS_COUNTED times). A country
    named without "in" ("US strikes", "Russia said") or by its demonym ("Russian jets") is as often an actor's
    as the place and weighs less; a country after "in" or a region called one ("Kachin State") weighs double."""
    votes: Counter[str] = Counter()
    repeats: Counter[str] = Counter()
    named = {m.key for m in mentions if m.candidates and m.role != "demonym"}
    said = _countries_said(mentions)
    for m in mentions:
        weight = {"statement": 0.25, "dateline": 0.75}.get(m.role, 1.0) * (2.0 if m.start < title_end else 1.0)
        if m.role == "demonym":
            country = _demonym_country(m)
            if country:
                votes[country] += DEMONYM_WEIGHT * weight
            continue
        if not m.candidates:
            continue
        others = named - {m.key}
        told = [e for e in m.candidates if e.country in said] or m.candidates
        best = max(told, key=lambda e: _score(e, m, None, None, others))
        if best.kind == "country":
            weight *= 2.0 if m.cued else UNCUED_COUNTRY_WEIGHT
        else:
            weight *= 2.0 if best.kind == m.hint == "region" else 1.0
            repeats[m.key] += 1
            if repeats[m.key] > REPEATS_COUNTED + 1:
                continue
            weight *= 1.0 if repeats[m.key] == 1 else REPEAT_WEIGHT
        if best.country:
            votes[best.country] += weight * _likelihood(best, m.candidates, others)
    return votes


def _countries_said(mentions: list[PlaceMention]) -> set[str]:
    """The countries the article names, or names the people of: a name that several countries' places share
    votes for one of these ("North West region" beside "the Cameroonian army")."""
    said = {_demonym_country(m) for m in mentions if m.role == "demonym"}
    said |= {e.country for m in mentions if m.role != "demonym" and m.hint != "region"  # not "Niger State"
             for e in m.candidates if e.kind == "country"}
    return {c for c in said if c}


def _likelihood(best: Entry, candidates: tuple[Entry, ...], named: set[str]) -> float:
    """How surely a name means ``best``: its country's share of the people of the namesakes of its kind
    (towns, or regions), less for a small place; a town whose region the article names ("Ras al-Ain" with
    "Hasakah province") surely means that one."""
    alike = [c for c in candidates if c.kind == best.kind]
    total = sum(c.population for c in alike if c.country == best.country)
    share = (total + 1) / (sum(c.population for c in alike) + len(alike))
    if best.kind != "region" and best.admin1 and name_key(best.admin1) in named:
        share = 1.0
    return share * min(1.0, math.log10(best.population + 10) / 6)


def _prior(e: Entry) -> float:
    return math.log10(e.population + 10) + tuned("places.kind_prior")[e.kind]


def _score(e: Entry, m: PlaceMention, country: str | None, parent: Entry | None, named: set[str]) -> float:
    """A reading's score: its prior, and the weights of the ``[places]`` settings for what the text says."""
    w = in_force().section("places")
    score = _prior(e)
    if m.hint:
        fits = e.kind == m.hint or (m.hint == "city" and e.kind == "neighbourhood")
        score += w["hint_fits"] if fits else (w["hint_misfit_country"] if e.kind == "country" else w["hint_misfit"])
    if country:
        if e.country == country:
            score += w["same_country"]
        elif not _same_continent(e.country, country):
            score += w["other_continent"]
    if parent is not None:
        inside = e.country == parent.country and (parent.kind == "country" or e.admin1 == parent.admin1
                                                  or name_key(e.parent or "") == name_key(parent.name))
        score += w["inside_parent"] if inside else w["outside_parent"]
    if e.kind == "neighbourhood" and name_key(e.parent or "") in named:
        score += w["named_city_of_neighbourhood"]
    elif e.kind != "region" and e.admin1 and name_key(e.admin1) in named:
        score += w["named_admin1"]
    return score


def _resolve(mentions: list[PlaceMention], country: str | None, countries: set[str],
             home: Entry | None = None, rivals: frozenset[str] | set[str] = frozenset()) -> list[Entry | None]:
    """Each mention's reading. An event place abroad must be in a country the article names (or be the one
    place of that name, introduced as a place, in a neighbouring country) and not far from the article's
    country (``home``) unless it is a famous place or a region or its country has nearly as many votes
    (``rivals``): a name clash never moves an event to a country the article does not mention, nor to a small
    town on the other side of the world ("Bui division" in Cameroon is not Bowie, Maryland)."""
    named = {m.key for m in mentions if m.candidates}
    resolved: list[Entry | None] = [None] * len(mentions)
    order = sorted(range(len(mentions)), key=lambda k: _depth(mentions, k))  # parents first
    for k in order:
        m = mentions[k]
        parent = resolved[m.parent] if m.parent is not None else None
        candidates = [e for e in m.candidates if e.kind != "neighbourhood" or name_key(e.parent or "") in named
                      or (m.hint == "neighbourhood" and m.parent is None)]  # see _unknown_neighbourhoods_in_city
        if m.role in PLACED_ROLES and country:
            every = candidates
            candidates = [e for e in every if e.kind == "country" or e.country == country
                          or (parent is not None and e.country == parent.country)
                          or (e.country in countries and (e.country in rivals or _near(e, home)))]
            if candidates and _famous_elsewhere(m.candidates, candidates):
                continue
            if not candidates and m.cued:
                candidates = _next_door(every, m.key, country)
        if not candidates:
            if parent is not None and parent.kind != "country" and (m.unknown_part or parent.kind == "region"):
                resolved[k] = parent  # a neighbourhood the gazetteer lacks: its city; a town: its region
            continue
        focus = country if m.role in PLACED_ROLES else None  # where a statement was made or filed: any country
        best = max(candidates, key=lambda e: (_score(e, m, focus, parent, named),
                                              -_distance_to_parent(e, m, mentions)))
        if parent is not None and best.kind in ("city", "neighbourhood") and not _by(best, parent):
            best = parent  # "Al-Maleh north of Aleppo", the only Al-Maleh far away: Aleppo stands for it
        resolved[k] = best if parent is not None or m.hint else _famous_namesake(best, candidates)
    return _read_alike(mentions, resolved)


def _depth(mentions: list[PlaceMention], k: int) -> int:
    """How many larger units mention k lies in, one inside the other (a parent is read before its parts)."""
    depth, seen = 0, {k}
    while (k := mentions[k].parent) is not None and k not in seen:
        depth, seen = depth + 1, seen | {k}
    return depth


def _read_alike(mentions: list[PlaceMention], resolved: list[Entry | None]) -> list[Entry | None]:
    """A name read once beside its larger unit or landmark ("Al-Maleh north of Aleppo") is read the same where
    the article names it alone."""
    pinned = {m.key: e for m, e in zip(mentions, resolved, strict=True) if m.parent is not None and e is not None}
    return [pinned.get(m.key, e) if e is not None and m.parent is None and not m.hint else e
            for m, e in zip(mentions, resolved, strict=True)]


def _by(e: Entry, unit: Entry) -> bool:
    """Whether a place may be the one named with this larger unit or landmark: in the region or country, near
    the town."""
    if unit.kind == "city":
        return km_between(e.lat, e.lon, unit.lat, unit.lon) <= tuned("places.landmark_reach_km")
    return e.country == unit.country and (unit.kind == "country" or e.admin1 == unit.admin1 or e.kind == "country")


def _distance_to_parent(e: Entry, m: PlaceMention, mentions: list[PlaceMention]) -> int:
    """For a neighbourhood, how far in the text its city is named from it ("Midan" of Aleppo or of Damascus:
    the city named nearer); 0 for other places."""
    if e.kind != "neighbourhood":
        return 0
    parent = name_key(e.parent or "")
    return min((abs(o.start - m.start) for o in mentions if o.key == parent), default=len(mentions) * 1000)


def _next_door(candidates: list[Entry], key: str, country: str) -> list[Entry]:
    """A place introduced as one ("in Tijuana") that the article's country lacks: the namesake across the
    border, when it bears exactly that name, has NEXT_DOOR_TOWN people and is the biggest of its namesakes."""
    near = [e for e in candidates if e.country in gazetteer.neighbours().get(country, ())
            and name_key(e.name) == key and e.population >= NEXT_DOOR_TOWN]
    elsewhere = max((e.population for e in candidates if e not in near), default=0)
    return near if max((e.population for e in near), default=0) >= elsewhere else []


def _near(e: Entry, home: Entry | None) -> bool:
    """Whether a place abroad may be the event's: near the article's country, or famous, or a region (the
    article's country may be a power acting far away: "US strikes in Deir Ezzor")."""
    return (home is None or e.kind != "city" or e.population >= FAMOUS
            or km_between(e.lat, e.lon, home.lat, home.lon) <= tuned("places.far_abroad_km"))


def _famous_namesake(best: Entry, candidates: list[Entry]) -> Entry:
    """A far bigger namesake of the same kind (Damascus, Syria, not Damascus, Maryland) wins when nothing
    beside the name says otherwise."""
    biggest = max((e for e in candidates if e.kind == best.kind), key=lambda e: e.population)
    famous = biggest.population >= FAMOUS
    return biggest if famous and biggest.population > 50 * max(best.population, 1000) else best


def _famous_elsewhere(every: tuple[Entry, ...], kept: list[Entry]) -> bool:
    """Whether the name most likely means a big place abroad ("New York"), not the village of that name in
    the article's countries."""
    abroad = max((e.population for e in every if e not in kept), default=0)
    here = max((e.population for e in kept), default=0)
    return abroad >= FAMOUS and abroad > 50 * max(here, 1000)


def _demonym_country(m: PlaceMention) -> str | None:
    """The country of a demonym mention; a pattern's span ("X area in the Syrian ...") may reach past the
    demonym, whose word is then the last."""
    words = gazetteer.country_words()
    found = words.get(m.text) or words.get(m.text.split()[-1])
    return found[0] if found else None


def _named_countries(mentions: list[PlaceMention], country: str | None) -> set[str]:
    """The article's country and those it names: by name, by demonym, or by a region called one ("Idlib
    province" names Syria as surely as "Syria" does)."""
    named = {country} if country else set()
    for m in mentions:
        regions = {e.country for e in m.candidates if e.kind == "region"}
        if m.role == "demonym":
            named.update(c for c in (_demonym_country(m),) if c)
        elif m.candidates and m.candidates[0].kind == "country":
            named.add(m.candidates[0].country)
        elif m.hint == "region" and len(regions) == 1:
            named.update(regions)
    return named


def _same_continent(a: str | None, b: str | None) -> bool:
    """Whether two countries share a continent (true when either is unknown)."""
    continents = gazetteer.continents()
    return not a or not b or continents.get(a) == continents.get(b)


def _fuzzy_candidates(m: PlaceMention, country: str, gaz: gazetteer.Gazetteer) -> tuple[Entry, ...]:
    """Transliteration variants in the article's country, when the exact name is missing or foreign: the
    closest spellings only, of a town's own name or of any of a region's names ("Qalamun" for "Qalamoun", a
    name of Rif Dimashq; a town's alternate names in GeoNames are too many and too loose for this)."""
    ratios: dict[Entry, float] = {}
    for e, name in gaz.spellings(m.key):
        spelling = name if e.kind == "region" else name_key(e.name)
        if e.country == country and not _adjective_of(m.key, spelling):
            ratios[e] = max(ratios.get(e, 0.0), fuzz.ratio(spelling, m.key))
    best = max(ratios.values(), default=0)
    return tuple(e for e, r in ratios.items() if r == best and r >= FUZZY_RATIO)


def _adjective_of(key: str, place_key: str) -> bool:
    """Whether a name is the adjective of a place made with the Arabic -i ending ("al-Baghdadi" of Baghdad,
    a town or a family name), not a spelling of it."""
    return key in (place_key + "i", place_key + "y")


# ---------------------------------------------------------------------------------------------- article level

def article_places(article: ParsedArticle, gaz: gazetteer.Gazetteer | None = None) -> ArticlePlaces:
    """All place mentions of the article, the country it is about, each mention's reading: read once an article
    (``ParsedArticle.annotation``), for all its mentions."""
    return article.annotation("places", lambda: _article_places(article, gaz or gazetteer.default()))


def _article_places(article: ParsedArticle, gaz: gazetteer.Gazetteer) -> ArticlePlaces:
    text = article.clean.text
    dateline = dateline_range(text)
    mentions: list[PlaceMention] = []
    for sentence in article.sentences:
        found = _relate(text, sentence_places(sentence, gaz))
        found = _unknown_neighbourhoods(text, sentence, found)
        base = len(mentions)
        mentions += [replace(m, parent=m.parent + base) if m.parent is not None else m
                     for m in _roles(text, sentence, found, dateline)]
    mentions = _regions_by_spelling(mentions, gaz)
    title_end = len(article.clean.title or "") if text.startswith(article.clean.title or "\0") else 0
    votes = _country_votes(mentions, title_end)
    country = votes.most_common(1)[0][0] if votes else None
    places = _without_demonyms(mentions)
    countries = _named_countries(mentions, country)
    if country:
        places = [_with_fuzzy(m, country, countries, gaz) for m in places]
        places = _unknown_neighbourhoods_in_city(article, places, country, gaz.country(country))
    rivals = {c for c, v in votes.items() if country and v >= RIVAL_SHARE * votes[country]}
    resolved = _resolve(places, country, countries, gaz.country(country) if country else None, rivals)
    return ArticlePlaces(country, tuple(places), tuple(resolved))


def _regions_by_spelling(mentions: list[PlaceMention], gaz: gazetteer.Gazetteer) -> list[PlaceMention]:
    """A name called a region that the gazetteer lacks ("the Qalamun region") read as a spelling variant of a
    region of one of the countries the article names, before the vote on its country (which it then joins)."""
    countries = _named_countries(mentions, None)
    out = list(mentions)
    for k, m in enumerate(out):
        if m.hint == "region" and not m.candidates and m.role == "event":
            found = tuple(e for c in sorted(countries) for e in _fuzzy_candidates(m, c, gaz) if e.kind == "region")
            if len({e.country for e in found}) == 1:
                out[k] = replace(m, candidates=found)
    return out


def _with_fuzzy(m: PlaceMention, country: str, countries: set[str], gaz: gazetteer.Gazetteer) -> PlaceMention:
    """Spelling variants in the article's country for a name with no reading in a country it names."""
    if m.role != "event" or any(c.country in countries for c in m.candidates):
        return m
    extra = _fuzzy_candidates(m, country, gaz)
    return replace(m, candidates=m.candidates + extra) if extra else m


def _unknown_neighbourhoods_in_city(article: ParsedArticle, mentions: list[PlaceMention],
                                    country: str, home: Entry | None) -> list[PlaceMention]:
    """"Stormed the broadcaster in the X neighbourhood": X is a part of its city (the one named with it, else the
    city its sentence names nearest to it, else the article's country's city named last before it), not a town
    elsewhere that bears X's name or has it among its alternate names. Without a place of that name in or beside
    that city it falls back to the city (precision city, X kept in ``mention``); without a city named, to the
    article's country (``home``)."""
    out = list(mentions)
    named = {m.key for m in mentions if m.candidates}
    for k, m in enumerate(out):
        if m.hint != "neighbourhood" or m.unknown_part or m.role != "event" \
                or (m.parent is not None and not m.candidates):
            continue  # "X neighbourhood of Y" where the gazetteer lacks X is read by _unknown_neighbourhoods
        if m.parent is not None:
            inside = tuple(e for e in m.candidates if any(_within(e, c) for c in out[m.parent].candidates))
            out[k] = replace(m, candidates=inside, unknown_part=None if inside else (m.start, m.end))
            continue
        known = tuple(e for e in m.candidates if e.kind == "neighbourhood" and name_key(e.parent or "") in named)
        city = None if known else _city_of_neighbourhood(article, out, k, country)
        if city is None:  # "the X neighbourhood" is no town elsewhere; "the neighbourhood of X" may be the city
            others = tuple(e for e in m.candidates if e.kind != "neighbourhood")
            if _unit_after(m):
                others = (home,) if home is not None and others else ()
            out[k] = replace(m, candidates=known or _of_one_city(m.candidates, country) or others)
            continue
        beside = tuple(e for e in m.candidates if e.kind == "city" and name_key(e.name) == m.key
                       and any(_within(e, c) for c in out[city].candidates))
        out[k] = replace(m, candidates=beside, parent=city, unknown_part=None if beside else (m.start, m.end))
    return out


def _unit_after(m: PlaceMention) -> bool:
    """Whether the mention ends with its unit word ("the X neighbourhood"), not only follows one ("... of X")."""
    return m.text.split()[-1].lower() in _unit_words()


def _of_one_city(candidates: tuple[Entry, ...], country: str) -> tuple[Entry, ...]:
    """The neighbourhoods of that name in the article's country, when they all lie in one city (so naming the
    neighbourhood names its city: "Bab Touma" is in Damascus)."""
    found = tuple(e for e in candidates if e.kind == "neighbourhood" and e.country == country)
    return found if len({name_key(e.parent or "") for e in found}) == 1 else ()


def _within(e: Entry, unit: Entry) -> bool:
    """Whether a place may be a part of a city (near its point) or lies in a region."""
    if unit.kind == "region":
        return (e.country, e.admin1) == (unit.country, unit.admin1)
    return unit.kind == "city" and km_between(e.lat, e.lon, unit.lat, unit.lon) <= tuned("places.neighbourhood_km")


def _city_of_neighbourhood(article: ParsedArticle, mentions: list[PlaceMention], k: int,
                           country: str) -> int | None:
    cities = [j for j, o in enumerate(mentions) if j != k and o.role in ("event", "dateline")
              and o.hint != "region" and any(e.kind == "city" for e in o.candidates)]
    sentence = article.sentence_at(mentions[k].start)
    same = [j for j in cities if sentence and sentence.start <= mentions[j].start < sentence.end]
    if same:
        return min(same, key=lambda j: abs(mentions[j].start - mentions[k].start))
    before = [j for j in cities if j < k and any(e.country == country for e in mentions[j].candidates
                                                 if e.kind == "city")]
    return before[-1] if before else None


def _without_demonyms(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """The place mentions, their parent indexes renumbered once demonyms are dropped."""
    kept = [k for k, m in enumerate(mentions) if m.role != "demonym"]
    new_index = {old: new for new, old in enumerate(kept)}
    return [replace(mentions[k], parent=new_index.get(mentions[k].parent)) for k in kept]


def article_country(article: ParsedArticle) -> str | None:
    """ISO2 of the country the article is about, from its place names and demonyms."""
    return article_places(article).country


# ---------------------------------------------------------------------------------------------- linking

def locate(article: ParsedArticle, mention: Mention) -> Place:
    """The place of this event mention, with its evidence span (field "location")."""
    context = article_places(article)
    k = _event_place_index(article, context, mention)
    if k is None:
        return _country_place(article, context)
    return _place(article.clean.text, context.mentions[k], context.resolved[k])


def _usable(context: ArticlePlaces, k: int) -> bool:
    return context.resolved[k] is not None and context.mentions[k].role == "event" and not _metonym(context, k)


def _metonym(context: ArticlePlaces, k: int) -> bool:
    """A foreign capital named without "in"/"near" ("Moscow said", "Washington's strikes", whichever namesake
    the name was read as) stands for its government."""
    m, e = context.mentions[k], context.resolved[k]
    return (not m.cued and e.kind in ("city", "region") and e.country != context.country
            and gazetteer.capitals().get(e.country or "") in (name_key(e.name), m.key))


def _event_place_index(article: ParsedArticle, context: ArticlePlaces, mention: Mention) -> int | None:
    """The mention of the event's place: in its sentence, else in the nearest sentence before it that names
    one, else the article's first, else a dateline in the article's country. A country is a place only when
    nothing more specific is named."""
    sentence, trigger = mention.sentence, mention.trigger.start
    usable = [k for k in range(len(context.mentions))
              if _usable(context, k) and not _in_other_clause(sentence, context.mentions[k].start, trigger)]
    specific = [k for k in usable if context.resolved[k].kind != "country"]
    inside = [k for k in specific if sentence.start <= context.mentions[k].start < sentence.end] or [
        k for k, m in enumerate(context.mentions)
        if m.role == "reference" and context.resolved[k] and sentence.start <= m.start < sentence.end]
    countries = [k for k in usable if sentence.start <= context.mentions[k].start < sentence.end
                 and context.mentions[k].cued]  # "in northern Iraq", not "Iraqi forces" or "Turkey said"
    home = [k for k in countries if context.resolved[k].country == context.country]
    if inside and (home == [] or any(context.resolved[k].country == context.country for k in inside)):
        best = min(inside, key=lambda k: _cost(context, k, trigger))
        return _headline_refined(article, context, sentence, best, specific)
    if home and inside:  # a foreign town and the home country: the nearer to the trigger ("in Rafah ... into Israel")
        return min(home + inside, key=lambda k: _cost(context, k, trigger))
    before = [k for k in specific if context.mentions[k].start < sentence.start]
    before = [k for k in before if context.mentions[k].cued] or before
    if before:
        return _most_specific_of_sentence(article, context, before[-1], before)
    in_country = [k for k in specific if context.resolved[k].country == context.country]
    in_country = [k for k in in_country if context.mentions[k].cued] or in_country  # not "its Damascus ally"
    if in_country:
        return _most_specific_of_sentence(article, context, in_country[0], in_country)
    if countries:
        return min(countries, key=lambda k: _cost(context, k, trigger))
    datelines = [k for k, m in enumerate(context.mentions) if m.role == "dateline" and context.resolved[k]
                 and context.resolved[k].country == context.country]
    return datelines[0] if datelines else None


def _in_other_clause(sentence: Sentence, start: int, trigger: int) -> bool:
    """Whether a place lies in the trigger's sentence but another clause of it, after a semicolon ("X recaptures
    A; car bomb kills four in B"): another event's place."""
    if not sentence.start <= start < sentence.end:
        return False
    low, high = sorted((start, trigger))
    return ";" in sentence.text[low - sentence.start:high - sentence.start]


def _headline_refined(article: ParsedArticle, context: ArticlePlaces, sentence: Sentence, k: int,
                      usable: list[int]) -> int:
    """A headline naming only a country or region ("Kenya: police fire on protesters") takes the lede's more
    specific place inside it."""
    if sentence.index != 0 or _specificity(context, k) < PRECISION_RANK["region"]:
        return k
    body = [j for j in usable if context.mentions[j].start >= sentence.end]
    if not body:
        return k
    lede = _most_specific_of_sentence(article, context, body[0], body)
    outer, inner = context.resolved[k], context.resolved[lede]
    inside = inner.country == outer.country and (outer.kind == "country" or inner.admin1 == outer.admin1)
    return lede if inside and _specificity(context, lede) < _specificity(context, k) else k


def _most_specific_of_sentence(article: ParsedArticle, context: ArticlePlaces, k: int,
                               pool: list[int]) -> int:
    """Among the pool's mentions in the sentence of mention k, the most specific (the first on ties)."""
    sentence = article.sentence_at(context.mentions[k].start)
    if sentence is None:
        return k
    same = [j for j in pool if sentence.start <= context.mentions[j].start < sentence.end]
    return min(same, key=lambda j: (_specificity(context, j), context.mentions[j].start))


def _cost(context: ArticlePlaces, k: int, trigger: int) -> int:
    """How unlikely mention k is the place of the event at ``trigger``: far from it, a large unit, abroad, named
    in passing (not after "in", "near", "the town of") or as where someone comes from ("a worker from X")."""
    abroad = context.resolved[k].country != context.country
    passing = not context.mentions[k].cued or context.mentions[k].origin
    return abs(context.mentions[k].start - trigger) + 40 * _specificity(context, k) + 100 * abroad + 60 * passing


def _specificity(context: ArticlePlaces, k: int) -> int:
    m, e = context.mentions[k], context.resolved[k]
    if m.unknown_part:
        return PRECISION_RANK["neighbourhood"]
    return PRECISION_RANK[e.kind] if e else 9


def _place(text: str, m: PlaceMention, e: Entry) -> Place:
    span = span_of(text, m.start, m.end, "location")
    return Place(name=e.name, country=e.country,
                 admin1=gazetteer.admin1_label(e.country, e.admin1) if e.kind != "country" else None,
                 admin2=e.admin2, lat=round(e.lat, 5), lon=round(e.lon, 5), precision=e.kind,
                 gazetteer_id=e.id, mention=span.text, span=span)


def _country_place(article: ParsedArticle, context: ArticlePlaces) -> Place:
    """The article's country when no place of the event is named (precision country), else unknown."""
    if not context.country:
        return UNKNOWN_PLACE
    for m, e in zip(context.mentions, context.resolved, strict=True):
        if e is not None and e.kind == "country" and e.country == context.country:
            return _place(article.clean.text, m, e)
    return UNKNOWN_PLACE
