"""Death and injury tolls: the counts of the dead and the wounded, as the coding guide (section 4) counts.

``find_tolls`` reads one text (a sentence) and returns every count it can tie to a death or an injury cue,
with its qualifier ("at least", "up to"), the group it adds up with ("two soldiers and three civilians") and
whether it is a sub-group of a count already given ("including five children"). ``tolls_for`` picks a
mention's counts from its sentence and the sentences that continue its story, and combines them: sums within
a group, the lowest specific figure as ``best`` across sources, a figure that "rose to" N replacing the rest.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

import yaml

from strife import knowledge, taxonomy
from strife.code.dates import calendar_names, date_words
from strife.reading import reading_of
from strife.records import Mention, ParsedArticle, Sentence, Token, Toll, span_of
from strife.words import Word, split_words

# "were", "was", ...: between a subject and its death word, they make the subject the dead (rule_words.tsv)
VICTIM_AUXILIARIES = frozenset(knowledge.rule_words("passive_before_actor"))

DEATH, INJURY, CASUALTY = "death", "injury", "casualty"
MAX_NOUN_WORDS = 6  # words a count's noun phrase may take before its cue ("five Syrian army soldiers")
MAX_BETWEEN = 5  # words between a cue before a count and the count ("the death toll has risen to")
FOLLOW_SENTENCES = 3  # later sentences of the same paragraph that may continue the story
CUMULATIVE_WINDOW = 8  # tokens either side of a count searched for "since the start of the war"
LIMITED_DEATHS, SIGNIFICANT_DEATHS = 3, 10  # the codebook's figures for deaths told without a number
VAGUE_TOTAL = 1000  # a vague count this large ("thousands") is a war's total, not an event's
# groups of "no one was killed", of a death told without a number, and (plus the verb's index) of counts
# tied to their verb by the parse
ZERO_GROUP, UNNUMBERED_GROUP, PARSED_GROUP = -1, -2, 1000
REFERENCE_STEM = 4  # a trigger stem shorter than this ("war") is too vague to find the event again by
FOOTNOTE_MARK = 2  # tokens a footnote's bracketed mark may hold ("[vii]", "[12]")
BULLETS = frozenset({"•", "*", "-", "–", "—", "·", "▪"})
SOURCE_OPENERS = frozenset({",", '"', "”", "'", "’"})  # what stands before "one officer said" after a quote
LIST_MARKS = frozenset({"•", "·", "▪"})  # bullets that never stand for a dash inside a sentence
CLOSING = {",": ",", "-": "-", "–": "–", "—": "—", "(": ")"}  # openers of a parenthetical and their closers
SUBGROUP_ASIDE = 4  # tokens a sub-group aside after a count adds to the window searched for a total's words
SUBGROUP_WINDOW = 8  # tokens after a count searched for "... were among the dead"
BRACKET_WINDOW = 12  # tokens a bracket inside a count's noun phrase may hold ("9 people (5 men and 4 women)")
TOLL_SUBJECT_WINDOW = 15  # tokens before "reached N" searched for "the death toll"
SINGULAR_WINDOW = 5  # tokens before an unnumbered death cue searched for "was" ("was on Tuesday killed")

# The lists of the lexicon that are roles of the one table of period and running-total phrases (periods.tsv).
PERIOD_LISTS = {"cumulative_after": "count_after", "cumulative_before": "count_before",
                "cumulative_clause": "count_clause", "period_openers": "period_opener", "period_sizes": "period_size",
                "period_units": "period_unit", "period_comparisons": "period_comparison",
                "since_same_event": "since_event"}


@dataclass(frozen=True, slots=True)
class TollCandidate:
    """A count of the dead or wounded in a text; ``start``/``end`` index that text."""

    start: int
    end: int
    kind: str  # "death" | "injury"
    best: int | None
    low: int | None
    high: int | None
    group: int = 0  # candidates of one group add up ("two soldiers and three civilians")
    subgroup: bool = False  # part of a count already given ("including five children"): never added
    vague: bool = False  # a vague quantity ("dozens") or an unnumbered death (the codebook's 3 or 10)
    update: bool = False  # replaces an earlier figure ("the death toll rose to 31")
    noun: str | None = None  # who is counted, when said ("soldiers")
    restates: bool = False  # gives the toll of an event already told ("put the death toll at 31")
    cause: bool = False  # told as what led to the event ("protests over the killing of two students")
    superseded: bool = False  # an earlier figure a later one replaced ("updating a previous toll of 112")
    also: bool = False  # adds to the event's dead told before it ("about ten fighters also died")


class Count(NamedTuple):
    """A number phrase read from tokens ``first``..``last`` (exclusive), qualifier included."""

    first: int
    last: int
    best: int | None
    low: int | None
    high: int | None
    vague: bool


# ---------------------------------------------------------------- data


@functools.cache
def lexicon() -> dict:
    """tolls.yaml, the period phrases of periods.tsv and the month names of date_words.tsv, with every phrase list
    turned into token tuples."""
    raw = yaml.load(resources.files("strife.data").joinpath("tolls.yaml").read_text("utf-8"), Loader=yaml.CSafeLoader)
    raw.update({key: knowledge.period_phrases(role) for key, role in PERIOD_LISTS.items()})
    months, every_month_name = calendar_names("month"), date_words()["month"]
    raw["month_names"], raw["every_month_name"] = months, list(every_month_name)
    raw["not_people"] = [*raw["not_people"], *months]  # "5 January"
    raw["not_people_before"] = [*raw["not_people_before"], *every_month_name]  # "Jan 5"
    out: dict = {}
    for key, value in raw.items():
        if isinstance(value, dict):
            out[key] = {k: phrases(v) for k, v in value.items()}
        else:
            out[key] = phrases(value)
    return out


def is_word(word: str, key: str) -> bool:
    """Whether a one-word entry of the tolls.yaml list ``key`` is ``word``."""
    return (word,) in lexicon()[key]


@functools.cache
def number_words() -> dict[tuple[str, ...], tuple[int, str]]:
    """numbers.tsv: word (as tokens) -> (value, kind)."""
    rows = resources.files("strife.data").joinpath("numbers.tsv").read_text("utf-8").splitlines()
    table = {}
    for line in rows:
        if line.startswith("#") or not line.strip() or line.startswith("word\t"):
            continue
        word, value, kind = line.split("\t")
        table[tuple(tokenize_words(word))] = (int(value), kind)
    return table


@functools.cache
def people_nouns() -> dict[str, str]:
    """Noun -> its group (generic, civilian, forces, fighters)."""
    return {p[0]: group for group, listed in lexicon()["people"].items() for p in listed.all}


class Phrases:
    """A phrase list as token tuples, indexed by first and by last token so that matching is a lookup."""

    __slots__ = ("all", "by_first", "by_last")

    def __init__(self, items: frozenset[tuple[str, ...]]):
        self.all = items
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        self.by_last: dict[str, list[tuple[str, ...]]] = {}
        for p in sorted(items, key=len, reverse=True):
            self.by_first.setdefault(p[0], []).append(p)
            self.by_last.setdefault(p[-1], []).append(p)

    def __contains__(self, phrase: tuple[str, ...]) -> bool:
        return phrase in self.all


def phrases(values: list[str]) -> Phrases:
    return Phrases(frozenset(tuple(tokenize_words(str(v))) for v in values if str(v).strip()))


def tokenize_words(text: str) -> list[str]:
    return [w.low for w in tokenize(text)]


def tokenize(text: str) -> tuple[Word, ...]:
    """The words of ``text`` as the toll rules count them (digits apart from letters)."""
    return split_words(text, "counts")


# ---------------------------------------------------------------- phrase matching


def words(toks: Sequence[Word]) -> tuple[str, ...]:
    return tuple(t.low for t in toks)


def phrase_at(toks: Sequence[Word], i: int, options: Phrases) -> int:
    """Length of the longest phrase of ``options`` starting at token ``i`` (0 when none)."""
    if i >= len(toks) or i < 0:
        return 0
    for p in options.by_first.get(toks[i].low, ()):
        if words(toks[i:i + len(p)]) == p:
            return len(p)
    return 0


def phrase_ending(toks: Sequence[Word], i: int, options: Phrases) -> int:
    """Length of the longest phrase of ``options`` ending at token ``i`` (inclusive; 0 when none)."""
    if i >= len(toks) or i < 0:
        return 0
    for p in options.by_last.get(toks[i].low, ()):
        n = len(p)
        if i - n + 1 >= 0 and words(toks[i - n + 1:i + 1]) == p:
            return n
    return 0


# ---------------------------------------------------------------- reading numbers


def read_count(toks: Sequence[Word], i: int) -> Count | None:
    """The number phrase at token ``i``, with its qualifier ("at least five", "between 10 and 15")."""
    lex = lexicon()
    for effect, options in lex["qualifiers"].items():
        n = phrase_at(toks, i, options)
        if n and (value := read_value(toks, i + n)):
            v, end, vague = value
            return qualified(i, end, v, effect, vague)
    if toks[i].low == "between" and (a := read_value(toks, i + 1)) and a[1] < len(toks) \
            and toks[a[1]].low == "and" and (b := read_value(toks, a[1] + 1)):
        low, high = sorted((a[0], b[0]))  # "between 5 and 3" is the range 3-5, not an inverted one
        return Count(i, b[1], low, low, high, a[2] or b[2])
    value = read_value(toks, i)
    if not value:
        return None
    v, end, vague = value
    if end + 1 < len(toks) and toks[end].low in ("to", "or", "-") and (b := read_value(toks, end + 1)) \
            and b[0] > v:
        return Count(i, b[1], v, v, b[0], vague or b[2])
    return Count(i, end, v, v, v, vague)


def qualified(first: int, last: int, v: int, effect: str, vague: bool) -> Count:
    if effect == "min":
        return Count(first, last, v, v, None, vague)
    if effect == "more":
        return Count(first, last, v + 1, v + 1, None, vague)
    if effect == "max":
        return Count(first, last, None, None, v, vague)
    if effect == "less":
        return Count(first, last, max(v - 1, 0), None, max(v - 1, 0), vague)
    return Count(first, last, v, v, v, vague)


def read_value(toks: Sequence[Word], i: int) -> tuple[int, int, bool] | None:
    """(value, index after it, vague) of the number at token ``i``: digits, words, "dozens", "a soldier"."""
    if i >= len(toks):
        return None
    if toks[i].low[0].isdigit():
        return read_digits(toks, i)
    table = number_words()
    for n in (3, 2, 1):
        entry = table.get(words(toks[i:i + n])) if i + n <= len(toks) else None
        if entry and entry[1] == "vague":
            end = i + n + (1 if i + n < len(toks) and toks[i + n].low == "of" else 0)
            more = read_value(toks, end) if end > i + n else None
            if more and more[2] and more[0] >= 100:  # "tens of thousands", "hundreds of thousands"
                return entry[0] * more[0], more[1], True
            return entry[0], end, True
    if toks[i].low in ("a", "an"):
        return read_article_count(toks, i)
    if toks[i].low == "another" and one_more(toks, i + 1):
        return 1, i + 1, False
    return read_number_words(toks, i)


def one_more(toks: Sequence[Word], j: int) -> bool:
    """After "another": one more person ("and another militant", "and another later died")."""
    if j >= len(toks):
        return False
    if is_one_person(toks[j].low) or cue_at(toks, j, ("after",)):
        return True
    return (toks[j].low,) in lexicon()["between_after"] and bool(cue_at(toks, j + 1, ("after",)))


def read_digits(toks: Sequence[Word], i: int) -> tuple[int, int, bool] | None:
    text = toks[i].low
    if glued_to_letters(toks, i):
        return None
    if re.fullmatch(r"\d{1,3}(,\d{3})+|\d+", text):
        value = int(text.replace(",", ""))
    elif re.fullmatch(r"\d+\.\d+", text):
        value = float(text)
    else:
        return None
    end = i + 1
    scale = number_words().get((toks[end].low,)) if end < len(toks) else None
    if scale and scale[1] == "scale":
        value, end = value * scale[0], end + 1
    if value != int(value):
        return None
    return int(value), end, False


def glued_to_letters(toks: Sequence[Word], i: int) -> bool:
    """"10th", "18yo", "5km": digits with letters glued on are a rank, an age or a measure, never a count."""
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    return nxt is not None and nxt.start == toks[i].end and nxt.low[0].isalpha()


def read_number_words(toks: Sequence[Word], i: int) -> tuple[int, int, bool] | None:
    """"twenty-three", "two hundred and fifty", "two dozen"."""
    table = number_words()
    total, current, j, seen = 0, 0, i, False
    while j < len(toks):
        parts = toks[j].low.split("-")
        entries = [table.get((p,)) for p in parts]
        if not all(e and e[1] in ("unit", "tens", "scale") for e in entries):
            if toks[j].low == "and" and seen and current >= 100 and j + 1 < len(toks) \
                    and table.get((toks[j + 1].low.split("-")[0],), (0, ""))[1] in ("unit", "tens"):
                j += 1
                continue
            if seen and toks[j].low == "dozen":
                current, j = current * 12, j + 1
            break
        for value, kind in entries:
            if kind == "scale":
                if value == 100:
                    current = (current or 1) * 100
                else:
                    total, current = total + (current or 1) * value, 0
            else:
                current += value
        seen, j = True, j + 1
    if not seen:
        return None
    return total + current, j, False


def read_article_count(toks: Sequence[Word], i: int) -> tuple[int, int, bool] | None:
    """"a hundred" is 100; "a soldier", "a young man" count one person (weakly: marked vague, so that a
    figure in digits or words outranks it)."""
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    entry = number_words().get((nxt,))
    if entry and entry[1] == "scale":
        return entry[0], i + 2, False
    nouns = people_nouns()
    k = i + 1 + age_length(toks, i + 1)  # "a 34-year-old man"
    for j in (k, k + 1):
        if j < len(toks) and nouns.get(toks[j].low) not in (None, "generic") \
                and not is_word(toks[j].low, "group_nouns"):  # "an entire family" is not one person
            return (2 if one_more_joined(toks, j + 1) else 1), i + 1, True  # "a brother and sister" are two
    return None


def one_more_joined(toks: Sequence[Word], j: int) -> bool:
    """"and sister", "and his son" at ``j``: one more person joined without a number."""
    if j + 1 >= len(toks) or toks[j].low != "and":
        return False
    k = j + 2 if is_word(toks[j + 1].low, "possessives") else j + 1
    return k < len(toks) and is_one_person(toks[k].low)


def age_length(toks: Sequence[Word], j: int) -> int:
    """Tokens of an age at ``j`` ("34-year-old": "34", "-", "year-old"), 0 when there is none."""
    if j + 2 < len(toks) and toks[j].low.isdigit() and toks[j + 1].low == "-" and toks[j + 2].low.startswith("year"):
        return 3
    return 0


# ---------------------------------------------------------------- finding counts


@functools.cache
def count_openers() -> frozenset[str]:
    """The words a number phrase may start with: a qualifier's, a number word's, "between", "a", "another"."""
    lex = lexicon()
    qualifiers = {p[0] for options in lex["qualifiers"].values() for p in options.all}
    return frozenset(qualifiers | {w[0] for w in number_words()} | {"between", "a", "an", "another"})


def may_open_count(word: str) -> bool:
    """A cheap test before ``read_count``, which every token of every sentence would otherwise go through."""
    openers = count_openers()
    return word[0].isdigit() or word in openers or word.split("-", 1)[0] in openers


def find_counts(toks: Sequence[Word]) -> list[Count]:
    """Every number phrase that may count people (not dates, ages, distances, sums)."""
    lex, counts, i = lexicon(), [], 0
    while i < len(toks):
        if not may_open_count(toks[i].low):
            i += 1
            continue
        c = read_count(toks, i)
        if c is None or not counts_people(toks, c, lex):
            i += 1
            continue
        counts.append(c)
        i = c.last
    return counts


def counts_people(toks: Sequence[Word], c: Count, lex: dict) -> bool:
    """Not when things follow the count, also behind one compound word ("three security-related cases")."""
    if c.last < len(toks) and (toks[c.last].low == "-" or phrase_at(toks, c.last, lex["not_people"])):
        return False
    if c.last + 1 < len(toks) and "-" in toks[c.last].low and phrase_at(toks, c.last + 1, lex["not_people"]):
        return False
    if c.first > 0 and phrase_ending(toks, c.first - 1, lex["not_people_before"]):
        return False
    if c.first > 1 and toks[c.first - 1].low == "." and phrase_ending(toks, c.first - 2, lex["not_people_before"]):
        return False  # "Nov. 19", "No. 5"
    first = toks[c.first].low
    if first.isdigit() and len(first) == 4 and 1900 <= int(first) <= 2100:  # a year, unless "2000 people"
        return c.last < len(toks) and toks[c.last].low in people_nouns() and not dated(toks, c.first)
    return not (first.startswith("0") and first != "0")  # "07" is a day or a month


def dated(toks: Sequence[Word], j: int) -> bool:
    """Whether a month's name stands just before token ``j``, or before its day ("August 12 2016 Terrorists
    executed ...": a year, not 2,016 terrorists)."""
    return any(k >= 0 and is_word(toks[k].low, "every_month_name") for k in (j - 1, j - 2))


