"""One error family: everything the geocoding package raises is a geopy.exc error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from geopy.exc import GeocoderParseError, GeocoderQueryError, GeocoderServiceError, GeopyError

from geocoding.base import GeocodingError, QueryError, parse_query
from geocoding.chain import build_chain
from geocoding.cli import UserError, main
from geocoding.gazetteer import GazetteerError
from geocoding.overrides import OverridesError
from geocoding.settings import SettingsError, load_settings
from tests.geocoding.conftest import OVERRIDES_CSV


@pytest.mark.parametrize("error", [QueryError, OverridesError, SettingsError, GazetteerError, UserError])
def test_our_errors_are_geocoder_service_errors(error: type[Exception]) -> None:
    assert issubclass(error, GeocodingError) and issubclass(error, GeocoderServiceError)


def test_old_value_error_callers_still_work() -> None:
    assert issubclass(QueryError, GeocoderQueryError) and issubclass(QueryError, ValueError)
    with pytest.raises(ValueError):
        parse_query("   ")
    with pytest.raises(GeopyError):
        load_settings({"STATIONMAP_NOMINATIM_SCHEME": "gopher"})


def test_bad_overrides_file_is_a_geopy_error(tmp_path: Path, gazetteer) -> None:
    bad = tmp_path / "o.csv"
    bad.write_text("query,country,lat,lon,precision,radius_km,note\nX,IT,north,2,city,5,n\n", encoding="utf-8")
    with pytest.raises(GeopyError, match="lat"):
        build_chain(overrides_path=bad, cache_dir=tmp_path, gazetteer=gazetteer)


class BrokenOnline:
    """Returns something that is not a Location: the chain must refuse it, not cache it."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer

    def geocode(self, query: Any, *, exactly_one: bool = True, timeout: float | None = None,
                country_codes: Any = None) -> Any:
        return self.answer


@pytest.mark.parametrize("answer", [{}, "Prato", [None], [{"lat": 1, "lon": 2}]])
def test_chain_refuses_a_malformed_online_answer(answer: Any, tmp_path: Path, gazetteer) -> None:
    chain = build_chain(overrides_path=None, cache_dir=tmp_path, gazetteer=gazetteer, online=True,
                        online_geocoder=BrokenOnline(answer))
    with pytest.raises(GeocoderParseError):
        chain.geocode("Qwertyuiop Town", country_codes="IT")
    assert len(chain.cache) == 0


def test_cli_reports_bad_overrides_as_one_line(tmp_path: Path, gazetteer_dir: Path, gazetteer,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "o.csv"
    bad.write_text("query,country\nX,IT\n", encoding="utf-8")
    assert main(["lookup", "Prato", "--cache-dir", str(gazetteer_dir), "--overrides", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "missing column" in err and "Traceback" not in err


def test_cli_reports_online_failure_as_one_line(tmp_path: Path, gazetteer_dir: Path, gazetteer,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    import geocoding.cli as cli

    real = cli.build_chain
    monkeypatch.setattr(cli, "build_chain", lambda **kw: real(
        **{**kw, "gazetteer": gazetteer, "online_geocoder": BrokenOnline({})}))
    code = main(["lookup", "Qwertyuiop Town", "--country", "IT", "--online", "--cache-dir", str(gazetteer_dir),
                 "--overrides", str(OVERRIDES_CSV)])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: online geocoder failed: GeocoderParseError")
