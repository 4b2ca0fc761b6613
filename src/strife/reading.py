"""reading: one view of a sentence for the rules that read its structure, parsed or not.

spaCy parses only the sentences that may report an event or a political act; the coders also read the sentences
around them (a date told in the next sentence, victims named after the event). The rules with a parsed and an
unparsed side (the detector's mood, the actor coder's roles, the date coder's report and plan, the toll coder's
victims and trigger) read a sentence through its ``Reading``, made once a sentence record (``reading_of``), not
through the tokens and an index of their own:

- the parse, where there is one: ``tokens_over`` / ``tokens_from`` (the tokens of a stretch), ``token_at``,
  ``head`` and ``dependents`` (indexed once a record);
- the word order, the same for a parsed sentence and an unparsed one: ``clause_before`` (the clause up to a word);
- either: ``lemmas_in`` (spaCy's lemmas where parsed, the folded words of ``words.split_words`` where not).

A rule with evidence of both kinds asks ``parsed`` once and reads the other kind from the same object.
"""

from __future__ import annotations

import re

from strife.records import Sentence, Token
from strife.words import split_words


def reading_of(sentence: Sentence) -> Reading:
    """The sentence's reading, made once a record (an annotation: a parsed record has its own)."""
    return sentence.annotation("reading", lambda: Reading(sentence))


class Reading:
    """A sentence as the rules read it: its parse (none where unparsed) and its words in order."""

    __slots__ = ("sentence", "tokens", "_children")

    def __init__(self, sentence: Sentence):
        self.sentence = sentence
        self.tokens = sentence.tokens
        self._children: dict[int, list[Token]] | None = None

    @property
    def parsed(self) -> bool:
        return bool(self.tokens)

    # ------------------------------------------------------------ the parse

    def tokens_over(self, start: int, end: int) -> list[Token]:
        """The tokens that overlap the stretch ``start``..``end`` (offsets into the clean text)."""
        return [t for t in self.tokens if t.start < end and start < t.end]

    def tokens_from(self, start: int, end: int) -> list[Token]:
        """The tokens that begin inside the stretch ``start``..``end``."""
        return [t for t in self.tokens if start <= t.start < end]

    def token_at(self, offset: int) -> Token | None:
        return next((t for t in self.tokens if t.start <= offset < t.end), None)

    def head(self, token: Token) -> Token:
        """The token's head (the token itself at the root)."""
        return self.tokens[token.head]

    @property
    def children(self) -> dict[int, list[Token]]:
        """Each token's dependents in the parse, in order, by the head's index (indexed once a record); to be
        read, not changed."""
        if self._children is None:
            self._children = {}
            for t in self.tokens:
                if t.head != t.i:
                    self._children.setdefault(t.head, []).append(t)
        return self._children

    def dependents(self, token: Token) -> list[Token]:
        """The token's dependents in the parse, in order."""
        return self.children.get(token.i, [])

    # ------------------------------------------------------------ either

    def lemmas_in(self, start: int, end: int) -> list[str]:
        """The lemmas (lower case) of the words that begin in the stretch ``start``..``end``: spaCy's where the
        sentence is parsed, the words as written (folded) where not."""
        if self.parsed:
            return [t.lemma.lower() for t in self.tokens_from(start, end)]
        sentence = self.sentence
        return [w.low for w in split_words(sentence.text, "counts", sentence.start) if start <= w.start < end]

    # ------------------------------------------------------------ the word order

    def clause_before(self, offset: int, breaks: re.Pattern[str], reach: int) -> str:
        """The text of the clause ``offset`` lies in, up to it: after the last match of ``breaks`` within ``reach``
        characters before it (and within the sentence)."""
        sentence = self.sentence
        before = sentence.text[max(0, offset - sentence.start - reach):offset - sentence.start]
        return breaks.split(before)[-1]

