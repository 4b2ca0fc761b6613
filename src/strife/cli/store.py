"""The dataset commands: ``ingest`` into the store, query it (``events``, ``incidents``, ``show``,
``stats``), fix incidents by hand (``incidents split``/``merge``) and ``export`` it, through a ``Store``."""

from __future__ import annotations

import argparse
import json
import sys
import time
from itertools import islice
from pathlib import Path

from strife.cli._common import add_input_options, iso_date, report_skip, settings_from, settled
from strife.config import Settings, settings_from_dict
from strife.errors import UsageError
from strife.export import EXPORT_FORMATS, event_row, incident_row, write_export
from strife.records import VERIFICATIONS
from strife.store import FAMILIES, SQLITE_MAX_INTEGER, Filters, IngestReport, Store

DEFAULT_DB = "strife.db"
TERMINAL_ROWS = 100  # rows a query prints on a terminal unless --limit says otherwise


def register(sub) -> None:
    p = sub.add_parser("ingest", help="extract events from articles into the database, merging incidents")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files, directories, or - for standard input; with --rerun: stored article ids")
    p.add_argument("--rerun", action="store_true",
                   help="run the pipeline again over the stored articles (all, or the ARTICLE_IDs given), "
                        "keeping their reviews")
    p.add_argument("--from-parquet", metavar="DIR",
                   help="load what `strife extract --engine ray --out DIR` wrote instead of running the pipeline")
    p.add_argument("--workers", type=int, metavar="N", help="worker processes (default: all cores)")
    db_option(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    add_input_options(p)
    p.set_defaults(func=run_ingest)

    e = sub.add_parser("events", help="list stored events")
    _query_options(e)
    e.set_defaults(func=run_events)

    i = sub.add_parser("incidents", help="list incidents; `split ID [EVENT...]`; `merge KEEP OTHER`")
    i.add_argument("action", nargs="?", choices=["list", "split", "merge"], default="list")
    i.add_argument("--sort", choices=["date", "articles", "fatalities"], default="date",
                   help="oldest first (default), or the most reported or the deadliest first")
    i.add_argument("ids", nargs="*", metavar="ID",
                   help="split: an incident, then optionally the events to take out of it; "
                        "merge: the incident to keep, then the one merged into it")
    i.add_argument("--by", metavar="NAME", help="split/merge: who, for the review log")
    i.add_argument("--note", metavar="TEXT", help="split/merge: why, for the review log")
    _query_options(i)
    i.set_defaults(func=run_incidents)

    s = sub.add_parser("show", help="an event or an incident (a number): article text, evidence highlighted")
    s.add_argument("id", metavar="ID")
    db_option(s)
    s.set_defaults(func=run_show)

    t = sub.add_parser("stats", help="counts of articles, events and incidents by month, country and type")
    t.add_argument("--format", choices=["table", "json"], default="table")
    db_option(t)
    t.set_defaults(func=run_stats)

    x = sub.add_parser("export", help="write events or incidents as csv, acled-csv, jsonl, geojson, parquet")
    x.add_argument("--format", choices=EXPORT_FORMATS, default="csv")
    x.add_argument("--incidents", action="store_true", help="one record per incident instead of per event")
    x.add_argument("-o", "--output", metavar="FILE", help="output file (default: standard output)")
    db_option(x)
    _filter_options(x)
    x.set_defaults(func=run_export)


def db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=DEFAULT_DB, metavar="FILE", help=f"the database (default: {DEFAULT_DB})")


def _near(value: str) -> tuple[float, float, float]:
    try:
        lat, lon, km = (float(x) for x in value.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r}: write it as LAT,LON,KM (e.g. 36.2,37.1,25)") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and km >= 0):
        raise argparse.ArgumentTypeError(f"{value!r}: latitude within ±90, longitude within ±180, KM >= 0")
    return lat, lon, km


