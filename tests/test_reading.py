"""The one view of a sentence the parse-reading rules share: its parse where it has one, its words where not."""

from __future__ import annotations

import re
from dataclasses import replace

from strife.detect import sentence_cues
from strife.reading import reading_of
from strife.records import Sentence, Token

TEXT = "Rebels attacked the base."
# a parse written by hand (the one spaCy gives this sentence): "attacked" is the root
PARSE = ((0, "Rebels", "rebel", "NOUN", "nsubj", 1), (7, "attacked", "attack", "VERB", "ROOT", 1),
         (16, "the", "the", "DET", "det", 3), (20, "base", "base", "NOUN", "dobj", 1),
         (24, ".", ".", "PUNCT", "punct", 1))
BASE = 100  # the sentence's offset in its article: every offset the reading gives counts from the article's start


def parsed_sentence() -> Sentence:
    tokens = tuple(Token(i, BASE + start, BASE + start + len(text), text, lemma, pos, pos, dep, head)
                   for i, (start, text, lemma, pos, dep, head) in enumerate(PARSE))
    return Sentence(BASE, BASE + len(TEXT), TEXT, 0, tokens=tokens)


def test_reading_walks_the_parse_by_heads_and_dependents():
    reading = reading_of(parsed_sentence())
    verb = reading.token_at(BASE + 9)
    assert verb.text == "attacked" and reading.head(verb) is verb  # the root is its own head
    assert [t.text for t in reading.dependents(verb)] == ["Rebels", "base", "."]
    assert [t.text for t in reading.tokens_over(BASE + 17, BASE + 22)] == ["the", "base"]
    assert [t.text for t in reading.tokens_from(BASE + 17, BASE + 22)] == ["base"]


def test_reading_gives_lemmas_from_the_parse_or_from_the_words():
    parsed = parsed_sentence()
    unparsed = replace(parsed, tokens=())
    assert reading_of(parsed).lemmas_in(BASE, BASE + 15) == ["rebel", "attack"]
    assert reading_of(unparsed).lemmas_in(BASE, BASE + 15) == ["rebels", "attacked"]
    assert not reading_of(unparsed).parsed and reading_of(unparsed).dependents(parsed.tokens[1]) == []


def test_reading_cuts_the_clause_before_a_word():
    sentence = Sentence(BASE, BASE + 40, "After talks failed, rebels attacked it.", 0)
    reading = reading_of(sentence)
    assert reading.clause_before(BASE + 27, re.compile(r"[,;:]"), 80) == " rebels "
    assert reading.clause_before(BASE + 27, re.compile(r"[,;:]"), 5) == "bels "


def test_a_sentence_s_reading_is_made_once_a_record():
    sentence = parsed_sentence()
    assert reading_of(sentence) is reading_of(sentence)
    assert reading_of(replace(sentence, tokens=())) is not reading_of(sentence)


def test_what_is_read_from_the_text_alone_is_shared_by_a_sentence_s_records():
    parsed = parsed_sentence()
    unparsed = replace(parsed, tokens=())
    assert [c.cue for c in sentence_cues(unparsed)] and sentence_cues(unparsed) is sentence_cues(parsed)
