"""Fixtures of the serve tests (builders in serve_fixtures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web app needs the serve extra: pip install 'strife[serve]'")

from serve_fixtures import build_store, sample_results  # noqa: E402


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return build_store(tmp_path / "strife.db", sample_results())
