"""The knowledge base: the actors (``data/actors.yaml``), countries in words, and the word tables every stage shares.

The actor knowledge base holds named groups, generic actors and the words that name a side.

Each named group has its aliases, a side (``actor_types.tsv``: state, rebel, militia, communal militia, external),
a country, a parent where there is one and its active years where known. The actor coder finds names with it;
typing asks it which side a name stands for (``group_names``, ``side_words``), so that a group the coder knows is
a side to typing too. "X fighters", "members of X" are patterns of the coder (``member_words``), not aliases.
The word tables say which roles a phrase plays, one row a phrase, so that a word changed in one place is changed
for every stage: the reporting frames (``reporting.tsv``), the period and running-total phrases (``periods.tsv``),
the rules' closed word lists (``rule_words.tsv``); and the weapons (``weapons.tsv``).
Every file is validated when first read: a bad entry raises ``KnowledgeError`` naming the file and line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import pycountry
import yaml

from strife import taxonomy
from strife.errors import KnowledgeError

ACTORS_FILE = "actors.yaml"
COUNTRIES_FILE = "countries.tsv"
COUNTRY_WORD_KINDS = ("name", "demonym", "people", "metonym")
ACTIVE_RE = re.compile(r"^(\d{4})-(\d{4})?$")
EXTRA_COUNTRIES = frozenset({"XK"})  # Kosovo: used in news and by ACLED, not in ISO 3166-1
WORD_LISTS = ("victim_words", "member_words", "military_name_words",
              "organisation_words", "holding_verbs", "victim_verbs", "harm_verbs")
TYPING_SIDES = ("state", "nonstate")


@dataclass(frozen=True, slots=True)
class Side:
    """A side an actor takes: its name in the knowledge base, its ACLED actor type, its side for typing."""

    name: str
    actor_type: str
    typing_side: str | None  # state / nonstate: the cue typing reads ("the army" vs "militants"), or None


def sides() -> dict[str, Side]:
    """Side name -> Side, from ``actor_types.tsv``."""
    return {a.side: Side(a.side, a.name, a.typing_side) for a in taxonomy.taxonomy().actor_types.values()}


def known_countries() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries) | EXTRA_COUNTRIES


def _line_of(lines: list[str], name: str, after: int = 0) -> int:
    """The line (1-based) of the entry named ``name``; the file's first line when it cannot be found."""
    needles = (f"name: {name}", f'name: "{name}"', f"name: '{name}'")
    return next((i + 1 for i, line in enumerate(lines) if i >= after and any(n in line for n in needles)), 1)


def _check_named(entry: dict, where: str, side_names: dict[str, Side], countries: frozenset[str]) -> None:
    name = entry.get("name")
    if not name:
        raise KnowledgeError(f"{where}: a named actor without a name")
    if not entry.get("side"):
        raise KnowledgeError(f"{where}: {name!r} has no side (one of {', '.join(side_names)})")
    if entry["side"] not in side_names:
        raise KnowledgeError(f"{where}: {name!r} has side {entry['side']!r}, not one of {', '.join(side_names)}")
    if entry.get("country") is not None and entry["country"] not in countries:
        raise KnowledgeError(f"{where}: {name!r} has country {entry['country']!r}, not an ISO 3166 alpha-2 code")
    if not isinstance(entry.get("aliases"), list) or not all(isinstance(a, str | int) for a in entry["aliases"]):
        raise KnowledgeError(f"{where}: {name!r} needs a list of aliases")
    active = entry.get("active")
    if active is not None and not ACTIVE_RE.match(str(active)):
        raise KnowledgeError(f"{where}: {name!r} has active {active!r}; write YYYY- or YYYY-YYYY")
    later = entry.get("becomes")
    if later is not None and not (isinstance(later.get("since"), dt.date) and later.get("name")
                                  and later.get("side") in side_names):
        raise KnowledgeError(f"{where}: {name!r} becomes needs since (a date), name and a known side")


