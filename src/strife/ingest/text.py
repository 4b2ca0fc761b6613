"""Plain-text files: the article id is the file's stem."""

from __future__ import annotations

from strife.ingest.raw import decode
from strife.records import Article, Skip


def read_text(data: bytes, origin: str, article_id: str) -> Article | Skip:
    text = decode(data, origin)
    if isinstance(text, Skip):
        return text
    return Article(id=article_id, text=text, origin=origin)
