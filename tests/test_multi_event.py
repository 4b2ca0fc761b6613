"""Articles that report several events: each event once, of its own type, at its own place. Every text here is
written for these tests (real towns, invented incidents)."""

from __future__ import annotations

import pytest

import strife

pytestmark = pytest.mark.model


def events_of(text: str, published: str) -> list[tuple[str, str | None]]:
    return sorted((e.sub_event_type, e.location.name) for e in strife.extract(text, published=published)
                  if e.event_type)


def test_a_headline_summary_joins_the_body_story_of_its_kind():
    """The headline's 'protests' are the riot the body tells at the same place, not a second, peaceful event."""
    text = ("Kano shops shut after protests over fuel prices\n\nKANO, Nigeria, May 12 (Reuters) - Most shops "
            "stayed shut in the northern city of Kano.\n\nOn Saturday, hundreds of youths burned "
            "tyres, blocked roads and set fire to a petrol station in Kano, police said. Police fired tear gas "
            "to disperse them.")
    assert events_of(text, "2024-05-12") == [("Violent demonstration", "Kano")]


def test_a_headline_toll_joins_the_shooting_of_protesters():
    """'Two shot dead in X' over the body's shooting of protesters in X is that event, not a separate attack."""
    text = ("Police break up Mombasa rally; two shot dead in Kisumu\n\nNAIROBI, July 9 (AFP) - Police in "
            "Mombasa fired tear gas on Monday to disperse hundreds of opposition supporters who had marched "
            "to the county offices, witnesses said.\n\nIn Kisumu, police opened fire on protesters on Monday, "
            "killing two people and wounding five, a hospital official said.")
    found = events_of(text, "2024-07-09")
    assert ("Excessive force against protesters", "Kisumu") in found
    assert not any(sub == "Attack" for sub, _ in found)
    assert len(found) == 2


def test_arrests_of_the_marchers_are_the_protest_intervention():
    """Marchers dispersed with tear gas, then 'several were detained': one protest with intervention; the other
    town's killing stays its own event."""
    text = ("Police fire tear gas at nurses' march in Kampala; gunmen kill farmers in Kasese\n\nKAMPALA, "
            "April 3 (AFP) - Police fired tear gas on Tuesday to disperse hundreds of nurses marching to "
            "parliament in Kampala to demand higher pay, witnesses said. Several nurses were briefly "
            "detained.\n\nIn the western district of Kasese, gunmen shot dead three farmers on Monday night, "
            "police said.")
    found = events_of(text, "2024-04-03")
    assert ("Protest with intervention", "Kampala") in found
    assert not any(sub == "Arrests" for sub, _ in found)


def test_stones_and_tear_gas_in_one_sentence_are_one_riot():
    """Supporters who clashed with the police, threw stones and met tear gas: one violent demonstration, not a
    riot beside a protest with intervention; and a bomb at an election office is still a bomb."""
    text = ("Bomb hits election office in Peshawar; opposition supporters clash with police in Lahore\n\n"
            "ISLAMABAD, Feb 7 (AFP) - A bomb exploded outside an election commission office in Peshawar on "
            "Tuesday, killing three people, police said, two days before the polls.\n\nIn Lahore, hundreds of "
            "opposition supporters clashed with police on Tuesday evening, throwing stones at officers who "
            "responded with tear gas and batons.")
    found = events_of(text, "2024-02-07")
    assert ("Remote explosive/landmine/IED", "Peshawar") in found
    assert ("Violent demonstration", "Lahore") in found
    assert ("Protest with intervention", "Lahore") not in found


def test_a_two_story_headline_names_its_second_place_loosely():
    """'... near Gao, drone strike hits Kidal': the headline's drone strike is the body's in Kidal, not a second
    one at the headline's first place."""
    text = ("Mali: jihadists ambush convoy near Gao, drone strike hits Kidal\n\nBAMAKO, July 18 (AFP) - "
            "Jihadist fighters ambushed an army convoy near Gao on Sunday, killing eight soldiers, a military "
            "source said.\n\nOn Monday, a drone strike hit a house in the northern town of Kidal, killing three "
            "people, residents said.")
    found = events_of(text, "2023-07-18")
    assert [place for sub, place in found if sub == "Air/drone strike"] == ["Kidal"]


def test_the_capital_named_in_the_sentence_is_its_place():
    """'Fighting in the regional capital X on Monday' happened in X, not in the town the previous sentence named."""
    text = ("Army and militia fight in Amhara\n\nADDIS ABABA, Aug 16 (Reuters) - Militia fighters seized the town "
            "of Gondar on Aug. 3, before the army retook it on Aug. 9, residents said.\n\nFighting in the regional "
            "capital Bahir Dar on Monday killed at least five people, two residents said.")
    found = events_of(text, "2023-08-16")
    assert ("Armed clash", "Bahir Dar") in found
    assert ("Armed clash", "Gonder") not in found
