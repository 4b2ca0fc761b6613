"""What several commands share: settings options, reporting skips."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from strife import config
from strife.config import Settings, load_settings
from strife.processes import settle_collector
from strife.records import Skip

T = TypeVar("T")


def add_settings_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="a settings file (TOML) overriding the defaults")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="SECTION.KEY=VALUE",
                        help="override one setting, e.g. --set nlp.batch_size=128")


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """What fills in an input's gaps, and the settings options."""
    parser.add_argument("--published", type=iso_date, metavar="YYYY-MM-DD",
                        help="publication date where inputs lack one")
    parser.add_argument("--source", metavar="NAME", help="source (outlet) name where inputs lack one")
    add_settings_options(parser)


def settings_from(args: argparse.Namespace) -> Settings:
    """The command's settings, put in force for every stage of this process (``config.use``)."""
    settings = load_settings(args.config, args.overrides)
    config.use(settings)
    return settings


def settled(results: Iterable[T], settings: Settings) -> Iterator[T]:
    """The pipeline's results; once the first is out (the model and the data loaded), this process's garbage
    collector is settled (``strife.processes.settle_collector``)."""
    stream = iter(results)
    for first in stream:
        settle_collector(settings.get("pipeline.young_objects"))
        yield first
        break
    yield from stream


def report_skip(skip: Skip) -> None:
    print(f"strife: skipped {skip.origin}: {skip.reason}", file=sys.stderr)


def iso_date(value: str) -> str:
    """argparse type for YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2024-03-07") from None
