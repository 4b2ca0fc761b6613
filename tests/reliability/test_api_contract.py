"""The Python API's one contract: ``published`` as a date, a date-time or an ISO string; bad input raises
``InputError``, a failing stage ``PipelineError``; never an empty list for an article that was not read."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from reliability_support import GOOD_ID, GOOD_PUBLISHED, GOOD_TEXT, good_record

import strife
import strife.pipeline as pipeline
from strife.errors import InputError, PipelineError, StrifeError
from strife.records import Skip

pytestmark = pytest.mark.model


def fingerprint(events) -> list[tuple]:
    return [(e.sub_event_type, e.date.date, e.fatalities.best) for e in events]


def test_published_as_a_date_a_datetime_or_a_string_gives_the_same_events():
    as_text = strife.extract(GOOD_TEXT, published=GOOD_PUBLISHED)
    as_date = strife.extract(GOOD_TEXT, published=dt.date(2023, 3, 14))
    as_datetime = strife.extract(GOOD_TEXT, published=dt.datetime(2023, 3, 14, 23, 5))
    with_time = strife.extract(GOOD_TEXT, published="2023-03-14T23:05:00Z")
    assert as_text and fingerprint(as_text) == fingerprint(as_date) == fingerprint(as_datetime) \
        == fingerprint(with_time)
    assert as_text[0].date.date == dt.date(2023, 3, 11)  # the Saturday before


@pytest.mark.parametrize("published", ["0001-01-01", "2016-13-45", "yesterday", 1e12, "14/03/2023"])
def test_an_unusable_published_raises_input_error_naming_it(published):
    with pytest.raises(InputError, match="published"):
        strife.extract(GOOD_TEXT, published=published)


@pytest.mark.parametrize(("text", "reason"), [
    (None, "text must be a str"), (b"bytes", "text must be a str"), ("   ", "no text left"),
    ("Des hommes armés ont tué sept villageois samedi dans le nord du pays, a indiqué la police.", "not English"),
])
def test_text_that_gives_no_article_raises_input_error_rather_than_an_empty_list(text, reason):
    with pytest.raises(InputError, match=reason):
        strife.extract(text)


def test_a_text_that_reports_no_event_is_an_empty_list():
    assert strife.extract("The city council approved the budget for the new library on Monday.") == []


def test_a_lone_surrogate_in_the_text_is_replaced_and_the_events_found():
    events = strife.extract(GOOD_TEXT + " \ud800", published=GOOD_PUBLISHED)
    assert fingerprint(events) == fingerprint(strife.extract(GOOD_TEXT, published=GOOD_PUBLISHED))


def test_a_stage_that_fails_raises_pipeline_error_and_extract_many_yields_a_skip(monkeypatch):
    def broken(article):
        raise OverflowError("date value out of range")

    monkeypatch.setattr(pipeline, "events_of", broken)
    with pytest.raises(PipelineError, match="internal error in detect/code/merge: OverflowError"):
        strife.extract(GOOD_TEXT, published=GOOD_PUBLISHED)
    items = list(strife.extract_many([good_record()]))
    assert len(items) == 1 and isinstance(items[0], Skip) and items[0].internal
    assert issubclass(PipelineError, StrifeError) and issubclass(InputError, StrifeError)


def test_extract_many_yields_skips_in_place_for_duplicates_and_unusable_records():
    items = list(strife.extract_many([good_record(), good_record(text="again"), 42,
                                      {"id": "dated", "text": GOOD_TEXT, "published": dt.date(2023, 3, 14)}]))
    skips = [i for i in items if isinstance(i, Skip)]
    assert [s.origin for s in skips] == ["record 2", "record 3"]
    assert "duplicate id" in skips[0].reason and "mapping or an Article" in skips[1].reason
    assert {i.article_id for i in items if not isinstance(i, Skip)} == {GOOD_ID, "dated"}


# --- the command line's usage errors and the gazetteer's leftovers ------------------------------------------------

def test_an_incident_id_that_is_not_a_number_is_a_usage_error_in_one_line(capsys, tmp_path):
    from strife.cli import main
    from strife.store import Store

    db = tmp_path / "s.db"
    Store(db).close()
    assert main(["incidents", "split", "abc", "--db", str(db)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "'abc' is not an incident id" in err[0]
    assert main(["incidents", "split", "1", "--db", str(tmp_path / "mistyped.db")]) == 2
    assert not (tmp_path / "mistyped.db").exists()


def test_a_killed_gazetteer_build_leaves_no_temporary_file_behind_the_next_build(tmp_path):
    import subprocess
    import sys

    from strife.gazetteer import BUILD_PREFIX, remove_abandoned_builds

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    abandoned = tmp_path / f"{BUILD_PREFIX}{gone}-x1.tmp"
    running = tmp_path / f"{BUILD_PREFIX}{os.getpid()}-x2.tmp"
    for file in (abandoned, running):
        file.write_bytes(b"half a gazetteer")
    assert remove_abandoned_builds(tmp_path) == [abandoned]
    assert not abandoned.exists() and running.exists()
