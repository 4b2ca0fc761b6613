"""Article relevance: conflict reports score high, ordinary news low, whatever the case of the letters."""

from __future__ import annotations

import pytest

from strife.relevance import FULL_AT, features, relevance, weight

CONFLICT = ("Government troops and rebel fighters clashed near the northern town of Ardella on Tuesday, and an air "
            "strike on a nearby village killed seven civilians, including two children, a local official said. "
            "The army said its forces had shelled militant positions in the hills after the fighters attacked a "
            "checkpoint, wounding three soldiers.")
SPORT = ("The visitors battled back from two goals down to win the cup tie, and their striker fired a late "
         "winner past the keeper. The coach said his players had shown great character in the second half and "
         "the fans would remember the game for years.")
MARKET = ("Shares in the airline rallied on Wednesday after the company reported record profits for the year, "
          "and the dollar gained against the euro as investors bet on further growth in the market.")
FILM = ("The director's new film, a war drama starring two of the best actors of their generation, opened to "
        "warm reviews, and critics praised its music and the lead's performance as the best of the year.")


@pytest.mark.parametrize("text", [SPORT, MARKET, FILM])
def test_relevance_is_low_for_ordinary_news(text):
    assert relevance(text) < FULL_AT / 2  # too low for any event to pass merge's floor


def test_relevance_is_high_for_a_conflict_report():
    assert relevance(CONFLICT) > 0.8


@pytest.mark.parametrize("text", [CONFLICT, SPORT])
def test_relevance_ignores_case_digits_and_names(text):
    assert relevance(text.lower()) == relevance(text) == relevance(text.upper())
    as_syria, as_norway = (text.replace("Ardella", name).replace("two", "2") for name in ("Syria", "Norway"))
    assert relevance(as_syria) == relevance(as_norway) == relevance(text.replace("two", "2"))


def test_features_drop_function_words_and_digits():
    assert features("The 3 gunmen fired at the police") == {"gunmen", "fired", "police", "gunmen fired",
                                                            "fired police"}


def test_weight_scales_confidence_below_full_relevance():
    assert weight(None) == weight(FULL_AT) == weight(0.99) == 1.0
    assert weight(FULL_AT / 4) == pytest.approx(0.25)
