"""WARC files: HTML responses become articles; other records are skipped with a reason or passed over."""

from __future__ import annotations

import gzip
from io import BytesIO

import pytest

warcio = pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from strife.ingest.warc import read_warc, record_id  # noqa: E402
from strife.records import Article, Skip  # noqa: E402

MAX = 1_000_000
STORY = ("Rebels and army units fought for control of the bridge near the river town on Friday, "
         "residents said, and the fighting went on into the night while families sheltered in basements. ")


def page(title: str, paragraphs: int = 3) -> bytes:
    body = "".join(f"<p>{STORY}</p>" for _ in range(paragraphs))
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}"
            "</article></body></html>").encode()


def response(writer: WARCWriter, url: str, payload: bytes, content_type: str = "text/html; charset=utf-8",
             status: str = "200 OK", date: str = "2024-03-07T10:00:00Z") -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=BytesIO(payload), http_headers=http,
                                       warc_headers_dict={"WARC-Date": date})
    writer.write_record(record)


def write_warc(path, gzipped: bool, build) -> None:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        build(writer)


@pytest.mark.parametrize("gzipped, name", [(True, "news.warc.gz"), (False, "news.warc")])
def test_warc_html_responses_become_articles(tmp_path, gzipped, name):
    path = tmp_path / name
    write_warc(path, gzipped, lambda w: (response(w, "https://news.example/a", page("Bridge fighting")),
                                         response(w, "https://news.example/b", page("Second report"))))
    items = list(read_warc(path, MAX))
    assert [type(i) for i in items] == [Article, Article]
    first = items[0]
    assert first.url == "https://news.example/a"
    assert "Rebels and army units fought" in first.text
    assert (first.origin, items[1].origin) == (f"{path}:2", f"{path}:3")  # record 1 is the warcinfo
    assert items[0].id != items[1].id


def test_warc_crawl_day_is_the_page_date_of_last_resort(tmp_path):
    path = tmp_path / "c.warc.gz"
    late = "2023-11-02T23:59:00Z"
    write_warc(path, True, lambda w: response(w, "https://news.example/a", page("T"), date=late))
    [article] = read_warc(path, MAX)
    assert article.page_date == "2023-11-02"


@pytest.mark.parametrize("content_type, status, payload, reason", [
    ("image/jpeg", "200 OK", b"\xff\xd8\xff" * 50, "not an HTML page (image/jpeg)"),
    ("text/html", "404 Not Found", b"<html>gone</html>", "HTTP status 404"),
    ("text/html", "200 OK", b"<html><body><p>Home | About | Contact</p></body></html>", "no article text"),
])
def test_warc_documents_that_are_not_articles_are_skipped_with_a_reason(tmp_path, content_type, status,
                                                                      payload, reason):
    path = tmp_path / "mixed.warc.gz"
    write_warc(path, True, lambda w: (response(w, "https://x.example/1", payload, content_type, status),
                                      response(w, "https://x.example/2", page("Kept"))))
    skip, article = read_warc(path, MAX)
    assert isinstance(skip, Skip) and reason in skip.reason
    assert isinstance(article, Article)


def test_warc_request_records_are_passed_over(tmp_path):
    path = tmp_path / "req.warc.gz"

    def build(w):
        http = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        w.write_record(w.create_warc_record("https://news.example/a", "request", http_headers=http))
        response(w, "https://news.example/a", page("Only one"))

    write_warc(path, True, build)
    assert [type(i) for i in read_warc(path, MAX)] == [Article]


def test_warc_record_over_the_limit_is_skipped(tmp_path):
    path = tmp_path / "big.warc"
    write_warc(path, False, lambda w: response(w, "https://news.example/big", page("Big", paragraphs=40)))
    [skip] = read_warc(path, 2_000)
    assert isinstance(skip, Skip) and "record over" in skip.reason


def test_warc_damaged_archive_keeps_what_came_before(tmp_path):
    path = tmp_path / "cut.warc.gz"
    write_warc(path, True, lambda w: response(w, "https://news.example/a", page("Whole")))
    path.write_bytes(path.read_bytes() + gzip.compress(b"these bytes are not a WARC record\r\n\r\n"))
    items = list(read_warc(path, MAX))
    assert isinstance(items[0], Article)
    assert isinstance(items[-1], Skip) and "damaged WARC" in items[-1].reason


def test_warc_missing_file_is_a_skip(tmp_path):
    [skip] = read_warc(tmp_path / "none.warc.gz", MAX)
    assert isinstance(skip, Skip) and skip.reason.startswith("cannot read")


@pytest.mark.parametrize("header, expected", [
    ("<urn:uuid:12345678-aaaa-bbbb-cccc-1234567890ab>", "12345678-aaaa-bbbb-cccc-1234567890ab"),
    (None, "file.warc:1"),
])
def test_warc_record_id(header, expected):
    assert record_id(header, "file.warc:1") == expected
