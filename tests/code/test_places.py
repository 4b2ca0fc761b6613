"""Places: recognition patterns, resolution by context, linking an event to its place."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from strife.code import places
from strife.records import CleanText, Mention, ParsedArticle, Sentence, span_of


def article(text: str, article_id: str = "t") -> ParsedArticle:
    """Sentences split on end punctuation and newlines; paragraphs on blank lines; no tokens (unparsed)."""
    sentences = []
    for m in re.finditer(r"[^.!?\n]+[.!?]?", text):
        if m.group().strip():
            sentences.append(Sentence(m.start(), m.end(), m.group(), len(sentences),
                                      paragraph=text.count("\n\n", 0, m.start())))
    return ParsedArticle(CleanText(article_id, text), tuple(sentences))


def mention(doc: ParsedArticle, trigger: str) -> Mention:
    start = doc.clean.text.index(trigger)
    sentence = doc.sentence_at(start)
    trigger_span = span_of(doc.clean.text, start, start + len(trigger), "trigger")
    return Mention(doc.clean.article_id, sentence, trigger_span, "Battles", "Armed clash")


def locate(text: str, trigger: str):
    doc = article(text, article_id=f"t{hash(text)}")
    place = places.locate(doc, mention(doc, trigger))
    if place.span is not None:
        assert doc.clean.text[place.span.start:place.span.end] == place.span.text == place.mention
        assert place.span.field == "location"
    return place


def located(text: str, trigger: str, *fields: str) -> tuple:
    """The named fields of the event place at ``trigger``."""
    place = locate(text, trigger)
    return tuple(getattr(place, f) for f in fields)


@pytest.mark.parametrize(("text", "trigger", "name", "precision", "country"), [
    ("Jets bombed a market in Saraqib in Idlib province on Monday.", "bombed", "Saraqib", "city", "SY"),
    ("Government troops shelled villages across Idlib province.", "shelled", "Idlib", "region", "SY"),
    ("Fighting raged near Kachia on Tuesday.", "Fighting", "Kachia", "city", "NG"),
    ("Gunmen ambushed a convoy on the road between Kachia and Kaduna.", "ambushed", "Kachia", "city", "NG"),
    ("Rebels clashed with soldiers in Dayr az Zawr on Friday.", "clashed", "Deir ez-Zor", "city", "SY"),
    ("Police fired tear gas at students in the town of Kisumu.", "fired", "Kisumu", "city", "KE"),
])
def test_places_recognition_patterns(text, trigger, name, precision, country):
    place = locate(text, trigger)
    assert (place.name, place.precision, place.country) == (name, precision, country)


def test_places_known_neighbourhood_has_its_own_point():
    place = locate("Barrel bombs hit the al-Qaterji neighbourhood of Aleppo, residents said.", "hit")
    assert place.precision == "neighbourhood" and place.admin1 == "Aleppo" and "Qaterji" in place.mention


def test_places_unknown_neighbourhood_falls_back_to_its_city():
    place = locate("Mortars hit the Zabadoun neighbourhood of Aleppo on Sunday.", "hit")
    assert (place.name, place.precision) == ("Aleppo", "city")
    assert place.mention == "Zabadoun neighbourhood of Aleppo"


def test_places_larger_unit_beside_the_name():
    place = locate("Soldiers clashed with rebels in Kachin State on Thursday.", "clashed")
    assert (place.country, place.precision, place.admin1) == ("MM", "region", "Kachin")


@pytest.mark.parametrize(("text", "country"), [
    ("Libyan forces and militiamen clashed in Tripoli overnight, the Libyan health ministry said.", "LY"),
    ("The Lebanese army clashed with gunmen in Tripoli overnight, Lebanese security sources said.", "LB"),
])
def test_places_name_clash_resolved_by_article_country(text, country):
    assert locate(text, "clashed").country == country


def test_places_demonym_is_not_a_place():
    doc = article("Syrian troops clashed with insurgents on Monday.")
    assert places.locate(doc, mention(doc, "clashed")).precision in ("country", "unknown")
    assert places.article_country(doc) == "SY"


def test_places_statement_place_is_not_the_event_place():
    text = "The envoy told the UN General Assembly in New York that the shelling of Homs killed 12 people."
    place = locate(text, "shelling")
    assert (place.name, place.country) == ("Homs", "SY")


def test_places_dateline_is_not_the_event_place():
    text = "BEIRUT, July 23 (Reuters) - Air strikes on Saraqib killed nine people, a monitor said."
    place = locate(text, "Air strikes")
    assert place.name == "Saraqib"


def test_places_event_without_a_place_takes_the_paragraph_place():
    text = "Gunmen stormed the village of Kachia on Sunday.\n\nThey kidnapped 20 pupils, police said."
    assert locate(text, "kidnapped").name == "Kachia"


def test_places_article_country_counts_places_and_demonyms():
    doc = article("Kenyan police clashed with protesters in Nairobi and Mombasa.")
    assert places.article_country(doc) == "KE"


@pytest.mark.parametrize(("text", "expected"), [
    ("BEIRUT, July 23 (Reuters) - Jets struck", "BEIRUT, July 23 (Reuters) -"),
    ("A headline\n\nKADUNA, Nigeria, March 8 (Reuters) - Gunmen", "KADUNA, Nigeria, March 8 (Reuters) -"),
    ("Maiduguri (Nigeria) (AFP) - Bombers", "Maiduguri (Nigeria) (AFP) -"),
    ("ISTANBUL/NEW YORK - Talks", "ISTANBUL/NEW YORK -"),
    ("Addis Ababa – Residents said", "Addis Ababa –"),
    ("June 12 (Reuters) - Shelling killed", ""),
    ("Sanaa: Nine soldiers were killed", "Sanaa:"),
    ("Troops clash in the north\nMosul : Two soldiers were killed", "Mosul :"),
    ("Police said: the attack", ""),
])
def test_places_dateline_range(text, expected):
    start, end = places.dateline_range(text)
    assert text[start:end].strip() == expected


def test_places_name_clash_abroad_is_dropped():
    """A small town elsewhere that shares a word of the text is not the event's place."""
    text = "Kenyan police said gunmen attacked a bus near Mandera, then fled toward Elizabeth."
    place = locate(text, "attacked")
    assert place.country == "KE"


