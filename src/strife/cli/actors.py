"""``strife actors lookup NAME [--country XX]``: what an actor's name resolves to (name, type, country)."""

from __future__ import annotations

import argparse
import json
import sys


def register(sub) -> None:
    p = sub.add_parser("actors", help="the actor dictionary")
    actions = p.add_subparsers(dest="actors_command", metavar="ACTION", required=True)
    lookup = actions.add_parser("lookup", help="show what a name resolves to, e.g. 'Russian warplanes'")
    lookup.add_argument("name", help="an actor's name as news writes it")
    lookup.add_argument("--country", metavar="XX", type=str.upper,
                        help="ISO2 code of the event's country, for 'the army', 'civilians'")
    lookup.set_defaults(func=run_lookup)


def run_lookup(args: argparse.Namespace) -> int:
    from strife.code.actors import lookup

    actor = lookup(args.name, args.country)
    if actor is None:
        print(f"strife: {args.name!r} is not a known actor", file=sys.stderr)
        return 1
    json.dump({"name": actor.name, "type": actor.type, "country": actor.country}, sys.stdout)
    print()
    return 0
