"""strife: conflict news in, a sourced, geocoded, deduplicated event dataset out."""

import logging

__all__ = ["extract", "extract_many"]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str):
    """The API loads the pipeline on first use, so importing strife (and its CLI) stays cheap."""
    if name in __all__:
        from strife import api

        return getattr(api, name)
    raise AttributeError(f"module 'strife' has no attribute {name!r}")