@pytest.mark.parametrize("text", [
    "A U.S.-led coalition air strike hit a house in Mosul, residents said.",
    "An Iran-backed militia shelled a base in Mosul, residents said.",
])
def test_places_hyphenated_modifier_is_not_a_place(text):
    place = locate(text, "hit" if "hit" in text else "shelled")
    assert (place.name, place.country) == ("Mosul", "IQ")


def test_places_region_with_a_compound_adjective_before_it():
    place = locate("Militants hurled a grenade in Indian-administered Kashmir on Sunday.", "hurled")
    assert (place.country, place.precision) == ("IN", "region")


def test_places_spelling_variant_of_an_unknown_name():
    text = "Pakistani troops clashed with separatists in the southwestern Baluchistan province."
    place = locate(text, "clashed")
    assert (place.country, place.precision, place.admin1) == ("PK", "region", "Balochistan")


def test_places_headline_country_takes_the_lede_place():
    text = "Kenya: police fire on protesters\n\nPolice opened fire on crowds in Nairobi on Tuesday."
    assert locate(text, "fire").name == "Nairobi"


def test_places_said_far_from_the_place_is_not_a_statement():
    text = "Police said officers killed three gang members in a shootout in Kisumu on Friday."
    assert locate(text, "shootout").name == "Kisumu"


def test_places_landmark_is_not_the_place_when_another_is_named():
    text = "Militants attacked a checkpoint in Tal Afar, 60 km west of Mosul, on Sunday."
    assert locate(text, "attacked").mention == "Tal Afar"


