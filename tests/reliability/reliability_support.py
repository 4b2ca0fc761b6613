"""What the reliability tests share: a good article that must keep giving its event beside every bad input,
and a way to run the command line and split what it wrote."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from strife.cli import main

ROOT = Path(__file__).resolve().parents[2]
STRIFE = [sys.executable, "-m", "strife"]

GOOD_ID = "good-raid"
GOOD_TEXT = ("Gunmen killed seven villagers in a raid on the village of Kawuri in Borno state on Saturday, "
             "police said. The attackers burned several houses before fleeing.")
GOOD_PUBLISHED = "2023-03-14"


@dataclass(frozen=True)
class Outcome:
    status: int
    events: list[dict]
    stderr_lines: list[str]

    def event_articles(self) -> set[str]:
        return {e["article_id"] for e in self.events}

    def lines_naming(self, name: str) -> list[str]:
        return [line for line in self.stderr_lines if name in line]


def good_record(**changes) -> dict:
    return {"id": GOOD_ID, "published": GOOD_PUBLISHED, "text": GOOD_TEXT, **changes}


def write_jsonl(path: Path, records: list[dict | str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_good(folder: Path) -> Path:
    return write_jsonl(folder / "good.jsonl", [good_record()])


def extract_in_process(capsys, *paths: Path | str) -> Outcome:
    """``strife extract --format jsonl --workers 1 PATH...`` in this process (the model loads once)."""
    status = main(["extract", "--format", "jsonl", "--workers", "1", *map(str, paths)])
    out, err = capsys.readouterr()
    return Outcome(status, [json.loads(line) for line in out.splitlines()], err.splitlines())


def run_strife(*argv: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 180,
               preexec_fn=None) -> subprocess.CompletedProcess:
    """The command line in a process of its own (for what needs one: limits, kills, concurrency)."""
    return subprocess.run([*STRIFE, *argv], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, preexec_fn=preexec_fn)


def assert_no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
