"""Merging one article's events: one incident, one event; different days, places or types stay apart."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from strife.merge import merge_article_events, merged_confidence
from strife.records import Actor, Event, EventDate, Place, Span, Toll

TOWN = Place("Temba", "NG", lat=10.0, lon=8.0, precision="city")
FAR_TOWN = Place("Koro", "NG", lat=12.0, lon=9.5, precision="city")
MONDAY, TUESDAY = dt.date(2024, 5, 6), dt.date(2024, 5, 7)


def event(start: int, sub: str = "Air/drone strike", day: dt.date | None = MONDAY,
          place: Place = TOWN, best: int | None = None, confidence: float = 0.9) -> Event:
    kind = {"Air/drone strike": "Explosions/Remote violence", "Shelling/artillery/missile attack":
            "Explosions/Remote violence", "Armed clash": "Battles"}[sub]
    precision = "day" if day else "unknown"
    toll = Toll(best=best, spans=(Span(start + 5, start + 7, "12", "fatalities"),)) if best else Toll()
    return Event(
        id=f"e{start}", article_id="a", event_type=kind, sub_event_type=sub,
        date=EventDate(day, precision=precision, span=Span(start + 10, start + 16, "Monday")),
        location=replace(place, span=Span(start + 20, start + 25, "Temba")), actor1=None, actor2=None,
        fatalities=toll, evidence=(Span(start, start + 4, "x", "event_type"), *toll.spans),
        confidence=confidence)


def test_merge_same_incident_becomes_one_event_with_all_spans():
    merged = merge_article_events([event(100, day=None, place=Place()), event(200, best=12), event(400)])
    assert len(merged) == 1
    (one,) = merged
    assert {s.start for s in one.evidence} == {100, 200, 205, 400}
    assert one.fatalities.best == 12 and one.date.date == MONDAY and one.location.name == "Temba"
    assert one.confidence > 0.9


def test_merge_keeps_different_days_places_and_types_apart():
    merged = merge_article_events([
        event(100), event(200, day=TUESDAY), event(300, place=FAR_TOWN), event(400, sub="Armed clash"),
    ])
    assert [e.evidence[0].start for e in merged] == [100, 200, 300, 400]


def test_merge_weak_mention_joins_a_related_type():
    weak = event(50, sub="Shelling/artillery/missile attack", confidence=0.5)
    merged = merge_article_events([event(100), weak])
    assert [e.sub_event_type for e in merged] == ["Air/drone strike"]


def test_merge_confidence_grows_with_mentions_but_stays_below_one():
    one, three = [event(0, confidence=0.6)], [event(i, confidence=0.6) for i in range(3)]
    assert merged_confidence(one) < merged_confidence(three) < 1


def vague(start: int, sub: str = "Armed clash", confidence: float = 0.7) -> Event:
    """A mention with neither day nor place of its own (both inherited from far earlier in the text)."""
    e = event(start, sub=sub, confidence=confidence)
    return replace(e, date=replace(e.date, span=Span(0, 6, "Monday")), location=replace(e.location, span=None))


def test_merge_vague_mention_joins_the_event_before_it():
    merged = merge_article_events([event(500), vague(900, sub="Shelling/artillery/missile attack")])
    assert len(merged) == 1 and merged[0].sub_event_type == "Air/drone strike"


def test_merge_vague_only_event_dropped_beside_others():
    merged = merge_article_events([event(500), vague(900)])
    assert [e.sub_event_type for e in merged] == ["Air/drone strike"]
    sure = merge_article_events([event(500), vague(900, confidence=0.9)])
    assert [e.sub_event_type for e in sure] == ["Air/drone strike", "Armed clash"]


def test_merge_night_dates_may_cross_midnight():
    late = replace(event(300, day=TUESDAY), date=EventDate(TUESDAY, precision="day",
                                                        span=Span(310, 319, "overnight")))
    assert len(merge_article_events([event(100), late])) == 1
    assert len(merge_article_events([event(100), event(300, day=TUESDAY)])) == 2


def test_merge_reads_own_facts_in_the_sentence_when_given():
    lede = replace(event(500), sentence=(480, 700))
    inherited = replace(event(900, day=TUESDAY, place=FAR_TOWN), sentence=(880, 1000),
                        date=EventDate(TUESDAY, precision="day", span=Span(510, 516, "Tuesday")))
    inherited = replace(inherited, location=replace(FAR_TOWN, span=Span(520, 524, "Koro")))
    assert len(merge_article_events([lede, inherited])) == 1  # its day and place are the lede's, not its own


def test_merge_headline_facts_are_not_its_own_without_sentences():
    headline = event(5, place=FAR_TOWN)  # the coders read Koro from the dateline after the headline
    assert len(merge_article_events([headline, event(300)])) == 1


def test_merge_undated_mention_at_another_place_stays_apart():
    """A headline that names its own place ("... in Koro") is not the body's strike in Temba, 270 km away,
    though it names no day."""
    headline = replace(event(5, day=None, place=FAR_TOWN), sentence=(0, 60))
    body = replace(event(300), sentence=(280, 400))
    assert len(merge_article_events([headline, body])) == 2
    nearby = replace(event(5, day=None), sentence=(0, 60))
    assert len(merge_article_events([nearby, body])) == 1


def test_merge_region_holds_only_its_own_towns():
    """A province's mention and a town 60 km away in the next province are two incidents; its own town is one."""
    province = Place("Hill Province", "NG", admin1="Hill", lat=10.0, lon=8.0, precision="region")
    own_town = Place("Temba", "NG", admin1="Hill", lat=10.3, lon=8.2, precision="city")
    next_town = Place("Koro", "NG", admin1="Lake", lat=10.5, lon=8.1, precision="city")
    assert len(merge_article_events([event(100, place=province), event(300, place=own_town)])) == 1
    assert len(merge_article_events([event(100, place=province), event(300, place=next_town)])) == 2


