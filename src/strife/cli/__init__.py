"""The command line: ``strife COMMAND ...``. One module a command family, each with ``register(subparsers)``.

A command module adds its sub-parsers and sets ``func(args) -> int`` (the exit status) on each. This module
parses, dispatches, turns a ``StrifeError`` into one line on stderr, and owns the exit codes:
0 all went well, 1 some input was skipped or an error occurred, 2 a usage error (argparse).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sys

from strife.errors import StrifeError, UsageError, is_out_of_space

log = logging.getLogger("strife")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="strife", description="Conflict news in, a sourced event dataset out.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING,
                        format="strife: %(message)s", stream=sys.stderr, force=True)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        status = args.func(args)
        sys.stdout.flush()  # here, not at exit: a write that fails now is reported like any other
        return status
    except StrifeError as err:
        if args.debug:
            raise
        print(f"strife: error: {err}", file=sys.stderr)
        return 2 if isinstance(err, UsageError) else 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        silence_stdout()
        return 0
    except OSError as err:
        if args.debug or not is_out_of_space(err):
            raise
        silence_stdout()
        print(f"strife: error: no space left to write the output ({err.strerror}); free some space or write "
              "elsewhere", file=sys.stderr)
        return 1


def silence_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush of what could not be written (a closed
    pipe, a full disk) does not print a second error at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