def validate(data: dict, origin: str, text: str) -> dict:
    """``data`` when every entry is well formed and the cross-checks hold, else a KnowledgeError."""
    lines = text.splitlines()
    side_names, countries = sides(), known_countries()
    named = data.get("named") or []
    names = {e.get("name") for e in named}
    for entry in named:
        where = f"{origin}:{_line_of(lines, str(entry.get('name')))}"
        _check_named(entry, where, side_names, countries)
        if entry.get("parent") is not None and entry["parent"] not in names:
            raise KnowledgeError(f"{where}: {entry['name']!r} has parent {entry['parent']!r}, which is no entry")
    types = set(taxonomy.taxonomy().actor_types)
    for entry in data.get("generic") or []:
        if entry.get("type") not in types or not entry.get("name") or not entry.get("words"):
            where = f"{origin}:{_line_of(lines, str(entry.get('name')), lines.index('generic:'))}"
            raise KnowledgeError(f"{where}: a generic actor needs a name, words and an actor type")
    side_words = data.get("side_words") or {}
    if set(side_words) - set(TYPING_SIDES):
        raise KnowledgeError(f"{origin}: side_words may hold only {', '.join(TYPING_SIDES)}")
    for key in WORD_LISTS:
        if not isinstance(data.get(key), list):
            raise KnowledgeError(f"{origin}: {key} must be a list of words")
    return data


def load_actor_kb(path: Path | None = None) -> dict:
    """The knowledge base: the shipped file, or the given one (a test's, a user's)."""
    if path is None:
        text, origin = resources.files("strife.data").joinpath(ACTORS_FILE).read_text("utf-8"), ACTORS_FILE
    else:
        text, origin = Path(path).read_text(encoding="utf-8"), str(path)
    try:
        data = yaml.load(text, Loader=yaml.CSafeLoader)  # libyaml: the same data, 8x faster
    except yaml.YAMLError as err:
        raise KnowledgeError(f"{origin}: not YAML: {err}") from err
    return validate(data, origin, text)


@cache
def actor_kb() -> dict:
    return load_actor_kb()


def entry_named(name: str) -> dict | None:
    """The named group whose ACLED name is ``name``; None for a state's forces or a generic actor."""
    return _entries_by_name().get(name)


@cache
def _entries_by_name() -> dict[str, dict]:
    return {e["name"]: e for e in actor_kb()["named"]}


def actor_type_of(side: str) -> str:
    return sides()[side].actor_type


@cache
def side_words() -> dict[str, str]:
    """Word (lower case) -> the side typing reads it as naming: "the army" state, "militants" nonstate."""
    return {str(word).lower(): cue for cue, words in (actor_kb().get("side_words") or {}).items() for word in words}


@cache
def group_names() -> dict[str, tuple[str, str | None]]:
    """Name (lower case) -> (typing cue, the acronym as written when it matches only so: "IS") of every named group
    whose side typing knows: "state_group" or "nonstate_group"."""
    out: dict[str, tuple[str, str | None]] = {}
    by_side = sides()
    for entry in actor_kb()["named"]:
        side = by_side[entry["side"]].typing_side
        if side is None:
            continue
        for alias in (str(a) for a in [entry["name"], *entry["aliases"]]):
            written = alias if is_acronym(alias) else None
            if written is None or alias.lower() not in out:
                out[alias.lower()] = (f"{side}_group", written)
    return out


def is_acronym(alias: str) -> bool:
    """An alias matched only as written: all capitals ("IS", "KIA") or a short mixed one ("M23", "AQIM")."""
    return alias.isupper() or (len(alias) <= 4 and alias[:1].isupper() and not alias[1:].islower())


# --- countries in words -------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class CountryWord:
    word: str
    country: str
    kind: str  # name, demonym, people, metonym


def parse_countries(text: str, origin: str = COUNTRIES_FILE) -> tuple[CountryWord, ...]:
    """The rows of ``countries.tsv``, checked: a known kind, an ISO 3166 country, one country a word."""
    countries, seen, out = known_countries(), {}, []
    header = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
            continue
        where = f"{origin}:{number}"
        if len(cells) != 3 or not cells[0]:
            raise KnowledgeError(f"{where}: write word, country, kind")
        word, country, kind = cells
        if country not in countries:
            raise KnowledgeError(f"{where}: {word!r} has country {country!r}, not an ISO 3166 alpha-2 code")
        if kind not in COUNTRY_WORD_KINDS:
            raise KnowledgeError(f"{where}: kind {kind!r} is not one of {', '.join(COUNTRY_WORD_KINDS)}")
        if word in seen:
            raise KnowledgeError(f"{where}: {word!r} is given again (line {seen[word]}): a word has one country")
        seen[word] = number
        out.append(CountryWord(word, country, kind))
    return tuple(out)


