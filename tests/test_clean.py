"""The clean stage: normalised text, captions and boilerplate marked, language check, anchor date."""

from __future__ import annotations

import datetime as dt

import pytest

from strife.clean import clean, mark_lines, normalise
from strife.config import load_settings
from strife.records import Article, CleanText, Skip

SETTINGS = load_settings()

ENGLISH = ("Fighting broke out between two armed groups in the hills outside the provincial capital on Monday, "
           "forcing hundreds of families to flee their homes, aid workers said. The clashes continued into the "
           "night and the local hospital received dozens of wounded, a doctor there told reporters by telephone.")


def test_clean_normalises_one_character_for_one():
    raw = "A  headline\u00a0here\r\nBody\ttext \u2028Cafe\u0301 at dawn\n\u2126 sign"
    text = normalise(raw)
    assert text == "A  headline here \nBody text \nCafe\u0301 at dawn\n\u03a9 sign"
    assert len(text) == len(raw)


def test_clean_repeated_lines_are_marked_unread_not_cut():
    text = "Smoke over the city, May 3, 2021.\nBody one.\nSmoke over the city, May 3, 2021.\nBody two."
    captions, unread = mark_lines(text)
    repeat = text.index("Smoke", 5)
    assert unread == [(repeat, repeat + len("Smoke over the city, May 3, 2021."))]


@pytest.mark.parametrize("line", [
    "FILE - Smoke rises over the port city after a strike, May 3, 2021.",
    "In this photo provided by the civil defence, rescuers search the rubble.",
    "Residents inspect a damaged building in the capital. (AP Photo/Jane Doe)",
    "Photo: a burned-out truck on the highway",
    "Men walk past a destroyed shop in the old market of Mosul, Iraq, March 4, 2017.",
])
def test_clean_marks_captions(line):
    text = "\n".join(["Body sentence one.", line, "Body sentence two."])
    captions, boilerplate = mark_lines(text)
    assert [text[s:e] for s, e in captions] == [line]
    assert boilerplate == []


@pytest.mark.parametrize("tail", ["More Coverage", "Related:", "Special Project", "Related Coverage"])
def test_clean_marks_trailing_boilerplate_after_a_tail_heading(tail):
    text = "\n".join(["Body sentence.", tail, "Another story headline", "Yet another"])
    captions, boilerplate = mark_lines(text)
    assert text[boilerplate[0][0]:] == f"{tail}\nAnother story headline\nYet another"


@pytest.mark.parametrize("line", ["Share this article", "Warning: Graphic Video", "Copyright 2023 Some Outlet"])
def test_clean_marks_boilerplate_lines(line):
    text = "\n".join(["Body sentence.", line])
    _, boilerplate = mark_lines(text)
    assert [text[s:e] for s, e in boilerplate] == [line]


def test_clean_skips_non_english_article():
    text = ("Les combats ont repris lundi entre l'armée et les rebelles près de la frontière, forçant des "
            "centaines de familles à fuir leurs maisons, selon des travailleurs humanitaires sur place. "
            "L'hôpital local a reçu des dizaines de blessés, a déclaré un médecin par téléphone.")
    result = clean(Article(id="fr", text=text, origin="fr.txt"), SETTINGS)
    assert isinstance(result, Skip) and result.reason.startswith("not English (detected language: fr")


def test_clean_keeps_english_and_anchors_on_input_date():
    result = clean(Article(id="en", text=ENGLISH, published="2024-02-03"), SETTINGS)
    assert isinstance(result, CleanText)
    assert result.anchor == dt.date(2024, 2, 3) and result.anchor_origin == "input"


def test_clean_anchor_falls_back_to_page_metadata():
    result = clean(Article(id="en", text=ENGLISH, page_date="2019-12-31"), SETTINGS)
    assert result.anchor == dt.date(2019, 12, 31) and result.anchor_origin == "metadata"


def test_clean_anchor_from_dateline_when_nothing_else():
    result = clean(Article(id="en", text="KABUL, July 20 (Reuters) - " + ENGLISH + " © 2021 Reuters"), SETTINGS)
    assert result.anchor_origin == "dateline"
    assert result.anchor.month == 7 and result.anchor.day == 20
    assert result.text[result.anchor_span.start:result.anchor_span.end] == result.anchor_span.text


def test_clean_no_anchor_gives_none():
    result = clean(Article(id="en", text=ENGLISH), SETTINGS)
    assert result.anchor is None and result.anchor_origin == "none"


def test_clean_empty_after_cleaning_is_skipped():
    assert isinstance(clean(Article(id="x", text="\u200b \n\t"), SETTINGS), Skip)
