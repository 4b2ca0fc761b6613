"""``strife eval GOLD.jsonl CORPUS.jsonl``: run the pipeline on a corpus, score it against the user's gold."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from strife.errors import UsageError


def register(sub) -> None:
    p = sub.add_parser("eval", help="score extraction against gold events (per-type P/R, confusions)")
    p.add_argument("gold", metavar="GOLD.jsonl", help="gold events, one JSON object a line")
    p.add_argument("corpus", metavar="CORPUS.jsonl", help="articles: id, text (or html), published, source")
    p.add_argument("--family", choices=["acled", "plover"], default="acled",
                   help="score ACLED events (event_type set) or PLOVER ones (event_type null)")
    p.set_defaults(func=run_eval)


def _rows(path: str) -> list[dict]:
    file = Path(path)
    if not file.is_file():
        raise UsageError(f"no such file: {path}")
    try:
        return [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
    except json.JSONDecodeError as err:
        raise UsageError(f"{path} is not JSON lines ({err}); give one JSON object a line") from err


def run_eval(args: argparse.Namespace) -> int:
    from strife import extract_many
    from strife.cli._common import report_skip
    from strife.evaluate import evaluate, report
    from strife.records import Skip

    gold = _rows(args.gold)
    predicted = []
    for item in extract_many(_rows(args.corpus)):
        if isinstance(item, Skip):
            report_skip(item)
        else:
            predicted.append(item.to_dict())
    print(report(evaluate(gold, predicted, args.family)))
    return 0