@cache
def country_table() -> tuple[CountryWord, ...]:
    return parse_countries(resources.files("strife.data").joinpath(COUNTRIES_FILE).read_text("utf-8"))


def country_words(*kinds: str) -> tuple[CountryWord, ...]:
    """The country words of these kinds, in the table's order."""
    return tuple(w for w in country_table() if w.kind in kinds)


# --- word tables: the roles each phrase plays ---------------------------------------------------------------

REPORTING_FILE = "reporting.tsv"
REPORTING_ROLES = frozenset({"dates", "speech", "mood", "credits", "reporter", "frame", "frame_object", "inverted",
                             "source_after"})
LEMMA_ROLES = frozenset({"speech", "credits"})  # roles a verb plays as a lemma: the row's phrase is its lemma
PERIODS_FILE = "periods.tsv"
PERIOD_ROLES = frozenset({"total", "cumulative", "since", "count_after", "count_before", "count_clause",
                          "period_opener", "period_size", "period_unit", "period_comparison", "since_event"})


@dataclass(frozen=True, slots=True)
class RoleRow:
    """A phrase of a word table, its lemma (reporting words) and the roles it plays."""

    phrase: str
    lemma: str
    roles: frozenset[str]


def _numbered_rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of a tab-separated table, without blank and comment lines and the header."""
    rows = [(n, [c.strip() for c in line.split("\t")]) for n, line in enumerate(text.splitlines(), 1)
            if line.strip() and not line.startswith("#")]
    return rows[1:]


def parse_role_table(text: str, origin: str, known: frozenset[str], lemmas: bool = False) -> tuple[RoleRow, ...]:
    """The rows of a word table (``phrase[, lemma], roles``), checked: a phrase in lower case and given once, with
    its roles (comma-separated) among ``known``; a row with a lemma's role has its own phrase as lemma."""
    columns = "phrase, lemma, roles" if lemmas else "phrase, roles"
    seen: dict[str, int] = {}
    out = []
    for number, cells in _numbered_rows(text):
        where = f"{origin}:{number}"
        if len(cells) != len(columns.split(", ")) or not all(cells):
            raise KnowledgeError(f"{where}: write {columns}")
        phrase, roles = cells[0], frozenset(r.strip() for r in cells[-1].split(","))
        lemma = cells[1] if lemmas else phrase
        if phrase != phrase.lower():
            raise KnowledgeError(f"{where}: {phrase!r} must be written in lower case")
        if phrase in seen:
            raise KnowledgeError(f"{where}: {phrase!r} is given again (line {seen[phrase]}): one row a phrase, "
                                 "with all its roles")
        if roles - known:
            raise KnowledgeError(f"{where}: role {sorted(roles - known)[0]!r} is not one of {', '.join(sorted(known))}")
        if lemmas and roles & LEMMA_ROLES and lemma != phrase:
            raise KnowledgeError(f"{where}: {phrase!r} plays a lemma's role ({', '.join(sorted(roles & LEMMA_ROLES))}) "
                                 f"but its lemma is {lemma!r}")
        seen[phrase] = number
        out.append(RoleRow(phrase, lemma, roles))
    return tuple(out)


RULE_WORDS_FILE = "rule_words.tsv"
RULE_ROLES = frozenset({"passive_auxiliary", "agent_modifier", "killing_verb", "left_dead", "drove_out",
                        "topic_between", "place_lead", "topical", "place_preposition", "clause_word", "condition",
                        "seeming", "year_context", "clause_break", "comma_clause_break", "source_lead",
                        "pronoun_source", "claim_negation", "passive_before_actor", "backing", "holder_participle",
                        "agent_preposition", "target_preposition", "place_preposition_of_country", "route_opener",
                        "state_noun", "target_preposition_head", "victim_auxiliary", "act_modal", "act_maybe",
                        "act_negation", "act_pronoun", "relative", "recipient_preposition", "landmark_after",
                        "origin_preposition"})
CUES_FILE = "cues.tsv"
CUE_ROLES = frozenset({"event", "modifier", "weapon", "side", "harm", "tallied", "backdrop", "place_participle",
                       "unrest"})
WORD_TABLES = {REPORTING_FILE: (REPORTING_ROLES, True), PERIODS_FILE: (PERIOD_ROLES, False),
               RULE_WORDS_FILE: (RULE_ROLES, False), CUES_FILE: (CUE_ROLES, False)}  # file: roles, rows give a lemma


