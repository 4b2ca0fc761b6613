"""strife.code.actors: actor names, types and roles (coding guide, section 3)."""

from __future__ import annotations

import datetime as dt

import pytest

from strife.code.actors import (
    actor_data,
    actors_for,
    country_words,
    fill_defaults,
    find_actors,
    force_words,
    lookup,
    tsv_rows,
)
from strife.records import Actor, CleanText, Mention, ParsedArticle, Sentence, Span, Token, span_of

# --- lookup: names to normalised actors ---


@pytest.mark.parametrize(("name", "country", "expected"), [
    ("Russian warplanes", None, ("Military Forces of Russia", "State forces", "RU")),
    ("regime forces", "SY", ("Military Forces of Syria", "State forces", "SY")),
    ("the army", "ML", ("Military Forces of Mali", "State forces", "ML")),
    ("troops loyal to Assad", None, ("Military Forces of Syria", "State forces", "SY")),
    ("forces loyal to President Bashar al-Assad", None, ("Military Forces of Syria", "State forces", "SY")),
    ("junta troops", "MM", ("Military Forces of Myanmar", "State forces", "MM")),
    ("security forces", "IQ", ("Military Forces of Iraq", "State forces", "IQ")),
    ("Kenyan police", None, ("Police Forces of Kenya", "State forces", "KE")),
    ("riot police", "FR", ("Police Forces of France", "State forces", "FR")),
    ("Turkey's army", None, ("Military Forces of Turkey", "State forces", "TR")),
    ("Saudi-led coalition", None, ("Military Forces of Saudi Arabia", "State forces", "SA")),
    ("Daesh", "IQ", ("Islamic State", "Rebel group", "IQ")),
    ("al-Nusra Front", None, ("Hayat Tahrir al-Sham", "Rebel group", "SY")),
    ("Huthi rebels", None, ("Houthis (Ansar Allah)", "Rebel group", "YE")),
    ("Ansar Allah", None, ("Houthis (Ansar Allah)", "Rebel group", "YE")),
    ("al-Shabab militants", None, ("Al-Shabaab", "Rebel group", "SO")),
    ("RSF", None, ("Rapid Support Forces", "Rebel group", "SD")),
    ("Wagner mercenaries", "ML", ("Wagner Group", "External/Other forces", "RU")),
    ("protesters", "KE", ("Protesters (Kenya)", "Protesters", "KE")),
    ("Palestinian protesters", None, ("Protesters (Palestine)", "Protesters", "PS")),
    ("rioters", "FR", ("Rioters (France)", "Rioters", "FR")),
    ("civilians", "SY", ("Civilians (Syria)", "Civilians", "SY")),
    ("unidentified gunmen", "NG", ("Unidentified Armed Group (Nigeria)", "Political militia", "NG")),
])
def test_actors_lookup_normalises_names(name, country, expected):
    actor = lookup(name, country)
    assert actor is not None
    assert (actor.name, actor.type, actor.country) == expected


@pytest.mark.parametrize("name", ["the weather", "is", "us"])
def test_actors_lookup_unknown_is_none(name):
    assert lookup(name) is None


@pytest.mark.parametrize("text", ["Turkish-backed rebels attacked", "Iranian-backed militias fired"])
def test_actors_backed_groups_are_not_the_backers_forces(text):
    assert all(f.type != "State forces" for f in find_actors(text, "SY"))


# --- roles, without a parse (word order, "by", "between") ---


def sentence_article(text: str, tokens: tuple[Token, ...] = ()) -> ParsedArticle:
    return ParsedArticle(CleanText("a1", text), (Sentence(0, len(text), text, 0, 0, False, tokens),))


def mention_of(article: ParsedArticle, trigger: str, sub_event_type: str = "Armed clash") -> Mention:
    text = article.clean.text
    start = text.index(trigger)
    event_type = {"Armed clash": "Battles", "Air/drone strike": "Explosions/Remote violence",
                  "Peaceful protest": "Protests", "Attack": "Violence against civilians",
                  "Remote explosive/landmine/IED": "Explosions/Remote violence",
                  "Non-state actor overtakes territory": "Battles",
                  "Shelling/artillery/missile attack": "Explosions/Remote violence"}[sub_event_type]
    trigger_span = span_of(text, start, start + len(trigger), "trigger")
    return Mention("a1", article.sentences[0], trigger_span, event_type, sub_event_type)


