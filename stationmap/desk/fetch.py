"""``stationmap ingest --fetch URL``: download one page for ingesting, on a machine that is online.

Only http(s); every address the name resolves to must be public (no loopback, private, link-local,
multicast, reserved or unspecified address: a page must not make the desk read the editor's own network),
and the connection goes to the address that was checked, so a second lookup cannot swap it; at most 3
redirects, each checked the same way; 10 s for the whole download; at most MAX_BYTES read. Nothing is
fetched at run time by the app: this is an editor's command.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from stationmap.desk.errors import DeskError

TIMEOUT_SECONDS = 10.0
MAX_REDIRECTS = 3
MAX_BYTES = 10_000_000
USER_AGENT = "stationmap-desk/1 (editor's fetch of one page)"


@dataclass(frozen=True)
class Fetched:
    url: str  # the final address, after redirects
    body: bytes
    content_type: str


def public_address(host: str, port: int) -> str:
    """One resolved address of ``host``, after checking that every address it resolves to is public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise DeskError(f"cannot resolve '{host}' ({exc})") from None
    addresses = [info[4][0] for info in infos]
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global or ip.is_multicast:
            raise DeskError(f"'{host}' resolves to {address}, which is not a public address; refused")
    if not addresses:
        raise DeskError(f"cannot resolve '{host}'")
    return addresses[0]


def _check_url(url: str) -> tuple[str, str, int, str]:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise DeskError(f"--fetch takes an http(s) address, not '{url[:80]}'")
    if parts.username or parts.password:
        raise DeskError("--fetch: addresses with a user name or password are refused")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, path


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to an address checked beforehand, with the certificate checked against the host name."""

    def __init__(self, host: str, address: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, address: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


def fetch(url: str, *, resolve=public_address, connection_class=None) -> Fetched:
    """The page at ``url`` (see the module docstring); DeskError for anything refused or failed."""
    deadline = time.monotonic() + TIMEOUT_SECONDS
    for _ in range(MAX_REDIRECTS + 1):
        scheme, host, port, path = _check_url(url)
        address = resolve(host, port)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise DeskError(f"--fetch: no answer within {TIMEOUT_SECONDS:.0f} s")
        cls = connection_class or (_PinnedHTTPS if scheme == "https" else _PinnedHTTP)
        connection = cls(host, address, port, remaining)
        try:
            connection.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*"})
            response = connection.getresponse()
            if response.status in {301, 302, 303, 307, 308}:
                location = response.getheader("Location")
                if not location:
                    raise DeskError(f"--fetch: redirect {response.status} without a Location")
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise DeskError(f"--fetch: the server answered {response.status} {response.reason}")
            length = response.getheader("Content-Length")
            if length and length.isdigit() and int(length) > MAX_BYTES:
                raise DeskError(f"--fetch: the page is {int(length):,} bytes, over the {MAX_BYTES:,}-byte limit")
            body = response.read(MAX_BYTES + 1)
            if len(body) > MAX_BYTES:
                raise DeskError(f"--fetch: the page is over the {MAX_BYTES:,}-byte limit")
            if time.monotonic() > deadline:
                raise DeskError(f"--fetch: no complete answer within {TIMEOUT_SECONDS:.0f} s")
            return Fetched(url, body, response.getheader("Content-Type") or "")
        except (OSError, http.client.HTTPException) as exc:
            raise DeskError(f"--fetch: {type(exc).__name__}: {exc}") from None
        finally:
            connection.close()
    raise DeskError(f"--fetch: more than {MAX_REDIRECTS} redirects")