def _filter_options(p: argparse.ArgumentParser) -> None:
    f = p.add_argument_group("filters")
    f.add_argument("--country", metavar="CC", help="ISO 3166-1 alpha-2 code, e.g. SY")
    f.add_argument("--admin1", metavar="NAME", help="first-level region, e.g. Aleppo")
    f.add_argument("--since", type=iso_date, metavar="YYYY-MM-DD", help="on or after this day")
    f.add_argument("--until", type=iso_date, metavar="YYYY-MM-DD", help="on or before this day")
    f.add_argument("--type", metavar="TYPE", help="ACLED event type, e.g. Battles")
    f.add_argument("--sub-type", metavar="TYPE", help="ACLED sub-event type (a name of data/taxonomy.tsv)")
    f.add_argument("--actor", metavar="TEXT", help="part of an actor's name")
    f.add_argument("--near", type=_near, metavar="LAT,LON,KM", help="within KM kilometres of a point")
    f.add_argument("--min-fatalities", type=_count, metavar="N", help="best death toll at least N")
    f.add_argument("--verification", choices=VERIFICATIONS)
    f.add_argument("--include-rejected", action="store_true", help="also events an analyst rejected")
    f.add_argument("--family", choices=FAMILIES, help="acled (ACLED's events, the default), plover (political "
                   "events), all; with --plover-type the default is all")
    f.add_argument("--plover-type", metavar="TYPE", help="PLOVER category, e.g. ACCUSE")


def _query_options(p: argparse.ArgumentParser) -> None:
    db_option(p)
    _filter_options(p)
    p.add_argument("--format", choices=["table", "jsonl", "csv"],
                   help="output format (default: table on a terminal, jsonl otherwise)")
    p.add_argument("--limit", type=_count, metavar="N",
                   help=f"at most N rows (0: all; default {TERMINAL_ROWS} on a terminal, all otherwise)")
    p.add_argument("--offset", type=_count, default=0, metavar="N")


def _count(text: str) -> int:
    if not text.isdigit() or int(text) > SQLITE_MAX_INTEGER:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 0 to {SQLITE_MAX_INTEGER}")
    return int(text)


def filters_from(args: argparse.Namespace) -> Filters:
    return Filters(country=args.country, admin1=args.admin1, since=args.since, until=args.until,
                   type=args.type, sub_type=args.sub_type, actor=args.actor, near=args.near,
                   min_fatalities=args.min_fatalities, verification=args.verification,
                   include_rejected=args.include_rejected, family=args.family, plover_type=args.plover_type)


# --- ingest -------------------------------------------------------------------------------------------------

def run_ingest(args: argparse.Namespace) -> int:
    if args.rerun and args.from_parquet:
        raise UsageError("--rerun runs the pipeline on stored articles; --from-parquet stores a run already made")
    if not args.rerun and bool(args.paths) == bool(args.from_parquet):
        raise UsageError("ingest takes input PATHs or --from-parquet DIR (one of the two), or --rerun")
    if args.from_parquet and (args.published or args.source or args.workers):
        raise UsageError("--published, --source and --workers shape a pipeline run; --from-parquet stores one "
                         "already made")
    if args.rerun and (args.published or args.source):
        raise UsageError("--published and --source fill the gaps of new inputs; --rerun reads stored articles")
    if args.rerun and not Path(args.db).is_file():
        raise UsageError(f"--rerun: no database at {args.db}")
    settings = _with_db_calibration(settings_from(args), args.db)
    started = time.monotonic()
    with Store(args.db) as store:
        if args.from_parquet:
            results = _parquet_results(args.from_parquet)
        else:
            results = _pipeline_results(args, settings, store)
        info = {"paths": args.paths, "from_parquet": args.from_parquet, "published": args.published,
                "source": args.source, "rerun": args.rerun, "settings": settings.as_dict()}
        if args.quiet:
            report = store.ingest(results, progress=_report_skips, run_info=info, rerun=args.rerun)
        else:
            with _progress_bar() as bar:
                report = store.ingest(results, progress=bar, run_info=info, rerun=args.rerun)
        unmatched = store.unmatched_reviews
    if not args.quiet:
        _print_summary(report, time.monotonic() - started, Path(args.db))
    _print_unmatched(unmatched)
    return 1 if report.skips or unmatched else 0


