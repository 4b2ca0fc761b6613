"""clean: an Article becomes its clean text, written once, with captions, boilerplate and its anchor date.

The clean text is what ``strife text`` prints and what every evidence offset indexes. Cleaning never shifts an
offset: odd spaces and line ends are replaced one character for one, Unicode is composed (NFC) line by line only
where that keeps the line's length, and captions, boilerplate and repeated lines are not cut out but marked as
ranges that the later stages read accordingly (a repeated line or boilerplate is never read for events). So
offsets into the clean text are offsets into the input text too, and a user's own tools can check our evidence.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import cache
from importlib import resources

import yaml

from strife.code.dates import find_dateline
from strife.config import Settings
from strife.ingest.fields import publication_day
from strife.language import language_identifier
from strife.records import Article, CleanText, Skip

ODD_SPACES = re.compile(r"[\t\f\v\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]")
LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
RANGE = tuple[int, int]
LANGUAGE_SAMPLE = 1200  # characters the language check reads: plenty for a language, cheap
LATIN_END = 0x24F  # the last code point of the Latin script's blocks (Basic Latin to Latin Extended-B)


@cache
def patterns() -> dict[str, re.Pattern]:
    raw = yaml.safe_load(resources.files("strife.data").joinpath("clean.yaml").read_text("utf-8"))
    return {kind: re.compile("|".join(f"(?:{p})" for p in rules), re.IGNORECASE) for kind, rules in raw.items()}


def normalise(text: str) -> str:
    """Odd spaces to spaces, line breaks to newlines, NFC per line: always one character for one."""
    text = LINE_BREAKS.sub(lambda m: " " * (len(m.group()) - 1) + "\n", text)
    text = ODD_SPACES.sub(" ", text)
    return "\n".join(_compose(line) for line in text.split("\n"))


def _compose(line: str) -> str:
    composed = unicodedata.normalize("NFC", line)
    return composed if len(composed) == len(line) else line


def mark_lines(text: str) -> tuple[list[RANGE], list[RANGE]]:
    """Caption ranges, and ranges never read: boilerplate, the page's tail and exact repeats of earlier lines."""
    kinds = patterns()
    captions: list[RANGE] = []
    unread: list[RANGE] = []
    seen: set[str] = set()
    offset, in_tail = 0, False
    for raw in text.split("\n"):
        line = raw.strip()
        start = offset + (len(raw) - len(raw.lstrip()))
        span = (start, start + len(line))
        offset += len(raw) + 1
        if not line:
            continue
        if kinds["tail"].search(line) and seen:
            in_tail = True
        if in_tail or line in seen or kinds["boilerplate"].search(line):
            unread.append(span)
        elif kinds["caption"].search(line):
            captions.append(span)
        seen.add(line)
    return captions, unread


def language_of(text: str) -> tuple[str, float]:
    """The text's language and the identifier's probability for it."""
    language, probability = language_identifier().classify(text[:LANGUAGE_SAMPLE])
    return language, float(probability)


def other_language(text: str, section: dict) -> str | None:
    """The language of a text written in another than the wanted one, else None. A short text says little, so it
    counts as another language only when the identifier is sure of it or its letters are not Latin ones."""
    language, probability = language_of(text)
    if language == section["language"]:
        return None
    if len(text) >= section["min_language_chars"] or probability >= section["short_text_confidence"]:
        return language
    return None if mostly_latin(text) else language


def mostly_latin(text: str) -> bool:
    """Whether at least half of the text's letters are Latin ones."""
    letters = [c for c in text[:LANGUAGE_SAMPLE] if c.isalpha()]
    return sum(ord(c) <= LATIN_END for c in letters) * 2 >= len(letters)


def anchor_of(article: Article, text: str):
    """The date relative expressions resolve against: the input's, else the page's metadata, else a dateline."""
    for value, origin in ((article.published, "input"), (article.page_date, "metadata")):
        day = _iso_day(value)
        if day:
            return day, origin, None
    found = find_dateline(text)
    if found:
        return found[0], "dateline", found[1]
    return None, "none", None


def _iso_day(value: str | None) -> dt.date | None:
    """The day of an ISO date string, None for none or one that is not a plausible publication day."""
    day = publication_day(value)[0]
    return dt.date.fromisoformat(day) if day else None


def clean(article: Article, settings: Settings) -> CleanText | Skip:
    text = normalise(article.text or "")
    captions, boilerplate = mark_lines(text)
    if not text.strip():
        return Skip(article.origin, "no text left after cleaning", article.id)
    section = settings.section("clean")
    language = other_language(text, section)
    if language:
        return Skip(article.origin, f"not English (detected language: {language})", article.id)
    anchor, anchor_origin, anchor_span = anchor_of(article, text)
    return CleanText(article_id=article.id, text=text, title=article.title or _first_line(text),
                     source=article.source, url=article.url, published=_iso_day(article.published),
                     anchor=anchor, anchor_origin=anchor_origin, anchor_span=anchor_span,
                     captions=tuple(captions), boilerplate=tuple(boilerplate), language=section["language"])


def _first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0].strip()[:300]
