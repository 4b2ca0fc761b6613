"""Who says so (coding guide §7): whom the article credits with an event's facts, and how sure the report is.

Sources are read from reporting frames around the event's sentence ("according to X", "X said", ", X said.");
the verification from cue phrases (``data/attribution.tsv``): a claim of responsibility, a denial, an
outlet that could not verify. Each value comes with the span that supports it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from strife import knowledge
from strife.lexicon import data_rows, find_phrases, sentence_phrases
from strife.records import Attribution, Mention, ParsedArticle, Sentence, Span, span_of

ATTRIBUTION_FILE = "attribution.tsv"
def _frame(role: str) -> str:
    return knowledge.alternation(knowledge.reporting_words(role))


VERBS = rf"(?:{_frame('frame')}|{_frame('frame_object')}\s+\w+(?:\s+\w+)?)"  # "X said", "X told Y"
INVERTED = _frame("inverted")  # ", said X"
SOURCE = r"[A-Za-z][\w'\u2019.&-]*(?:\s+[\w'\u2019.&-]+){0,7}?"
FRAMES = (
    re.compile(rf"\baccording\s+to\s+(?P<src>{SOURCE})\s*(?=[,.;:]|$|\s(?:who|which|that|and|but)\b)"),
    re.compile(rf"(?:^|[,;]\s*)(?P<src>{SOURCE})\s+{VERBS}\s*(?=[,.;\"\u201d]|$)"),
    re.compile(rf",\s*(?:{INVERTED}|according\s+to)\s+(?P<src>{SOURCE})\s*(?=[,.;]|$)"),
    re.compile(rf"^(?P<src>{SOURCE})(?:,[^,]{{1,80}},)?\s+{VERBS}\b"),
    re.compile(rf"[\"\u201d]\s*,?\s*(?:{INVERTED})\s+(?P<src>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){{0,4}})"),
)
LEADING = re.compile(rf"^{knowledge.rule_pattern('source_lead')}\s+", re.I)
PRONOUNS = frozenset(knowledge.rule_words("pronoun_source"))
TRAILING = " .,;:\"'\u201c\u201d"
ORDER = ("claimed", "disputed", "unverified")
LOOK_AHEAD = 4  # sentences after the event's own that may still speak about it
PARAGRAPHS_AHEAD = 2
NEGATED_CLAIM = re.compile(rf"\b{knowledge.rule_pattern('claim_negation')}\b[^.;]{{0,25}}$", re.I)


@cache
def attribution_kinds() -> dict[str, str]:
    return dict(data_rows(ATTRIBUTION_FILE))


def _nearby(article: ParsedArticle, sentence: Sentence) -> Iterator[Sentence]:
    """The event's sentence, then the few after it in the same or next paragraph."""
    yield sentence
    after = [s for s in article.sentences
             if s.index > sentence.index and s.paragraph <= sentence.paragraph + PARAGRAPHS_AHEAD]
    yield from after[:LOOK_AHEAD]


def _is_source(name: str) -> bool:
    """A credited name: a proper name or a generic source (residents, a monitor, officials...)."""
    low = name.lower()
    if not name or low in PRONOUNS or len(name.split()) > 8:
        return False
    kinds = attribution_kinds()
    generic = any(kinds.get(p) == "source" for _, _, p in find_phrases(name, ATTRIBUTION_FILE))
    return generic or name[0].isupper()


def sources_in(article: ParsedArticle, sentence: Sentence) -> list[Span]:
    """Spans (field ``reported_by``) of the sources a sentence credits, found once a sentence: every mention
    reads its neighbouring sentences again."""
    return list(sentence.annotation("sources", lambda: _sources_at(article.clean.text, sentence)))


def _sources_at(text: str, sentence: Sentence) -> tuple[Span, ...]:
    offset, sentence_text = sentence.start, sentence.text
    found: list[Span] = []
    for frame in FRAMES:
        for m in frame.finditer(sentence_text):
            start, end = m.span("src")
            lead = LEADING.match(sentence_text[start:end])
            while lead:
                start += lead.end()
                lead = LEADING.match(sentence_text[start:end])
            while end > start and sentence_text[end - 1] in TRAILING:
                end -= 1
            name = sentence_text[start:end]
            if _is_source(name) and not any(s.start <= offset + start < s.end for s in found):
                found.append(span_of(text, offset + start, offset + end, "reported_by"))
    return tuple(found)


def verification_in(article: ParsedArticle, sentence: Sentence) -> tuple[str, Span] | None:
    """The strongest verification cue of a sentence (claimed > disputed > unverified)."""
    kinds = attribution_kinds()
    hits = [(ORDER.index(kinds[p]), s, e) for s, e, p in sentence_phrases(sentence, ATTRIBUTION_FILE)
            if kinds[p] in ORDER and not (kinds[p] == "claimed" and NEGATED_CLAIM.search(sentence.text[:s]))]
    if not hits:
        return None
    rank, start, end = min(hits)
    span = span_of(article.clean.text, sentence.start + start, sentence.start + end, "verification")
    return ORDER[rank], span


def attribution_for(article: ParsedArticle, mention: Mention) -> Attribution:
    """Sources from the nearest sentence naming one; verification from the event's and the next sentences."""
    sources: list[Span] = []
    verdicts: list[tuple[str, Span]] = []
    for sentence in _nearby(article, mention.sentence):
        if not sources:
            sources = sources_in(article, sentence)
        verdict = verification_in(article, sentence)
        if verdict:
            verdicts.append(verdict)
    verification, spans = "reported", list(sources[:3])
    if verdicts:
        verification, span = min(verdicts, key=lambda v: ORDER.index(v[0]))
        spans.append(span)
    names = tuple(dict.fromkeys(s.text for s in sources[:3]))
    return Attribution(reported_by=names, verification=verification, spans=tuple(spans))
