"""Sentence splitting is the same as the plain rule (``[.!?]`` not after Dr., Mr. ..., or 。！？, or a line
end) that the faster pattern in stationmap.desk.proposals spells with a look-ahead guard."""

from __future__ import annotations

import random
import re

from stationmap.desk import proposals

PLAIN_END = r"(?:" + proposals._NOT_AFTER + r"[.!?][\"'”’»)]*(?=\s|$)|[。！？][」』”’)）]*|$)"
PIECES = ["Dr.", "Mr.", "Ms", "St.", "No.", "U.S.", "U.K.", "U.N.", "e.g.", "word", "Madrid", "!", "?", ".", "...",
          "\"", "'", "”", "’", "»", ")", " ", " ", " ", "\n", "\n\n", "\t", "。", "！", "？", "」", "』", "）",
          "马德里", "5.3", "a.m."]


def test_the_same_sentences_as_the_plain_rule() -> None:
    rng = random.Random(27)
    plain = re.compile(r"[^\n]+?" + PLAIN_END, re.M)
    plain_wrapped = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+?(?:" + PLAIN_END + r"|(?=\n[ \t]*\n))")
    for _ in range(3000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 40)))
        assert [m.span() for m in proposals._SENTENCE.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert ([m.span() for m in proposals._SENTENCE_WRAPPED.finditer(text)]
                == [m.span() for m in plain_wrapped.finditer(text)])
