"""Whether a process still runs: for workers watching their driver and for the run log's killed runs. How strife's
own processes keep their garbage collector."""

from __future__ import annotations

import gc
import os


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists on this machine (another user's counts: it is not gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OverflowError:  # not a pid this machine can have
        return False
    return True


def settle_collector(young_objects: int) -> None:
    """Python's cyclic garbage collector, for a process of strife's that has loaded the pipeline (the command line
    once its first article is out, a pool's worker): what is loaded (modules, the model, the word tables) is frozen,
    as it lives as long as the process and a full collection would read it all through again; young objects are
    collected every ``young_objects`` allocations instead of 700, so that fewer of an article's short-lived records
    survive to be read again by older generations. The collector's time on 300 articles falls from 0.4 to 0.1
    CPU-s; nothing else changes (it only frees cycles)."""
    gc.freeze()
    gc.set_threshold(young_objects, *gc.get_threshold()[1:])