def told(start: int, best: int | None, words: str, high: int | None = None) -> Event:
    """A mention whose toll is read from ``words`` ("; " between the figures of a sum)."""
    spans, at = [], start + 5
    for part in words.split("; "):
        spans.append(Span(at, at + len(part), part, "fatalities"))
        at += len(part) + 5
    toll = Toll(best=best, low=best, high=best if high is None else high, spans=tuple(spans))
    return replace(event(start), fatalities=toll, evidence=(Span(start, start + 4, "x", "event_type"), *spans))


@pytest.mark.parametrize(("mentions", "best", "low", "high"), [
    ([(3, "killed", None), (2, "two", None)], 2, 2, 2),  # a default never beats a count, low or high
    ([(3, "killed", None), (5, "five", None)], 5, 5, 5),
    ([(12, "dozens of", None), (8, "eight", None)], 8, 8, 8),
    ([(2, "two", None), (5, "two; three", None)], 5, 5, 5),  # a lower number beside a sum is a sub-group
    ([(3, "three", None), (4, "4", None)], 3, 3, 3),  # a strike's first figure, in words or digits
    ([(3, "killed", None), (1, "murdered", None)], 1, 1, 1),  # one victim said beats the default
    ([(0, "no casualties", None), (3, "killed", None)], 3, 3, 3),
    ([(1, "killed", None), (2, "a; a", None)], 2, 2, 2),  # "a militant and a soldier" beside "he was killed"
])
def test_merge_toll_prefers_a_number_to_a_default(mentions, best, low, high):
    events = [told(100 * (i + 1), b, words, h) for i, (b, words, h) in enumerate(mentions)]
    (one,) = merge_article_events(events)
    chosen = one.fatalities
    assert (chosen.best, chosen.low, chosen.high) == (best, low, high)
    assert chosen.spans


def test_merge_toll_of_a_lethal_event_is_the_figure_told_first():
    """A strike's headline figure beats a later, different one (a sub-group, another incident, a tally) unless
    the later one adds to it."""
    (one,) = merge_article_events([told(100, 12, "12"), told(300, 40, "40; 45", high=45)])
    assert one.fatalities.best == 12
    (summed,) = merge_article_events([told(100, 4, "4"), told(300, 7, "4; 3")])
    assert summed.fatalities.best == 7
    (worded,) = merge_article_events([told(100, 1, "one"), told(300, 87, "87")])  # "One dead in raid on town"
    assert worded.fatalities.best == 1