def _with_db_calibration(settings: Settings, db: str) -> Settings:
    """The settings, with the database's own confidence calibration (``strife calibrate``) where it has one and
    no other is set."""
    from strife.calibration import db_calibration

    table = db_calibration(db)
    if settings.get("pipeline.calibration") or not table.is_file():
        return settings
    print(f"strife: confidence calibrated by {table} (`strife calibrate`)", file=sys.stderr)
    values = settings.as_dict()
    values["pipeline"]["calibration"] = str(table)
    return settings_from_dict(values)


def _pipeline_results(args: argparse.Namespace, settings, store: Store):
    from strife.engines import local
    from strife.ingest import read_inputs

    if args.rerun:
        items = store.stored_articles(args.paths)
    else:
        items = store.unseen(read_inputs(args.paths, settings, args.published, args.source))
    return settled(local.run(items, settings, args.workers), settings)


def _parquet_results(folder: str):
    from strife.engines import ray

    return ray.read_results(folder)


def _report_skips(result, _report: IngestReport) -> None:
    if result.skip:
        report_skip(result.skip)


class _progress_bar:
    """A rich progress line on stderr: articles, articles/s, events, skips."""

    def __enter__(self):
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            SpinnerColumn(), TextColumn("{task.completed} articles"),
            TextColumn("{task.fields[rate]:.1f} articles/s"), TextColumn("{task.fields[events]} events"),
            TextColumn("{task.fields[skips]} skipped"), TextColumn("{task.fields[unchanged]} unchanged"),
            TimeElapsedColumn(), console=Console(stderr=True), transient=False)
        self.progress.__enter__()
        self.task = self.progress.add_task("ingest", total=None, rate=0.0, events=0, skips=0, unchanged=0)
        self.started = time.monotonic()
        self.done = 0
        return self

    def __call__(self, result, report: IngestReport) -> None:
        if result.skip:
            self.progress.console.print(f"strife: skipped {result.skip.origin}: {result.skip.reason}")
        self.done += 1
        rate = self.done / max(time.monotonic() - self.started, 1e-6)
        self.progress.update(self.task, completed=self.done, rate=rate, events=report.events,
                             skips=report.skips, unchanged=report.unchanged)

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)


def _print_unmatched(unmatched: list) -> None:
    """The reviews a run found no event for: one line each (they stay in the log, and a later run may match)."""
    for verdict in unmatched:
        article, kind, day, place, country = (verdict.key + [None] * 5)[:5]
        print(f"strife: review of {verdict.event_id} ({verdict.status}) matches no event now: no event "
              f"{verdict.event_id} and none of article {article}, {kind or '?'}, {day or 'undated'}, "
              f"{_place(place, country)}; it stays in the log (`strife review list`)", file=sys.stderr)


def _print_summary(report: IngestReport, seconds: float, db: Path) -> None:
    size = db.stat().st_size / 1e6 if db.exists() else 0.0
    print(f"strife: {report.articles} articles stored, {report.unchanged} unchanged, {report.skips} skipped; "
          f"{report.events} events, {report.incidents} new incidents; {seconds:.1f} s "
          f"({(report.articles + report.unchanged) / max(seconds, 1e-6):.1f} articles/s); {db} {size:.1f} MB",
          file=sys.stderr)


# --- queries ------------------------------------------------------------------------------------------------

def run_events(args: argparse.Namespace) -> int:
    fmt = _format(args)
    with Store(args.db, read_only=True) as store:
        filters = filters_from(args)
        limit = _limit(args, fmt)
        if fmt == "table":
            _print_table(store.events(filters, limit=limit, offset=args.offset), False,
                         store.count_events(filters))
        else:
            write_export(_window(store.iter_events(filters), args.offset, limit), fmt, sys.stdout)
    return 0


def _format(args: argparse.Namespace) -> str:
    return args.format or ("table" if sys.stdout.isatty() else "jsonl")


def _limit(args: argparse.Namespace, fmt: str) -> int | None:
    """Rows to print: --limit (0 all); else a screenful for a table, every row for a file or a pipe."""
    if args.limit is not None:
        return args.limit or None
    return TERMINAL_ROWS if fmt == "table" else None


