"""How each status and precision looks, defined once: map symbols, legend and badges come from here.

Colours are from the Okabe–Ito palette, chosen to stay distinguishable with the common colour-vision
deficiencies; every status also has its own shape, so the map reads without colour at all. Contested
stations get a dashed black ring; region- and country-level places are drawn faded with an uncertainty
circle instead of a solid symbol.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from stationmap.escaping import escape_html
from stationmap.models import Precision, Status


@dataclass(frozen=True)
class StatusStyle:
    label: str
    colour: str
    shape: str  # circle | square | triangle | diamond
    description: str


STATUS_STYLES: dict[Status, StatusStyle] = {
    Status.REPORTED: StatusStyle("Reported", "#E69F00", "circle", "listed by a report, not yet checked"),
    Status.VISITED_FOUND_NOTHING: StatusStyle("Visited, found nothing", "#009E73", "square",
                                              "visited; no sign of a police station"),
    Status.CONFIRMED_TRIAL_OPERATION: StatusStyle("Confirmed trial operation", "#D55E00", "triangle",
                                                  "someone with first-hand knowledge said it ran"),
    Status.OFFICIALLY_DENIED: StatusStyle("Officially denied", "#0072B2", "diamond",
                                          "an authority said no station exists there"),
}

PRECISION_STYLES: dict[Precision, tuple[float, str]] = {
    Precision.CITY: (1.0, "city: solid symbol"),
    Precision.REGION: (0.55, "region only: faded symbol and a circle sized to the uncertainty"),
    Precision.COUNTRY: (0.55, "country only: faded symbol and a circle sized to the uncertainty"),
}

_SHAPES = {
    "circle": '<circle cx="12" cy="12" r="8"/>',
    "square": '<rect x="4.5" y="4.5" width="15" height="15"/>',
    "triangle": '<polygon points="12,3 21.5,20 2.5,20"/>',
    "diamond": '<polygon points="12,2 22,12 12,22 2,12"/>',
}


def status_label(status: Status) -> str:
    return STATUS_STYLES[status].label


def symbol_svg(status: Status, *, size: int = 22, contested: bool = False, faded: bool = False) -> str:
    """An inline SVG symbol for a status (no data inside: safe to reuse for every marker)."""
    style = STATUS_STYLES[status]
    opacity = 0.55 if faded else 1.0
    ring = ('<circle cx="12" cy="12" r="11" fill="none" stroke="#000" stroke-width="1.6" '
            'stroke-dasharray="3 2"/>') if contested else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 24 24" '
            f'role="img" aria-label="{escape_html(style.label)}">'
            f'<g fill="{style.colour}" fill-opacity="{opacity}" stroke="#fff" stroke-width="1.5">'
            f"{_SHAPES[style.shape]}</g>{ring}</svg>")


_GLYPHS = {"circle": "\u25cf", "square": "\u25a0", "triangle": "\u25b2", "diamond": "\u25c6"}


def symbol_glyph(status: Status, *, contested: bool = False, faded: bool = False) -> str:
    """The status shape as a coloured text glyph, for HTML outside the map (sanitisers strip inline SVG)."""
    style = STATUS_STYLES[status]
    ring = "outline:1.5px dashed #000;outline-offset:1px;border-radius:50%;" if contested else ""
    return (f'<span aria-hidden="true" style="color:{style.colour};opacity:{0.55 if faded else 1};'
            f'font-size:1.15em;line-height:1;{ring}">{_GLYPHS[style.shape]}</span>')


def status_badge_html(status: Status) -> str:
    style = STATUS_STYLES[status]
    return (f'<span style="display:inline-flex;align-items:center;gap:.35rem;font-weight:600">'
            f"{symbol_glyph(status)}{escape_html(style.label)}</span>")


def legend_html(counts: Mapping[Status, int] | None = None) -> str:
    """The legend, generated from the styles above; with ``counts``, each line says how many are shown."""
    rows = []
    for status, style in STATUS_STYLES.items():
        count = f" <strong>{counts.get(status, 0)}</strong>" if counts is not None else ""
        rows.append(f'<span style="display:inline-flex;align-items:center;gap:.3rem;margin-right:1rem">'
                    f"{symbol_glyph(status)}{escape_html(style.label)}{count}</span>")
    extras = (f'<span style="display:inline-flex;align-items:center;gap:.3rem;margin-right:1rem">'
              f"{symbol_glyph(Status.REPORTED, contested=True)}contested (sources disagree)</span>"
              f'<span style="display:inline-flex;align-items:center;gap:.3rem">'
              f"{symbol_glyph(Status.REPORTED, faded=True)}region or country only (faded, with a circle)"
              f"</span>")
    return (f'<div class="sm-legend" style="font-size:.9rem;line-height:1.9">{"".join(rows)}<br>'
            f"{extras}</div>")
