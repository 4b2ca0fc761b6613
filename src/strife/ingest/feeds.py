"""RSS and Atom feeds: each entry is one article, its text the entry's content, else its summary.

strife never fetches the page an entry links to (no network); a feed whose entries carry only headlines
gives headline-only articles, and a crawl of the pages themselves belongs in a WARC file (``ingest.warc``).
HTML in an entry becomes plain text with a paragraph break after each block element, so sentences do not
run together.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import lxml.html
from lxml.etree import ParserError

from strife.ingest.raw import read_bytes
from strife.records import Article, Skip

BLOCK_TAGS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "figcaption", "br")
HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_feed(path: Path, max_bytes: int) -> Iterator[Article | Skip]:
    """Every entry of an RSS or Atom file, in feed order."""
    data = read_bytes(path, max_bytes)
    if isinstance(data, Skip):
        yield data
        return
    import feedparser  # imported on the first feed: other runs never need it (start-up)

    feed = feedparser.parse(data)
    if not feed.entries:
        reason = f"not an RSS or Atom feed: {feed.bozo_exception}" if feed.bozo else "feed has no entries"
        yield Skip(str(path), reason)
        return
    source = feed.feed.get("title") or None
    for number, entry in enumerate(feed.entries, 1):
        yield article_from_entry(entry, f"{path}#{number}", f"{path.stem}-{number}", source)


def article_from_entry(entry, origin: str, default_id: str, source: str | None) -> Article | Skip:
    """One feed entry as an article: title, then the content (or summary) as plain text."""
    article_id = entry.get("id") or entry.get("link") or default_id
    title = _plain(entry.get("title", "")) or None
    body = entry_text(entry)
    if not body and not title:
        return Skip(origin, "feed entry has no title, content or summary", article_id)
    text = f"{title}\n\n{body}" if title and body and not body.startswith(title) else body or title
    return Article(id=article_id, text=text, published=_published(entry), source=source,
                   url=entry.get("link") or None, title=title, origin=origin)


def entry_text(entry) -> str:
    """The longest of the entry's contents, else its summary, as plain text."""
    details = list(entry.get("content") or [])
    if not details and entry.get("summary_detail"):
        details = [entry.summary_detail]
    best = max(details, key=lambda d: len(d.get("value") or ""), default=None)
    if best is None:
        return ""
    value = best.get("value") or ""
    return html_to_text(value) if best.get("type") in HTML_TYPES else _plain(value)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, a blank line after each block element."""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except ParserError:
        return _plain(fragment)
    for element in root.iter(*BLOCK_TAGS):
        element.tail = "\n\n" + (element.tail or "")
    return _plain(root.text_content())


def _plain(text: str) -> str:
    """Spaces collapsed within lines, at most one blank line between paragraphs."""
    lines = (re.sub(r"[ \t\r\f\v\xa0]+", " ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _published(entry) -> str | None:
    """The entry's publication (else update) day, ISO; feedparser gives it in UTC."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None
