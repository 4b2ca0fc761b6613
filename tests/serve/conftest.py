"""Fixtures of the serve tests (builders in serve_fixtures.py; each test module skips without FastAPI)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def db(tmp_path: Path) -> Path:
    from serve_fixtures import build_store, sample_results

    return build_store(tmp_path / "strife.db", sample_results())
