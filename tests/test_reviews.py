"""Reviews as data: what an analyst says of an event sticks (store, log, queries, new versions of an article)."""

from __future__ import annotations

import json

import pytest

from store_helpers import clean_text, event, report, result
from strife.cli import main
from strife.errors import StrifeError, UsageError
from strife.reviews import apply, parse_assignment, parse_assignments
from strife.store import Filters, Store

STRIKE = "Warplanes struck a market in Northport on Saturday, killing 12 people."
STRIKE_B = "An air raid hit Northport's market, leaving 15 dead, a monitor said."
RAID = "Jets bombed a bakery in Farvale on Saturday, killing four."


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "r.db") as s:
        s.ingest([report("a1", STRIKE, killed=12), report("b1", STRIKE_B, source="Outlet B", killed=15),
                  report("c1", RAID, place="Farvale", killed=4)])
        yield s


# --- reading FIELD=VALUE ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("fatalities.best=7", ("fatalities.best", 7)),
    ("sub_event_type=armed clash", ("sub_event_type", "Armed clash")),
    ("date=2024-03-08", ("date", "2024-03-08")),
    ("actor2.type=Civilians", ("actor2.type", "Civilians")),
    ("civilian_targeting=yes", ("civilian_targeting", True)),
    ("location=35.5,36.25", ("location", {"lat": 35.5, "lon": 36.25})),
    ("plover_type=assault", ("plover_type", "ASSAULT")),
])
def test_reviews_read_a_field_and_its_value(text, expected):
    assert parse_assignment(text) == expected


@pytest.mark.parametrize(("text", "reason"), [
    ("killed=7", "FIELD one of"),
    ("fatalities.best=seven", "whole number"),
    ("fatalities.best=-2", "whole number"),
    ("date=2024-13-40", "YYYY-MM-DD"),
    ("sub_event_type=Bombing", "choose one of"),
    ("location=95,10", "latitude"),
    ("date_precision", "FIELD=VALUE"),
])
def test_reviews_refuse_a_bad_field_or_value_in_one_line(text, reason):
    with pytest.raises(UsageError, match=reason) as err:
        parse_assignment(text)
    assert "\n" not in str(err.value)


def test_reviews_refuse_a_toll_out_of_order():
    with pytest.raises(UsageError, match="low <= best <= high"):
        parse_assignments(["fatalities.best=3", "fatalities.low=5"])


def test_reviews_apply_keeps_the_record_consistent():
    record = {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
              "date": "2024-03-09", "date_end": "2024-03-10", "location": {"name": "Northport", "lat": 35.0,
                                                                          "lon": 36.0, "gazetteer_id": "g1"},
              "fatalities": {"best": 12, "low": 10, "high": 15, "mention": "12"}, "actor2": None}
    out = apply(record, {"sub_event_type": "Armed clash", "date": "2024-03-12", "fatalities.best": 20,
                         "actor2.name": "Civilians (Syria)", "location": {"lat": 35.5, "lon": 36.5}})
    assert out["event_type"] == "Battles" and out["date_end"] is None
    assert (out["fatalities"]["low"], out["fatalities"]["best"], out["fatalities"]["high"]) == (10, 20, 20)
    assert out["actor2"]["name"] == "Civilians (Syria)"
    assert out["location"] == {"name": "Northport", "lat": 35.5, "lon": 36.5, "gazetteer_id": None}
    assert record["fatalities"]["best"] == 12  # the input is left as it was


# --- the store ----------------------------------------------------------------------------------------------

def test_reviews_a_correction_sticks_and_is_logged(store):
    corrected = store.review("a1#0", "corrected", {"fatalities.best": 7}, note="hospital count", by="ana")
    assert corrected["fatalities"]["best"] == 7 and corrected["review_status"] == "corrected"
    assert store.event("a1#0")["fatalities"]["best"] == 7
    [entry] = store.review_log(event_id="a1#0")
    assert (entry["by"], entry["action"], entry["status"], entry["note"]) == ("ana", "review", "corrected",
                                                                              "hospital count")
    assert entry["changes"] == {"fatalities.best": [12, 7]} and entry["at"]
    incident = store.incident(corrected["incident_id"])
    assert incident["fatalities_low"] == 7 and incident["review_status"] == "unreviewed"  # b1 not reviewed


def test_reviews_rejected_events_are_hidden_unless_asked(store):
    store.review("c1#0", "rejected", by="ana")
    assert {e["id"] for e in store.events()} == {"a1#0", "b1#0"}
    assert store.count_events() == 2
    assert {e["id"] for e in store.events(Filters(include_rejected=True))} == {"a1#0", "b1#0", "c1#0"}
    incident = store.event("c1#0")["incident_id"]
    assert store.incident(incident)["review_status"] == "rejected"
    assert incident not in {i["id"] for i in store.incidents()}
    assert incident in {i["id"] for i in store.incidents(Filters(include_rejected=True))}


def test_reviews_a_rejected_member_no_longer_counts_in_its_incident(store):
    incident = store.event("a1#0")["incident_id"]
    assert store.incident(incident)["n_articles"] == 2
    store.review("b1#0", "rejected")
    assert store.incident(incident)["n_articles"] == 1 and store.incident(incident)["fatalities_high"] == 12
    store.review("a1#0", "confirmed")
    assert store.incident(incident)["review_status"] == "confirmed"


def test_reviews_refuse_what_makes_no_sense(store):
    with pytest.raises(StrifeError, match="no event"):
        store.review("zz#9", "confirmed")
    with pytest.raises(UsageError, match="status corrected"):
        store.review("a1#0", "confirmed", {"fatalities.best": 3})
    with pytest.raises(UsageError, match="status corrected"):
        store.review("a1#0", "corrected")
    assert store.review_log() == []


