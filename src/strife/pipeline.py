"""The stages in order: ingest -> clean -> nlp -> detect -> code -> merge, over a stream of articles.

A ``Pipeline`` builds its heavy parts (the spaCy backbone) once, lazily, and processes articles in batches so that
spaCy sees many sentences at a time. Output order is input order.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import islice

from strife import config, detect, merge, nlp, political, sense
from strife.clean import clean
from strife.code import code_mention
from strife.config import Settings, load_settings
from strife.errors import ResourceError, is_out_of_space
from strife.records import Article, CleanText, Event, ParsedArticle, Sentence, Skip

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Result:
    """One input's outcome: its clean text and events, or the reason it was skipped."""

    article_id: str | None
    clean: CleanText | None = None
    events: tuple[Event, ...] = ()
    skip: Skip | None = None


class Pipeline:
    def __init__(self, settings: Settings | None = None):
        self.settings = settings or load_settings()
        config.use(self.settings)
        merge.use_calibration(self.settings.get("pipeline.calibration"))

    @cached_property
    def backbone(self) -> nlp.Backbone:
        return nlp.Backbone(self.settings)

    def run(self, items: Iterable[Article | Skip]) -> Iterator[Result]:
        size = self.settings.get("pipeline.articles_per_batch")
        stream = iter(items)
        while batch := list(islice(stream, size)):
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Article | Skip]) -> Iterator[Result]:
        cleaned = [item if isinstance(item, Skip) else self._guarded("clean", item, clean, item, self.settings)
                   for item in batch]
        texts = [c for c in cleaned if isinstance(c, CleanText)]
        split = [ParsedArticle(c, nlp.split_sentences(c)) for c in texts]
        parsed = iter(self.backbone.parse_articles(split, chosen_sentences))
        for item, outcome in zip(batch, cleaned, strict=True):
            if isinstance(outcome, Skip):
                yield Result(outcome.article_id, skip=outcome)
                continue
            events = self._guarded("detect/code/merge", item, events_of, next(parsed))
            if isinstance(events, Skip):
                yield Result(outcome.article_id, outcome, skip=events)
            else:
                yield Result(outcome.article_id, outcome, events)

    def _guarded(self, stage: str, article: Article, step, *args):
        """Run one article's step; a bug there skips that article with the reason (``pipeline.strict`` raises).
        A lack of room (disk, temporary space) is no article's fault and would fail every article: it stops the
        run with one ``ResourceError``."""
        try:
            return step(*args)
        except ResourceError:
            raise
        except Exception as err:  # noqa: BLE001 - any bug in a stage must not end the batch
            if is_out_of_space(err):
                raise ResourceError(f"no space left to work in ({stage}: {err}); free some space (or point TMPDIR "
                                    "at a folder with room) and rerun") from err
            if self.settings.get("pipeline.strict"):
                raise
            log.debug("article %s failed in %s", article.id, stage, exc_info=True)  # the skip is the one line
            return Skip(article.origin or article.id, f"internal error in {stage}: {type(err).__name__}: {err}",
                        article.id, internal=True)


def chosen_sentences(article: ParsedArticle) -> list[Sentence]:
    """The sentences spaCy parses: those that may report an ACLED event or a political one, in text order (each
    choice made here, from the text, and noted on the article for detection and the political reader)."""
    chosen = {s.index: s for s in detect.event_sentences(article)}
    chosen.update((s.index, s) for s in political.political_sentences(article))
    return [chosen[i] for i in sorted(chosen)]


def events_of(article) -> tuple[Event, ...]:
    """Detect, code, check the sense of (participants that fit the type) and merge one parsed article's events,
    with stable ids: its ACLED events, then its political events (PLOVER), which never merge with them."""
    relevant = detect.article_relevance(article)
    acled_view = acled_only(article)
    coded = [code_mention(acled_view, m) for m in detect.find_mentions(acled_view)]
    fitting = [e for e in coded if sense.verdict(e, article.clean.text, relevant) is None]
    acled = merge.merge_article_events(fitting, relevant, merge.headline_end(article.clean.text))
    return tuple(with_id(e) for e in (*acled, *political.political_events(article, relevant)))


def acled_only(article: ParsedArticle) -> ParsedArticle:
    """The article as ACLED's detection and coders read it: a sentence parsed only for political events is
    unparsed again, so that no ACLED event changes because political events were read beside it."""
    wanted = {s.index for s in detect.event_sentences(article)}
    return replace(article, sentences=tuple(
        s if s.index in wanted or not s.parsed else replace(s, tokens=(), entities=()) for s in article.sentences))


def with_id(event: Event) -> Event:
    """A stable id: the same article, type and first evidence give the same id on every run (an ACLED event's
    PLOVER equivalent follows from its sub-event type, so only a political event's PLOVER type is keyed)."""
    first = event.evidence[0] if event.evidence else None
    plover = None if event.sub_event_type else event.plover_type
    key = f"{event.article_id}|{event.sub_event_type}|{plover}|{first.start if first else ''}"
    return replace(event, id=f"{event.article_id}#{hashlib.sha1(key.encode()).hexdigest()[:10]}")


def clean_only(items: Iterable[Article | Skip], settings: Settings) -> Iterator[CleanText | Skip]:
    for item in items:
        yield item if isinstance(item, Skip) else clean(item, settings)
