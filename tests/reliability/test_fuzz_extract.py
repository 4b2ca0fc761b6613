"""A property fuzz of ``strife.extract``: generated conflict reports, mangled with the characters scraped text
brings (odd spaces and line ends, combining marks, lone surrogates, control characters, other scripts), never
crash it and never break an invariant: every evidence span is exactly the clean text at its offsets, tolls
have low <= best <= high, a date range does not end before it starts, and every record meets the schema.

Seeded: ``make test`` runs ``FUZZ_EXAMPLES`` texts (default 100); ``make fuzz`` runs 10,000 and
prints the count and the time. ``STRIFE_FUZZ_SEED`` picks another seed.
"""

from __future__ import annotations

import datetime as dt
import os
import time

import jsonschema
import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

import strife
from strife.clean import normalise
from strife.errors import InputError
from strife.ingest.fields import without_surrogates
from support import PACKAGE_SCHEMA

pytestmark = pytest.mark.model

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))
SEED = int(os.environ.get("STRIFE_FUZZ_SEED", "20240307"))
VALIDATOR = jsonschema.Draft202012Validator(PACKAGE_SCHEMA)
TALLY = {"texts": 0, "events": 0, "refused": 0}

ACTORS = ["Gunmen", "Soldiers", "Rebel fighters", "Police", "Protesters", "Militants", "An air strike",
          "Government warplanes", "Suspected jihadists", "Unidentified attackers", "Troops and rebels"]
ACTIONS = ["killed", "shot dead", "wounded", "abducted", "arrested", "clashed with", "attacked", "shelled",
           "marched against", "bombed", "fought", "kidnapped"]
VICTIMS = ["villagers", "civilians", "soldiers", "students", "police officers", "farmers", "people",
           "demonstrators", "fighters"]
PLACES = ["Kawuri", "Maiduguri", "Aleppo", "Idlib province", "Goma", "North Kivu", "Douentza", "Kabul",
          "Mogadishu", "the capital", "a village near the border", "Nairobi", "Donetsk", "Tripoli"]
WHEN = ["on Saturday", "on Monday night", "last week", "on 3 March", "on 31 February", "in 2016",
        "yesterday", "earlier this month", "on March 14, 2023", "two days ago", ""]
SOURCES = ["police said", "the army said", "a monitor said", "witnesses told reporters", "officials claimed",
           "residents said", ""]
NOISE = ["\u00a0", "\r\n", "\u2028", "\t", "\u200b", "\ufeff", "\u0301", "\ud800", "\udfff", "\x00", "\x85",
         "  ", "\n\n", "é", "ß", "—", "“", "”", "…", "\u202e", "١٢", "пять", "十", "🙂"]
NUMBERS = st.one_of(st.integers(0, 120).map(str), st.sampled_from(
    ["at least 14", "dozens of", "between 5 and 3", "more than 1,000", "99999999999999999999", "two", "a dozen",
     "some 40", "0", "-5", "12-15", "hundreds of"]))


@st.composite
def sentence(draw) -> str:
    parts = [draw(st.sampled_from(ACTORS)), draw(st.sampled_from(ACTIONS)), draw(NUMBERS),
             draw(st.sampled_from(VICTIMS)), "in", draw(st.sampled_from(PLACES)), draw(st.sampled_from(WHEN))]
    text = " ".join(p for p in parts if p)
    source = draw(st.sampled_from(SOURCES))
    return f"{text}, {source}." if source else f"{text}."


@st.composite
def mangled(draw, text: str) -> str:
    """The text with noise inserted at drawn places."""
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.one_of(st.sampled_from(NOISE), st.text(max_size=8))) + text[at:]
    return text


@st.composite
def article(draw) -> str:
    sentences = draw(st.lists(sentence(), min_size=0, max_size=6))
    headline = draw(st.sampled_from(["", "BREAKING: ", "Caption: ", "Photo: AFP\n"]))
    text = headline + draw(st.sampled_from([" ", "\n", "\n\n"])).join(sentences)
    return draw(mangled(text))


PUBLISHED = st.one_of(st.none(), st.dates(dt.date(1800, 1, 1), dt.date(2999, 12, 31)),
                      st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)).map(dt.date.isoformat),
                      st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2030, 1, 1)))


def check_invariants(text: str, events) -> None:
    clean_text = normalise(without_surrogates(text)[0])
    for event in events:
        record = event.to_dict()
        VALIDATOR.validate(record)
        for span in record["evidence"]:
            assert 0 <= span["start"] <= span["end"] <= len(clean_text), span
            assert clean_text[span["start"]:span["end"]] == span["text"], span
        for toll in (record["fatalities"], record["injured"]):
            values = [toll[k] for k in ("low", "best", "high")] if toll else []
            if toll and None not in values:
                assert 0 <= values[0] <= values[1] <= values[2], toll
        if record["date"] and record["date_end"]:
            assert record["date"] <= record["date_end"], record


@seed(SEED)
@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=article(), published=PUBLISHED)
def test_extract_never_crashes_and_keeps_its_invariants(text, published):
    TALLY["texts"] += 1
    try:
        events = strife.extract(text, published=published, source="fuzz")
    except InputError:  # empty, or not English after the noise: a refusal is an answer, not a crash
        TALLY["refused"] += 1
        return
    TALLY["events"] += len(events)
    check_invariants(text, events)


@pytest.fixture(scope="module", autouse=True)
def report_the_count():
    started = time.monotonic()
    yield
    print(f"\nfuzz: {TALLY['texts']} generated texts through strife.extract, {TALLY['events']} events, "
          f"{TALLY['refused']} refused as input (InputError), seed {SEED}, "
          f"{time.monotonic() - started:.0f} s")