def noun_of(toks: Sequence[Word], c: Count) -> str | None:
    """The person noun a count counts ("five Syrian soldiers" -> "soldiers"), if within a few words; "others"
    for "another" ("and another later died", "and another villager was killed"), which adds to the count before."""
    nouns, stops = people_nouns(), lexicon()["stops"]
    if c.last == c.first + 1 and toks[c.first].low == "another":
        return "others"
    for j in range(c.first, min(c.last + MAX_NOUN_WORDS, len(toks))):
        if j >= c.last and (not toks[j].low[0].isalpha() or (toks[j].low,) in stops):
            return None
        if j >= c.last - 1 and toks[j].low in nouns and number_words().get((toks[j].low,)) is None:
            return toks[j].low
    return None


def is_subgroup(toks: Sequence[Word], c: Count) -> bool:
    """Whether a count is part of one already given: "including five children", "three of them"."""
    lex = lexicon()
    for j in range(c.first - 1, max(c.first - SUBGROUP_WINDOW, 0) - 1, -1):  # "including children and two"
        if phrase_ending(toks, j, lex["subgroup_before"]):
            return True
        if not (toks[j].low in ("and", "the", "(") or toks[j].low in people_nouns()) or read_value(toks, j):
            break
        if toks[j].low == "(" and j > 0 and find_counts(toks[max(j - MAX_NOUN_WORDS, 0):j]):
            return True  # "9 people (5 men and 4 women)"
    return of_them(toks, c)


def of_them(toks: Sequence[Word], c: Count) -> bool:
    """"six of them": part of a group told in an earlier sentence; weak, as its whole is not known here."""
    return any(phrase_at(toks, j, lexicon()["subgroup_after"]) for j in range(c.last, min(c.last + 3, len(toks))))


def subgroup_later(toks: Sequence[Word], c: Count) -> bool:
    """Whether the clause after the last count of a group says it is part of a count already given
    ("a woman and a child were among the dead")."""
    lex = lexicon()
    for j in range(c.last, min(c.last + SUBGROUP_WINDOW, len(toks))):
        if toks[j].low in (".", ";") or (j > c.last and read_value(toks, j)):
            return False
        if phrase_at(toks, j, lex["subgroup_later"]):
            return True
    return False


def joined(toks: Sequence[Word], a: Count, b: Count) -> bool:
    """Whether count ``b`` adds to count ``a`` ("two soldiers and three civilians", "three men, a woman"); not
    across a verb of ``a``'s own ("three guards were shot, one died"), nor to the source that tells it ("the
    death of nine of them, a police officer said")."""
    lex = lexicon()
    if speaks(toks, b):
        return False
    j, taken = a.last, 0
    while j < b.first and taken <= MAX_NOUN_WORDS + 3:
        if toks[j].low in VICTIM_AUXILIARIES:
            return False
        if toks[j].low == "(" and ")" in words(toks[j + 1:b.first]):  # "... Group (DI-MG) and a soldier"
            j += words(toks[j + 1:b.first]).index(")") + 2
            continue
        n = phrase_at(toks, j, lex["joiners"])
        if n and (j + n == b.first or (toks[j].low == "," and words(toks[j + 1:b.first]) == ("and",))
                  or (j + n + 1 == b.first and is_word(toks[j + n].low, "possessives"))):  # "a man and his two sons"
            return True
        if cue_at(toks, j) or (toks[j].low,) in lex["stops"] or toks[j].low in ("(", ")", ";", ".", ":"):
            return False
        j, taken = j + 1, taken + 1
    return False


def speaks(toks: Sequence[Word], c: Count) -> bool:
    """Whether a count's noun phrase, after a comma or a quote, is the subject of a verb of speech ("..., one
    military officer said"; not "killed a nurse and two soldiers said the director")."""
    if c.first == 0 or toks[c.first - 1].low not in SOURCE_OPENERS:
        return False
    stops = lexicon()["stops"]
    for j in range(c.last, min(c.last + MAX_NOUN_WORDS, len(toks))):
        if is_word(toks[j].low, "speech_verbs"):
            return True
        if not toks[j].low[0].isalpha() or (toks[j].low,) in stops or is_word(toks[j].low, "singular_determiners"):
            return False  # "17 militants and a child, a monitoring group said": the source is another phrase
    return False


def cue_at(toks: Sequence[Word], j: int, sides: tuple[str, ...] = ("after", "before")) -> tuple[str, int] | None:
    """(kind, length) of a death, injury or casualty cue starting at token ``j`` (of the lists of ``sides``:
    cues that follow a count, cues that precede one)."""
    lex = lexicon()
    best = None
    for kind in (CASUALTY, DEATH, INJURY):
        for key in (f"{kind}_{side}" for side in sides):
            n = phrase_at(toks, j, lex[key])
            if n and (best is None or n > best[1]):
                best = (kind, n)
    return best


def cue_before(toks: Sequence[Word], c: Count) -> tuple[str, bool, range] | None:
    """(kind, update, tokens) of a cue just before a count ("killing at least", "the death toll rose to")."""
    lex = lexicon()
    toll = toll_reached(toks, c.first)
    if toll is not None:
        return DEATH, any(is_word(t.low, "update_words") for t in toks[toll:c.first]), range(toll, c.first)
    j, update = c.first - 1, False
    while j >= 0 and c.first - j <= MAX_BETWEEN + 1:
        found = [(phrase_ending(toks, j, lex[f"{k}_before"]), k) for k in (CASUALTY, DEATH, INJURY)]
        n, kind = max(found)
        if n and phrase_ending(toks, j, lex["death_before_people_only"]) and noun_of(toks, c) is None:
            return None  # "destroyed two tanks"
        if n:
            return kind, update, range(j - n + 1, c.first)
        if (toks[j].low,) not in lex["between_before"]:
            return None
        update = update or (toks[j].low,) in lex["update_words"]
        j -= 1
    return None


def toll_reached(toks: Sequence[Word], first: int) -> int | None:
    """Index of "toll" in "the death toll from the bombing of the convoy reached 112": a toll verb just
    before the count with "toll" as its subject some words back."""
    verb = first - 2 if first > 1 and toks[first - 1].low in ("to", "at") else first - 1
    if verb < 0 or not is_word(toks[verb].low, "toll_verbs"):
        return None
    for j in range(verb - 1, max(verb - TOLL_SUBJECT_WINDOW, 0) - 1, -1):
        if toks[j].low == "toll":
            return j
        if toks[j].low in (".", ";") or cue_at(toks, j):
            return None
    return None


def cue_after(toks: Sequence[Word], c: Count) -> tuple[str, bool, range] | None:
    """(kind, False, tokens) of the cue after a count's noun phrase ("five soldiers were killed")."""
    lex = lexicon()
    j, noun_words = c.last, 0
    while j < len(toks):
        cue = cue_at(toks, j, ("after",))
        if cue:
            return cue[0], False, range(c.last, j + cue[1])
        if cue_at(toks, j, ("before",)):
            return None
        low = toks[j].low
        if low == "and" and j + 1 < len(toks) and cue_at(toks, j + 1, ("before",)):
            return None  # "abducted 20 passengers and killed five of them": the verb has its own count
        if age_length(toks, j):  # "a 34-year-old man"
            j += age_length(toks, j)
            continue
        if low == "in" and j + 1 < len(toks) and toks[j + 1].capital and noun_words:
            j, noun_words = past_name(toks, j + 1), noun_words + 1  # "six gunmen in Enga were shot dead"
            continue
        if low in CLOSING and j + 1 < len(toks) and phrase_ending(toks, j + phrase_len_after_comma(toks, j),
                                                                  lex["subgroup_before"]):
            j = skip_parenthetical(toks, j)
            continue
        if (low,) in lex["between_after"] or (low == "," and j + 1 < len(toks)
                                                and toks[j + 1].low in people_nouns()):
            j += 1
            continue
        if low == "(" and ")" in words(toks[j + 1:j + BRACKET_WINDOW]):  # "five Islamic State (IS) militants"
            j += words(toks[j + 1:j + BRACKET_WINDOW]).index(")") + 2
            continue
        if (n := phrase_at(toks, j, lex["subgroup_before"])) and (inner := read_count(toks, j + n)):
            j = inner.last + (1 if inner.last < len(toks) and toks[inner.last].low in people_nouns() else 0)
            continue  # "Fifteen civilians among them 11 children were killed"
        if not low[0].isalpha() or (low,) in lex["stops"] or noun_words >= MAX_NOUN_WORDS \
                or read_value(toks, j) or phrase_at(toks, j, lex["not_people"]):
            return None
        noun_words, j = noun_words + 1, j + 1
    return None


def past_name(toks: Sequence[Word], j: int) -> int:
    """The index after the capitalised words at ``j`` (a place's name)."""
    while j < len(toks) and toks[j].capital:
        j += 1
    return j


def phrase_len_after_comma(toks: Sequence[Word], j: int) -> int:
    """How far past a comma a sub-group marker may end (", including", ", among them")."""
    lex = lexicon()
    for n in (1, 2, 3, 4):
        if j + n < len(toks) and phrase_ending(toks, j + n, lex["subgroup_before"]):
            return n
    return 0


def skip_parenthetical(toks: Sequence[Word], j: int) -> int:
    """Index after ", including five children," (or "- ... -", "( ... )"), or the end when none."""
    close = CLOSING.get(toks[j].low, toks[j].low)
    k = j + 1
    while k < len(toks) and toks[k].low not in (close, ".", ";"):
        k += 1
    return k + 1 if k < len(toks) and toks[k].low == close else k


def cumulative(toks: Sequence[Word], c: Count) -> bool:
    """Whether a count is a war's or a period's total ("since the start of the war", "this year"); a vague
    count in thousands ("tens of thousands") always is."""
    lex = lexicon()
    if c.vague and (c.best or c.high or 0) >= VAGUE_TOTAL:
        return True
    reach = c.last + CUMULATIVE_WINDOW
    for j in range(c.last, len(toks)):
        if j >= reach or toks[j].low in (".", ";"):
            break
        if phrase_at(toks, j, lex["subgroup_before"]):
            reach += SUBGROUP_ASIDE  # "215 people, including 27 children, since the start of the protests"
        if phrase_at(toks, j, lex["cumulative_after"]) or since_earlier(toks, j):
            return True
    if any(since_earlier(toks, j) for j in range(max(c.first - CUMULATIVE_WINDOW, 0), c.first)):
        return True
    if c.first > 0 and since_earlier(toks, 0):  # "Since 2019, tigers have killed nine people in the area"
        return True
    if national_in_clause(toks, c.last) or period_before(toks, c.first) or period_tally(toks, c) \
            or war_toll(toks, c.first):
        return True
    return any(phrase_ending(toks, j, lex["cumulative_before"])
               for j in range(max(c.first - CUMULATIVE_WINDOW, 0), c.first))


def war_toll(toks: Sequence[Word], first: int) -> bool:
    """A war's toll told as what it has done: a death cue in the perfect just before the count ("has killed",
    "have claimed") with a war as its subject earlier in the clause ("Syria's civil war, now in its seventh
    year, has killed at least 400,000"; not "fighters waging war on the army have killed 12")."""
    j = first - 1
    while j >= 0 and not is_word(toks[j].low, "perfect_death_cues"):
        if first - j > MAX_BETWEEN or toks[j].low in (".", ";"):
            return False
        j -= 1
    if j < 1 or not is_word(toks[j - 1].low, "perfect_auxiliaries"):
        return False
    start = clause_start(toks, j)
    return any(is_word(toks[w].low, "war_words") and (w == start or is_word(toks[w - 1].low, "war_openers"))
               for w in range(start, j))


def clause_start(toks: Sequence[Word], j: int) -> int:
    """The index of the first token of the clause that holds token ``j`` (after a "." or ";")."""
    while j > 0 and toks[j - 1].low not in (".", ";"):
        j -= 1
    return j


def period_before(toks: Sequence[Word], first: int) -> bool:
    """A month without a day, or a span of dates, earlier in the count's clause: "In April, two civilians were
    killed", "from February 24 to September 27, the army eliminated 57,750"."""
    start = first
    while start > 0 and toks[start - 1].low not in (".", ";"):
        start -= 1
    for j in range(start, first - 1):
        if not is_word(toks[j + 1].low, "month_names"):
            continue
        day = j + 2 < first and toks[j + 2].low.isdigit() and len(toks[j + 2].low) <= 2
        if toks[j].low == "in" and not day:
            return True
        if toks[j].low == "from" and any(t.low in ("to", "until", "through") for t in toks[j + 2:first]):
            return True
    return False


def period_tally(toks: Sequence[Word], c: Count) -> bool:
    """A span of weeks, months or years anywhere in the count's clause makes it that period's tally ("in the last
    two months at least two villagers have been killed", "killed 15 civilians ... over the past week"), unless it
    measures the event against the period ("the deadliest attack in the past year"). Days are left to the event:
    the guide codes a total over a few days as one event."""
    lex = lexicon()
    start, end = c.first, c.last
    while start > 0 and toks[start - 1].low not in (".", ";"):
        start -= 1
    while end < len(toks) and toks[end].low not in (".", ";"):
        end += 1
    for j in range(start, end):
        n = phrase_at(toks, j, lex["period_openers"])
        if not n or c.first <= j < c.last:
            continue
        k = j + n
        while k < end and k - (j + n) < 2 and (is_word(toks[k].low, "period_sizes") or read_count(toks, k)):
            k += 1
        if k < end and is_word(toks[k].low, "period_units") and not any(
                is_word(toks[i].low, "period_comparisons") for i in range(max(j - 4, start), j)):
            return True
    return False


def national_in_clause(toks: Sequence[Word], j: int) -> bool:
    """A whole country's or campaign's figure, said anywhere later in the clause ("... have been killed by
    security forces in the nationwide protests")."""
    for k in range(j, len(toks)):
        if toks[k].low in (".", ";"):
            return False
        if phrase_at(toks, k, lexicon()["cumulative_clause"]):
            return True
    return False


def since_earlier(toks: Sequence[Word], j: int) -> bool:
    """"since" or "in" at token ``j`` opens a period longer than the event ("since 2011", "since then",
    "since early 2022", "in 2022")."""
    if toks[j].low not in ("since", "in") or j + 1 >= len(toks):
        return False
    k = j + 2 if toks[j + 1].low in ("early", "late", "mid") else j + 1
    if k < len(toks) and re.fullmatch(r"(19|20)\d\d", toks[k].low):
        return True
    return toks[j].low == "since" and not phrase_at(toks, j + 1, lexicon()["since_same_event"])


# The phrase lists that can make a count a toll (or say that none died); see cue_words.
CUE_LISTS = ("death_after", "injury_after", "casualty_after", "death_before", "injury_before", "casualty_before",
             "no_deaths", "no_injuries", "unnumbered_death", "unnumbered_single")


@functools.cache
def cue_words() -> frozenset[str]:
    """The longest word of every cue phrase: a phrase matches only where all its words stand, so a sentence
    with none of these words has no toll and needs no further reading (most sentences of an article)."""
    lex = lexicon()
    return frozenset(max(p, key=len) for key in CUE_LISTS for p in lex[key].all)


def find_tolls(text: str) -> list[TollCandidate]:
    """Every count of the dead or wounded in ``text``, plus "no one was killed" (0) and unnumbered deaths."""
    return tolls_in(tokenize(text))


