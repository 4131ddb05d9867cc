"""SVG to PNG with resvg (through resvg-py): no browser, no network, only the fonts named here.

resvg is given exactly these font files and never the machine's others (``skip_system_fonts``), so a PNG
depends on our SVG and these files alone: DejaVu Sans for Latin text, WenQuanYi Micro Hei for Chinese,
both Debian packages that the set-up installs (``scripts/ensure-fonts``). A Chinese image without the
Chinese font is refused with a clear message rather than drawn with empty boxes.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
LATIN_FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
CJK_FONTS = ("wqy-microhei.ttc",)
CJK_PACKAGE = "fonts-wqy-microhei"
LATIN_PACKAGE = "fonts-dejavu-core"


class ImageError(Exception):
    """The image cannot be made (a font is missing, the renderer failed): one line for the reader."""


@cache
def find_fonts(names: tuple[str, ...], dirs: tuple[Path, ...] = FONT_DIRS) -> tuple[str, ...]:
    """The paths of the font files called ``names`` under ``dirs`` (first found of each, in order)."""
    found = []
    for name in names:
        for folder in dirs:
            hits = sorted(folder.rglob(name)) if folder.is_dir() else []
            if hits:
                found.append(str(hits[0]))
                break
    return tuple(found)


def needs_cjk(text: str) -> bool:
    """Whether ``text`` has characters that a Latin font lacks (CJK and beyond U+2E80)."""
    return any(ord(ch) >= 0x2E80 for ch in text)


def fonts_for(svg: str, dirs: tuple[Path, ...] | None = None) -> list[str]:
    """The font files to draw ``svg`` with (looked for under ``dirs``, by default ``FONT_DIRS``); ImageError
    when one it needs is missing."""
    dirs = FONT_DIRS if dirs is None else dirs
    latin, cjk = find_fonts(LATIN_FONTS, dirs), find_fonts(CJK_FONTS, dirs)
    if needs_cjk(svg) and not cjk:
        raise ImageError(f"Chinese text needs the WenQuanYi Micro Hei font, which is not installed: run "
                         f"scripts/ensure-fonts (or apt-get install {CJK_PACKAGE})")
    if not latin and not cjk:
        raise ImageError(f"no font to draw the text with: run scripts/ensure-fonts (or apt-get install "
                         f"{LATIN_PACKAGE})")
    return [*latin, *cjk]


def svg_to_png(svg: str, scale: float = 1.0, dirs: tuple[Path, ...] | None = None) -> bytes:
    """The SVG drawn as PNG, ``scale`` times its size (2 for print)."""
    import resvg_py  # imported here: only PNG output needs the renderer

    try:
        return bytes(resvg_py.svg_to_bytes(svg_string=svg, skip_system_fonts=True, font_files=fonts_for(svg, dirs),
                                           zoom=scale if scale != 1 else None))
    except ValueError as exc:
        raise ImageError(f"the renderer could not draw the image: {exc}") from None
