"""Errors the library raises: one-line messages that say what went wrong and what to do."""

from __future__ import annotations

import errno
import sqlite3

SPACE_ERRNOS = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})
SQLITE_WRITE_FAULTS = frozenset({"SQLITE_FULL", "SQLITE_IOERR_WRITE", "SQLITE_IOERR_FSYNC", "SQLITE_IOERR_TRUNCATE"})


class StrifeError(Exception):
    """Base of strife's errors; the CLI prints ``strife: error: <message>`` and exits 1."""


class InputError(StrifeError):
    """An input cannot be read as an article: ``strife.extract`` raises it for text that is not a ``str``, a
    ``published`` that is not a plausible day, and text the pipeline skips (empty, not English, ...)."""


class PipelineError(StrifeError):
    """A stage failed on an article (a bug, reported with the stage and the error): ``strife.extract`` raises it
    rather than answer "no event"; the CLI and ``extract_many`` skip that article with the same reason."""


class ResourceError(StrifeError):
    """The machine lacks room (disk, temporary space): the run stops with one line; nothing stored is lost."""


class ModelError(StrifeError):
    """The linguistic backbone cannot be loaded."""


class ConfigError(StrifeError):
    """A setting is unknown or has a bad value."""


class KnowledgeError(StrifeError):
    """A shipped or user knowledge file (``strife/data``) is malformed; the message names the file and line."""


class UsageError(StrifeError):
    """Options that do not go together; the CLI exits 2."""


def is_out_of_space(err: BaseException) -> bool:
    """A write failed for want of room: a full disk or quota, a file size limit, or SQLite's word for them."""
    if isinstance(err, sqlite3.OperationalError):
        return getattr(err, "sqlite_errorname", None) in SQLITE_WRITE_FAULTS
    return isinstance(err, OSError) and err.errno in SPACE_ERRNOS
