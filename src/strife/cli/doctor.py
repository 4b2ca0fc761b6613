"""``strife doctor``: is everything strife needs installed and loadable? Prints the resolved settings."""

from __future__ import annotations

import argparse
import json
import platform
import sys

from strife.cli._common import add_settings_options, settings_from


def register(sub) -> None:
    p = sub.add_parser("doctor", help="check the installation (spaCy model) and print the settings")
    p.add_argument("--quiet", action="store_true", help="print nothing when all is well")
    add_settings_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from strife.language import language_identifier
    from strife.nlp import model_info

    settings = settings_from(args)
    info = model_info(settings.get("nlp.model"))
    language_identifier()  # loads, and keeps its model unpacked for every later process (strife.language)
    if not args.quiet:
        import spacy

        print(f"python {platform.python_version()}, spaCy {spacy.__version__}")
        print(f"model: {info['name']} {info['version']} (spaCy {info['spacy_version']}, {info['license']})")
        json.dump(settings.as_dict(), sys.stdout, indent=2)
        print()
    return 0
