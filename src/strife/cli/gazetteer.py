"""``strife gazetteer build | lookup NAME [--country XX] | add FILE.csv``: the offline gazetteer."""

from __future__ import annotations

import argparse
import time


def register(sub) -> None:
    p = sub.add_parser("gazetteer", help="build, query or extend the offline gazetteer")
    commands = p.add_subparsers(dest="gazetteer_command", metavar="ACTION", required=True)
    build = commands.add_parser("build", help="(re)build the gazetteer file from the installed sources")
    build.add_argument("--path", help="where to write it (default: the package data or cache dir)")
    build.set_defaults(func=run_build)
    lookup = commands.add_parser("lookup", help="print the places a name may mean, most populous first")
    lookup.add_argument("name")
    lookup.add_argument("--country", help="ISO 3166-1 alpha-2 code to restrict the answer")
    lookup.add_argument("--fuzzy", action="store_true", help="also spelling variants (Katirji for Qaterji)")
    lookup.set_defaults(func=run_lookup)
    add = commands.add_parser(
        "add", help="add your own places from a CSV (format: `strife gazetteer add -h`)",
        description="CSV columns: id,name,alt_names,kind,country,admin1,admin2,parent,lat,lon,population; "
                    "kind is neighbourhood, city, region or country; alt_names are |-separated; lines "
                    "starting with # are comments.")
    add.add_argument("file")
    add.set_defaults(func=run_add)


def run_build(args: argparse.Namespace) -> int:
    from strife import gazetteer

    started = time.monotonic()
    path = gazetteer.build(args.path)
    size = gazetteer.Gazetteer(path).size()
    print(f"built {path}: {size} places in {time.monotonic() - started:.1f} s")
    return 0


def run_lookup(args: argparse.Namespace) -> int:
    from strife import gazetteer

    found = gazetteer.lookup(args.name, args.country, fuzzy=args.fuzzy)
    for e in found:
        print("\t".join(str(v) for v in (e.id, e.name, e.kind, e.country, e.admin1 or "", e.admin2 or "",
                                         f"{e.lat:.5f}", f"{e.lon:.5f}", e.population)))
    return 0 if found else 1


def run_add(args: argparse.Namespace) -> int:
    from strife import gazetteer

    count = gazetteer.add_places(args.file)
    print(f"added {count} places from {args.file}")
    return 0