def _window(rows, offset: int, limit: int | None):
    return islice(rows, offset, None if limit is None else offset + limit)


def run_incidents(args: argparse.Namespace) -> int:
    if args.action == "split":
        return _split(args)
    if args.action == "merge":
        return _merge(args)
    fmt = _format(args)
    with Store(args.db, read_only=True) as store:
        filters = filters_from(args)
        limit = _limit(args, fmt)
        if fmt == "table":
            _print_table(store.incidents(filters, limit=limit, offset=args.offset, order=args.sort), True,
                         store.count_incidents(filters))
        else:
            rows = store.iter_incidents(filters, order=args.sort)
            write_export(_window(rows, args.offset, limit), fmt, sys.stdout, incidents=True)
    return 0


def _incident_id(text: str) -> int:
    if not text.isdigit() or int(text) > SQLITE_MAX_INTEGER:
        raise UsageError(f"{text!r} is not an incident id (a number)")
    return int(text)


def existing_db(db: str) -> str:
    """A database that must exist already: a mistyped --db never creates an empty one."""
    if not Path(db).is_file():
        raise UsageError(f"no database at {db}; give --db FILE (default {DEFAULT_DB})")
    return db


def _split(args: argparse.Namespace) -> int:
    if not args.ids:
        print("strife: error: incidents split ID [EVENT...]", file=sys.stderr)
        return 2
    with Store(existing_db(args.db)) as store:
        parts = store.split(_incident_id(args.ids[0]), args.ids[1:], by=args.by, note=args.note)
    print(f"strife: incident {args.ids[0]} split into {', '.join(map(str, parts))}", file=sys.stderr)
    return 0


def _merge(args: argparse.Namespace) -> int:
    if len(args.ids) != 2:
        print("strife: error: incidents merge ID ID (the one to keep first)", file=sys.stderr)
        return 2
    with Store(existing_db(args.db)) as store:
        kept = store.merge(_incident_id(args.ids[0]), _incident_id(args.ids[1]), by=args.by, note=args.note)
    print(f"strife: incident {args.ids[1]} merged into {kept}", file=sys.stderr)
    return 0


def _place(name, country) -> str:
    return ", ".join(x for x in (name, country) if x) or "?"


def _toll(best, low, high) -> str:
    if best is None and low is None and high is None:
        return ""
    return str(best) if low == high or low is None or high is None else f"{best} ({low}-{high})"


def _print_table(rows: list[dict], incidents: bool, total: int) -> None:
    from rich.console import Console
    from rich.table import Table

    if incidents:
        table = Table("id", "date", "sub-event type", "place", "actor 1", "actor 2", "killed", "articles",
                      "outlets")
        for r in rows:
            table.add_row(str(r["id"]), r["date"] or "?", r["sub_event_type"] or r["plover_type"] or "?",
                          _place(r["place_name"], r["country"]), r["actor1"] or "", r["actor2"] or "",
                          _toll(r["fatalities_best"], r["fatalities_low"], r["fatalities_high"]),
                          str(r["n_articles"]), str(r["n_sources"]))
    else:
        table = Table("event", "date", "sub-event type", "place", "actor 1", "actor 2", "killed", "incident")
        for r in rows:
            row = event_row(r)
            table.add_row(r["id"], row["event_date"] or "?", row["sub_event_type"] or r["plover_type"] or "?",
                          _place(row["location"], row["country"]), row["actor1"] or "", row["actor2"] or "",
                          "" if row["fatalities"] is None else str(row["fatalities"]),
                          str(r["incident_id"] or ""))
    Console().print(table)
    print(f"{len(rows)} of {total} {'incidents' if incidents else 'events'}", file=sys.stderr)


# --- show ---------------------------------------------------------------------------------------------------

def run_show(args: argparse.Namespace) -> int:
    from rich.console import Console

    console = Console()
    with Store(args.db, read_only=True) as store:
        if args.id.isdigit() and (incident := store.incident(int(args.id))):
            _show_incident(console, store, incident)
            return 0
        if event := store.event(args.id):
            _show_event(console, store, event)
            return 0
    print(f"strife: error: no event or incident {args.id!r} in {args.db}; list them with `strife events` "
          "or `strife incidents`", file=sys.stderr)
    return 1


