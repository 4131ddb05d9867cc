"""Test helpers for two things a test must not trust: that a call returns at all, and that file modes apply.

``within(seconds)`` turns a hang into a failure (a blocked ``open`` of a named pipe is interrupted by the
alarm signal), so a test of "never hangs" fails on the old code instead of stopping the suite.

``call_as_ordinary_user`` calls a function in a child process running as an ordinary user: CI runs the
tests as root, and root reads a file whatever its mode, so ``chmod 000`` proves nothing there. As root the
child drops to ``nobody`` (65534); as anyone else it stays that user, for whom the modes already apply.
The files it touches must be reachable by that user, hence ``shared_tmp_dir`` (pytest's own ``tmp_path``
lives in a folder only its owner may enter).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

NOBODY = 65534


class Hung(BaseException):  # not an Exception: the code under test catches those and must not swallow it
    """Raised into the code under test when it outlives its time limit."""


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Fail with ``Hung`` if the block takes longer than ``seconds`` (main thread only: it uses SIGALRM)."""

    def interrupt(signum, frame):
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def shared_tmp_dir() -> Iterator[Path]:
    """A fresh folder under /tmp that an ordinary user may enter (removed afterwards, modes restored)."""
    folder = Path(tempfile.mkdtemp(prefix="stationmap-test-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in (folder, *folder.rglob("*")):
            if not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(folder)


def call_as_ordinary_user(function: Callable[..., object], *args: object, timeout_s: int = 120) -> object:
    """``function(*args)`` called in a forked child that runs as an ordinary user; its JSON-able result.

    A fork rather than a new Python: the interpreter may live where an ordinary user cannot run it (under
    /root). So everything the call needs must already be imported here. A child that raises fails the test
    with its traceback; one that outlives ``timeout_s`` is ended by its own alarm.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop privileges, call, report, exit without running the parent's clean-up
        try:
            os.close(read_end)
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
            signal.alarm(timeout_s)
            try:
                if os.geteuid() == 0:
                    os.setgroups([])
                    os.setgid(NOBODY)
                    os.setuid(NOBODY)
                outcome = {"result": function(*args)}
            except BaseException:  # noqa: BLE001 - everything goes back to the parent
                outcome = {"error": traceback.format_exc()}
            with os.fdopen(write_end, "w", encoding="utf-8") as out:
                json.dump(outcome, out)
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, encoding="utf-8") as answer:
        text = answer.read()
    _, status = os.waitpid(pid, 0)
    if not text:
        raise AssertionError(f"the child ended without an answer (wait status {status})")
    outcome = json.loads(text)
    if "error" in outcome:
        raise AssertionError("the call failed as an ordinary user:\n" + outcome["error"])
    return outcome["result"]
