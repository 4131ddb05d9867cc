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
#: Where s2twp's wording is not what Traditional-Chinese reporting on this story uses. Applied in order
#: after conversion; each pair is safe for any string of this project (one-off wording goes in the catalog).
FIXES = {
    "臺灣": "台灣", "平臺": "平台", "報道": "報導",
    "“": "「", "”": "」",  # Taiwan and Hong Kong quotation marks
    "試執行": "試運行",  # status "Confirmed trial operation": 運行 is not running a program here
    "運營": "營運",
    "釋出": "發布",  # 发布 is publishing news, not a software release
    "宣告": "聲明",  # 声明 is an official statement, not a declaration in code
    "支援": "支持",  # a source backs (支持) a station; not technical support
    "型別": "類型",  # 类型 is a kind of claim, not a programming type
    "鍊接": "連結",  # 附上链接 mis-segmented as 上鍊
    "地圖示記": "地圖標記",  # 地图标记 mis-segmented as 圖示
    "列標題": "欄標題",  # a table column is 欄 in Taiwan (列 is a row)
    "選中": "選取",
    "高亮顯示": "醒目標示",
    "滑塊": "滑桿",
    "按回車鍵": "按 Enter 鍵",
    "頁面地址": "頁面網址",
    "賬戶": "帳號",
    "帖子": "貼文",
    "軟體包": "套件",
    "地圖瓦片": "地圖圖磚",
    "獲取": "取得",
    "索馬利亞蘭": "索馬利蘭", "塞普勒斯": "賽普勒斯",  # Taiwan's names for Somaliland and Cyprus
    "注：": "註：",
}


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
