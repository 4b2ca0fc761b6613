"""The actor knowledge base: validated at load, one source of names and sides for the actor coder and typing."""

from __future__ import annotations

import pytest

from strife import knowledge, pipeline
from strife.code.actors import lookup
from strife.config import load_settings
from strife.errors import KnowledgeError
from strife.records import Article

GOOD = """named:
  - {name: Sky Lions, side: rebel, country: SY, aliases: [Sky Lions Brigade]}
  - {name: Sky Cubs, side: rebel, country: SY, parent: Sky Lions, active: 2019-, aliases: [Cubs of the Sky]}
generic:
  - {name: "Civilians ({country})", type: Civilians, words: [civilians]}
side_words:
  state: [army]
""" + "".join(f"{key}: [word]\n" for key in knowledge.WORD_LISTS)


def load(tmp_path, text: str) -> dict:
    path = tmp_path / "actors.yaml"
    path.write_text(text, encoding="utf-8")
    return knowledge.load_actor_kb(path)


def test_knowledge_good_file_loads(tmp_path):
    assert [e["name"] for e in load(tmp_path, GOOD)["named"]] == ["Sky Lions", "Sky Cubs"]


@pytest.mark.parametrize(("old", "new", "line", "message"), [
    ("side: rebel, country: SY, parent", "country: SY, parent", 3, "'Sky Cubs' has no side"),
    ("Sky Lions, side: rebel", "Sky Lions, side: pirates", 2, "has side 'pirates'"),
    ("country: SY, aliases: [Sky Lions", "country: QQ, aliases: [Sky Lions", 2, "not an ISO 3166"),
    ("parent: Sky Lions", "parent: Sky Tigers", 3, "which is no entry"),
    ("active: 2019-", "active: recently", 3, "write YYYY- or YYYY-YYYY"),
])
def test_knowledge_bad_entry_names_file_and_line(tmp_path, old, new, line, message):
    with pytest.raises(KnowledgeError, match=message) as err:
        load(tmp_path, GOOD.replace(old, new))
    assert f"actors.yaml:{line}:" in str(err.value)


def test_knowledge_every_shipped_group_has_a_side_typing_or_the_coder_knows():
    sides = knowledge.sides()
    for entry in knowledge.actor_kb()["named"]:
        assert sides[entry["side"]].actor_type == lookup(entry["name"]).type or entry.get("becomes")


def test_knowledge_sides_of_named_groups_and_side_words():
    groups, words = knowledge.group_names(), knowledge.side_words()
    assert groups["ahrar al-sham"] == ("nonstate_group", None)
    assert groups["is"] == ("nonstate_group", "IS")
    assert words["army"] == "state"
    assert words["taliban"] == "nonstate"  # a side word too: it tells that an armed side is named


@pytest.mark.parametrize(("name", "expected"), [
    ("Ahrar al-Sham fighters", "Ahrar al-Sham"),
    ("members of Ahrar al-Sham", "Ahrar al-Sham"),
    ("militants of the Islamic State", "Islamic State"),
    ("Boko Haram insurgents", "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"),
])
def test_knowledge_members_of_a_group_are_the_group_without_aliases(name, expected):
    assert lookup(name).name == expected


def _events(text: str):
    article = Article(id="k1", text=text, published="2017-03-08")
    (result,) = pipeline.Pipeline(load_settings()).run([article])
    return result.events


@pytest.mark.model
def test_knowledge_a_named_group_is_a_side_to_typing():
    """A rebel group taking a town from another rebel group is a non-state actor overtaking it; its fighters are
    the group itself."""
    (taken,) = _events("Ahrar al-Sham captured the village of Tell Rifaat from Islamic State militants on Tuesday.")
    assert taken.sub_event_type == "Non-state actor overtakes territory"
    assert (taken.actor1.name, taken.actor1.type) == ("Ahrar al-Sham", "Rebel group")
    (raid,) = _events("Ahrar al-Sham fighters attacked an army post near Idlib on Tuesday, killing three soldiers.")
    assert (raid.actor1.name, raid.actor1.type) == ("Ahrar al-Sham", "Rebel group")


@pytest.mark.parametrize(("row", "message"), [
    ("Ruritanian\t\tdemonym", "has country ''"),
    ("Ruritanian\tQQ\tdemonym", "has country 'QQ'"),
    ("Ruritanian\tSY\tadjective", "kind 'adjective'"),
    ("Syrian\tIQ\tdemonym", "is given again"),
])
def test_knowledge_country_word_without_a_country_names_file_and_line(row, message):
    text = "# countries\nword\tcountry\tkind\nSyrian\tSY\tdemonym\n" + row + "\n"
    with pytest.raises(KnowledgeError, match=message) as err:
        knowledge.parse_countries(text, "countries.tsv")
    assert "countries.tsv:4:" in str(err.value)


def test_knowledge_one_country_table_for_places_and_actors():
    from strife import gazetteer
    from strife.code.actors import country_words

    assert gazetteer.country_words()["Congolese"] == ("CD", "demonym")
    assert country_words().folded[("congolese",)] == "CD"
    assert gazetteer.country_words()["Syrians"] == ("SY", "demonym")  # a people: a hint for places ...
    assert ("syrians",) not in country_words().folded  # ... not a state for actors


