"""The station panel opens with the deciding evidence: status, who set it, and the claim behind it, then the rest."""

from __future__ import annotations

import re
from pathlib import Path

from stationmap.records.loading import load_dataset
from stationmap.render.evidence_html import station_panel_html


def later_confirmation(data: Path) -> None:
    """Date Barcelona's confirmation after the visit, so date order and deciding order differ."""
    evidence = data / "evidence.csv"
    evidence.write_text(evidence.read_text(encoding="utf-8").replace(
        "confirmed_trial_operation,A worker,operator,2022,", "confirmed_trial_operation,A worker,operator,2023-02-01,"),
        encoding="utf-8")


def test_deciding_claim_comes_before_other_evidence(data):
    later_confirmation(data)
    dataset = load_dataset(data).dataset
    html = str(station_panel_html(dataset, "es-barcelona"))
    deciding, other = html.index('id="ev-bcn-confirmed"'), html.index('id="ev-bcn-visit"')
    assert deciding < other
    assert html.index("Status set by:") < deciding < html.index("Other evidence (1), oldest first") < other
    assert html.index('class="sm-deciding"') < deciding


def test_panel_head_precedes_station_details(data):
    dataset = load_dataset(data).dataset
    html = str(station_panel_html(dataset, "it-rome"))
    assert html.index("<h2") < html.index('class="sm-deciding"') < html.index("Operator bureau:")
    assert "Other evidence" not in html  # the one claim is the deciding one, shown once
    assert html.count('id="ev-rome-visit"') == 1


def test_panel_without_css_has_no_style_sheet(data):
    dataset = load_dataset(data).dataset
    assert "<style>" not in str(station_panel_html(dataset, "it-rome", with_css=False))
    assert "<style>" in str(station_panel_html(dataset, "it-rome"))


def test_the_panel_heading_is_a_level_two_and_its_sections_level_three():
    """Under a page's h1 the station is an h2 and the panel's sections h3 (axe-core's heading-order)."""
    dataset = load_dataset(Path(__file__).resolve().parent.parent / "fixtures" / "tiny").dataset
    for station_id in dataset.stations:
        levels = [int(level) for level in re.findall(r"<h([1-6])", str(station_panel_html(dataset, station_id)))]
        assert levels and levels[0] == 2 and all(level in (2, 3) for level in levels) and levels.count(2) == 1
