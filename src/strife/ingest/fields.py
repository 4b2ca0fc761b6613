"""An input's fields made safe before any stage reads them: text without lone surrogates, and a publication
day that is a real, plausible date (or none, with the reason).

A lone surrogate (``"\\ud800"`` in a JSON string, common in scraped data) cannot be encoded, so it would break
the first write of the text; it is replaced by U+FFFD, one character for one, so no offset moves. A
publication date that is not a day (``2016-13-45``, ``yesterday``, ``1e12``) or lies outside
``PLAUSIBLE_YEARS`` (where "on Saturday" could not be resolved without leaving the calendar) is not used.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Mapping

log = logging.getLogger(__name__)

REPLACEMENT = "\ufffd"
LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # a str decoded from JSON holds pairs as one character
PLAUSIBLE_YEARS = range(1800, 3000)


def without_surrogates(text: str) -> tuple[str, int]:
    """The text with each lone surrogate replaced by U+FFFD, and how many there were."""
    return LONE_SURROGATE.subn(REPLACEMENT, text)


def repaired_strings(values: Mapping, keys: Iterable[str], origin: str) -> dict:
    """``values`` with lone surrogates replaced in its strings under ``keys``; one warning line gives the count."""
    repaired, count = dict(values), 0
    for key in keys:
        if isinstance(repaired.get(key), str):
            repaired[key], found = without_surrogates(repaired[key])
            count += found
    if count:
        log.warning("%s: %d lone surrogate%s (invalid Unicode) replaced by U+FFFD", origin, count,
                    "" if count == 1 else "s")
    return repaired


def checked_published(value: object, origin: str) -> str | None:
    """The publication day of an input's ``published``; an unusable one is left out with one warning line."""
    day, problem = publication_day(value)
    if problem:
        log.warning("%s: %s; read without a publication date", origin, problem)
    return day


def publication_day(value: object) -> tuple[str | None, str | None]:
    """``(YYYY-MM-DD, None)`` for a date, a date-time or an ISO string starting with a day; ``(None, None)`` for
    no value; ``(None, problem)`` for a value that is not a plausible publication day."""
    if value is None or value == "":
        return None, None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        day = _iso_day(value.strip())
        if day is None:
            return None, f"published {value!r} is not a date like 2024-03-07"
    else:
        return None, f"published {value!r} is not a date like 2024-03-07 (a {type(value).__name__})"
    if day.year not in PLAUSIBLE_YEARS:
        return None, (f"published {day.isoformat()} is not a plausible publication date "
                      f"(years {PLAUSIBLE_YEARS.start}-{PLAUSIBLE_YEARS.stop - 1})")
    return day.isoformat(), None


def _iso_day(text: str) -> dt.date | None:
    """The day an ISO date or date-time string starts with ("2023-03-14", "2023-03-14T08:00:00Z")."""
    if len(text) < 10 or (len(text) > 10 and text[10] not in "T "):
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None
