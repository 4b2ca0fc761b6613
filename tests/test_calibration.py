"""``strife calibrate``: the confidence calibration refitted on a database's reviews, in the format merge reads."""

from __future__ import annotations

from dataclasses import replace

import pytest

from store_helpers import clean_text, event, result
from strife import merge
from strife.calibration import MIN_REVIEWS, db_calibration, refit
from strife.cli import main
from strife.errors import StrifeError
from strife.store import Store

SHIPPED = [(0.5, 0.3), (0.8, 0.6), (1.0, 0.9)]  # a calibration in force: raw up to `upper` -> value


def reviewed_store(path, plan: dict[float, tuple[int, int]]) -> Store:
    """Events stored with each confidence of ``plan``, (confirmed, rejected) of them reviewed so."""
    results, n = [], 0
    for confidence, (good, bad) in plan.items():
        for _ in range(good + bad):
            clean = clean_text(f"a{n}", f"Jets struck Northport, report {n}.", published="2024-03-10")
            coded = replace(event(clean, date=f"2023-{n % 12 + 1:02d}-01"), confidence=confidence)
            results.append(result(clean, coded))
            n += 1
    store = Store(path)
    store.ingest(results)
    n = 0
    for good, bad in plan.values():
        for k in range(good + bad):
            store.review(f"a{n}#0", "confirmed" if k < good else "rejected")
            n += 1
    return store


def test_calibration_moves_each_bin_towards_what_the_reviews_saw(tmp_path):
    # the 0.9 bin was right 10 times in 20, the 0.3 bin 9 times in 10: the team's data disagree with the table
    with reviewed_store(tmp_path / "c.db", {0.3: (9, 1), 0.6: (6, 4), 0.9: (10, 10)}) as store:
        fitted = refit(store, SHIPPED)
    values = [v for _, v, _ in fitted.rows]
    assert [u for u, _, _ in fitted.rows] == [0.5, 0.8, 1.0] and [n for *_, n in fitted.rows] == [10, 10, 20]
    assert values == sorted(values)  # monotone
    assert values[2] < 0.9 and values[0] > 0.3
    assert fitted.brier_after < fitted.brier_before
    assert (fitted.reviewed, fitted.right) == (40, 25)


def test_calibration_without_a_table_bins_raw_confidences(tmp_path):
    with reviewed_store(tmp_path / "c.db", {0.45: (2, 8), 0.95: (9, 1)}) as store:
        fitted = refit(store, [])
    rows = {u: (v, n) for u, v, n in fitted.rows}
    assert rows[0.5][1] == 10 and rows[1.0][1] == 10 and rows[0.5][0] < rows[1.0][0]


def test_calibration_a_retyped_event_counts_as_wrong(tmp_path):
    with reviewed_store(tmp_path / "c.db", {0.9: (MIN_REVIEWS, 0)}) as store:
        before = refit(store, SHIPPED).right
        store.review("a0#0", "corrected", {"sub_event_type": "Armed clash"})
        store.review("a1#0", "corrected", {"fatalities.best": 3})
        assert refit(store, SHIPPED).right == before - 1


def test_calibration_needs_enough_reviews(tmp_path):
    with reviewed_store(tmp_path / "c.db", {0.9: (3, 1)}) as store, pytest.raises(StrifeError, match="at least"):
        refit(store, SHIPPED)


def test_calibration_cli_writes_a_table_the_reader_applies(tmp_path, capsys):
    db = tmp_path / "c.db"
    reviewed_store(db, {0.3: (9, 1), 0.6: (6, 4), 0.9: (2, 18)}).close()
    assert main(["calibrate", "--db", str(db)]) == 0
    table = db_calibration(db)
    assert f"wrote {table}" in capsys.readouterr().err
    try:
        merge.use_calibration(str(table))
        applied = merge.calibration_table()
        assert [upper for upper, _ in applied] == [0.5, 0.7, 0.8, 0.9, 1.0]  # the bins in force (shipped or raw)
        assert merge.calibrated(0.99) == applied[-1][1] < 0.5  # the team rejected most sure events
    finally:
        merge.use_calibration(None)


def test_calibration_reader_refuses_a_missing_table(tmp_path):
    with pytest.raises(StrifeError, match="calibration"):
        merge.use_calibration(str(tmp_path / "none.tsv"))
    merge.use_calibration(None)