def tolls_in(toks: Sequence[Word]) -> list[TollCandidate]:
    """``find_tolls`` of a text's words (``tokenize``)."""
    if not cue_words().intersection(t.low for t in toks):
        return []
    if opens_aside(toks):
        return []
    toks = before_list(toks)
    counts = find_counts(toks)
    out: list[TollCandidate] = []
    groups = group_counts(toks, counts)
    used: set[int] = set()
    for gid, members in enumerate(groups):
        kind, update, cue = chain_kind(toks, members, used)
        members = people_counted(toks, members, cue)
        part = is_subgroup(toks, members[0]) or subgroup_later(toks, members[-1])
        head = [] if part else [c for c in members if not is_subgroup(toks, c)]
        used.update(cue)
        if kind in (None, CASUALTY) or cumulative(toks, members[-1]) or sentenced(toks, members[0].first):
            continue
        parent = gid if head else last_group_of(out)
        if parent is None and kind == DEATH and of_them(toks, members[0]):
            parent, head = gid, members  # "engaged them and killed six of them": the whole told before
        if parent is None:
            continue
        for c in members:
            found = candidate(toks, c, kind, parent, c not in head, update, names_toll(toks, cue),
                              adds_on(toks, cue))
            out.append(dataclasses.replace(found, vague=True) if head is members else found)
            used.update(range(c.first, c.last))
    out += zero_tolls(toks, used)
    if not any(c.kind == DEATH for c in out):
        out += unnumbered_death(toks, used)
    return out


def opens_aside(toks: Sequence[Word]) -> bool:
    """A list item (it breaks down a total told before it), a link ("ALSO READ | ...") or a footnote ("[vii]
    SONNA, 'SNA chief confirms 75 killed'"): each names another story's figures."""
    if not toks:
        return False
    note = toks[0].low == "[" and "]" in words(toks[1:FOOTNOTE_MARK + 2])
    return note or toks[0].low in BULLETS or bool(phrase_at(toks, 0, lexicon()["link_openers"]))


def before_list(toks: Sequence[Word]) -> Sequence[Word]:
    """The tokens before a list that a sentence runs into ("as follows: • 112 members killed ...")."""
    first = next((i for i, t in enumerate(toks) if t.low in LIST_MARKS), len(toks))
    return toks[:first]


def group_counts(toks: Sequence[Word], counts: list[Count]) -> list[list[Count]]:
    """Counts that add up, in text order; a sub-group marker starts a new group."""
    groups: list[list[Count]] = []
    for c in counts:
        if groups and joined(toks, groups[-1][-1], c) and not (
                is_subgroup(toks, c) and not is_subgroup(toks, groups[-1][-1])) \
                and not cues_differ(toks, groups[-1][0], c):
            groups[-1].append(c)
        else:
            groups.append([c])
    return groups


def cues_differ(toks: Sequence[Word], first: Count, c: Count) -> bool:
    """Whether a count has its own cue of another kind than the group it would join ("the bodies of five
    people and six people were injured")."""
    before, after = cue_before(toks, first), cue_after(toks, c)
    return before is not None and after is not None and before[0] != after[0]


def chain_kind(toks: Sequence[Word], members: list[Count],
               used: set[int]) -> tuple[str | None, bool, range]:
    """A group's (kind, update, cue tokens) from the cue before its first count, else after its last. A cue
    before that closed an earlier count gives way to the group's own cue after it ("8 people killed 58 others
    injured": the 58 were injured)."""
    before, after = cue_before(toks, members[0]), cue_after(toks, members[-1])
    if before is not None and after is not None and used.intersection(before[2]):
        return after
    return before or after or (None, False, range(0))


def people_counted(toks: Sequence[Word], members: list[Count], cue: range) -> list[Count]:
    """A group's counts of people: after a verb that counts people only with a person noun ("destroyed 18
    invaders, 3 howitzers and 2 other vehicles"), the counts without one are things."""
    if not any(is_word(toks[j].low, "death_before_people_only") for j in cue):
        return members
    return [c for c in members if noun_of(toks, c) is not None] or members


def last_group_of(found: list[TollCandidate]) -> int | None:
    return found[-1].group if found else None


def names_toll(toks: Sequence[Word], cue: range) -> bool:
    return any(toks[j].low == "toll" for j in cue)


def candidate(toks: Sequence[Word], c: Count, kind: str, group: int, sub: bool, update: bool,
              restates: bool, also: bool = False) -> TollCandidate:
    return TollCandidate(start=toks[c.first].start, end=toks[c.last - 1].end, kind=kind, best=c.best,
                         low=c.low, high=c.high, group=group, subgroup=sub, vague=c.vague, update=update,
                         noun=noun_of(toks, c), restates=restates, cause=told_as_cause(toks, c.first),
                         superseded=superseded(toks, c.first), also=also)


def adds_on(toks: Sequence[Word], cue: range) -> bool:
    """Whether a count's cue says its dead come on top of others ("ten fighters also died", "also killed two")."""
    return any(is_word(toks[j].low, "addition_words") for j in (*cue, cue.start - 1) if 0 <= j < len(toks))


def clause_before(toks: Sequence[Word], first: int) -> range:
    """Indices of the few tokens before ``first`` in its clause, nearest first (a window that stops at "." or
    ";")."""
    j = first - 1
    while j >= max(first - CUMULATIVE_WINDOW, 0) and toks[j].low not in (".", ";"):
        j -= 1
    return range(first - 1, j, -1)


def sentenced(toks: Sequence[Word], first: int) -> bool:
    """Whether a court's sentence comes before a count in its clause ("sentenced five men to death")."""
    return any(is_word(toks[j].low, "sentence_words") for j in clause_before(toks, first))


def superseded(toks: Sequence[Word], first: int) -> bool:
    """Whether the clause before a count calls it an earlier toll ("a previous toll of 112", "had initially
    given a death toll of 34")."""
    window = [toks[j].low for j in clause_before(toks, first)]
    return "toll" in window and any(is_word(w, "superseded_words") for w in window)


def told_as_cause(toks: Sequence[Word], first: int) -> bool:
    """Whether words just before a count or cue tell it as an earlier cause ("after the killing of")."""
    cause_before = lexicon()["cause_before"]
    return any(phrase_ending(toks, j, cause_before) for j in clause_before(toks, first))


def zero_tolls(toks: Sequence[Word], used: set[int]) -> list[TollCandidate]:
    """"No one was killed", "no casualties": a toll of 0 (deaths, injuries or both)."""
    lex, out = lexicon(), []
    for j in range(len(toks)):
        for kind, key in ((DEATH, "no_deaths"), (INJURY, "no_injuries")):
            n = phrase_at(toks, j, lex[key])
            if n:
                out.append(TollCandidate(toks[j].start, toks[j + n - 1].end, kind, 0, 0, 0, group=ZERO_GROUP))
                used.update(range(j, j + n))
    return out


def unnumbered_death(toks: Sequence[Word], used: set[int]) -> list[TollCandidate]:
    """A death told without a number: 1 for "he was killed", else the codebook's 3 (10 for a large attack)."""
    lex = lexicon()
    for j in range(len(toks)):
        n = phrase_at(toks, j, lex["unnumbered_death"])
        if n and j not in used and not (j + n < len(toks) and read_count(toks, j + n)) \
                and not dead_or_hurt(toks, j) and not counted_before(toks, j):
            single = singular_subject(toks, j) or (toks[j].low,) in lex["unnumbered_single"] \
                or one_act(toks, j) or one_victim_after(toks, j, n)
            big = any(phrase_at(toks, k, lex["significant"]) for k in range(len(toks)))
            named = persons_named(toks, j + n)  # "the killing of the husband and son of ..." is 2, not 1
            value = named if named > 1 else 1 if single else named or (SIGNIFICANT_DEATHS if big else LIMITED_DEATHS)
            return [TollCandidate(toks[j].start, toks[j + n - 1].end, DEATH, value, value, value,
                                  group=UNNUMBERED_GROUP, vague=True, cause=told_as_cause(toks, j))]
    return []


def counted_before(toks: Sequence[Word], j: int) -> bool:
    """"They were killed in attacks", "All had been executed": a passive death cue whose subject is a pronoun for
    people counted in an earlier sentence; their count, when it is this event's, is read there."""
    k, passive = j - 1, False
    while k >= 0 and (toks[k].low,) in lexicon()["between_after"]:
        if is_word(toks[k].low, "back_references") and passive:
            return True
        passive = passive or toks[k].low in VICTIM_AUXILIARIES
        k -= 1
    return k >= 0 and passive and is_word(toks[k].low, "back_references")


def dead_or_hurt(toks: Sequence[Word], j: int) -> bool:
    """"Those killed or injured": casualties that may hold no death at all ("killed and injured" tells deaths)."""
    cue = cue_at(toks, j)
    return cue is not None and cue[0] == CASUALTY and "or" in words(toks[j:j + cue[1]])


