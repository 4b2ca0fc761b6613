"""JSONL corpora: one object a line with ``id``, ``text`` or ``html``, ``published``, ``source``, ``url``.

Every record is read on its own: a line that is not a JSON object (malformed, nested too deep for any reader,
over the size limit) is one ``Skip`` naming its line, and the next line is read. Lone surrogates are replaced
and an unusable ``published`` is left out, each with one warning line naming the record (``ingest.fields``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path

from strife.ingest.fields import checked_published, repaired_strings
from strife.ingest.html import article_from_html
from strife.ingest.raw import text_encoding
from strife.records import Article, Skip

TEXT_FIELDS = ("id", "text", "html", "published", "source", "url", "title")


def read_jsonl(path: Path, max_bytes: int) -> Iterator[Article | Skip]:
    try:
        with path.open("rb") as raw:
            encoding = text_encoding(raw.read(4))
        with path.open(encoding=encoding, errors="replace") as lines:
            yield from parse_lines(lines, str(path), path.stem, max_bytes)
    except OSError as err:
        yield Skip(str(path), f"cannot read: {err.strerror or err}")


def parse_lines(lines: Iterable[str], origin: str, stem: str, max_bytes: int) -> Iterator[Article | Skip]:
    """Each non-blank line's article or skip; an input without one is itself a skip."""
    records = 0
    for number, line in enumerate(lines, 1):
        if line.strip():
            records += 1
            yield parse_record(line.rstrip("\r\n"), f"{origin}:{number}", f"{stem}-{number}", max_bytes)
    if not records:
        yield Skip(origin, "no records (an empty JSONL input)")


def parse_record(line: str, origin: str, default_id: str, max_bytes: int) -> Article | Skip:
    if len(line) > max_bytes:
        return Skip(origin, f"record over {max_bytes // 1_000_000} MB")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return Skip(origin, f"malformed JSON: {err.msg.removesuffix(' at')} at column {err.colno}")
    except RecursionError:
        return Skip(origin, "malformed JSON: nested too deeply to read (a record is one flat object)")
    if not isinstance(record, dict):
        return Skip(origin, "a JSONL line must be an object")
    return article_of_record(record, origin, default_id)


def article_of_record(record: Mapping, origin: str, default_id: str) -> Article | Skip:
    """A corpus record (``id``, ``text`` or ``html``, ``published``, ``source``, ``url``, ``title``) as an article."""
    record = repaired_strings(record, TEXT_FIELDS, origin)
    article_id = str(record.get("id") or default_id)
    published = checked_published(record.get("published"), origin)
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