def test_places_landmark_alone_places_the_event():
    text = "Gunmen kidnapped 15 pupils from a school about 20 km from the city of Sokoto."
    assert locate(text, "kidnapped").name == "Sokoto"


def test_places_unique_namesake_next_door_is_kept():
    text = "BEIRUT (Reuters) - Air strikes on Saraqib killed nine people, a monitor said."
    assert locate(text, "Air strikes").country == "SY"


def test_places_word_list_is_well_formed():
    roles = {"region", "city", "neighbourhood", "settlement", "locative", "beside", "statement", "secondary", "stop",
             "direction", "distance", "qualifier", "group", "facility", "government", "seat", "administrative",
             "listing"}
    words = places.place_words()
    assert words and set(words.values()) <= roles and all(w.strip() == w and w for w in words)


def test_places_foreign_capital_for_its_government_is_not_the_place():
    text = "Russian jets struck Syrian rebel positions, Moscow said, as fighting raged near Idlib in Syria."
    assert locate(text, "struck").name == "Idlib"


def test_places_possessive_without_apostrophe():
    assert locate("Barrel bombs killed 15 civilians in Syrias Aleppo on Saturday.", "killed").name == "Aleppo"


def test_places_country_as_modifier_is_not_the_place():
    text = "US airstrikes killed 23 civilians in the eastern city of Deir ez-Zor, Syrian activists said."
    assert locate(text, "airstrikes").country == "SY"


def test_places_country_after_a_direction_word_is_cued():
    text = "Air raids killed 19 civilians in northern Syria on Wednesday, Turkish officials in Ankara said."
    place = locate(text, "Air raids")
    assert (place.country, place.precision) == ("SY", "country")


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    ("An airstrike flattened a home in the town of Rafah late Tuesday, killing nine people, as militants fired "
     "rockets into Israel and Israeli officials said more strikes would follow.", "airstrike", "Rafaḩ"),
    ("Air raids killed 19 civilians in northern Syria on Wednesday, Turkish officials in Ankara said; Turkey "
     "denied it.", "Air raids", "Syria"),
])
def test_places_a_town_near_the_trigger_beats_a_country_further_on(text, trigger, expected):
    """A foreign town named at the event outweighs the article's own country named later in the sentence (the
    rockets fired "into Israel" are another story), and a home country near the trigger still beats a town
    named as where officials spoke."""
    assert locate(text, trigger).name == expected


@pytest.mark.parametrize(("text", "trigger", "country"), [
    ("Cameroonian soldiers burned homes on Tuesday in a village of the North West region, residents said.",
     "burned", "CM"),
    ("Gunmen kidnapped 20 farmers in Niger State on Monday, Nigerian police said.", "kidnapped", "NG"),
])
def test_places_a_name_several_countries_share_takes_the_one_the_article_names(text, trigger, country):
    """"North West region" is South Africa's, Cameroon's, Botswana's: the article's Cameroonians decide; "Niger
    State" is a state, so it does not name the country Niger."""
    assert locate(text, trigger).country == country


def test_places_talks_in_a_capital_are_not_the_event_place():
    text = "Turkey hosted talks in the Kazakh capital Astana as air strikes hit Idlib province, Syrian activists said."
    assert locate(text, "air strikes").name == "Idlib"


@pytest.mark.parametrize(("text", "trigger", "admin1"), [
    ("Rebels ambushed soldiers in Baao town in Camarines Sur province on Monday.", "ambushed", "Camarines Sur"),
    ("Two soldiers died in a clash with rebels in Himamaylan City, Negros Occidental.", "clash", "Negros Occidental"),
    ("Gunmen ambushed a patrol in the province of Sulu on Sunday.", "ambushed", "Sulu"),
])
def test_places_philippine_event_takes_its_province_as_admin1(text, trigger, admin1):
    place = locate(text, trigger)
    assert (place.country, place.admin1) == ("PH", admin1)


