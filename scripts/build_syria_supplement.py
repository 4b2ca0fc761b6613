"""Build src/strife/data/places_sy.csv: Syria's city neighbourhoods and sub-district towns for the gazetteer.

Source: OCHA Common Operational Dataset "Syrian Arab Republic - Subnational Administrative Boundaries"
(cod-ab-syr v02, CC BY-IGO), as extracted to CSV in shared/data/syria-ocha-gazetteer (see its SOURCE.md).
The output follows the user-places format documented in strife.gazetteer (``strife gazetteer add``). Run:

    python scripts/build_syria_supplement.py ../shared/data/syria-ocha-gazetteer
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "strife" / "data" / "places_sy.csv"
HEADER = ("# Syria: city neighbourhoods and admin-unit capitals. Source: OCHA COD-AB Syria v02\n"
          "# (HDX cod-ab-syr, valid 2020-12-17), licence CC BY-IGO.\n"
          "# Built by scripts/build_syria_supplement.py.\n")
COLUMNS = ("id", "name", "alt_names", "kind", "country", "admin1", "admin2", "parent", "lat", "lon",
           "population")
NEIGHBOURHOOD_ALTS = ("neighbor_3", "neighbor_4", "neighbor_5", "neighbor_6", "neighbor_7")
CAPITAL_ALTS = ("name_1", "name_2", "name_3")


def _latin_alts(row: dict[str, str], columns: tuple[str, ...], name: str) -> str:
    """Alternate spellings in Latin script, without the "(City)" qualifiers some carry."""
    alts = []
    for col in columns:
        alt = row.get(col, "").split(" (")[0].strip()
        if alt and alt != name and alt.isascii() and alt not in alts:
            alts.append(alt)
    return "|".join(alts)


def neighbourhoods(folder: Path) -> list[dict[str, str]]:
    with (folder / "syr_neighborhoods_centroids.csv").open(encoding="utf-8") as fh:
        return [{"id": f"ocha:{r['neighbor_2'] or r['areapcode']}:{r['adm4_pcode']}", "name": r["neighborho"],
                 "alt_names": _latin_alts(r, NEIGHBOURHOOD_ALTS, r["neighborho"]), "kind": "neighbourhood",
                 "country": "SY", "admin1": r["adm1_en"], "admin2": r["adm2_en"], "parent": r["adm4_en"],
                 "lat": f"{float(r['centroid_lat']):.5f}", "lon": f"{float(r['centroid_lon']):.5f}",
                 "population": ""} for r in csv.DictReader(fh) if r["neighborho"]]


def subdistrict_towns(folder: Path) -> list[dict[str, str]]:
    """Capitals of sub-districts (level 3): towns and villages GeoNames often lacks or spells otherwise."""
    with (folder / "syr_admincapitals.csv").open(encoding="utf-8") as fh:
        return [{"id": f"ocha:{r['adm3_pcode']}", "name": r["name"],
                 "alt_names": _latin_alts(r, CAPITAL_ALTS, r["name"]), "kind": "city", "country": "SY",
                 "admin1": r["adm1_name"], "admin2": r["adm2_name"], "parent": "",
                 "lat": f"{float(r['lat']):.5f}", "lon": f"{float(r['lon']):.5f}", "population": ""}
                for r in csv.DictReader(fh) if r["adm_p_lvl"] == "3" and r["name"]]


def main(folder: str) -> int:
    rows = neighbourhoods(Path(folder)) + subdistrict_towns(Path(folder))
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} places -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