def singular_subject(toks: Sequence[Word], j: int) -> bool:
    """Whether one person comes just before the cue at ``j`` ("Soldier killed in ambush"), or a singular
    verb ("was", "has been") or pronoun shortly before it."""
    lex = lexicon()
    if is_word(toks[j].low, "plural_cues"):
        return False  # "civilian deaths": the person noun before a plural cue is a modifier
    before = j - 2 if j > 1 and toks[j - 1].low == "," else j - 1  # "Sarajul Haq, former soldier, killed"
    if before >= 0 and is_one_person(toks[before].low):
        return True
    for k in range(j - 1, max(j - SINGULAR_WINDOW, 0) - 1, -1):
        if toks[k].low in (",", ".", ";", "and", "were", "are", "have", "they", "that", "which", "who"):
            return False
        if phrase_ending(toks, k, lex["singular_before"]):
            return True
    return False


def one_act(toks: Sequence[Word], j: int) -> bool:
    """"a murder", "an assassination", "a dead man": an article before the cue tells of one death."""
    return j > 0 and is_word(toks[j - 1].low, "one_before_cue")


def one_victim_after(toks: Sequence[Word], j: int, n: int) -> bool:
    """"the slain soldier", "killing himself", "the murder" (an act that has one victim) unless people follow:
    the first person noun within a few words after the cue decides; else a pronoun for one right after it."""
    person = person_after(toks, j + n)
    if person is not None:
        return is_one_person(person)
    after = toks[j + n].low if j + n < len(toks) else ""
    the_act = is_word(toks[j].low, "one_victim_acts") or (
        j > 0 and toks[j - 1].low == "the" and is_word(toks[j].low, "one_victim_acts_after_the"))
    return is_word(after, "one_after_cue") or (the_act and "of" not in (after, toks[j + n - 1].low))


def person_after(toks: Sequence[Word], j: int) -> str | None:
    for k in range(j, min(j + SINGULAR_WINDOW - 2, len(toks))):
        word = toks[k].low.removesuffix("'s")
        if not word[0].isalpha() or (word,) in lexicon()["stops"] or word in ("and", "or"):
            return None
        if word in people_nouns():
            return word
    return None


def is_one_person(word: str) -> bool:
    """A singular person noun of the people lists ("soldier", "woman"; not "soldiers", "men", "police")."""
    plural = word.endswith(("s", "men")) and not word.endswith(("ss", "woman")) or is_word(word, "not_persons")
    return word in people_nouns() and not plural


def persons_named(toks: Sequence[Word], j: int) -> int:
    """How many single persons a cue's object names: "killing the driver" 1, "shot dead a principal and a
    teacher" 2; 0 when the object is plural or absent."""
    count = 0
    if j + 1 < len(toks) and is_word(toks[j].low, "body_words") and toks[j + 1].low == "of":
        j += 1  # "the dismembered body of a man"
    if j < len(toks) and toks[j].low == "of":  # "the killing of a driver"
        j += 1
    if 0 < j < len(toks) and toks[j - 1].low == "of" and name_end(toks, j) > j:  # "the murder of John Smith"
        return 1
    while j < len(toks):
        if count and is_one_person(toks[j].low):  # "a brother and sister", "the husband and son of"
            k = j + 1
        elif is_word(toks[j].low, "singular_determiners"):
            k = j + 1
            while k < len(toks) and k - j <= 4 and (toks[k].low[0].isalnum() or toks[k].low == "-") \
                    and toks[k].low not in ("and", "in", "on", "at", "near", "while", "as", "after", "during"):
                k += 1
            last = toks[k - 1].low
            if k == j + 1 or (last.endswith("s") and not last.endswith("ss")) or is_word(last, "not_persons"):
                return 0
        else:
            break
        count += 1
        j = k + 1 if k < len(toks) and toks[k].low in ("and", ",") else len(toks)
    return count


# ---------------------------------------------------------------- a mention's toll


def name_end(toks: Sequence[Word], j: int) -> int:
    """The end of a person's name at ``j`` ("Sgt. John Smith"): capitalised words not followed by a person
    noun or another name; ``j`` itself when there is none, or when one capitalised word ending in "s" may
    name a people ("Palestinians")."""
    k = j
    while k < len(toks) and k - j < MAX_NOUN_WORDS and (toks[k].capital or (toks[k].low == "." and k > j)):
        k += 1
    if k == j or (k - j == 1 and toks[j].low.endswith("s")) or toks[k - 1].low == ".":
        return j
    if k < len(toks) and (toks[k].low in people_nouns() or toks[k].low in ("and", "&")):
        return j
    return k


def tolls_for(article: ParsedArticle, mention: Mention) -> tuple[Toll, Toll | None]:
    """(fatalities, injured) of a mention; injured is None when the text says nothing of the wounded."""
    found = story_candidates(article, mention)
    text = article.clean.text
    deaths = combine(text, [(i, c) for i, c in found if c.kind == DEATH])
    injured = combine(text, [(i, c) for i, c in found if c.kind == INJURY])
    return deaths, (injured if injured.spans else None)


def story_candidates(article: ParsedArticle, mention: Mention) -> list[tuple[int, TollCandidate]]:
    """Counts of the mention's sentence, then those of later sentences that continue its story.

    A later sentence adds its counts when the mention's own sentence has no numbered death count; a later
    "the death toll rose to N" replaces, and "... put the death toll at N" competes; all stop at the
    paragraph's end. When those tell of no death at all, the nearest sentence of the article that names the
    event again ("two people died in the attack"), or else a headline that names it ("Five killed as rebels
    clash with army"), gives its counts.
    """
    skip_causes = taxonomy.has(mention.sub_event_type, "deaths_as_cause_not_own")
    own = [c for c in shifted(mention.sentence, skip_causes) if in_trigger_story(article, mention, c)]
    found = [(mention.sentence.index, c) for c in own]
    numbered = any(c.kind == DEATH and not c.vague for c in own)
    for s in continuation(article, mention.sentence):
        later = shifted(s, skip_causes)
        if not numbered and any(c.kind == DEATH and (not c.vague or c.best == 0) for c in later):
            found += [(s.index, c) for c in later if c.group != UNNUMBERED_GROUP]
            numbered = True
        else:
            other = opens_other_incident(s)
            found += [(s.index, c) for c in later if c.update or c.restates or (c.also and not other)]
    if not any(c.kind == DEATH for _, c in found):
        found += referring_counts(article, mention, skip_causes)
    wounded_told = any(c.kind == INJURY for _, c in found)
    if not any(c.kind == DEATH for _, c in found):
        found += headline_counts(article, mention, skip_causes, wounded_told)
    if not any(c.kind == DEATH for _, c in found) and not wounded_told \
            and taxonomy.has(mention.sub_event_type, "lethal"):
        found += next_paragraph_counts(article, mention.sentence, skip_causes)
    return found


def next_paragraph_counts(article: ParsedArticle, sentence: Sentence,
                          skip_causes: bool) -> list[tuple[int, TollCandidate]]:
    """Numbered deaths of the first sentence of the next paragraph: news paragraphs are often one sentence long,
    and the lede of a strike or an attack that tells no casualty is often followed by its toll (unless that
    sentence opens on another incident: "In a separate attack, ...")."""
    later = [s for s in article.sentences if s.paragraph > sentence.paragraph and not s.in_caption]
    first = min(later, key=lambda s: s.index, default=None)
    if first is None or opens_other_incident(first):
        return []
    counts = [c for c in shifted(first, skip_causes) if c.group != UNNUMBERED_GROUP]
    numbered = any(c.kind == DEATH and (not c.vague or c.best == 0) for c in counts)
    return [(first.index, c) for c in counts] if numbered else []


def opens_other_incident(sentence: Sentence) -> bool:
    """Whether a sentence opens on another incident than the one before it ("In a separate attack, ...")."""
    return bool(phrase_at(sentence_words(sentence), 0, lexicon()["other_incident_openers"]))