@pytest.mark.parametrize(("text", "trigger", "name"), [
    ("Shells killed four people in Homs Hama and Latakia on Friday", "Shells", "Homs"),
    ("Rockets hit the al-Midan neighbourhood in Aleppo The army blamed the rebels", "Rockets", "Midan"),
])
def test_places_names_run_together_without_punctuation_are_each_a_place(text, trigger, name):
    place = locate(text, trigger)
    assert name in place.name and place.country == "SY"


def test_places_place_before_an_unrelated_name_is_still_part_of_it():
    doc = article("Staff of the Aleppo Media Center said prices rose.")
    assert not places.article_places(doc).mentions or all(
        m.text != "Aleppo" for m in places.article_places(doc).mentions)


def test_places_namesake_on_another_continent_is_not_the_event_place():
    """Both countries are named, but a village of Cameroon's is not a town of the same name in the US."""
    text = ("Separatists attacked a village in Bui division on Sunday. Cameroon's army fought them in "
            "Cameroon's west, and soldiers patrolled in Cameroon's north. The United States condemned the attack.")
    place = locate(text, "attacked")
    assert place.country == "CM"


@pytest.mark.model
def test_places_unit_pattern_reaching_past_a_demonym_does_not_fail():
    from strife import detect, nlp
    from strife.clean import clean
    from strife.config import load_settings
    from strife.pipeline import Pipeline
    from strife.records import Article

    text = "A car bomb exploded in the Mezzeh area in the Syrian capital Damascus on Monday, killing four people."
    settings = load_settings()
    cleaned = clean(Article(id="t", text=text, published="2017-02-21"), settings)
    [parsed] = Pipeline(settings).backbone.parse([(cleaned, nlp.split_sentences(cleaned))], detect.is_candidate)
    [mention] = detect.find_mentions(parsed)
    assert places.locate(parsed, mention).country == "SY"


def test_places_country_where_a_group_is_banned_is_not_the_event_place():
    text = "Militants of a group banned in Russia shelled Idlib on Monday."
    place = locate(text, "shelled")
    assert place.name == "Idlib"


def test_places_banned_in_marks_a_statement_place():
    doc = article("Fighters of a terrorist group outlawed in Russia attacked an army post.")
    roles = {m.text: m.role for m in places.article_places(doc).mentions}
    assert roles["Russia"] == "statement"


def test_places_town_whose_province_is_named_wins_over_a_foreign_namesake():
    title = "Tribes clash in Ras al-Ain"
    text = f"{title}\nGunmen clashed with police there on Monday. The town lies in Hasakah province."
    doc = replace(article(text), clean=CleanText("t-ras", text, title=title))
    place = places.locate(doc, mention(doc, "clashed with"))
    assert (place.country, place.admin1) == ("SY", "Al-Hasakah")


def test_places_big_city_next_door_that_the_article_never_names_as_a_country():
    place = locate("Gunmen shot dead three men in Tijuana, US officials said. US agents had warned of violence.",
                   "shot")
    assert (place.name, place.country) == ("Tijuana", "MX")


def test_places_landmark_is_resolved_in_the_article_country():
    place = locate("Turkish troops shelled positions 5 km south of al-Rai, Syrian activists said.", "shelled")
    assert (place.country, place.admin1) == ("SY", "Aleppo")


def test_places_neighbourhood_in_a_city_abroad_takes_the_city_country():
    place = locate("Lebanese pilgrims died when a bomb hit their bus in the Bab Touma neighbourhood in Damascus, "
                   "Lebanese officials said.", "bomb")
    assert (place.country, place.precision) == ("SY", "neighbourhood")


def test_places_region_known_by_its_news_name():
    place = locate("Israeli jets struck army posts in the Golan on Sunday, Syrian state media said.", "struck")
    assert (place.country, place.admin1, place.precision) == ("SY", "Quneitra", "region")


