"""Shipped word lists (``strife/data/*.tsv``) read once per process and matched as whole words.

One Aho-Corasick automaton per file matches every phrase of its first column in one pass, case-insensitively,
with offsets into the original text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources

import ahocorasick

from strife.records import Sentence


def data_rows(name: str) -> Iterable[list[str]]:
    """The tab-separated rows of ``strife/data/NAME``, without comment lines and the header."""
    return table_rows(resources.files("strife.data").joinpath(name).read_text(encoding="utf-8"))


def table_rows(text: str) -> Iterable[list[str]]:
    """The tab-separated rows of a data file's text, without comment lines and the header."""
    rows = (line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#"))
    next(rows)
    return rows


_EXTRA_PHRASES: dict[str, Callable[[], Iterable[str]]] = {}


def add_phrases(name: str, phrases: Callable[[], Iterable[str]]) -> None:
    """Phrases that another knowledge file adds to the table ``name`` (read when the table is first matched; a
    name that is no data file makes a table of its own): the actor knowledge base adds its side words to the event
    cues, and its groups' names make a table."""
    _EXTRA_PHRASES[name] = phrases
    _automaton.cache_clear()


@cache
def _automaton(name: str) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    if resources.files("strife.data").joinpath(name).is_file():  # else a table only other knowledge fills
        for row in data_rows(name):
            automaton.add_word(row[0], row[0])
    for phrase in _EXTRA_PHRASES.get(name, list)():
        automaton.add_word(phrase, phrase)
    automaton.make_automaton()
    return automaton


def lower_keeping_offsets(text: str) -> str:
    """Lower case (and straight apostrophes) without moving any offset."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.replace("\u2019", "'")


def _whole_word(low: str, start: int, stop: int) -> bool:
    return not ((start and low[start - 1].isalnum()) or (stop < len(low) and low[stop].isalnum()))


def iter_phrases(text: str, name: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, phrase) of every whole-word match, overlaps included, in no particular order."""
    low = lower_keeping_offsets(text)
    for end, phrase in _automaton(name).iter(low):
        start = end - len(phrase) + 1
        if _whole_word(low, start, end + 1):
            yield start, end + 1, phrase


def find_phrases(text: str, name: str) -> list[tuple[int, int, str]]:
    """Every whole-word match in text order; a longer match hides the matches it contains."""
    found = sorted(iter_phrases(text, name), key=lambda m: (m[0], m[0] - m[1]))
    kept: list[tuple[int, int, str]] = []
    for m in found:
        if not any(k[0] <= m[0] and m[1] <= k[1] for k in kept):
            kept.append(m)
    return kept


def sentence_phrases(sentence: Sentence, name: str) -> tuple[tuple[int, int, str], ...]:
    """``find_phrases`` of a sentence's text, found once for every record of the sentence (a text annotation:
    detection reads a sentence before its parse and after it, attribution and sense read it too)."""
    return sentence.text_annotation(("phrases", name), lambda: tuple(find_phrases(sentence.text, name)))
