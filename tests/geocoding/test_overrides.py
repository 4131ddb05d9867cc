"""The committed overrides file and its reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from geocoding.overrides import OverridesError, OverridesGeocoder, read_overrides
from tests.geocoding.conftest import OVERRIDES_CSV

HEADER = "query,country,lat,lon,precision,radius_km,note\n"


def test_committed_file_is_valid_and_has_northern_portugal() -> None:
    rows = read_overrides(OVERRIDES_CSV)
    north = [r for r in rows if r.query == "northern Portugal"]
    assert len(north) == 1
    row = north[0]
    assert row.country == "PT" and row.precision == "region"
    assert 41.0 <= row.lat <= 42.2 and -8.9 <= row.lon <= -6.2  # inside the Norte region's extent
    assert 50 <= row.radius_km <= 150
    assert "Norte" in row.note


def test_lookup_is_normalised_and_narrowed(tmp_path: Path) -> None:
    path = tmp_path / "o.csv"
    rows = "Santa Cruz,ES,28.46,-16.25,city,10,Tenerife\nSanta Cruz,BO,-17.78,-63.18,city,15,Bolivia\n"
    path.write_text(HEADER + rows, encoding="utf-8")
    geo = OverridesGeocoder.from_csv(path)
    assert geo.geocode("santa  CRUZ", country_codes="BO").latitude == pytest.approx(-17.78)
    both = geo.geocode("Santa Cruz")
    assert both.raw["ambiguous"] is True
    assert geo.geocode("Santa Cruz", country_codes="PT") is None
    assert geo.geocode("Santa Cruz", exactly_one=False, country_codes="ES")[0].raw["note"] == "Tenerife"


@pytest.mark.parametrize(("row", "message"), [
    ("x,PT,91,0,city,10,n", ":2: lat"),
    ("x,PT,0,0,town,10,n", ":2: precision"),
    ("x,ZZ,0,0,city,10,n", ":2: country"),
    ("x,PT,0,0,city,10,", ":2: note"),
    (",PT,0,0,city,10,n", ":2: query"),
])
def test_bad_rows_are_named(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "o.csv"
    path.write_text(HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(OverridesError, match=message):
        read_overrides(path)


def test_missing_file_and_column(tmp_path: Path) -> None:
    with pytest.raises(OverridesError, match="cannot read"):
        read_overrides(tmp_path / "absent.csv")
    path = tmp_path / "o.csv"
    path.write_text("query,country,lat\n", encoding="utf-8")
    with pytest.raises(OverridesError, match="missing column"):
        read_overrides(path)
