"""Checks on Chinese text shared by the unit and app tests: ASCII punctuation inside a Chinese sentence.

A mark among , : ; . ( ) ! ? is wrong when the nearest non-space character on either side is Chinese (a
Han character or a full-width mark): ``鹿特丹, 荷兰``, ``官方行动: …``, ``（中方)``. Between Latin letters or
digits it is left alone (``CC BY 4.0``, ``python -m stationmap validate``, a Markdown list's ``1.``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

ASCII_MARKS = ",:;.()!?"
_CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_LIST_MARKER = re.compile(r"^\d+\. ", re.MULTILINE)


def _neighbour(text: str, index: int, step: int) -> str:
    index += step
    while 0 <= index < len(text) and text[index].isspace():
        index += step
    return text[index] if 0 <= index < len(text) else ""


def ascii_punctuation_in_chinese(text: str) -> list[str]:
    """Every ASCII mark that sits against Chinese text, with a little context, in order."""
    text = _LIST_MARKER.sub(lambda m: m.group(0).replace(".", "\u2024"), text)
    found = []
    for index, char in enumerate(text):
        if char in ASCII_MARKS and any(_CHINESE.match(_neighbour(text, index, step)) for step in (-1, 1)):
            found.append(text[max(0, index - 8):index + 9])
    return found


class _Text(HTMLParser):
    """The text a reader sees, with every element marked ``lang="en"`` or ``translate="no"`` (data as written)
    replaced by ``X``."""

    VOID = {"br", "img", "hr", "input", "meta", "link", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[bool] = []  # per open element: does it (or an ancestor) hide its text?

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        hidden = (self.stack[-1] if self.stack else False) or tag in ("style", "script") or \
            dict(attrs).get("lang") == "en" or dict(attrs).get("translate") == "no"
        if hidden and not (self.stack and self.stack[-1]):
            self.parts.append("X")
        self.stack.append(hidden)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def visible_chinese_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)
