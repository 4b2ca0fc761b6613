"""The Python API: the same records the command line prints, and one contract for failures.

``extract`` answers a list of events, possibly empty when the article reports none; it never answers an empty
list for an article it could not read: bad input raises ``strife.errors.InputError``, a failing stage
``strife.errors.PipelineError``, a lack of room ``strife.errors.ResourceError``. ``extract_many`` streams events
and, in their place, a ``Skip`` (origin, reason) for each record it could not use, in input order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from functools import cache

from strife.config import load_settings
from strife.errors import InputError, PipelineError
from strife.ingest import unique_ids
from strife.ingest.fields import checked_published, publication_day, repaired_strings
from strife.ingest.jsonl import article_of_record
from strife.pipeline import Pipeline
from strife.records import Article, Event, Skip

ARTICLE_STRINGS = ("id", "text", "html", "source", "url", "title", "origin")


@cache
def default_pipeline() -> Pipeline:
    return Pipeline(load_settings())


def extract(text: str, published: dt.date | str | None = None, source: str | None = None,
            article_id: str = "text") -> list[Event]:
    """Events of one article's text. ``published`` (a ``datetime.date``/``datetime`` or an ISO string such as
    "2023-03-14") anchors relative dates ("on Saturday"). Lone surrogates in the text are replaced by U+FFFD.

    Raises ``InputError`` when the input is unusable (text not a string, an impossible ``published``, text the
    pipeline skips: empty, not English, ...), ``PipelineError`` when a stage fails on it."""
    result = next(default_pipeline().run([_article(text, published, source, article_id)]))
    if result.skip:
        raise (PipelineError if result.skip.internal else InputError)(result.skip.reason)
    return list(result.events)


def extract_many(records: Iterable[Mapping | Article]) -> Iterator[Event | Skip]:
    """Events of many articles, streamed in input order. A record is an ``Article`` or a mapping with the JSONL
    corpus keys (``id``, ``text`` or ``html``, ``published``, ``source``, ``url``); a record that gives no article
    (no text, a duplicate id, not English, a stage that failed on it) yields a ``Skip`` with the reason."""
    def articles() -> Iterator[Article | Skip]:
        for n, record in enumerate(records, 1):
            origin = f"record {n}"
            if isinstance(record, Article):
                yield _repaired_article(record, origin)
            elif isinstance(record, Mapping):
                yield article_of_record(record, origin, f"record-{n}")
            else:
                yield Skip(origin, f"a record must be a mapping or an Article, not a {type(record).__name__}")

    for result in default_pipeline().run(unique_ids(articles())):
        if result.skip:
            yield result.skip
        else:
            yield from result.events


def _article(text: object, published: object, source: object, article_id: object) -> Article:
    if not isinstance(text, str):
        raise InputError(f"text must be a str, not a {type(text).__name__}")
    for name, value in (("source", source), ("article_id", article_id)):
        if value is not None and not isinstance(value, str):
            raise InputError(f"{name} must be a str, not a {type(value).__name__}")
    day, problem = publication_day(published)
    if problem:
        raise InputError(f"{problem} (give a datetime.date or an ISO string)")
    article = Article(id=article_id or "text", text=text, published=day, source=source, origin=article_id or "text")
    return _repaired_article(article, article.origin)


def _repaired_article(article: Article, origin: str) -> Article:
    """The article with lone surrogates replaced (they would break every write) and a usable ``published``."""
    fields = repaired_strings({name: getattr(article, name) for name in ARTICLE_STRINGS}, ARTICLE_STRINGS, origin)
    return replace(article, **fields, published=checked_published(article.published, origin))
