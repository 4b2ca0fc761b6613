"""Where strife keeps files it derives once from installed data (the gazetteer, the unpacked language model), and
how it writes them: to a temporary file beside, named with the writer's process id, then renamed into place, so
that a reader never sees half a file and a killed writer's leftover can be told from a running one's."""

from __future__ import annotations

import os
import tempfile
from importlib import resources
from pathlib import Path

from strife.processes import alive

CACHE_DIR_VARIABLE = "STRIFE_CACHE_DIR"


def cache_path(name: str) -> Path:
    """The file ``name`` in the folder STRIFE_CACHE_DIR names, else in the package data dir when writable (a
    development install), else in the user's cache dir."""
    chosen = os.environ.get(CACHE_DIR_VARIABLE)
    if chosen:
        return Path(chosen) / name
    package_dir = Path(str(resources.files("strife") / "data"))
    if os.access(package_dir, os.W_OK):
        return package_dir / name
    return Path(os.path.expanduser("~/.cache")) / "strife" / name


def temporary_beside(path: Path, prefix: str) -> str:
    """A new empty temporary file in ``path``'s folder (made if absent): PREFIXPID-XXXX.tmp."""
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(path.parent, prefix)
    fd, tmp = tempfile.mkstemp(prefix=f"{prefix}{os.getpid()}-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    return tmp


def remove_abandoned(folder: Path, prefix: str) -> list[Path]:
    """Delete the temporary files (PREFIXPID-XXXX.tmp) of writers whose process is gone (a killed writer cannot
    delete its own)."""
    removed = []
    for tmp in folder.glob(f"{prefix}*.tmp"):
        pid = tmp.name.removeprefix(prefix).split("-", 1)[0]
        if pid.isdigit() and not alive(int(pid)):
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed
