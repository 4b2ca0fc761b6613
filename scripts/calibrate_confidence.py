"""Calibrate strife's event confidence on the project's own labelled reports.

    .venv/bin/python scripts/calibrate_confidence.py [SET.tsv ...] [--write]

Runs the pipeline on every report of the sets (written for strife; see their headers; by default
tests/fixtures/detect_calibration.tsv and detect_heldout.tsv), marks each predicted event right (its sub-event
type is one the report gives, each given type used once) or wrong, and prints the Brier score and a reliability
table of the raw confidences. With --write it stores a monotone (pool-adjacent-violators) map from raw to
calibrated confidence in src/strife/data/confidence_calibration.tsv, which merge applies; each bin's rate is
smoothed towards one half (one pseudo-success and one pseudo-failure), so that a small set never claims
certainty.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from strife import extract, merge
from strife.evaluate import BINS, brier, monotone, reliability

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SETS = [ROOT / "tests/fixtures/detect_calibration.tsv", ROOT / "tests/fixtures/detect_heldout.tsv"]
OUTPUT = ROOT / "src/strife/data/confidence_calibration.tsv"
HEADER = """# Calibration of strife's event confidence (merge.calibrated): a raw confidence up to `upper` becomes
# `calibrated`.
# Source: scripts/calibrate_confidence.py on tests/fixtures/detect_calibration.tsv, reports written for strife by
# its engineers (no evaluation-set text). Licence: MIT. Refit with --write after changing detection.
upper\tcalibrated\tcount
"""


def labelled(path: Path) -> list[tuple[str, list[str], str]]:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")][1:]
    return [(published, [] if events == "-" else events.split(";"), text) for published, events, text in rows]


def outcomes(rows: list[tuple[str, list[str], str]]) -> tuple[list[float], list[int]]:
    """Raw confidences (the shipped calibration switched off) and whether each event was right."""
    merge.calibrated = lambda raw: raw
    probabilities, hits = [], []
    for n, (published, expected, text) in enumerate(rows):
        left = list(expected)
        for event in extract(text, published=published, article_id=f"cal-{n}"):
            probabilities.append(event.confidence)
            hit = event.sub_event_type in left
            hits.append(int(hit))
            if hit:
                left.remove(event.sub_event_type)
    return probabilities, hits


def fit(table: list[tuple[float, int, float, float]]) -> list[float]:
    """The monotone map's value for each bin of a reliability table, smoothed towards one half."""
    return monotone([((rate * count + 1) / (count + 2), count) for _, count, _, rate in table])


def two_fold_brier(probabilities: list[float], hits: list[int]) -> float:
    """The Brier score of calibrated confidences where no event calibrates itself."""
    mapped = list(probabilities)
    for fold in (0, 1):
        train = [i for i in range(len(hits)) if i % 2 != fold]
        table = reliability([probabilities[i] for i in train], [hits[i] for i in train])
        bins = list(zip([upper for upper, *_ in table], fit(table), strict=True))
        for i in range(fold, len(hits), 2):
            mapped[i] = next((value for upper, value in bins if probabilities[i] <= upper), probabilities[i])
    return brier(mapped, hits)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=DEFAULT_SETS)
    parser.add_argument("--write", action="store_true", help="store the calibration map")
    args = parser.parse_args()
    probabilities, hits = outcomes([row for path in args.paths for row in labelled(path)])
    print(f"{len(hits)} predicted events, {sum(hits)} right; Brier score {brier(probabilities, hits):.4f}")
    table = reliability(probabilities, hits)
    print(f"{'bin up to':>9} {'n':>4} {'mean conf':>9} {'observed':>8}")
    for upper, count, mean, rate in table:
        print(f"{upper:>9.2f} {count:>4} {mean:>9.3f} {rate:>8.3f}")
    print(f"calibrated, 2-fold (a map fitted on every other event, applied to the rest): Brier score "
          f"{two_fold_brier(probabilities, hits):.4f}")
    if args.write:
        fitted = fit(table)
        rows = "".join(f"{upper}\t{value:.3f}\t{count}\n"
                       for (upper, count, _, _), value in zip(table, fitted, strict=True))
        OUTPUT.write_text(HEADER + rows, encoding="utf-8")
        print(f"wrote {OUTPUT.relative_to(ROOT)} (bins {BINS})")


if __name__ == "__main__":
    main()
