"""Dates: the publication anchor, the date expressions of a text, and the day each event happened.

Conventions (coding-guide.md section 5; the choices it leaves open are written here):

- A weekday is the most recent such day on or before the anchor (the anchor itself when it is that weekday);
  "last <weekday>" is the most recent one strictly before it. "late", "early" and a part of the day ("Tuesday
  night") keep the weekday's day. A week after it names the week: "Monday last week", "Friday this week" (the
  most recent Friday when this week's is still ahead).
- "overnight" alone is the night ending on the reference day: the day the sentence's report is dated ("said
  on Wednesday"), else the anchor. The night is coded on the day it began (the evening before), which the
  guide's examples accept and UCDP-style coders choose; "overnight into Tuesday" is Tuesday.
- "yesterday", "today", "N days ago" count from the anchor; "the previous day", "the next day", "N days
  earlier/later" count from the day-precision date mentioned last before them in the body.
- A date without a year is its most recent occurrence on or before the anchor. Numeric dates are read day
  first unless only month first is valid or only it is not in the future. A weekday that disagrees with its
  date gives way to the number when that falls in the week before the anchor, else it wins.
- Periods give the middle of the part of the period meant, never after the anchor: "last week" the middle of
  the previous Monday-Sunday week (precision week), "in the past week" of the seven days up to the anchor
  (its day the last), "this week" of Monday..anchor, "earlier this week" of Monday..the day before the anchor,
  "in recent days" of the four days up to the anchor; "earlier this month" of the 1st..the day before the anchor
  (precision month); "last month" its 15th; "this year" the middle of 1 January..anchor, "last year" 1 July
  (precision year); a weekend its Saturday, up to its Sunday (week).
- A range ("between Monday and Wednesday", "from Monday to Wednesday") and "since <day>" (up to the anchor,
  within a week) give the middle day, ``date_end`` the last day, precision day when it spans one or two days,
  week up to ten, then month. "since" a month, a year or a day more than a week back starts a cumulative count
  and dates no event.
- A date in a photo caption is used only for an event seen in that caption.
- A date tied to a reporting verb ("said on Sunday", "Yesterday, SOHR activists documented") dates a statement:
  it dates an event only when nothing else does. A day still to come ("due to be held on Monday", "will hand
  over the bodies on Wednesday") dates no event, nor does a date that names a street ("November 20 Street").
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache, partial
from importlib import resources

from strife import knowledge
from strife.reading import Reading, reading_of
from strife.records import CleanText, EventDate, Mention, ParsedArticle, Sentence, Span, Token, span_of

ONE_DAY = dt.timedelta(days=1)
DATELINE_LAG = 7  # days a wire dateline may precede the publication date and still date the story
PUBLICATION_LAG = 7  # days a date without a year may fall after the anchor and still be this year's (a late upload)
HISTORY_AFTER = 365  # days before the anchor beyond which a date is history, never an event's day
NEXT_IN_STORY = 2  # sentences after an undated mention that may go on with its story
TOOK_PLACE_WITHIN = 6  # sentences after a mention where "the attack took place on ..." may date it
REPORT_LAG = 3  # days an event may precede the report of it and be dated by the next sentence
REPORT_SUBJECT = 3  # words of a subject between a date and its reporting verb ("Yesterday, SOHR activists reported")
PLAN_REACH = 12  # words before a date where "will", "due to" make it a day to come (unparsed sentences)
PLAN_CHARACTERS = 80  # ... within so many characters of its clause
CLAUSE_PUNCTUATION = re.compile(r"[,;:]")
CLOSING_SOURCE = 4  # words after a bare "said" that name a source closing the sentence ("said the Observatory.")
TIGHT_SUBJECT = 2  # words of a subject between a date inside its clause and "said" ("yesterday he said")
REPORT_DISTANCE = 3  # parse edges added to a date that is tied to a reporting verb
DATELINE_HEAD = 600  # characters at the top of a text where a publication date is looked for
YEAR = r"(?:19|20)\d\d"
NAME_KINDS = ("month", "weekday", "weekday_abbr")  # matched with a capital initial
FINE = ("day", "week")  # precisions that can date an event found in another sentence
EXPLICIT = ("iso", "numeric", "dmy", "mdy", "mdy_glued")  # kinds of match that name a day


@dataclass(frozen=True, slots=True)
class DateExpression:
    """A date expression of the clean text, resolved (``date`` None when it cannot be)."""

    start: int
    end: int
    kind: str  # explicit | weekday | overnight | anchor_day | previous_day | period | range | ago | later
    date: dt.date | None = None
    date_end: dt.date | None = None
    precision: str = "unknown"
    tied: bool = True  # False for a bare "overnight", whose day is the report's
    dates_following: bool = False  # "a day after a gunfight" dates the gunfight that follows, nothing before


# --- word lists -------------------------------------------------------------------------------------------


@cache
def date_words() -> dict[str, dict[str, str]]:
    """``kind -> {phrase: value}`` from ``data/date_words.tsv`` (phrases lower-cased, except names), and the
    reporting verbs of ``reporting.tsv``: "reporting" (form -> lemma) and "speech" (lemma -> "-")."""
    table: dict[str, dict[str, str]] = defaultdict(dict)
    path = resources.files("strife").joinpath("data", "date_words.tsv")
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    for line in lines[1:]:
        kind, phrase, value = line.split("\t")
        table[kind][phrase if kind in NAME_KINDS else phrase.lower()] = value
    table["reporting"] = knowledge.reporting_words("dates")
    table["speech"] = dict.fromkeys(knowledge.reporting_words("speech"), "-")
    return dict(table)


@cache
def calendar_names(kind: str, longest: bool = True) -> tuple[str, ...]:
    """The names of the months or the weekdays (``kind`` "month" or "weekday") in calendar order, one a number of
    ``date_words.tsv``: its longest ("September") or its shortest ("Sep"). Every stage reads its month and weekday
    names here."""
    chosen: dict[int, str] = {}
    for name, number in date_words()[kind].items():
        held = chosen.get(int(number))
        if held is None or (len(name) > len(held) if longest else len(name) < len(held)):
            chosen[int(number)] = name
    return tuple(chosen[n] for n in sorted(chosen))


def _alternation(phrases, names: bool = False) -> str:
    """A regex alternation of ``phrases``, longest first; ``names`` match only Capitalised or UPPER."""
    forms = sorted({f for p in phrases for f in ((p, p.upper()) if names else (p,))}, key=len, reverse=True)
    body = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
    return f"(?-i:{body})" if names else f"(?:{body})"


def _starts(*groups: Iterable[str], digit: bool = False) -> str:
    """A lookahead for the characters the phrases of ``groups`` (or a digit) begin with (case-insensitive):
    most words are passed over before the alternations after it are tried. It only repeats what the pattern
    requires, so the matches stay the same; a group with an empty phrase (which could begin with anything)
    gives none."""
    phrases = [p for g in groups for p in g]
    if not all(phrases):
        return ""
    firsts = {c for p in phrases for c in (p[0], p[0].lower(), p[0].upper())}
    return "(?=[" + "".join(re.escape(c) for c in sorted(firsts)) + (r"\d" if digit else "") + "])"


def _month_number(name: str) -> int:
    months = date_words()["month"]
    return int(months.get(name.rstrip(".").title(), months.get(name.rstrip("."), 0)))


def _weekday_number(name: str) -> int:
    name = name.rstrip(".").title()
    words = date_words()
    return int(words["weekday"].get(name) or words["weekday_abbr"][name])


def _norm(phrase: str) -> str:
    return " ".join(phrase.lower().split())


@cache
def reporting_forms() -> frozenset[str]:
    """Word forms of the reporting verbs: the listed ones and the regular inflections of each lemma."""
    rows = date_words()["reporting"]
    forms = set(rows)
    for lemma in set(rows.values()):
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        forms |= {lemma, lemma + "s", stem + "ed", stem + "ing"}
    return frozenset(forms)


@cache
def speech_past_forms() -> frozenset[str]:
    """The past forms of the verbs of speech ("reported", "said"): after a date they are its subject's verb
    ("Yesterday, activists reported"), where a present form or a noun ("state", "reports") would not be."""
    words = date_words()
    irregular = {form for form, lemma in words["reporting"].items() if lemma in words["speech"] and form != lemma}
    regular = {(lemma[:-1] if lemma.endswith("e") else lemma) + "ed" for lemma in words["speech"]}
    return frozenset(regular | {f for f in irregular if not f.endswith("ing")})


@cache
def patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The expression patterns, ``(kind, regex)``, most specific first (earlier wins a tie)."""
    words = date_words()
    mon = rf"(?P<mon>{_alternation(words['month'], names=True)})(?:\.(?=,?\s*\d))?"
    wd = rf"(?P<wd>{_alternation(words['weekday'], names=True)})"
    wd_or_abbr = rf"(?P<wd>{_alternation([*words['weekday'], *words['weekday_abbr']], names=True)})\.?"
    day = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
    year = rf"(?P<y>{YEAR})(?!\d)"
    day2 = r"(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
    named = rf"(?!\s+{_alternation(words['name_noun'])}\b)"  # "20 November Street" names a street
    dash = _alternation(j for j in words["range_join"] if not j.isalpha())
    joint = rf"(?(pre){_alternation(words['range_join'])}|{dash})"  # words only after "from", "between"
    day_open = _alternation(w for w, v in words["range_open"].items() if v == "days")
    lead = _alternation(words["weekday_lead"])
    part = _alternation(words["daypart"])
    week = _alternation(words["weekday_week"])
    number = _alternation(words["number"])
    phrases = [*words["anchor_day"], *words["previous_day"], *words["period"]]
    months, weekdays = words["month"], [*words["weekday"], *words["weekday_abbr"]]
    # lookaheads: the characters each pattern can begin with
    wd_day, wd_mon = _starts(weekdays, ["the"], digit=True), _starts(weekdays, months)
    open_mon, open_day = _starts(words["range_open"], months), _starts(words["range_open"], ["the"], digit=True)
    count = _starts(words["number"], digit=True)
    table = [
        ("iso", rf"\b(?P<y>{YEAR})-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?!\d)"),
        ("numeric", rf"\b(?P<a>[0-3]?\d)(?P<sep>[/.-])(?P<b>[0-3]?\d)(?P=sep)(?P<y>{YEAR}|\d\d)"
                    r"(?![\d/.-]\d)"),
        ("dmy", rf"\b{wd_day}(?:{wd_or_abbr},?\s+)?(?:the\s+)?{day}\s+(?:of\s+)?{mon}(?:,?\s+{year})?(?!\w){named}"),
        ("mdy", rf"\b{wd_mon}(?:{wd_or_abbr},?\s+)?{mon}\s+{day}(?:,?\s+{year})?{named}"),
        ("day_range", rf"\b{open_mon}(?:(?P<pre>{day_open})\s+)?{mon}\s+{day}\s*{joint}\s*{day2}"
                      rf"(?:,?\s+{year})?"),
        ("day_range", rf"\b{open_day}(?:(?P<pre>{day_open})\s+)?(?:the\s+)?{day}\s*{joint}\s*{day2}\s+"
                      rf"(?:of\s+)?{mon}(?:,?\s+{year})?(?!\w)"),
        ("mdy_glued", rf"\b{_starts(months)}{mon}\s+(?P<d>[0-3]\d)(?P<y>{YEAR})\b"),  # scraped: "Apr 232017"
        ("month_year", rf"\b{_starts(words['month_part'], months)}(?:{_alternation(words['month_part'])}[\s-]+)?"
                       rf"{mon},?\s+(?:of\s+)?{year}"),
        ("month", rf"\b{_starts(words['month_lead'])}{_alternation(words['month_lead'])}[\s-]+{mon}"
                  rf"(?![\s.,]*\d)(?!\w)"),
        ("year", rf"\b{_starts(words['year_lead'])}{_alternation(words['year_lead'])}\s+{year}"
                 rf"(?!\s*[-/]\s*\d)"),
        ("weekday", rf"\b{_starts(words['weekday_lead'], words['weekday'])}(?:(?P<mod>{lead})\s+(?:on\s+)?)?"
                    rf"{wd}(?:['’]?s\b)?(?:\s+(?P<part>{part}))?(?:\s+(?P<week>{week}))?(?!\w)"),  # "Saturday's blast"
        ("ago", rf"\b{count}(?P<n>\d{{1,2}}|{number})\s+(?P<unit>day|week|month)s?\s+ago\b"),
        ("later", rf"\b{count}(?P<n>\d{{1,2}}|{number})\s+days?\s+"
                  rf"(?P<dir>earlier|later|before|after|previously)\b"),
        ("phrase", rf"\b{_starts(phrases)}(?P<phrase>{_alternation(phrases)})(?!\w)"),
        ("overnight", r"\bovernight\b"),
    ]
    return tuple((kind, re.compile(rx, re.I)) for kind, rx in table)