def names(pair) -> tuple[str | None, str | None]:
    return tuple(a.name if a else None for a in pair)


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    ("Houthi rebels attacked Saudi troops near the border.", "attacked",
     ("Houthis (Ansar Allah)", "Military Forces of Saudi Arabia")),
    ("Saudi troops were attacked by Houthi rebels near the border.", "attacked",
     ("Houthis (Ansar Allah)", "Military Forces of Saudi Arabia")),
    ("Clashes between the army and Islamic State fighters erupted.", "Clashes",
     ("Military Forces of Iraq", "Islamic State")),
    ("Fierce clashes broke out between al-Shabaab and Somali troops.", "clashes",
     ("Al-Shabaab", "Military Forces of Somalia")),
])
def test_actors_roles_from_word_order_without_parse(text, trigger, expected):
    article = sentence_article(text)
    country = "SO" if "Somali" in text else "IQ"
    pair = actors_for(article, mention_of(article, trigger), country)
    assert names(pair) == expected
    for actor, field in zip(pair, ("actor1", "actor2"), strict=True):
        assert actor.span is not None and actor.span.field == field
        assert text[actor.span.start:actor.span.end] == actor.span.text


def test_actors_roles_from_hand_built_parse_passive():
    text = "Civilians were shelled by regime forces."
    words = [("Civilians", "nsubjpass", 2), ("were", "auxpass", 2), ("shelled", "ROOT", 2),
             ("by", "agent", 2), ("regime", "compound", 5), ("forces", "pobj", 3), (".", "punct", 2)]
    tokens, pos = [], 0
    for i, (w, dep, head) in enumerate(words):
        start = text.index(w, pos)
        pos = start + len(w)
        tokens.append(Token(i, start, pos, w, w.lower(), "X", "X", dep, head))
    article = sentence_article(text, tuple(tokens))
    actor1, actor2 = actors_for(article, mention_of(article, "shelled", "Air/drone strike"), "SY")
    assert actor1.name == "Military Forces of Syria" and actor2.name == "Civilians (Syria)"


# --- roles with the model's parse ---


@pytest.mark.model
@pytest.mark.parametrize(("text", "trigger", "kind", "expected"), [
    ("Russian warplanes struck a market in Idlib, killing civilians.", "struck", "Air/drone strike",
     ("Military Forces of Russia", "Civilians (Syria)")),
    ("Israeli jets bombed Hezbollah positions overnight.", "bombed", "Air/drone strike",
     ("Military Forces of Israel", "Hezbollah")),
    ("Three villagers were killed by Boko Haram militants on Sunday.", "killed", "Attack",
     ("Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", "Civilians (Nigeria)")),
    ("A market was bombed by Syrian government aircraft.", "bombed", "Air/drone strike",
     ("Military Forces of Syria", "Civilians (Syria)")),
    ("Heavy clashes between the SDF and Islamic State fighters continued.", "clashes", "Armed clash",
     ("Syrian Democratic Forces", "Islamic State")),
    ("Government troops clashed with RSF fighters in the capital.", "clashed", "Armed clash",
     ("Military Forces of Sudan", "Rapid Support Forces")),
])
def test_actors_roles_from_parse(parsed, text, trigger, kind, expected):
    article = parsed(text)
    country = {"Idlib": "SY", "Hezbollah": "LB", "Boko": "NG", "Syrian": "SY", "SDF": "SY", "RSF": "SD"}
    ctx = next(v for k, v in country.items() if k in text)
    assert names(actors_for(article, mention_of(article, trigger, kind), ctx)) == expected


