"""Political events (PLOVER): one text of our own per category, and texts that must give no political event."""

from __future__ import annotations

import pytest

from strife import extract, political
from strife.code import political_actors as pa

pytestmark = pytest.mark.model


def political_of(text: str, published: str = "2024-03-06") -> list[dict]:
    return [e for e in (ev.to_dict() for ev in extract(text, published=published)) if e["event_type"] is None]


def types_of(text: str) -> list[str]:
    return [e["plover_type"] for e in political_of(text)]


@pytest.mark.parametrize(("text", "category"), [
    ("Ghana and Togo agreed on Monday to reopen talks on their maritime border.", "AGREE"),
    ("The Finnish government promised on Monday to build three schools for Malawi.", "AGREE"),
    ("The Chilean foreign minister met his Peruvian counterpart in Lima on Monday.", "CONSULT"),
    ("Norway's prime minister paid a visit to Kenya on Tuesday to discuss trade.", "CONSULT"),
    ("The Brazilian government welcomed the election result in Bolivia on Monday.", "SUPPORT"),
    ("Portugal and Angola signed a treaty on fisheries on Monday.", "SUPPORT"),
    ("The Thai government lifted the curfew in the southern provinces on Monday.", "CONCEDE"),
    ("The Peruvian president apologised on Monday to the families of the miners.", "CONCEDE"),
    ("Spain extradited two suspects to Morocco on Monday under a judicial cooperation deal.", "COOPERATE"),
    ("Japan sent emergency food aid to Nepal on Monday.", "AID"),
    ("Sweden granted asylum to the Belarusian opposition activist on Monday.", "AID"),
    ("The rebels released twelve hostages on Monday, the Colombian army said.", "RETREAT"),
    ("The Malian interior minister resigned on Monday.", "RETREAT"),
    ("The Canadian government urged Iran on Monday to release the detained aid workers.", "REQUEST"),
    ("The opposition party demanded the resignation of the Serbian interior minister on Monday.", "REQUEST"),
    ("The Egyptian foreign ministry condemned the shelling of the refugee camp on Monday.", "ACCUSE"),
    ("Argentina accused Chile on Monday of violating its airspace.", "ACCUSE"),
    ("The Kenyan minister rejected the claims on Monday.", "REJECT"),
    ("The Ukrainian government refused on Monday to hold talks with the separatists.", "REJECT"),
    ("The Iranian defence minister threatened on Monday to close the Strait of Hormuz.", "THREATEN"),
    ("\u201cWe will strike the bases of the enemy,\u201d the Houthi leader said on Monday.", "THREATEN"),
    ("The European Union imposed sanctions on Belarusian officials on Monday.", "SANCTION"),
    ("Lithuania expelled two Russian diplomats on Monday.", "SANCTION"),
    ("Azerbaijan deployed troops along the border with Armenia on Monday.", "MOBILIZE"),
    ("The Guinean government imposed a curfew in Conakry on Monday.", "COERCE"),
])
def test_each_category_from_a_text_of_its_own(text, category):
    assert category in types_of(text)


@pytest.mark.parametrize("text", [
    # verbal cooperation: no political actor; a negated act
    "The football club agreed a new contract with its captain on Monday.",
    "The two chess players met in the final round on Monday.",
    "The Ghanaian minister did not welcome the proposal on Monday.",
    # verbal conflict: a company, a team, a warning that threatens nothing
    "The team rejected the offer from the rival club on Monday.",
    "The company accused its former director of fraud on Monday.",
    "Forecasters warned on Monday that heavy rain would hit the coast.",
    # material cooperation: sports and business senses
    "The coach released two players from the squad on Monday.",
    "The bank sent funds to its branches on Monday.",
    # material conflict: a business boycott and a film's ban
    "Shoppers boycotted the supermarket chain on Monday.",
    "The broadcaster banned the advert on Monday.",
])
def test_not_a_political_event(text):
    assert types_of(text) == []


def test_condemning_names_the_accused_as_recipient():
    event = next(e for e in political_of("Germany condemned Russia on Monday for the attack on the port.")
                 if e["plover_type"] == "ACCUSE")
    assert event["actor1"]["name"] == "Government of Germany"
    assert event["actor2"]["name"] == "Government of Russia"


def test_a_statement_about_an_attack_is_not_the_attack():
    records = [e.to_dict() for e in extract("The Jordanian government condemned the air strike on the village on "
                                            "Monday.", published="2024-03-04")]
    assert [e["plover_type"] for e in records] == ["ACCUSE"]
    assert all(e["event_type"] is None for e in records)


def test_a_request_gets_its_mode_from_what_is_asked():
    event = next(e for e in political_of("The Norwegian government urged Sudan on Monday to release the prisoners."))
    assert (event["plover_type"], event["plover_mode"]) == ("REQUEST", "yield")


