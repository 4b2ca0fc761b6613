"""Evaluation on a user's own gold: pair predicted with gold events, then per-type precision and recall and a
confusion matrix of sub-event types.

Gold rows have the shape of the events strife prints; any coded value may be a list of accepted values, and
``"optional": true`` marks an event that is neither missed nor a false alarm. A gold and a predicted event of
the same article may pair when their dates are at most ``MAX_DAYS`` apart and their places at most ``MAX_KM``
apart (a side without a date or coordinates fits anything); pairs are taken greedily, best agreement first.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from strife.geo import km_between

MAX_DAYS = 2
MAX_KM = 100.0
NONE = "(none)"  # the confusion matrix's row for false alarms and column for misses


def options(value) -> list:
    return value if isinstance(value, list) else [value]


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _km(a: Mapping, b: Mapping) -> float | None:
    if None in (a.get("lat"), a.get("lon"), b.get("lat"), b.get("lon")):
        return None
    return km_between(a["lat"], a["lon"], b["lat"], b["lon"])


def compatible(gold: Mapping, pred: Mapping) -> bool:
    """Dates within MAX_DAYS and places within MAX_KM, where both sides give them."""
    day = _date(pred.get("date"))
    days = [d for d in map(_date, options(gold.get("date"))) if d]
    if day and days and min(abs((day - d).days) for d in days) > MAX_DAYS:
        return False
    distance = _km(gold.get("location") or {}, pred.get("location") or {})
    return distance is None or distance <= MAX_KM


def agreement(gold: Mapping, pred: Mapping) -> int:
    return 3 * (pred.get("sub_event_type") in options(gold.get("sub_event_type"))) + \
        2 * (pred.get("event_type") in options(gold.get("event_type")))


def pair_article(gold: list[Mapping], pred: list[Mapping]) -> list[tuple[Mapping | None, Mapping | None]]:
    """Greedy pairing of one article's events; unpaired ones come back with None on the other side."""
    candidates = sorted(((agreement(g, p), -i, -j, i, j) for i, g in enumerate(gold)
                         for j, p in enumerate(pred) if compatible(g, p)), reverse=True)
    used_g, used_p, pairs = set(), set(), []
    for *_, i, j in candidates:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((gold[i], pred[j]))
    pairs += [(g, None) for i, g in enumerate(gold) if i not in used_g]
    pairs += [(None, p) for j, p in enumerate(pred) if j not in used_p]
    return pairs


@dataclass
class Evaluation:
    """Counts by event type (tp, fp, fn) and sub-event type confusions (gold, predicted)."""

    types: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    confusion: Counter = field(default_factory=Counter)

    def add(self, gold: Mapping | None, pred: Mapping | None) -> None:
        if gold is not None and gold.get("optional"):
            return
        gold_type = options(gold.get("event_type"))[0] if gold else None
        pred_type = pred.get("event_type") if pred else None
        right = gold is not None and pred is not None and pred_type in options(gold.get("event_type"))
        if right:
            self.types[pred_type]["tp"] += 1
        else:
            if pred is not None:
                self.types[pred_type]["fp"] += 1
            if gold is not None:
                self.types[gold_type]["fn"] += 1
        gold_sub = options(gold.get("sub_event_type"))[0] if gold else NONE
        pred_sub = pred.get("sub_event_type") if pred else NONE
        if gold and pred_sub in options(gold.get("sub_event_type")):
            gold_sub = pred_sub
        self.confusion[(gold_sub or NONE, pred_sub or NONE)] += 1

    def precision_recall(self, event_type: str) -> tuple[float, float]:
        c = self.types[event_type]
        return (c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0,
                c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0)


def evaluate(gold_rows: Iterable[Mapping], predicted: Iterable[Mapping], family: str = "acled") -> Evaluation:
    """Pair and count, per article, the events of one family (acled: event_type set; plover: null)."""
    def keep(row: Mapping) -> bool:
        return (family == "plover") == (options(row.get("event_type"))[0] is None)

    gold, pred = defaultdict(list), defaultdict(list)
    for row in gold_rows:
        if keep(row):
            gold[row["article_id"]].append(row)
    for row in predicted:
        if keep(row):
            pred[row["article_id"]].append(row)
    result = Evaluation()
    for article_id in sorted(set(gold) | set(pred)):
        for g, p in pair_article(gold[article_id], pred[article_id]):
            result.add(g, p)
    return result


def report(result: Evaluation) -> str:
    """Per-type precision and recall, then the sub-event type confusion matrix, as plain text."""
    lines = [f"{'event type':<30} {'prec':>6} {'recall':>6} {'tp':>4} {'fp':>4} {'fn':>4}"]
    for name in sorted(t for t in result.types if t):
        p, r = result.precision_recall(name)
        c = result.types[name]
        lines.append(f"{name:<30} {p:>6.3f} {r:>6.3f} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4}")
    subs = sorted({s for pair in result.confusion for s in pair} - {NONE}) + [NONE]
    width = max(len(s) for s in subs)
    lines += ["", "sub-event types: rows gold, columns predicted (numbered as the rows)"]
    lines.append(" " * (width + 4) + "".join(f"{i:>4}" for i in range(1, len(subs) + 1)))
    for i, gold_sub in enumerate(subs, 1):
        cells = "".join(f"{result.confusion[(gold_sub, s)] or '.':>4}" for s in subs)
        lines.append(f"{i:>2}. {gold_sub:<{width}}{cells}")
    return "\n".join(lines)


BINS = (0.5, 0.7, 0.8, 0.9, 1.0)  # upper bounds of the confidence bins of a reliability table


def brier(probabilities: list[float], outcomes: list[int]) -> float:
    """Mean squared distance between the predicted probabilities and what happened (0 best)."""
    return sum((p - o) ** 2 for p, o in zip(probabilities, outcomes, strict=True)) / max(len(outcomes), 1)


def reliability(probabilities: list[float], outcomes: list[int]) -> list[tuple[float, int, float, float]]:
    """(bin upper bound, count, mean predicted, observed rate) for each non-empty bin."""
    rows = []
    lower = -1.0
    for upper in BINS:
        members = [(p, o) for p, o in zip(probabilities, outcomes, strict=True) if lower < p <= upper]
        if members:
            rows.append((upper, len(members), sum(p for p, _ in members) / len(members),
                         sum(o for _, o in members) / len(members)))
        lower = upper
    return rows


def monotone(rates: list[tuple[float, int]]) -> list[float]:
    """Pool adjacent violators: (rate, weight) pairs made non-decreasing, as weighted means of pooled runs."""
    blocks: list[list[float]] = []  # [mean, weight, run length]
    for rate, weight in rates:
        blocks.append([rate, float(weight), 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2, n2 = blocks.pop()
            m1, w1, n1 = blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, n1 + n2])
    return [m for m, _, n in blocks for _ in range(int(n))]