def data_text(name: str) -> str:
    return resources.files("strife.data").joinpath(name).read_text("utf-8")


@cache
def word_table(name: str) -> tuple[RoleRow, ...]:
    """The rows of one of the ``WORD_TABLES``, validated."""
    known, lemmas = WORD_TABLES[name]
    return parse_role_table(data_text(name), name, known, lemmas)


def _playing(name: str, role: str) -> list[RoleRow]:
    if role not in WORD_TABLES[name][0]:
        raise ValueError(f"{name} has no role {role!r}")
    return [row for row in word_table(name) if role in row.roles]


@cache
def reporting_words(role: str) -> dict[str, str]:
    """Phrase -> lemma of the reporting words that play ``role`` (see ``reporting.tsv``), in the table's order."""
    return {row.phrase: row.lemma for row in _playing(REPORTING_FILE, role)}


@cache
def period_phrases(role: str) -> tuple[str, ...]:
    """The period and running-total phrases that play ``role`` (see ``periods.tsv``), in the table's order."""
    return tuple(row.phrase for row in _playing(PERIODS_FILE, role))


@cache
def rule_words(role: str) -> tuple[str, ...]:
    """The words of one of the rules' closed lists (see ``rule_words.tsv``), in the table's order."""
    return tuple(row.phrase for row in _playing(RULE_WORDS_FILE, role))


@cache
def cue_names(role: str) -> tuple[str, ...]:
    """The event cues that play ``role`` in detection and typing (see ``cues.tsv``), in the table's order."""
    return tuple(row.phrase for row in _playing(CUES_FILE, role))


def check_cues(text: str, origin: str) -> None:
    """Every row of a table of phrases and their cues (``event_cues.tsv``) signals a cue of ``cues.tsv``, else a
    KnowledgeError naming the file and line."""
    known = {row.phrase for row in word_table(CUES_FILE)}
    for number, cells in _numbered_rows(text):
        if len(cells) < 2 or cells[1] not in known:
            raise KnowledgeError(f"{origin}:{number}: {cells[0]!r} signals cue {cells[1:2]}, no row of {CUES_FILE}")


def alternation(words: tuple[str, ...] | dict[str, str]) -> str:
    """A regex alternation of ``words`` (escaped, in their order) for a rule's pattern: ``(?:was|were|...)``."""
    return f"(?:{'|'.join(map(re.escape, words))})"


def rule_pattern(role: str) -> str:
    """The alternation of the rule words of ``role``, for a rule's regex."""
    return alternation(rule_words(role))



# --- weapons --------------------------------------------------------------------------------------------------

WEAPONS_FILE = "weapons.tsv"


@dataclass(frozen=True, slots=True)
class Weapon:
    phrase: str
    weapon: str  # a cue of cues.tsv with the role weapon: the event cue typing reads
    weight: float  # how strongly the phrase alone signals a conflict event


def parse_weapons(text: str, origin: str = WEAPONS_FILE) -> tuple[Weapon, ...]:
    """The rows of ``weapons.tsv``, checked: a lower-case phrase given once, a weapon of ``cues.tsv``, a weight in
    0-1."""
    kinds = cue_names("weapon")
    seen: dict[str, int] = {}
    out = []
    for number, cells in _numbered_rows(text):
        where = f"{origin}:{number}"
        if len(cells) != 3 or not cells[0]:
            raise KnowledgeError(f"{where}: write phrase, weapon, weight")
        phrase, weapon, weight = cells
        if phrase != phrase.lower():
            raise KnowledgeError(f"{where}: {phrase!r} must be written in lower case")
        if phrase in seen:
            raise KnowledgeError(f"{where}: {phrase!r} is given again (line {seen[phrase]})")
        if weapon not in kinds:
            raise KnowledgeError(f"{where}: weapon {weapon!r} is not one of {', '.join(kinds)} ({CUES_FILE})")
        try:
            value = float(weight)
        except ValueError:
            value = -1.0
        if not 0.0 <= value <= 1.0:
            raise KnowledgeError(f"{where}: weight {weight!r} is not a number from 0 to 1")
        seen[phrase] = number
        out.append(Weapon(phrase, weapon, value))
    return tuple(out)


@cache
def weapons() -> tuple[Weapon, ...]:
    return parse_weapons(data_text(WEAPONS_FILE))
