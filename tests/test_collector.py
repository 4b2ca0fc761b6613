"""strife's own processes settle the garbage collector once the pipeline's first result is out."""

import gc

import pytest

from strife.cli._common import settled
from strife.config import load_settings


@pytest.fixture
def collector():
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_the_collector_is_settled_after_the_first_result_and_every_result_comes_through(collector):
    settings = load_settings(overrides=["pipeline.young_objects=12345"])
    seen = []

    def results():
        for n in range(3):
            seen.append(gc.get_threshold()[0])
            yield n

    gc.unfreeze()
    assert list(settled(results(), settings)) == [0, 1, 2]
    assert seen[0] != 12345 and seen[1:] == [12345, 12345]
    assert gc.get_freeze_count() > 0


def test_no_result_leaves_the_collector_as_it_was(collector):
    before = gc.get_threshold()
    assert list(settled(iter(()), load_settings())) == []
    assert gc.get_threshold() == before