# --- word tables ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("row", "message"), [
    ("claimed\tclaim\tmood,gossip", "role 'gossip' is not one of"),
    ("said\tsay\tframe", "'said' is given again \\(line 3\\)"),
    ("Stated\tstate\tframe", "must be written in lower case"),
    ("stated\tstate\tcredits", "plays a lemma's role \\(credits\\) but its lemma is 'state'"),
    ("stated\tframe", "write phrase, lemma, roles"),
])
def test_knowledge_bad_reporting_row_names_file_and_line(row, message):
    text = "# frames\nphrase\tlemma\troles\nsaid\tsay\tdates,frame\n" + row + "\n"
    with pytest.raises(KnowledgeError, match=message) as err:
        knowledge.parse_role_table(text, "reporting.tsv", knowledge.REPORTING_ROLES, lemmas=True)
    assert "reporting.tsv:4:" in str(err.value)


def test_knowledge_every_stage_reads_the_one_reporting_table():
    """Each row's roles are what the stages read: a verb's role changed in reporting.tsv changes it everywhere."""
    from strife import detect, political
    from strife.code import actors, attribution, dates, types

    readers = {
        "dates": lambda p: p in dates.date_words()["reporting"],
        "speech": lambda p: p in dates.date_words()["speech"],
        "mood": lambda p: "report" in detect.context_lexicon().get(p, ()),
        "credits": lambda p: p in political.speech_verbs(),
        "reporter": lambda p: bool(actors.reporter_re().match(f" {p}")),
        "frame": lambda p: bool(attribution.FRAMES[1].search(f"Four died, local residents {p}.")),
        "frame_object": lambda p: bool(attribution.FRAMES[1].search(f"Four died, local residents {p} us.")),
        "inverted": lambda p: bool(attribution.FRAMES[2].search(f"Four died, {p} local residents.")),
        "source_after": lambda p: bool(types.SAID_AFTER.match(f" {p}")),
    }
    assert set(readers) == knowledge.REPORTING_ROLES
    for row in knowledge.word_table(knowledge.REPORTING_FILE):
        for role in row.roles:
            assert readers[role](row.phrase), (row.phrase, role)
    assert not readers["dates"]("says") and not readers["mood"]("cite")  # a role not given is not read


def test_knowledge_bad_period_row_names_file_and_line():
    text = "# periods\nphrase\troles\nthis year\tcumulative,count_after\nso far\tsometimes\n"
    with pytest.raises(KnowledgeError, match="role 'sometimes' is not one of") as err:
        knowledge.parse_role_table(text, "periods.tsv", knowledge.PERIOD_ROLES)
    assert "periods.tsv:4:" in str(err.value)


def test_knowledge_every_stage_reads_the_one_period_table():
    """The detector's totals and the toll coder's cumulative phrases are rows of periods.tsv."""
    from strife import detect
    from strife.code import tolls

    toll_lists = {role: key for key, role in tolls.PERIOD_LISTS.items()}
    assert set(toll_lists) | {"total", "cumulative", "since"} == knowledge.PERIOD_ROLES
    for row in knowledge.word_table(knowledge.PERIODS_FILE):
        for role in row.roles:
            if role in ("total", "cumulative"):
                assert role in detect.context_lexicon()[row.phrase], (row.phrase, role)
            elif role == "since":
                assert detect.SINCE.search(f"since the {row.phrase}"), row.phrase
            else:
                assert tuple(tolls.tokenize_words(row.phrase)) in tolls.lexicon()[toll_lists[role]].all, (row, role)


@pytest.mark.parametrize(("row", "message"), [
    ("mortar\tartillery\t0.8", "weapon 'artillery' is not one of"),
    ("mortar\tshelling\theavy", "weight 'heavy' is not a number from 0 to 1"),
    ("drone\tair\t0.6", "'drone' is given again \\(line 3\\)"),
])
def test_knowledge_bad_weapon_row_names_file_and_line(row, message):
    text = "# weapons\nphrase\tweapon\tweight\ndrone\tair\t0.6\n" + row + "\n"
    with pytest.raises(KnowledgeError, match=message) as err:
        knowledge.parse_weapons(text, "weapons.tsv")
    assert "weapons.tsv:4:" in str(err.value)


def test_knowledge_every_weapon_is_an_event_cue_of_its_weapon():
    from strife import detect

    for weapon in knowledge.weapons():
        cues = detect.find_cues(f"Witnesses saw the {weapon.phrase} yesterday.")
        assert any(c.phrase == weapon.phrase and c.cue == weapon.weapon for c in cues), weapon


def test_knowledge_a_phrase_of_an_unknown_cue_names_file_and_line():
    text = "# cues\nphrase\tcue\tweight\nfought\tclash\t0.6\nbrawled\tbrawl\t0.6\n"
    with pytest.raises(KnowledgeError, match="'brawled' signals cue \\['brawl'\\], no row of cues.tsv") as err:
        knowledge.check_cues(text, "event_cues.tsv")
    assert "event_cues.tsv:4:" in str(err.value)


def test_knowledge_the_cue_table_says_which_cues_are_events():
    from strife.code.types import EVENT_CUES, HARM

    assert {"air", "kill", "protest"} <= EVENT_CUES and not {"civilian", "wound", "state"} & EVENT_CUES
    assert set(HARM) == {"kill", "wound"}
    assert set(knowledge.cue_names("weapon")) == {w.weapon for w in knowledge.weapons()}
