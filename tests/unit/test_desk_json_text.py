"""The desk's JSON writer gives exactly ``json.dumps(value, ensure_ascii=False, indent=2)``."""

from __future__ import annotations

import json
import random

import pytest

from stationmap.desk.json_text import dumps_indented

AWKWARD = ["", "plain", "quote \" and \\ backslash", "tab\tnewline\n", "\x00\x1f\x7f", "中文 馬德里",
           "\u202eevil\u2066", "\u2028\u2029", "emoji \U0001f600", "\ud800 lone surrogate"]


def _random_value(rng: random.Random, depth: int = 0) -> object:
    roll = rng.random()
    if depth > 3 or roll < 0.4:
        return rng.choice([*AWKWARD, None, True, False, 0, -7, 10**20, 3.5])
    if roll < 0.7:
        return [_random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    if roll < 0.8:
        return tuple(_random_value(rng, depth + 1) for _ in range(rng.randrange(3)))
    return {rng.choice(AWKWARD) + str(i): _random_value(rng, depth + 1) for i in range(rng.randrange(4))}


@pytest.mark.parametrize("value", [
    {}, [], (), "", None, True, 0, {"a": [], "b": {}, "c": [{}], "d": [[]]},
    {"queue_id": "q-0123456789ab", "proposals": [{"station_ids": ["es-madrid-1"], "start": 3, "end": 9,
                                                  "rule": None, "rules_fired": []}], "warnings": []},
    {1: "an integer key", "x": 1.5},  # left to json.dumps
])
def test_the_same_text_as_json_dumps(value: object) -> None:
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_the_same_text_for_random_values() -> None:
    rng = random.Random(27)
    for _ in range(2000):
        value = _random_value(rng)
        assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_what_json_refuses_it_refuses() -> None:
    looped: list[object] = []
    looped.append(looped)
    for value in (looped, {"x": object()}):
        with pytest.raises((ValueError, TypeError)):
            dumps_indented(value)
