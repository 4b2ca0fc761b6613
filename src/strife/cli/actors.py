"""``strife actors lookup NAME [--country XX]``: what an actor's name resolves to (name, type, country, and for a
named group its side, parent and active years); ``strife actors lookup --all``: what every name of every group of
the knowledge base resolves to, so that an alias another entry or a generic word captures shows up."""

from __future__ import annotations

import argparse
import json
import sys


def register(sub) -> None:
    p = sub.add_parser("actors", help="the actor knowledge base")
    actions = p.add_subparsers(dest="actors_command", metavar="ACTION", required=True)
    lookup = actions.add_parser("lookup", help="show what a name resolves to, e.g. 'Russian warplanes'")
    lookup.add_argument("name", nargs="?", help="an actor's name as news writes it")
    lookup.add_argument("--country", metavar="XX", type=str.upper,
                        help="ISO2 code of the event's country, for 'the army', 'civilians'")
    lookup.add_argument("--all", action="store_true",
                        help="every name of every named group, one JSON line each, with what it resolves to")
    lookup.set_defaults(func=run_lookup)


def run_lookup(args: argparse.Namespace) -> int:
    if args.all:
        return _lookup_all(args.country)
    if not args.name:
        print("strife: error: give a NAME, or --all", file=sys.stderr)
        return 2
    resolved = _resolved(args.name, args.country)
    if resolved is None:
        print(f"strife: {args.name!r} is not a known actor", file=sys.stderr)
        return 1
    json.dump(resolved, sys.stdout, ensure_ascii=False)
    print()
    return 0


def _resolved(name: str, country: str | None) -> dict | None:
    from strife.code.actors import lookup
    from strife.knowledge import entry_named

    actor = lookup(name, country)
    if actor is None:
        return None
    out = {"name": actor.name, "type": actor.type, "country": actor.country}
    entry = entry_named(actor.name)
    if entry is not None:
        out |= {"side": entry["side"], "parent": entry.get("parent"), "active": entry.get("active")}
    return out


def _lookup_all(country: str | None) -> int:
    """One line per name; exit 1 when a name resolves to another entry than its own."""
    from strife.knowledge import actor_kb

    strays = 0
    for entry in actor_kb()["named"]:
        for alias in [entry["name"], *entry["aliases"]]:
            resolved = _resolved(str(alias), country)
            own = resolved is not None and resolved["name"] in (entry["name"], (entry.get("becomes") or {}).get("name"))
            strays += not own
            json.dump({"entry": entry["name"], "alias": str(alias), "resolves_to": resolved, "own": own},
                      sys.stdout, ensure_ascii=False)
            print()
    return 1 if strays else 0
