"""The language identifier (py3langid's model with probabilities), loaded fast.

py3langid ships its model LZMA-compressed (4.5 MB; 68 MB unpacked), and unpacking it took half a second of every
process's start. The unpacked model is kept in strife's cache dir (``strife.cache``) the first time a process needs
it (``strife doctor``, which make install runs, does it once) and read from there after: the same arrays in the same
identifier, so the same languages and probabilities. The cached file is named by a hash of the packed model, so a
new py3langid model is unpacked again; where the cache dir cannot be written, the model is unpacked in memory as
py3langid does it.
"""

from __future__ import annotations

import hashlib
import logging
import lzma
import os
import shutil
import tempfile
import zipfile
from array import array
from functools import cache
from pathlib import Path

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from strife.cache import cache_path, temporary_beside
from strife.errors import ResourceError

log = logging.getLogger(__name__)

UNPACKED_PREFIX = "langid-"  # langid-DIGEST.npz in the cache dir
TEMPORARY_PREFIX = ".langid-"
ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")  # py3langid's model layout


@cache
def language_identifier() -> LanguageIdentifier:
    """py3langid's identifier with probabilities (``norm_probs``), from the unpacked copy of its model."""
    packed = MODEL_DIR / MODEL_FILE
    unpacked = cache_path(f"{UNPACKED_PREFIX}{_digest(packed)}.npz")
    if unpacked.exists() or _unpack(packed, unpacked):
        try:
            return _from_unpacked(unpacked)
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as err:  # damaged: py3langid's way
            log.warning("cannot read the unpacked language model %s (%s); unpacking it in memory", unpacked, err)
    return _from_packed()


def _digest(packed: Path) -> str:
    return hashlib.sha1(packed.read_bytes()).hexdigest()[:16]


def _unpack(packed: Path, unpacked: Path) -> bool:
    """Write the unpacked model at ``unpacked`` (atomically, removing older copies); False where it cannot."""
    tmp = None
    try:
        tmp = temporary_beside(unpacked, TEMPORARY_PREFIX)
        with lzma.open(packed) as source, open(tmp, "wb") as target:
            shutil.copyfileobj(source, target, length=1 << 20)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the cache is for every user
        os.replace(tmp, unpacked)
    except OSError as err:
        log.debug("cannot keep the unpacked language model at %s: %s", unpacked, err)
        return False
    finally:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
    for older in unpacked.parent.glob(f"{UNPACKED_PREFIX}*.npz"):
        if older != unpacked:
            older.unlink(missing_ok=True)
    return True


def _from_unpacked(path: Path) -> LanguageIdentifier:
    """The identifier from the unpacked model, built as py3langid's ``from_model_file`` builds it."""
    with np.load(path, allow_pickle=False) as data:
        ptc, pc, classes, nextmove, row, output = (data[name] for name in ARRAYS)
    return LanguageIdentifier(np.asarray(ptc), np.asarray(pc), classes.tolist(), _as_array(nextmove),
                              output.tolist(), norm_probs=True, tk_row=_as_array(row))


def _as_array(values: np.ndarray) -> array:
    """Unsigned integers as the stdlib array py3langid walks its automaton over."""
    out = array({2: "H", 4: "I", 8: "L"}[values.dtype.itemsize])
    out.frombytes(np.ascontiguousarray(values).tobytes())
    return out


def _from_packed() -> LanguageIdentifier:
    """py3langid's own load, which unpacks the model into a temporary file."""
    try:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    except OSError as err:
        raise ResourceError(f"cannot load the language identifier: no room for its temporary file in "
                            f"{tempfile.gettempdir()} ({err.strerror or err}); free space there, or point TMPDIR "
                            "at a folder with room, and rerun") from err
