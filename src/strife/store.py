"""The dataset: an embedded SQLite store of articles, events, evidence, incidents and runs.

Only the driver writes (one connection, ``BEGIN IMMEDIATE`` a batch of articles, so a crash loses at most the
batch in flight and a rerun skips what was committed); readers open the file read-only while it is written
(WAL). An article is keyed by its id and versioned by a hash of its content: re-ingesting an unchanged article
changes nothing, a changed one gets a new version and its events are replaced. Each new event joins an
incident (``strife.incidents``) in the same transaction; every decision is logged with its reasons and can be
undone (``split``, ``merge``). Schema changes are the numbered ``MIGRATIONS`` below, applied in order on open,
under one write lock (of several processes opening a new file at once, one creates the schema).

Each ingest is a row of ``runs``: ``running`` with its process id while it works, then ``done``; ``failed`` when an
error stopped it (a full disk is one ``ResourceError`` line), ``killed`` when a later run finds its process gone.
The run after a killed or failed one says that it is recovering.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import socket
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, fields, replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from strife import __version__, reviews
from strife.errors import ResourceError, StrifeError, UsageError, is_out_of_space
from strife.geo import km_between
from strife.incidents import IncidentRules, Member, Summary, best_incident, date_window, summarise
from strife.processes import alive
from strife.records import Article, CleanText, Event, Skip, day_of

if TYPE_CHECKING:  # the pipeline (and spaCy behind it) is not needed to read a store
    from strife.pipeline import Result

POINT_KEY = ("lat", "lon", "country", "admin1", "event_type", "sub_event_type", "review_status")  # a row


def _map_migration() -> str:
    """``event_points``: how many events (and deaths) each point has of each type, for the web map's overview."""
    key = ", ".join(POINT_KEY)

    def same(row: str) -> str:
        return " AND ".join(f"{k} IS {row}.{k}" for k in POINT_KEY)

    add = (f"UPDATE event_points SET n = n + 1, killed = killed + coalesce(NEW.fatalities_best, 0) "
           f"WHERE {same('NEW')}; "
           f"INSERT INTO event_points SELECT {', '.join('NEW.' + k for k in POINT_KEY)}, 1, "
           f"coalesce(NEW.fatalities_best, 0) WHERE NOT EXISTS (SELECT 1 FROM event_points WHERE {same('NEW')});")
    remove = (f"UPDATE event_points SET n = n - 1, killed = killed - coalesce(OLD.fatalities_best, 0) "
              f"WHERE {same('OLD')}; DELETE FROM event_points WHERE n <= 0 AND {same('OLD')};")
    return f"""
    CREATE TABLE event_points (lat REAL, lon REAL, country TEXT, admin1 TEXT, event_type TEXT, sub_event_type TEXT,
                               review_status TEXT, n INTEGER NOT NULL, killed INTEGER NOT NULL);
    CREATE INDEX event_points_key ON event_points({key});
    INSERT INTO event_points SELECT {key}, count(*), coalesce(sum(fatalities_best), 0) FROM events GROUP BY {key};
    CREATE TRIGGER event_points_insert AFTER INSERT ON events BEGIN {add} END;
    CREATE TRIGGER event_points_delete AFTER DELETE ON events BEGIN {remove} END;
    CREATE TRIGGER event_points_update AFTER UPDATE OF {key}, fatalities_best ON events BEGIN {remove} {add} END;
    CREATE INDEX event_points_places ON event_points(country, admin1, review_status, n);
    CREATE INDEX event_points_types ON event_points(event_type, sub_event_type, review_status, n);
    CREATE INDEX events_map ON events(lat, lon, fatalities_best, country, admin1, event_type, sub_event_type, date,
                                      date_end, verification, review_status);
    DROP INDEX events_date;
    CREATE INDEX events_when ON events(date, date_end, country, admin1, event_type, sub_event_type, fatalities_best,
                                       verification, review_status, lat);
    CREATE INDEX events_fatalities ON events(fatalities_best DESC, id);
    """


MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, strife_version TEXT,
        status TEXT NOT NULL DEFAULT 'running', articles INTEGER DEFAULT 0, unchanged INTEGER DEFAULT 0,
        events INTEGER DEFAULT 0, skips INTEGER DEFAULT 0, incidents INTEGER DEFAULT 0);
    CREATE TABLE articles (
        id TEXT PRIMARY KEY, version INTEGER NOT NULL, content_hash TEXT, input_hash TEXT,
        status TEXT NOT NULL, skip_reason TEXT, origin TEXT, url TEXT, source TEXT, title TEXT,
        published TEXT, anchor TEXT, clean_text TEXT, run_id INTEGER REFERENCES runs(id),
        ingested_at TEXT NOT NULL);
    CREATE TABLE incidents (
        id INTEGER PRIMARY KEY, event_type TEXT, sub_event_type TEXT, plover_type TEXT, date TEXT,
        date_precision TEXT, date_first TEXT, date_last TEXT, window_start TEXT, window_end TEXT,
        country TEXT, admin1 TEXT, admin2 TEXT, place_name TEXT, lat REAL, lon REAL, geo_precision TEXT,
        actor1 TEXT, actor1_type TEXT, actor2 TEXT, actor2_type TEXT, fatalities_best INTEGER,
        fatalities_low INTEGER, fatalities_high INTEGER, injured_best INTEGER, civilian_targeting INTEGER,
        verification TEXT, confidence REAL, n_events INTEGER, n_articles INTEGER, n_sources INTEGER,
        first_reported TEXT, last_reported TEXT);
    CREATE TABLE events (
        id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        article_version INTEGER NOT NULL, incident_id INTEGER REFERENCES incidents(id), event_type TEXT,
        sub_event_type TEXT, plover_type TEXT, date TEXT, date_end TEXT, date_precision TEXT, country TEXT,
        admin1 TEXT, admin2 TEXT, place_name TEXT, gazetteer_id TEXT, lat REAL, lon REAL, geo_precision TEXT,
        actor1 TEXT, actor1_type TEXT, actor2 TEXT, actor2_type TEXT, fatalities_best INTEGER,
        fatalities_low INTEGER, fatalities_high INTEGER, injured_best INTEGER, civilian_targeting INTEGER,
        verification TEXT, confidence REAL, source TEXT, published TEXT, record TEXT NOT NULL);
    CREATE TABLE evidence (
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE, field TEXT, start INTEGER NOT NULL,
        "end" INTEGER NOT NULL, text TEXT NOT NULL);
    CREATE TABLE incident_decisions (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL, run_id INTEGER, action TEXT NOT NULL, incident_id INTEGER,
        event_id TEXT, other_incident_id INTEGER, score REAL, reason TEXT);
    CREATE TABLE kept_apart (event_a TEXT NOT NULL, event_b TEXT NOT NULL, PRIMARY KEY (event_a, event_b));
    CREATE INDEX events_article ON events(article_id);
    CREATE INDEX events_incident ON events(incident_id);
    CREATE INDEX events_date ON events(date);
    CREATE INDEX events_country ON events(country, admin1);
    CREATE INDEX evidence_event ON evidence(event_id);
    CREATE INDEX incidents_window ON incidents(window_end, window_start);
    CREATE INDEX incidents_date ON incidents(date);
    CREATE INDEX incidents_country ON incidents(country, admin1);
    CREATE INDEX decisions_incident ON incident_decisions(incident_id);
    """,
    # 2: what each run was asked to do (inputs, settings), for provenance
    "ALTER TABLE runs ADD COLUMN info TEXT",
    # 3: reviews: an append-only log of what analysts said of events and did to incidents (strife.reviews)
    """
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL, by TEXT, action TEXT NOT NULL, event_id TEXT, article_id TEXT,
        status TEXT, changes TEXT, note TEXT, match_key TEXT, carried_from TEXT, incident_id INTEGER,
        other_incident_id INTEGER, run_id INTEGER);
    CREATE INDEX reviews_article ON reviews(article_id);
    CREATE INDEX reviews_event ON reviews(event_id);
    ALTER TABLE events ADD COLUMN review_status TEXT NOT NULL DEFAULT 'unreviewed';
    ALTER TABLE incidents ADD COLUMN review_status TEXT NOT NULL DEFAULT 'unreviewed';
    CREATE INDEX events_review ON events(review_status);
    """,
    # 4: the process and machine of a run, so that a run whose process is gone can be told from a live one
    "ALTER TABLE runs ADD COLUMN pid INTEGER; ALTER TABLE runs ADD COLUMN host TEXT",
    # 5: events merged by hand, so that their incidents stay merged when their articles are extracted again
    "CREATE TABLE kept_together (event_a TEXT NOT NULL, event_b TEXT NOT NULL, PRIMARY KEY (event_a, event_b))",
    # 6: the web map: events counted per point, type and place, kept by triggers (a map of a million events reads
    # thousands of rows); for other filters and the timeline, indexes that hold every column a filter but the actor
    # and the distance reads, so no query reads the events' records; the table's orders
    _map_migration(),
    # 7: the review queue's orders read from indexes, not from a scan of every event
    """
    CREATE INDEX events_queue_confidence ON events(review_status, confidence);
    CREATE INDEX events_queue_deaths ON events(review_status, fatalities_best);
    CREATE INDEX incidents_reports ON incidents(n_articles);
    """,
    # 8: the political events (no ACLED type) by date, which the map page lists beside the map
    "CREATE INDEX events_family ON events(event_type, date, id)",
    # 9: the map's per-point counts read from their indexes alone (the counts in them, and the family's column)
    """
    DROP INDEX event_points_key;
    CREATE INDEX event_points_key ON event_points(lat, lon, country, admin1, event_type, sub_event_type, review_status,
                                                  n, killed);
    DROP INDEX event_points_places;
    CREATE INDEX event_points_places ON event_points(country, admin1, event_type, review_status, n);
    """,
)

log = logging.getLogger(__name__)

ARTICLES_PER_TRANSACTION = 32
MEMBER_COLUMNS = tuple(f.name for f in fields(Member))
SUMMARY_COLUMNS = tuple(f.name for f in fields(Summary))
INCIDENT_ORDERS = {"date": "date, id", "articles": "n_articles DESC, n_sources DESC, id",
                   "fatalities": "coalesce(fatalities_best, -1) DESC, id"}
# The review queue's orders (``e``: the events, ``i``: their incidents): the least sure first, the deadliest
# first (unknown tolls last), or those of the most reported incidents first, the deadliest of them first.
QUEUE_ORDERS = {"confidence": "e.confidence, e.id", "deaths": "e.fatalities_best DESC, e.id",
                "reports": "i.n_articles DESC, e.fatalities_best DESC, e.id"}
SQLITE_MAX_INTEGER = 2 ** 63 - 1  # the largest number an SQLite integer (an id, a LIMIT, an OFFSET) holds
EVENT_SELECT = "record, incident_id, published, review_status"  # what ``_event_dict`` reads
REVIEW_COLUMNS = ("id", "at", "by", "action", "event_id", "article_id", "status", "changes", "note", "match_key",
                  "carried_from", "incident_id", "other_incident_id", "run_id")
EVENT_ORDERS = {"date": "date, id", "fatalities": "fatalities_best DESC, id"}  # no toll (NULL) sorts last
DATE_FIELDS = {"date", "date_end", "published", "date_first", "date_last", "window_start", "window_end",
               "first_reported", "last_reported"}


@dataclass(frozen=True, slots=True)
class Filters:
    """What ``events``/``incidents`` select; None means "any". Dates are ISO strings (YYYY-MM-DD)."""

    country: str | None = None
    admin1: str | None = None
    since: str | None = None
    until: str | None = None
    type: str | None = None
    sub_type: str | None = None
    actor: str | None = None
    near: tuple[float, float, float] | None = None  # (lat, lon, km)
    min_fatalities: int | None = None
    verification: str | None = None
    include_rejected: bool = False  # events an analyst rejected (and incidents of only those) are left out
    family: str | None = None  # acled (ACLED's events), plover (political events), all; None: acled, or all
    plover_type: str | None = None  # with a PLOVER category (a political event's, or an ACLED event's equivalent)


FAMILIES = ("acled", "plover", "all")
FAMILY_CLAUSES = {"acled": "event_type IS NOT NULL", "plover": "event_type IS NULL", "all": "1"}


def family_of(f: Filters) -> str:
    """The family a query selects: ACLED's events unless asked otherwise (or asked for a PLOVER category), so
    that no ACLED figure changes because political events were stored beside them."""
    return f.family or ("all" if f.plover_type else "acled")


@dataclass(frozen=True, slots=True)
class IngestReport:
    articles: int = 0  # new or changed articles stored
    unchanged: int = 0
    events: int = 0
    skips: int = 0
    incidents: int = 0  # incidents created


def content_hash(clean: CleanText) -> str:
    """What makes a stored article "the same": its clean text and metadata."""
    parts = (clean.text, clean.title, clean.source, clean.url, _iso(clean.published))
    return hashlib.sha1("\x1f".join(p or "" for p in parts).encode()).hexdigest()


def input_hash(article: Article) -> str:
    """A fingerprint of an input before any processing, so a rerun can skip it without cleaning it."""
    parts = (article.text, article.html, article.published, article.source, article.url, article.title)
    return hashlib.sha1("\x1f".join(p or "" for p in parts).encode()).hexdigest()


def reported_on(clean: CleanText) -> dt.date | None:
    """The day an article reported its events: its publication date, else the date its text gives (dateline)."""
    return clean.published or clean.anchor


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _sql_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


class Store:
    """``with Store("strife.db") as s: s.ingest(results)``; ``Store(path, read_only=True)`` to query."""

    def __init__(self, path: str | Path, read_only: bool = False, rules: IncidentRules | None = None):
        self.path = Path(path)
        self.read_only = read_only
        self.rules = rules or IncidentRules.from_settings()
        self.unchanged_inputs = 0  # inputs ``unseen`` passed over since the last ``ingest``
        self.unmatched_reviews: list[reviews.Verdict] = []  # reviews the last ``ingest`` found no event for
        self._input_hashes: dict[str, str] = {}
        self._rerun = False
        self.db = self._connect()

    # --- connection and schema ------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            if self.read_only:
                if not self.path.exists():
                    raise StrifeError(f"no database at {self.path}; run `strife ingest PATH --db PATH`")
                db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                     isolation_level=None, check_same_thread=False)
            else:
                db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
                _use_wal(db)
                db.execute("PRAGMA synchronous=NORMAL")
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA foreign_keys=ON")
            db.create_function("km_between", 4, _km_or_none, deterministic=True)
            if not self.read_only:
                self._migrate(db)
            elif db.execute("PRAGMA user_version").fetchone()[0] < len(MIGRATIONS):
                raise StrifeError(f"{self.path} has an older schema; `strife ingest` into it upgrades it")
        except sqlite3.DatabaseError as err:
            if is_out_of_space(err):
                raise ResourceError(f"no space left on the disk of {self.path} ({err}): nothing was stored; "
                                    "rerun when there is room") from err
            raise StrifeError(f"cannot open the database {self.path}: {err}") from err
        return db

    @staticmethod
    def _migrate(db: sqlite3.Connection) -> None:
        """Apply the migrations the file lacks, reading its version under the write lock, so that a process that
        waited for another's schema finds it made instead of making it twice."""
        if db.execute("PRAGMA user_version").fetchone()[0] >= len(MIGRATIONS):
            return
        with _Transaction(db):
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(MIGRATIONS[version:], version + 1):
                for statement in _statements(script):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _transaction(self):
        return _Transaction(self.db)

    # --- ingest ---------------------------------------------------------------------------------------------

    def stored_articles(self, article_ids: Iterable[str] = ()) -> Iterator[Article]:
        """The stored articles (those given, else every one with text) as inputs for the pipeline again: their
        clean text, which cleans to itself, and their metadata. An id not stored is a ``StrifeError``."""
        wanted = list(dict.fromkeys(article_ids))
        if wanted:
            known = {r[0] for r in self.db.execute(
                f"SELECT id FROM articles WHERE status = 'ok' AND id IN ({', '.join('?' * len(wanted))})", wanted)}
            missing = [a for a in wanted if a not in known]
            if missing:
                raise StrifeError(f"no stored article {', '.join(map(repr, missing[:5]))}"
                                  f"{' ...' if len(missing) > 5 else ''} (with text) in {self.path}")
        else:
            wanted = [r[0] for r in self.db.execute("SELECT id FROM articles WHERE status = 'ok' ORDER BY id")]
        return self._read_articles(wanted)

    def _read_articles(self, article_ids: list[str]) -> Iterator[Article]:
        for article_id in article_ids:  # one query an article: the ingest writes these rows as it goes
            row = self.db.execute("SELECT id, clean_text, published, source, url, title FROM articles "
                                  "WHERE id = ?", (article_id,)).fetchone()
            yield Article(id=row["id"], text=row["clean_text"], published=row["published"], source=row["source"],
                          url=row["url"], title=row["title"], origin=f"{self.path.name}:{row['id']}")

    def unseen(self, items: Iterable[Article | Skip]) -> Iterator[Article | Skip]:
        """The inputs not already stored as they are (counted in ``unchanged_inputs`` and left out)."""
        for item in items:
            if isinstance(item, Article):
                fingerprint = input_hash(item)
                row = self.db.execute("SELECT input_hash FROM articles WHERE id = ?", (item.id,)).fetchone()
                if row and row["input_hash"] == fingerprint:
                    self.unchanged_inputs += 1
                    continue
                self._input_hashes[item.id] = fingerprint
            yield item

    def ingest(self, results: Iterable[Result], progress: Callable[[Result, IngestReport], None] | None = None,
               run_info: dict | None = None, rerun: bool = False) -> IngestReport:
        """Store the pipeline's results, a transaction per batch of articles; returns what changed.
        ``progress(result, report_so_far)`` is called for each result once its batch is committed; ``run_info``
        (e.g. the inputs and settings) is kept in the run log. ``rerun``: replace the events of articles stored
        unchanged too (a new strife on stored articles). Reviews carry over to the new events
        (``_carry_reviews``); those that fit none are listed in ``unmatched_reviews``."""
        counts = Counter()
        self._rerun, self.unmatched_reviews = rerun, []
        run_id, batch = None, []
        try:
            run_id = self._start_run(run_info)
            stream = iter(results)
            while batch := list(islice(stream, ARTICLES_PER_TRANSACTION)):
                with self._transaction():
                    for result in batch:
                        self._store_result(result, run_id, counts)
                if progress:
                    for result in batch:
                        progress(result, self._report(counts))
            report = self._report(counts)
            self.unchanged_inputs = 0
            self._finish_run(run_id, report)
            return report
        except BaseException as err:
            self._mark_failed(run_id)
            if is_out_of_space(err):
                raise ResourceError(f"no space left on the disk of {self.path} ({err}): {len(batch)} articles read "
                                    "were not stored, nor any after them; rerun when there is room, nothing "
                                    "stored is lost") from err
            raise

    def _report(self, counts: Counter) -> IngestReport:
        """The counts so far, with the inputs ``unseen`` passed over (lazily, ahead of the pipeline)."""
        unchanged = counts["unchanged"] + self.unchanged_inputs
        return IngestReport(articles=counts["articles"], unchanged=unchanged, events=counts["events"],
                            skips=counts["skips"], incidents=counts["incidents"])

    def _start_run(self, info: dict | None) -> int:
        with self._transaction():
            self._mark_killed()
            cur = self.db.execute("INSERT INTO runs (started_at, strife_version, info, pid, host) "
                                  "VALUES (?, ?, ?, ?, ?)", (_now(), __version__, json.dumps(info, default=str)
                                                             if info else None, os.getpid(), socket.gethostname()))
            run_id = cur.lastrowid
            previous = self.db.execute("SELECT id, status, started_at FROM runs WHERE id < ? AND status != "
                                       "'running' ORDER BY id DESC LIMIT 1", (run_id,)).fetchone()
        if previous and previous["status"] in ("killed", "failed"):
            log.warning("recovering: run %d (started %s) %s before it finished; what it stored is kept and "
                        "the articles it did not store are ingested now", previous["id"], previous["started_at"],
                        "was killed" if previous["status"] == "killed" else "failed")
        return run_id

    def _mark_killed(self) -> None:
        """Runs of this machine still marked ``running`` whose process is gone were killed: say so."""
        host = socket.gethostname()
        gone = [r["id"] for r in self.db.execute("SELECT id, pid FROM runs WHERE status = 'running' AND host = ?",
                                                   (host,)) if r["pid"] is not None and not alive(r["pid"])]
        self.db.executemany("UPDATE runs SET status = 'killed' WHERE id = ?", [(i,) for i in gone])

    def _mark_failed(self, run_id: int | None) -> None:
        """Best effort: a run stopped by an error is ``failed`` (when even that cannot be written, the next run
        finds its process gone and marks it ``killed``)."""
        if run_id is None:
            return
        try:
            with self._transaction():
                self.db.execute("UPDATE runs SET status = 'failed', finished_at = ? WHERE id = ?", (_now(), run_id))
        except sqlite3.Error:
            log.debug("could not mark run %d failed", run_id, exc_info=True)

    def _finish_run(self, run_id: int, report: IngestReport) -> None:
        with self._transaction():
            self.db.execute(
                "UPDATE runs SET finished_at=?, status='done', articles=?, unchanged=?, events=?, skips=?, "
                "incidents=? WHERE id=?",
                (_now(), *(getattr(report, f.name) for f in fields(IngestReport)), run_id))

    def _store_result(self, result: Result, run_id: int, counts: Counter) -> None:
        if result.skip or result.clean is None:
            self._store_skip(result, run_id)
            counts["skips"] += 1
            return
        clean, fingerprint = result.clean, self._input_hashes.pop(result.clean.article_id, None)
        row = self.db.execute("SELECT version, content_hash FROM articles WHERE id = ?",
                              (clean.article_id,)).fetchone()
        same = bool(row) and row["content_hash"] == content_hash(clean)
        if same and not self._rerun:
            self.db.execute("UPDATE articles SET input_hash = COALESCE(?, input_hash) WHERE id = ?",
                            (fingerprint, clean.article_id))
            counts["unchanged"] += 1
            return
        version = row["version"] + (not same) if row else 1
        verdicts = self.verdicts(clean.article_id) if row else {}
        if row:
            self._remove_events(clean.article_id)
        self._upsert_article(clean, version, fingerprint, run_id)
        events = list(_unique_ids(result.events, clean.article_id))
        for event, status in self._carry_reviews(verdicts, events, run_id):
            self._insert_event(event, clean, version, status)
            counts["incidents"] += self._assign_incident(event, clean, run_id)
        counts["articles"] += 1
        counts["events"] += len(result.events)

    def _store_skip(self, result: Result, run_id: int) -> None:
        skip = result.skip or Skip("?", "no clean text", result.article_id)
        key = skip.article_id or result.article_id or f"skip:{skip.origin}"
        self._input_hashes.pop(key, None)
        row = self.db.execute("SELECT version, status FROM articles WHERE id = ?", (key,)).fetchone()
        if row and row["status"] == "ok":
            self.unmatched_reviews += self.verdicts(key).values()
            self._remove_events(key)
        self.db.execute(
            "INSERT INTO articles (id, version, status, skip_reason, origin, run_id, ingested_at) "
            "VALUES (?, 1, 'skipped', ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET status='skipped', "
            "skip_reason=excluded.skip_reason, origin=excluded.origin, content_hash=NULL, input_hash=NULL, "
            "clean_text=NULL, version=articles.version + (articles.status = 'ok')",
            (key, skip.reason, skip.origin, run_id, _now()))

    def _upsert_article(self, clean: CleanText, version: int, fingerprint: str | None, run_id: int) -> None:
        values = dict(id=clean.article_id, version=version, content_hash=content_hash(clean),
                      input_hash=fingerprint, status="ok", skip_reason=None, origin=None, url=clean.url,
                      source=clean.source, title=clean.title, published=_iso(clean.published),
                      anchor=_iso(clean.anchor), clean_text=clean.text, run_id=run_id, ingested_at=_now())
        names = ", ".join(values)
        updates = ", ".join(f"{k}=excluded.{k}" for k in values if k not in ("id", "input_hash"))
        updates += ", input_hash=COALESCE(excluded.input_hash, input_hash)"  # a rerun reads no input
        self.db.execute(f"INSERT INTO articles ({names}) VALUES ({', '.join('?' * len(values))}) "
                        f"ON CONFLICT(id) DO UPDATE SET {updates}", tuple(values.values()))

    def _insert_event(self, event: Event, clean: CleanText, version: int, status: str = "unreviewed") -> None:
        values = _event_columns(event, reported_on(clean), clean.source)
        values.update(id=event.id, article_version=version, review_status=status)
        self.db.execute(f"INSERT INTO events ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                        tuple(values.values()))
        self.db.executemany('INSERT INTO evidence (event_id, field, start, "end", text) '
                            'VALUES (?, ?, ?, ?, ?)',
                            [(event.id, s.field, s.start, s.end, s.text) for s in event.evidence])

    def _remove_events(self, article_id: str) -> None:
        """Take an article's events out of the store and their incidents (a new version replaces them)."""
        touched = {r[0] for r in self.db.execute(
            "SELECT DISTINCT incident_id FROM events WHERE article_id = ? AND incident_id IS NOT NULL",
            (article_id,))}
        self.db.execute("DELETE FROM events WHERE article_id = ?", (article_id,))
        for incident_id in touched:
            self._refresh_incident(incident_id)

    # --- incidents ------------------------------------------------------------------------------------------

    def _members(self, where: str, params: tuple, live: bool = True) -> list[Member]:
        """The events ``where`` selects as incident members; ``live``: not those an analyst rejected."""
        where = f"({where}) AND review_status != 'rejected'" if live else where
        rows = self.db.execute(f"SELECT id AS event_id, {', '.join(MEMBER_COLUMNS[1:])} FROM events "
                               f"WHERE {where} ORDER BY published, id", params)
        return [_member_of(row) for row in rows]

    def _assign_incident(self, event: Event, clean: CleanText, run_id: int) -> int:
        """Join the event to the incident an analyst merged it into, else to the one it fits best, or start one;
        1 when an incident was created."""
        merged = self._merged_with(event.id)
        if merged is not None:
            self._join(event.id, merged)
            self._log(run_id, "join", merged, event.id, None, None, "merged by hand with an event of it")
            return 0
        member = Member.from_event(event, reported_on(clean))
        found = self._best_candidate(member)
        if found:
            incident_id, match = found
            self._join(event.id, incident_id)
            self._log(run_id, "join", incident_id, event.id, None, match.score, "; ".join(match.reasons))
            return 0
        incident_id = self._new_incident(event.id)
        self._log(run_id, "new", incident_id, event.id, None, None, "no compatible incident")
        return 1

    def _merged_with(self, event_id: str) -> int | None:
        """The incident of an event this one was merged with by hand (``merge``), if one is stored."""
        row = self.db.execute(
            "SELECT e.incident_id FROM kept_together k JOIN events e ON e.id = CASE WHEN k.event_a = ? THEN k.event_b "
            "ELSE k.event_a END WHERE (k.event_a = ? OR k.event_b = ?) AND e.incident_id IS NOT NULL LIMIT 1",
            (event_id, event_id, event_id)).fetchone()
        return row[0] if row else None

    def _best_candidate(self, member: Member):
        window = date_window(member, self.rules)
        if window is None:
            return None
        gap = dt.timedelta(days=self.rules.date_gap_days)
        ids = [r[0] for r in self.db.execute(
            "SELECT id FROM incidents WHERE window_end >= ? AND window_start <= ? "
            "AND (country IS NULL OR ? IS NULL OR country = ?) ORDER BY abs(julianday(date) - julianday(?)) "
            "LIMIT ?", (_iso(window[0] - gap), _iso(window[1] + gap), member.country, member.country,
                        _iso(member.date or member.published), self.rules.max_candidates))]
        candidates = {i: members for i in ids if (members := self._members("incident_id = ?", (i,)))}
        kept = frozenset(r[0] for r in self.db.execute(
            "SELECT event_b FROM kept_apart WHERE event_a = ? "
            "UNION SELECT event_a FROM kept_apart WHERE event_b = ?",
            (member.event_id, member.event_id)))
        return best_incident(member, candidates, self.rules, kept)

    def _new_incident(self, event_id: str) -> int:
        incident_id = self.db.execute("INSERT INTO incidents (n_events) VALUES (0)").lastrowid
        self._join(event_id, incident_id)
        return incident_id

    def _join(self, event_id: str, incident_id: int) -> None:
        self.db.execute("UPDATE events SET incident_id = ? WHERE id = ?", (incident_id, event_id))
        self._refresh_incident(incident_id)

    def _refresh_incident(self, incident_id: int) -> None:
        """Recompute an incident's merged fields from its members (those not rejected, while there are any);
        an incident left with none is deleted."""
        members = self._members("incident_id = ?", (incident_id,)) \
            or self._members("incident_id = ?", (incident_id,), live=False)
        if not members:
            self.db.execute("DELETE FROM incidents WHERE id = ?", (incident_id,))
            return
        statuses = {r[0] for r in self.db.execute("SELECT DISTINCT review_status FROM events WHERE incident_id = ?",
                                                   (incident_id,))}
        values = {k: _sql_value(v) for k, v in asdict(summarise(members, self.rules)).items()}
        values["review_status"] = _incident_status(statuses)
        sets = ", ".join(f"{k} = ?" for k in values)
        self.db.execute(f"UPDATE incidents SET {sets} WHERE id = ?", (*values.values(), incident_id))

    def _log(self, run_id: int | None, action: str, incident_id: int | None, event_id: str | None,
             other: int | None, score: float | None, reason: str) -> None:
        self.db.execute("INSERT INTO incident_decisions (at, run_id, action, incident_id, event_id, "
                        "other_incident_id, score, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (_now(), run_id, action, incident_id, event_id, other, score, reason))

    def split(self, incident_id: int, event_ids: Iterable[str] = (), by: str | None = None,
              note: str | None = None) -> list[int]:
        """Undo merges: move the given events (default: every article's events) to incidents of their own, and
        keep them apart from the rest from now on. Returns the ids of the incidents that now hold them. The
        split goes into the review log, with ``by`` and ``note``."""
        members = self._members("incident_id = ?", (incident_id,), live=False)
        if not members:
            raise StrifeError(f"no incident {incident_id}; list them with `strife incidents`")
        wanted = set(event_ids)
        unknown = wanted - {m.event_id for m in members}
        if unknown:
            raise StrifeError(f"incident {incident_id} has no event {', '.join(sorted(unknown))}")
        articles = list(dict.fromkeys(m.article_id for m in members))
        groups = ([[m for m in members if m.event_id in wanted]] if wanted
                  else [[m for m in members if m.article_id == a] for a in articles[1:]])
        created = []
        with self._transaction():
            for group in groups:
                ids = {m.event_id for m in group}
                apart = [(a, m.event_id) for a in ids for m in members if m.event_id not in ids]
                self.db.executemany("INSERT OR IGNORE INTO kept_apart VALUES (?, ?)", apart)
                self.db.executemany("DELETE FROM kept_together WHERE (event_a = ? AND event_b = ?) OR "
                                    "(event_a = ? AND event_b = ?)", [(a, b, b, a) for a, b in apart])
                new_id = self.db.execute("INSERT INTO incidents (n_events) VALUES (0)").lastrowid
                self.db.executemany("UPDATE events SET incident_id = ? WHERE id = ?",
                                    [(new_id, i) for i in ids])
                self._refresh_incident(new_id)
                self._log(None, "split", new_id, None, incident_id, None,
                          f"split by hand: {', '.join(sorted(ids))}")
                self._append_review(action="split", by=by, note=note, incident_id=incident_id,
                                    other_incident_id=new_id,
                                    changes=json.dumps({"events": [sorted(ids), new_id]}, ensure_ascii=False))
                created.append(new_id)
            self._refresh_incident(incident_id)
        return [incident_id, *created]

    def merge(self, keep: int, other: int, by: str | None = None, note: str | None = None) -> int:
        """Merge incident ``other`` into ``keep`` by hand: their events are kept together from now on (when their
        articles are extracted again) and no longer kept apart. The merge goes into the review log, with ``by``
        and ``note``."""
        if keep == other or not self.incident(keep) or not self.incident(other):
            raise StrifeError(f"cannot merge {keep} and {other}: give two different existing incident ids")
        with self._transaction():
            moved = [r[0] for r in self.db.execute("SELECT id FROM events WHERE incident_id = ?", (other,))]
            staying = [r[0] for r in self.db.execute("SELECT id FROM events WHERE incident_id = ?", (keep,))]
            self.db.executemany("DELETE FROM kept_apart WHERE (event_a = ? AND event_b = ?) OR "
                                "(event_a = ? AND event_b = ?)",
                                [(a, b, b, a) for a in moved for b in staying])
            self.db.executemany("INSERT OR IGNORE INTO kept_together VALUES (?, ?)",
                                [(a, b) for a in moved for b in staying])
            self.db.execute("UPDATE events SET incident_id = ? WHERE incident_id = ?", (keep, other))
            self.db.execute("UPDATE incident_decisions SET incident_id = ? WHERE incident_id = ?",
                            (keep, other))
            self._refresh_incident(other)
            self._refresh_incident(keep)
            self._log(None, "merge", keep, None, other, None, f"merged {other} into {keep} by hand")
            self._append_review(action="merge", by=by, note=note, incident_id=keep, other_incident_id=other,
                                changes=json.dumps({"events": [moved, keep]}, ensure_ascii=False))
        return keep

    # --- reviews --------------------------------------------------------------------------------------------

    def review(self, event_id: str, status: str, corrections: dict[str, Any] | None = None,
               note: str | None = None, by: str | None = None) -> dict:
        """Record what an analyst says of an event: ``confirmed``, ``corrected`` (with ``corrections``, field
        values read by ``strife.reviews.parse_assignments``) or ``rejected``. The event takes the corrected
        values and the status; its incident is recomputed (a rejected event no longer counts in it). Returns
        the event as it now is."""
        corrections = dict(corrections or {})
        if status not in reviews.STATUSES:
            raise UsageError(f"review status {status!r}: choose one of {', '.join(reviews.STATUSES)}")
        if (status == "corrected") != bool(corrections):
            raise UsageError("a correction sets fields (--set FIELD=VALUE) and has the status corrected; "
                             "confirmed and rejected set none")
        row = self.db.execute("SELECT record, published, incident_id, article_id FROM events WHERE id = ?",
                              (event_id,)).fetchone()
        if row is None:
            raise StrifeError(f"no event {event_id!r}; list them with `strife events`")
        record = json.loads(row["record"])
        verdict = self.verdicts(row["article_id"]).get(event_id)
        key = verdict.key if verdict else reviews.match_key(record)
        with self._transaction():
            self._append_review(action="review", by=by, note=note, event_id=event_id,
                                article_id=row["article_id"], status=status,
                                changes=json.dumps(reviews.changes(record, corrections), ensure_ascii=False),
                                match_key=json.dumps(key, ensure_ascii=False), incident_id=row["incident_id"])
            self._rewrite_event(event_id, reviews.apply(record, corrections), day_of(row["published"]), status)
            if row["incident_id"] is not None:
                self._refresh_incident(row["incident_id"])
        return self.event(event_id)

    def review_log(self, status: str | None = None, event_id: str | None = None) -> list[dict]:
        """The log, oldest first: every review (``status``: only those giving it) and incident split or merge;
        ``event_id``: only that event's entries, and those made under an id it was carried from."""
        clauses, params = ["1"], []
        if status:
            clauses.append("status = ?")
            params.append(status)
        if event_id:
            clauses.append("(event_id = ? OR event_id IN (SELECT carried_from FROM reviews WHERE event_id = ?))")
            params += [event_id, event_id]
        rows = self.db.execute(f"SELECT {', '.join(REVIEW_COLUMNS)} FROM reviews WHERE {' AND '.join(clauses)} "
                               "ORDER BY id", params)
        return [_review_dict(r) for r in rows]

    def reviewed_events(self, statuses: Iterable[str] = reviews.STATUSES) -> Iterator[dict]:
        """Every event whose review status is one of ``statuses``, as stored (for gold exports, calibration)."""
        wanted = tuple(statuses)
        yield from (_event_dict(r) for r in self.db.execute(
            f"SELECT {EVENT_SELECT} FROM events WHERE review_status IN ({', '.join('?' * len(wanted))}) "
            "ORDER BY article_id, id", wanted))

    def verdicts(self, article_id: str | None = None) -> dict[str, reviews.Verdict]:
        """What the log says of each reviewed event (of one article, or of all), by event id."""
        where, params = ("article_id = ?", (article_id,)) if article_id else ("event_id IS NOT NULL", ())
        rows = self.db.execute(f"SELECT {', '.join(REVIEW_COLUMNS)} FROM reviews WHERE {where} ORDER BY id", params)
        return reviews.fold(dict(r) for r in rows)

    def _carry_reviews(self, verdicts: dict[str, reviews.Verdict], events: list[Event],
                       run_id: int) -> list[tuple[Event, str]]:
        """A re-extracted article's events with their reviews: each verdict goes to the event of its id, else to
        the one of its article, type, day and place (logged as carried); one that fits none is kept in the log
        and listed in ``unmatched_reviews``."""
        by_id = {e.id: e for e in events}
        claimed: dict[str, reviews.Verdict] = {v.event_id: v for v in verdicts.values() if v.event_id in by_id}
        for verdict in verdicts.values():
            if verdict.event_id in claimed:
                continue
            twin = next((e for e in events if e.id not in claimed
                         and reviews.match_key(e.to_dict()) == verdict.key), None)
            if twin is None:
                self.unmatched_reviews.append(verdict)
                continue
            claimed[twin.id] = verdict
            record = twin.to_dict()
            self._append_review(action="carry", event_id=twin.id, article_id=verdict.article_id,
                                status=verdict.status, carried_from=verdict.event_id, run_id=run_id,
                                changes=json.dumps(reviews.changes(record, verdict.corrections), ensure_ascii=False),
                                match_key=json.dumps(reviews.match_key(record), ensure_ascii=False),
                                note=f"carried from {verdict.event_id}: same article, type, day and place")
        carried = []
        for event in events:
            verdict = claimed.get(event.id)
            if verdict is None:
                carried.append((event, "unreviewed"))
                continue
            record = verdict.to_record(event.to_dict())
            carried.append((Event.from_dict(record, event.published), verdict.status))
        return carried

    def _append_review(self, action: str, **values: Any) -> None:
        values = {"at": _now(), "action": action, **{k: v for k, v in values.items() if v is not None}}
        self.db.execute(f"INSERT INTO reviews ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                        tuple(values.values()))

    def _rewrite_event(self, event_id: str, record: dict, published: dt.date | None, status: str) -> None:
        values = _event_columns(Event.from_dict(record, published), published, None)
        values["review_status"] = status
        values.pop("source")
        sets = ", ".join(f"{k} = ?" for k in values)
        self.db.execute(f"UPDATE events SET {sets} WHERE id = ?", (*values.values(), event_id))

    # --- queries --------------------------------------------------------------------------------------------

    def events(self, filters: Filters = Filters(), limit: int | None = 100, offset: int = 0,
               order: str = "date") -> list[dict]:
        """Events matching ``filters``, by ``order``: date (oldest first) or fatalities (most first)."""
        where, params = _where(filters, incidents=False)
        if order not in EVENT_ORDERS:
            raise StrifeError(f"cannot sort events by {order!r}; choose one of {', '.join(EVENT_ORDERS)}")
        rows = self.db.execute(f"SELECT {EVENT_SELECT} FROM events WHERE {where} "
                               f"ORDER BY {EVENT_ORDERS[order]} LIMIT ? OFFSET ?", (*params, _limit(limit), offset))
        return [_event_dict(row) for row in rows]

    def iter_events(self, filters: Filters = Filters()) -> Iterator[dict]:
        """Every matching event, streamed (for exports)."""
        where, params = _where(filters, incidents=False)
        for row in self.db.execute(f"SELECT {EVENT_SELECT} FROM events WHERE {where} "
                                   f"ORDER BY date, id", params):
            yield _event_dict(row)

    def count_events(self, filters: Filters = Filters()) -> int:
        where, params = _where(filters, incidents=False)
        return self.db.execute(f"SELECT count(*) FROM events WHERE {where}", params).fetchone()[0]

    def incidents(self, filters: Filters = Filters(), limit: int | None = 100, offset: int = 0,
                  order: str = "date") -> list[dict]:
        """Incidents matching ``filters``, by ``order``: date (oldest first), articles or fatalities (most first)."""
        where, params = _where(filters, incidents=True)
        rows = self.db.execute(f"SELECT * FROM incidents WHERE {where} ORDER BY {_order(order)} "
                               "LIMIT ? OFFSET ?", (*params, _limit(limit), offset))
        return [self._incident_dict(row) for row in rows]

    def iter_incidents(self, filters: Filters = Filters(), order: str = "date") -> Iterator[dict]:
        where, params = _where(filters, incidents=True)
        for row in self.db.execute(f"SELECT * FROM incidents WHERE {where} ORDER BY {_order(order)}", params):
            yield self._incident_dict(row)

    def count_incidents(self, filters: Filters = Filters()) -> int:
        where, params = _where(filters, incidents=True)
        return self.db.execute(f"SELECT count(*) FROM incidents WHERE {where}", params).fetchone()[0]

    def review_queue(self, filters: Filters = Filters(), order: str = "confidence", limit: int | None = 100,
                     offset: int = 0) -> list[dict]:
        """Unreviewed events matching ``filters`` in the order an analyst should see them (``QUEUE_ORDERS``)."""
        if order not in QUEUE_ORDERS:
            raise StrifeError(f"cannot order the review queue by {order!r}; choose one of {', '.join(QUEUE_ORDERS)}")
        where, params = _where(filters, incidents=False)
        queue = f"SELECT * FROM events WHERE {where} AND review_status = 'unreviewed'"
        # incidents first: the planner then walks incidents_reports instead of sorting every event
        rows = self.db.execute(f"SELECT e.* FROM incidents i CROSS JOIN ({queue}) e ON e.incident_id = i.id "
                               f"ORDER BY {QUEUE_ORDERS[order]} LIMIT ? OFFSET ?" if order == "reports" else
                               f"SELECT * FROM ({queue}) e ORDER BY {QUEUE_ORDERS[order]} LIMIT ? OFFSET ?",
                               (*params, _limit(limit), offset))
        return [_event_dict(row) for row in rows]

    def count_review_queue(self, filters: Filters = Filters()) -> int:
        where, params = _where(filters, incidents=False)
        return self.db.execute(f"SELECT count(*) FROM events WHERE {where} AND review_status = 'unreviewed'",
                               params).fetchone()[0]

    def event(self, event_id: str) -> dict | None:
        row = self.db.execute(f"SELECT {EVENT_SELECT} FROM events WHERE id = ?",
                              (event_id,)).fetchone()
        return _event_dict(row) if row else None

    def incident(self, incident_id: int) -> dict | None:
        """The incident with its member events, its sources and the merge decisions taken on it."""
        if not 0 <= incident_id <= SQLITE_MAX_INTEGER:
            return None
        row = self.db.execute("SELECT * FROM incidents WHERE id = ?", (incident_id,)).fetchone()
        if row is None:
            return None
        record = self._incident_dict(row)
        record["members"] = [_event_dict(r) for r in self.db.execute(
            f"SELECT {EVENT_SELECT} FROM events WHERE incident_id = ? ORDER BY published, id",
            (incident_id,))]
        record["decisions"] = [dict(r) for r in self.db.execute(
            "SELECT at, action, event_id, other_incident_id, score, reason FROM incident_decisions "
            "WHERE incident_id = ? ORDER BY id", (incident_id,))]
        return record

    def _incident_dict(self, row: sqlite3.Row) -> dict:
        record = {"id": row["id"], **{k: row[k] for k in SUMMARY_COLUMNS}, "review_status": row["review_status"]}
        record["civilian_targeting"] = bool(record["civilian_targeting"])
        record["sources"] = [dict(r) for r in self.db.execute(
            "SELECT DISTINCT a.id AS article_id, a.source, a.url, a.title, a.published FROM events e "
            "JOIN articles a ON a.id = e.article_id WHERE e.incident_id = ? ORDER BY a.published, a.id",
            (row["id"],))]
        return record

    def article(self, article_id: str) -> dict | None:
        row = self.db.execute("SELECT id, version, status, skip_reason, origin, url, source, title, "
                              "published, anchor, clean_text AS text, ingested_at FROM articles WHERE id = ?",
                              (article_id,)).fetchone()
        return dict(row) if row else None

    def stats(self) -> dict:
        """Articles by status; ACLED events and incidents in all and by month, country and type; political events
        (PLOVER) apart, by category; the last runs."""
        acled, plover = FAMILY_CLAUSES["acled"], FAMILY_CLAUSES["plover"]

        def grouped(table: str, expr: str, where: str = "1") -> dict:
            return {r[0] or "?": r[1] for r in self.db.execute(
                f"SELECT {expr} AS k, count(*) FROM {table} WHERE {where} GROUP BY k ORDER BY k")}

        def count(table: str, where: str) -> int:
            return self.db.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]

        return {
            "articles": grouped("articles", "status"),
            "events": count("events", acled),
            "incidents": count("incidents", acled),
            **{f"{table}_by_{name}": grouped(table, expr, acled) for table in ("events", "incidents")
               for name, expr in (("month", "substr(date, 1, 7)"), ("country", "country"),
                                  ("type", "event_type"))},
            "political_events": count("events", plover),
            "political_by_type": grouped("events", "plover_type", plover),
            "runs": [dict(r) for r in self.db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 5")],
        }


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` on an exception."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, *_) -> None:
        if not kind:
            self.db.execute("COMMIT")
        elif self.db.in_transaction:  # SQLite may have rolled back already (a full disk does)
            self.db.execute("ROLLBACK")


def _use_wal(db: sqlite3.Connection, tries: int = 50) -> None:
    """WAL mode; switching a new file to it needs the file alone for a moment, and SQLite answers "locked" at once
    (its busy timeout does not cover this pragma), so processes opening a new file together take turns."""
    for attempt in range(1, tries + 1):
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or attempt == tries:
                raise
            time.sleep(0.02 * attempt)


def _statements(script: str) -> Iterator[str]:
    """The SQL statements of a script, one at a time (a trigger's body keeps its own semicolons)."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending
            pending = ""


def _unique_ids(events: Iterable[Event], article_id: str) -> Iterator[Event]:
    """An article's events with distinct ids (a clash gets a suffix rather than overwriting an event; an event
    without an id gets one from its article's)."""
    seen: set[str] = set()
    for n, event in enumerate(events, 1):
        base = event.id or f"{article_id}#{n}"
        event_id, k = base, 1
        while event_id in seen:
            k += 1
            event_id = f"{base}-{k}"
        seen.add(event_id)
        yield event if event_id == event.id else replace(event, id=event_id)


def _event_columns(event: Event, reported: dt.date | None, source: str | None) -> dict[str, Any]:
    """The events table's values of an event (its record and what incidents and queries read)."""
    member = Member.from_event(event, reported)
    values = {k: _sql_value(v) for k, v in asdict(member).items() if k != "event_id"}
    values.update(source=event.source or source, record=json.dumps(event.to_dict(), ensure_ascii=False))
    return values


def _incident_status(statuses: set[str]) -> str:
    """An incident's review status from its events': rejected when all are, unreviewed while a live one is,
    else corrected when one is, else confirmed."""
    live = statuses - {"rejected"}
    if not live:
        return "rejected"
    if "unreviewed" in live:
        return "unreviewed"
    return "corrected" if "corrected" in live else "confirmed"


def _review_dict(row: sqlite3.Row) -> dict:
    entry = dict(row)
    for key in ("changes", "match_key"):
        entry[key] = json.loads(entry[key]) if entry[key] else None
    return entry


def _member_of(row: sqlite3.Row) -> Member:
    values = {k: row[k] for k in MEMBER_COLUMNS}
    for k in DATE_FIELDS & values.keys():
        values[k] = day_of(values[k])
    values["civilian_targeting"] = bool(values["civilian_targeting"])
    return Member(**values)


def _event_dict(row: sqlite3.Row) -> dict:
    record = json.loads(row["record"])
    record["incident_id"] = row["incident_id"]
    record["published"] = row["published"]
    record["review_status"] = row["review_status"]
    return record


def _km_or_none(lat1, lon1, lat2, lon2) -> float | None:
    if None in (lat1, lon1, lat2, lon2):
        return None
    return km_between(lat1, lon1, lat2, lon2)


def _order(order: str) -> str:
    if order not in INCIDENT_ORDERS:
        raise StrifeError(f"cannot sort incidents by {order!r}; choose one of {', '.join(INCIDENT_ORDERS)}")
    return INCIDENT_ORDERS[order]


def _limit(limit: int | None) -> int:
    return -1 if limit is None else limit


def _literal(text: str) -> str:
    """``text`` for a LIKE pattern in which ``%`` and ``_`` are themselves (``ESCAPE '\\'``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _where(f: Filters, incidents: bool) -> tuple[str, tuple]:
    """The WHERE clause of a query over ``events`` or ``incidents`` (whose columns share names)."""
    clauses, params = ["1"], []

    def add(clause: str, *values) -> None:
        clauses.append(clause)
        params.extend(values)

    if f.country:
        add("country = upper(?)", f.country)  # stored as ISO2, upper case: the index serves it
    if f.admin1:
        add("admin1 = ? COLLATE NOCASE", f.admin1)
    if f.since:
        add(f"{'coalesce(date_last, date)' if incidents else 'coalesce(date_end, date)'} >= ?", f.since)
    if f.until:
        add(f"{'coalesce(date_first, date)' if incidents else 'date'} <= ?", f.until)
    if f.type:
        add("event_type = ? COLLATE NOCASE", f.type)
    if f.sub_type:
        add("sub_event_type = ? COLLATE NOCASE", f.sub_type)
    add(FAMILY_CLAUSES[family_of(f)])
    if f.plover_type:
        add("plover_type = ? COLLATE NOCASE", f.plover_type)
    if f.actor:
        pattern = f"%{_literal(f.actor)}%"
        if incidents:
            add("EXISTS (SELECT 1 FROM events e WHERE e.incident_id = incidents.id AND "
                "(e.actor1 LIKE ? ESCAPE '\\' OR e.actor2 LIKE ? ESCAPE '\\'))", pattern, pattern)
        else:
            add("(actor1 LIKE ? ESCAPE '\\' OR actor2 LIKE ? ESCAPE '\\')", pattern, pattern)
    if f.near:
        lat, lon, km = f.near
        add("km_between(lat, lon, ?, ?) <= ?", lat, lon, km)
    if f.min_fatalities is not None:
        add("fatalities_best >= ?", f.min_fatalities)
    if f.verification:
        add("verification = ?", f.verification)
    if not f.include_rejected:
        add("review_status != 'rejected'")
    return " AND ".join(clauses), tuple(params)