def test_places_distant_landmark_is_never_the_event_place():
    place = locate("Fighting went on in Anbar province on Friday. Rockets struck a base some 190 km west of the "
                   "capital Baghdad, the army said.", "struck")
    assert (place.admin1, place.precision) == ("Anbar", "region")


def test_places_region_called_one_names_its_country():
    place = locate("Russian jets bombed Idlib province on Monday, Russian officials said. Russia's defence "
                   "ministry and Russian media praised the raid.", "bombed")
    assert (place.country, place.admin1) == ("SY", "Idlib")


def test_places_names_listed_after_a_plural_unit_word_are_such_units():
    doc = article("Troops killed five militants in the provinces of Nineveh and Baghdad on Monday.")
    hints = {m.text: m.hint for m in places.article_places(doc).mentions}
    assert hints["Baghdad"] == "region"


def test_places_adjective_of_a_place_is_not_its_spelling():
    place = locate("A bomb killed two soldiers near the town of al-Baghdadi in Anbar province.", "bomb")
    assert place.admin1 == "Anbar"


def test_places_department_is_named_with_its_type():
    place = locate("Guerrillas attacked an army post in Saravena in Arauca on Monday.", "attacked")
    assert (place.country, place.admin1) == ("CO", "Arauca Department")


@pytest.mark.parametrize("text", [
    "Fighters of al-Nusra attacked army posts near Hama on Monday.",
    "Fighters of the Nusra front attacked army posts near Hama on Monday.",
])
def test_places_group_name_after_an_article_is_not_a_place(text):
    assert locate(text, "attacked").name == "Ḩamāh"


def test_places_spelling_variant_of_an_alternate_name():
    place = locate("Government troops advanced in the Qalamun region north of Damascus, state media said.",
                   "advanced")
    assert (place.admin1, place.precision, place.mention) == ("Rif Dimashq", "region", "Qalamun region")


def test_places_place_in_a_title_case_headline_followed_by_a_capitalised_word():
    place = locate("Twelve Fighters Killed in Idlib Blast\nA bomb went off on Monday.", "Killed")
    assert (place.admin1, place.mention) == ("Idlib", "Idlib")


def test_places_country_in_a_title_case_headline_is_an_actor():
    place = locate("Forty Civilians Killed in US Warplanes Bombardments in Manbij\nThe raids hit homes on Monday, "
                   "residents of Manbij said.", "Killed")
    assert (place.country, place.mention) == ("SY", "Manbij")


@pytest.mark.parametrize(("text", "admin1"), [
    ("Militants attacked a checkpoint in northern Sinai on Monday, Egyptian officials said.", "North Sinai"),
    ("Militants attacked a checkpoint near El Arish on Monday, Egyptian officials said.", "North Sinai"),
])
def test_places_admin1_has_its_usual_english_name(text, admin1):
    assert locate(text, "attacked").admin1 == admin1


def test_places_neighbourhood_of_the_city_named_nearer():
    place = locate("Shells fell on Damascus last week. On Monday rockets hit the Midan neighbourhood, residents of "
                   "Aleppo said.", "rockets")
    assert (place.admin1, place.precision) == ("Aleppo", "neighbourhood")


def test_places_group_name_with_a_capitalised_article_is_not_a_place():
    assert locate("Al-Nusra fighters attacked army posts near Hama on Monday.", "attacked").name == "Ḩamāh"


def test_places_region_called_one_outweighs_a_foreign_nationality():
    doc = article("Burma army shells hit rebel posts in Kachin State, Chinese border traders said. Chinese officials "
                  "and Chinese media reported the blasts.")
    assert places.article_country(doc) == "MM"


def test_places_unit_word_before_of_belongs_to_the_next_name():
    place = locate("Gunmen killed four police officers in the northern Mexico state of Sonora on Friday.", "killed")
    assert (place.country, place.admin1, place.precision) == ("MX", "Sonora", "region")


