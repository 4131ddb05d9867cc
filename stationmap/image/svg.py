"""SVG built so that it is inert whatever the data holds: escaping and checks by construction.

Every element goes through ``element``: tag and attribute names come from fixed allow-lists (no ``script``,
no ``foreignObject``, no ``on*`` attribute can be written at all), every text and attribute value is
escaped with markupsafe, characters that XML 1.0 forbids are dropped (a stray control character in a label
would make the file unreadable), and a reference may point only at an id inside the same file
(``href="#..."``, ``url(#...)``). Numbers are written with fixed precision, so the same drawing gives the
same bytes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

from markupsafe import Markup, escape

ELEMENTS = frozenset({"svg", "g", "defs", "use", "path", "circle", "rect", "polygon", "text", "tspan", "title",
                      "desc", "clipPath"})
ATTRIBUTES = frozenset({
    "xmlns", "width", "height", "viewBox", "role", "lang", "xml:lang", "aria-labelledby", "aria-hidden", "id",
    "href", "x", "y", "cx", "cy", "r", "d", "points", "transform", "fill", "fill-opacity", "fill-rule", "stroke",
    "stroke-width", "stroke-opacity", "stroke-dasharray", "stroke-dashoffset", "stroke-linejoin", "opacity",
    "clip-path", "font-family", "font-size", "font-weight", "text-anchor", "dominant-baseline", "paint-order",
    "letter-spacing",
})
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_INTERNAL_URL = re.compile(r"url\(#[A-Za-z][\w-]*\)")
_ID = re.compile(r"[A-Za-z][\w-]*")


def clean_text(value: object) -> str:
    """The text without the characters XML 1.0 cannot hold (controls, lone surrogates)."""
    return _XML_FORBIDDEN.sub("", str(value))


def number(value: float, digits: int = 2) -> str:
    """A number as SVG writes it: fixed precision, no trailing zeros, never ``-0`` or ``nan``."""
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    text = f"{round(value, digits):.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _attribute(name: str, value: object) -> str:
    if name not in ATTRIBUTES:
        raise ValueError(f"attribute {name!r} is not allowed in the map image")
    if isinstance(value, bool):
        raise TypeError(f"attribute {name!r}: a bool is not an SVG value")
    text = number(value) if isinstance(value, int | float) else clean_text(value)
    if name == "href" and not (text.startswith("#") and _ID.fullmatch(text[1:])):
        raise ValueError(f"href may point only inside the image, not at {text!r}")
    if name == "id" and not _ID.fullmatch(text):
        raise ValueError(f"not an id: {text!r}")
    if "url(" in _INTERNAL_URL.sub("", text).lower():
        raise ValueError(f"{name}: url() may point only inside the image, not {text!r}")
    return f' {name}="{escape(text)}"'


def element(tag: str, attributes: Mapping[str, object] | None = None, *children: object) -> Markup:
    """``<tag attributes>children</tag>``: plain strings among the children are escaped text, Markup
    children are elements built here. ``None`` attribute values are left out."""
    if tag not in ELEMENTS:
        raise ValueError(f"element {tag!r} is not allowed in the map image")
    attrs = "".join(_attribute(name, value) for name, value in (attributes or {}).items() if value is not None)
    if not children:
        return Markup(f"<{tag}{attrs}/>")
    inner = "".join(child if isinstance(child, Markup) else str(escape(clean_text(child))) for child in children)
    return Markup(f"<{tag}{attrs}>{inner}</{tag}>")


def group(attributes: Mapping[str, object] | None, children: Iterable[Markup]) -> Markup:
    """A ``<g>`` of many elements (built here), written in one join."""
    items = list(children)
    return element("g", attributes, Markup("").join(items)) if items else Markup("")
