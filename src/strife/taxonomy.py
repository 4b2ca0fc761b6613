"""The one taxonomy (``data/taxonomy.tsv``, ``data/actor_types.tsv``): what every stage knows about a sub-event type.

Typing, actors, tolls, merging, incidents and exports ask this module for a sub-event type's attributes instead of
spelling type names; typing rules name the type they produce by its ``key``. The tables are validated when first
read: a bad row raises ``KnowledgeError`` naming the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from strife.errors import KnowledgeError

TAXONOMY_FILE, ACTOR_TYPES_FILE = "taxonomy.tsv", "actor_types.tsv"
OTHER = "OTHER"  # the schema's PLOVER type for what no category fits; it has no modes
NEARBY_RULES = frozenset({"", "any", "state"})
POLICE = "police"  # the qualifier of a default actor that is a state's police ("State forces:police")
KEY_RE = re.compile(r"^[a-z]+$")


@dataclass(frozen=True, slots=True)
class DefaultActor:
    """An actor the sub-event type implies: its ACLED type and, for state forces, a branch ("police")."""

    type: str
    branch: str | None = None


@dataclass(frozen=True, slots=True)
class SubEventType:
    """One row of ``taxonomy.tsv``."""

    name: str
    event_type: str
    disorder_type: str
    key: str
    plover_type: str
    plover_mode: str | None
    lethal: bool
    targets_civilians: bool
    two_sided: bool
    crowd: str | None
    deaths_as_cause_not_own: bool
    actor1_default: DefaultActor | None
    actor2_default: DefaultActor | None
    nearby_actor1: str
    merge_families: frozenset[str]
    escalates_to: str | None
    compatible_with: frozenset[str]
    interactions: tuple[int, ...]
    armed_actor1: bool


@dataclass(frozen=True, slots=True)
class ActorType:
    name: str
    inter_code: int
    armed: bool
    side: str  # what a named group of actors.yaml declares ("rebel")
    typing_side: str | None  # state / nonstate, or None


@dataclass(frozen=True)
class Taxonomy:
    """Both tables, cross-checked."""

    sub_types: dict[str, SubEventType]
    actor_types: dict[str, ActorType]

    def by_key(self, key: str) -> SubEventType:
        return self._keys[key]

    def __post_init__(self):
        object.__setattr__(self, "_keys", {s.key: s for s in self.sub_types.values()})


def _rows(text: str, origin: str) -> Iterable[tuple[int, dict[str, str]]]:
    """(line number, row by column name) of a tab-separated table with comment lines and a header."""
    header: list[str] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        if len(cells) != len(header):
            raise KnowledgeError(f"{origin}:{number}: {len(cells)} columns, the header has {len(header)}")
        yield number, dict(zip(header, (c.strip() for c in cells), strict=True))


def _flag(value: str, column: str, where: str) -> bool:
    if value not in ("yes", "no"):
        raise KnowledgeError(f"{where}: {column} must be yes or no, not {value!r}")
    return value == "yes"


def _default_actor(value: str, column: str, where: str, actor_types: dict[str, ActorType]) -> DefaultActor | None:
    if not value:
        return None
    kind, _, branch = value.partition(":")
    if kind not in actor_types:
        raise KnowledgeError(f"{where}: {column} {kind!r} is no actor type of {ACTOR_TYPES_FILE}")
    return DefaultActor(kind, branch or None)


def _interactions(value: str, where: str, actor_types: dict[str, ActorType]) -> tuple[int, ...]:
    codes = {a.inter_code for a in actor_types.values()} | {0}
    out = []
    for word in value.split():
        if not (word.isdigit() and len(word) == 2 and int(word[0]) in codes and int(word[1]) in codes
                and (word[1] == "0" or word[0] <= word[1])):
            raise KnowledgeError(f"{where}: interaction {word!r} is not two inter codes, the smaller first")
        out.append(int(word))
    return tuple(out)


def parse_actor_types(text: str, origin: str = ACTOR_TYPES_FILE) -> dict[str, ActorType]:
    out: dict[str, ActorType] = {}
    for number, row in _rows(text, origin):
        where = f"{origin}:{number}"
        if not row["inter_code"].isdigit():
            raise KnowledgeError(f"{where}: inter_code must be a digit, not {row['inter_code']!r}")
        if row["typing_side"] not in ("state", "nonstate", "-") or not row["side"]:
            raise KnowledgeError(f"{where}: needs a side, and a typing_side of state, nonstate or -")
        out[row["actor_type"]] = ActorType(row["actor_type"], int(row["inter_code"]),
                                           _flag(row["armed"], "armed", where), row["side"],
                                           None if row["typing_side"] == "-" else row["typing_side"])
    return out


def _sub_type(row: dict[str, str], where: str, actor_types: dict[str, ActorType],
              plover: dict[str, frozenset[str]]) -> SubEventType:
    for column in ("sub_event_type", "event_type", "disorder_type", "key", "plover_type"):
        if not row[column]:
            raise KnowledgeError(f"{where}: {column} is empty")
    if not KEY_RE.match(row["key"]):
        raise KnowledgeError(f"{where}: key {row['key']!r} must be lower-case letters")
    if row["plover_type"] not in plover and row["plover_type"] != OTHER:
        raise KnowledgeError(f"{where}: plover_type {row['plover_type']!r} is not a PLOVER category")
    if row["plover_mode"] and row["plover_mode"] not in plover.get(row["plover_type"], ()):
        raise KnowledgeError(f"{where}: plover_mode {row['plover_mode']!r} is not one of {row['plover_type']}'s")
    if row["crowd"] and row["crowd"] not in actor_types:
        raise KnowledgeError(f"{where}: crowd {row['crowd']!r} is no actor type of {ACTOR_TYPES_FILE}")
    if row["nearby_actor1"] not in NEARBY_RULES:
        raise KnowledgeError(f"{where}: nearby_actor1 must be blank, any or state, not {row['nearby_actor1']!r}")
    if not row["merge_families"]:
        raise KnowledgeError(f"{where}: merge_families is empty")
    return SubEventType(
        name=row["sub_event_type"], event_type=row["event_type"], disorder_type=row["disorder_type"],
        key=row["key"], plover_type=row["plover_type"], plover_mode=row["plover_mode"] or None,
        lethal=_flag(row["lethal"], "lethal", where),
        targets_civilians=_flag(row["targets_civilians"], "targets_civilians", where),
        two_sided=_flag(row["two_sided"], "two_sided", where), crowd=row["crowd"] or None,
        deaths_as_cause_not_own=_flag(row["deaths_as_cause_not_own"], "deaths_as_cause_not_own", where),
        actor1_default=_default_actor(row["actor1_default"], "actor1_default", where, actor_types),
        actor2_default=_default_actor(row["actor2_default"], "actor2_default", where, actor_types),
        nearby_actor1=row["nearby_actor1"], merge_families=frozenset(row["merge_families"].split()),
        escalates_to=row["escalates_to"] or None,
        compatible_with=frozenset(t for t in row["compatible_with"].split("|") if t),
        interactions=_interactions(row["interactions"], where, actor_types),
        armed_actor1=_flag(row["armed_actor1"], "armed_actor1", where),
    )


def parse_taxonomy(text: str, actor_types: dict[str, ActorType], plover: dict[str, frozenset[str]],
                   origin: str = TAXONOMY_FILE) -> Taxonomy:
    """The table, cross-checked: unique names and keys, every named type a row, compatibility symmetric, PLOVER
    categories and modes those of ``plover`` (category -> its modes)."""
    subs: dict[str, SubEventType] = {}
    lines: dict[str, int] = {}
    keys: dict[str, str] = {}
    for number, row in _rows(text, origin):
        sub = _sub_type(row, f"{origin}:{number}", actor_types, plover)
        if sub.name in subs or sub.key in keys:
            raise KnowledgeError(f"{origin}:{number}: {sub.name!r} or its key {sub.key!r} is given twice")
        subs[sub.name], lines[sub.name], keys[sub.key] = sub, number, sub.name
    for sub in subs.values():
        where = f"{origin}:{lines[sub.name]}"
        for other in sub.compatible_with | ({sub.escalates_to} - {None}):
            if other not in subs:
                raise KnowledgeError(f"{where}: {other!r} is no sub-event type of {origin}")
        for other in sub.compatible_with:
            if sub.name not in subs[other].compatible_with:
                raise KnowledgeError(f"{where}: {other!r} is compatible with {sub.name!r} but not the other way "
                                     f"(line {lines[other]})")
    return Taxonomy(subs, actor_types)


def load_taxonomy(taxonomy_path: Path | None = None, actor_types_path: Path | None = None) -> Taxonomy:
    """The shipped tables, or the given files (a test's, a user's)."""
    def read(path: Path | None, name: str) -> tuple[str, str]:
        if path is not None:
            return Path(path).read_text(encoding="utf-8"), str(path)
        return resources.files("strife.data").joinpath(name).read_text(encoding="utf-8"), name
    actor_text, actor_origin = read(actor_types_path, ACTOR_TYPES_FILE)
    text, origin = read(taxonomy_path, TAXONOMY_FILE)
    from strife.political import categories  # the PLOVER categories and modes the political coder reads

    plover = {c.name: c.modes for c in categories().values()}
    return parse_taxonomy(text, parse_actor_types(actor_text, actor_origin), plover, origin)


@cache
def taxonomy() -> Taxonomy:
    return load_taxonomy()


# --- what the stages ask --------------------------------------------------------------------------------------

def sub_type(name: str | None) -> SubEventType | None:
    """The row of a sub-event type; None for None or a name the table does not hold."""
    return taxonomy().sub_types.get(name) if name else None


def named(key: str) -> str:
    """The sub-event type a typing rule produces, by its key ("clash" -> the armed clash type)."""
    return taxonomy().by_key(key).name


def is_kind(sub_event_type: str | None, key: str) -> bool:
    """Whether the sub-event type is the one the taxonomy keys ``key`` ("arrests")."""
    row = sub_type(sub_event_type)
    return row is not None and row.key == key


def event_type_of(sub_event_type: str) -> str:
    return taxonomy().sub_types[sub_event_type].event_type


def has(sub_event_type: str | None, attribute: str) -> bool:
    """Whether the sub-event type is known and its yes/no (or non-blank) attribute is set."""
    row = sub_type(sub_event_type)
    return row is not None and bool(getattr(row, attribute))


def event_type_has(event_type: str | None, attribute: str) -> bool:
    """Whether the sub-event types of this event type have the attribute (all of them)."""
    rows = [s for s in taxonomy().sub_types.values() if s.event_type == event_type]
    return bool(rows) and all(getattr(s, attribute) for s in rows)


def compatible(a: str, b: str) -> bool:
    """Whether outlets commonly give these two sub-event types to one incident (a type always fits itself)."""
    row = sub_type(a)
    return a == b or (row is not None and b in row.compatible_with)


def escalation(a: str | None, b: str | None) -> bool:
    """Whether one type escalates into the other (two sentences of one crowd's story)."""
    ra, rb = sub_type(a), sub_type(b)
    return (ra is not None and ra.escalates_to == b) or (rb is not None and rb.escalates_to == a)


def disorder_type(sub_event_type: str | None, event_type: str | None) -> str:
    """ACLED's disorder type: the sub-type's row, else that of any sub-type of the event type."""
    row = sub_type(sub_event_type)
    if row is not None:
        return row.disorder_type
    return next((s.disorder_type for s in taxonomy().sub_types.values() if s.event_type == event_type), "")


def inter_code(actor_type: str | None) -> int | str:
    """ACLED's inter code of an actor type; blank for none or an unknown one."""
    row = taxonomy().actor_types.get(actor_type) if actor_type else None
    return row.inter_code if row is not None else ""


def unarmed_types() -> frozenset[str]:
    return frozenset(a.name for a in taxonomy().actor_types.values() if not a.armed)


def actor_type(side: str) -> str:
    """The actor type of a side of actor_types.tsv ("state" -> State forces, "civilians" -> Civilians)."""
    return next(a.name for a in taxonomy().actor_types.values() if a.side == side)


def armed_types() -> frozenset[str]:
    return frozenset(a.name for a in taxonomy().actor_types.values() if a.armed)


def crowd_types() -> frozenset[str]:
    return frozenset(s.crowd for s in taxonomy().sub_types.values() if s.crowd)


def plover_of(sub_event_type: str | None) -> tuple[str | None, str | None]:
    """(plover_type, plover_mode): an ACLED event's PLOVER equivalent; (None, None) for an unknown type."""
    row = sub_type(sub_event_type)
    return (row.plover_type, row.plover_mode) if row is not None else (None, None)
