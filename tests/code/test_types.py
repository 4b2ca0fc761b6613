"""Typing: a sentence's cues become ACLED sub-event types (two sentences we wrote for each of 25 types)."""

from __future__ import annotations

import pytest

from strife import taxonomy
from strife.code.types import type_sentence
from strife.detect import find_cues

CASES = [
    ("Government soldiers and rebels clashed for hours near the river crossing on Tuesday.", "Armed clash"),
    ("A gun battle between troops and insurgents broke out at the checkpoint.", "Armed clash"),
    ("The army recaptured the town of Dalmor from the insurgents on Sunday.", "Government regains territory"),
    ("Troops retook the border village after a week of fighting.", "Government regains territory"),
    ("Rebels seized the town of Kerema after government troops fled.", "Non-state actor overtakes territory"),
    ("The militia took control of the district headquarters on Monday.",
     "Non-state actor overtakes territory"),
    ("Residents said chlorine gas was dropped on the suburb, leaving many gasping.", "Chemical weapon"),
    ("Medics treated 40 people after a sarin attack on the village.", "Chemical weapon"),
    ("An air strike destroyed a bakery in the old quarter, killing nine.", "Air/drone strike"),
    ("Warplanes bombed the camp at dawn, the monitor said.", "Air/drone strike"),
    ("A suicide bomber detonated a vest at the checkpoint, killing six.", "Suicide bomb"),
    ("Two attackers blew themselves up outside the ministry.", "Suicide bomb"),
    ("Artillery shells landed on the market, wounding 14 traders.", "Shelling/artillery/missile attack"),
    ("Mortar fire hit the camp for displaced families overnight.", "Shelling/artillery/missile attack"),
    ("A roadside bomb struck an army truck near the bridge, killing three soldiers.",
     "Remote explosive/landmine/IED"),
    ("A landmine exploded under a minibus carrying farmers.", "Remote explosive/landmine/IED"),
    ("A man threw a hand grenade into the crowded bar, wounding eight.", "Grenade"),
    ("Unknown assailants lobbed a grenade at the police post.", "Grenade"),
    ("Soldiers raped at least five women during the raid on the village, survivors said.", "Sexual violence"),
    ("The report documented the sexual assault of detainees by guards.", "Sexual violence"),
    ("Gunmen massacred 23 villagers in their homes overnight.", "Attack"),
    ("The militants executed four civilians in the town square.", "Attack"),
    ("Armed men kidnapped a priest and two teachers on the highway.", "Abduction/forced disappearance"),
    ("Fighters abducted dozens of schoolgirls from their dormitory.", "Abduction/forced disappearance"),
    ("Thousands of protesters marched to the ministry demanding higher wages.", "Peaceful protest"),
    ("Farmers held a peaceful sit-in outside parliament.", "Peaceful protest"),
    ("Police fired tear gas to disperse demonstrators outside the court.", "Protest with intervention"),
    ("Riot police used water cannon on protesters and detained 30.", "Protest with intervention"),
    ("Security forces opened fire with live ammunition on protesters, killing seven.",
     "Excessive force against protesters"),
    ("Soldiers shot dead three demonstrators at the rally.", "Excessive force against protesters"),
    ("Protesters hurled stones at police and set fire to a bus.", "Violent demonstration"),
    ("Rioters smashed shop windows and clashed with officers.", "Violent demonstration"),
    ("A mob beat a suspected thief to death in the market.", "Mob violence"),
    ("An angry crowd lynched two men accused of witchcraft.", "Mob violence"),
    ("The two sides signed a ceasefire agreement in the capital on Friday.", "Agreement"),
    ("The warring parties completed a prisoner exchange on Thursday.", "Agreement"),
    ("Police arrested the opposition leader at his home on Wednesday.", "Arrests"),
    ("Security forces rounded up 40 suspected members of the movement.", "Arrests"),
    ("Two armed factions announced the formation of a new coalition.", "Change to group/activity"),
    ("The splinter faction pledged allegiance to the larger movement.", "Change to group/activity"),
    ("Air defences shot down a drone approaching the airport.", "Disrupted weapons use"),
    ("Engineers defused a bomb planted under the bridge.", "Disrupted weapons use"),
    ("The militants set up a base in the abandoned school.", "Headquarters or base established"),
    ("Foreign troops established a new base outside the city.", "Headquarters or base established"),
    ("Fighters looted the clinic and the grain store.", "Looting/property destruction"),
    ("Gunmen burned down dozens of houses in the settlement.", "Looting/property destruction"),
    ("Government troops handed over the town to the regional force without a fight.",
     "Non-violent transfer of territory"),
    ("The peacekeepers vacated their camp and handed control to the army.",
     "Non-violent transfer of territory"),
    ("Authorities imposed a curfew across the province.", "Other"),
    ("The governor declared a state of emergency in the north.", "Other"),
]


def types_of(text: str) -> list[str]:
    context = ("agreed",) if "signed" in text else ()
    return [t.sub_event_type for t in type_sentence(text, find_cues(text), context)]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_types_sentence_gets_its_sub_event_type(text, expected):
    assert expected in types_of(text)


def test_types_every_sub_event_type_has_two_cases():
    counts = {sub: sum(1 for _, e in CASES if e == sub) for sub in taxonomy.taxonomy().sub_types}
    assert all(n >= 2 for n in counts.values()), counts