# --- finding --------------------------------------------------------------------------------------------


def find_matches(text: str) -> list[tuple[str, re.Match[str]]]:
    """Every date expression of ``text``, without overlaps: the longest wins, then the most specific; none
    that is page furniture ("2 views today", "Comments today: 3")."""
    found = [(m.start(), -(m.end() - m.start()), rank, kind, m)
             for rank, (kind, rx) in enumerate(patterns()) for m in rx.finditer(text)
             if not _furniture().search(text, max(m.start() - 24, 0), m.start())]
    kept: list[tuple[str, re.Match[str]]] = []
    taken_until = -1
    for start, _, _, kind, m in sorted(found, key=lambda f: f[:3]):
        if start >= taken_until:
            kept.append((kind, m))
            taken_until = m.end()
    return kept


@cache
def _furniture() -> re.Pattern[str]:
    """A page counter's noun right before a date expression ("views" in "2 views today")."""
    return re.compile(rf"\b{_alternation(date_words()['furniture'])}\s*:?\s*$", re.I)


def _explicit_date(m: re.Match[str], kind: str, anchor: dt.date | None, month_first: bool = False) -> dt.date | None:
    """The day an explicit date names; without a year, its most recent occurrence on or before ``anchor``. A
    numeric date both orders can read is read in the outlet's convention (``month_first``: a US outlet's)."""
    g = m.groupdict()
    if kind == "iso":
        return _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
    if kind == "numeric":
        y = int(g["y"]) if len(g["y"]) == 4 else 2000 + int(g["y"])
        a, b = int(g["a"]), int(g["b"])
        day_first, month_first_date = _safe_date(y, b, a), _safe_date(y, a, b)
        slashed = g["sep"] == "/"  # "05.10.2017", "05-10-2017": day first wherever they are written
        orders = (month_first_date, day_first) if month_first and slashed else (day_first, month_first_date)
        options = [d for d in orders if d]
        past = [d for d in options if anchor is None or d <= anchor]
        return (past or options or [None])[0]
    when = _named_date(_month_number(g["mon"]), int(g["d"]), g.get("y"), anchor)
    if when and g.get("wd") and when.weekday() != _weekday_number(g["wd"]) and not g.get("y"):
        return _disagreeing_weekday(when, _weekday_number(g["wd"]), anchor)
    return when