def _show_incident(console, store: Store, incident: dict) -> None:
    flat = incident_row(incident)
    console.rule(f"incident {incident['id']}")
    for key in ("event_type", "sub_event_type", "date", "date_precision", "location", "country", "admin1",
                "geo_precision", "actor1", "actor2", "fatalities", "fatalities_low", "fatalities_high",
                "verification", "n_articles", "n_sources", "sources", "first_reported", "last_reported"):
        console.print(f"[bold]{key}[/]: {flat.get(key)}", highlight=False)
    for decision in incident.get("decisions", []):
        console.print(f"[dim]{decision['action']} {decision['event_id'] or decision['other_incident_id']}: "
                      f"{decision['reason']}[/]", highlight=False)
    for event in incident["members"]:
        _show_event(console, store, event)


def _show_event(console, store: Store, event: dict) -> None:
    from rich.text import Text

    article = store.article(event["article_id"]) or {}
    console.rule(f"event {event['id']} (article {event['article_id']}, {article.get('source') or '?'}, "
                 f"{article.get('published') or '?'})")
    fields = ("event_type", "sub_event_type", "date", "date_precision", "location", "actor1", "actor2",
              "fatalities", "verification", "incident_id", "review_status")
    console.print(json.dumps({k: event[k] for k in fields}, ensure_ascii=False, indent=1), highlight=False)
    text = Text(article.get("text") or "")
    for span in event.get("evidence", []):
        text.stylize("bold black on yellow", span["start"], span["end"])
    console.print(text)
    for span in event.get("evidence", []):
        console.print(f"[dim]{span['field']}: {span['start']}-{span['end']} {span['text']!r}[/]",
                      highlight=False)
    _show_reviews(console, store.review_log(event_id=event["id"]))


def _show_reviews(console, entries: list[dict]) -> None:
    """The event's review log: when, who, what it said, each change from what to what, why."""
    for e in entries:
        changes = "; ".join(f"{k}: {json.dumps(v[0], ensure_ascii=False)} -> {json.dumps(v[1], ensure_ascii=False)}"
                            for k, v in (e["changes"] or {}).items())
        parts = [f"review {e['at']} by {e['by'] or '?'}: {e['action']} {e['status'] or ''}".rstrip()]
        parts += [f"({changes})"] if changes else []
        parts += [f"- {e['note']}"] if e["note"] else []
        console.print(" ".join(parts), highlight=False, markup=False, soft_wrap=True)


# --- stats and export ---------------------------------------------------------------------------------------

def run_stats(args: argparse.Namespace) -> int:
    with Store(args.db, read_only=True) as store:
        stats = store.stats()
    if args.format == "json":
        print(json.dumps(stats, ensure_ascii=False, indent=1))
        return 0
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(f"articles: {stats['articles']}; events: {stats['events']}; "
                  f"incidents: {stats['incidents']}; political events (PLOVER): {stats['political_events']} "
                  f"{stats['political_by_type']}", highlight=False)
    for name in ("month", "country", "type"):
        table = Table(name, "events", "incidents", title=f"by {name}")
        events, incidents = stats[f"events_by_{name}"], stats[f"incidents_by_{name}"]
        for key in sorted(set(events) | set(incidents)):
            table.add_row(str(key), str(events.get(key, 0)), str(incidents.get(key, 0)))
        console.print(table)
    return 0


def run_export(args: argparse.Namespace) -> int:
    filters = filters_from(args)
    with Store(args.db, read_only=True) as store:
        records = store.iter_incidents(filters) if args.incidents else store.iter_events(filters)
        if args.format == "parquet":
            n = write_export(records, "parquet", path=args.output, incidents=args.incidents)
        elif args.output:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                n = write_export(records, args.format, out, incidents=args.incidents)
        else:
            n = write_export(records, args.format, sys.stdout, incidents=args.incidents)
    kind = "incidents" if args.incidents else "events"
    print(f"strife: {n} {kind} written{f' to {args.output}' if args.output else ''}", file=sys.stderr)
    return 0
