"""Who acts in a political event: governments, international organisations, parties, civil society, states and
armed groups (``data/political_actors.yaml`` beside the armed actors of ``actors.yaml``), and where each sits.

A political event needs a political actor: ``political_actor`` returns None for a subject that names none ("the
team", "the company"), and the event is then dropped. The types it adds to ACLED's: Government, International
organisation, Political party, Civil society.
"""

from __future__ import annotations

import functools
import re

import yaml

from strife import gazetteer, knowledge, taxonomy
from strife.code import actors
from strife.records import Actor, Place
from strife.words import Word, split_words

DATA_FILE = "political_actors.yaml"
GOVERNMENT, ORGANISATION, PARTY, CIVIL = "Government", "International organisation", "Political party", "Civil society"
PROTESTERS = "Protesters"  # the one crowd that acts politically (rioters are no political actor)
NAME_AFTER_TITLE = re.compile(r"\s+((?:[A-Z][\w'’.-]+\s+){0,3}[A-Z][\w'’-]+)")


class PoliticalDataError(ValueError):
    """political_actors.yaml is malformed; the message names the file and the entry."""


@functools.cache
def political_types() -> frozenset[str]:
    """The actor types that act politically: governments, organisations, parties, civil society, every armed
    actor type of the taxonomy, protesters."""
    return frozenset({GOVERNMENT, ORGANISATION, PARTY, CIVIL, PROTESTERS, *taxonomy.armed_types()})


@functools.cache
def data() -> dict:
    raw = yaml.load(actors.data_text(DATA_FILE), Loader=yaml.CSafeLoader)  # libyaml: the same data, 8x faster
    for key in ("organisations", "offices", "weak", "seats", "parties", "civil", "titles"):
        if key not in raw:
            raise PoliticalDataError(f"{DATA_FILE}: missing section {key!r}")
    for entry in raw["organisations"]:
        if not entry.get("name") or not entry.get("aliases"):
            raise PoliticalDataError(f"{DATA_FILE}: organisation {entry!r} needs a name and aliases")
        if entry.get("seat") and not entry.get("country"):
            raise PoliticalDataError(f"{DATA_FILE}: organisation {entry['name']!r} has a seat but no country")
    for kind in raw["weak"]:
        if kind not in (GOVERNMENT, PARTY, CIVIL):
            raise PoliticalDataError(f"{DATA_FILE}: weak words of unknown type {kind!r}")
    return raw


@functools.cache
def lexicon() -> actors.Lexicon:
    """Political phrase -> (type, entry or None): organisations, seats, offices, parties, civil society, weak."""
    lex = actors.Lexicon({}, {}, {})
    d = data()
    for entry in d["organisations"]:
        kind = CIVIL if entry.get("kind") == "ngo" else ORGANISATION
        for alias in [entry["name"], *entry["aliases"]]:
            actors.add_phrase(lex, str(alias), (kind, entry))
    for entry in d["seats"]:
        actors.add_phrase(lex, entry["name"], ("seat", entry))
    for kind, words in ((GOVERNMENT, d["offices"]), (PARTY, d["parties"]), (CIVIL, d["civil"])):
        for word in words:
            actors.add_phrase(lex, str(word).lower(), (kind, None))
    for kind, words in d["weak"].items():
        for word in words:
            actors.add_phrase(lex, str(word).lower(), ("weak", kind))
    return lex


@functools.cache
def capital_countries() -> dict[str, str]:
    """Name key of a capital city -> ISO2 ("moscow" -> RU): a capital as subject stands for its government."""
    return {key: cc for cc, key in gazetteer.capitals().items()}


def government(country: str | None) -> Actor:
    name = actors.country_names().get(country or "", None)
    return Actor(f"Government of {name}" if name else "Government", GOVERNMENT, country)


def _hits(text: str) -> list[tuple[int, int, object]]:
    """(first token, end token, value) of every political phrase and country word in ``text``, in order;
    value is ("country", ISO2) for a country word."""
    toks = split_words(text, "names")
    out, i = [], 0
    while i < len(toks):
        hit = actors.match_at(toks, i, lexicon())
        country = actors.match_at(toks, i, actors.country_words()) or _people_of(toks[i])
        if hit and (not country or hit[0] >= country[0]):
            out.append((i, i + hit[0], hit[1]))
            i += hit[0]
        elif country:
            out.append((i, i + country[0], ("country", country[1])))
            i += country[0]
        else:
            capital = capital_countries().get(gazetteer.name_key(toks[i].text)) if toks[i].text[:1].isupper() else None
            if capital:
                out.append((i, i + 1, ("country", capital)))
            i += 1
    return out


def _people_of(tok: Word) -> tuple[int, str] | None:
    """A country's people in the plural ("the Palestinians", "Israelis"): the country of the demonym."""
    if not tok.text[:1].isupper() or not tok.low.endswith("s"):
        return None
    singular = tok._replace(text=tok.text[:-1], low=tok.low[:-1])
    return actors.match_at([singular], 0, actors.country_words())


