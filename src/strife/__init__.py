"""strife: conflict news in, a sourced, geocoded, deduplicated event dataset out."""

import logging

from strife.api import extract, extract_many

__all__ = ["extract", "extract_many"]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
