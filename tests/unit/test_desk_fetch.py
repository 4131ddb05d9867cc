"""`stationmap ingest --fetch URL`: public http(s) addresses only, pinned, few redirects, bounded size.

No test touches the network: refusals happen before any connection, and downloads go through a fake
connection that answers from a script.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stationmap.cli import main
from stationmap.desk import fetch as fetch_module
from stationmap.desk.errors import DeskError
from stationmap.desk.fetch import Fetched, fetch, public_address
from stationmap.desk.ingest import run_fetched

PAGE = (Path(__file__).resolve().parents[1] / "fixtures" / "desk" / "en-rome.html").read_bytes()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "10.1.2.3", "192.168.0.10", "172.16.5.5",
                                  "169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.1"])
def test_non_public_addresses_are_refused(host: str) -> None:
    with pytest.raises(DeskError, match="not a public address"):
        public_address(host, 80)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)",
                                 "http://user:secret@example.org/", "http:///nohost"])
def test_only_plain_http_and_https(url: str) -> None:
    with pytest.raises(DeskError):
        fetch(url, resolve=lambda host, port: "93.184.216.34")


class _Response:
    def __init__(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
        self.status, self.reason, self._headers, self._body = status, "OK" if status == 200 else "X", headers, body

    def getheader(self, name: str, default=None):
        return self._headers.get(name, default)

    def read(self, limit: int) -> bytes:
        return self._body[:limit]


def _server(script: dict[str, _Response], seen: list[tuple[str, str, str]]):
    class Connection:
        def __init__(self, host: str, address: str, port: int, timeout: float) -> None:
            self.host, self.address = host, address

        def request(self, method: str, path: str, headers: dict[str, str]) -> None:
            self.path = path
            seen.append((self.host, self.address, path))

        def getresponse(self) -> _Response:
            return script[f"{self.host}{self.path}"]

        def close(self) -> None:
            pass

    return Connection


def _resolve(host: str, port: int) -> str:
    if host == "intranet.example":
        raise DeskError(f"'{host}' resolves to 10.0.0.5, which is not a public address; refused")
    return "93.184.216.34"


def test_redirects_are_followed_and_each_address_checked() -> None:
    seen: list[tuple[str, str, str]] = []
    script = {"a.example/start": _Response(301, {"Location": "https://b.example/page?id=1"}),
              "b.example/page?id=1": _Response(200, {"Content-Type": "text/html"}, PAGE)}
    got = fetch("http://a.example/start", resolve=_resolve, connection_class=_server(script, seen))
    assert got == Fetched("https://b.example/page?id=1", PAGE, "text/html")
    assert seen == [("a.example", "93.184.216.34", "/start"), ("b.example", "93.184.216.34", "/page?id=1")]


def test_a_redirect_to_a_private_address_is_refused() -> None:
    script = {"a.example/": _Response(302, {"Location": "http://intranet.example/admin"})}
    with pytest.raises(DeskError, match="not a public address"):
        fetch("http://a.example/", resolve=_resolve, connection_class=_server(script, []))


def test_more_than_three_redirects_are_refused() -> None:
    script = {f"a.example/{n}": _Response(302, {"Location": f"/{n + 1}"}) for n in range(6)}
    with pytest.raises(DeskError, match="more than 3 redirects"):
        fetch("http://a.example/0", resolve=_resolve, connection_class=_server(script, []))


def test_size_cap(monkeypatch) -> None:
    monkeypatch.setattr(fetch_module, "MAX_BYTES", 100)
    declared = {"a.example/": _Response(200, {"Content-Length": "5000"}, b"x" * 5000)}
    with pytest.raises(DeskError, match="over the 100-byte limit"):
        fetch("http://a.example/", resolve=_resolve, connection_class=_server(declared, []))
    undeclared = {"a.example/": _Response(200, {}, b"x" * 5000)}
    with pytest.raises(DeskError, match="over the 100-byte limit"):
        fetch("http://a.example/", resolve=_resolve, connection_class=_server(undeclared, []))


def test_server_errors_are_one_message() -> None:
    with pytest.raises(DeskError, match="answered 404"):
        fetch("http://a.example/", resolve=_resolve, connection_class=_server({"a.example/": _Response(404, {})}, []))


def test_cli_refusal_is_one_line_and_writes_nothing(desk_data: Path, capsys) -> None:
    assert main(["ingest", "--fetch", "http://127.0.0.1:8501/", "--data", str(desk_data)]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "not a public address" in err
    assert not (desk_data / "desk").exists()
    assert main(["ingest", "--data", str(desk_data)]) == 1
    assert "either FILE or --fetch" in capsys.readouterr().err


def test_a_fetched_page_is_ingested_with_its_final_address(desk_data: Path, desk_cache: Path, capsys) -> None:
    def fake_fetch(address: str) -> Fetched:
        return Fetched("https://example.org/final", PAGE, "text/html; charset=utf-8")

    assert run_fetched("https://example.org/start", data_dir=desk_data, url=None, as_json=True,
                       cache_dir=desk_cache, fetcher=fake_fetch) == 0
    item = json.loads(capsys.readouterr().out)
    assert item["source"]["url"] == "https://example.org/final" and item["input"]["kind"] == "html"
    assert item["proposals"]
