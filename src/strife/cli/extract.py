"""``strife extract`` (events of articles) and ``strife text`` (the clean text every offset indexes).

Heavy modules are imported inside the commands, so that ``strife --help`` and other commands start fast.
"""

from __future__ import annotations

import argparse
import json
import sys

from strife.cli._common import add_input_options, report_skip, settings_from, settled
from strife.errors import UsageError
from strife.export import TABLE_HEADER, csv_row, csv_writer, table_row
from strife.records import Skip


def register(sub) -> None:
    p = sub.add_parser("extract", help="extract events from articles (txt, html, jsonl, directories, -)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, or - for standard input")
    p.add_argument("--format", choices=["table", "jsonl", "csv"],
                   help="output format (default: table on a terminal, jsonl otherwise)")
    p.add_argument("--workers", type=int, metavar="N", help="worker processes (default: all cores)")
    p.add_argument("--engine", choices=["local", "ray"], default="local",
                   help="where the pipeline runs: local processes, or a Ray cluster (writes --out DIR)")
    p.add_argument("--address", metavar="ADDR", help="the Ray cluster's address (default: start a local Ray)")
    p.add_argument("--out", metavar="DIR", help="output folder for --engine ray (Parquet and JSONL)")
    add_input_options(p)
    p.set_defaults(func=run_extract)

    t = sub.add_parser("text", help="print the clean text of articles (what evidence offsets index)")
    t.add_argument("paths", nargs="+", metavar="PATH")
    t.add_argument("--format", choices=["text", "jsonl"], default="text")
    add_input_options(t)
    t.set_defaults(func=run_text)


def run_extract(args: argparse.Namespace) -> int:
    from strife.engines import local
    from strife.ingest import read_inputs

    settings = settings_from(args)
    if args.engine == "ray":
        return run_on_ray(args, settings)
    fmt = args.format or ("table" if sys.stdout.isatty() else "jsonl")
    items = read_inputs(args.paths, settings, args.published, args.source)
    skipped = 0
    rows = []
    writer = csv_writer(sys.stdout) if fmt == "csv" else None
    for result in settled(local.run(items, settings, args.workers), settings):
        if result.skip:
            skipped += 1
            report_skip(result.skip)
            continue
        for event in result.events:
            if fmt == "jsonl":
                sys.stdout.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
            elif writer:
                writer.writerow(csv_row(event.to_dict()))
            else:
                rows.append(table_row(event))
    if fmt == "table":
        print_table(rows)
    return 1 if skipped else 0


def run_on_ray(args: argparse.Namespace, settings) -> int:
    from strife.engines import ray

    if not args.out:
        raise UsageError("--engine ray needs --out DIR (where the Parquet and JSONL go)")
    summary = ray.run(args.paths, settings, args.out, address=args.address, actors=args.workers)
    print(f"strife: {summary.articles} articles, {summary.events} events, {summary.skipped} skipped, "
          f"{summary.failed} failed in the pipeline (both listed in skips.jsonl), {summary.seconds:.1f} s "
          f"-> {summary.out_dir}", file=sys.stderr)
    return 1 if summary.skipped or summary.failed else 0


def print_table(rows: list[list[str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(*TABLE_HEADER, show_lines=False)
    for row in rows:
        table.add_row(*row)
    Console().print(table)
    print(f"{len(rows)} events", file=sys.stderr)


def run_text(args: argparse.Namespace) -> int:
    from strife.ingest import read_inputs
    from strife.pipeline import clean_only

    settings = settings_from(args)
    skipped, shown = 0, 0
    for item in clean_only(read_inputs(args.paths, settings, args.published, args.source), settings):
        if isinstance(item, Skip):
            skipped += 1
            report_skip(item)
        elif args.format == "jsonl":
            sys.stdout.write(json.dumps({
                "id": item.article_id, "text": item.text, "anchor": item.anchor and item.anchor.isoformat(),
                "anchor_origin": item.anchor_origin, "captions": item.captions, "boilerplate": item.boilerplate,
            }, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(("\n" if shown else "") + f"==> {item.article_id} <==\n{item.text}\n")
        shown += 1
    return 1 if skipped else 0