def in_trigger_story(article: ParsedArticle, mention: Mention, c: TollCandidate) -> bool:
    """In a headline of several stories ("Mortars hit the base; grenade kills bystander"), only the counts of the
    trigger's clause are its own (a headline: the article's first line, without a full stop)."""
    sentence = mention.sentence
    if sentence.index != min(s.index for s in article.sentences) or sentence.text.rstrip().endswith("."):
        return True
    bounds = [m.span() for m in re.finditer(r"[^;]+", sentence.text)]
    clause = next((b for b in bounds if b[0] <= mention.trigger.start - sentence.start < b[1]), None)
    if clause is not None and not clause[0] <= c.start - sentence.start < clause[1]:
        return False
    base = sentence.start
    return not killed_by_another_clause(sentence.text, c.start - base, mention.trigger.start - base)


def killed_by_another_clause(text: str, count: int, trigger: int) -> bool:
    """In a headline of two clauses joined by "as", "while", "amid" ("Strike kills 9 as rocket barrages widen"),
    a count that an event named in its own clause killed ("Strike kills") is that event's, not the other
    clause's ("Nine killed as rebels clash", "Rebels kill nine as they clash": the count is the clash's)."""
    words = "|".join(re.escape(w) for w in lexicon_words("headline_joins"))
    joins = [m.end() for m in re.finditer(rf"\s(?:{words})\s", text, re.I)]
    low, high = sorted((count, trigger))
    if not any(low < j <= high for j in joins):
        return False  # the count and the trigger share a clause
    opened = max((j for j in joins if j <= count), default=0)
    toks = tokenize(text[opened:count])
    n = phrase_ending(toks, len(toks) - 1, lexicon()["death_before"])
    return bool(n) and len(toks) > n and is_word(toks[-n - 1].low, "killing_events")


def lexicon_words(key: str) -> list[str]:
    """A one-word-per-entry tolls.yaml list, as plain words."""
    return sorted(" ".join(p) for p in lexicon()[key].all)


def headline_counts(article: ParsedArticle, mention: Mention, skip_causes: bool,
                    wounded_story: bool) -> list[tuple[int, TollCandidate]]:
    """Counts of the article's first sentence (its headline) when it names the mention's event word (only those of
    the clause that names it, in a headline of several stories), or, for an event that harms people by its nature,
    when the mention's own story told of no casualty at all (a story that counts its wounded and no dead has said
    what it had to say) and the headline tells one story."""
    stem = trigger_stem(mention)
    first = min(article.sentences, key=lambda s: s.index, default=None)
    if first is None or first.index == mention.sentence.index:
        return []
    clauses = [m for m in re.finditer(r"[^;]+", first.text)]  # "Mortars hit the base; grenade kills bystander"
    named = [m for m in clauses if stem is not None and re.search(rf"\b{stem}", m.group(), re.IGNORECASE)]
    if not named and (wounded_story or not taxonomy.has(mention.sub_event_type, "lethal") or len(clauses) > 1
                      or several_stories(article)):
        return []
    told = named or clauses
    refs = [m.start() for m in re.finditer(rf"\b{stem}", first.text, re.IGNORECASE)] if stem else []
    counts = [c for c in shifted(first, skip_causes) if (c.group != UNNUMBERED_GROUP or c.best == 1)
              and any(m.start() <= c.start - first.start < m.end() for m in told)
              and not (refs and all(killed_by_another_clause(first.text, c.start - first.start, r) for r in refs))]
    return [(first.index, c) for c in counts] if any(c.kind == DEATH for c in counts) else []


def several_stories(article: ParsedArticle) -> bool:
    """Whether the headline is followed by bullet points: a summary of several stories, whose figures are no
    single event's."""
    lines = sorted(article.sentences, key=lambda s: s.index)[1:2]
    return any(s.text.lstrip()[:1] in LIST_MARKS for s in lines)


def referring_counts(article: ParsedArticle, mention: Mention,
                     skip_causes: bool) -> list[tuple[int, TollCandidate]]:
    """Counts of the sentence nearest the mention that names its event again ("the attack", "the raid")."""
    reference = event_reference(mention)
    if reference is None:
        return []
    here = mention.sentence.index
    for s in sorted(article.sentences, key=lambda s: abs(s.index - here)):
        if s.index == here or s.in_caption or not reference.search(s.text):
            continue
        counts = [c for c in shifted(s, skip_causes) if c.group != UNNUMBERED_GROUP or c.best == 1]
        if any(c.kind == DEATH for c in counts):
            return [(s.index, c) for c in counts]
    return []


def trigger_stem(mention: Mention) -> str | None:
    """The stem of the mention's trigger word ("attacked" -> "attack", "strikes" -> "strik")."""
    lemmas = reading_of(mention.sentence).lemmas_in(mention.trigger.start, mention.trigger.end)
    stem = re.sub(r"(?:ed|ing|es|e|s)$", "", lemmas[-1] if lemmas else "")
    return stem if len(stem) >= REFERENCE_STEM and stem.isalpha() else None


def event_reference(mention: Mention) -> re.Pattern | None:
    """"the attack(s)", "Monday's strike": the mention's trigger word named again ("that attack" may be an
    earlier one)."""
    stem = trigger_stem(mention)
    if stem is None:
        return None
    return re.compile(rf"\b(?:the|[a-z]+day's)\s+(?:[\w-]+\s+){{0,2}}{stem}\w*\b", re.IGNORECASE)


def continuation(article: ParsedArticle, sentence: Sentence) -> list[Sentence]:
    later = [s for s in article.sentences
             if s.index > sentence.index and s.paragraph == sentence.paragraph and not s.in_caption]
    return sorted(later, key=lambda s: s.index)[:FOLLOW_SENTENCES]


def shifted(sentence: Sentence, skip_causes: bool) -> list[TollCandidate]:
    """A sentence's counts, offsets moved into the clean text; deaths told as an earlier cause are left out
    when asked, or when the sentence gives other counts."""
    found = sentence_tolls(sentence)
    skip_causes = skip_causes or not all(c.cause for c in found)
    return [c for c in found if not (skip_causes and c.cause)]


def sentence_tolls(sentence: Sentence) -> tuple[TollCandidate, ...]:
    """A sentence's counts, offsets moved into the clean text, read once a sentence: every mention of an article
    reads its neighbours' counts again."""
    return sentence.annotation("tolls", lambda: _shifted(sentence))


def sentence_words(sentence: Sentence) -> tuple[Word, ...]:
    """The sentence's words as the toll rules count them, made once for the word rules and the parse's."""
    return sentence.annotation(("words", "counts"), lambda: tokenize(sentence.text))


def _shifted(sentence: Sentence) -> tuple[TollCandidate, ...]:
    base = sentence.start
    found = tolls_in(sentence_words(sentence))
    found = with_parse(sentence, found) if sentence.parsed else found
    return tuple(dataclasses.replace(c, start=c.start + base, end=c.end + base) for c in found)


def with_parse(sentence: Sentence, found: list[TollCandidate]) -> list[TollCandidate]:
    """Counts the word rules left unattached, tied by the parse to a death or injury verb ("Three soldiers
    serving in the north were killed"), and unnumbered deaths of one person ("a pastor was killed")."""
    toks = before_list(sentence_words(sentence))
    if opens_aside(toks):
        return found
    taken = [(c.start, c.end) for c in found if c.group != UNNUMBERED_GROUP]
    extra = []
    for c in find_counts(toks):
        start, end = toks[c.first].start, toks[c.last - 1].end
        if any(a < end and start < b for a, b in taken) or cumulative(toks, c) or in_breakdown(toks, c.first):
            continue
        tied = parsed_cue(sentence, sentence.start + toks[c.last - 1].start)
        if tied:
            kind, verb = tied
            sub = is_subgroup(toks, c)
            extra.append(candidate(toks, c, kind, PARSED_GROUP + verb, sub, False, False))
    if any(c.kind == DEATH for c in extra):
        found = [c for c in found if c.group != UNNUMBERED_GROUP]
    return [one_victim(sentence, c) if c.group == UNNUMBERED_GROUP else c for c in found] + extra


def in_breakdown(toks: Sequence[Word], j: int) -> bool:
    """Whether token ``j`` stands in a breakdown of a count: inside brackets ("9 people (5 men and 4 women)") or
    after a sub-group marker in the same aside ("11 civilians - among them four women and four children -")."""
    for k in range(j - 1, max(j - BRACKET_WINDOW, 0) - 1, -1):
        if toks[k].low in (")", ";", ".") or toks[k].low in CLOSING.values() and toks[k].low != ",":
            return False
        if toks[k].low == "(" or phrase_ending(toks, k, lexicon()["subgroup_before"]):
            return True
    return False