def test_places_province_of_a_country_is_still_a_province():
    place = locate("A car bomb exploded outside a mosque in Daraa province of southern Syria on Friday.", "exploded")
    assert (place.admin1, place.precision) == ("Daraa", "region")


@pytest.mark.parametrize("text", [
    "Myanmar's Kachin Army said it ambushed a convoy on Tuesday.",
    "In Myanmar, fighters of the Karen Brigade ambushed a convoy on Tuesday.",
])
def test_places_place_word_in_an_armed_group_name_is_not_a_place(text):
    place = locate(text, "ambushed")
    assert (place.country, place.precision) == ("MM", "country")


@pytest.mark.parametrize(("text", "name", "admin1", "precision"), [
    ("Regime jets struck an Aleppo village on Sunday, activists said.", "Aleppo", "Aleppo", "region"),
    ("Shells struck the Homs town of Talbiseh on Sunday, activists said.", "Tallbīsah", "Homs", "city"),
])
def test_places_region_named_before_a_town_word_is_its_region(text, name, admin1, precision):
    place = locate(text, "struck")
    assert (place.name, place.admin1, place.precision) == (name, admin1, precision)


def test_places_unknown_neighbourhood_without_its_city_falls_back_to_the_city_named_before():
    place = locate("Students marched through the capital Dhaka on Friday. On Saturday police charged a crowd in the "
                   "Gulshan neighbourhood, witnesses said.", "charged")
    assert (place.name, place.precision, place.mention) == ("Dhaka", "city", "Gulshan neighbourhood")


def test_places_place_in_another_clause_of_the_sentence_is_not_the_event_place():
    place = locate("Syrian army says it retook a hilltop from rebels; car bomb kills six in Damascus\n\n"
                   "Troops seized the hill near Palmyra on Tuesday, state media said.", "retook")
    assert place.name == "Tadmur"


@pytest.mark.parametrize(("text", "name", "country"), [
    ("Police fired tear gas at students at Herat University on Monday.", "Herāt", "AF"),
    ("Police fired tear gas at protesters outside Mosul Airport on Monday.", "Mosul", "IQ"),
    ("Police fired tear gas at a crowd near the Baghdad Sheraton Hotel on Monday.", "Baghdad", "IQ"),
])
def test_places_town_named_in_a_facility_name_is_the_place(text, name, country):
    assert located(text, "fired", "name", "country") == (name, country)


def test_places_neighbourhood_known_in_one_city_names_that_city():
    place = locate("A mortar shell fell in the Bab Touma neighbourhood on Monday, state media said.", "fell")
    assert (place.admin1, place.precision) == ("Damascus", "neighbourhood")


def test_places_neighbourhood_of_a_city_is_not_a_namesake_town_elsewhere():
    place = locate("Rockets hit a school in the Shahba neighbourhood of Aleppo on Monday.", "hit")
    assert (place.name, place.admin1, place.precision) == ("Aleppo", "Aleppo", "city")
    assert place.mention.startswith("Shahba neighbourhood")


@pytest.mark.parametrize("text", [
    "Fateh Al-Sham fighters attacked army posts on Monday.",
    "Al-Sham fighters attacked army posts on Monday, Syrian media said.",
])
def test_places_sham_in_a_group_name_is_not_damascus(text):
    assert locate(text, "attacked").name != "Damascus"


def test_places_monitor_after_a_headline_place_is_the_source_not_part_of_the_name():
    place = locate("Shelling kills five in rebel-held areas of Homs Monitor AFP Friday 3 Jun 2016", "Shelling")
    assert (place.name, place.country) == ("Homs", "SY")


def test_places_country_inside_an_organisation_name_is_not_introduced_as_a_place():
    doc = article("Militants of the Islamic State of Iraq and the Levant executed three men in a village of Deir "
                  "Ezzor province, residents said.")
    assert places.article_country(doc) == "SY"
    assert not any(m.cued for m in places.article_places(doc).mentions if m.key == "iraq")


