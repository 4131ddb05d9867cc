"""How each status and precision looks, defined once: map symbols, legend and badges come from here.

Colours are from the Okabe–Ito palette, chosen to stay distinguishable with the common colour-vision
deficiencies; every status also has its own shape, so the map reads without colour at all. Contested
stations get a dashed black ring; region- and country-level places are drawn faded with an uncertainty
circle instead of a solid symbol.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from stationmap.records.models import Status
from stationmap.render.i18n import DEFAULT, translator
from stationmap.rules.vocabulary import CONTESTED_LABEL, STATUS_DEFINITIONS, STATUS_LABELS


@dataclass(frozen=True)
class StatusStyle:
    colour: str
    shape: str  # circle | square | triangle | diamond


STATUS_STYLES: dict[Status, StatusStyle] = {
    Status.REPORTED: StatusStyle("#E69F00", "circle"),
    Status.VISITED_FOUND_NOTHING: StatusStyle("#009E73", "square"),
    Status.CONFIRMED_TRIAL_OPERATION: StatusStyle("#D55E00", "triangle"),
    Status.OFFICIALLY_DENIED: StatusStyle("#0072B2", "diamond"),
}

_SHAPES = {
    "circle": '<circle cx="12" cy="12" r="8"/>',
    "square": '<rect x="4.5" y="4.5" width="15" height="15"/>',
    "triangle": '<polygon points="12,3 21.5,20 2.5,20"/>',
    "diamond": '<polygon points="12,2 22,12 12,22 2,12"/>',
}


def shape_markup(shape: str) -> Markup:
    """The SVG element of a symbol shape, drawn in a 24 x 24 box centred on (12, 12) (a constant, no data)."""
    return Markup(_SHAPES[shape])


def symbol_svg(status: Status, *, size: int = 22, contested: bool = False, faded: bool = False) -> Markup:
    """An inline SVG symbol for a status (no data inside: safe to reuse for every marker)."""
    style = STATUS_STYLES[status]
    ring = Markup('<circle cx="12" cy="12" r="11" fill="none" stroke="#000" stroke-width="1.6" '
                  'stroke-dasharray="3 2"/>') if contested else ""
    return Markup('<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 24 24" '
                  'role="img" aria-label="{label}"><g fill="{colour}" fill-opacity="{opacity}" stroke="#fff" '
                  'stroke-width="1.5">{shape}</g>{ring}</svg>').format(
        size=size, label=STATUS_LABELS[status], colour=style.colour, opacity=0.55 if faded else 1.0,
        shape=Markup(_SHAPES[style.shape]), ring=ring)


_GLYPHS = {"circle": "\u25cf", "square": "\u25a0", "triangle": "\u25b2", "diamond": "\u25c6"}


def symbol_glyph(status: Status, *, contested: bool = False, faded: bool = False) -> Markup:
    """The status shape as a coloured text glyph, for HTML outside the map (sanitisers strip inline SVG)."""
    style = STATUS_STYLES[status]
    ring = "outline:1.5px dashed #000;outline-offset:1px;border-radius:50%;" if contested else ""
    return Markup('<span aria-hidden="true" style="color:{};opacity:{};font-size:1.15em;line-height:1;{}">'
                  "{}</span>").format(style.colour, 0.55 if faded else 1, ring, _GLYPHS[style.shape])


def status_badge_html(status: Status, language: str = DEFAULT) -> Markup:
    return Markup('<span style="display:inline-flex;align-items:center;gap:.35rem;font-weight:600">{}{}</span>'
                  ).format(symbol_glyph(status), translator(language)(STATUS_LABELS[status]))


def legend_html(counts: Mapping[Status, int] | None = None, language: str = DEFAULT) -> Markup:
    """The legend with each status's definition (Methodology); with ``counts``, how many are shown."""
    tr = translator(language)
    item = Markup('<li style="margin:.2rem 0">{} <strong>{}</strong>{} — {}</li>')
    rows = [item.format(symbol_glyph(status), tr(STATUS_LABELS[status]),
                        f" ({counts.get(status, 0)})" if counts is not None else "", tr(STATUS_DEFINITIONS[status]))
            for status in STATUS_STYLES]
    rows.append(item.format(symbol_glyph(Status.REPORTED, contested=True), tr(CONTESTED_LABEL), "",
                            tr("one source says the station operated, another found nothing or denied it")))
    rows.append(item.format(symbol_glyph(Status.REPORTED, faded=True), tr("region or country only"), "",
                            tr("drawn faded, with a circle showing how uncertain the place is")))
    return Markup('<ul class="sm-legend" style="list-style:none;padding:0;font-size:.95rem">{}</ul>').format(
        Markup("").join(rows))
