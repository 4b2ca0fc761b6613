"""strife.code.dates: the dateline, date expressions and the event's date (coding guide, section 5)."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources

import pytest

from strife.code.dates import date_for, date_words, find_dateline, resolve_expressions
from strife.records import CleanText, EventDate, Mention, ParsedArticle, Sentence, Token, span_of

D = dt.date


def resolved(text: str, anchor: dt.date | None):
    """The first expression of ``text``: (its text, date, date_end, precision)."""
    e = resolve_expressions(text, anchor)[0]
    return text[e.start:e.end], e.date, e.date_end, e.precision


def article_of(text: str, anchor: dt.date | None = None, captions=()) -> ParsedArticle:
    """An article whose sentences are split at ". " and whose paragraphs at blank lines (no parse)."""
    sentences, index = [], 0
    for p, para in enumerate(re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text)):
        for m in re.finditer(r"[^.]+(?:\.|$)", para.group()):
            start = para.start() + m.start()
            end = para.start() + m.end()
            in_caption = any(s <= start < e for s, e in captions)
            sentences.append(Sentence(start, end, text[start:end], index, p, in_caption))
            index += 1
    clean = CleanText("a1", text, anchor=anchor, captions=tuple(captions))
    return ParsedArticle(clean, tuple(sentences))


def mention_at(article: ParsedArticle, trigger: str, occurrence: int = 0) -> Mention:
    start = [m.start() for m in re.finditer(re.escape(trigger), article.clean.text)][occurrence]
    span = span_of(article.clean.text, start, start + len(trigger), "trigger")
    sentence = article.sentence_at(start)
    return Mention("a1", sentence, span, "Battles", "Armed clash", in_caption=sentence.in_caption)


# --- the dateline ---


@pytest.mark.parametrize(
    ("text", "expected", "span"),
    [
        ("Wed 05 Apr 2017 Strikes hit the town.", D(2017, 4, 5), "Wed 05 Apr 2017"),
        ("Date of publication 7 July 2016 A bomb went off.", D(2016, 7, 7), "7 July 2016"),
        ("Date of publication: 4 February 2016\n\nTitle here", D(2016, 2, 4), "4 February 2016"),
        ("23-04-2016 Fighting resumed near the border.", D(2016, 4, 23), "23-04-2016"),
        ("Some headline\n\nPublished on 16/01/2024 - 11:42\n\nText.", D(2024, 1, 16), "16/01/2024"),
        ("Fri 22 Jan 2021 09.15 GMT\n\nHeadline", D(2021, 1, 22), "Fri 22 Jan 2021"),
        ("Army retakes hill\nBy The Irrawaddy 3 June 2022\nTroops...", D(2022, 6, 3), "3 June 2022"),
        ("Posted on April 19 2017 by Staff Writer Six killed", D(2017, 4, 19), "April 19 2017"),
        ("Rockets hit town AFP Saturday 16 Jul 2016 Rockets fell.", D(2016, 7, 16), "Saturday 16 Jul 2016"),
        ("Published 2019-03-02 Clashes broke out.", D(2019, 3, 2), "2019-03-02"),
        ("Published: 2019-03-02T08:15:00Z\nClashes broke out.", D(2019, 3, 2), "2019-03-02"),
        ("Posted on Tuesday, Dec. 31, 2019\nClashes broke out.", D(2019, 12, 31), "Tuesday, Dec. 31, 2019"),
    ],
)
def test_dates_find_dateline_reads_header_formats(text, expected, span):
    when, where = find_dateline(text)
    assert when == expected
    assert where.text == span and where.field == "date"
    assert text[where.start:where.end] == where.text


@pytest.mark.parametrize(
    ("line", "span"),
    [("LAGOS, Nov 3 (Reuters) - ", "Nov 3"), ("Lagos, Nigeria, 3 Nov (AFP) - ", "3 Nov"), ("Nov. 3 (AP) — ", "Nov. 3")],
)
def test_dates_find_dateline_takes_year_of_wire_dateline_from_copyright(line, span):
    text = f"Headline\n\n{line}Gunmen killed two people on Monday.\n\n© 2019 Reuters."
    when, where = find_dateline(text)
    assert when == D(2019, 11, 3)
    assert where.text == span


@pytest.mark.parametrize(
    "text",
    [
        "LAGOS, Nov 3 (Reuters) - Gunmen killed two people on Monday.",  # no year anywhere
        "Gunmen killed two people on Monday, police said.",
        "Headline\n\n" + "words " * 150 + "on 3 May 2019",  # a date far from the top is not a dateline
    ],
)
def test_dates_find_dateline_gives_none_without_a_dated_header(text):
    assert find_dateline(text) is None


# --- resolution of expressions ---

SUN_JAN_1 = D(2023, 1, 1)  # a Sunday that starts a year
WED_MAR_1 = D(2017, 3, 1)  # a Wednesday that starts a month


@pytest.mark.parametrize(
    ("text", "anchor", "date", "precision"),
    [
        ("on Saturday", SUN_JAN_1, D(2022, 12, 31), "day"),
        ("on Sunday", SUN_JAN_1, D(2023, 1, 1), "day"),
        ("on Monday", SUN_JAN_1, D(2022, 12, 26), "day"),
        ("late Tuesday", WED_MAR_1, D(2017, 2, 28), "day"),
        ("early on Wednesday", WED_MAR_1, D(2017, 3, 1), "day"),
        ("Tuesday night", WED_MAR_1, D(2017, 2, 28), "day"),
        ("on Sunday morning", WED_MAR_1, D(2017, 2, 26), "day"),
        ("last Wednesday", WED_MAR_1, D(2017, 2, 22), "day"),
        ("overnight into Tuesday", WED_MAR_1, D(2017, 2, 28), "day"),
        ("overnight", WED_MAR_1, D(2017, 2, 28), "day"),  # the night ending on the anchor began the day before
        ("yesterday", SUN_JAN_1, D(2022, 12, 31), "day"),
        ("today", SUN_JAN_1, D(2023, 1, 1), "day"),
        ("three days ago", WED_MAR_1, D(2017, 2, 26), "day"),
        ("December 30", SUN_JAN_1, D(2022, 12, 30), "day"),
        ("30 December", SUN_JAN_1, D(2022, 12, 30), "day"),
        ("Jan. 9", SUN_JAN_1, D(2022, 1, 9), "day"),  # the most recent past occurrence
        ("Jan. 2", SUN_JAN_1, D(2023, 1, 1), "day"),  # a day after the anchor: the report lags, not a year old
        ("Sept. 25, 2016", SUN_JAN_1, D(2016, 9, 25), "day"),
        ("25/09/2016", SUN_JAN_1, D(2016, 9, 25), "day"),
        ("09/25/2016", SUN_JAN_1, D(2016, 9, 25), "day"),
        ("2016-09-25", SUN_JAN_1, D(2016, 9, 25), "day"),
        ("in May 2016", SUN_JAN_1, D(2016, 5, 15), "month"),
        ("last week", SUN_JAN_1, D(2022, 12, 22), "week"),
        ("this week", WED_MAR_1, D(2017, 2, 28), "week"),
        ("earlier this month", D(2017, 3, 21), D(2017, 3, 10), "month"),
        ("last month", SUN_JAN_1, D(2022, 12, 15), "month"),
        ("earlier this year", D(2017, 12, 31), D(2017, 7, 2), "year"),
        ("over the weekend", D(2017, 3, 6), D(2017, 3, 4), "week"),
    ],
)
def test_dates_resolve_expression_against_anchor(text, anchor, date, precision):
    _, got, _, got_precision = resolved(f"It happened {text}.", anchor)
    assert (got, got_precision) == (date, precision)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Troops clashed on Dec. 31. The previous day, rebels attacked.", D(2022, 12, 30)),
        ("Troops clashed on Dec. 31. The next day, rebels attacked.", D(2023, 1, 1)),
        ("Troops clashed on Feb. 28. A day later, rebels attacked.", D(2017, 3, 1)),
        ("Troops clashed on Tuesday. Two days earlier, rebels attacked.", D(2017, 2, 26)),
    ],
)
def test_dates_resolve_relative_to_the_date_just_mentioned(text, date):
    anchor = SUN_JAN_1 if "Dec" in text else WED_MAR_1
    assert resolve_expressions(text, anchor)[1].date == date


@pytest.mark.parametrize(
    ("text", "date", "date_end", "precision"),
    [
        ("between Monday and Wednesday", D(2017, 2, 28), D(2017, 3, 1), "week"),
        ("since Saturday", D(2017, 2, 27), D(2017, 3, 1), "week"),
        ("from Tuesday to Wednesday", D(2017, 2, 28), D(2017, 3, 1), "day"),
        ("from February 11 to 14", D(2017, 2, 12), D(2017, 2, 14), "week"),
        ("on Saturday and Sunday", D(2017, 2, 25), D(2017, 2, 26), "day"),
        ("between 27 and 28 February", D(2017, 2, 27), D(2017, 2, 28), "day"),
        ("on 30-31 December 2016", D(2016, 12, 30), D(2016, 12, 31), "day"),
        ("in the past week", D(2017, 2, 26), None, "week"),  # 23 February to 1 March, the anchor's day the last
    ],
)
def test_dates_resolve_ranges(text, date, date_end, precision):
    _, got, got_end, got_precision = resolved(f"Fighting went on {text}.", WED_MAR_1)
    assert (got, got_end, got_precision) == (date, date_end, precision)


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("on Saturday", None, "unknown"),
        ("yesterday", None, "unknown"),
        ("on May 26", None, "unknown"),
        ("on May 26, 2016", D(2016, 5, 26), "day"),
        ("in March 2015", D(2015, 3, 15), "month"),
    ],
)
def test_dates_resolve_without_anchor_only_what_is_explicit(text, date, precision):
    _, got, _, got_precision = resolved(f"It happened {text}.", None)
    assert (got, got_precision) == (date, precision)


# --- the event's date ---


def test_dates_date_for_prefers_event_day_over_statement_day():
    article = article_of("The monitor said on Sunday that 25 people were killed on Saturday.", WED_MAR_1)
    got = date_for(article, mention_at(article, "killed"))
    assert got.date == D(2017, 2, 25) and got.precision == "day"
    assert got.span.text == "Saturday" and got.span.field == "date"


def test_dates_date_for_uses_the_parse_to_tie_the_date_to_the_trigger():
    text = "Officials said on Sunday rebels attacked the town on Saturday."
    words = ["Officials", "said", "on", "Sunday", "rebels", "attacked", "the", "town", "on", "Saturday", "."]
    heads = [1, 1, 1, 2, 5, 1, 7, 5, 5, 8, 1]
    pos = ["NOUN", "VERB", "ADP", "PROPN", "NOUN", "VERB", "DET", "NOUN", "ADP", "PROPN", "PUNCT"]
    lemmas = ["official", "say", "on", "Sunday", "rebel", "attack", "the", "town", "on", "Saturday", "."]
    tokens, at = [], 0
    for i, w in enumerate(words):
        start = text.index(w, at)
        at = start + len(w)
        tokens.append(Token(i, start, at, w, lemmas[i], pos[i], "", "", heads[i]))
    sentence = Sentence(0, len(text), text, 0, 0, False, tuple(tokens))
    article = ParsedArticle(CleanText("a1", text, anchor=WED_MAR_1), (sentence,))
    trigger = span_of(text, text.index("attacked"), text.index("attacked") + 8, "trigger")
    got = date_for(article, Mention("a1", sentence, trigger, "Battles", "Armed clash"))
    assert got.date == D(2017, 2, 25) and got.span.text == "Saturday"


def test_dates_date_for_bare_overnight_takes_the_day_of_the_report():
    text = "Rebels killed 40 people in an overnight raid, an official said on Tuesday."
    article = article_of(text, WED_MAR_1)
    got = date_for(article, mention_at(article, "raid"))
    assert got.date == D(2017, 2, 27)  # the night ending on Tuesday


def test_dates_date_for_falls_back_on_the_previous_sentence_of_the_paragraph():
    text = "Fighting broke out in the town late on Monday. Six soldiers were killed.\n\nOther news."
    article = article_of(text, WED_MAR_1)
    got = date_for(article, mention_at(article, "killed"))
    assert got.date == D(2017, 2, 27) and got.span.text == "late on Monday"


def test_dates_date_for_falls_back_on_the_lede_then_the_anchor():
    text = "Gunmen stormed a village on Sunday.\n\nSix soldiers were killed."
    article = article_of(text, WED_MAR_1)
    assert date_for(article, mention_at(article, "killed")).date == D(2017, 2, 26)
    bare = article_of("Six soldiers were killed.", WED_MAR_1)
    assert date_for(bare, mention_at(bare, "killed")) == EventDate(WED_MAR_1, None, "day", None)


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen stormed a village on Sunday. The militants killed six guards on 03/14/12, the police said.",
        "Gunmen stormed a village on Sunday. The militants killed six guards on June 2, 2014.",
    ],
)
def test_dates_date_for_never_takes_a_day_more_than_a_year_before_the_report(text):
    article = article_of(text, WED_MAR_1)  # the old date is history (or no date): the event keeps the story's day
    assert date_for(article, mention_at(article, "killed")).date == D(2017, 2, 26)


def test_dates_date_for_reads_a_date_just_after_publication_as_the_publication_day():
    article = article_of("Gunmen killed six guards on March 3, the police said.", WED_MAR_1)
    got = date_for(article, mention_at(article, "killed"))
    assert got.date == WED_MAR_1 and got.span.text == "March 3"  # never after the report, never a year before


@pytest.mark.parametrize("furniture", ["1,204 views today", "Comments today: 3", "Shares yesterday: 12"])
def test_dates_page_furniture_is_no_date(furniture):
    text = f"Posted by the desk | {furniture}\n\nGunmen stormed a village on Sunday. Six guards were killed."
    assert all(text[e.start:e.end] not in furniture for e in resolve_expressions(text, WED_MAR_1))
    article = article_of(text, WED_MAR_1)
    assert date_for(article, mention_at(article, "killed")).date == D(2017, 2, 26)


def test_dates_date_for_without_anchor_is_unknown_unless_explicit():
    bare = article_of("Six soldiers were killed on Sunday.", None)
    assert date_for(bare, mention_at(bare, "killed")) == EventDate()
    dated = article_of("Six soldiers were killed on 3 May 2019.", None)
    assert date_for(dated, mention_at(dated, "killed")).date == D(2019, 5, 3)


def test_dates_date_for_ignores_caption_dates_for_body_events():
    text = "Troops shelled the town on Monday.\n\nPhoto: the square on Sunday.\n\nTen people were killed."
    start = text.index("Photo")
    article = article_of(text, WED_MAR_1, captions=[(start, text.index("\n\nTen"))])
    assert date_for(article, mention_at(article, "killed")).date == D(2017, 2, 27)


def test_dates_date_for_skips_the_dateline_itself():
    text = "KABUL, March 1 (Reuters) - Gunmen killed six people in the city, police said.\n\n© 2017 Reuters"
    article = article_of(text, WED_MAR_1)
    got = date_for(article, mention_at(article, "killed"))
    assert got.date == WED_MAR_1 and got.span is None


def test_dates_word_list_has_no_empty_or_duplicate_keys():
    words = date_words()
    kinds = {"month", "weekday", "weekday_abbr", "daypart", "anchor_day", "previous_day", "period", "number",
             "weekday_lead", "month_lead", "month_part", "year_lead", "range_open", "range_join", "event_noun",
             "happened", "reporting", "weekday_week", "name_noun", "plan", "speech", "not_subject", "furniture",
             "clause_opening", "night"}
    assert kinds == set(words)
    assert all(k.strip() and v.strip() for table in words.values() for k, v in table.items())
    assert all(1 <= int(v) <= 12 for v in words["month"].values())
    assert all(0 <= int(v) <= 6 for table in ("weekday", "weekday_abbr") for v in words[table].values())
    units = {"week", "weekpart", "weekend", "month", "year", "days"}
    assert all(v.split()[0] in units for v in words["period"].values())
    assert set(words["weekday_lead"].values()) <= {"before", "after", "-"}


@pytest.mark.parametrize(
    ("text", "anchor", "date", "precision"),
    [
        ("last year", SUN_JAN_1, D(2022, 7, 1), "year"),
        ("this week", SUN_JAN_1, D(2022, 12, 29), "week"),  # Monday 26 December to Sunday 1 January
        ("earlier this month", WED_MAR_1, D(2017, 3, 1), "month"),  # nothing earlier yet: the 1st itself
        ("last month", WED_MAR_1, D(2017, 2, 15), "month"),
        ("two weeks ago", SUN_JAN_1, D(2022, 12, 18), "week"),
        ("03/04/2017", D(2017, 6, 1), D(2017, 4, 3), "day"),  # day first when both orders are valid
        ("04/03/2017", D(2017, 3, 10), D(2017, 3, 4), "day"),  # month first when day first is in the future
        ("the 16th of December", SUN_JAN_1, D(2022, 12, 16), "day"),
        ("Friday, Dec. 30", SUN_JAN_1, D(2022, 12, 30), "day"),
        ("after Saturday's blast", SUN_JAN_1, D(2022, 12, 31), "day"),
        ("after Saturdays blast", SUN_JAN_1, D(2022, 12, 31), "day"),  # scraped text without apostrophes
    ],
)
def test_dates_resolve_periods_and_numeric_orders(text, anchor, date, precision):
    _, got, _, got_precision = resolved(f"It happened {text}.", anchor)
    assert (got, got_precision) == (date, precision)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Rebels attacked on Sunday, a day after a gunfight in the town.", D(2022, 12, 31)),
        ("Rebels attacked on Sunday, two days before the army arrived.", D(2023, 1, 3)),
        ("Rebels attacked on Sunday. The army arrived the day after.", D(2023, 1, 2)),
    ],
)
def test_dates_resolve_day_after_an_event_counts_back(text, date):
    assert resolve_expressions(text, SUN_JAN_1)[1].date == date


@pytest.mark.parametrize(
    "text",
    [
        "Five were killed in Mon State, officials said.",  # a state, not a Monday
        "The war has raged since March 2011.",  # the start of a count, not an event day
        "Since 2015, the group has killed hundreds.",
    ],
)
def test_dates_resolve_no_event_day_where_none_is_named(text):
    assert all(e.date is None for e in resolve_expressions(text, WED_MAR_1))


def test_dates_resolve_last_week_is_unknown_without_anchor():
    assert resolved("It happened last week.", None)[1:] == (None, None, "unknown")


def test_dates_find_dateline_reads_a_scraped_update_stamp():
    when, where = find_dateline("Last updated at Apr 232017 BEIRUT An air strike killed three.")
    assert when == D(2017, 4, 23) and where.text == "Apr 232017"


def test_dates_date_for_ignores_a_year_far_from_the_trigger():
    text = "A man born in 1970 was killed in the village on Monday. Nobody else was hurt."
    article = article_of(text, WED_MAR_1)
    assert date_for(article, mention_at(article, "killed")).date == D(2017, 2, 27)
    other = article_of("Gunmen killed two herders in the conflict that began in 2011.", WED_MAR_1)
    assert date_for(other, mention_at(other, "killed")) == EventDate(WED_MAR_1, None, "day", None)


def test_dates_date_for_dates_a_headline_from_the_body_sentence_that_retells_it():
    text = ("Army retakes town; car bomb kills four\n\nTroops retook the town on Monday.\n\n"
            "In the capital, a car bomb exploded on Tuesday, killing four people.")
    article = article_of(text, WED_MAR_1)
    got = date_for(article, mention_at(article, "car bomb"))
    assert got.date == D(2017, 2, 28) and got.span.text == "Tuesday"
    assert date_for(article, mention_at(article, "retakes")).date == D(2017, 2, 27)


def test_dates_date_for_lede_fallback_takes_the_earliest_event_date():
    text = ("Rescuers found more bodies on Tuesday after the bombing a day earlier.\n\n"
            "More than 50 people were wounded.")
    article = article_of(text, WED_MAR_1)
    assert date_for(article, mention_at(article, "wounded")).date == D(2017, 2, 27)


def test_dates_date_for_takes_the_day_a_later_sentence_says_the_attack_took_place():
    text = ("Gunmen killed two soldiers in the north, officials said on Tuesday.\n\n"
            "The attack took place late on Sunday near a checkpoint.")
    article = article_of(text, WED_MAR_1)
    got = date_for(article, mention_at(article, "killed"))
    assert got.date == D(2017, 2, 26) and got.span.text == "late on Sunday"


def test_dates_date_for_keeps_the_report_day_when_nothing_later_dates_the_event():
    text = "Gunmen killed two soldiers in the north, officials said on Tuesday.\n\nThe army sent troops."
    article = article_of(text, WED_MAR_1)
    assert date_for(article, mention_at(article, "killed")).date == D(2017, 2, 28)


@pytest.mark.parametrize(
    ("anchor", "date"),
    [(D(2017, 3, 1), D(2017, 2, 22)),  # published the day after its dateline: Wednesday counts from Tuesday
     (D(2017, 2, 28), D(2017, 2, 22)), (D(2017, 3, 20), D(2017, 3, 15))],  # a dateline weeks back is not used
)
def test_dates_date_for_counts_from_a_wire_dateline_a_little_before_publication(anchor, date):
    text = "LAGOS, Feb 28 (Reuters) - Gunmen killed two people on Wednesday, police said."
    article = article_of(text, anchor)
    assert date_for(article, mention_at(article, "killed")).date == date


def test_dates_date_for_day_after_an_event_dates_only_the_event_that_follows():
    text = "Gunmen attacked the village on Sunday. The attack came two days after a raid on a nearby town."
    article = article_of(text, WED_MAR_1)
    assert date_for(article, mention_at(article, "raid")).date == D(2017, 2, 24)
    assert date_for(article, mention_at(article, "attack", 1)).date == D(2017, 2, 26)


def test_dates_date_for_takes_the_next_sentence_of_the_paragraph_that_goes_on_with_the_story():
    text = ("Rebels shelled the town on Monday.\n\nFighting also raged on the ground. On Tuesday troops battled "
            "for the hills.\n\nA quote.")
    article = article_of(text, WED_MAR_1)
    got = date_for(article, mention_at(article, "Fighting"))
    assert got.date == D(2017, 2, 28) and got.span.text == "Tuesday"


def test_dates_resolve_that_morning_as_the_day_just_mentioned():
    text = "The army said on Sunday that 14 insurgents were killed in the assault that morning."
    assert [e.date for e in resolve_expressions(text, WED_MAR_1)] == [D(2017, 2, 26), D(2017, 2, 26)]


def test_dates_resolve_relative_to_an_explicit_date_without_anchor():
    text = "Troops clashed on 31 December 2022. The next day, they withdrew. The previous day, rebels attacked."
    assert [e.date for e in resolve_expressions(text, None)] == [D(2022, 12, 31), D(2023, 1, 1), D(2022, 12, 31)]


@pytest.mark.parametrize(
    ("second", "date"),
    [("Fighters stormed the base late on Sunday.", D(2017, 2, 26)),  # the next sentence tells when
     ("Fighters stormed the base on 20 February.", D(2017, 2, 28))],  # too long before the report
)
def test_dates_date_for_reported_day_gives_way_to_the_next_sentence_within_days(second, date):
    text = f"The army killed eight militants who raided a base, sources said on Tuesday.\n{second}"
    article = article_of(text, WED_MAR_1)
    assert date_for(article, mention_at(article, "killed")).date == date


def test_dates_word_list_rows_are_unique():
    text = resources.files("strife").joinpath("data", "date_words.tsv").read_text(encoding="utf-8")
    rows = [tuple(line.split("\t")[:2]) for line in text.splitlines() if line and not line.startswith("#")][1:]
    assert len(rows) == len(set(rows))
    assert all(len(line.split("\t")) == 3 for line in text.splitlines() if line and not line.startswith("#"))


@pytest.mark.model
def test_dates_passive_reporting_verb_dates_the_reported_event():
    from strife import detect, nlp
    from strife.clean import clean
    from strife.config import load_settings
    from strife.pipeline import Pipeline
    from strife.records import Article

    text = ("Shelling hit the old quarter on Tuesday, medics said. The day before, at least eight people were "
            "reported to have been killed by artillery fire on the northern road.\n\nResidents said the "
            "bombardment had begun late Saturday.")
    settings = load_settings()
    cleaned = clean(Article(id="t", text=text, published="2021-03-10"), settings)
    [parsed] = Pipeline(settings).backbone.parse([(cleaned, nlp.split_sentences(cleaned))], detect.is_candidate)
    mention = next(m for m in detect.find_mentions(parsed) if "artillery" in m.sentence.text)
    assert date_for(parsed, mention).date == dt.date(2021, 3, 8)


@pytest.mark.parametrize(
    ("text", "anchor", "date"),
    [
        ("on Monday last week", WED_MAR_1, D(2017, 2, 20)),  # the week before the one of Wednesday 1 March
        ("on Friday night this week", D(2017, 3, 4), D(2017, 3, 3)),
        ("on Friday this week", WED_MAR_1, D(2017, 2, 24)),  # this week's Friday is still ahead: the last one
        ("late Tuesday the previous week", SUN_JAN_1, D(2022, 12, 20)),
    ],
)
def test_dates_resolve_weekday_of_the_week_named_after_it(text, anchor, date):
    expression, got, _, precision = resolved(f"Rebels attacked the post {text}.", anchor)
    assert (expression, got, precision) == (text.removeprefix("on "), date, "day")


@pytest.mark.parametrize(
    ("text", "anchor", "date"),
    [
        ("earlier this week", D(2017, 3, 3), D(2017, 2, 28)),  # Monday to Thursday, before the Friday anchor
        ("early this week", D(2017, 3, 3), D(2017, 2, 28)),
        ("earlier this week", D(2017, 2, 27), D(2017, 2, 27)),  # nothing earlier yet: the Monday itself
        ("in recent days", WED_MAR_1, D(2017, 2, 27)),  # the four days up to the anchor, 26 February to 1 March
        ("over the past few days", WED_MAR_1, D(2017, 2, 27)),
    ],
)
def test_dates_resolve_the_part_of_a_period_before_the_anchor(text, anchor, date):
    _, got, _, precision = resolved(f"Troops raided several hideouts {text}.", anchor)
    assert (got, precision) == (date, "week")


@pytest.mark.parametrize(
    "text",
    ["Police arrested two men on Saturday who had fired on a crowd the night prior.",
     "Police arrested two men on Saturday. They had fired on a crowd the day prior, killing one."],
)
def test_dates_resolve_the_night_prior_as_the_day_before_the_date_just_mentioned(text):
    assert resolve_expressions(text, SUN_JAN_1)[1].date == D(2022, 12, 30)


@pytest.mark.parametrize(
    "report",
    ["Yesterday, local activists reported that a drone struck a car near the river.",
     "Yesterday, monitors documented the death of a farmer in a separate drone strike.",
     "On Sunday the governor said a drone struck a car near the river.",
     "The army disclosed yesterday that a drone struck a car near the river.",
     "At a briefing yesterday he said that a drone struck a car near the river."],
)
def test_dates_date_for_a_date_before_its_reporting_verb_does_not_date_the_lede(report):
    text = f"Shelling hit three villages near the border.\n\nThe shells destroyed two houses.\n\n{report}"
    article = article_of(text, WED_MAR_1)
    assert date_for(article, mention_at(article, "Shelling")) == EventDate(WED_MAR_1, None, "day", None)


@pytest.mark.parametrize(
    "text",
    ["Gunmen shot a driver at the corner of November 20 street.", "Police blocked 6 October Bridge and the square."],
)
def test_dates_resolve_a_date_that_names_a_street_is_no_date(text):
    assert resolve_expressions(text, WED_MAR_1) == ()


@pytest.mark.parametrize(
    "plan",
    ["The council said its next meeting is to be held on Monday.",
     "Talks between the two sides are due to resume on Tuesday.",
     "Officials said the convoy is scheduled to arrive on Friday.",
     "The army will hand over the bodies on Monday."],
)
def test_dates_date_for_a_day_still_to_come_dates_no_event(plan):
    text = f"Shelling hit three villages near the border.\n\nThe shells destroyed two houses. {plan}"
    article = article_of(text, D(2017, 3, 4))
    assert date_for(article, mention_at(article, "Shelling")) == EventDate(D(2017, 3, 4), None, "day", None)


def test_dates_date_for_a_verb_after_a_date_inside_its_clause_is_no_report():
    text = "Troops managed on Thursday to put the rebels to flight. Six fighters were killed."
    article = article_of(text, WED_MAR_1)
    assert date_for(article, mention_at(article, "killed")).date == D(2017, 2, 23)


def test_dates_date_for_a_date_that_ends_its_clause_before_the_source_dates_the_event():
    text = "Two fighters were killed in a clash near the border\n\non Saturday, police said."  # split at the break
    article = article_of(text, WED_MAR_1)
    assert date_for(article, mention_at(article, "killed")).date == D(2017, 2, 25)


def test_dates_date_for_a_day_after_opening_a_sentence_counts_from_the_date_just_mentioned():
    text = "Police imposed a curfew on Thursday.\nA day after the curfew was imposed, troops raided the village."
    article = article_of(text, WED_MAR_1)
    assert date_for(article, mention_at(article, "raided")).date == D(2017, 2, 24)


@pytest.mark.parametrize(
    "done",
    ["Rebels mounted an attack to recapture the bridge on Friday.",
     "Clinics are under pressure due to the number of wounded on Friday."],
)
def test_dates_date_for_an_infinitive_or_due_to_does_not_make_a_day_to_come(done):
    text = f"Shelling hit three villages near the border.\n\nThe shells destroyed two houses. {done}"
    article = article_of(text, D(2017, 3, 4))
    assert date_for(article, mention_at(article, "Shelling")).date == D(2017, 3, 3)


@pytest.mark.parametrize(
    "second",
    ["Two houses burned in a village, late on Friday, residents said.",  # the source closes the sentence
     "On Friday, the troops released two hostages.",  # not a verb of speech
     "On Friday bombings claimed by the rebels hit two houses.",  # a participle
     "Two houses burned on Friday said the monitor.",  # scraped text without commas: the source closes it
     "Two houses burned on Friday and the governor said he would visit the village."],  # another clause
)
def test_dates_date_for_a_verb_after_a_date_that_is_no_statement(second):
    text = f"Shelling hit three villages near the border.\n\n{second}"
    article = article_of(text, D(2017, 3, 4))
    assert date_for(article, mention_at(article, "Shelling")).date == D(2017, 3, 3)


@pytest.mark.parametrize(
    ("text", "anchor", "date"),
    [("on Tuesday, February 28", D(2017, 3, 2), D(2017, 2, 28)),  # they agree
     ("on Monday, February 28", D(2017, 3, 2), D(2017, 2, 28)),  # the number falls in the week: the weekday slipped
     ("on Friday, January 31", D(2017, 3, 2), D(2017, 2, 24))],  # it does not: the month slipped
)
def test_dates_resolve_a_weekday_that_disagrees_with_its_date(text, anchor, date):
    assert resolved(f"Gunmen attacked the post {text}.", anchor)[1] == date


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Mr Doe wrote on June 3, 2017 that it was over. The attack came on 04/06/2017.", D(2017, 4, 6)),  # US style
        ("Mr Doe wrote on 3 June 2017 that it was over. The attack came on 04/06/2017.", D(2017, 6, 4)),
        ("The attack came on 04/06/2017.", D(2017, 6, 4)),  # nothing written out: day first
        ("Mr Doe wrote on June 3, 2017 that it was over. The attack came on 24/05/2017.", D(2017, 5, 24)),  # settled
        ("Mr Doe wrote on June 3 that it was over. The attack came on 04/06/2017.", D(2017, 6, 4)),  # no full date
        ("Mr Doe wrote on June 3, 2017 that it was over. The attack came on 04.06.2017.", D(2017, 6, 4)),  # dots
    ],
)
def test_dates_numeric_date_read_in_the_convention_the_outlet_writes(text, date):
    got = [e.date for e in resolve_expressions(text, D(2017, 6, 10)) if re.search(r"\d[/.]", text[e.start:e.end])]
    assert got == [date]


@pytest.mark.parametrize("later", ["on March 10, 2017", "on 2017-03-10", "on 10/03/2017", "on March 9"])
def test_dates_date_for_never_takes_a_day_after_publication(later):
    article = article_of(f"Gunmen stormed a village on Sunday. The militants killed six guards {later}.", WED_MAR_1)
    assert date_for(article, mention_at(article, "killed")).date <= WED_MAR_1


def test_dates_date_for_a_byline_date_is_no_event_date():
    text = "Six guards killed\nBy Jane Roe 27 February 2017\nGunmen killed six guards at a checkpoint, police said."
    article = article_of(text, WED_MAR_1)
    got = date_for(article, mention_at(article, "killed"))
    assert got.span is None or got.span.start > text.index("Gunmen")
