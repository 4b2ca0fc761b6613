"""The bad-input matrix: each bad input beside a good article. The good article still gives its event, the bad
one gives exactly one line on stderr naming it (never a traceback), and the exit status is the README's:
1 for a skip, 0 for a repair with a warning."""

from __future__ import annotations

import json

import pytest
from reliability_support import (
    GOOD_ID,
    GOOD_TEXT,
    assert_no_traceback,
    extract_in_process,
    good_record,
    write_good,
    write_jsonl,
)

pytestmark = pytest.mark.model

OTHER_TEXT = ("Soldiers killed four militants in a clash near the town of Bama on Sunday, the army said, "
              "adding that two soldiers were wounded.")


def assert_good_and_one_line(outcome, name: str, status: int, reason: str) -> None:
    assert GOOD_ID in outcome.event_articles()
    assert outcome.status == status
    lines = outcome.lines_naming(name)
    assert len(lines) == 1 and reason in lines[0], outcome.stderr_lines
    assert len(outcome.stderr_lines) == 1, outcome.stderr_lines
    assert_no_traceback("\n".join(outcome.stderr_lines))


# --- skipped inputs (exit 1) ---------------------------------------------------------------------------------

def test_two_text_files_with_one_id_keep_the_first_and_name_both(capsys, tmp_path):
    for folder, toll in (("a", "seven"), ("b", "eight")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.txt").write_text(GOOD_TEXT.replace("seven", toll), encoding="utf-8")
    outcome = extract_in_process(capsys, write_good(tmp_path), tmp_path / "a", tmp_path / "b")
    line = outcome.lines_naming("duplicate id")
    assert len(line) == 1 and str(tmp_path / "b" / "index.txt") in line[0] and str(tmp_path / "a" / "index.txt") \
        in line[0]
    assert [e["fatalities"]["best"] for e in outcome.events if e["article_id"] == "index"] == [7]
    assert_good_and_one_line(outcome, "duplicate id", 1, "read first")


def test_two_jsonl_records_with_one_id_keep_the_first(capsys, tmp_path):
    corpus = write_jsonl(tmp_path / "dup.jsonl", [good_record(), good_record(text=OTHER_TEXT)])
    outcome = extract_in_process(capsys, corpus)
    assert {e["event_type"] for e in outcome.events} == {"Violence against civilians"}
    assert_good_and_one_line(outcome, f"{corpus}:2", 1, f"duplicate id '{GOOD_ID}': {corpus}:1 has it too")


@pytest.mark.parametrize(("line", "reason"), [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"id": "x", "text": "a\tb"}', "malformed JSON: Invalid control character at column"),
    ('{"id": "x", "text": "no end', "malformed JSON: Unterminated string starting at column 21"),
    ('["a list"]', "a JSONL line must be an object"),
    ('{"id": "x", "text": "  "}', "record has no text or html"),
])
def test_a_bad_jsonl_record_is_one_skip_and_the_next_record_is_read(capsys, tmp_path, line, reason):
    corpus = write_jsonl(tmp_path / "mixed.jsonl", [line, good_record()])
    outcome = extract_in_process(capsys, corpus)
    assert_good_and_one_line(outcome, f"{corpus}:1", 1, reason)
    assert " at at " not in outcome.stderr_lines[0]