@pytest.mark.model
@pytest.mark.parametrize(("text", "trigger", "kind", "expected"), [
    ("The rebels took control of three villages near the border.", "took control",
     "Non-state actor overtakes territory", ("Rebels (Democratic Republic of Congo)",
                                             "Military Forces of Democratic Republic of Congo")),
    ("Soldiers clashed with residents of the camp at dawn.", "clashed", "Armed clash",
     ("Military Forces of Democratic Republic of Congo", None)),
])
def test_actors_a_battles_sides_are_armed(parsed, text, trigger, kind, expected):
    """The ground taken or the people caught in a battle are not its second side."""
    article = parsed(text)
    assert names(actors_for(article, mention_of(article, trigger, kind), "CD")) == expected


@pytest.mark.model
@pytest.mark.parametrize(("text", "trigger", "kind", "expected"), [
    ("Turkish shelling of the Kurdish-held village of Tell Rifaat on Monday killed a shepherd, a monitor said.",
     "shelling", "Shelling/artillery/missile attack", ("Military Forces of Turkey", "Civilians (Syria)")),
    ("A rocket launched from Gaza by Hamas struck a kindergarten in Sderot, injuring three Israeli children.",
     "rocket", "Shelling/artillery/missile attack", ("Hamas", "Civilians (Israel)")),
    ("A drone fired by the insurgents crashed into the checkpoint on Monday, wounding four policemen.",
     "drone", "Air/drone strike", ("Rebels (Syria)", "Police Forces of Syria")),
    ("Airstrikes in opposition areas of the north hit a bakery on Friday, killing at least nine people.",
     "Airstrikes", "Air/drone strike", ("Military Forces of Syria", "Civilians (Syria)")),
])
def test_actors_the_harmed_are_acted_upon_wherever_the_parse_ties_them(parsed, text, trigger, kind, expected):
    """Whom a harm verb of the sentence struck is the side acted upon, also when the trigger is read as a
    gerund subject or the harm verb hangs off another clause than the trigger's."""
    article = parsed(text)
    country = "IL" if "Gaza" in text else "SY"
    assert names(actors_for(article, mention_of(article, trigger, kind), country)) == expected


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Beirut (AFP) - Syrian rebels and activists accused the army on Saturday of shelling the town.",
    "Rebels accuse army of shelling town",
    "Opposition fighters accuse government forces of shelling the town.",
])
def test_actors_the_accusers_do_not_act(parsed, text):
    """Who accuses or blames tells of the event; the side they accuse is named as its object, and the type's
    default stands when nothing else names the attacker."""
    article = parsed(text)
    actor1, _ = actors_for(article, mention_of(article, "shelling", "Shelling/artillery/missile attack"), "SY")
    assert actor1.type == "State forces"


# --- defaults when no actor is named ---


@pytest.mark.parametrize(("text", "trigger", "kind", "country", "expected"), [
    ("Thousands marched through the capital on Friday.", "marched", "Peaceful protest", "KE",
     ("Protesters (Kenya)", None)),
    ("An air strike hit the town on Friday.", "air strike", "Air/drone strike", "SY",
     ("Military Forces of Syria", None)),
    ("A village was raided at dawn.", "raided", "Attack", "NG",
     ("Unidentified Armed Group (Nigeria)", "Civilians (Nigeria)")),
])
def test_actors_defaults_by_sub_event_type(text, trigger, kind, country, expected):
    article = sentence_article(text)
    pair = actors_for(article, mention_of(article, trigger, kind), country)
    assert names(pair) == expected
    assert pair[0].span is None


# --- data files ---


def test_actors_data_files_well_formed():
    assert all(len(row) == 3 and row[0] and row[1] in ("military", "police") and row[2] in ("yes", "no")
               for row in tsv_rows("state_forces.tsv"))
    assert len(force_words()) == len(tsv_rows("state_forces.tsv"))
    assert actor_data()["named"] and actor_data()["generic"]  # validated at load: tests/test_knowledge.py
    assert country_words().folded[("syrian",)] == "SY"


