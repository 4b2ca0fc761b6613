"""Train strife's article relevance model (strife.relevance) and report its cross-validated figures.

    .venv/bin/python scripts/train_relevance.py [--examples DIR] [--write]      (make model)

Training texts (docs/relevance-data-card.md): ordinary news, the negatives (DIR/news.jsonl); conflict reports,
the positives (DIR/fakes.jsonl, DIR/ucdp-aec.jsonl); and the short texts the project writes itself
(scripts/relevance_written.tsv, both classes). DIR/ucdp-dev.jsonl is never trained on: it is read only to show
that recall holds on real reports the model did not see, as they are and lower-cased. Prints stratified k-fold
figures, figures with each source held out whole (a source the model never saw: one outlet's or one topic's
style), the held-out reports' recall, and the heaviest words each way. With --write it stores the weights in
src/strife/data/relevance_model.tsv.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
from collections import Counter
from pathlib import Path

import numpy as np

from strife.relevance import BIAS, WORD, features, score

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT.parent / "shared" / "examples"
WRITTEN = ROOT / "scripts" / "relevance_written.tsv"
OUTPUT = ROOT / "src" / "strife" / "data" / "relevance_model.tsv"
MIN_DOCS = 4  # a feature seen in fewer training texts gets no weight
NAME_SHARE = 0.6  # a word capitalised in this share of its mid-sentence uses is a name, and gets no weight
L2 = 5e-4  # weight decay (per text)
STEPS, RATE = 400, 0.05
KEEP = 0.005  # weights smaller than this are not shipped
FOLDS = 5
THRESHOLD = 0.5
SEED = 19
HEADER = """# strife's article relevance model (strife.relevance): a logistic regression's weights, one feature a row.
# Built by scripts/train_relevance.py (make model) from ordinary news (negatives), conflict reports (positives)
# and texts the project wrote; see docs/relevance-data-card.md. Regenerate, do not edit by hand.
feature\tweight
"""


# ---------------------------------------------------------------- data


def read_jsonl(path: Path, label: int, group: str | None = None) -> list[tuple[str, int, str]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r["text"], label, group or r["id"].rsplit("-", 1)[0]) for r in rows]


def read_written(path: Path) -> list[tuple[str, int, str]]:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")][1:]
    return [(text, int(label), "written") for label, text in rows]


def training_texts(examples: Path) -> list[tuple[str, int, str]]:
    """(text, label, group): BBC articles grouped by folder, conflict reports by set."""
    return (read_jsonl(examples / "news.jsonl", 0) + read_jsonl(examples / "fakes.jsonl", 1, "fakes")
            + read_jsonl(examples / "ucdp-aec.jsonl", 1, "ucdp-aec") + read_written(WRITTEN))


SENTENCE_START = re.compile(r"(?:^|[.!?:;\"\u201c\n]\s*)$")


def names(texts: list[str]) -> set[str]:
    """Words the texts capitalise in at least NAME_SHARE of their uses after a sentence's first word."""
    upper, seen = Counter(), Counter()
    for text in texts:
        for m in WORD.finditer(text):
            if SENTENCE_START.search(text, max(0, m.start() - 3), m.start()):
                continue
            word = m.group().lower().replace("\u2019", "'")
            seen[word] += 1
            upper[word] += m.group()[0].isupper()
    return {w for w, n in seen.items() if upper[w] >= NAME_SHARE * n}


# ---------------------------------------------------------------- model


class Matrix:
    """Texts as sparse unit vectors over a vocabulary: (row, column, value) triples."""

    def __init__(self, found: list[set[str]], vocabulary: dict[str, int]):
        rows, cols, vals = [], [], []
        for i, feats in enumerate(found):
            norm = 1 / math.sqrt(len(feats)) if feats else 0.0
            for f in feats:
                if f in vocabulary:
                    rows.append(i)
                    cols.append(vocabulary[f])
                    vals.append(norm)
        self.n, self.d = len(found), len(vocabulary)
        self.rows, self.cols, self.vals = np.array(rows), np.array(cols), np.array(vals)

    def dot(self, w: np.ndarray) -> np.ndarray:
        return np.bincount(self.rows, weights=self.vals * w[self.cols], minlength=self.n)

    def tdot(self, r: np.ndarray) -> np.ndarray:
        return np.bincount(self.cols, weights=self.vals * r[self.rows], minlength=self.d)


def vocabulary_of(found: list[set[str]], excluded: set[str]) -> dict[str, int]:
    counts = Counter(f for feats in found for f in feats)
    kept = sorted(f for f, n in counts.items() if n >= MIN_DOCS and not any(w in excluded for w in f.split()))
    return {f: i for i, f in enumerate(kept)}


def fit(found: list[set[str]], labels: np.ndarray, excluded: set[str]) -> tuple[float, dict[str, float]]:
    """L2-regularised logistic regression, classes weighted to balance, by full-batch Adam."""
    vocabulary = vocabulary_of(found, excluded)
    x = Matrix(found, vocabulary)
    balance = np.where(labels == 1, 0.5 / labels.mean(), 0.5 / (1 - labels.mean()))
    w, b = np.zeros(x.d), 0.0
    m, v, mb, vb = np.zeros(x.d), np.zeros(x.d), 0.0, 0.0
    for t in range(1, STEPS + 1):
        p = 1 / (1 + np.exp(-(x.dot(w) + b)))
        r = (p - labels) * balance / x.n
        gw, gb = x.tdot(r) + L2 * w, r.sum()
        m, v = 0.9 * m + 0.1 * gw, 0.999 * v + 0.001 * gw * gw
        mb, vb = 0.9 * mb + 0.1 * gb, 0.999 * vb + 0.001 * gb * gb
        w -= RATE * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
        b -= RATE * (mb / (1 - 0.9 ** t)) / (math.sqrt(vb / (1 - 0.999 ** t)) + 1e-8)
    return float(b), {f: float(w[i]) for f, i in vocabulary.items() if abs(w[i]) >= KEEP}