def parsed_cue(sentence: Sentence, offset: int) -> tuple[str, int] | None:
    """(kind, verb index) when the number at ``offset`` counts the victims of a death or injury verb."""
    reading = reading_of(sentence)
    number = reading.token_at(offset)
    if number is None or number.dep != "nummod":
        return None
    noun = reading.head(number)
    if (noun.text.lower(),) in lexicon()["not_people"]:
        return None
    while noun.dep in ("conj", "appos") and noun.head != noun.i:
        noun = reading.head(noun)
    verb = reading.head(noun)
    for candidate_verb in (verb, *(t for t in reading.dependents(verb) if t.dep == "conj")):
        kind = verb_kind(sentence, candidate_verb)  # "were captured and killed"
        if kind and victim_of(sentence, candidate_verb) is noun:
            return kind, candidate_verb.i
    return None


def verb_kind(sentence: Sentence, verb: Token) -> str | None:
    """Death or injury for a verb of those lists, or for "shot dead", "gunned down"."""
    lex = lexicon()
    lemma = (verb.lemma.lower(),)
    if lemma in lex["death_lemmas"]:
        return DEATH
    if lemma in lex["injury_lemmas"]:
        return INJURY
    if lemma in lex["killing_with_particle"]:
        particles = {t.text.lower() for t in reading_of(sentence).dependents(verb)}
        return DEATH if any(is_word(p, "death_particles") for p in particles) else None
    return None


def victim_of(sentence: Sentence, verb: Token) -> Token | None:
    """Who a death or injury verb befalls: its passive subject or object; the subject of "die", or of a
    headline's "killed" without object ("Soldier killed in ambush")."""
    reading = reading_of(sentence)
    heads = {verb.i, verb.head} if verb.dep == "conj" else {verb.i}  # "attacked and killed"
    children = sorted((t for i in heads for t in reading.dependents(reading.tokens[i]) if t.i not in heads),
                      key=lambda t: t.i)
    for dep in ("nsubjpass", "dobj"):
        hit = next((t for t in children if t.dep == dep), None)
        if hit is not None:
            return antecedent(sentence, verb, hit)
    subject = next((t for t in children if t.dep == "nsubj"), None)
    intransitive = (verb.lemma.lower(),) in lexicon()["intransitive_lemmas"]
    if subject is not None and (intransitive or verb.tag == "VBN"):
        return antecedent(sentence, verb, subject)
    return None


def antecedent(sentence: Sentence, verb: Token, victim: Token) -> Token:
    """The person a relative pronoun stands for ("a shopkeeper who died": the shopkeeper; not "the market")."""
    if victim.tag in ("WP", "WDT") and verb.dep == "relcl" and verb.head != verb.i:
        noun = sentence.tokens[verb.head]
        if noun.tag == "NNP" or noun.text.lower() in people_nouns():
            return noun
    return victim


def one_victim(sentence: Sentence, c: TollCandidate) -> TollCandidate:
    """An unnumbered death whose victim is one person in the parse ("a local pastor was killed") counts 1 (unless
    the words named several: "shot dead a principal and a teacher")."""
    if c.best not in (LIMITED_DEATHS, SIGNIFICANT_DEATHS):
        return c
    cue = next(iter(reading_of(sentence).tokens_from(sentence.start + c.start, sentence.start + c.start + 1)), None)
    victim = victim_of(sentence, cue) if cue is not None else None
    if victim is not None and victim.tag in ("NN", "NNP") and not is_word(victim.text.lower(), "not_persons"):
        return dataclasses.replace(c, best=1, low=1, high=1)
    return c


def combine(text: str, found: list[tuple[int, TollCandidate]]) -> Toll:
    """One Toll from counts: sums within a group, the latest update replaces, else low/best/high across."""
    figures = group_figures(found)
    if not figures:
        return Toll()
    figures = [f for f in figures if not f.superseded] or figures
    updates = [f for f in figures if f.update]
    if updates:
        figures = [updates[-1]]
    else:
        rank = min(f.rank for f in figures)
        figures = sum_distinct_groups([f for f in figures if f.rank == rank])
    bests = [f.best for f in figures if f.best is not None]
    lows = [f.low for f in figures if f.low is not None]
    highs = [f.high for f in figures if f.high is not None]
    spans = tuple(span_of(text, c.start, c.end, None) for f in figures for c in f.parts)
    kind_field = "fatalities" if figures[0].parts[0].kind == DEATH else "injured"
    return Toll(best=min(bests) if bests else None, low=min(lows) if lows else None,
                high=max(highs) if highs else None,
                spans=tuple(s.labelled(kind_field) for s in spans))


NUMBER_RANK, VAGUE_RANK, UNNUMBERED_RANK, ZERO_RANK = range(4)


def toll_rank(toll: Toll) -> int:
    """How specific a toll is, by the words of its spans: a number, a vague quantity ("dozens", "a
    soldier"), a death without a number (the codebook's default), none ("no one was killed")."""
    if toll.best == 0 and toll.high == 0:
        return ZERO_RANK
    return min((span_rank(s.text) for s in toll.spans), default=UNNUMBERED_RANK)


def span_rank(text: str) -> int:
    """A count's span is its number phrase; that of "a soldier" only the article ("a")."""
    toks = tokenize(text)
    if len(toks) == 1 and is_word(toks[0].low, "one_before_cue"):
        return VAGUE_RANK
    count = read_count(toks, 0) if toks else None
    if count is None:
        return UNNUMBERED_RANK
    return VAGUE_RANK if count.vague else NUMBER_RANK


class Figure(NamedTuple):
    """A group's total: what one source says about one set of people."""

    sentence: int
    best: int | None
    low: int | None
    high: int | None
    rank: int  # 0 a specific number, 1 a vague quantity, 2 an unnumbered death, 3 a zero
    update: bool
    noun: str | None
    parts: tuple[TollCandidate, ...]
    superseded: bool = False
    also: bool = False  # told as dead on top of others: adds to a figure of another sentence


def group_figures(found: list[tuple[int, TollCandidate]]) -> list[Figure]:
    by_group: dict[tuple[int, int], list[TollCandidate]] = {}
    for sentence, c in found:
        by_group.setdefault((sentence, c.group), []).append(c)
    figures = []
    for (sentence, _), parts in by_group.items():
        head = [c for c in parts if not c.subgroup] or parts
        best = None if any(c.best is None for c in head) else sum(c.best for c in head)
        low = sum(c.low for c in head if c.low is not None) if any(c.low is not None for c in head) else None
        high = None if any(c.high is None for c in head) else sum(c.high for c in head)
        rank = figure_rank(head, best, high)
        nouns = {c.noun for c in head}
        figures.append(Figure(sentence, best, low, high, rank, any(c.update for c in head),
                              nouns.pop() if len(nouns) == 1 else None, tuple(head), all(c.superseded for c in head),
                              all(c.also for c in head)))
    return figures


def figure_rank(head: list[TollCandidate], best: int | None, high: int | None) -> int:
    if best == 0 and high == 0:
        return 3
    if head[0].group == UNNUMBERED_GROUP:
        return 2
    return 1 if all(c.vague for c in head) else 0


def sum_distinct_groups(figures: list[Figure]) -> list[Figure]:
    """Figures of one sentence about different kinds of people (civilians, state forces, armed groups: "one
    soldier killed, six separatists dead") or about "others" add up, and so does a later sentence's figure told
    as more dead ("about ten fighters also died"); figures about the same kind compete (a headline and its
    lede)."""
    groups = people_nouns()
    out: list[Figure] = []
    for f in figures:
        prev = out[-1] if out else None
        kinds = {groups.get(prev.noun or ""), groups.get(f.noun or "")} if prev else set()
        distinct = (len(kinds) == 2 and not kinds & {None, "generic"} and prev.best != f.best) \
            or is_word(f.noun or "", "additive_nouns")
        if f.also and prev and prev.sentence != f.sentence and not distinct:
            continue  # "six teachers also died" after "22 children": maybe counted in the first figure, left out
        if prev and (prev.sentence == f.sentence or f.also) and distinct and prev.best is not None \
                and f.best is not None:
            out[-1] = prev._replace(best=prev.best + f.best, low=(prev.low or 0) + (f.low or 0),
                                    high=None if prev.high is None or f.high is None else prev.high + f.high,
                                    noun=None, parts=prev.parts + f.parts)
        else:
            out.append(f)
    return out