@pytest.mark.parametrize(("published", "expected"), [
    (dt.date(2019, 5, 1), ("Taliban", "Rebel group")),
    (dt.date(2022, 5, 1), ("Military Forces of Afghanistan (2021-)", "State forces")),
])
def test_actors_group_that_took_power_is_state_forces_from_then(published, expected):
    text = "Taliban fighters attacked a checkpoint in the province."
    article = ParsedArticle(CleanText("a1", text, published=published),
                            (Sentence(0, len(text), text, 0, 0),))
    actor1, _ = actors_for(article, mention_of(article, "attacked"), "AF")
    assert (actor1.name, actor1.type) == expected


def test_actors_nearby_sentence_names_the_side_when_the_mention_does_not():
    text = "Al-Shabaab fighters stormed the town at dawn. Heavy fighting lasted for hours."
    first = text.index("Heavy")
    article = ParsedArticle(CleanText("a1", text), (Sentence(0, first - 1, text[:first - 1], 0, 0),
                                                    Sentence(first, len(text), text[first:], 1, 0)))
    trigger = span_of(text, text.index("fighting"), text.index("fighting") + 8, "trigger")
    mention = Mention("a1", article.sentences[1], trigger, "Battles", "Armed clash")
    actor1, _ = actors_for(article, mention, "SO")
    assert actor1.name == "Al-Shabaab" and actor1.span.text == "Al-Shabaab fighters"


@pytest.mark.parametrize(("text", "expected"), [
    ("The United Wa State Army and the RCSS clashed on Tuesday.", ("United Wa State Army", "Political militia")),
    ("Clashes erupted between the Manbij Military Council and rival factions.",
     ("Manbij Military Council", "Political militia")),
    ("Somali National Army forces killed seven fighters.", ("Military Forces of Somalia", "State forces")),
    ("Arakan Rohingya Salvation Army fighters attacked a camp.",
     ("Arakan Rohingya Salvation Army", "Political militia")),
])
def test_actors_unknown_capitalised_army_names(text, expected):
    first = find_actors(text, "MM")[0]
    assert (first.name, first.type) == expected


def test_actors_title_case_headline_is_not_a_name():
    assert find_actors("Army Kills 11 Terrorists In Raid On Hideout", "SY")[0].type == "State forces"


@pytest.mark.parametrize(("text", "trigger"), [
    ("Air strikes hit a hospital in rebel-held Idlib on Monday.", "Air strikes"),
    ("Air strikes hit villages held by the Islamic State group on Monday.", "Air strikes"),
    ("The Syrian opposition: dozens killed as air strikes hit Douma.", "air strikes"),
])
def test_actors_holders_and_reporters_do_not_act(text, trigger):
    article = sentence_article(text)
    actor1, _ = actors_for(article, mention_of(article, trigger, "Air/drone strike"), "SY")
    assert actor1.name == "Military Forces of Syria" and actor1.span is None


@pytest.mark.parametrize(("text", "trigger", "victim"), [
    ("Ten soldiers were killed in the blast at the base.", "blast", "Military Forces of Syria"),
    ("Dozens of militants killed in army offensive", "offensive", "Rebels (Syria)"),
])
def test_actors_the_killed_are_acted_upon(text, trigger, victim):
    article = sentence_article(text)
    actor1, actor2 = actors_for(article, mention_of(article, trigger, "Remote explosive/landmine/IED"), "SY")
    assert actor2 is not None and actor2.name == victim
    assert actor1 is None or actor1.name != victim


def test_actors_cli_lookup_prints_the_actor(capsys):
    from strife.cli import main

    assert main(["actors", "lookup", "junta troops", "--country", "mm"]) == 0
    assert '"name": "Military Forces of Myanmar"' in capsys.readouterr().out
    assert main(["actors", "lookup", "the weather"]) == 1


def test_actors_a_named_side_moved_to_actor1_has_its_evidence_relabelled():
    """'Regime forces were blamed for the air strike': named as acted upon, but the strike's default attacker."""
    forces = Actor("Military Forces of Syria", "State forces", "SY", Span(0, 13, "Regime forces", "actor2"))
    actor1, actor2 = fill_defaults("Air/drone strike", None, forces, "SY")
    assert (actor1.name, actor1.span.field, actor2) == ("Military Forces of Syria", "actor1", None)