def political_actor(text: str, country: str | None) -> Actor | None:
    """The political actor a noun phrase names (``country``: the article's, for a bare "the government"), or
    None. An organisation wins; then a government's seat or office; then a party or civil-society body; then
    an armed actor or a state the actor dictionary knows; weak words ("officials", "the court") count only
    with a country beside them."""
    hits = [v for _, _, v in _hits(text)]
    named = next((v[1] for v in hits if v[0] in (ORGANISATION, CIVIL) and v[1] is not None), None)
    if named is not None:
        return Actor(named["name"], CIVIL if named.get("kind") == "ngo" else ORGANISATION, None)
    seat = next((v[1] for v in hits if v[0] == "seat"), None)
    if seat is not None:
        return government(seat["country"])
    countries = [v[1] for v in hits if v[0] == "country"]
    home = countries[0] if countries else country
    kinds = {v[0] for v in hits}
    if GOVERNMENT in kinds:
        return government(home)
    for kind in (PARTY, CIVIL):
        if kind in kinds:
            return political_actor_of_kind(kind, text, home)
    known = [f for f in actors.find_actors(text, country) if not f.bare_country and f.role_hint != actors.PEOPLE]
    armed = next((f for f in known if f.type in political_types()), None)
    if armed is not None:  # an armed group, a state's forces, protesters
        return Actor(armed.name, armed.type, armed.country)
    weak = next((v[1] for v in hits if v[0] == "weak"), None)
    if weak in (PARTY, CIVIL) and (countries or _proper_name(text)):
        return political_actor_of_kind(weak, text, home)
    if titled_re().search(text):
        return government(home)
    if known:  # civilians, residents, villagers; a people ("the Palestinians") speaks for its country
        return None
    return government(home) if countries else None


@functools.cache
def titled_re() -> re.Pattern[str]:
    """A political title before a capitalised name ("Vice-President Moody", "Lt. Gen. Avril")."""
    titles = "|".join(re.escape(str(t)) for t in sorted(data()["titles"], key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{titles})\s+[A-Z][a-z]")


@functools.cache
def demonyms() -> frozenset[str]:
    """Country adjectives ("American", "British"): a person or a thing of the country, not its state."""
    names = {n.lower() for n in actors.country_names().values()}
    return frozenset(w.word.lower() for w in knowledge.country_words("demonym") if w.word.lower() not in names)


def political_head(text: str) -> bool:
    """Does a noun phrase's head (its last word, with the words compounded to it) name a political actor? "the
    Kenyan minister", "Ivory Coast rebels", "President Kagame", "the Palestinians"; not "British Airways",
    "Norway's music industry", "the American" (a country's adjective qualifies a head, it is not one)."""
    text = text.strip()
    toks = split_words(text, "names")
    if not toks:
        return False
    last = len(toks) - 1
    if titled_re().search(text):
        return True
    named = toks[last].text[:1].isupper()
    for first, end, value in _hits(text):
        if value[0] in (ORGANISATION, "seat") or (value[0] == CIVIL and value[1] is not None):
            return True  # an organisation's body or member: "the APEC forum", "UN envoy"
        if value[0] in (GOVERNMENT, PARTY, "weak") and named:
            return True  # an office before a name: "leader Yasser Arafat", "minister Dubem Oniya"
        if first <= last < end and not (value[0] == "country" and end - first == 1
                                         and toks[last].low in demonyms()):
            return True
    return any(f.type in political_types() and not f.bare_country for f in actors.find_actors(text, None))


def political_actor_of_kind(kind: str, text: str, country: str | None) -> Actor:
    place = actors.country_names().get(country or "", "unknown")
    return Actor(_proper_name(text) or f"{kind} ({place})", kind, country)


def _proper_name(text: str) -> str | None:
    """A capitalised name in the phrase ("the Labour Party", "Save Our Syria"), kept as the actor's name; a
    country's word leading it only says whose ("Syrian humanitarian organizations")."""
    words = [w for w in re.findall(r"[\w'’-]+", text) if w[:1].isupper() and w.lower() not in ("the", "a", "an")
             and not actors.match_at(split_words(w, "names"), 0, lexicon())]
    while words and actors.match_at(split_words(words[0], "names"), 0, actors.country_words()):
        words.pop(0)
    return " ".join(words) if words else None


def any_actor(text: str, country: str | None) -> Actor | None:
    """A recipient: a political actor, else anyone the actor dictionary knows (civilians, refugees...)."""
    actor = political_actor(text, country)
    if actor is not None:
        return actor
    found = actors.find_actors(text, country)
    return Actor(found[0].name, found[0].type, found[0].country) if found else None


def titled_names(text: str) -> dict[str, str]:
    """Surname -> the titled phrase it came from ("Ban" -> "U.N. Secretary-General Ban Ki-moon"): a person
    named with a political title, whom the article may later call by surname alone."""
    out: dict[str, str] = {}
    for title in data()["titles"]:
        if str(title) not in text:  # most titles are not in a given article: skip their search
            continue
        for m in re.finditer(rf"(?<![\w.-]){re.escape(str(title))}", text):
            name = NAME_AFTER_TITLE.match(text, m.end())
            if name:
                start = max(0, text.rfind(" ", 0, max(0, m.start() - 1)) + 1) if m.start() else 0
                phrase = text[start:name.end()]
                for word in name.group(1).split():
                    if word[:1].isupper() and len(word) > 2 and word.lower() not in ("the", "said"):
                        out.setdefault(word.rstrip("'’s").split("-")[0] if "-" in word else word, phrase)
                out.setdefault(name.group(1), phrase)
    return out


def seat_of(actor: Actor) -> Place | None:
    """Where a statement of ``actor`` is placed: an organisation's seat, else its country's capital; at country
    precision, with the seat's coordinates."""
    city, country = None, actor.country
    if actor.type in (ORGANISATION, CIVIL):
        entry = next((e for e in data()["organisations"] if e["name"] == actor.name), None)
        if entry is not None and entry.get("seat"):
            city, country = entry["seat"], entry["country"]
    if country is None:
        return None
    gaz = gazetteer.default()
    key = city or gazetteer.capitals().get(country)
    found = gaz.lookup(key, country) if key else []
    town = next((e for e in found if e.kind == "city"), None)
    entry = town or gaz.country(country)
    if entry is None:
        return None
    return Place(name=entry.name, country=country, admin1=entry.admin1, lat=entry.lat, lon=entry.lon,
                 precision="country", gazetteer_id=str(entry.id))
