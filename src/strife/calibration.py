"""``strife calibrate``: refit the confidence calibration on the reviews in a database.

An event's stored confidence is the calibration in force (``merge.calibrated``: a table of raw-confidence
bins and the probability each stands for) applied to the pipeline's raw belief. The reviews say how often
events of each stored confidence were real and rightly typed for this team: confirmed, or corrected without a
change of type, count as right; rejected, or retyped, as wrong. Each bin of the table in force gets the rate
observed on the events it produced, smoothed towards its old value (``PRIOR_WEIGHT`` pseudo-events), the
bins are kept monotone (pool adjacent violators), and a bin no reviewed event came from takes the value of the
bin below it (no review says that surer events are surer still). The result has the format ``merge`` reads (``upper``,
``calibrated``, ``count``), written beside the database, where ``strife ingest --db`` applies it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from strife import merge
from strife.errors import StrifeError
from strife.evaluate import BINS, brier, monotone
from strife.store import Store

MIN_REVIEWS = 20  # fewer reviewed events than this say too little to refit anything
PRIOR_WEIGHT = 2  # pseudo-events at a bin's old value: a bin with few reviews moves little
TYPE_FIELDS = ("sub_event_type", "plover_type")  # a correction of these means the event was wrongly typed
HEADER = """# Confidence calibration refitted by `strife calibrate` on the reviews in {db}: a raw confidence up to
# `upper` becomes `calibrated`; `count` is the reviewed events the bin's rate was measured on.
upper\tcalibrated\tcount
"""


@dataclass(frozen=True)
class Refit:
    """The refitted table, and what it was measured on."""

    db: str
    rows: list[tuple[float, float, int]]  # (upper raw confidence, calibrated value, reviewed events)
    reviewed: int
    right: int
    brier_before: float
    brier_after: float

    def write(self, path: str | Path) -> None:
        text = HEADER.format(db=self.db) + "".join(f"{u}\t{v:.3f}\t{n}\n" for u, v, n in self.rows)
        Path(path).write_text(text, encoding="utf-8")

    def describe(self) -> str:
        lines = [f"{self.reviewed} reviewed events, {self.right} right (confirmed, or corrected but not retyped); "
                 f"Brier score on them {self.brier_before:.4f} as stored, {self.brier_after:.4f} refitted",
                 f"{'bin up to':>9} {'reviews':>7} {'calibrated':>10}"]
        lines += [f"{u:>9.2f} {n:>7} {v:>10.3f}" for u, v, n in self.rows]
        return "\n".join(lines)


def outcomes(store: Store) -> tuple[list[float], list[int]]:
    """The stored confidence of each reviewed event, and 1 where the review found it real and rightly typed."""
    verdicts = store.verdicts()
    confidences, hits = [], []
    for event in store.reviewed_events():
        verdict = verdicts.get(event["id"])
        retyped = bool(verdict) and any(f in verdict.corrections for f in TYPE_FIELDS)
        confidences.append(event["confidence"])
        hits.append(int(event["review_status"] != "rejected" and not retyped))
    return confidences, hits


def refit(store: Store, current: Iterable[tuple[float, float]] | None = None) -> Refit:
    """The table in force (``current``, default: the one ``merge`` applies now, else none: raw confidences in
    ``BINS``) with each bin's value refitted on the reviews of the events it gave."""
    confidences, hits = outcomes(store)
    if len(hits) < MIN_REVIEWS:
        raise StrifeError(f"{len(hits)} reviewed events in {store.path}; calibrating needs at least {MIN_REVIEWS} "
                          "(`strife review EVENT_ID --status ...`)")
    table = list(current if current is not None else merge.calibration_table())
    bin_of = _by_value(table) if table else _by_range(list(BINS))
    table = table or [(b, b) for b in BINS]
    bins = [bin_of(c) for c in confidences]
    counts = [bins.count(i) for i in range(len(table))]
    fitted = _fit([value for _, value in table], counts, [sum(h for b, h in zip(bins, hits, strict=True) if b == i)
                                                           for i in range(len(table))])
    rows = [(upper, value, n) for (upper, _), value, n in zip(table, fitted, counts, strict=True)]
    return Refit(str(store.path), rows, len(hits), sum(hits), brier(confidences, hits),
                 brier([fitted[b] for b in bins], hits))


def _fit(old: list[float], counts: list[int], rights: list[int]) -> list[float]:
    """Each reviewed bin's rate, smoothed towards its old value and made monotone; a bin without reviews takes
    the value of the nearest reviewed bin below it (above it, for the lowest)."""
    reviewed = [i for i, n in enumerate(counts) if n]
    rates = [((rights[i] + PRIOR_WEIGHT * old[i]) / (counts[i] + PRIOR_WEIGHT), counts[i] + PRIOR_WEIGHT)
             for i in reviewed]
    pooled = dict(zip(reviewed, monotone(rates), strict=True))
    return [pooled[max((j for j in reviewed if j <= i), default=reviewed[0])] for i in range(len(old))]


def _by_value(table: list[tuple[float, float]]):
    """A stored confidence's bin under a calibration table: the bin whose value it is (stored values are
    rounded, so the nearest)."""
    return lambda c: min(range(len(table)), key=lambda i: abs(table[i][1] - c))


def _by_range(uppers: list[float]):
    """A raw confidence's bin: the first whose upper bound it does not pass."""
    return lambda c: next((i for i, upper in enumerate(uppers) if c <= upper), len(uppers) - 1)


def db_calibration(db: str | Path) -> Path:
    """Where ``strife calibrate`` writes a database's table, and where ``strife ingest`` looks for it."""
    return Path(f"{db}.calibration.tsv")
