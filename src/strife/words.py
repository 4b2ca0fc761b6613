"""words: the one token view the rule coders read a text by, besides spaCy's parse.

A ``Word`` is a stretch of the text with its offsets, its text and its folded form. The coders' rules were
written against three cuts of a text, each kept because its rules count words across it:

- ``names`` (actors): acronyms ("U.N.") whole, letters and digits together, every punctuation mark a word;
- ``counts`` (tolls): digits apart from letters ("5km" is two words, "1,200" one), quotation marks left out;
- ``places``: only words that begin with a letter (punctuation and numbers are no words), acronyms whole.

``names`` and ``places`` leave a possessive "'s" out of the word ("Syria's" is "Syria"). Where a sentence is
read, its words are made once (``Sentence.annotation``) and shared by the rules that read the same cut.
"""

from __future__ import annotations

import re
from typing import NamedTuple

CUTS = {
    "names": re.compile(r"(?:[A-Z]\.){2,}|[^\W_]+(?:['’-][^\W_]+)*|[^\w\s]"),
    "counts": re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’-][^\W\d_]+)*|[^\w\s\"“”‘’«»]"),
    "places": re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_](?:[\w'’`]|-(?=\w))*"),
}
POSSESSIVE_LEFT_OUT = frozenset({"names", "places"})


class Word(NamedTuple):
    """A word of a text: ``start``/``end`` index the text (plus the offset it was read with); ``text`` as
    written (a possessive left out where the cut says so), ``low`` folded (lower case, ’ as ')."""

    start: int
    end: int
    text: str
    low: str

    @property
    def capital(self) -> bool:
        """Written with a capital first letter (a name, or a sentence's first word)."""
        return self.text[:1].isupper()


def split_words(text: str, cut: str, offset: int = 0) -> tuple[Word, ...]:
    """The words of ``text`` by the cut ``cut`` (see the module), offsets shifted by ``offset``."""
    possessive = cut in POSSESSIVE_LEFT_OUT
    out = []
    for m in CUTS[cut].finditer(text):
        word, start = m.group(), offset + m.start()
        if possessive and word[-2:] in ("'s", "’s"):
            word = word[:-2]
        out.append(Word(start, start + len(word), word, word.lower().replace("’", "'")))
    return tuple(out)
