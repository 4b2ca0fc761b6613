"""Detection: the prefilter, real events found, and the kinds of text that report no event."""

from __future__ import annotations

import datetime as dt

import pytest

from strife.detect import event_sentences, find_mentions, is_candidate
from strife.records import CleanText, ParsedArticle, Sentence


def article_of(*paragraphs: str, published: dt.date = dt.date(2024, 5, 10), caption: int | None = None):
    """A hand-built article: one sentence a paragraph; paragraph ``caption`` (an index) is a photo caption."""
    text = "\n\n".join(paragraphs)
    sentences, start, captions = [], 0, []
    for i, p in enumerate(paragraphs):
        sentences.append(Sentence(start, start + len(p), p, i, paragraph=i, in_caption=i == caption))
        if i == caption:
            captions.append((start, start + len(p)))
        start += len(p) + 2
    clean = CleanText("t1", text, published=published, anchor=published, captions=tuple(captions))
    return ParsedArticle(clean, tuple(sentences))


def types_found(*paragraphs: str) -> list[str | None]:
    return [m.sub_event_type for m in find_mentions(article_of(*paragraphs))]


@pytest.mark.parametrize(("text", "expected"), [
    ("Gunmen killed five villagers on Monday.", True),
    ("Protesters gathered outside the embassy.", True),
    ("The minister opened a new bridge over the river.", False),
    ("Parliament approved the budget after a long debate.", False),
])
def test_detect_is_candidate_prefilters_sentences(text, expected):
    assert is_candidate(text) is expected


@pytest.mark.parametrize(("paragraphs", "expected"), [
    (("Gunmen killed five villagers on Monday.", "The minister opened a new bridge over the river."), [0]),
    (("The minister opened a new bridge.", "Troops shelled the village on Sunday."), [1]),
    (("Gunmen killed five villagers on Monday.", "The war has killed more than 200,000 people since 2012."), [0]),
    (("The coach said his team killed it in the match.", "The striker shot twice as the league leaders battled "
      "for the cup.", "Fans cheered the players at the stadium after the match."), []),
])
def test_detect_event_sentences_are_unblocked_candidates(paragraphs, expected):
    assert [s.index for s in event_sentences(article_of(*paragraphs))] == expected


@pytest.mark.parametrize("paragraphs", [
    # threats and warnings
    ("The militia threatened to attack the capital if its demands were not met.",),
    ("Officials warned that insurgents could launch rocket attacks on the airport.",),
    # plans, drills and announcements of future action
    ("The army plans to retake the northern districts next month.",),
    ("Troops will hold a live-fire drill simulating an air strike on the coast.",),
    # hypotheticals
    ("If talks fail, the rebels would seize the oil fields, analysts said.",),
    ("A full offensive could kill thousands of civilians, the agency said.",),
    # cumulative statistics of a whole war
    ("The war has killed more than 200,000 people since it began in 2012.",),
    ("Since the start of the conflict, air strikes have destroyed 40 hospitals.",),
    # history and anniversaries
    ("Mourners marked the tenth anniversary of the massacre at the stadium.",),
    ("In 2009 the group seized the port and held it for three years.",),
    # sports, film, business and election uses of violent words
    ("The striker shot twice in the first half as the league leaders battled for the cup at the stadium.",
     "The coach said his team killed it in the second half of the match.",
     "Fans celebrated the title with the players after the final whistle."),
    ("The film bombed at the box office despite strong reviews from critics.",
     "Its director said the thriller would premiere at cinemas abroad next year.",
     "The actor blasted the studio for cutting the movie's battle scenes."),
    ("Shares of the retailer were hammered as investors fled after weak quarterly earnings.",
     "Analysts said the price war would kill profits for the chief executive's brand.",
     "The stock fell 12 percent, the retailer's sharpest drop in a decade."),
    ("The candidate toured the battleground state as polls showed voters split.",
     "Her campaign attacked the incumbent's record in a fiery debate.",
     "The election is seen as a battle for the suburbs, pollster data show."),
    # natural disasters
    ("Floods killed 31 people and destroyed 2,000 homes in the delta on Sunday.",),
    ("An earthquake killed at least 12 villagers in the mountains on Tuesday.",),
    # court verdicts on past crimes
    ("A court sentenced two former commanders to life for the massacre of 40 villagers.",),
    ("The tribunal convicted the militia leader of ordering the killings of civilians.",),
    ("The guard fired the shot that killed the fan outside the club that night, a court has heard.",),
    # negation
    ("No clashes were reported in the city on Friday.",),
])
def test_detect_not_an_event(paragraphs):
    assert types_found(*paragraphs) == []


def test_detect_a_bomb_that_kills_is_no_metaphor_among_election_words():
    text = "A bomb exploded outside a polling station on Sunday as voters queued in the election, killing four."
    assert types_found(text) == ["Remote explosive/landmine/IED"]


def test_detect_events_in_a_report():
    found = types_found(
        "Drone strike kills 12 at village market",
        "A drone strike hit a market in the village of Temba on Monday, killing 12 people, residents said.",
        "Separately, insurgents and soldiers clashed near the border town of Koro late on Monday.",
        "The government denied that its aircraft were involved.",
    )
    assert found == ["Air/drone strike", "Air/drone strike", "Armed clash"]


def test_detect_caption_mentions_weigh_less():
    article = article_of(
        "A car bomb exploded outside the ministry on Sunday, killing four.",
        "FILE PHOTO: Soldiers guard the site of a car bomb blast outside the ministry.",
        caption=1,
    )
    body, caption = find_mentions(article)
    assert caption.in_caption and not body.in_caption
    assert caption.score < body.score
    assert caption.trigger.text == article.clean.text[caption.trigger.start:caption.trigger.end]