@pytest.mark.parametrize(("text", "expected"), [
    ("A drone strike on the convoy killed four fighters.", ["Air/drone strike"]),
    ("The rebels took the town of Abri, but the army retook it two days later.",
     ["Non-state actor overtakes territory", "Government regains territory"]),
])
def test_types_one_incident_one_type(text, expected):
    assert types_of(text) == expected


def test_types_trigger_offsets_point_at_the_cue():
    text = "Overnight shelling hit the hospital."
    (typed,) = type_sentence(text, find_cues(text))
    assert text[typed.start:typed.end] == "shelling"
    assert typed.event_type == "Explosions/Remote violence"


@pytest.mark.parametrize(("text", "expected"), [
    ("Bandits seized 40 passengers from a bus on the highway.", ["Abduction/forced disappearance"]),
    ("Troops drove the insurgents out of the market district on Friday.", ["Government regains territory"]),
    ("The movement seized the river port from the army after dawn.", ["Non-state actor overtakes territory"]),
    ("Soldiers recaptured the hill town from the rebels.", ["Government regains territory"]),
    ("Gunmen shot dead a village chief and two farmers.", ["Attack"]),
    ("Rebels ambushed an army convoy, killing nine soldiers.", ["Armed clash"]),
])
def test_types_words_around_the_cue_decide(text, expected):
    assert types_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the weapon's own verb belongs to the weapon
    ("Militants hurled a grenade into the market, wounding nine.", ["Grenade"]),
    # a base word beside a verb of setting up
    ("The fighters set up their own command post at the airport.", ["Headquarters or base established"]),
    ("Jets dropped guided bombs on the fuel depot.", ["Air/drone strike"]),
    # captives swapped
    ("The two sides returned 60 prisoners of war each in an exchange on Friday.", ["Agreement"]),
    # looting told in two weaker words
    ("A crowd broke into the depot and carried away sacks of grain.", ["Looting/property destruction"]),
    # arson beside a killing is part of the attack
    ("Soldiers shot dead a shopkeeper and burned down his store.", ["Attack"]),
    ("The faction broke away from the rebel alliance on Monday.", ["Change to group/activity"]),
    # an armed group's round-up is an abduction; the state's an arrest
    ("Militants rounded up a dozen fishermen on the lake.", ["Abduction/forced disappearance"]),
    ("Police rounded up 40 suspects in the capital.", ["Arrests"]),
    # one armed side and its civilian victims: an attack, not a clash
    ("Soldiers raided the village and killed a farmer.", ["Attack"]),
    ("The gang killed two men on the road.", ["Attack"]),
    # the interception of weapons already told is that attack's outcome; a new interception stays one
    ("Most of the rockets were intercepted and the rest fell in open fields.", ["Shelling/artillery/missile attack"]),
    ("Air defences intercepted a missile over the port city.", ["Disrupted weapons use"]),
    # civilians who tell the story are not its victims
    ("Troops shot dead four rebel fighters in the village, according to villagers.", ["Armed clash"]),
    # a place retaken from a foreign state's troops is regained; a rebel retaking is not
    ("The army recaptured the town from invading troops on Monday.", ["Government regains territory"]),
    ("The rebels recaptured the town from the army on Monday.", ["Non-state actor overtakes territory"]),
])
def test_types_more_words_around_the_cue_decide(text, expected):
    assert types_of(text) == expected


@pytest.mark.parametrize(("text", "named"), [
    ("Troops killed seven insurgents near the border.", True),
    ("Four farmers were killed by bandits on the road.", True),
    ("Gunmen stormed a bar in the city, leaving five patrons dead.", True),
    ("Gunmen killed five villagers in the market.", True),
    ("Seven insurgents and two soldiers were killed.", False),
    ("Rescuers and soldiers carried the dead from the rubble.", False),
])
def test_types_a_killing_with_killers_and_victims_named_stands(text, named):
    (typed,) = type_sentence(text, find_cues(text))
    assert (typed.score >= 0.5) is named


def test_types_unrest_context_turns_arson_into_rioting():
    text = "Youths set fire to a bank and torched two cars."
    assert [t.sub_event_type for t in type_sentence(text, find_cues(text))] == ["Looting/property destruction"]
    assert [t.sub_event_type for t in type_sentence(text, find_cues(text), ("unrest",))] == ["Violent demonstration"]


def test_types_bare_killing_is_weak():
    text = "Twelve people were killed."
    (typed,) = type_sentence(text, find_cues(text))
    assert typed.score < 0.5


def test_types_an_explosion_alone_is_a_remote_bomb():
    assert types_of("Militants detonated a truck full of explosives at the gate, killing two guards.") == [
        "Remote explosive/landmine/IED"]


def test_types_weights_a_rule_needs_are_settings():
    from strife import config

    text = "Warplanes struck the hillside camp on Friday."
    before = config.in_force()
    try:
        found = []
        for need in (0.8, 0.99):
            config.use(config.load_settings(overrides=[f"types.needs.air={need}"]))
            found.append([t.sub_event_type for t in type_sentence(text, find_cues(text))])
    finally:
        config.use(before)
    assert found[0] == ["Air/drone strike"] and "Air/drone strike" not in found[1]