def _disagreeing_weekday(when: dt.date, weekday: int, anchor: dt.date | None) -> dt.date | None:
    """ "Tuesday September 21" on a Wednesday: a weekday names a day of the week before the anchor, so the number
    is read when it falls in that week (the weekday is the slip), else the weekday ("Friday, March 1" in an
    April story: the month is the slip)."""
    if anchor is None:
        return None
    return when if 0 <= (anchor - when).days < 7 else _weekday_on_or_before(anchor, weekday)


def _named_date(month: int, day: int, year: str | None, anchor: dt.date | None) -> dt.date | None:
    """A day named by month and day; without a year, its most recent occurrence on or before ``anchor``, except
    that a day up to a week after the anchor is the anchor itself: the report cannot precede its event, so its
    publication date lags the story ("September 23" in a story dated 22 September is not a year old)."""
    if year:
        return _safe_date(int(year), month, day)
    if anchor is None:
        return None
    when = _safe_date(anchor.year, month, day)
    if when and when > anchor:
        return anchor if (when - anchor).days <= PUBLICATION_LAG else _safe_date(anchor.year - 1, month, day)
    return when


def _day_range(made: DateExpression, m: re.Match[str], anchor: dt.date | None) -> DateExpression:
    """ "from February 11 to 14", "between 18 and 21 August", "5-7 May 2022": a range within one month."""
    last = _named_date(_month_number(m["mon"]), int(m["d2"]), m["y"], anchor)
    first = last and _safe_date(last.year, last.month, int(m["d"]))
    if not last or not first or first > last:
        return made
    return replace(_range(made.start, made.end, first, last), kind="day_range")


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _weekday_on_or_before(ref: dt.date, weekday: int, strictly: bool = False) -> dt.date:
    back = (ref.weekday() - weekday) % 7
    return ref - dt.timedelta(days=back or (7 if strictly else 0))


