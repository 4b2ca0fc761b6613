"""Article relevance: how likely a text reports political violence, protest or a political event at all.

A logistic regression over the article's words, read so that it cannot lean on an outlet's style, on capital
letters or on the decade: the text is lower-cased; digits, function words (spaCy's English stop words) and
names (words its training texts capitalise mid-sentence: places, people, outlets) carry no weight; features are
the remaining words and the pairs of neighbouring ones, each counted once, the vector scaled to unit length so
that a long text does not outweigh a short one. The weights (``data/relevance_model.tsv``) are retrained by
``make model`` (scripts/train_relevance.py); what they were trained on is in docs/relevance-data-card.md.
"""

from __future__ import annotations

import math
import re
from functools import cache

from strife.lexicon import data_rows
from strife.nlp import stop_words

MODEL_FILE = "relevance_model.tsv"
FULL_AT = 0.4  # from this relevance up an article's events keep their confidence; below, it falls in proportion
BIAS = "__bias__"
WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")


def words(text: str) -> list[str]:
    """The content words of ``text``, lower-cased, in order: no digits, no stop words, no single letters."""
    stops = stop_words()
    return [w for w in WORD.findall(text.lower().replace("\u2019", "'")) if len(w) > 1 and w not in stops]


def features(text: str) -> set[str]:
    """Each content word, and each pair of neighbouring content words ("air strike", "tear gas")."""
    seq = words(text)
    return set(seq) | {f"{a} {b}" for a, b in zip(seq, seq[1:], strict=False)}


@cache
def model() -> tuple[float, dict[str, float]]:
    """(bias, feature -> weight) from ``data/relevance_model.tsv``."""
    weights = {feature: float(weight) for feature, weight in data_rows(MODEL_FILE)}
    return weights.pop(BIAS), weights


def score(found: set[str], bias: float, weights: dict[str, float]) -> float:
    """The model's probability for one text's features (shared by the trainer and the reader)."""
    if not found:
        return 1 / (1 + math.exp(-bias))
    z = bias + sum(weights.get(f, 0.0) for f in found) / math.sqrt(len(found))
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def relevance(text: str) -> float:
    """0-1: does this article report political violence, protest or a political event at all?"""
    bias, weights = model()
    return round(score(features(text), bias, weights), 4)


def weight(score_: float | None) -> float:
    """What an article's relevance multiplies its events' confidence by (1 where it is unknown)."""
    return 1.0 if score_ is None else min(1.0, score_ / FULL_AT)
