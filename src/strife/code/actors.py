"""Actors: who acted (actor1) and who was acted upon (actor2), ACLED-style names (coding guide section 3).

Names come from data: named organisations with their aliases (``actors.yaml``), a state's forces built from
a country word ("Syrian", "Russia's", "Kenyan", "troops loyal to Assad") and a force word ("army",
"warplanes", "police"; ``state_forces.tsv``, ``countries.tsv`` with pycountry's names), and generic actors
qualified by the country ("Civilians (Syria)"). A force word alone ("the army", "regime forces") means the
forces of the country the event happens in. Roles come from the sentence's dependency parse when it has one,
else from word order.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources
from typing import NamedTuple

import pycountry

from strife import knowledge, taxonomy
from strife.reading import Reading, reading_of
from strife.records import Actor, Mention, ParsedArticle, Sentence, Token, span_of
from strife.words import Word, split_words

ACTOR1, ACTOR2 = "actor1", "actor2"
TITLE_CASE_SHARE = 0.6  # a sentence with more capitalised words than this is a headline in title case
LOYAL_WINDOW = 6  # tokens after "loyal to" searched for a country word or leader
VICTIM_SENTENCES = 2  # sentences after a mention whose killed or wounded may be its actor2
BEFORE_REACH = 30  # characters before a name read for the words that give it a role ("controlled by the")
SUBJECTS = ("nsubj", "nsubjpass", "csubj")
PEOPLE = "people"  # the role hint of a people's name: acted upon, or no role
STATE, CIVILIANS, MILITIA = "state", "civilians", "militia"  # sides of actor_types.tsv (taxonomy.actor_type)

PASSIVE_RE = re.compile(rf"\b{knowledge.rule_pattern('passive_before_actor')}\s+(?:\w+ly\s+)?$")
BACKED_RE = re.compile(rf"-{knowledge.rule_pattern('backing')}$")  # "Iran-backed"
HELD_BY = re.compile(rf"\b{knowledge.rule_pattern('holder_participle')}\s+by\s+(?:the\s+)?$")
BY_BEFORE = re.compile(rf"\b{knowledge.rule_pattern('agent_preposition')}\s+(?:the\s+)?$")
TARGET_BEFORE = re.compile(rf"\b{knowledge.rule_pattern('target_preposition')}\s+(?:the\s+)?$")
PLACE_BEFORE = re.compile(rf"\b{knowledge.rule_pattern('place_preposition_of_country')}\s+$")


@dataclass(frozen=True, slots=True)
class Found:
    """An actor named in a sentence: tokens ``first``..``last`` (exclusive), offsets into the text."""

    first: int
    last: int
    start: int
    end: int
    name: str
    type: str
    country: str | None
    role_hint: str | None = None  # actor2 for people usually acted upon (civilians)
    bare_country: bool = False  # a country's name alone ("Russia struck"): an actor only as a subject


# ---------------------------------------------------------------- data


def data_text(name: str) -> str:
    return resources.files("strife.data").joinpath(name).read_text("utf-8")


def tsv_rows(name: str) -> list[list[str]]:
    lines = [ln for ln in data_text(name).splitlines() if ln.strip() and not ln.startswith("#")]
    return [ln.split("\t") for ln in lines[1:]]


@functools.cache
def country_names() -> dict[str, str]:
    """ISO2 -> the country's common English name ("Syria", "Russia", "Iran")."""
    names = {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    for w in knowledge.country_words("name", "metonym"):  # a country pycountry lacks (Kosovo): its first name
        names.setdefault(w.country, w.word)
    simple = {"Iran, Islamic Republic of": "Iran", "Syrian Arab Republic": "Syria",
              "Russian Federation": "Russia", "Korea, Republic of": "South Korea",
              "Korea, Democratic People's Republic of": "North Korea", "Palestine, State of": "Palestine",
              "Congo, The Democratic Republic of the": "Democratic Republic of Congo",
              "Venezuela, Bolivarian Republic of": "Venezuela", "Tanzania, United Republic of": "Tanzania",
              "Moldova, Republic of": "Moldova", "Lao People's Democratic Republic": "Laos",
              "Viet Nam": "Vietnam", "Bolivia, Plurinational State of": "Bolivia", "Türkiye": "Turkey"}
    return {k: simple.get(v, v) for k, v in names.items()}


class Lexicon(NamedTuple):
    """Phrases as token tuples: ``folded`` matched on lower case, ``exact`` (acronyms) as written;
    ``starts`` maps every first token (folded and exact) to the lengths of the phrases it begins, so that most
    tokens are passed over at once and only those lengths are looked up."""

    folded: dict[tuple[str, ...], object]
    exact: dict[tuple[str, ...], object]
    starts: dict[str, set[int]]


def add_phrase(lex: Lexicon, phrase: str, value: object) -> None:
    toks = tuple(t.text for t in split_words(phrase, "names"))
    if not toks:
        return
    if knowledge.is_acronym(phrase):
        lex.exact.setdefault(toks, value)
        lex.starts.setdefault(toks[0], set()).add(len(toks))
    else:
        lex.folded.setdefault(tuple(t.lower() for t in toks), value)
        lex.starts.setdefault(toks[0].lower(), set()).add(len(toks))


@functools.cache
def country_words() -> Lexicon:
    """Country adjectives, names and metonyms -> ISO2."""
    lex = Lexicon({}, {}, {})
    for w in knowledge.country_words("demonym", "name", "metonym"):  # a people ("Syrians") is no state
        add_phrase(lex, w.word, w.country)
    for c in pycountry.countries:
        for name in {c.name, getattr(c, "common_name", c.name), getattr(c, "official_name", c.name),
                     country_names()[c.alpha_2]}:
            add_phrase(lex, name, c.alpha_2)
    return lex


@functools.cache
def people_words() -> Lexicon:
    """A country's people as a plural noun ("Palestinians", "Iraqis") -> ISO2: its civilians when acted upon."""
    lex = Lexicon({}, {}, {})
    for w in knowledge.country_words("people"):
        add_phrase(lex, w.word, w.country)
    return lex


@functools.cache
def force_words() -> dict[tuple[str, ...], tuple[str, bool]]:
    """Force phrase -> (branch, standalone)."""
    return {tuple(t.lower() for t in (x.text for x in split_words(p, "names"))): (b, s == "yes")
            for p, b, s in tsv_rows("state_forces.tsv")}


def actor_data() -> dict:
    """The actor knowledge base (``actors.yaml``), validated (strife.knowledge)."""
    return knowledge.actor_kb()


@functools.cache
def named_actors() -> Lexicon:
    """Alias -> the named actor's entry."""
    lex = Lexicon({}, {}, {})
    for entry in actor_data()["named"]:
        for alias in [entry["name"], *entry["aliases"]]:
            add_phrase(lex, str(alias), entry)
    return lex


@functools.cache
def generic_actors() -> dict[tuple[str, ...], dict]:
    """Generic word -> its entry ("civilians" -> Civilians ({country}))."""
    out: dict[tuple[str, ...], dict] = {}
    for entry in actor_data()["generic"]:
        for word in entry["words"]:
            out.setdefault(tuple(t.low for t in split_words(str(word), "names")), entry)
    return out


# ---------------------------------------------------------------- names


def state_forces(country: str | None, branch: str = "military") -> Actor:
    kind = "Police Forces" if branch == "police" else "Military Forces"
    name = f"{kind} of {country_names().get(country, country)}" if country else kind
    return Actor(name, taxonomy.actor_type(STATE), country)


def generic_actor(entry: dict, country: str | None) -> Actor:
    where = country_names().get(country, country) if country else "International"
    return Actor(entry["name"].format(country=where), entry["type"], country)


def named_actor(entry: dict, country: str | None, when: dt.date | None = None) -> Actor:
    """A named group's actor; one that took power is the state's forces in reports from that date on."""
    later = entry.get("becomes")
    if later and when is not None and when >= later["since"]:
        return Actor(later["name"], knowledge.actor_type_of(later["side"]), entry.get("country") or country)
    return Actor(entry["name"], knowledge.actor_type_of(entry["side"]), entry.get("country") or country)


@functools.cache
def stand_in_names() -> tuple[str, ...]:
    """The name prefixes ("Rebels (") of the generic actors whose words may stand for a named group."""
    return tuple(e["name"].split("{")[0] for e in actor_data()["generic"] if e.get("stands_in"))


def same_side(a: Actor | Found, b: Actor | Found) -> bool:
    """Whether two actors of one story are one side: the same name, or a named non-state group and the generic
    words news uses for it once named ("Islamic State ... the militants", "Al-Shabaab ... the insurgents")."""
    if a.name == b.name:
        return True
    named_a, named_b = knowledge.entry_named(a.name) is not None, knowledge.entry_named(b.name) is not None
    if named_a == named_b:
        return False
    named, other = (a, b) if named_a else (b, a)
    kind = taxonomy.taxonomy().actor_types.get(named.type or "")
    return kind is not None and kind.typing_side == "nonstate" and other.name.startswith(stand_in_names())


def generic_entry(actor_type: str) -> dict:
    return next(e for e in actor_data()["generic"] if e["type"] == actor_type)


# ---------------------------------------------------------------- finding actors in text


def match_at(toks: Sequence[Word], i: int, lex: Lexicon) -> tuple[int, object] | None:
    """(length, value) of the longest phrase of ``lex`` starting at token ``i``."""
    tok = toks[i]
    folded, exact = lex.starts.get(tok.low), lex.starts.get(tok.text)
    if folded is None and exact is None:
        return None
    lengths = (folded or set()) | (exact or set())
    longest = len(toks) - i  # the lexicon gives the lengths its phrases have
    for n in sorted((n for n in lengths if n <= longest), reverse=True):
        window = toks[i:i + n]
        value = lex.exact.get(tuple(t.text for t in window)) or lex.folded.get(tuple(t.low for t in window))
        if value is not None:
            return n, value
    return None


def folded_table(table_name: str) -> dict[tuple[str, ...], object]:
    """The force words or the generic actors: phrases of up to four lower-case words."""
    return force_words() if table_name == "force" else generic_actors()


@functools.cache
def first_word_lengths(table_name: str) -> dict[str, tuple[int, ...]]:
    """First word -> the lengths of the phrases it begins in a folded table, longest first."""
    lengths: dict[str, set[int]] = {}
    for phrase in folded_table(table_name):
        lengths.setdefault(phrase[0], set()).add(len(phrase))
    return {word: tuple(sorted(ns, reverse=True)) for word, ns in lengths.items()}


def folded_at(toks: Sequence[Word], i: int, table_name: str) -> tuple[int, object] | None:
    """(length, value) of the longest phrase of a folded table (up to four words) starting at token ``i``."""
    if i >= len(toks):
        return None
    longest = min(4, len(toks) - i)
    for n in first_word_lengths(table_name).get(toks[i].low, ()):
        if n <= longest:
            value = folded_table(table_name).get(tuple(t.low for t in toks[i:i + n]))
            if value:
                return n, value
    return None


def force_at(toks: Sequence[Word], i: int) -> tuple[int, tuple[str, bool]] | None:
    return folded_at(toks, i, "force")


def generic_at(toks: Sequence[Word], i: int) -> tuple[int, dict] | None:
    return folded_at(toks, i, "generic")


def sentence_actors(sentence: Sentence, country: str | None, when: dt.date | None) -> tuple[Found, ...]:
    """The actors named in a sentence (``find_actors``), found once for all the mentions of its article."""
    return sentence.annotation(("actors", country, when), lambda: find_actors(sentence.text, country, when))


def find_actors(text: str, country: str | None, when: dt.date | None = None) -> tuple[Found, ...]:
    """Every actor named in ``text`` (a sentence), longest names first, in text order; ``when`` is the
    report's date (names of groups that took power change with it)."""
    toks = split_words(text, "names")
    found, i = [], 0
    title_case = sum(t.text[:1].isupper() for t in toks) > TITLE_CASE_SHARE * len(toks)
    while i < len(toks):
        if not may_begin_actor(toks[i], not title_case):
            i += 1
            continue
        hit = None if title_case else proper_name_at(toks, i, country)
        hit = hit or actor_at(toks, i, country, when)
        if hit is None:
            i += 1
            continue
        found.append(hit)
        i = hit.last
    return tuple(found)


@functools.cache
def actor_first_words() -> frozenset[str]:
    """Every word that begins a named actor, a country word, a force or a generic actor."""
    return frozenset().union(named_actors().starts, country_words().starts, first_word_lengths("force"),
                             first_word_lengths("generic"), word_set("member_words"), people_words().starts)


def may_begin_actor(tok: Word, proper_names: bool) -> bool:
    """Whether any of the lookups of ``actor_at`` (or ``proper_name_at``, a capitalised word) can succeed at
    ``tok``: most words begin no actor and are passed over at once."""
    return (proper_names and tok.text[:1].isupper()) or tok.low in actor_first_words() \
        or tok.text in actor_first_words() or tok.low.endswith("-led")


def actor_at(toks: Sequence[Word], i: int, country: str | None, when: dt.date | None = None) -> Found | None:
    """The actor whose name starts at token ``i``: a named group (with its members: "IS fighters", "members of
    Boko Haram"), a country's forces, or a generic actor."""
    members = members_of_named(toks, i, country, when)
    if members:
        return members
    named = match_at(toks, i, named_actors())
    qualified = qualified_at(toks, i, country)
    if named and (not qualified or named[0] >= qualified.last - i):
        actor = named_actor(named[1], country, when)
        last = i + named[0]
        if last < len(toks) and toks[last].low in word_set("member_words"):  # "Jaish al-Islam fighters"
            last += 1
        return found_of(toks, i, last, actor)
    if qualified:
        return qualified
    force = force_at(toks, i)
    if force and force[1][1]:
        last = i + force[0]
        owner = loyal_to(toks, last)
        if owner:
            return found_of(toks, i, owner[1], state_forces(owner[0], force[1][0]))
        return found_of(toks, i, last, state_forces(country, force[1][0]))
    if force:
        owner = loyal_to(toks, i + force[0])
        if owner:
            return found_of(toks, i, owner[1], state_forces(owner[0], force[1][0]))
    generic = generic_at(toks, i)
    if generic:
        entry = generic[1]
        return found_of(toks, i, i + generic[0], generic_actor(entry, country), entry.get("role"))
    people = match_at(toks, i, people_words())
    if people:  # "killed three Palestinians": the people's civilians, never an actor1 ("the Russians shelled")
        civilians = generic_actor(generic_entry(taxonomy.actor_type(CIVILIANS)), people[1])
        return found_of(toks, i, i + people[0], civilians, PEOPLE)
    return None


def members_of_named(toks: Sequence[Word], i: int, country: str | None, when: dt.date | None) -> Found | None:
    """"fighters of the Islamic State", "members of Boko Haram": a member word, "of", a named group."""
    if toks[i].low not in word_set("member_words") or i + 2 >= len(toks) or toks[i + 1].low != "of":
        return None
    j = i + 3 if toks[i + 2].low == "the" else i + 2
    named = match_at(toks, j, named_actors()) if j < len(toks) else None
    if named is None:
        return None
    return found_of(toks, i, j + named[0], named_actor(named[1], country, when))


def proper_name_at(toks: Sequence[Word], i: int, country: str | None) -> Found | None:
    """A capitalised name ending in a military word ("United Wa State Army", "National Army", "Manbij
    Military Council") that the dictionary does not know: a country word in it makes it that state's forces
    ("Somali National Army"); otherwise it is an armed group of its own, coded as a political militia (a
    rebel group would need evidence that it fights to replace the state)."""
    if match_at(toks, i, named_actors()) or not toks[i].text[:1].isupper() or toks[i].low == "the":
        return None
    j = i
    military, organisation = word_set("military_name_words"), word_set("organisation_words")
    while j < len(toks) and toks[j].text[:1].isupper() and toks[j].low not in military:
        j += 1
    if j == i or j >= len(toks) or toks[j].low not in military or not toks[j].text[:1].isupper():
        return None
    last = j + 1
    if last < len(toks) and toks[last].low in organisation and toks[last].text[:1].isupper():
        last += 1
    name = " ".join(t.text for t in toks[i:last])
    if last < len(toks) and toks[last].low in word_set("member_words"):  # "... Army fighters"
        last += 1
    if any(match_at(toks, k, named_actors()) or force_at(toks, k) for k in range(i, j)):
        return None  # a known name or a force phrase ("Regime Forces") inside: the usual rules read it
    owner = next((hit[1] for k in range(i, j) if (hit := match_at(toks, k, country_words()))), None)
    if owner:
        return found_of(toks, i, last, state_forces(owner))
    return found_of(toks, i, last, Actor(name, taxonomy.actor_type(MILITIA), country))


def qualified_at(toks: Sequence[Word], i: int, country: str | None) -> Found | None:
    """A country word then a force or generic word: "Syrian troops", "Russia's air force", "Afghan civilians";
    or a country alone ("Israel"), kept as a possible subject."""
    if BACKED_RE.search(toks[i].low):
        return None
    words = country_words()
    hit = match_at(toks, i, words)
    led = None
    if hit is None and toks[i].low.endswith("-led"):
        led = match_at([toks[i]._replace(text=toks[i].text[:-4], low=toks[i].low[:-4])], 0, words)
        hit = (1, led[1]) if led else None
    if hit is None:
        return None
    n, iso2 = hit
    j = i + n
    if j < len(toks) and toks[j].low in ("-led", "led") and not led:
        j += 1
    force = force_at(toks, j)
    if force:
        return found_of(toks, i, j + force[0], state_forces(iso2, force[1][0]))
    generic = generic_at(toks, j)
    if generic and generic[1]["type"] != taxonomy.actor_type(STATE):
        entry = generic[1]
        return found_of(toks, i, j + generic[0], generic_actor(entry, iso2), entry.get("role"))
    if toks[i].text[:1].isupper() and j == i + n and iso2 != country or country is None:
        return found_of(toks, i, i + n, state_forces(iso2), bare=True)
    return None


def loyal_to(toks: Sequence[Word], j: int) -> tuple[str, int] | None:
    """(ISO2, end token) for "... loyal to (President Bashar al-) Assad", "... of the Syrian regime"."""
    if j + 1 < len(toks) and (toks[j].low, toks[j + 1].low) in (("loyal", "to"), ("backed", "by")):
        if toks[j].low == "backed":
            return None
        for k in range(j + 2, min(j + 2 + LOYAL_WINDOW, len(toks))):
            hit = match_at(toks, k, country_words())
            if hit:
                return hit[1], k + hit[0]
    if j + 2 < len(toks) and toks[j].low == "of" and toks[j + 1].low == "the":
        hit = match_at(toks, j + 2, country_words())
        if hit:
            end = j + 2 + hit[0]
            if end < len(toks) and toks[end].low in knowledge.rule_words("state_noun"):
                end += 1
            return hit[1], end
    return None


def found_of(toks: Sequence[Word], first: int, last: int, actor: Actor, role: str | None = None,
             bare: bool = False) -> Found:
    return Found(first, last, toks[first].start, toks[last - 1].end, actor.name, actor.type or "",
                 actor.country, role, bare)


# ---------------------------------------------------------------- lookup (the CLI's and other coders')


def lookup(name: str, country: str | None = None) -> Actor | None:
    """What a name resolves to ("Russian warplanes" -> Military Forces of Russia); None when unknown."""
    found = find_actors(name, country)
    if not found:
        return None
    best = max(found, key=lambda f: f.last - f.first)
    return Actor(best.name, best.type, best.country)


# ---------------------------------------------------------------- roles


def actors_for(article: ParsedArticle, mention: Mention,
               country: str | None) -> tuple[Actor | None, Actor | None]:
    """(actor1, actor2) of a mention: named in its sentence with roles from the parse, else the defaults of
    its sub-event type (a protest's protesters, an air strike's state forces)."""
    sentence, when = mention.sentence, article.clean.published
    found = [shift(f, sentence.start) for f in sentence_actors(sentence, country, when)]
    roles = assign_roles(sentence, found, mention.trigger.start)
    text = article.clean.text
    if taxonomy.has(mention.sub_event_type, "crowd"):
        return crowd_roles(text, mention.sub_event_type, found, roles, country)
    actor1, actor2 = (with_span(text, roles.get(r), r) for r in (ACTOR1, ACTOR2))
    if taxonomy.has(mention.sub_event_type, "two_sided") and actor2 is not None \
            and actor2.type in taxonomy.unarmed_types():
        actor2 = None  # a battle's sides are armed: the villages taken, the residents caught in it are not one
    if actor1 is None:
        actor1 = demonym_attacker(article, mention) or nearby_armed_actor(article, mention, country, actor2)
    actor1, actor2 = fill_defaults(mention.sub_event_type, actor1, actor2, country)
    if actor2 is None and taxonomy.has(mention.sub_event_type, "two_sided"):
        actor2 = other_armed_side(article, mention, found, actor1, country)
    if actor2 is None and taxonomy.has(mention.sub_event_type, "lethal") \
            and not taxonomy.has(mention.sub_event_type, "two_sided"):
        actor2 = victims_told_next(article, mention, country, actor1)
    return actor1, actor2


def unnamed_victims(sub_event_type: str | None, country: str | None, actor1: Actor | None,
                    harmed_anyone: bool) -> Actor | None:
    """The civilians of the country when a strike or bomb killed or hurt people the text does not name: its
    victims are civilians unless the text says they were fighters or soldiers (a battle's are not: its sides
    are armed)."""
    if not harmed_anyone or not taxonomy.has(sub_event_type, "lethal") or taxonomy.has(sub_event_type, "two_sided"):
        return None
    civilians = generic_actor(generic_entry(taxonomy.actor_type(CIVILIANS)), country)
    return civilians if actor1 is None or actor1.name != civilians.name else None


def victims_told_next(article: ParsedArticle, mention: Mention, country: str | None,
                      actor1: Actor | None) -> Actor | None:
    """The people the next sentences of the paragraph say were killed or hurt ("A shell hit the market. Two
    civilians were killed."), when the mention's own sentence names none: the side acted upon (actor2) of an
    event that harms people by its nature (a battle's other side is armed: its victims are not it)."""
    later = sorted((s for s in article.sentences if s.paragraph == mention.sentence.paragraph
                    and s.index > mention.sentence.index and not s.in_caption), key=lambda s: s.index)
    for s in later[:VICTIM_SENTENCES]:
        for f in sentence_actors(s, country, article.clean.published):
            if victim_re().match(s.text[f.end:]) and (actor1 is None or f.name != actor1.name):
                return with_span(article.clean.text, shift(f, s.start), ACTOR2)
    return None


def demonym_attacker(article: ParsedArticle, mention: Mention) -> Actor | None:
    """"Syrian air raids", "Nigerian shelling": a country adjective right before the trigger of a type that
    states mostly carry out (its default actor1 is a state's forces) names that state's forces, the event's own
    country's too (which a country word alone never names: "a Syrian town")."""
    row = taxonomy.sub_type(mention.sub_event_type)
    if row is None or row.actor1_default is None or row.actor1_default.type != taxonomy.actor_type(STATE):
        return None
    before = article.clean.text[mention.sentence.start:mention.trigger.start]
    toks = split_words(before, "names")
    if not toks or before[toks[-1].end:].strip():
        return None
    for n in (2, 1):
        hit = match_at(toks, len(toks) - n, country_words()) if len(toks) >= n else None
        if hit and hit[0] == n and toks[-n].text[:1].isupper():
            start = mention.sentence.start + toks[-n].start
            forces = state_forces(hit[1], row.actor1_default.branch or "military")
            return replace(forces, span=span_of(article.clean.text, start, mention.sentence.start + toks[-1].end,
                                                ACTOR1))
    return None


def other_armed_side(article: ParsedArticle, mention: Mention, found: list[Found], actor1: Actor | None,
                     country: str | None) -> Actor | None:
    """A battle's other side when no role named it: another armed actor of the mention's sentence (nearest the
    trigger), else of the sentences around it in its paragraph ("Militants stormed the post. Three soldiers were
    killed."). A battle has two armed sides (coding guide §3); who only reports it is neither."""
    here = mention.sentence
    trigger = mention.trigger.start
    own = sorted(found, key=lambda f: abs(f.start - trigger))
    near = sorted((s for s in article.sentences if s.paragraph == here.paragraph and s.index != here.index
                   and abs(s.index - here.index) <= VICTIM_SENTENCES and not s.in_caption),
                  key=lambda s: (abs(s.index - here.index), s.index))
    for s, candidates in ((here, own), *((s, [shift(f, s.start) for f in sentence_actors(
            s, country, article.clean.published)]) for s in near)):
        for f in candidates:
            if f.type in taxonomy.unarmed_types() or f.bare_country \
                    or (actor1 is not None and same_side(actor1, f)) \
                    or reporter_re().match(article.clean.text[f.end:]) \
                    or (s.tokens and reports(s, f)):
                continue
            return with_span(article.clean.text, f, ACTOR2)
    return None


def nearby_armed_actor(article: ParsedArticle, mention: Mention, country: str | None,
                       actor2: Actor | None) -> Actor | None:
    """When the mention's sentence names no one who acted: the armed actor named nearest to it in the
    article (same paragraph first), for event types whose default cannot guess the side. Air strikes and
    shelling keep their default (state forces) unless the nearest armed actor is a state's too. The police
    and those who only report ("the army said") are passed over: elsewhere in a story they mostly tell of or
    respond to the event."""
    row = taxonomy.sub_type(mention.sub_event_type)
    if row is None or not row.nearby_actor1:
        return None
    state_only = row.nearby_actor1 == "state"
    here = mention.sentence
    others = sorted((s for s in article.sentences if s.index != here.index and not s.in_caption),
                    key=lambda s: (s.paragraph != here.paragraph, abs(s.index - here.index)))
    for s in others:
        for f in sentence_actors(s, country, article.clean.published):
            if f.type in taxonomy.unarmed_types() or f.bare_country or f.name.startswith("Police Forces") \
                    or (actor2 is not None and f.name == actor2.name) or reporter_re().match(s.text[f.end:]) \
                    or victim_re().match(s.text[f.end:]):
                continue
            if state_only and f.type != taxonomy.actor_type(STATE):
                return None
            actor = shift(f, s.start)
            return with_span(article.clean.text, actor, ACTOR1)
    return None


def crowd_roles(text: str, sub_event_type: str | None, found: list[Found], roles: dict[str, Found],
                country: str | None) -> tuple[Actor | None, Actor | None]:
    """ACLED's convention for protests and riots: the crowd is actor1 (protesters, or rioters when violent),
    whoever faced it actor2; where a force struck the crowd (the taxonomy row's actor2 is the crowd), the
    force is actor1."""
    row = taxonomy.sub_type(sub_event_type)
    crowds, civilians = taxonomy.crowd_types(), taxonomy.actor_type(CIVILIANS)
    crowd = next((f for f in found if f.type in crowds), None)
    if crowd is None:
        crowd = next((f for f in found if f.type == civilians and roles.get(ACTOR1) is f), None)
    told = [f for f in found if not reporter_re().match(text[f.end:])]  # "..., police said" only tells of it
    other = next((f for f in (roles.get(ACTOR1), roles.get(ACTOR2), *told)
                  if f is not None and f.type not in (*crowds, civilians)), None)
    crowd_actor = generic_actor(generic_entry(row.crowd), crowd.country if crowd else country)
    faced = row.actor2_default
    if faced is not None and faced.type == row.crowd:  # the force is actor1, the crowd it struck actor2
        force = with_span(text, other, ACTOR1) if other else default_actor(row.actor1_default, country)
        return force, with_named_span(text, crowd_actor, crowd, ACTOR2)
    if other is None and faced is not None and faced.type == civilians:  # a mob's victims, when named
        victims = next((f for f in found if f.type == civilians and f is not crowd), None)
        return with_named_span(text, crowd_actor, crowd, ACTOR1), with_span(text, victims, ACTOR2)
    if other is None and faced is not None:
        return with_named_span(text, crowd_actor, crowd, ACTOR1), default_actor(faced, country)
    return with_named_span(text, crowd_actor, crowd, ACTOR1), with_span(text, other, ACTOR2)


def with_named_span(text: str, actor: Actor, f: Found | None, field_name: str) -> Actor:
    """``actor`` (a name the event type decides) with the span of the words that named it, when any."""
    if f is None:
        return actor
    return Actor(actor.name, actor.type, actor.country, span_of(text, f.start, f.end, field_name))


def shift(f: Found, base: int) -> Found:
    return Found(f.first, f.last, f.start + base, f.end + base, f.name, f.type, f.country, f.role_hint,
                 f.bare_country)


def with_span(text: str, f: Found | None, field_name: str) -> Actor | None:
    if f is None:
        return None
    return Actor(f.name, f.type or None, f.country, span_of(text, f.start, f.end, field_name))


def assign_roles(sentence: Sentence, found: list[Found], trigger_start: int) -> dict[str, Found]:
    """Role -> actor: those tied to the trigger in the parse first, then the nearest; civilians never act,
    and actor2 is never the same actor as actor1."""
    trigger = reading_of(sentence).token_at(trigger_start)
    governors = trigger_governors(sentence, trigger)
    scored = []
    for f in found:
        tied = bool(governors) and tied_to(sentence, f, governors)
        if tied:
            role = parsed_role(sentence, f, trigger_start) or order_role(sentence, f, trigger_start)
        elif reports(sentence, f):
            role = None
        elif governors and governed_elsewhere(sentence, f):
            role = ACTOR2 if harmed(sentence, f) else None
        else:
            role = order_role(sentence, f, trigger_start)
        if role == ACTOR1 and f.type == taxonomy.actor_type(CIVILIANS):
            role = None if f.role_hint == PEOPLE else ACTOR2
        if role and not (f.bare_country and role != ACTOR1):
            spared = role == ACTOR2 and bool(sentence.tokens) and not harmed(sentence, f)
            scored.append(((spared, not tied, abs(f.start - trigger_start)), role, f))  # the killed over the hit
    roles: dict[str, Found] = {}
    for _, role, f in sorted(scored, key=lambda x: x[0]):
        if role not in roles and not (role == ACTOR2 and ACTOR1 in roles and roles[ACTOR1].name == f.name):
            roles[role] = f
    if ACTOR1 in roles and ACTOR2 in roles and roles[ACTOR1].name == roles[ACTOR2].name:
        del roles[ACTOR2]
    return roles


def trigger_governors(sentence: Sentence, trigger: Token | None) -> frozenset[int]:
    """The trigger and the words above it up to its verb ("carried out" in "carried out air strikes")."""
    if trigger is None:
        return frozenset()
    reading = reading_of(sentence)
    out, tok = {trigger.i}, trigger
    for _ in range(4):
        if tok.head == tok.i or tok.pos in ("VERB", "AUX") and not (tok is trigger and tok.dep in SUBJECTS):
            break  # a trigger read as a gerund subject ("shelling ... killed a woman") still reaches its verb
        tok = reading.head(tok)
        out.add(tok.i)
    first = reading.head(tok)
    if tok.dep == "conj" and tok.pos == "VERB" and first.pos == "VERB":
        out.add(first.i)  # "X attacked the base and clashed with Y": the first verb's subject is the trigger's
    return frozenset(out)


def tied_to(sentence: Sentence, f: Found, governors: frozenset[int]) -> bool:
    """Whether the trigger's clause governs the actor's name: the path up the parse from the name reaches
    the trigger or its verb before any other verb."""
    tok = head_token(sentence, f)
    for _ in range(8):
        if tok is None or tok.head == tok.i:
            return tok is not None and tok.i in governors
        tok = reading_of(sentence).head(tok)
        if tok.i in governors:
            return True
        if tok.pos in ("VERB", "AUX"):
            return False
    return False


def governed_elsewhere(sentence: Sentence, f: Found) -> bool:
    """Whether the actor is the subject or object of another verb than the trigger's."""
    tok = head_token(sentence, f)
    return tok is not None and tok.dep in ("nsubj", "nsubjpass", "dobj", "csubj")


def harmed(sentence: Sentence, f: Found) -> bool:
    """Whether the actor is the one a harm verb of the sentence struck ("..., killing two civilians", "two
    soldiers were wounded"): the victims of the sentence's event even where the parse ties them to another
    verb than the trigger's."""
    tok = head_token(sentence, f)
    return tok is not None and tok.dep in ("dobj", "nsubjpass") \
        and reading_of(sentence).head(tok).lemma.lower() in word_set("harm_verbs")


def reports(sentence: Sentence, f: Found) -> bool:
    """Whether the actor only reports ("the army said", "according to police", "rebels and activists
    accused")."""
    tok = head_token(sentence, f)
    if tok is None:
        return False
    reading = reading_of(sentence)
    while tok.dep in ("conj", "appos") and tok.head != tok.i:
        tok = reading.head(tok)
    head = reading.head(tok)
    return tok.dep in ("nsubj", "pobj") and (head.lemma.lower() in knowledge.reporting_words("credits")
                                              or head.text.lower() == "to" and tok.dep == "pobj"
                                              and reading.head(head).text.lower() == "according")


def head_token(sentence: Sentence, f: Found) -> Token | None:
    """The token of an actor's name whose syntactic head lies outside the name."""
    reading = reading_of(sentence)
    inside = reading.tokens_from(f.start, f.end)
    for t in inside:
        head = reading.head(t)
        if not (f.start <= head.start < f.end) or t.head == t.i:
            return t
    return inside[-1] if inside else None


def parsed_role(sentence: Sentence, f: Found, trigger_start: int) -> str | None:
    """The role the dependency parse gives an actor: subject or agent acts; object, passive subject, the
    target of "on"/"against" is acted upon; "clashes between X and Y" makes X actor1 and Y actor2."""
    tok = head_token(sentence, f)
    if tok is None:
        return None
    reading = reading_of(sentence)
    while tok.dep in ("conj", "appos", "compound", "amod") and tok.head != tok.i:
        head = reading.head(tok)
        if tok.dep == "conj" and head.dep == "pobj" and reading.head(head).text.lower() == "between":
            return ACTOR2
        if tok.dep == "compound" and head.start <= trigger_start < head.end:
            return ACTOR1
        if tok.dep == "amod" and (head.start <= trigger_start < head.end or head.dep not in ("dobj", "nsubjpass")):
            break  # "Russian strikes": read as a modifier below; "attacked a military base": the base's role
        if tok.dep == "compound" and head.dep not in ("nsubj", "nsubjpass", "dobj", "pobj", "agent"):
            return None
        tok = head
    return role_of_dep(reading, tok, trigger_start)


def role_of_dep(reading: Reading, tok: Token, trigger_start: int) -> str | None:
    head = reading.head(tok)
    lemma = head.lemma.lower()
    if tok.dep in ("nsubj", "csubj"):
        if lemma in knowledge.reporting_words("credits"):
            return None
        headline_passive = head.tag == "VBN" and not any(t.dep == "dobj" for t in reading.dependents(head))
        return ACTOR2 if lemma in word_set("victim_verbs") or headline_passive else ACTOR1
    if tok.dep in ("nsubjpass", "dobj", "attr"):
        return ACTOR2
    if tok.dep in ("poss", "amod", "nmod", "compound") and head.start <= trigger_start < head.end + 40:
        return ACTOR1
    if tok.dep == "pobj":
        prep = head.text.lower()
        holder = reading.head(head).lemma.lower() in word_set("holding_verbs")
        if (prep == "by" or head.dep == "agent") and not holder:
            return ACTOR1
        if prep in knowledge.rule_words("target_preposition_head"):
            return ACTOR2
        if prep == "between":
            return ACTOR1
    return None


@functools.cache
def reporter_re() -> re.Pattern:
    """Words after an actor's name that make it the teller ("the army said", "Monitor:")."""
    words_ = "|".join(map(re.escape, sorted(knowledge.reporting_words("reporter"))))
    return re.compile(rf"\s*(?::|(?:,\s*)?(?:{words_})\b)", re.I)


@functools.cache
def victim_re() -> re.Pattern:
    """Words after an actor's name that make it the victim ("soldiers were killed", "fighters killed")."""
    members = "|".join(map(re.escape, sorted(word_set("member_words"))))
    harms = "|".join(map(re.escape, sorted(word_set("victim_words"))))
    return re.compile(rf"\s*(?:(?:{members})\s+){{0,2}}{knowledge.rule_pattern('victim_auxiliary')}?\s*"
                      rf"(?:reportedly\s+)?(?:{harms})\b", re.I)


@functools.cache
def word_set(key: str) -> frozenset[str]:
    """A word list of actors.yaml: member_words, victim_verbs (lemmas)..."""
    return frozenset(str(w).lower() for w in actor_data()[key])


def order_role(sentence: Sentence, f: Found, trigger_start: int) -> str | None:
    """A role from word order when the parse gives none: "by X" and "between X" act, an actor before the
    trigger acts (unless the verb is passive), one after it is acted upon; civilians are acted upon."""
    local = f.start - sentence.start
    before = sentence.text[max(local - BEFORE_REACH, 0):local].lower()
    after = sentence.text[f.end - sentence.start:f.end - sentence.start + 12].lower()
    if reporter_re().match(after):
        return None
    if victim_re().match(sentence.text[f.end - sentence.start:]):
        return ACTOR2
    if HELD_BY.search(before):
        return None
    if BY_BEFORE.search(before):
        return ACTOR1
    if TARGET_BEFORE.search(before):
        return ACTOR2
    if f.role_hint == ACTOR2:
        return ACTOR2
    if f.bare_country:
        after_preposition = PLACE_BEFORE.search(before)
        return ACTOR1 if f.start < trigger_start and not after_preposition else None
    if f.start <= trigger_start:
        lead = sentence.text[:trigger_start - sentence.start].lower()
        return ACTOR2 if PASSIVE_RE.search(lead) else ACTOR1
    return ACTOR2


# ---------------------------------------------------------------- defaults


def fill_defaults(sub_event_type: str | None, actor1: Actor | None, actor2: Actor | None,
                  country: str | None) -> tuple[Actor | None, Actor | None]:
    """Actors the sub-event type implies when the text names none (no span: nothing in the text says so)."""
    default1, default2 = default_actors(sub_event_type, country)
    if actor1 is None and actor2 is not None and default1 is not None and default1.name == actor2.name:
        return replace(actor2, span=actor2.span and actor2.span.labelled(ACTOR1)), None
    return actor1 or default1, actor2 or (default2 if actor1 is None or default2 is None
                                          or default2.name != actor1.name else None)


@functools.lru_cache(maxsize=1024)
def default_actors(sub_event_type: str | None, country: str | None) -> tuple[Actor | None, Actor | None]:
    """The actors of the sub-event type's row of the taxonomy (a protest's protesters, an air strike's state
    forces, an attack's unidentified armed group and its civilian victims), qualified by the country. A memo
    across articles: a handful of types and countries make every article's defaults."""
    row = taxonomy.sub_type(sub_event_type)
    if row is None:
        return None, None
    return default_actor(row.actor1_default, country), default_actor(row.actor2_default, country)


def default_actor(default: taxonomy.DefaultActor | None, country: str | None) -> Actor | None:
    """An actor of a type the text did not name: a state's forces (or its police), else the generic actor of
    the type ("Civilians (Syria)"; an unidentified armed group for a political militia)."""
    if default is None:
        return None
    if default.type == taxonomy.actor_type(STATE):
        return state_forces(country, default.branch or "military")
    return generic_actor(generic_entry(default.type), country)
