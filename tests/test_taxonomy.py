"""The one taxonomy table: validated at load, and the single place every stage learns a sub-event type from."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources

import pytest

from strife import merge, taxonomy
from strife.code import actors
from strife.code.types import TypedTrigger
from strife.errors import KnowledgeError
from strife.export import acled_event_row
from strife.incidents import Member, types_compatible
from strife.political import categories
from strife.records import Event, EventDate, Place, Toll

SHIPPED = resources.files("strife.data").joinpath("taxonomy.tsv").read_text(encoding="utf-8")
HEADER = next(line for line in SHIPPED.splitlines() if line.startswith("sub_event_type\t"))
# Two invented sub-types of an invented event type, compatible with each other; a test's, not ACLED's.
FAKE_ROWS = [
    "Balloon sighting\tAerial oddities\tTest disorder\tballoon\tMOBILIZE\t\tno\tno\tno\t\tyes\tState forces\t\t"
    "any\tskies\t\tBalloon landing\t10\tno",
    "Balloon landing\tAerial oddities\tTest disorder\tlanding\tMOBILIZE\t\tno\tyes\tno\t\tyes\t\tCivilians\t"
    "\tskies\t\tBalloon sighting\t17\tno",
]


def with_rows(tmp_path, rows: list[str], text: str = SHIPPED) -> taxonomy.Taxonomy:
    path = tmp_path / "taxonomy.tsv"
    path.write_text(text.rstrip("\n") + "\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return taxonomy.load_taxonomy(path)


def test_taxonomy_holds_every_sub_event_type_of_the_schema():
    schema = json.loads(resources.files("strife.data").joinpath("event.schema.json").read_text("utf-8"))
    named = {t for t in schema["properties"]["sub_event_type"]["enum"] if t}
    assert set(taxonomy.taxonomy().sub_types) == named


def test_taxonomy_every_acled_event_has_a_plover_equivalent():
    for name in taxonomy.taxonomy().sub_types:
        plover_type, _ = taxonomy.plover_of(name)
        assert plover_type in {*categories(), taxonomy.OTHER}
    assert taxonomy.plover_of(None) == (None, None)


def test_taxonomy_compatibility_is_symmetric_and_reflexive():
    subs = taxonomy.taxonomy().sub_types
    for a in subs:
        assert taxonomy.compatible(a, a)
        for b in subs:
            assert taxonomy.compatible(a, b) == taxonomy.compatible(b, a)


@pytest.mark.parametrize(("change", "message"), [
    (lambda cells: cells[:6] + ["maybe"] + cells[7:], "lethal must be yes or no"),
    (lambda cells: cells[:4] + ["SHOUT"] + cells[5:], "is not a PLOVER category"),
    (lambda cells: cells[:5] + ["aerial"] + cells[6:], "is not one of MOBILIZE's"),
    (lambda cells: cells[:11] + ["Pirates"] + cells[12:], "is no actor type"),
    (lambda cells: cells[:16] + ["Balloon bursting"] + cells[17:], "is no sub-event type"),
    (lambda cells: cells[:16] + ["Armed clash"] + cells[17:], "but not the other way"),
    (lambda cells: cells[:3], "columns, the header has"),
])
def test_taxonomy_bad_row_names_file_and_line(tmp_path, change, message):
    cells = FAKE_ROWS[0].split("\t")
    bad = "\t".join(change(cells))
    with pytest.raises(KnowledgeError, match=message) as err:
        with_rows(tmp_path, [bad])
    line = SHIPPED.rstrip("\n").count("\n") + 2
    assert f"taxonomy.tsv:{line}:" in str(err.value)


def test_taxonomy_duplicate_key_is_rejected(tmp_path):
    twin = FAKE_ROWS[0].replace("\tballoon\t", "\tclash\t")
    with pytest.raises(KnowledgeError, match="given twice"):
        with_rows(tmp_path, [twin])


def _member(event_id: str, sub: str) -> Member:
    return Member(event_id=event_id, article_id=event_id, event_type="Aerial oddities", sub_event_type=sub,
                  date=dt.date(2024, 5, 4), date_precision="day", published=dt.date(2024, 5, 5), source="X",
                  country="NG", admin1=None, place_name=None, lat=None, lon=None, geo_precision="unknown")


def _event(sub: str) -> Event:
    return Event(id="e", article_id="a", event_type="Aerial oddities", sub_event_type=sub, date=EventDate(),
                 location=Place(), actor1=None, actor2=None, fatalities=Toll(), evidence=())


def test_taxonomy_a_new_row_is_known_to_typing_merging_and_export(tmp_path, monkeypatch):
    table = with_rows(tmp_path, FAKE_ROWS)
    monkeypatch.setattr(taxonomy, "taxonomy", lambda: table)
    # typing: a rule's key gives the type, the type its event type
    assert taxonomy.named("balloon") == "Balloon sighting"
    assert TypedTrigger("Balloon landing", 0, 5, 0.9, ()).event_type == "Aerial oddities"
    # merging: within an article (families) and across articles (compatible pairs)
    assert merge._families(_event("Balloon sighting")) == {"skies"}
    assert types_compatible(_member("a", "Balloon sighting"), _member("b", "Balloon landing"))
    assert not types_compatible(_member("a", "Balloon sighting"), _member("b", "Armed clash"))
    # export: ACLED's disorder type and interaction codes
    row = acled_event_row({"event_type": "Aerial oddities", "sub_event_type": "Balloon landing",
                           "actor1": {"name": "Civilians (Nigeria)", "type": "Civilians"}})
    assert row["disorder_type"] == "Test disorder" and row["interaction"] == 70
    # coding: its attributes
    assert taxonomy.has("Balloon landing", "targets_civilians") and not taxonomy.has("Balloon sighting", "lethal")
    assert taxonomy.plover_of("Balloon sighting") == ("MOBILIZE", None)


def test_taxonomy_every_side_the_actor_coder_names_has_an_actor_type():
    """The actor coder names state forces, civilians and militias by their side; each side is a row."""
    types = taxonomy.taxonomy().actor_types
    for side in (actors.STATE, actors.CIVILIANS, actors.MILITIA):
        assert types[taxonomy.actor_type(side)].side == side
