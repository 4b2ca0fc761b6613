"""strife.code.actors: who is on which side (the words that stand for a named group, holders, members)."""

from __future__ import annotations

import pytest

from strife.code.actors import actors_for, find_actors, same_side
from strife.records import Actor, CleanText, Mention, ParsedArticle, Sentence, span_of


def one_sentence(text: str) -> ParsedArticle:
    return ParsedArticle(CleanText("a1", text), (Sentence(0, len(text), text, 0, 0, False, ()),))


def mention(article: ParsedArticle, trigger: str, sub_event_type: str, event_type: str) -> Mention:
    start = article.clean.text.index(trigger)
    span = span_of(article.clean.text, start, start + len(trigger), "trigger")
    return Mention("a1", article.sentences[0], span, event_type, sub_event_type)


@pytest.mark.parametrize(("a", "b", "expected"), [
    (Actor("Islamic State", "Rebel group", "IQ"), Actor("Rebels (Iraq)", "Rebel group", "IQ"), True),
    (Actor("Unidentified Armed Group (Somalia)", "Political militia", "SO"), Actor("Al-Shabaab", "Rebel group", "SO"),
     True),
    (Actor("Rebels (Iraq)", "Rebel group", "IQ"), Actor("Rebels (Iraq)", "Rebel group", "IQ"), True),
    (Actor("Islamic State", "Rebel group", "IQ"), Actor("Military Forces of Iraq", "State forces", "IQ"), False),
    (Actor("Islamic State", "Rebel group", "SY"), Actor("Militia (Syria)", "Political militia", "SY"), False),
    (Actor("Islamic State", "Rebel group", "SY"), Actor("Civilians (Syria)", "Civilians", "SY"), False),
    (Actor("Hamas", "Rebel group", "PS"), Actor("Hezbollah", "Political militia", "LB"), False),
    (Actor("Rebels (Iraq)", "Rebel group", "IQ"), Actor("Unidentified Armed Group (Iraq)", "Political militia", "IQ"),
     False),
])
def test_actors_generic_fighters_words_stand_for_the_named_group(a, b, expected):
    """"The militants" beside a named group are that group (one side), not its enemy; two named groups, a state's
    forces, a militia or civilians are other sides."""
    assert same_side(a, b) is expected
    assert same_side(b, a) is expected


@pytest.mark.parametrize("phrase", ["ISIS terrorists", "Daesh extremists", "al-Shabaab militants"])
def test_actors_a_groups_epithets_are_its_members(phrase):
    """"ISIS terrorists" is one actor, the group: its victims' words then follow the whole name."""
    found = find_actors(f"Twenty {phrase} were killed on Sunday.", "SY")
    assert len(found) == 1
    assert found[0].type == "Rebel group"
    assert f"Twenty {phrase}"[found[0].start:found[0].end] == phrase


def test_actors_the_holder_of_a_shelled_place_did_not_shell_it():
    """"Controlled by X" names who holds the place, however long the participle: X is not the attacker."""
    text = "A village controlled by the militants was shelled on Monday, killing five residents."
    article = one_sentence(text)
    actor1, _ = actors_for(article, mention(article, "shelled", "Shelling/artillery/missile attack",
                                            "Explosions/Remote violence"), "SY")
    assert actor1 is not None and actor1.type == "State forces"