def test_an_empty_jsonl_file_is_one_skip(capsys, tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    assert_good_and_one_line(extract_in_process(capsys, write_good(tmp_path), empty), str(empty), 1, "empty")


def test_a_folder_without_inputs_is_one_skip(capsys, tmp_path):
    (tmp_path / "nothing").mkdir()
    (tmp_path / "nothing" / "notes.pdf").write_bytes(b"%PDF-1.4")
    outcome = extract_in_process(capsys, write_good(tmp_path), tmp_path / "nothing")
    assert_good_and_one_line(outcome, str(tmp_path / "nothing"), 1, "no input files")


def test_a_page_nested_beyond_what_the_parser_reads_is_skipped_with_that_reason(capsys, tmp_path):
    page = tmp_path / "abyss.html"
    page.write_text("<html><body>" + "<div>" * 3000 + f"<p>{GOOD_TEXT}</p>" * 3 + "</div>" * 3000
                    + "</body></html>", encoding="utf-8")
    outcome = extract_in_process(capsys, write_good(tmp_path), page)
    assert_good_and_one_line(outcome, str(page), 1, "nests elements over 2000 deep")


@pytest.mark.parametrize("text", [
    "Des hommes armés ont tué sept villageois samedi dans le nord du pays, a indiqué la police.",
    "Вооруженные люди убили семь жителей деревни в субботу, сообщила полиция.",
    "قتل مسلحون سبعة قرويين يوم السبت في شمال البلاد بحسب الشرطة",
])
def test_a_short_text_in_another_language_is_skipped_as_such(capsys, tmp_path, text):
    short = tmp_path / "short.txt"
    short.write_text(text, encoding="utf-8")
    assert len(text) < 200
    outcome = extract_in_process(capsys, write_good(tmp_path), short)
    assert_good_and_one_line(outcome, str(short), 1, "not English")


def test_a_stage_failing_on_one_article_skips_it_with_the_stage_and_goes_on(capsys, tmp_path, monkeypatch):
    import strife.pipeline as pipeline

    real = pipeline.events_of

    def failing_on_the_bad_one(article):
        if article.clean.article_id == "bad":
            raise ValueError("a bug")
        return real(article)

    monkeypatch.setattr(pipeline, "events_of", failing_on_the_bad_one)
    corpus = write_jsonl(tmp_path / "two.jsonl", [{"id": "bad", "text": OTHER_TEXT}, good_record()])
    outcome = extract_in_process(capsys, corpus)
    assert_good_and_one_line(outcome, f"{corpus}:1", 1, "internal error in detect/code/merge: ValueError: a bug")


# --- read after all (exit 0) ---------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le"])
def test_utf16_and_utf32_text_is_read_with_or_without_a_bom(capsys, tmp_path, encoding):
    wide = tmp_path / "wide.txt"
    wide.write_bytes(OTHER_TEXT.encode(encoding))
    outcome = extract_in_process(capsys, write_good(tmp_path), wide)
    assert outcome.status == 0 and outcome.stderr_lines == []
    assert outcome.event_articles() == {GOOD_ID, "wide"}


def test_a_utf16_jsonl_corpus_is_read(capsys, tmp_path):
    corpus = tmp_path / "wide.jsonl"
    corpus.write_bytes((json.dumps(good_record(), ensure_ascii=False) + "\n").encode("utf-16"))
    outcome = extract_in_process(capsys, corpus)
    assert outcome.status == 0 and outcome.event_articles() == {GOOD_ID}


def test_a_page_nested_deeper_than_libxml2s_default_is_read(capsys, tmp_path):
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 400 + f"<p>{OTHER_TEXT}</p>" * 3 + "</div>" * 400
                    + "</body></html>", encoding="utf-8")
    outcome = extract_in_process(capsys, write_good(tmp_path), page)
    assert outcome.status == 0 and outcome.stderr_lines == []
    assert outcome.event_articles() == {GOOD_ID, "deep"}


def test_a_lone_surrogate_is_replaced_counted_in_one_line_and_the_article_read(capsys, tmp_path):
    bad = json.dumps({"id": "scraped", "text": OTHER_TEXT})[:-2] + ' \\ud800 \\udfff"}'
    corpus = write_jsonl(tmp_path / "scraped.jsonl", [bad, good_record()])
    outcome = extract_in_process(capsys, corpus)
    assert outcome.status == 0 and outcome.event_articles() == {GOOD_ID, "scraped"}
    assert outcome.stderr_lines == [f"strife: {corpus}:1: 2 lone surrogates (invalid Unicode) replaced by U+FFFD"]
    assert_no_traceback("\n".join(outcome.stderr_lines))


@pytest.mark.parametrize("published", ["2016-13-45", "yesterday", 1e12, "0001-01-01"])
def test_an_unusable_published_is_one_warning_and_the_article_is_read_without_it(capsys, tmp_path, published):
    corpus = write_jsonl(tmp_path / "dates.jsonl", [good_record(id="undated", published=published,
                                                                text=OTHER_TEXT), good_record()])
    outcome = extract_in_process(capsys, corpus)
    assert outcome.status == 0 and outcome.event_articles() == {GOOD_ID, "undated"}
    assert len(outcome.stderr_lines) == 1 and f"{corpus}:1: published" in outcome.stderr_lines[0]
    assert "read without a publication date" in outcome.stderr_lines[0]
