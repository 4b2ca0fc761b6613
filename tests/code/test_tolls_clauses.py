"""strife.code.tolls: which counts of a sentence are this event's dead (coding guide, section 4): counts of other
clauses, the sources that tell them, things counted beside people and running totals are never added in."""

from __future__ import annotations

import pytest
from test_tolls import best, mention_at

from strife.code.tolls import find_tolls, tolls_for


def death_counts(text: str) -> list[int]:
    return [c.best for c in find_tolls(text) if c.kind == "death"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Four guards were shot at the gate, one died at the scene.", 1),
    ("At least 30 pupils were taken to the clinic, 3 of which died later.", 3),
    ("Five guards were wounded and two others were killed in the strike.", 2),
    ("The strike killed two guards and three farmers.", 5),
])
def test_tolls_a_count_with_a_verb_of_its_own_is_not_added(text, expected):
    assert best(text, "strike" if "strike" in text else text.split()[1]) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The raid led to the death of seven of them, one army officer said.", 7),
    ("The raid led to the death of seven of them,” a police officer told reporters.", 7),
    ("The raid killed a guard and two porters said the village chief.", 3),
])
def test_tolls_the_source_of_a_figure_is_not_a_victim(text, expected):
    assert best(text, "raid") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Troops destroyed 14 fighters, 3 armoured trucks and 2 other vehicles in the raid.", 14),
    ("Troops neutralised 14 fighters and 3 commanders in the raid.", 17),
])
def test_tolls_things_counted_beside_people_are_not_dead(text, expected):
    assert best(text, "raid") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("At least 70 people have been killed so far, the rights group said.", []),
    ("Nine protesters have died thus far in the unrest across the country.", []),
    ("Three people have so far been killed in the blast.", [3]),
])
def test_tolls_killed_so_far_is_a_running_total(text, expected):
    assert death_counts(text) == expected


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), [
    ("Gunmen shot a shopkeeper who died on the spot, police said.", 1),
    ("Gunmen shot the shopkeepers who died on the spot, police said.", 3),
    ("Gunmen shot at people near the market who died on the spot, police said.", 3),
])
def test_tolls_a_relative_clause_victim_is_its_noun(parsed, text, expected):
    article = parsed(text)
    toll, _ = tolls_for(article, mention_at(article, "shot"))
    assert toll.best == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Two soldiers were killed in the raid on the camp, and about ten fighters also died, the army said.", 12),
    ("Two soldiers were killed in the raid on the camp. About ten fighters also died, the army said.", 12),
    ("Twenty children were killed in the raid on the camp. Six teachers also died, the agency said.", 20),
    ("Two soldiers were killed in the raid on the camp. Meanwhile, ten fighters also died in the south.", 2),
])
def test_tolls_the_dead_of_both_sides_add_up(text, expected):
    assert best(text, "raid") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The country's civil war, now in its ninth year, has killed at least 350,000 people.", []),
    ("The conflict has claimed more than 90,000 lives since it began.", []),
    ("Rebels waging war on the state have killed 12 soldiers in the raid.", [12]),
    ("The war came to the valley when a strike killed 12 farmers.", [12]),
])
def test_tolls_a_war_told_as_what_it_has_done_is_its_total(text, expected):
    assert death_counts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("March 3 2019 Gunmen executed 30 prisoners in the camp.", [30]),
    ("The agency reported on Nov. 21 that soldiers killed 44 villagers.", [44]),
    ("2000 people were killed in the floods and 1999 soldiers died.", [2000, 1999]),
])
def test_tolls_a_date_is_no_count(text, expected):
    assert death_counts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Residents described heavy shelling and civilian deaths in the town.", [3]),
    ("Soldier killed in ambush near the border", [1]),
    ("Police deaths rose after the raid.", [3]),
])
def test_tolls_a_person_noun_before_a_plural_cue_names_no_single_victim(text, expected):
    assert death_counts(text) == expected