def test_places_name_after_a_held_by_adjective_is_cued():
    place = locate("Syrian jets bombed a market in rebel-held Saraqeb on Monday.", "bombed")
    assert (place.name, place.admin1) == ("Saraqib", "Idlib")


def test_places_country_after_near_is_a_neighbour_not_the_place():
    doc = article("Troops clashed with militants near Jordan on Friday. Syrian state media said the fighting went on.")
    assert not any(m.cued for m in places.article_places(doc).mentions if m.key == "jordan")


def test_places_region_spelling_variant_votes_for_its_country():
    doc = article("Syrian troops fought militants near Lebanon in the Qalamun region, Lebanese officials said. "
                  "Lebanese troops were put on alert.")
    assert places.article_country(doc) == "SY"


def test_places_event_without_a_place_takes_a_later_place_introduced_as_one():
    place = locate("A suspected gas attack killed 20 people, a monitor said. Damascus denied it. The strike hit "
                   "the town of Saraqib in Idlib province.", "attack")
    assert place.name == "Saraqib"


def test_places_event_without_a_place_skips_a_name_in_passing_before_it():
    place = locate("Rebels shelled the town of Saraqib on Monday. Damascus said the rebels were to blame. The "
                   "shelling killed five people.", "shelling")
    assert place.name == "Saraqib"


def test_places_place_introduced_as_one_beats_a_nearer_name_in_passing():
    place = locate("Damascus denied that a strike hit a market in Saraqib.", "strike")
    assert place.name == "Saraqib"


@pytest.mark.parametrize("text", ["Jets pounded Syria's Hama on Monday.", "Jets pounded Syrias Hama on Monday."])
def test_places_place_after_a_country_possessive_is_cued(text):
    assert [m.cued for m in places.article_places(article(text)).mentions if m.key == "hama"] == [True]


@pytest.mark.parametrize("text", ["Jets struck militants in Aleppo, Idlib and Hama provinces on Monday.",
                                  "Jets struck militants in Aleppo and Hama provinces on Monday."])
def test_places_names_listed_before_a_plural_unit_word_are_units(text):
    place = locate(text, "struck")
    assert (place.admin1, place.precision) == ("Aleppo", "region")


def test_places_town_named_by_its_landmark_is_read_near_it():
    doc = article("Rebels and troops fought in Malah north of Aleppo on Monday. Troops later shelled positions "
                  "around Malah.")
    for trigger in ("fought", "shelled"):
        place = places.locate(doc, mention(doc, trigger))
        assert (place.admin1, place.mention) == ("Aleppo", "Malah")


def test_places_foreign_capital_read_as_a_region_still_stands_for_its_government():
    place = locate("Jets struck a base in Idlib province, Syria, the United States said. Washington blamed the "
                   "regime for the gas attack.", "gas attack")
    assert (place.country, place.admin1) == ("SY", "Idlib")


@pytest.mark.parametrize("text", ["Russia defended its Damascus ally after the strike on Monday.",
                                  "The Kabul government condemned the strike on Monday."])
def test_places_town_standing_for_a_government_is_not_a_place(text):
    assert not any(m.key in ("damascus", "kabul") for m in places.article_places(article(text)).mentions)


def test_places_byline_place_is_not_the_event_place():
    text = ("Tribal clashes in the highlands\nBy Jane Doe in Port Moresby\n"
            "Tribal fighters shot six men dead on Friday. The clan feud has raged in Jiwaka province for months.")
    place = locate(text, "shot")
    assert (place.name, place.precision, place.country) == ("Jiwaka", "region", "PG")