def _weekday_date(g: dict[str, str | None], anchor: dt.date) -> dt.date:
    """The day a weekday names: the most recent on or before the anchor, moved by its lead ("last Friday", "next
    Friday"); with a week ("Monday last week", "Friday this week") that day of the week meant."""
    weekday = _weekday_number(g["wd"])
    if g["week"]:
        monday = anchor - dt.timedelta(days=anchor.weekday())
        when = monday + dt.timedelta(weeks=int(date_words()["weekday_week"][_norm(g["week"])]), days=weekday)
        return when if when <= anchor else _weekday_on_or_before(anchor, weekday)
    move = date_words()["weekday_lead"].get(_norm(g["mod"] or ""), "-")
    when = _weekday_on_or_before(anchor, weekday, strictly=move == "before")
    return when + dt.timedelta(days=7) if move == "after" else when


def _middle(first: dt.date, last: dt.date) -> dt.date:
    return first + (last - first) // 2


def _period(unit: str, offset: int, anchor: dt.date) -> tuple[dt.date, dt.date | None, str]:
    """``(date, date_end, precision)`` for "last week", "earlier this month" and their kin."""
    if unit == "week":
        monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=offset)
        last = min(monday + dt.timedelta(days=6), anchor)
        return _middle(monday, last), None, "week"
    if unit == "weekpart":
        monday = anchor - dt.timedelta(days=anchor.weekday())
        return _middle(monday, max(monday, anchor - ONE_DAY)), None, "week"
    if unit == "days":
        return _middle(anchor + dt.timedelta(days=offset + 1), anchor), None, "week"
    if unit == "weekend":
        saturday = _weekday_on_or_before(anchor, 5)
        return saturday, min(saturday + dt.timedelta(days=1), anchor), "week"
    if unit == "month":
        if offset:
            first = (anchor.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
            return first.replace(day=15), None, "month"
        first = anchor.replace(day=1)
        return _middle(first, max(first, anchor - dt.timedelta(days=1))), None, "month"
    if offset:
        return dt.date(anchor.year + offset, 7, 1), None, "year"
    return _middle(dt.date(anchor.year, 1, 1), anchor), None, "year"


def _resolve(kind: str, m: re.Match[str], anchor: dt.date | None, previous: dt.date | None,
             month_first: bool = False) -> DateExpression:
    """One match, resolved against the anchor and the date mentioned last (``previous``)."""
    g = m.groupdict()
    made = DateExpression(m.start(), m.end(), kind)
    if kind in EXPLICIT:
        when = _explicit_date(m, kind, anchor, month_first)
        return replace(made, kind="explicit", date=when, precision="day" if when else "unknown")
    if kind == "day_range":
        return _day_range(made, m, anchor)
    if kind == "month_year":
        return replace(made, date=dt.date(int(g["y"]), _month_number(g["mon"]), 15), precision="month")
    if kind == "year":
        return replace(made, date=dt.date(int(g["y"]), 7, 1), precision="year")
    if anchor is None and kind not in ("later", "phrase"):
        return made
    if kind == "month":
        month = _month_number(g["mon"])
        year = anchor.year if month <= anchor.month else anchor.year - 1
        return replace(made, date=dt.date(year, month, 15), precision="month")
    if kind == "weekday":
        return replace(made, date=_weekday_date(g, anchor), precision="day")
    if kind == "overnight":
        return replace(made, date=anchor - ONE_DAY, precision="day", tied=False)
    if kind == "ago":
        n, unit = _count(g["n"]), g["unit"].lower()
        if unit == "month":
            return replace(made, date=_months_before(anchor, n), precision="month")
        weeks = unit == "week"
        return replace(made, date=anchor - dt.timedelta(days=n * (7 if weeks else 1)),
                       precision="week" if weeks else "day")
    if kind == "later":
        n = _count(g["n"]) * (1 if g["dir"].lower() in ("later", "after") else -1)
        return _relative(made, m, previous or anchor, n)
    return _resolve_phrase(made, m, anchor, previous)


def _resolve_phrase(made: DateExpression, m: re.Match[str], anchor: dt.date | None,
                    previous: dt.date | None) -> DateExpression:
    words, phrase = date_words(), _norm(m["phrase"])
    if phrase in words["anchor_day"]:
        return _shifted(replace(made, kind="anchor_day"), anchor, int(words["anchor_day"][phrase]))
    if phrase in words["previous_day"]:
        return _relative(replace(made, kind="previous_day"), m, previous or anchor, int(words["previous_day"][phrase]))
    if anchor is None:
        return replace(made, kind="period")
    unit, offset = words["period"][phrase].split()
    date, end, precision = _period(unit, int(offset), anchor)
    return replace(made, kind="period", date=date, date_end=end, precision=precision)


def _relative(made: DateExpression, m: re.Match[str], ref: dt.date | None, days: int) -> DateExpression:
    """``days`` from the date just mentioned; but "a day after a gunfight" puts the gunfight that follows a day
    before that date, and dates only it. Opening a sentence ("A day after the curfew was imposed, troops
    raided..."), it counts from the date just mentioned, which is the curfew's, and dates the sentence."""
    followed_by_word = re.match(r"[^\W\d]", m.string[m.end():].lstrip(" ")[:1])
    opens_sentence = SENTENCE_OPENING.search(m.string[max(0, m.start() - 3):m.start()]) or m.start() == 0
    if followed_by_word and m.group().lower().endswith(("after", "before", "prior")) and not opens_sentence:
        return replace(_shifted(made, ref, -days), dates_following=True)
    return _shifted(made, ref, days)


def _shifted(made: DateExpression, ref: dt.date | None, days: int) -> DateExpression:
    if ref is None:
        return made
    return replace(made, date=ref + dt.timedelta(days=days), precision="day")


def _count(word: str) -> int:
    return int(word) if word.isdigit() else int(date_words()["number"][word.lower()])


def _months_before(anchor: dt.date, n: int) -> dt.date:
    month_index = anchor.year * 12 + anchor.month - 1 - n
    return dt.date(month_index // 12, month_index % 12 + 1, 15)


@cache
def _range_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What may open a range ("between", "from") and join its ends ("and", "to")."""
    words = date_words()
    return (re.compile(rf"\b{_alternation(words['range_open'])}\s+$", re.I),
            re.compile(rf"\s*{_alternation(words['range_join'])}\s*", re.I))


SENTENCE_OPENING = re.compile(r"(?:[.!?]\s|\n)\W*$")  # what comes just before a sentence's first word
SINCE = re.compile(r"\bsince\s+$", re.I)


def _ranges(text: str, exprs: list[DateExpression], anchor: dt.date | None) -> list[DateExpression]:
    """Join "between A and B", "from A to B", "on A and B" into one range; make "since A" run to the anchor."""
    opens, joins = _range_words()
    out: list[DateExpression] = []
    for e in exprs:
        before = text[max(0, e.start - 12):e.start]
        prev = out[-1] if out else None
        if (prev and prev.precision == "day" and e.precision == "day" and prev.date and e.date
                and joins.fullmatch(text[prev.end:e.start])
                and opens.search(text[max(0, prev.start - 12):prev.start]) and prev.date <= e.date):
            out[-1] = _range(prev.start, e.end, prev.date, e.date)
        elif SINCE.search(before):
            out.append(_since(e, anchor))
        else:
            out.append(e)
    return out


def _since(e: DateExpression, anchor: dt.date | None) -> DateExpression:
    """ "since Wednesday" runs to the anchor; since a month or a year, or more than a week, it is the start of
    a cumulative count and dates no event."""
    if e.precision == "day" and e.date and anchor and 0 < (anchor - e.date).days <= 7:
        return _range(e.start, e.end, e.date, anchor)
    return DateExpression(e.start, e.end, "since")


def _range(start: int, end: int, first: dt.date, last: dt.date) -> DateExpression:
    days = (last - first).days
    precision = "day" if days <= 1 else "week" if days <= 10 else "month" if days <= 45 else "year"
    return DateExpression(start, end, "range", _middle(first, last), last, precision)


def resolve_expressions(text: str, anchor: dt.date | None,
                        captions: tuple[tuple[int, int], ...] = ()) -> tuple[DateExpression, ...]:
    """Every date expression of ``text``, in order, resolved; "the previous day" counts from the body date
    mentioned last (a caption's dates never become the body's reference)."""
    exprs: list[DateExpression] = []
    previous: dt.date | None = None
    matches = find_matches(text)
    month_first = _writes_month_first([kind for kind, m in matches if m.groupdict().get("y")])
    for kind, m in matches:
        e = _resolve(kind, m, anchor, previous, month_first)
        exprs.append(e)
        in_caption = any(s <= e.start < t for s, t in captions)
        if e.date and e.precision == "day" and e.tied and not e.dates_following and not in_caption:
            previous = e.date
    return tuple(_ranges(text, exprs, anchor))


def _writes_month_first(kinds: list[str]) -> bool:
    """The outlet's convention, read from the full dates it writes out (``kinds``, of the matches with a year):
    month first ("March 4, 2017", a US outlet's) more often than day first ("4 March 2017"). A slashed numeric
    date both orders can read is read day first otherwise."""
    return kinds.count("mdy") > kinds.count("dmy")


# --- the publication date --------------------------------------------------------------------------------


@cache
def _city_dateline() -> re.Pattern[str]:
    """ "KABUL, July 20 (Reuters) -", "Bogota, Apr 30 (EFE).-", "Kabul [Afghanistan], July 20 (ANI):",
    "June 12 (Reuters) -", "LAGOS, 14 May (AFP) -"."""
    mon = _alternation(date_words()["month"], names=True)
    date = rf"(?P<date>(?P<mon>{mon})\.?\s+(?P<d>[0-3]?\d)\b|(?P<d2>[0-3]?\d)\s+(?P<mon2>{mon})\b\.?)"
    return re.compile(rf"(?m)^(?:[^\n,]{{2,60}}(?:,[^\n,]{{2,40}})?,\s+)?{date}\s*[(/—–-]")


def _wire_day(line: re.Match[str], year: int) -> dt.date | None:
    """The day of a wire dateline match in ``year``."""
    return _safe_date(year, _month_number(line["mon"] or line["mon2"]), int(line["d"] or line["d2"]))


BYLINE = re.compile(r"(?m)^By\s[^\n]{0,80}$")  # "By Jane Roe 27 February 2017": page furniture, no event's day
COPYRIGHT = re.compile(rf"(?:©|\(c\)|copyright)\s*(?P<y>{YEAR})\b", re.I)


def find_dateline(text: str) -> tuple[dt.date, Span] | None:
    """The publication date written near the top of ``text``, with its span (field "date").

    The earliest full date (with its year) in the first lines wins: headers ("Wed 05 Apr 2017", "Date of
    publication: 4 February 2016", "Published on 16/01/2024", "By The Irrawaddy 3 June 2022"). A wire dateline
    without a year ("KABUL, July 20 (Reuters) -") takes the year of a copyright line ("© 2021"); with no such
    line it gives None rather than a guessed year, so that relative dates stay unknown instead of wrong.
    """
    head = text[:DATELINE_HEAD]
    found: list[tuple[int, int, dt.date]] = []
    for kind, m in find_matches(head):
        if kind in EXPLICIT and m.group("y"):
            when = _explicit_date(m, kind, None)
            if when:
                found.append((m.start(), m.end(), when))
    line = _city_dateline().search(head)
    copyright_year = COPYRIGHT.search(text)
    if line and copyright_year:
        when = _wire_day(line, int(copyright_year.group("y")))
        if when:
            found.append((line.start("date"), line.end("date"), when))
    if not found:
        return None
    start, end, when = min(found)
    return when, span_of(text, start, end, "date")


# --- the event's date ------------------------------------------------------------------------------------


def date_for(article: ParsedArticle, mention: Mention) -> EventDate:
    """The date of ``mention``'s event, the first found of: the expression tied to the trigger in its sentence
    (unless it dates a report); a later sentence saying when "the attack took place"; the report's date; for a
    headline, the body sentence retelling it; a date in the earlier sentences of its paragraph, then in the next
    ones; the lede's date; the anchor (precision day, no span); nothing (precision unknown)."""
    clean = article.clean
    exprs = [e for e in article.annotation("dates", lambda: usable_expressions(clean)) if not _planned(article, e)]
    fine = [e for e in exprs if e.precision in FINE and not e.dates_following]
    own, reported = _own_date(clean.text, exprs, mention)
    if own and not reported:
        return own
    found = (_took_place_later(article, mention, fine) or (own and _told_next(article, mention, fine, own)) or own
             or (mention.sentence.paragraph == article.sentences[0].paragraph
                 and _retold_date(article, mention, fine))
             or _earlier_in_paragraph(article, mention, fine) or _next_in_story(article, mention, fine)
             or _lede_date(article, fine))
    if found:
        return found
    anchor = effective_anchor(clean)
    return EventDate(anchor, None, "day", None) if anchor else EventDate()


def _own_date(text: str, exprs: list[DateExpression], mention: Mention) -> tuple[EventDate | None, bool]:
    """The date in the mention's own sentence that is closest to its trigger, and whether it dates a report."""
    sentence, trigger = mention.sentence, mention.trigger
    own = [e for e in exprs if sentence.start <= e.start and e.end <= sentence.end
           and not (e.dates_following and e.start >= trigger.end)]
    fine = [e for e in own if e.precision in FINE]
    coarse = [e for e in own if e.precision not in FINE and _near(text, e, sentence, trigger)]
    if not fine and not coarse:
        return None, False
    chosen = _closest(text, fine or coarse, sentence, trigger)
    reported = chosen.tied and _dates_report(text, chosen, sentence, trigger)
    return _event_date(text, chosen, own, sentence), reported


@cache
def _took_place() -> re.Pattern[str]:
    """ "The attack took place late on Sunday": a sentence that dates an event told before it."""
    words = date_words()
    nouns, verbs = _alternation(words["event_noun"]), _alternation(words["happened"])
    return re.compile(rf"^\W*(?:the|this|that)\s+(?:[\w'’-]+\s+){{0,3}}?{nouns}\s+(?:[\w,'’-]+\s+){{0,6}}?{verbs}\b",
                      re.I)


def usable_expressions(clean: CleanText) -> tuple[DateExpression, ...]:
    """The resolved expressions of an article that can date an event (read once an article, ``date_for``): not
    the publication date at the top (the anchor's span, a wire dateline, a header restating it, a byline), not
    after the anchor, not more than a year before it (history, or a number that is no date: "09/16/10" in a 2022
    story)."""
    if clean.anchor_span:  # the dateline cleaning found (the anchor's origin)
        ranges = [(clean.anchor_span.start, clean.anchor_span.end)]
    else:  # a header restating the anchor the input gave
        line = find_dateline(clean.text)
        ranges = [(line[1].start, line[1].end)] if line and line[0] == clean.anchor else []
    wire = _city_dateline().search(clean.text[:DATELINE_HEAD])
    if wire:
        ranges.append(wire.span("date"))
    ranges += [b.span() for b in BYLINE.finditer(clean.text[:DATELINE_HEAD])]
    anchor = effective_anchor(clean)
    return tuple(e for e in resolve_expressions(clean.text, anchor, clean.captions)
                 if e.date is not None and (anchor is None or 0 <= (anchor - e.date).days <= HISTORY_AFTER)
                 and not any(start < e.end and e.start < end for start, end in ranges))


def effective_anchor(clean: CleanText) -> dt.date | None:
    """The anchor, or the day of a wire dateline that differs from it by a little ("Bogota, Apr 30 (EFE)" in a
    story published on 1 May): the day the story was written, which its "on Saturday" counts from."""
    wire = _city_dateline().search(clean.text[:DATELINE_HEAD])
    if clean.anchor is None or wire is None:
        return clean.anchor
    written = _wire_day(wire, clean.anchor.year)
    if written and written > clean.anchor + ONE_DAY:
        written = _wire_day(wire, clean.anchor.year - 1)
    if written and -1 <= (clean.anchor - written).days <= DATELINE_LAG:
        return written
    return clean.anchor


def _near(text: str, e: DateExpression, sentence: Sentence, trigger: Span) -> bool:
    """A month or a year dates the event only when tied to the trigger ("killed in May", not "since 2011")."""
    if sentence.parsed:
        return _tree_distance(sentence, e, trigger) <= 2
    return _char_distance(e, trigger) <= 30 and not _dates_report(text, e, sentence, trigger)


def _closest(text: str, own: list[DateExpression], sentence: Sentence, trigger: Span) -> DateExpression:
    """The expression that dates the trigger: the nearest in the parse, a report's date counting as farther
    ("said on Sunday that 25 were killed on Saturday"), then the nearest in the text."""
    def rank(e: DateExpression) -> tuple[int, int]:
        report = REPORT_DISTANCE if _dates_report(text, e, sentence, trigger) else 0
        return _tree_distance(sentence, e, trigger) + report, _char_distance(e, trigger)
    return min(own, key=rank)


def _event_date(text: str, chosen: DateExpression, own: list[DateExpression],
                sentence: Sentence) -> EventDate:
    """The EventDate of ``chosen``; a bare "overnight" is the night ending on the day of the sentence's
    report, if dated (else on the anchor), and takes the day it began."""
    date = chosen.date
    if not chosen.tied:
        reports = [e for e in own
                   if e.tied and e.precision == "day" and _dates_report(text, e, sentence, None)]
        if reports:
            date = min(reports, key=lambda e: _gap(e.start, e.end, chosen.start, chosen.end)).date - ONE_DAY
    return EventDate(date, chosen.date_end, chosen.precision, span_of(text, chosen.start, chosen.end, "date"))


def _char_distance(e: DateExpression, trigger: Span | None) -> int:
    return 0 if trigger is None else _gap(e.start, e.end, trigger.start, trigger.end)


def _gap(start: int, end: int, other_start: int, other_end: int) -> int:
    """Characters between two stretches of text (0 when they touch or overlap)."""
    return max(start - other_end, other_start - end, 0)


def _tree_distance(sentence: Sentence, e: DateExpression, trigger: Span | None) -> int:
    """Edges between the expression and the trigger in the dependency tree (0 when unparsed)."""
    reading = reading_of(sentence)
    if not reading.parsed or trigger is None:
        return 0
    targets = {t.i for t in reading.tokens_over(trigger.start, trigger.end)}
    frontier = [t.i for t in reading.tokens_over(e.start, e.end)]
    if not targets or not frontier:
        return 0
    seen, steps = set(frontier), 0
    while frontier:
        if targets.intersection(frontier):
            return steps
        frontier = [n for i in frontier for n in _neighbours(reading, reading.tokens[i]) if n not in seen]
        seen.update(frontier)
        steps += 1
    return len(reading.tokens)


def _neighbours(reading: Reading, token: Token) -> list[int]:
    """The indices of the token's head and dependents: its neighbours in the tree."""
    below = [t.i for t in reading.dependents(token)]
    return below if token.head == token.i else [token.head, *below]


def _dates_report(text: str, e: DateExpression, sentence: Sentence, trigger: Span | None) -> bool:
    """True when ``e`` dates a statement ("said on Sunday") rather than the event: the verb it hangs on in the
    sentence's parse, else the words around it."""
    reading = reading_of(sentence)
    if reading.parsed:
        return _governed_by_report(reading, e, trigger)
    before = text[max(0, e.start - 30):e.start].lower().split()[-3:]
    if any(w.strip(",.") in reporting_forms() for w in before if w != "on"):
        return True
    opens_clause = _clause_opening().fullmatch(re.split(r"[,;:.!?]", text[max(0, e.start - 200):e.start])[-1])
    return _speech_after(text[e.end:sentence.end], loose=bool(opens_clause))


@cache
def _clause_opening() -> re.Pattern[str]:
    """What may stand between a clause's opening and a date that still opens it ("On Friday, ...")."""
    return re.compile(rf"\W*{_alternation(date_words()['clause_opening'])}?\s*", re.I)


def _speech_after(rest: str, loose: bool) -> bool:
    """A verb of speech just after a date and its subject, with what was said after it: "yesterday he said
    that...", or where the date opens its clause, across commas ("Yesterday, SOHR activists reported..."). One
    that ends the sentence ("..., late Friday, residents said.") attributes the whole sentence and leaves the date
    to its event; a participle ("bombings claimed by IS") is no statement."""
    words = rest.split()
    for n, word in enumerate(words[:REPORT_SUBJECT + 1]):
        if word.strip(",.").lower() in speech_past_forms():
            said = words[n + 1:]  # "said the Observatory." closes the sentence: what was said came before
            return (bool(said) and not word.endswith(".") and said[0].lower() != "by"
                    and (n > 0 or len(said) > CLOSING_SOURCE))
        if word.strip(",").lower() in date_words()["not_subject"]:
            return False
        if not loose and (n >= TIGHT_SUBJECT or not word.isalpha()):
            return False
    return False


def _governed_by_report(reading: Reading, e: DateExpression, trigger: Span | None) -> bool:
    stop = {t.i for t in reading.tokens_over(trigger.start, trigger.end)} if trigger else set()
    verb = _governing_verb(reading, e, stop)
    return (verb is not None and verb.lemma.lower() in set(date_words()["reporting"].values())
            and not _evidential(reading, verb))


def _governing_verb(reading: Reading, e: DateExpression, stop: set[int] | None = None) -> Token | None:
    """The verb the expression hangs on, within three steps up the parse (None when the way meets ``stop``)."""
    own = {t.i for t in reading.tokens_over(e.start, e.end)}
    heads = [reading.tokens[i] for i in own if reading.tokens[i].head not in own or reading.tokens[i].head == i]
    if not heads:
        return None
    token = heads[0]
    for _ in range(3):
        if stop and token.i in stop:
            return None
        if token.pos in ("VERB", "AUX") and token.i not in own:
            return token
        if token.head == token.i:
            return None
        token = reading.head(token)
    return None


def _planned(article: ParsedArticle, e: DateExpression) -> bool:
    """A day still to come ("talks are due to resume on Monday", "will hand over the bodies on Wednesday"): it
    dates no event (read back from the anchor, its weekday would fall on a past day)."""
    sentence = article.sentence_at(e.start)
    if sentence is None:
        return False
    reading = reading_of(sentence)
    if reading.parsed:
        return _governed_by_plan(reading, e)
    clause = reading.clause_before(e.start, CLAUSE_PUNCTUATION, PLAN_CHARACTERS)
    before = " " + " ".join(w.strip(".").lower() for w in clause.split()[-PLAN_REACH:]) + " "
    return any(f" {phrase} " in before for phrase in date_words()["plan"])


def _governed_by_plan(reading: Reading, e: DateExpression) -> bool:
    """The verb the date hangs on has "will" or "shall", or is an infinitive after a word of plan ("supposed to
    hand over", "due to resume")."""
    verb = _governing_verb(reading, e)
    if verb is None:
        return False
    plans = set(date_words()["plan"].values())
    auxes = [t for t in reading.dependents(verb) if t.dep == "aux"]
    if any(t.lemma.lower() in plans for t in auxes):
        return True
    return any(t.text.lower() == "to" for t in auxes) and reading.head(verb).lemma.lower() in plans


def _evidential(reading: Reading, verb: Token) -> bool:
    """A passive reporting verb with a clause ("were reported to have been killed", "is said to have died") is an
    evidential: the day attached to it is the reported event's, not a statement's."""
    children = {t.dep for t in reading.dependents(verb)}
    return "auxpass" in children and bool(children & {"xcomp", "ccomp"})


def _sentence_date(article: ParsedArticle, s: Sentence, exprs: list[DateExpression],
                   pick: Callable[[list[DateExpression]], DateExpression]) -> EventDate | None:
    """The date sentence ``s`` gives an event, chosen by ``pick`` among its dates that do not date a report."""
    told = [e for e in exprs if s.start <= e.start and e.end <= s.end and e.tied]
    events = [e for e in told if not _dates_report(article.clean.text, e, s, None)]
    return _event_date(article.clean.text, pick(events), told, s) if events else None


def _first_date(article: ParsedArticle, sentences: list[Sentence], exprs: list[DateExpression],
                pick: Callable[[list[DateExpression]], DateExpression]) -> EventDate | None:
    return next((d for s in sentences if (d := _sentence_date(article, s, exprs, pick))), None)


def _body_after(article: ParsedArticle, mention: Mention) -> list[Sentence]:
    """The body sentences after the mention's (none for a caption, whose dates stay its own)."""
    if mention.in_caption:
        return []
    return [s for s in article.sentences if s.index > mention.sentence.index and not s.in_caption]


def _took_place_later(article: ParsedArticle, mention: Mention, exprs: list[DateExpression]) -> EventDate | None:
    """The date of the first sentence after the mention, within a few, that says when "the attack took place"."""
    told = [s for s in _body_after(article, mention)[:TOOK_PLACE_WITHIN] if _took_place().match(s.text)]
    return _first_date(article, told, exprs, lambda events: events[0])


def _told_next(article: ParsedArticle, mention: Mention, exprs: list[DateExpression],
               report: EventDate) -> EventDate | None:
    """When the mention's sentence dates only the report ("..., sources said on Monday"), the next sentence often
    tells when it happened ("... late on Saturday"): its date, if it falls in the few days before the report."""
    after = _body_after(article, mention)[:1]
    told = _first_date(article, after, exprs, lambda events: events[0])
    fits = told and report.date and told.date and 0 <= (report.date - told.date).days <= REPORT_LAG
    return told if fits else None


def _retold_date(article: ParsedArticle, mention: Mention, exprs: list[DateExpression]) -> EventDate | None:
    """For a headline: the date next to its trigger word where the body tells the story, in the first dated
    body sentence that repeats that word ("car bomb kills four" ... "a car bomb exploded on Wednesday")."""
    word = re.compile(rf"\b{re.escape(mention.trigger.text.lower())}\b")
    for s in _body_after(article, mention):
        found = word.search(s.text.lower())
        if found:
            at = s.start + found.start()
            nearest = partial(min, key=lambda e: _gap(e.start, e.end, at, at + len(mention.trigger.text)))
            date = _sentence_date(article, s, exprs, nearest)
            if date:
                return date
    return None


def _earlier_in_paragraph(article: ParsedArticle, mention: Mention,
                          exprs: list[DateExpression]) -> EventDate | None:
    """The date nearest before the mention in its paragraph (not for a caption)."""
    sentence = mention.sentence
    earlier = [s for s in reversed(article.sentences)
               if s.index < sentence.index and s.paragraph == sentence.paragraph and not s.in_caption]
    return None if mention.in_caption else _first_date(article, earlier, exprs, lambda events: events[-1])


def _next_in_story(article: ParsedArticle, mention: Mention, exprs: list[DateExpression]) -> EventDate | None:
    """The date of the next sentences of the mention's paragraph, which go on with its story ("Fighting also
    raged on the ground. On Saturday rebels and troops battled for the hills")."""
    after = [s for s in _body_after(article, mention)[:NEXT_IN_STORY] if s.paragraph == mention.sentence.paragraph]
    return _first_date(article, after, exprs, lambda events: events[0])


def _lede_date(article: ParsedArticle, exprs: list[DateExpression]) -> EventDate | None:
    """The date of the article's main event: in the first body sentence with a date that does not date a
    statement, the earliest such date (later ones tell what followed: a toll that rose, a claim)."""
    body = [s for s in article.sentences if not s.in_caption]
    return _first_date(article, body, exprs, partial(min, key=lambda e: e.date))
