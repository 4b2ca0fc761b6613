"""The Python API: the same records the command line prints."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from functools import cache

from strife.config import load_settings
from strife.ingest.jsonl import parse_record
from strife.pipeline import Pipeline
from strife.records import Article, Event

MAX_BYTES = 10_000_000


@cache
def default_pipeline() -> Pipeline:
    return Pipeline(load_settings())


def extract(text: str, published: str | None = None, source: str | None = None,
            article_id: str = "text") -> list[Event]:
    """Events of one article's text (``published`` as YYYY-MM-DD anchors relative dates)."""
    article = Article(id=article_id, text=text, published=published, source=source, origin=article_id)
    return [e for r in default_pipeline().run([article]) for e in r.events]


def extract_many(records: Iterable[Mapping | Article]) -> Iterator[Event]:
    """Events of many articles, streamed in input order. A record is an ``Article`` or a mapping with the JSONL
    corpus keys (``id``, ``text`` or ``html``, ``published``, ``source``, ``url``); unusable ones are skipped."""
    def articles():
        for n, record in enumerate(records, 1):
            yield record if isinstance(record, Article) else parse_record(
                json.dumps(dict(record)), f"record {n}", f"record-{n}", MAX_BYTES)

    for result in default_pipeline().run(articles()):
        yield from result.events