def paragraph_article(*sentences: str) -> ParsedArticle:
    """One paragraph of unparsed sentences, separated by single spaces."""
    text, parts = "", []
    for i, s in enumerate(sentences):
        start = len(text) + (1 if text else 0)
        text = f"{text} {s}" if text else s
        parts.append(Sentence(start, start + len(s), s, i, 0, False, ()))
    return ParsedArticle(CleanText("a1", text), tuple(parts))


@pytest.mark.parametrize(("sentences", "kind", "expected"), [
    (("A mortar round slammed into the bus depot on Friday.", "Four civilians were killed, medics said."),
     "Shelling/artillery/missile attack", "Civilians (Syria)"),
    (("A roadside bomb tore through a patrol near the bridge.", "Two soldiers were wounded."),
     "Remote explosive/landmine/IED", "Military Forces of Syria"),
    (("A roadside bomb tore through a patrol near the bridge.", "Soldiers later sealed off the road."),
     "Remote explosive/landmine/IED", None),  # no one said hurt: no side acted upon
])
def test_actors_the_killed_or_hurt_of_the_next_sentence_are_actor2(sentences, kind, expected):
    article = paragraph_article(*sentences)
    trigger = "slammed" if "mortar" in sentences[0] else "tore"
    _, actor2 = actors_for(article, mention_of(article, trigger, kind), "SY")
    assert (actor2.name if actor2 else None) == expected
    if actor2 is not None:
        assert actor2.span is not None and actor2.span.field == "actor2"
        assert article.clean.text[actor2.span.start:actor2.span.end] == actor2.span.text


def test_actors_a_battles_victims_told_next_are_not_its_other_side():
    article = paragraph_article("Rebels clashed near the dam on Monday.", "Three farmers were killed.")
    _, actor2 = actors_for(article, mention_of(article, "clashed", "Armed clash"), "SY")
    assert actor2 is None or actor2.type != "Civilians"


@pytest.mark.parametrize(("sentences", "expected"), [
    (("Militants stormed the checkpoint near the dam on Monday.", "Three soldiers were killed."),
     "Military Forces of Syria"),
    (("The army said three soldiers died.", "Militants stormed the checkpoint near the dam on Monday."),
     "Military Forces of Syria"),
    (("Militants stormed the checkpoint near the dam on Monday.", "The army said the attack was repelled."),
     None),  # the army only tells of it
])
def test_actors_a_battles_other_side_from_the_sentences_around_it(sentences, expected):
    """A battle has two armed sides: where the mention's sentence names one, the other is the armed actor
    named nearest in its paragraph, never the one that only reports."""
    article = paragraph_article(*sentences)
    actor1, actor2 = actors_for(article, mention_of(article, "stormed", "Armed clash"), "SY")
    assert actor1.name == "Rebels (Syria)"
    assert (actor2.name if actor2 else None) == expected


@pytest.mark.model
@pytest.mark.parametrize(("text", "trigger", "expected"), [
    ("Jihadists raided a military outpost near the border on Sunday and clashed with soldiers for hours.",
     "clashed", ("Rebels (Mali)", "Military Forces of Mali")),
    ("Insurgents ambushed a Malian army convoy near Gao on Sunday.", "ambushed",
     ("Rebels (Mali)", "Military Forces of Mali")),
])
def test_actors_a_force_word_on_a_target_is_the_target(parsed, text, trigger, expected):
    """'a military outpost', 'an army convoy': the force that owns what was hit is acted upon; and the
    subject of the first of two joined verbs acts in the second too."""
    article = parsed(text)
    assert names(actors_for(article, mention_of(article, trigger, "Armed clash"), "ML")) == expected