@pytest.mark.parametrize(("text", "admin1"), [
    ("Soldiers burned houses in Kachia in Borno State on Monday.", "Borno"),  # Kachia's only reading is in Kaduna
    ("Gunmen killed five farmers in Ugbokolo Tse, Benue State, on Monday.", "Benue"),  # a town the gazetteer lacks
])
def test_places_town_read_outside_its_named_region_falls_back_to_the_region(text, admin1):
    place = locate(text, "Soldiers" if text.startswith("Soldiers") else "killed")
    assert (place.admin1, place.precision, place.country) == (admin1, "region", "NG")


@pytest.mark.parametrize(("text", "name", "precision"), [
    # the towns the gazetteer has only in another state: the state they are said to lie in stands for them
    ("Herdsmen killed five farmers in an attack on Ikire and Apomu communities, all in Kogi State.", "Kogi", "region"),
    ("Herdsmen killed five farmers in Ikire community, Oja ward and Apomu, both in Kogi State.", "Kogi", "region"),
    # a town that does lie there stays the town
    ("Gunmen killed three traders in Omu-Aran and Oro communities in Kwara State.", "Omu-Aran", "city"),
])
def test_places_towns_listed_before_the_state_they_lie_in(text, name, precision):
    assert located(text, "killed", "name", "precision", "country") == (name, precision, "NG")


@pytest.mark.parametrize(("text", "name", "admin1", "precision"), [
    # the village's namesakes lie in other regions; the district the gazetteer lacks lies in the region named after it
    ("A shell killed two farmers in the village of Pryshyb, Zelenyi Klyn district, Kharkiv region, on Monday.",
     "Kharkiv", "Kharkiv", "region"),
    # the only Selets lies far from the town it is said to be near: the town stands for it
    ("Shelling killed a woman in the village of Selets, near Narodychi, last week.", "Narodychi", "Zhytomyr", "city"),
    # a village that does lie near its landmark stays the village
    ("Shelling killed a woman in Ozerne, near Zhytomyr, last week.", "Ozerne", "Zhytomyr", "city"),
])
def test_places_village_read_far_from_the_units_and_landmarks_named_beside_it(text, name, admin1, precision):
    assert located(text, "killed", "name", "admin1", "precision") == (name, admin1, precision)


def test_places_towns_listed_before_an_area_of_the_state_they_lie_in():
    text = "Herdsmen killed five farmers in Ikire community, Oja ward and Apomu in Dekina Local Government Area of " \
           "Kogi State."
    place = locate(text, "killed")
    assert (place.admin1, place.country) == ("Kogi", "NG")  # the state, or the area's town in it


def test_places_listing_stops_at_a_clause_that_is_no_list():
    text = "Herdsmen killed five farmers in Ikire on Sunday before troops arrived in Kogi State."
    assert locate(text, "killed").name == "Ikire"


def test_places_unknown_neighbourhood_without_its_city_is_no_town_elsewhere():
    place = locate("Gunmen shot dead two men in the Zamora neighborhood on Sunday.", "shot")
    assert (place.name, place.precision, place.mention) == ("Mexico", "country", "Zamora neighborhood")


def test_places_neighbourhoods_of_a_city_name_the_city():
    place = locate("Rockets hit the central neighbourhoods of Damascus on Sunday, killing four.", "hit")
    assert (place.name, place.precision) == ("Damascus", "city")


@pytest.mark.parametrize(("text", "trigger", "name"), [
    # where the victim came from is not where the event happened, however near the trigger it is named
    ("A trader from Kano was shot dead by gunmen in Maiduguri on Monday.", "shot", "Maiduguri"),
    ("Two workers from Homs were killed by a roadside bomb in Raqqa, activists said.", "killed", "Ar Raqqah"),
    # a place named only after "from" is still the event's place
    ("Government troops withdrew from Kidal on Monday.", "withdrew", "Kidal"),
])
def test_places_where_someone_comes_from_gives_way_to_where_it_happened(text, trigger, name):
    assert located(text, trigger, "name") == (name,)