def test_a_statement_sits_at_the_actors_seat_with_evidence_for_every_field():
    text = "UNICEF criticised the closure of the schools on Monday."
    event = political_of(text)[0]
    assert event["actor1"]["type"] == "International organisation"
    assert event["location"]["name"].startswith("New York") and event["location"]["precision"] == "country"
    assert event["date"] == "2024-03-04"
    fields = {s["field"] for s in event["evidence"]}
    assert {"plover_type", "actor1", "date"} <= fields
    assert all(text[s["start"]:s["end"]] == s["text"] for s in event["evidence"])


def test_a_surname_after_a_title_keeps_its_actor():
    text = ("Prime Minister Anna Kowalska of Poland arrived in Vilnius on Monday. "
            "Kowalska praised the Lithuanian government for its support.")
    assert "SUPPORT" in types_of(text)


@pytest.mark.parametrize(("text", "category", "country"), [
    ("The Israelis rejected proposed Egyptian changes to the truce plan on Monday, an official said.", "REJECT", "IL"),
    ("Afghans blamed Pakistan on Monday for the shelling of the border villages.", "ACCUSE", "AF"),
])
def test_a_people_named_as_doing_a_political_act_speaks_for_its_country(text, category, country):
    """A people killed is its country's civilians (the actor coder); a people that rejects or blames is its country."""
    event = next(e for e in political_of(text) if e["plover_type"] == category)
    assert (event["actor1"]["type"], event["actor1"]["country"]) == ("Government", country)


def test_the_data_files_are_valid():
    assert set(political.categories()) == {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
        "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
    assert political.senses()["condemn"][0].category == "ACCUSE"
    assert pa.data()["organisations"]


def test_a_bad_mode_is_rejected_with_its_line(monkeypatch):
    monkeypatch.setattr(political, "data_text", lambda name: (
        "phrase\tcategory\tmode\tkind\tframe\tgoverned_by\tobjects\talone\tforms\n"
        "scold\tACCUSE\tloudly\tverb\t-\t-\t-\tyes\t-\n") if name == political.CUES_FILE else
        political.data_text.__wrapped__(name) if hasattr(political.data_text, "__wrapped__") else "")
    political.senses.cache_clear()
    try:
        with pytest.raises(political.PloverDataError, match="plover_cues.tsv:2: 'loudly' is not a mode of ACCUSE"):
            political.senses()
    finally:
        political.senses.cache_clear()


def test_what_a_government_says_another_must_do_is_a_request():
    event = political_of("The Dutch government said on Monday that Ghana must release the detained sailors.")[0]
    assert (event["plover_type"], event["actor1"]["name"], event["actor2"]["name"]) == (
        "REQUEST", "Government of Netherlands", "Government of Ghana")


def test_carrying_on_an_act_is_that_act_not_a_promise():
    assert "AID" in types_of("The World Food Programme said it would expand food deliveries to the camps on Monday.")


def test_a_prediction_of_what_others_will_do_is_no_threat():
    assert types_of("The Chadian minister said on Monday that the rebels would attack the town.") == []


def test_an_official_accused_in_the_passive_is_the_recipient_of_an_unnamed_accuser():
    event = political_of("The former Bolivian interior minister was accused on Monday of taking bribes.")[0]
    assert (event["plover_type"], event["actor1"], event["actor2"]["type"]) == ("ACCUSE", None, "Government")


def test_an_ordinary_person_accused_is_no_political_event():
    assert types_of("A local shopkeeper was accused on Monday of selling fake goods.") == []


def test_announcing_the_withdrawal_of_observers_unless_a_demand_is_met_is_a_threat():
    assert "THREATEN" in types_of("Kenya said on Monday that it will withdraw its observers from Somalia unless "
                                  "the talks resume.")


def test_dismissing_an_appeal_to_disarm_rejects_it():
    event = next(e for e in political_of("The rebels dismissed an appeal from the Malian president on Monday to "
                                         "lay down their arms.") if e["plover_type"] == "REJECT")
    assert event["plover_mode"] == "yield"


def test_a_political_event_carries_its_articles_relevance_folded_into_its_confidence():
    event = political_of("The Egyptian foreign ministry condemned the shelling of the refugee camp on Monday.")[0]
    assert event["relevance"] is not None and 0 < event["confidence"] <= 0.85


def test_what_an_actor_has_to_do_is_not_done():
    assert types_of("The Peruvian parliament has to approve the budget on Monday.") == []


def test_acled_events_are_the_same_whether_or_not_political_events_are_read(monkeypatch):
    text = ("Government troops shelled the town of Kidal on Sunday, killing four civilians, residents said. "
            "The French foreign ministry condemned the shelling on Monday and urged Mali to protect civilians. "
            "The Malian army said on Monday that its soldiers had repelled an attack near Gao.")
    with_political = [e.to_dict() for e in extract(text, published="2024-03-05") if e.event_type]
    monkeypatch.setattr(political, "political_sentences", lambda article: [])
    without = [e.to_dict() for e in extract(text, published="2024-03-05") if e.event_type]
    assert with_political == without and with_political
