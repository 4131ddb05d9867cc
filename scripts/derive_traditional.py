"""Derive the Traditional Chinese catalog from the reviewed Simplified one with OpenCC (s2twp: Taiwan
standard characters and phrasing), keeping entries a person already reviewed in the Traditional catalog.

    python -m scripts.derive_traditional          # fill empty or fuzzy zh_Hant entries from zh_Hans
    python -m scripts.derive_traditional --all    # re-derive every entry (then review the diff)

A derived entry is marked with the translator comment "derived by OpenCC" until a reviewer removes it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import opencc
from babel.messages.pofile import read_po, write_po

LOCALES = Path(__file__).resolve().parent.parent / "stationmap" / "locales"
SOURCE = LOCALES / "zh_Hans" / "LC_MESSAGES" / "messages.po"
TARGET = LOCALES / "zh_Hant" / "LC_MESSAGES" / "messages.po"
MARK = "derived by OpenCC"
#: Where s2twp's wording is not what Traditional-Chinese reporting on this story uses.
FIXES = {"臺灣": "台灣", "報道": "報導"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true")
    rederive = parser.parse_args().all
    convert = opencc.OpenCC("s2twp")
    simplified = read_po(SOURCE.open("rb"))
    traditional = read_po(TARGET.open("rb"))
    derived = 0
    for message in simplified:
        if not message.id or not message.string:
            continue
        target = traditional.get(message.id)
        if target is None:
            continue
        if target.string and not target.fuzzy and not rederive:
            continue
        text = convert.convert(message.string)
        for wrong, right in FIXES.items():
            text = text.replace(wrong, right)
        target.string = text
        target.flags.discard("fuzzy")
        target.user_comments = [MARK]
        derived += 1
    with TARGET.open("wb") as handle:
        write_po(handle, traditional, width=100)
    print(f"derived {derived} Traditional Chinese entries into {TARGET.relative_to(LOCALES.parent.parent)}")


if __name__ == "__main__":
    main()
