"""ingest: documents in. Paths (files, directories, ``-``) become a stream of ``Article`` or ``Skip`` records.

One reader a format (``text``, ``html``, ``jsonl``); this module dispatches on the path and walks directories.
A bad input never stops the batch: it becomes a ``Skip`` with a one-line reason. Ids are unique per run: an input
whose id an earlier input of the run already had (two ``index.txt`` in different folders, two JSONL records with
one ``id``) is skipped, with a reason that names the input read first, so nothing is overwritten in silence.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from strife.config import Settings
from strife.ingest import feeds, html, jsonl, text, warc
from strife.ingest.raw import read_bytes, wide_text
from strife.records import Article, Skip

# Readers of a whole byte string (one article a file) and readers of a path (many articles a file).
READERS = {".html": html.read_html, ".htm": html.read_html}
STREAM_READERS = {".jsonl": jsonl.read_jsonl, ".ndjson": jsonl.read_jsonl, ".warc": warc.read_warc,
                  ".warc.gz": warc.read_warc, ".rss": feeds.read_feed, ".atom": feeds.read_feed,
                  ".xml": feeds.read_feed}


def extension(path: Path) -> str:
    """The file's kind: ``.warc.gz`` for a compressed WARC, else the last suffix."""
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


def read_inputs(paths: Iterable[str], settings: Settings, published: str | None = None,
                source: str | None = None) -> Iterator[Article | Skip]:
    """Every article of every input, in order; ``published``/``source`` fill in what an input lacks."""
    for item in unique_ids(_walk(paths, settings)):
        if isinstance(item, Article):
            item = replace(item, published=item.published or published, source=item.source or source)
        yield item


def unique_ids(items: Iterable[Article | Skip]) -> Iterator[Article | Skip]:
    """The items with each id once: a later article with an id already read is skipped, naming the first input
    (a skip keeps its own reason but loses the id, so that it cannot stand for the article read first)."""
    first_origin: dict[str, str] = {}
    for item in items:
        key = item.id if isinstance(item, Article) else item.article_id
        if key is None:
            yield item
        elif key in first_origin:
            yield (Skip(item.origin, repeated_id_reason(key, first_origin[key]))
                   if isinstance(item, Article) else replace(item, article_id=None))
        else:
            first_origin[key] = item.origin
            yield item


def repeated_id_reason(key: str, first_origin: str) -> str:
    """Why an article whose id an earlier input already had is skipped."""
    return (f"duplicate id {key!r}: {first_origin} has it too and was read first (ids must be unique; the first "
            "is kept)")


def _walk(paths: Iterable[str], settings: Settings) -> Iterator[Article | Skip]:
    max_bytes = settings.get("ingest.max_bytes")
    extensions = set(settings.get("ingest.extensions"))
    for raw_path in paths:
        if raw_path == "-":
            yield from read_stream(sys.stdin.buffer.read(max_bytes + 1), "-", max_bytes)
            continue
        path = Path(raw_path)
        if path.is_dir():
            files = directory_files(path, extensions)
            if not files:
                yield Skip(raw_path, f"no input files in the directory (extensions: {', '.join(sorted(extensions))})")
            for file in files:
                yield from read_file(file, max_bytes)
        elif path.is_file():
            yield from read_file(path, max_bytes)
        else:
            yield Skip(raw_path, "no such file or directory")


def directory_files(path: Path, extensions: set[str]) -> list[Path]:
    """A directory's input files, recursively, in a stable order; hidden files and folders left out."""
    return sorted(p for p in path.rglob("*") if p.is_file() and extension(p) in extensions
                  and not any(part.startswith(".") for part in p.relative_to(path).parts))


def read_file(path: Path, max_bytes: int) -> Iterator[Article | Skip]:
    kind = extension(path)
    if kind in STREAM_READERS:
        yield from STREAM_READERS[kind](path, max_bytes)
        return
    reader = READERS.get(kind, text.read_text)
    data = read_bytes(path, max_bytes)
    if isinstance(data, Skip):
        yield data
        return
    yield reader(data, str(path), path.stem)


def read_stream(data: bytes, origin: str, max_bytes: int) -> Iterator[Article | Skip]:
    """Standard input: JSONL when it starts with ``{``, HTML when with ``<``, else plain text."""
    if len(data) > max_bytes:
        yield Skip(origin, f"input over {max_bytes // 1_000_000} MB")
        return
    wide = wide_text(data)
    if wide is not None:
        data = wide.encode("utf-8")
    head = data.lstrip()[:1]
    if head == b"{":
        yield from jsonl.parse_lines(data.decode("utf-8", errors="replace").splitlines(), origin, "stdin",
                                     max_bytes)
    elif head == b"<":
        yield html.read_html(data, origin, "stdin")
    else:
        yield text.read_text(data, origin, "stdin")
