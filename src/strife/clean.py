"""clean: an Article becomes its clean text, written once, with captions, boilerplate and its anchor date.

The clean text is what ``strife text`` prints and what every evidence offset indexes. Captions and boilerplate
stay in it (so offsets into the page stay meaningful) but are marked as ranges.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import cache
from importlib import resources

import py3langid
import yaml

from strife.code.dates import find_dateline
from strife.config import Settings
from strife.records import Article, CleanText, Skip

SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")


@cache
def patterns() -> dict[str, re.Pattern]:
    raw = yaml.safe_load(resources.files("strife.data").joinpath("clean.yaml").read_text("utf-8"))
    return {kind: re.compile("|".join(f"(?:{p})" for p in rules), re.IGNORECASE) for kind, rules in raw.items()}


def normalise_lines(text: str) -> list[str]:
    """NFC, one kind of space, stripped lines, exact duplicate lines dropped, at most one blank line in a row."""
    text = unicodedata.normalize("NFC", ZERO_WIDTH.sub("", text)).replace("\r\n", "\n").replace("\r", "\n")
    seen: set[str] = set()
    lines: list[str] = []
    for raw in text.split("\n"):
        line = SPACES.sub(" ", raw).strip()
        if line and line in seen:
            continue
        if line:
            seen.add(line)
        elif not lines or not lines[-1]:
            continue
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def mark_lines(lines: list[str]) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    """Join the lines; return the text with its caption and boilerplate ranges."""
    kinds = patterns()
    captions, boilerplate = [], []
    offset, in_tail = 0, False
    for line in lines:
        start, end = offset, offset + len(line)
        if line:
            if kinds["tail"].search(line) and offset > 0:
                in_tail = True
            if in_tail or kinds["boilerplate"].search(line):
                boilerplate.append((start, end))
            elif kinds["caption"].search(line):
                captions.append((start, end))
        offset = end + 1
    return "\n".join(lines), captions, boilerplate


def language_of(text: str) -> str:
    return py3langid.classify(text[:3000])[0]


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
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def clean(article: Article, settings: Settings) -> CleanText | Skip:
    text, captions, boilerplate = mark_lines(normalise_lines(article.text or ""))
    if not text.strip():
        return Skip(article.origin, "no text left after cleaning", article.id)
    section = settings.section("clean")
    if len(text) >= section["min_language_chars"]:
        language = language_of(text)
        if language != section["language"]:
            return Skip(article.origin, f"not English (detected language: {language})", article.id)
    anchor, anchor_origin, anchor_span = anchor_of(article, text)
    return CleanText(article_id=article.id, text=text, title=article.title or _first_line(text),
                     source=article.source, url=article.url, published=_iso_day(article.published),
                     anchor=anchor, anchor_origin=anchor_origin, anchor_span=anchor_span,
                     captions=tuple(captions), boilerplate=tuple(boilerplate), language=section["language"])


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0][:300]