def test_merge_toll_of_a_crowd_event_is_the_most_told_figure():
    def protest(start: int, best: int, words: str) -> Event:
        return replace(told(start, best, words), event_type="Protests",
                       sub_event_type="Excessive force against protesters")

    (one,) = merge_article_events([protest(100, 60, "60"), protest(300, 2, "2; 2"), protest(500, 2, "2")])
    assert one.fatalities.best == 2
    (digits,) = merge_article_events([protest(100, 3, "three"), protest(300, 4, "4")])
    assert digits.fatalities.best == 4  # a figure in digits before one in words


def test_merge_an_actor_the_text_names_beats_one_the_type_implies():
    """A shelling's default attacker (the state's forces, no span) gives way to the group another mention names."""
    army = Actor("Military Forces of Somalia", "State forces", "SO")
    group = Actor("Al-Shabaab", "Rebel group", "SO", Span(230, 239, "al-Shabab", "actor1"))
    first = replace(event(100, sub="Shelling/artillery/missile attack"), actor1=army)
    second = replace(event(200, sub="Shelling/artillery/missile attack"), actor1=group)
    (merged,) = merge_article_events([first, second])
    assert merged.actor1 == group


def test_merge_the_side_acted_upon_is_never_the_attacker_and_a_battles_is_armed():
    """One mention names the army as attacker, another the army as the side hit: the merged battle keeps the
    army as actor1 and takes the other armed side named (that mention's attacker), not the villagers caught
    in it."""
    army = Actor("Military Forces of Mali", "State forces", "ML", Span(100, 104, "army", "actor1"))
    hit_army = Actor("Military Forces of Mali", "State forces", "ML", Span(205, 213, "soldiers", "actor2"))
    villagers = Actor("Civilians (Mali)", "Civilians", "ML", Span(305, 314, "villagers", "actor2"))
    jihadists = Actor("Rebels (Mali)", "Rebel group", "ML")
    first = replace(event(100, sub="Armed clash"), actor1=army, actor2=villagers)
    second = replace(event(200, sub="Armed clash"), actor1=jihadists, actor2=hit_army)
    (merged,) = merge_article_events([first, second])
    assert merged.actor1 == army and merged.actor2 == jihadists


def test_merge_a_mention_is_where_its_sentence_tells_it_not_where_its_actors_are_named_nearby():
    from strife.merge import first_offset

    told = replace(event(500), sentence=(480, 700))
    group_before = Span(60, 69, "al-Shabab", "actor1")
    victims_before = Span(120, 128, "soldiers", "actor2")
    victims_within = Span(490, 498, "soldiers", "actor2")
    assert first_offset(replace(told, evidence=(*told.evidence, group_before, victims_before))) == 500
    assert first_offset(replace(told, evidence=(*told.evidence, victims_within))) == 490
    assert first_offset(replace(told, evidence=(*told.evidence, victims_before), sentence=None)) == 120


def test_merge_folds_relevance_into_confidence_and_says_what_it_dropped():
    from strife.merge import decide

    sure = merge_article_events([event(100)], relevance=0.9)
    doubtful = merge_article_events([event(100)], relevance=0.3)
    assert sure[0].relevance == 0.9 and doubtful[0].relevance == 0.3
    assert doubtful[0].confidence < sure[0].confidence
    [(group, dropped, rule)] = decide([event(100)], relevance=0.1)
    assert dropped is None and rule == "floor" and len(group) == 1


def test_headline_end_is_a_title_line_only():
    from strife.merge import headline_end

    assert headline_end("Rebels seize border town\n\nRebels seized the town on Monday.") == 24
    assert headline_end("Rebels seized the town on Monday.\nThe army said it would retake it.") == 0
    assert headline_end("One paragraph with no line break at all") == 0
