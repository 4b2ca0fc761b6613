"""Incident merging rules on hand-built members: the gates, the evidence, the merged record."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from strife.incidents import (
    IncidentRules,
    Member,
    best_incident,
    date_window,
    lower_median,
    match_incident,
    match_pair,
    merged_tolls,
    summarise,
)

RULES = IncidentRules.from_settings()
D = dt.date.fromisoformat

BASE = Member(event_id="a#1", article_id="a", event_type="Explosions/Remote violence",
              sub_event_type="Air/drone strike", date=D("2024-05-04"), date_precision="day",
              published=D("2024-05-05"), source="Outlet A", country="SY", admin1="Harbour",
              place_name="Northport", lat=35.0, lon=36.0, geo_precision="city",
              actor1="Military Forces of Syria", actor1_type="State forces", fatalities_best=10)


def other(**changes) -> Member:
    return replace(BASE, **{"event_id": "b#1", "article_id": "b", "source": "Outlet B", **changes})


@pytest.mark.parametrize(("changes", "merges"), [
    ({}, True),
    ({"date": D("2024-05-05")}, True),  # a day apart: overnight, time zones
    ({"date": D("2024-05-06")}, False),  # two days apart: another day's strike
    ({"date": D("2024-05-08"), "date_precision": "week"}, True),  # "last week"
    ({"date": None, "date_precision": "unknown", "published": D("2024-05-06")}, True),
    ({"date": None, "date_precision": "unknown", "published": D("2024-05-20")}, False),
    ({"sub_event_type": "Shelling/artillery/missile attack"}, True),  # outlets confuse these
    ({"sub_event_type": "Shelling/artillery/missile attack", "actor1": "Islamic State",
      "actor1_type": "Rebel group", "fatalities_best": 3}, False),  # rockets by one side, air strikes by the other
    ({"sub_event_type": "Armed clash", "event_type": "Battles"}, False),
    ({"sub_event_type": None}, True),
    ({"lat": 35.05, "lon": 36.05, "place_name": "Eastmill"}, True),  # 7 km
    ({"lat": 36.5, "lon": 38.0, "place_name": "Farvale", "admin1": "Uplands"}, False),
    ({"place_name": "Harbour", "geo_precision": "region", "lat": 35.3, "lon": 36.6}, True),  # same admin-1
    ({"place_name": "Uplands", "admin1": "Uplands", "geo_precision": "region"}, False),
    ({"country": "IQ"}, False),
    ({"article_id": "a"}, False),  # two events of one article are never one incident here
    ({"actor1": "Military Forces of Russia"}, True),  # same type: outlets attribute air strikes differently
    ({"actor1": "Islamic State", "actor1_type": "Rebel group"}, True),  # the same town outweighs it
    ({"actor1": "Islamic State", "actor1_type": "Rebel group", "geo_precision": "region"}, False),
    ({"actor1": "Unidentified Armed Group (Syria)", "actor1_type": "Rebel group"}, True),
])
def test_incidents_match_pair_gates(changes, merges):
    assert (match_incident(other(**changes), [BASE], RULES) is not None) is merges


def test_incidents_type_and_date_alone_never_merge():
    vague = dict(country=None, admin1=None, place_name=None, lat=None, lon=None, geo_precision="unknown",
                 actor1=None, actor1_type=None, fatalities_best=None)
    a, b = replace(BASE, **vague), other(**vague)
    assert match_pair(b, a, RULES).score == 0
    assert match_incident(b, [a], RULES) is None


def test_incidents_country_only_needs_another_clue():
    b = other(place_name=None, lat=None, lon=None, admin1=None, geo_precision="country", actor1=None,
              fatalities_best=None)
    assert match_incident(b, [BASE], RULES) is None
    assert match_incident(replace(b, actor1=BASE.actor1), [BASE], RULES) is not None


def test_incidents_battle_sides_are_unordered():
    a = replace(BASE, event_type="Battles", sub_event_type="Armed clash", actor2="Islamic State",
                actor2_type="Rebel group")
    b = other(event_type="Battles", sub_event_type="Armed clash", actor1="Islamic State",
              actor1_type="Rebel group", actor2=BASE.actor1, actor2_type="State forces")
    match = match_incident(b, [a], RULES)
    assert match is not None and "same actors" in match.reasons


def test_incidents_complete_linkage_blocks_chains():
    near_east = other(lat=35.0, lon=36.25, place_name="Midtown")  # 23 km from BASE: fits
    farther = replace(near_east, event_id="c#1", article_id="c", lon=36.5, place_name="Eastend")  # 46 km
    assert match_incident(farther, [near_east], RULES) is not None
    assert match_incident(farther, [BASE, near_east], RULES) is None


def test_incidents_kept_apart_events_do_not_rejoin():
    assert match_incident(other(), [BASE], RULES, kept_apart=frozenset({"a#1"})) is None


def test_incidents_best_incident_prefers_the_higher_score():
    vague = replace(BASE, event_id="v#1", article_id="v", place_name=None, lat=None, lon=None,
                    geo_precision="country", admin1=None)
    found = best_incident(other(), {1: [vague], 2: [BASE]}, RULES)
    assert found is not None and found[0] == 2


@pytest.mark.parametrize(("values", "expected"), [([], None), ([7], 7), ([9, 4], 4), ([3, 50, 10], 10),
                                                  ([1, 2, 3, 4], 2)])
def test_incidents_lower_median(values, expected):
    assert lower_median(values) == expected


@pytest.mark.parametrize(("tolls", "expected"), [
    ([(12, None, None), (15, None, None)], (12, 12, 15)),  # two reports: the lower, as the guide says
    ([(12, None, None), (15, None, None), (90, None, None)], (15, 12, 90)),  # an outlier does not move best
    ([(None, None, 30), (20, 20, 25)], (20, 20, 30)),  # "up to 30" only widens high
    ([(None, None, None), (None, None, None)], (None, None, None)),
    ([(0, None, None), (3, None, None)], (0, 0, 3)),
])
def test_incidents_merged_tolls(tolls, expected):
    members = [replace(BASE, event_id=f"{i}", article_id=f"{i}", fatalities_best=b, fatalities_low=lo,
                       fatalities_high=hi) for i, (b, lo, hi) in enumerate(tolls)]
    assert merged_tolls(members) == expected


def test_incidents_one_inflated_figure_does_not_move_best():
    third = replace(other(), event_id="c", article_id="c", fatalities_best=90)
    members = [BASE, other(fatalities_best=12), third]
    assert merged_tolls(members) == (12, 10, 90)


def test_incidents_summary_counts_sources_and_report_dates():
    members = [BASE, other(date=D("2024-05-03"), published=D("2024-05-07")),
               replace(other(), event_id="c#1", article_id="c", source="outlet a")]
    s = summarise(members, RULES)
    assert (s.n_events, s.n_articles, s.n_sources) == (3, 3, 2)
    assert (s.first_reported, s.last_reported) == (D("2024-05-05"), D("2024-05-07"))
    assert s.date == D("2024-05-04") and (s.date_first, s.date_last) == (D("2024-05-03"), D("2024-05-04"))
    assert (s.window_start, s.window_end) == (D("2024-05-03"), D("2024-05-04"))


def test_incidents_summary_takes_the_finest_place_and_known_actor():
    vague = other(place_name="Harbour", geo_precision="region", actor1="Unidentified Armed Group (Syria)")
    s = summarise([vague, replace(BASE, actor1="Military Forces of Syria")], RULES)
    assert (s.place_name, s.geo_precision) == ("Northport", "city")
    assert s.actor1 == "Military Forces of Syria"


@pytest.mark.parametrize(("precision", "days"), [("day", 1), ("week", 7), ("month", 31)])
def test_incidents_date_window_widens_with_precision(precision, days):
    lo, hi = date_window(replace(BASE, date_precision=precision), RULES)
    assert (hi - lo).days + 1 == days
