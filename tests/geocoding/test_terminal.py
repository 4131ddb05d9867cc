"""Outside text reaching a terminal is escaped: a hostile or broken Nominatim cannot drive the user's terminal."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from geopy.exc import GeocoderParseError, GeocoderQueryError

from geocoding.cli import main as geocoding_main
from geocoding.nominatim import NominatimGeocoder
from geocoding.terminal import printable, printable_json
from stationmap.cli import main as stationmap_main
from tests.geocoding.conftest import OVERRIDES_CSV, PRATO, FakeNominatim

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"
#: Clears the screen, sets the window title, then a C1 CSI, a bidi override and a line break posing as our own.
HOSTILE = "\x1b[2J\x1b]0;pwned\x07<html>\x9b31m\u202etxt.exe\nerror: everything is fine"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\n")


def _clean(text: str) -> bool:
    return not any(char in text for char in RAW)


def test_printable_shows_every_unsafe_character_as_an_escape() -> None:
    assert printable(HOSTILE) == ("\\x1b[2J\\x1b]0;pwned\\x07<html>\\x9b31m\\u202etxt.exe\\n"
                                  "error: everything is fine")
    assert printable(printable(HOSTILE)) == printable(HOSTILE)  # idempotent
    assert printable("Zürich 北京 «ok»") == "Zürich 北京 «ok»"  # letters of any script stay as they are
    assert printable("a\x1bbcdef", limit=3) == "a\\x1bb…"


def test_printable_json_stays_json_that_means_the_same() -> None:
    text = json.dumps({"name": HOSTILE, "n": [1, 2]}, ensure_ascii=False, indent=2)
    shown = printable_json(text)
    assert _clean(shown.replace("\n", "")) and json.loads(shown) == {"name": HOSTILE, "n": [1, 2]}


@pytest.mark.parametrize(("body", "error"), [
    (HOSTILE, GeocoderParseError),                          # a 200 whose body is not JSON
    (json.dumps({"error": HOSTILE}), GeocoderQueryError),   # Nominatim's own error text
])
def test_a_hostile_answer_never_reaches_the_message_raw(body: str, error: type[Exception],
                                                         nominatim: NominatimGeocoder,
                                                         fake_nominatim: FakeNominatim) -> None:
    fake_nominatim.mode = body
    with pytest.raises(error) as caught:
        nominatim.geocode("Prato", country_codes="IT")
    message = str(caught.value)
    assert _clean(message) and "\\x1b[2J" in message and "\\u202e" in message


def test_a_long_body_is_cut(nominatim: NominatimGeocoder, fake_nominatim: FakeNominatim) -> None:
    fake_nominatim.mode = "<html>" + "x" * 100_000
    with pytest.raises(GeocoderParseError) as caught:
        nominatim.geocode("Prato", country_codes="IT")
    assert len(str(caught.value)) < 500


@pytest.fixture
def online(fake_nominatim: FakeNominatim, monkeypatch: pytest.MonkeyPatch) -> FakeNominatim:
    """Point the commands' --online geocoder at the fake server."""
    monkeypatch.setenv("STATIONMAP_NOMINATIM_DOMAIN", fake_nominatim.domain)
    monkeypatch.setenv("STATIONMAP_NOMINATIM_SCHEME", "http")
    return fake_nominatim


def test_lookup_online_prints_a_broken_answer_escaped_on_one_line(online: FakeNominatim, gazetteer,
                                                                  gazetteer_dir: Path, capsys) -> None:
    online.mode = HOSTILE
    code = geocoding_main(["lookup", "Qwertyuiop Town", "--country", "IT", "--online", "--cache-dir",
                           str(gazetteer_dir), "--overrides", str(OVERRIDES_CSV)])
    err = capsys.readouterr().err
    assert code == 2 and _clean(err[:-1]) and err.count("\n") == 1 and "\\x1b[2J" in err


@pytest.mark.parametrize("as_json", [False, True])
def test_lookup_online_prints_a_hostile_place_name_escaped(as_json: bool, online: FakeNominatim, gazetteer,
                                                           gazetteer_dir: Path, capsys) -> None:
    online.extra["qwertyuiop town"] = {**PRATO, "name": "Evil\u202eytic\x9b", "display_name": "Evil\x1b[2J"}
    code = geocoding_main(["lookup", "Qwertyuiop Town", "--country", "IT", "--online", "--cache-dir",
                           str(gazetteer_dir), "--overrides", str(OVERRIDES_CSV),
                           *(["--json"] if as_json else [])])
    out = capsys.readouterr().out
    assert code == 0 and _clean(out.replace("\n", "")) and ("\\u202e" in out or "\\u202E" in out)
    if as_json:
        assert json.loads(out)["matched_name"] == "Evil\u202eytic\x9b"


def test_stationmap_geocode_online_prints_a_broken_answer_escaped(online: FakeNominatim, gazetteer,
                                                                  gazetteer_dir: Path, tmp_path: Path,
                                                                  capsys) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    shutil.copy(OVERRIDES_CSV, data / "geocoding_overrides.csv")
    stations = data / "stations.csv"
    stations.write_text(stations.read_text(encoding="utf-8").replace("it-rome,Rome,Rome", "it-rome,Rome,Qwertyuiop"),
                        encoding="utf-8")
    online.mode = HOSTILE
    code = stationmap_main(["geocode", "--data", str(data), "--online", "--cache-dir", str(gazetteer_dir)])
    err = capsys.readouterr().err
    assert code == 1 and _clean(err.replace("\n", ""))
    line = next(line for line in err.splitlines() if line.startswith("it-rome: could not geocode"))
    assert "\\x1b[2J" in line and "\\u202e" in line


def test_an_os_error_in_python_m_geocoding_is_one_line(monkeypatch, capsys) -> None:
    def full_disk(args):
        raise OSError(28, "No space left on device", "/cache/places.sqlite")

    monkeypatch.setattr("geocoding.cli._chain", full_disk)
    assert geocoding_main(["lookup", "Prato"]) == 1
    err = capsys.readouterr().err
    assert err == "error: No space left on device: /cache/places.sqlite\n"
