"""HTML pages: main text, title, date and site name through trafilatura.

libxml2 reads elements at most ``DEFAULT_DEPTH`` deep and drops what lies below, so a page nested deeper would
look empty. A page with too few words is therefore parsed again without that limit (``huge_tree``, up to
``HUGE_DEPTH``), and read from that tree when it is deep; deeper still, it is skipped with that reason.
"""

from __future__ import annotations

import logging

import lxml.html
from lxml.etree import ParserError

from strife.ingest.raw import decode
from strife.records import Article, Skip

MIN_WORDS = 20  # fewer words than this is a menu or an error page, not an article
DEFAULT_DEPTH = 255  # libxml2's nesting limit without huge_tree
HUGE_DEPTH = 2000  # near libxml2's limit with huge_tree (2048): a page this deep may have lost its text
HUGE_PARSER = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, remove_comments=True,
                                   remove_pis=True, huge_tree=True)

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def read_html(data: bytes | str, origin: str, article_id: str, url: str | None = None) -> Article | Skip:
    html = decode(data, origin) if isinstance(data, bytes) else data
    if isinstance(html, Skip):
        return html
    return article_from_html(html, origin, article_id, url)


def article_from_html(html: str, origin: str, article_id: str, url: str | None = None) -> Article | Skip:
    doc = _extract(html, url)
    text = (doc.text if doc else "") or ""
    words = len(text.split())
    if words < MIN_WORDS:
        tree = _huge_tree(html)
        depth = _depth(tree) if tree is not None else 0
        if depth >= HUGE_DEPTH:
            return Skip(origin, f"the page nests elements over {HUGE_DEPTH} deep, more than the HTML parser "
                                "reads", article_id)
        if depth > DEFAULT_DEPTH:
            doc = _extract(tree, url)
            text = (doc.text if doc else "") or ""
            words = len(text.split())
    if words < MIN_WORDS:
        return Skip(origin, f"no article text found in the page ({words} words)", article_id)
    title = doc.title or None
    body = f"{title}\n\n{text}" if title and not text.startswith(title) else text
    return Article(id=article_id, text=body, html=None, title=title, source=doc.sitename or None,
                   url=url or doc.url or None, page_date=doc.date or None, origin=origin)


def _extract(html, url: str | None):
    import trafilatura  # imported on the first page: a run of plain text or JSONL never needs it (start-up)

    return trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                       include_tables=False, favor_precision=True)


def _huge_tree(html: str):
    """The page parsed without libxml2's default nesting limit, or None when it cannot be parsed."""
    for source in (html, html.encode("utf-8")):  # lxml refuses a str with an encoding declaration
        try:
            return lxml.html.fromstring(source, parser=HUGE_PARSER)
        except ValueError:
            continue
        except ParserError:
            return None
    return None


def _depth(tree) -> int:
    """The deepest element's depth below the root."""
    depths = {tree: 0}
    for element in tree.iterdescendants():
        depths[element] = depths[element.getparent()] + 1
    return max(depths.values())
