"""The timeline chart as a Vega-Lite specification (a plain dict), drawn by Streamlit's own Vega-Lite element.

Built here rather than with Altair: Altair checks every channel against the Vega-Lite schema when the chart is
made, about 0.1 s of the server's interpreter lock on every run of the Map page, and importing it took 0.13 s
of a restarted server's first page. The chart is small and fixed: this is the specification Altair made for it,
except that the bars are not summed again (which also made a click on a bar select nothing).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

#: The selection Streamlit reports back (``selection_mode``): the month clicked.
MONTH_PARAM = "month"
#: The name of the claims-per-month dataset the bars read: give it in the specification's ``datasets``, as Altair
#: did (data given beside the specification reached the chart after its first drawing, with warnings).
CLAIMS = "claims_per_month"
_BARS = "bars"


def timeline_spec(*, kinds: Sequence[str], colours: Sequence[str], titles: dict[str, str],
                  month_format: str | None, as_of: dt.date | None = None, as_of_label: str = "") -> dict:
    """Claims per month (the dataset ``CLAIMS``: columns ``month``, ``kind``, ``claims``, one row per month and
    kind, as ``stationmap.rules.timeline.claims_per_month`` makes them), stacked by kind in
    ``colours``; a click selects a month (``MONTH_PARAM``); ``as_of`` draws a rule labelled ``as_of_label``.
    ``titles``: x, y, colour, month, kind, claims, shown, in the interface language; every string is data to
    Vega-Lite, never markup or an expression."""
    month_axis = {"format": month_format} if month_format else {}
    month_tip = {"field": "month", "timeUnit": "yearmonth", "type": "temporal", "title": titles["month"]}
    if month_format:
        month_tip["format"] = month_format
    bars = {
        "name": _BARS,
        "data": {"name": CLAIMS},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "month", "timeUnit": "yearmonth", "type": "temporal", "title": titles["x"],
                  "axis": month_axis},
            # One row per month and kind already: no aggregate, so a bar's datum keeps its ``month``, which the
            # click's selection reads (summed, the datum kept only the time unit's field: the selection was empty
            # and a click on a bar set nothing).
            "y": {"field": "claims", "type": "quantitative", "stack": "zero", "title": titles["y"]},
            "color": {"field": "kind", "type": "nominal", "title": titles["colour"],
                      "scale": {"domain": list(kinds), "range": list(colours)}},
            "tooltip": [month_tip,
                        {"field": "kind", "type": "nominal", "title": titles["kind"]},
                        {"field": "claims", "type": "quantitative", "title": titles["claims"]}],
            "opacity": {"condition": {"param": MONTH_PARAM, "value": 1.0}, "value": 0.85},
        },
    }
    layers: list[dict] = [bars]
    if as_of is not None:
        layers.append({
            "data": {"values": [{"as_of": as_of.isoformat(), "label": as_of_label}]},
            "mark": {"type": "rule", "color": "#b00020", "strokeWidth": 2},
            "encoding": {"x": {"field": "as_of", "type": "temporal"},
                         "tooltip": {"field": "label", "type": "nominal", "title": titles["shown"]}},
        })
    return {
        "height": 170,
        "layer": layers,
        "params": [{"name": MONTH_PARAM, "views": [_BARS],
                    "select": {"type": "point", "fields": ["month"], "on": "click", "clear": False}}],
    }
