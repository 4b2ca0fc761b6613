"""JSONL corpora: one object a line with ``id``, ``text`` or ``html``, ``published``, ``source``, ``url``."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from strife.ingest.html import article_from_html
from strife.records import Article, Skip


def read_jsonl(path: Path, max_bytes: int) -> Iterator[Article | Skip]:
    try:
        with path.open(encoding="utf-8", errors="replace") as lines:
            yield from parse_lines(lines, str(path), path.stem, max_bytes)
    except OSError as err:
        yield Skip(str(path), f"cannot read: {err.strerror or err}")


def parse_lines(lines: Iterable[str], origin: str, stem: str, max_bytes: int) -> Iterator[Article | Skip]:
    for number, line in enumerate(lines, 1):
        if line.strip():
            yield parse_record(line, f"{origin}:{number}", f"{stem}-{number}", max_bytes)


def parse_record(line: str, origin: str, default_id: str, max_bytes: int) -> Article | Skip:
    if len(line) > max_bytes:
        return Skip(origin, f"record over {max_bytes // 1_000_000} MB")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return Skip(origin, f"malformed JSON: {err.msg} at column {err.colno}")
    if not isinstance(record, dict):
        return Skip(origin, "a JSONL line must be an object")
    article_id = str(record.get("id") or default_id)
    published = _date_only(record.get("published"))
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        return Article(id=article_id, text=text, published=published, source=_str(record.get("source")),
                       url=_str(record.get("url")), title=_str(record.get("title")), origin=origin)
    if isinstance(html, str) and html.strip():
        article = article_from_html(html, origin, article_id, _str(record.get("url")))
        if isinstance(article, Article):
            article = replace(article, published=published, source=_str(record.get("source")) or article.source)
        return article
    return Skip(origin, "record has no text or html", article_id)


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _date_only(value: object) -> str | None:
    """The day of an ISO date or date-time string, else None."""
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        return value[:10]
    return None
