"""The app's connections get TCP_NODELAY although Streamlit's listening socket is made with proto 0."""

from __future__ import annotations

import ast
import asyncio
import asyncio.base_events as base_events
import socket
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from stationmap.ui import tcp_nodelay

ROOT = Path(__file__).resolve().parents[2]


def server_side_nodelay() -> int:
    """TCP_NODELAY of the server's end of one connection accepted on a listener bound the way Streamlit binds
    its own (``socket.socket(family=...)``: proto 0)."""

    async def run() -> int:
        listener = socket.socket(socket.AF_INET)
        assert listener.proto == 0
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        seen: asyncio.Future = asyncio.get_running_loop().create_future()

        def accepted(_reader, writer) -> None:
            seen.set_result(writer.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(accepted, sock=listener)
        _, client = await asyncio.open_connection(*listener.getsockname()[:2])
        try:
            return await asyncio.wait_for(seen, 30)
        finally:
            client.close()
            server.close()
            await server.wait_closed()

    with ThreadPoolExecutor(1) as thread:  # a loop of its own: another test's may be running in this thread
        return thread.submit(asyncio.run, run()).result(timeout=60)


@pytest.fixture
def asyncio_as_shipped(monkeypatch):
    """asyncio's own rule, restored after the test (enable() changes it for the whole process)."""
    original = base_events._set_nodelay
    monkeypatch.setattr(base_events, "_set_nodelay", original)
    return original


def test_asyncio_alone_leaves_nagle_on_for_a_proto_0_listener(asyncio_as_shipped):
    """Why the module exists: without it such connections keep Nagle's algorithm (40 ms per kept-alive request)."""
    if getattr(asyncio_as_shipped, tcp_nodelay._MARK, False):
        pytest.skip("enable() already ran in this process")
    assert server_side_nodelay() == 0


def test_enable_turns_nagle_off_for_those_connections(asyncio_as_shipped):
    assert tcp_nodelay.enable() is True
    assert server_side_nodelay() == 1


def test_enable_twice_wraps_once(asyncio_as_shipped):
    tcp_nodelay.enable()
    wrapped = base_events._set_nodelay
    tcp_nodelay.enable()
    assert base_events._set_nodelay is wrapped


def test_other_sockets_are_left_alone(asyncio_as_shipped):
    tcp_nodelay.enable()
    left, right = socket.socketpair()  # AF_UNIX: no TCP options at all
    with left, right:
        base_events._set_nodelay(left)  # raises if it tried to set TCP_NODELAY on a Unix socket
    assert not tcp_nodelay.is_plain_tcp(left)


def test_serve_enables_it_before_the_server_starts():
    """serve.py calls it at import, at module level, before building ``st.App`` (the server accepts nothing
    before that module has been imported)."""
    tree = ast.parse((ROOT / "serve.py").read_text(encoding="utf-8"))

    def called(node) -> str:
        is_call = isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
        return getattr(node.value.func, "id", "") if is_call else ""

    call_line = next(node.lineno for node in tree.body if called(node) == "nodelay_for_every_connection")
    app_line = next(node.lineno for node in tree.body if isinstance(node, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == "app" for t in node.targets))
    assert call_line < app_line
