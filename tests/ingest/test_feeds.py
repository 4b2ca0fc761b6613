"""RSS and Atom feeds: each entry an article, its content else its summary, HTML turned into paragraphs."""

from __future__ import annotations

import pytest

pytest.importorskip("feedparser")
from strife.ingest.feeds import html_to_text, read_feed  # noqa: E402
from strife.records import Skip  # noqa: E402

MAX = 1_000_000

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Valley Desk</title>
<item><title>Clashes near the dam</title><link>https://desk.example/1</link><guid>desk-1</guid>
<pubDate>Tue, 05 Mar 2024 22:30:00 GMT</pubDate>
<description>&lt;p&gt;Militiamen and police &lt;b&gt;exchanged fire&lt;/b&gt; on Monday.&lt;/p&gt;
&lt;p&gt;Two died.&lt;/p&gt;</description>
</item>
<item><title>Market reopens</title><link>https://desk.example/2</link></item>
<item><description>Plain words only.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Hill Wire</title><id>urn:hill</id>
<updated>2024-01-02T00:00:00Z</updated>
<entry><title>Convoy ambushed</title><id>urn:hill:7</id><updated>2024-01-02T08:00:00Z</updated>
<link href="https://hill.example/7"/>
<summary>Short summary.</summary>
<content type="html">&lt;p&gt;Gunmen ambushed a supply convoy.&lt;/p&gt;
&lt;ul&gt;&lt;li&gt;one&lt;/li&gt;&lt;li&gt;two&lt;/li&gt;&lt;/ul&gt;</content>
</entry></feed>"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_feeds_rss_entries_become_articles(tmp_path):
    first, second, third = read_feed(write(tmp_path, "desk.rss", RSS), MAX)
    assert first.id == "desk-1"
    assert first.text == ("Clashes near the dam\n\nMilitiamen and police exchanged fire on Monday."
                          "\n\nTwo died.")
    assert (first.published, first.source, first.url) == ("2024-03-05", "Valley Desk", "https://desk.example/1")
    assert second.id == "https://desk.example/2" and second.text == "Market reopens"
    assert third.id == "desk-3" and third.text == "Plain words only."


def test_feeds_atom_content_wins_over_summary(tmp_path):
    [entry] = read_feed(write(tmp_path, "hill.atom", ATOM), MAX)
    assert entry.text == "Convoy ambushed\n\nGunmen ambushed a supply convoy.\n\none\n\ntwo"
    assert (entry.id, entry.published, entry.source) == ("urn:hill:7", "2024-01-02", "Hill Wire")


@pytest.mark.parametrize("text, reason", [
    ("this is not xml at all", "not an RSS or Atom feed"),
    ('<rss version="2.0"><channel><title>x</title></channel></rss>', "feed has no entries"),
])
def test_feeds_unusable_file_is_one_skip(tmp_path, text, reason):
    [skip] = read_feed(write(tmp_path, "bad.xml", text), MAX)
    assert isinstance(skip, Skip) and reason in skip.reason


def test_feeds_entry_without_any_text_is_skipped(tmp_path):
    rss = '<rss version="2.0"><channel><title>x</title><item><link>https://a.example/1</link></item></channel></rss>'
    [skip] = read_feed(write(tmp_path, "empty.rss", rss), MAX)
    assert isinstance(skip, Skip) and skip.article_id == "https://a.example/1"


def test_feeds_file_over_the_limit_is_skipped(tmp_path):
    [skip] = read_feed(write(tmp_path, "big.rss", RSS), 100)
    assert isinstance(skip, Skip) and "file over" in skip.reason


@pytest.mark.parametrize("fragment, expected", [
    ("<p>One.</p><p>Two.</p>", "One.\n\nTwo."),
    ("Line one<br>line two", "Line one\n\nline two"),
    ("no tags &amp; entities", "no tags & entities"),
    ("<div>  spaced   out </div>", "spaced out"),
])
def test_feeds_html_to_text(fragment, expected):
    assert html_to_text(fragment) == expected
