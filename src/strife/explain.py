"""Why each event came out, or did not (``strife explain``).

For an article: its relevance (the model of ``strife.relevance``), then every candidate mention (an event cue
in a sentence the prefilter passes) with the decision on it: kept (it leads an event), merged into another
event, or dropped; and what decided, as a rule id with the span it read: ``relevance.model``,
``detect.sentence.*`` (the sentence's context), ``detect.cue.*`` (the cue's mood or use), ``detect.running-total``,
``types.CUES`` (the cues that typed it), ``sense.*`` (participants that do not fit the type), ``merge.*``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from strife import detect, merge, relevance, sense
from strife.code import code_mention
from strife.code.types import EVENT_CUES
from strife.records import ParsedArticle, Sentence, Span, span_of


@dataclass(frozen=True, slots=True)
class Decision:
    """The fate of one candidate mention (a cue, or a whole sentence when the sentence was not read)."""

    span: Span
    decision: str  # kept | merged | dropped
    rule: str
    sub_event_type: str | None = None
    event_id: str | None = None
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"decision": self.decision, "rule": self.rule, "span": self.span.to_dict(),
                "sub_event_type": self.sub_event_type, "event_id": self.event_id, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class Explanation:
    article_id: str
    relevance: float
    decisions: tuple[Decision, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "relevance": self.relevance,
                "decisions": [d.to_dict() for d in self.decisions]}


def candidate_sentences(article: ParsedArticle) -> list[Sentence]:
    """Every sentence the prefilter passes outside boilerplate: what ``explain`` parses and accounts for."""
    return [s for s in article.sentences
            if not article.clean.in_boilerplate(s.start) and detect.is_candidate(s.text)]


def explain(article: ParsedArticle) -> Explanation:
    """Every candidate mention of ``article`` (its candidate sentences parsed) and the decision on it."""
    text = article.clean.text
    score = relevance.relevance(text)
    candidates = candidate_sentences(article)
    if not detect.worth_reading(score):
        detail = f"relevance {score} gives no event past merge's floor"
        decisions = [Decision(_sentence_span(text, s), "dropped", "relevance.model", detail=detail)
                     for s in candidates]
    else:
        decisions = [*_blocked(article, candidates), *_dropped_cues(article), *_typed(article, score)]
    return Explanation(article.clean.article_id, score, tuple(sorted(decisions, key=lambda d: d.span.start)))


def _sentence_span(text: str, sentence: Sentence) -> Span:
    return span_of(text, sentence.start, sentence.end, "sentence")


def _blocked(article: ParsedArticle, candidates: list[Sentence]) -> list[Decision]:
    context = detect.article_context(article)
    decisions = []
    for sentence in candidates:
        reason = detect.block_reason(sentence, *context)
        if reason:
            decisions.append(Decision(_sentence_span(article.clean.text, sentence), "dropped",
                                      f"detect.sentence.{reason}"))
    return decisions


def _dropped_cues(article: ParsedArticle) -> list[Decision]:
    """Event cues of read sentences that do not stand (negated, planned, in the background...), and triggers
    that only count a running total."""
    text, found = article.clean.text, []
    unrest = detect.unrest_context(article)
    for sentence in detect.event_sentences(article):
        for cue in detect.sentence_cues(sentence):
            reason = detect.cue_verdict(sentence, cue) if cue.cue in EVENT_CUES else None
            if reason:
                span = span_of(text, sentence.start + cue.start, sentence.start + cue.end, "cue")
                found.append(Decision(span, "dropped", f"detect.cue.{reason}"))
        for typed in detect.all_typed_in(sentence, unrest):
            if detect.tallied(sentence, typed):
                span = span_of(text, sentence.start + typed.start, sentence.start + typed.end, "event_type")
                found.append(Decision(span, "dropped", "detect.running-total", typed.sub_event_type))
    return found


def _typed(article: ParsedArticle, score: float) -> list[Decision]:
    """Each typed mention, and what sense and merge made of it."""
    from strife.pipeline import with_id

    text = article.clean.text
    mentions = detect.find_mentions(article)
    coded = [code_mention(article, m) for m in mentions]
    verdicts = [sense.verdict(e, text, score) for e in coded]
    fate: dict[int, tuple[str, str | None, str]] = {}
    kept = [e for e, v in zip(coded, verdicts, strict=True) if v is None]
    for group, event, reason in merge.decide(kept, score, merge.headline_end(text)):
        final = with_id(event) if event is not None else None
        lead = min(group, key=merge.first_offset)
        for member in group:
            if final is None:
                fate[id(member)] = ("dropped", None, f"merge.{reason}")
            else:
                fate[id(member)] = ("kept" if member is lead else "merged", final.id, f"confidence {final.confidence}")
    decisions = []
    for mention, event, verdict in zip(mentions, coded, verdicts, strict=True):
        typed_by = f"types.{'+'.join(mention.cues)}"
        if verdict is not None:
            decisions.append(Decision(mention.trigger, "dropped", verdict, mention.sub_event_type, detail=typed_by))
            continue
        decision, event_id, detail = fate[id(event)]
        rule = detail if decision == "dropped" else typed_by
        note = typed_by if decision == "dropped" else detail
        decisions.append(Decision(mention.trigger, decision, rule, mention.sub_event_type, event_id, note))
    return decisions