def predict(found: list[set[str]], trained: tuple[float, dict[str, float]]) -> np.ndarray:
    return np.array([score(f, *trained) for f in found])


# ---------------------------------------------------------------- figures


def figures(p: np.ndarray, y: np.ndarray) -> str:
    hit = p >= THRESHOLD
    tp, fp, fn = int((hit & (y == 1)).sum()), int((hit & (y == 0)).sum()), int((~hit & (y == 1)).sum())
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    accuracy = float((hit == (y == 1)).mean())
    brier = float(((p - y) ** 2).mean())
    return (f"accuracy={accuracy:.4f} precision={precision:.4f} recall={recall:.4f} "
            f"f1={2 * precision * recall / max(precision + recall, 1e-9):.4f} brier={brier:.4f}")


def cross_validate(found, y, groups, excluded) -> np.ndarray:
    order = list(range(len(y)))
    random.Random(SEED).shuffle(order)
    fold_of = {}
    for label in (0, 1):  # stratified: each class dealt round the folds
        for k, i in enumerate(i for i in order if y[i] == label):
            fold_of[i] = k % FOLDS
    p = np.zeros(len(y))
    for k in range(FOLDS):
        train = [i for i in range(len(y)) if fold_of[i] != k]
        test = [i for i in range(len(y)) if fold_of[i] == k]
        trained = fit([found[i] for i in train], y[train], excluded)
        p[test] = predict([found[i] for i in test], trained)
    print(f"{FOLDS}-fold cross-validated (threshold {THRESHOLD}): {figures(p, y)}")
    out_of_fold = p.copy()
    for group in sorted(set(groups)):
        idx = [i for i, g in enumerate(groups) if g == group]
        print(f"  {group:<20} n={len(idx):>5} label={int(y[idx[0]])} "
              f"share>={THRESHOLD}: {float((p[idx] >= THRESHOLD).mean()):.4f} mean={float(p[idx].mean()):.3f}")
    print("each source held out whole (trained on the others):")
    for group in sorted(set(groups) - {"written"}):
        train = [i for i, g in enumerate(groups) if g != group]
        test = [i for i, g in enumerate(groups) if g == group]
        trained = fit([found[i] for i in train], y[train], excluded)
        q = predict([found[i] for i in test], trained)
        print(f"  {group:<20} n={len(test):>5} label={int(y[test[0]])} share>={THRESHOLD}: "
              f"{float((q >= THRESHOLD).mean()):.4f} mean={float(q.mean()):.3f}")
    return out_of_fold


def held_out_recall(examples: Path, trained) -> None:
    path = examples / "ucdp-dev.jsonl"
    if not path.exists():
        return
    texts = [t for t, _, _ in read_jsonl(path, 1)]
    for label, variant in (("as written", texts), ("lower-cased", [t.lower() for t in texts]),
                           ("upper-cased", [t.upper() for t in texts])):
        q = predict([features(t) for t in variant], trained)
        print(f"ucdp-dev (never trained on), {label}: n={len(q)} share>={THRESHOLD}: "
              f"{float((q >= THRESHOLD).mean()):.4f} mean={float(q.mean()):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=Path, default=EXAMPLES)
    parser.add_argument("--write", action="store_true", help="store the weights in the package")
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation (quicker)")
    parser.add_argument("--out-of-fold", type=Path, metavar="FILE",
                        help="write each training text's out-of-fold score (JSONL: text's first 80 characters, "
                             "label, score), to judge the pipeline on texts the model did not see")
    args = parser.parse_args()
    data = training_texts(args.examples)
    texts, y, groups = [t for t, _, _ in data], np.array([lab for _, lab, _ in data]), [g for _, _, g in data]
    excluded = names(texts)
    found = [features(t) for t in texts]
    print(f"{len(y)} training texts: {int(y.sum())} positive, {int((1 - y).sum())} negative; "
          f"{len(excluded)} name words excluded; groups {dict(Counter(groups))}")
    if not args.no_cv:
        out_of_fold = cross_validate(found, y, groups, excluded)
        if args.out_of_fold:
            args.out_of_fold.write_text("".join(
                json.dumps({"head": t[:80], "label": int(label), "score": round(float(p), 4)}) + "\n"
                for t, label, p in zip(texts, y, out_of_fold, strict=True)), encoding="utf-8")
    trained = fit(found, y, excluded)
    print(f"trained on all: {len(trained[1])} features with a weight; in-sample {figures(predict(found, trained), y)}")
    held_out_recall(args.examples, trained)
    ranked = sorted(trained[1].items(), key=lambda kv: kv[1])
    print("most negative:", ", ".join(f for f, _ in ranked[:25]))
    print("most positive:", ", ".join(f for f, _ in ranked[::-1][:25]))
    if args.write:
        rows = [(BIAS, trained[0])] + sorted(trained[1].items())
        OUTPUT.write_text(HEADER + "".join(f"{f}\t{w:.4f}\n" for f, w in rows), encoding="utf-8")
        print(f"wrote {OUTPUT.relative_to(ROOT)} ({OUTPUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
