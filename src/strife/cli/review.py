"""``strife review``: say what an event is worth (confirmed, corrected, rejected), list the review log, export
the reviewed events as gold; ``strife calibrate``: refit the confidence calibration on a database's reviews."""

from __future__ import annotations

import argparse
import json
import sys

from strife.cli.store import db_option, existing_db
from strife.errors import UsageError
from strife.reviews import SETTABLE, STATUSES, parse_assignments
from strife.store import Store

ACTIONS = ("list", "export")


def register(sub) -> None:
    p = sub.add_parser(
        "review", help="review an event (EVENT_ID --status ...), or `review list`, `review export -o FILE`",
        description="strife review EVENT_ID --status confirmed|corrected|rejected [--set FIELD=VALUE ...]; "
                    "strife review list [--status S] [--format table|jsonl]; strife review export -o gold.jsonl. "
                    f"Settable fields: {', '.join(SETTABLE)}.")
    p.add_argument("target", metavar="EVENT_ID|list|export", help="the event to review, or list, or export")
    p.add_argument("--status", choices=STATUSES,
                   help="what the event is (a review); list: only reviews giving this status")
    p.add_argument("--set", dest="assignments", action="append", default=[], metavar="FIELD=VALUE",
                   help=f"a corrected field (with --status corrected), e.g. fatalities.best=7; one of "
                        f"{', '.join(SETTABLE)}")
    p.add_argument("--note", metavar="TEXT", help="why")
    p.add_argument("--by", metavar="NAME", help="who reviews")
    p.add_argument("--format", choices=["table", "jsonl"], help="list: default a table on a terminal")
    p.add_argument("-o", "--output", metavar="FILE", help="export: the gold file (default standard output)")
    db_option(p)
    p.set_defaults(func=run_review)

    c = sub.add_parser("calibrate", help="refit the confidence calibration on the reviews in a database")
    c.add_argument("-o", "--output", metavar="FILE",
                   help="where to write the table (default: DB.calibration.tsv beside the database, which "
                        "`strife ingest --db DB` then applies; elsewhere, give it with "
                        "--set pipeline.calibration=FILE)")
    db_option(c)
    c.set_defaults(func=run_calibrate)


def run_review(args: argparse.Namespace) -> int:
    if args.target == "list":
        return _list(args)
    if args.target == "export":
        return _export(args)
    if not args.status:
        raise UsageError(f"review {args.target}: give --status ({'|'.join(STATUSES)})")
    corrections = parse_assignments(args.assignments)
    with Store(existing_db(args.db)) as store:
        event = store.review(args.target, args.status, corrections, note=args.note, by=args.by)
    print(f"strife: event {event['id']} is {event['review_status']}", file=sys.stderr)
    return 0


def _list(args: argparse.Namespace) -> int:
    with Store(args.db, read_only=True) as store:
        entries = store.review_log(status=args.status)
    fmt = args.format or ("table" if sys.stdout.isatty() else "jsonl")
    if fmt == "jsonl":
        for entry in entries:
            print(json.dumps(entry, ensure_ascii=False))
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table("#", "when", "by", "action", "event / incident", "status", "changes", "note")
    for e in entries:
        table.add_row(str(e["id"]), e["at"], e["by"] or "", e["action"], _subject(e), e["status"] or "",
                      describe_changes(e["changes"]), e["note"] or "")
    Console().print(table)
    print(f"{len(entries)} log entries", file=sys.stderr)
    return 0


def _subject(entry: dict) -> str:
    if entry["event_id"]:
        return entry["event_id"]
    return f"incident {entry['incident_id']} / {entry['other_incident_id']}"


def describe_changes(changes: dict | None) -> str:
    """``field: before -> after`` a line."""
    return "\n".join(f"{k}: {_short(v[0])} -> {_short(v[1])}" for k, v in (changes or {}).items())


def _short(value) -> str:
    if isinstance(value, dict):
        return ", ".join(str(value[k]) for k in ("name", "country", "lat", "lon") if value.get(k) is not None)
    return "null" if value is None else str(value)


def _export(args: argparse.Namespace) -> int:
    from strife.reviews import gold_record

    with Store(args.db, read_only=True) as store:
        records = [gold_record(e) for e in store.reviewed_events(("confirmed", "corrected"))]
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    print(f"strife: {len(records)} reviewed events written{f' to {args.output}' if args.output else ''}",
          file=sys.stderr)
    return 0


def run_calibrate(args: argparse.Namespace) -> int:
    from strife.calibration import db_calibration, refit

    output = args.output or db_calibration(args.db)
    with Store(args.db, read_only=True) as store:
        fitted = refit(store)
    fitted.write(output)
    print(fitted.describe(), file=sys.stderr)
    print(f"strife: wrote {output}", file=sys.stderr)
    return 0