def test_detect_caption_factor_is_a_setting():
    from strife import config

    article = article_of("Intro.", "FILE PHOTO: Soldiers guard the site of a car bomb blast.", caption=1)
    before = config.in_force()
    try:
        scores = []
        for factor in (0.6, 0.3):
            config.use(config.load_settings(overrides=[f"detect.caption_factor={factor}"]))
            scores += [m.score for m in find_mentions(article)]
    finally:
        config.use(before)
    assert len(scores) == 2 and scores[1] == pytest.approx(scores[0] / 2, abs=0.002)


@pytest.mark.parametrize("paragraphs", [
    # an earlier month or year, with no day named
    ("The rebels seized the border town in March, residents recalled.",),
    ("Thousands have been abducted since then, the agency said.",),
    # a weapon word naming equipment, not an attack
    ("The navy put its missile units on alert.",),
    ("Drone footage of the convoy circulated online.",),
    # a running total of killings
    ("Nine soldiers have been killed, the ministry said.",),
    # a noun that refers back to an event already told
    ("Police said the hunt for other members of the mob was continuing on Friday.",),
    # a participle that describes a place
    ("Investigators found graves on Thursday in recaptured Dalmor.",),
    ("Traders reopened their stalls on Monday in the looted market.",),
    # a total count over a period
    ("The total number of prisoners exchanged this year reached 900 on Monday.",),
])
def test_detect_not_an_event_in_context(paragraphs):
    assert types_found(*paragraphs) == []


def test_detect_another_account_joins_the_incident():
    told, retold = find_mentions(article_of(
        "Soldiers shot dead four protesters outside the police station in Kerema on Friday.",
        "State television gave a different account, saying gunmen attacked the station and clashed with police.",
    ))
    assert told.score >= 0.5 > retold.score


def test_detect_semicolons_separate_stories():
    found = types_found("Mortars hit the port on Monday; police defuse a car bomb in the market")
    assert found == ["Shelling/artillery/missile attack", "Disrupted weapons use"]


def test_detect_crowd_arson_is_rioting_in_an_unrest_report():
    found = types_found("Protesters marched on the governor's office on Friday.",
                        "Later on Friday, youths set fire to a bank and hurled rocks at the police station.")
    assert found == ["Peaceful protest", "Violent demonstration"]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), [
    ("The rebels vowed to seize the airport.", []),
    ("The army launched an operation to recapture the town on Monday.", []),
    ("Police fired tear gas on Monday to disperse protesters outside the ministry.", ["Protest with intervention"]),
    ("At least 30 people were reported to have been killed by air strikes on Friday.", ["Air/drone strike"]),
    ("No one was hurt and no clashes were reported on Sunday.", []),
    ("Searchers found three clandestine crematorium pits at a ranch on Monday.", ["Other"]),
])
def test_detect_reads_the_parse(text, expected):
    from strife import nlp
    from strife.config import load_settings

    clean = CleanText("p1", text, published=dt.date(2024, 5, 10), anchor=dt.date(2024, 5, 10))
    (parsed,) = nlp.Backbone(load_settings()).parse([(clean, nlp.split_sentences(clean))], is_candidate)
    assert [m.sub_event_type for m in find_mentions(parsed)] == expected


@pytest.mark.model
def test_detect_reported_killings_are_real():
    from strife import nlp
    from strife.config import load_settings

    text = "Gunmen were reported to have killed 12 villagers in the north on Friday."
    clean = CleanText("p2", text, published=dt.date(2024, 5, 10), anchor=dt.date(2024, 5, 10))
    (parsed,) = nlp.Backbone(load_settings()).parse([(clean, nlp.split_sentences(clean))], is_candidate)
    assert [m.sub_event_type for m in find_mentions(parsed)] == ["Attack"]


@pytest.mark.parametrize(("name", "columns"), [
    ("event_cues.tsv", 3), ("weapons.tsv", 3), ("detect_context.tsv", 2), ("attribution.tsv", 2),
])
def test_detect_lexicon_files_are_well_formed(name, columns):
    from strife.lexicon import data_rows

    rows = list(data_rows(name))
    assert rows and all(len(r) == columns and r[0] and r[0] == r[0].lower().strip() for r in rows)
    keys = [tuple(r[:2]) if columns == 2 else r[0] for r in rows]
    assert len(keys) == len(set(keys))


@pytest.mark.model
def test_detect_conjoined_deeds_are_not_plans():
    from strife import nlp
    from strife.config import load_settings

    text = "Gunmen stopped a bus on the highway on Monday, pulled the passengers off and shot dead nine of them."
    clean = CleanText("p3", text, published=dt.date(2024, 5, 10), anchor=dt.date(2024, 5, 10))
    (parsed,) = nlp.Backbone(load_settings()).parse([(clean, nlp.split_sentences(clean))], is_candidate)
    assert [m.sub_event_type for m in find_mentions(parsed)] == ["Attack"]


@pytest.mark.parametrize(("sentence", "past"), [
    ("Shells fell in March on the old city, killing four people.", True),
    ("Shells fell in Mar. on the old city, killing four people.", True),
    ("Shells fell in markets of the old city, killing four people.", False),
    ("Shells fell in Marib and Sirwah, killing four people.", False),
    ("Fighters were seen in decline as shells fell on the old city, killing four people.", False),
])
def test_detect_a_month_named_is_history_but_not_a_word_it_begins(sentence, past):
    from collections import Counter

    from strife.detect import is_past_or_total

    assert is_past_or_total(sentence, Counter(), dt.date(2024, 6, 10)) is past
