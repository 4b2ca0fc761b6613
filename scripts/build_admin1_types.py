"""Build src/strife/data/admin1_types.tsv: the unit type English writes after some admin-1 names.

"Arauca Department", "Chittagong Division", "Ouaka Prefecture": for these unit types the name alone is
also the name of the unit's capital, and English usage names the unit with its type. The type of each
GeoNames admin-1 name (data/admin1_names.tsv) comes from ISO 3166-2 via pycountry (LGPL): the subdivision
of the same spelling skeleton, else the type most of the country's subdivisions have. Run:

    python scripts/build_admin1_types.py
"""

from __future__ import annotations

import collections
import csv
import sys

import pycountry

from strife.gazetteer import admin1_names, name_key, skeleton
from strife.gazetteer import default_path as _gazetteer_path

OUT = _gazetteer_path().parent / "admin1_types.tsv"
WRITTEN_TYPES = ("Department", "Division", "Prefecture")
MAJORITY = 0.75  # a country's usual type: the type of this share of its subdivisions
HEADER = ("# Unit types written after admin-1 names in English ('Arauca Department'), by country and GeoNames\n"
          "# admin-1 name. Source: ISO 3166-2 subdivision categories via pycountry (LGPL-2.1); built by\n"
          "# scripts/build_admin1_types.py.\n")


def subdivision_types() -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """(country -> skeleton -> type, country -> the type most of its subdivisions have)."""
    by_name: dict[str, dict[str, str]] = collections.defaultdict(dict)
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            by_name[sub.country_code][skeleton(name_key(sub.name))] = sub.type
            counts[sub.country_code][sub.type] += 1
    usual = {cc: c.most_common(1)[0][0] for cc, c in counts.items()
             if c.most_common(1)[0][1] >= MAJORITY * sum(c.values())}
    return by_name, usual


def _named_with_type(name: str, kind: str) -> bool:
    """Whether the name already says its type ("Rangpur Division") or is an abbreviation ("Bogota D.C.")."""
    return name.lower().endswith(kind.lower()) or "." in name


def main() -> int:
    by_name, usual = subdivision_types()
    rows = []
    for (cc, _), name in sorted(admin1_names().items()):
        kind = by_name.get(cc, {}).get(skeleton(name_key(name))) or usual.get(cc)
        if kind in WRITTEN_TYPES and not _named_with_type(name, kind):
            rows.append((cc, name, kind))
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(("country", "admin1", "type"))
        writer.writerows(sorted(set(rows)))
    print(f"{OUT}: {len(rows)} admin-1 names", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
