"""WARC files (Common Crawl News and any crawler's archives, plain or gzipped): each HTML page is one article.

A WARC file is an archive, not a document, so it is streamed record by record and ``max_bytes`` limits each
record, not the file. ``response`` and ``resource`` records are documents: an HTML page goes through the same
trafilatura extraction as a saved page (``ingest.html``); a document that is not an article (another media
type, an HTTP error, a page without article text, one over the size limit) becomes a ``Skip`` with the reason.
Records that carry no document (``warcinfo``, ``request``, ``metadata``, ``revisit``) are passed over
silently. An origin is ``path:N``, the N-th record of the file. A damaged archive ends with one ``Skip``; the
articles read before the damage are kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from strife.ingest.html import read_html
from strife.records import Article, Skip

DOCUMENT_RECORDS = ("response", "resource")
HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, max_bytes: int) -> Iterator[Article | Skip]:
    """Every document record of a ``.warc`` or ``.warc.gz`` file, in file order."""
    from warcio.archiveiterator import ArchiveIterator  # here: warcio (and fsspec) cost every start 0.1 s
    from warcio.exceptions import ArchiveLoadFailed

    try:
        with path.open("rb") as stream:
            number = 0
            try:
                for number, record in enumerate(ArchiveIterator(stream), 1):
                    if record.rec_type in DOCUMENT_RECORDS:
                        yield read_record(record, f"{path}:{number}", max_bytes)
            except (ArchiveLoadFailed, OSError, EOFError, ValueError) as err:
                reason = f"damaged WARC archive, reading stopped: {_first_line(err)}"
                yield Skip(f"{path}:{number + 1}", reason)
    except OSError as err:
        yield Skip(str(path), f"cannot read: {err.strerror or err}")


def read_record(record, origin: str, max_bytes: int) -> Article | Skip:
    """One ``response`` or ``resource`` record as an article, or the reason it is not one."""
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI")
    article_id = record_id(headers.get_header("WARC-Record-ID"), origin)
    http = record.http_headers
    if http is not None and not http.get_statuscode().startswith("2"):
        return Skip(origin, f"HTTP status {http.get_statuscode()} for {url}", article_id)
    media_type = _media_type(http.get_header("Content-Type") if http is not None
                             else headers.get_header("Content-Type"))
    if media_type not in HTML_TYPES:
        return Skip(origin, f"not an HTML page ({media_type or 'no content type'}): {url}", article_id)
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return Skip(origin, f"record over {max_bytes // 1_000_000} MB: {url}", article_id)
    article = read_html(body, origin, article_id, url)
    if isinstance(article, Article) and not article.page_date:
        article = replace(article, page_date=_day(headers.get_header("WARC-Date")))
    return article


def record_id(warc_record_id: str | None, origin: str) -> str:
    """The record's UUID (``<urn:uuid:...>`` without the wrapping), else the origin."""
    if not warc_record_id:
        return origin
    return warc_record_id.strip("<>").removeprefix("urn:uuid:")


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def _day(warc_date: str | None) -> str | None:
    """The crawl day of a WARC-Date (ISO 8601): the page date of last resort, as a news crawl fetches pages
    within hours of publication."""
    return warc_date[:10] if warc_date and len(warc_date) >= 10 else None


def _first_line(err: Exception) -> str:
    return (str(err).splitlines() or [type(err).__name__])[0]
