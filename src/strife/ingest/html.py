"""HTML pages: main text, title, date and site name through trafilatura."""

from __future__ import annotations

import logging

import trafilatura

from strife.ingest.raw import decode
from strife.records import Article, Skip

MIN_WORDS = 20  # fewer words than this is a menu or an error page, not an article

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def read_html(data: bytes | str, origin: str, article_id: str, url: str | None = None) -> Article | Skip:
    html = decode(data, origin) if isinstance(data, bytes) else data
    if isinstance(html, Skip):
        return html
    return article_from_html(html, origin, article_id, url)


def article_from_html(html: str, origin: str, article_id: str, url: str | None = None) -> Article | Skip:
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    text = (doc.text if doc else "") or ""
    words = len(text.split())
    if words < MIN_WORDS:
        return Skip(origin, f"no article text found in the page ({words} words)", article_id)
    title = doc.title or None
    body = f"{title}\n\n{text}" if title and not text.startswith(title) else text
    return Article(id=article_id, text=body, html=None, title=title, source=doc.sitename or None,
                   url=url or doc.url or None, page_date=doc.date or None, origin=origin)