def new_version(article_id: str, text: str, **fields):
    """The article again, its text changed (a correction by the outlet), its one event coded as given."""
    clean = clean_text(article_id, text)
    return result(clean, event(clean, **fields))


def test_reviews_survive_a_new_version_of_the_article(store):
    store.review("a1#0", "corrected", {"fatalities.best": 7})
    store.review("c1#0", "rejected")
    store.ingest([new_version("a1", STRIKE + " Updated.", killed=13),
                  new_version("c1", RAID + " Updated.", place="Farvale", killed=5)])
    assert store.article("a1")["version"] == 2
    assert store.event("a1#0")["fatalities"]["best"] == 7
    assert store.event("a1#0")["review_status"] == "corrected"
    assert store.event("c1#0")["review_status"] == "rejected"
    assert store.unmatched_reviews == []


def test_reviews_follow_an_event_whose_id_changed_by_its_article_type_day_and_place(store):
    store.review("a1#0", "corrected", {"fatalities.best": 7}, by="ana")
    store.ingest([new_version("a1", STRIKE + " Updated.", killed=13, n=4)])
    assert store.event("a1#0") is None
    moved = store.event("a1#4")
    assert moved["fatalities"]["best"] == 7 and moved["review_status"] == "corrected"
    carry = store.review_log(event_id="a1#4")[-1]
    assert carry["action"] == "carry" and carry["event_id"] == "a1#4"
    assert [e["event_id"] for e in store.review_log(event_id="a1#4")] == ["a1#0", "a1#4"]
    store.ingest([new_version("a1", STRIKE + " Updated again.", killed=13, n=4)])
    assert store.event("a1#4")["fatalities"]["best"] == 7 and store.unmatched_reviews == []


def test_reviews_that_match_no_event_are_reported_and_kept(store):
    store.review("a1#0", "confirmed")
    store.ingest([new_version("a1", STRIKE + " Updated.", sub_type="Armed clash", event_type="Battles", n=2)])
    [lost] = store.unmatched_reviews
    assert lost.event_id == "a1#0" and lost.status == "confirmed"
    assert store.review_log(event_id="a1#0")  # still in the log
    assert store.event("a1#2")["review_status"] == "unreviewed"


def test_reviews_log_incident_splits_and_merges(store):
    joined = store.event("a1#0")["incident_id"]
    parts = store.split(joined, by="ana", note="two markets")
    store.merge(parts[0], parts[1], by="bo", note="one market after all")
    split, merge = store.review_log()
    assert (split["action"], split["by"], split["note"], split["incident_id"]) == ("split", "ana", "two markets",
                                                                                   joined)
    assert (merge["action"], merge["by"], merge["other_incident_id"]) == ("merge", "bo", parts[1])


# --- the command line ---------------------------------------------------------------------------------------

@pytest.fixture
def db(store) -> str:
    path = str(store.path)
    store.close()
    return path


def test_cli_review_correct_list_and_show(db, capsys):
    assert main(["review", "a1#0", "--status", "corrected", "--set", "fatalities.best=7", "--note", "MSF count",
                 "--by", "ana", "--db", db]) == 0
    assert main(["review", "c1#0", "--status", "rejected", "--by", "ana", "--db", db]) == 0
    capsys.readouterr()
    assert main(["review", "list", "--status", "corrected", "--format", "jsonl", "--db", db]) == 0
    [entry] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert entry["event_id"] == "a1#0" and entry["changes"] == {"fatalities.best": [12, 7]}
    assert main(["show", "a1#0", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "by ana: review corrected" in out and "fatalities.best: 12 -> 7" in out and "MSF count" in out
    assert main(["events", "--db", db, "--format", "jsonl"]) == 0
    assert {json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()} == {"a1#0", "b1#0"}
    assert main(["events", "--db", db, "--format", "jsonl", "--include-rejected"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["id"]: r["review_status"] for r in rows} == {"a1#0": "corrected", "b1#0": "unreviewed",
                                                           "c1#0": "rejected"}


@pytest.mark.parametrize("argv", [
    ["a1#0", "--status", "corrected", "--set", "toll=7"],
    ["a1#0", "--status", "corrected", "--set", "fatalities.best=many"],
    ["a1#0"],
    ["nope#1", "--status", "confirmed"],
])
def test_cli_review_bad_input_is_one_line(db, capsys, argv):
    assert main(["review", *argv, "--db", db]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("strife: error:") and "Traceback" not in err


def test_cli_review_never_creates_a_database(tmp_path, capsys):
    missing = tmp_path / "typo.db"
    assert main(["review", "a1#0", "--status", "confirmed", "--db", str(missing)]) == 2
    assert not missing.exists()


def test_reviews_incidents_merged_by_hand_stay_merged_when_an_article_changes(store):
    far = store.event("c1#0")["incident_id"]
    near = store.event("a1#0")["incident_id"]
    assert far != near  # Farvale is 240 km from Northport: the machine keeps them apart
    store.merge(near, far, by="ana", note="one raid, misplaced by one outlet")
    store.ingest([new_version("c1", RAID + " Updated.", place="Farvale", killed=4)])
    assert store.event("c1#0")["incident_id"] == store.event("a1#0")["incident_id"]
    store.split(store.event("c1#0")["incident_id"], ["c1#0"])
    store.ingest([new_version("c1", RAID + " Updated again.", place="Farvale", killed=4)])
    assert store.event("c1#0")["incident_id"] != store.event("a1#0")["incident_id"]
