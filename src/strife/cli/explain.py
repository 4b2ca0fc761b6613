"""``strife explain``: per article its relevance, each candidate mention, the decision on it and the rule."""

from __future__ import annotations

import argparse
import json
import sys

from strife.cli._common import add_input_options, report_skip, settings_from
from strife.records import Skip


def register(sub) -> None:
    p = sub.add_parser("explain", help="why each event came out or not: relevance, mentions, decisions, rules")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, or - for standard input")
    p.add_argument("--format", choices=["text", "jsonl"], default="text")
    add_input_options(p)
    p.set_defaults(func=run_explain)


def run_explain(args: argparse.Namespace) -> int:
    from strife import explain, nlp
    from strife.ingest import read_inputs
    from strife.pipeline import Pipeline, clean_only

    settings = settings_from(args)
    pipeline = Pipeline(settings)
    skipped = 0
    for item in clean_only(read_inputs(args.paths, settings, args.published, args.source), settings):
        if isinstance(item, Skip):
            skipped += 1
            report_skip(item)
            continue
        [parsed] = pipeline.backbone.parse_chosen([(item, nlp.split_sentences(item))], explain.candidate_sentences)
        found = explain.explain(parsed)
        if args.format == "jsonl":
            sys.stdout.write(json.dumps(found.to_dict(), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(as_text(found))
    return 1 if skipped else 0


def as_text(found) -> str:
    lines = [f"==> {found.article_id}  relevance {found.relevance:.3f}"]
    for d in found.decisions:
        where = f"[{d.span.start}:{d.span.end}] {shorten(d.span.text)!r}"
        into = f" -> {d.event_id}" if d.event_id else ""
        typed = f" {d.sub_event_type}" if d.sub_event_type else ""
        lines.append(f"  {d.decision:<7} {d.rule}{typed}{into}  {where}" + (f"  ({d.detail})" if d.detail else ""))
    if not found.decisions:
        lines.append("  (no candidate mention)")
    return "\n".join(lines) + "\n"


def shorten(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."
