"""strife: conflict news in, a sourced, geocoded, deduplicated event dataset out."""

import logging
import os

# The parse's matrix products run through NumPy's BLAS (strife.nlp.load_model) with one thread a process: strife's
# parallelism is its worker processes, and a BLAS's idle threads spin. A user's own setting stands. (Read when
# NumPy loads, so set before anything imports it.)
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__all__ = ["extract", "extract_many"]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str):
    """The API loads the pipeline on first use, so importing strife (and its CLI) stays cheap."""
    if name in __all__:
        from strife import api

        return getattr(api, name)
    raise AttributeError(f"module 'strife' has no attribute {name!r}")
