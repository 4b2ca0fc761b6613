"""Errors the library raises: one-line messages that say what went wrong and what to do."""


class StrifeError(Exception):
    """Base of strife's errors; the CLI prints ``strife: error: <message>`` and exits 1."""


class InputError(StrifeError):
    """An input cannot be read as an article (the batch goes on without it)."""


class ModelError(StrifeError):
    """The linguistic backbone cannot be loaded."""


class ConfigError(StrifeError):
    """A setting is unknown or has a bad value."""


class UsageError(StrifeError):
    """Options that do not go together; the CLI exits 2."""