@pytest.mark.parametrize(("text", "trigger", "kind", "expected"), [
    ("Soldiers shot dead two Palestinians at the checkpoint on Friday.", "shot dead", "Attack",
     "Civilians (Palestine)"),
    ("A drone struck the car on Friday and two Iraqis were killed.", "drone", "Air/drone strike",
     "Civilians (Iraq)"),
])
def test_actors_a_people_acted_upon_is_its_civilians(text, trigger, kind, expected):
    """'two Palestinians' killed are Palestine's civilians, whatever country the event happened in."""
    article = sentence_article(text)
    _, actor2 = actors_for(article, mention_of(article, trigger, kind), "IL")
    assert actor2.name == expected and actor2.span.text in text and actor2.span.text.endswith("s")


def test_actors_a_people_never_acts():
    """'The Iraqis shelled ...': a people named as the one who acted is no civilian attacker."""
    article = sentence_article("The Iraqis shelled the ridge at dawn on Friday.")
    actor1, actor2 = actors_for(article, mention_of(article, "shelled", "Shelling/artillery/missile attack"), "SY")
    assert actor1.type == "State forces" and actor2 is None


@pytest.mark.parametrize(("kind", "harmed", "expected"), [
    ("Remote explosive/landmine/IED", True, "Civilians (Iraq)"),
    ("Air/drone strike", True, "Civilians (Iraq)"),
    ("Air/drone strike", False, None),  # no one hurt: no one acted upon
    ("Armed clash", True, None),  # a battle's dead are its armed sides'
])
def test_actors_unnamed_victims_of_a_strike_are_civilians(kind, harmed, expected):
    from strife.code.actors import unnamed_victims

    victims = unnamed_victims(kind, "IQ", Actor("Military Forces of Iraq", "State forces", "IQ"), harmed)
    assert (victims.name if victims else None) == expected
    assert victims is None or victims.span is None


@pytest.mark.parametrize(("sentences", "kind", "expected"), [
    (("Government troops pushed toward the river on Friday.", "Syrian air raids hit the market at dawn."),
     "Air/drone strike", ("Military Forces of Syria", "Syrian")),
    (("Islamic State fighters held the ridge on Friday.", "Nigerian shelling hit the ridge at dawn."),
     "Shelling/artillery/missile attack", ("Military Forces of Nigeria", "Nigerian")),
])
def test_actors_a_country_adjective_before_a_strike_names_its_forces(sentences, kind, expected):
    """'Syrian air raids' in Syria: the adjective right before the trigger names the striking state, its own
    country's too, before any armed actor of the sentences around."""
    article = paragraph_article(*sentences)
    trigger = "air raids" if "air raids" in sentences[1] else "shelling"
    start = article.clean.text.index(trigger)
    mention = Mention("a1", article.sentences[1], span_of(article.clean.text, start, start + len(trigger), "trigger"),
                      "Explosions/Remote violence", kind)
    actor1, _ = actors_for(article, mention, "SY")
    assert (actor1.name, actor1.span.text) == expected


@pytest.mark.parametrize(("text", "trigger", "kind", "expected"), [
    ("A mob attacked a temple on Friday, injuring five worshippers, police said.", "attacked", "Mob violence",
     ("Rioters (Bangladesh)", "Civilians (Bangladesh)")),
    ("Hundreds of teachers marched through the capital on Friday, police said.", "marched", "Peaceful protest",
     ("Protesters (Bangladesh)", None)),
])
def test_actors_who_only_tells_of_a_crowds_event_is_not_its_other_side(text, trigger, kind, expected):
    article = sentence_article(text)
    mention = Mention("a1", article.sentences[0], span_of(text, text.index(trigger), text.index(trigger)
                                                          + len(trigger), "trigger"),
                      "Riots" if kind == "Mob violence" else "Protests", kind)
    assert names(actors_for(article, mention, "BD")) == expected


def test_actors_foreign_workers_taken_are_their_countrys_civilians():
    article = sentence_article("Gunmen abducted three Chinese workers from the mine on Friday.")
    _, actor2 = actors_for(article, mention_of(article, "abducted", "Attack"), "ML")
    assert (actor2.name, actor2.span.text) == ("Civilians (China)", "Chinese workers")
