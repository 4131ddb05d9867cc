"""Shared fixtures: one real gazetteer index per session (in a tmp dir) and a fake Nominatim server."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from geocoding.gazetteer import Gazetteer
from geocoding.nominatim import NominatimGeocoder
from geocoding.settings import GeocodingSettings

REPO = Path(__file__).resolve().parents[2]
OVERRIDES_CSV = REPO / "data" / "geocoding_overrides.csv"
USER_AGENT = "stationmap-tests/0.1 (test@example.invalid)"

PRATO = {
    "place_id": 1, "osm_type": "relation", "osm_id": 42527, "lat": "43.8808", "lon": "11.0966",
    "class": "boundary", "type": "administrative", "addresstype": "city", "name": "Prato",
    "display_name": "Prato, Toscana, Italia", "boundingbox": ["43.83", "43.93", "11.03", "11.16"],
    "address": {"city": "Prato", "state": "Toscana", "country": "Italia", "country_code": "it"},
}


@pytest.fixture(scope="session")
def gazetteer_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gazetteer-cache")


@pytest.fixture(scope="session")
def gazetteer(gazetteer_dir: Path) -> Iterator[Gazetteer]:
    """The real index, built once for the whole session (takes ~15 s the first time)."""
    gaz = Gazetteer.open(gazetteer_dir)
    yield gaz
    gaz.close()


@dataclass
class FakeNominatim:
    """What the fake server should do next, and every request it received."""

    port: int = 0
    mode: str = "auto"  # auto | 429 | 500 | slow | badjson | badshape | any other: sent as the 200 body
    requests: list[dict[str, Any]] = field(default_factory=list)
    #: Extra places the server knows in "auto" mode: lower-cased city name -> Nominatim record.
    extra: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self.port}"


def _handler(state: FakeNominatim) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

        def _send(self, status: int, body: str) -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            url = urlparse(self.path)
            params = {k: v[0] for k, v in parse_qs(url.query).items()}
            agent = self.headers["User-Agent"]
            state.requests.append({"path": url.path, "params": params, "user_agent": agent})
            if state.mode == "429":
                return self._send(429, '{"error": "Too many requests"}')
            if state.mode == "500":
                return self._send(500, "Internal Server Error")
            if state.mode == "slow":
                time.sleep(1.5)
                return self._send(200, "[]")
            if state.mode == "badjson":
                return self._send(200, "[{not json")
            if state.mode == "badshape":
                return self._send(200, "[1, 2]")
            if state.mode != "auto":
                return self._send(200, state.mode)  # e.g. "{}", "null": a 200 that is not a place list
            city = params.get("city", "").casefold()
            if city in state.extra:
                return self._send(200, json.dumps([state.extra[city]]))
            found = city == "prato" or params.get("country") == "Italy"
            return self._send(200, json.dumps([PRATO] if found else []))

    return Handler


@pytest.fixture
def fake_nominatim(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeNominatim]:
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    state = FakeNominatim()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


class FakeClock:
    """A clock that only moves when the rate limiter sleeps, so no test waits a real second."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def nominatim(fake_nominatim: FakeNominatim, fake_clock: FakeClock) -> NominatimGeocoder:
    settings = GeocodingSettings(nominatim_user_agent=USER_AGENT, nominatim_domain=fake_nominatim.domain,
                                 nominatim_scheme="http", nominatim_timeout=0.5)
    return NominatimGeocoder(settings, sleep=fake_clock.sleep, clock=fake_clock)
