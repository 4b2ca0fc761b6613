"""Precision on ordinary news: each family of false alarm gives no event, and real events in ordinary news
still come out. Every text here is written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

import strife
from strife.records import Actor, Event, EventDate, Place, Toll, span_of
from strife.relevance import FULL_AT, relevance
from strife.sense import verdict

pytestmark = pytest.mark.model

PUBLISHED = "2024-05-10"

FALSE_ALARMS = {
    "metaphor: sport": (
        "Rovers edge derby battle\n\nRovers battled to a 2-1 win over their neighbours on Saturday in a bruising "
        "derby. The two sides clashed repeatedly in midfield, and the home striker fired the winner ten minutes "
        "from time. The manager said his players had fought for every ball in the crunch clash."),
    "metaphor: business": (
        "Phone makers in price battle\n\nThe country's two biggest phone makers are locked in a fierce battle for "
        "customers after slashing prices on Tuesday. Analysts said the clash between the firms would squeeze "
        "profits, and shares in both companies fell sharply in early trading."),
    "other senses of protest words": (
        "Markets rally on rate hopes\n\nShares rallied on Wednesday and the dollar rallied against the euro after "
        "the central bank hinted at lower rates. At a trade fair the same day the software firm gave a "
        "demonstration of its new search service to investors."),
    "protested his innocence": (
        "Singer cleared by jury\n\nThe singer, who always protested his innocence, was cleared on Thursday of "
        "all charges after a two-week trial. His manager said the star would return to the studio to finish "
        "his new album, which is due out in the spring."),
    "arrest for ordinary crime": (
        "Retail boss held over accounts\n\nPolice arrested the former finance director of the retailer on "
        "Tuesday on suspicion of fraud and false accounting. The company's shares have fallen by half since "
        "the accounting problems came to light, and investors have demanded answers from the board."),
    "business verbs": (
        "Airline agrees plane deal\n\nThe airline signed a deal on Monday to acquire 30 new planes, and its "
        "rival merged with a regional carrier. The tennis champion withdrew from the tournament with an injury, "
        "and a text message record was smashed during the holiday weekend."),
    "called off, planned, history": (
        "Union drops strike plan\n\nThe union called off a demonstration planned for Friday after talks with "
        "the company. Staff had been set to protest outside the head office next week. Mass protests over pay "
        "in 2003 had closed the firm's factories for a month."),
    "title and idiom": (
        "Rapper's album tops chart\n\nThe rapper's second album, The Massacre, went straight to number one on "
        "Sunday. \"I executed it perfectly,\" he said of the record's final track, which critics called the "
        "best song he has ever released."),
    "ordinary crime": (
        "Shopkeeper hurt in robbery\n\nA shopkeeper was stabbed by a robber who stole cash from the till of his "
        "corner shop on Tuesday evening, police said. The man was treated in hospital and a 19-year-old was later "
        "charged with robbery."),
}


@pytest.mark.parametrize("family", sorted(FALSE_ALARMS))
def test_ordinary_news_gives_no_event(family):
    assert strife.extract(FALSE_ALARMS[family], published=PUBLISHED) == []


def test_a_conflict_report_keeps_its_events():
    text = ("Rebels and soldiers clash near border town\n\nRebel fighters attacked an army post outside the town "
            "of Kalvos on Monday, and soldiers clashed with them for several hours, a military spokesman said. "
            "Four soldiers and seven rebels were killed in the fighting, and troops later shelled rebel positions "
            "in the hills.")
    events = strife.extract(text, published=PUBLISHED)
    assert relevance(text) >= FULL_AT
    assert "Armed clash" in {e.sub_event_type for e in events}
    assert all(e.relevance == relevance(text) for e in events)


def test_a_political_arrest_in_ordinary_news_comes_out():
    text = ("Authorities arrest bloggers\n\nSecurity police arrested four bloggers and two journalists in the "
            "capital on Monday after they criticised the government online, a rights group said. The internet "
            "writers had reported on the crackdown on the opposition before their websites were blocked.")
    assert "Arrests" in {e.sub_event_type for e in strife.extract(text, published=PUBLISHED)}


def test_low_relevance_lowers_confidence_until_the_event_drops():
    report = "Gunmen attacked a police checkpoint on Monday, killing two officers, police said."
    business = ("Shares in the carmaker fell on Monday after it reported lower profits for the year, and its chief "
                "executive warned that sales of new models would slow in the spring as the market cooled. ")
    [alone] = strife.extract(report, published=PUBLISHED)
    assert relevance(business + report) < FULL_AT <= relevance(report)
    assert alone.confidence >= 0.5
    assert strife.extract(business + report, published=PUBLISHED) == []


# ---------------------------------------------------------------- the rules one by one, on coded mentions

SENTENCE = "Her second album, The Massacre, came out on Monday and a fan was shot dead in the street."


def coded(trigger: str, sub: str = "Attack", kind: str = "Violence against civilians", named: bool = True,
          actor_type: str = "Political militia"):
    """A coded mention of SENTENCE: its trigger, its day, and a first actor (named in the text when ``named``)."""
    start = SENTENCE.index(trigger)
    day = EventDate(dt.date(2024, 5, 6), precision="day", span=span_of(SENTENCE, 45, 51, "date"))
    return Event(id="", article_id="a", event_type=kind, sub_event_type=sub, date=day, location=Place(),
                 actor1=Actor("Gunmen", actor_type, None, span_of(SENTENCE, 0, 3, "actor1") if named else None),
                 actor2=None,
                 fatalities=Toll(), evidence=(span_of(SENTENCE, start, start + len(trigger), "event_type"),),
                 sentence=(0, len(SENTENCE)))


@pytest.mark.parametrize(("event", "relevance_", "rule"), [
    (coded("shot dead"), 0.3, None),
    (coded("shot dead", named=False), 0.3, "sense.actor-not-named"),
    (coded("shot dead", named=False), 0.9, None),  # a conflict report: its context names the side
    (coded("Massacre"), 0.3, "sense.title"),
    (coded("Massacre"), 0.9, None),
    (coded("shot dead", sub="Armed clash", kind="Battles", actor_type="Civilians"), 0.3, "sense.actor-not-armed"),
    (coded("shot dead", sub="Armed clash", kind="Battles", actor_type="Rebel group"), 0.3, None),
    (coded("shot dead", sub="Armed clash", kind="Battles", actor_type="Identity militia"), 0.3, None),
])
def test_sense_rules_on_coded_mentions(event, relevance_, rule):
    assert verdict(event, SENTENCE, relevance_) == rule
