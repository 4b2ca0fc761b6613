"""Reading inputs: every format, and every kind of bad input, without losing the rest of a batch."""

from __future__ import annotations

import json

from strife.config import load_settings
from strife.ingest import read_inputs, read_stream
from strife.records import Article, Skip

SETTINGS = load_settings()


def read(*paths, **kw):
    return list(read_inputs([str(p) for p in paths], SETTINGS, **kw))


def test_ingest_text_file_id_is_stem(tmp_path):
    f = tmp_path / "kabul-report.txt"
    f.write_text("Gunmen attacked a checkpoint on Monday.", encoding="utf-8")
    [article] = read(f)
    assert isinstance(article, Article)
    assert article.id == "kabul-report"
    assert article.text.startswith("Gunmen")


def test_ingest_published_and_source_fill_gaps_only(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text(json.dumps({"id": "a", "text": "x y z", "published": "2020-01-02"}) + "\n"
                 + json.dumps({"id": "b", "text": "x y z"}) + "\n", encoding="utf-8")
    a, b = read(f, published="2021-05-05", source="Desk")
    assert (a.published, b.published) == ("2020-01-02", "2021-05-05")
    assert a.source == b.source == "Desk"


def test_ingest_empty_file_is_skipped(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"  \n")
    [skip] = read(f)
    assert isinstance(skip, Skip) and skip.reason == "empty input"


def test_ingest_binary_file_is_skipped(tmp_path):
    f = tmp_path / "photo.txt"
    f.write_bytes(bytes(range(256)) * 20)
    [skip] = read(f)
    assert isinstance(skip, Skip) and "binary" in skip.reason


def test_ingest_non_utf8_is_decoded(tmp_path):
    f = tmp_path / "latin.txt"
    f.write_bytes("Le café près de la frontière a été bombardé à l'aube, disent les témoins.".encode("cp1252"))
    [article] = read(f)
    assert isinstance(article, Article)
    assert "café" in article.text and "frontière" in article.text


def test_ingest_huge_file_is_skipped(tmp_path):
    f = tmp_path / "huge.txt"
    f.write_bytes(b"word " * 2_100_000)
    [skip] = read(f)
    assert isinstance(skip, Skip) and "over 10 MB" in skip.reason


def test_ingest_missing_path_is_skipped(tmp_path):
    [skip] = read(tmp_path / "nowhere.txt")
    assert isinstance(skip, Skip) and skip.reason == "no such file or directory"


def test_ingest_malformed_jsonl_lines_report_line_numbers_and_keep_the_rest(tmp_path):
    f = tmp_path / "corpus.jsonl"
    f.write_text('{"id": "ok1", "text": "Troops shelled the village."}\n'
                 '{"id": "bad", "text": \n'
                 '[1, 2]\n'
                 '{"id": "notext", "published": "2020-01-01"}\n'
                 '{"id": "ok2", "text": "Protesters marched."}\n', encoding="utf-8")
    items = read(f)
    assert [i.id for i in items if isinstance(i, Article)] == ["ok1", "ok2"]
    skips = [i for i in items if isinstance(i, Skip)]
    assert [s.origin.rsplit(":", 1)[1] for s in skips] == ["2", "3", "4"]
    assert skips[0].reason.startswith("malformed JSON")
    assert skips[2].reason == "record has no text or html"


def test_ingest_directory_walked_recursively_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("second", encoding="utf-8")
    (tmp_path / "one.txt").write_text("first", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    assert [a.id for a in read(tmp_path)] == ["two", "one"]


def test_ingest_html_page_main_text_and_metadata(tmp_path):
    f = tmp_path / "page.html"
    f.write_text("""<html><head><title>Clashes in the north | Daily Desk</title>
      <meta property="og:site_name" content="Daily Desk">
      <meta property="article:published_time" content="2022-06-03T10:00:00Z"></head>
      <body><nav>Home | World | Sport</nav><article><h1>Clashes in the north</h1>
      <p>Government troops and rebels clashed on Thursday near the border town, officials said.</p>
      <p>At least six fighters were killed in the fighting, which lasted several hours, residents said.</p>
      <p>The army said it had regained control of the road leading to the town late in the evening.</p>
      </article><footer>Copyright Daily Desk</footer></body></html>""", encoding="utf-8")
    [article] = read(f)
    assert isinstance(article, Article)
    assert "six fighters were killed" in article.text
    assert "Home | World" not in article.text
    assert article.page_date == "2022-06-03"
    assert article.source == "Daily Desk"


def test_ingest_html_page_without_article_is_skipped(tmp_path):
    f = tmp_path / "empty.html"
    f.write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    [skip] = read(f)
    assert isinstance(skip, Skip) and "no article text" in skip.reason


def test_ingest_stdin_sniffs_jsonl_and_text():
    [a] = read_stream(b'{"id": "s1", "text": "Rebels seized the town."}\n', "-", 10_000_000)
    [b] = read_stream(b"Rebels seized the town.", "-", 10_000_000)
    assert (a.id, b.id) == ("s1", "stdin")
