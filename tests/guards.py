"""Test helpers for two things a test must not trust: that a call returns at all, and that file modes apply.

``within(seconds)`` turns a hang into a failure (a blocked ``open`` of a named pipe is interrupted by the
alarm signal), so a test of "never hangs" fails on the old code instead of stopping the suite.

``run_as_ordinary_user`` runs a Python snippet in a child process as an ordinary user: CI runs the tests as
root, and root reads a file whatever its mode, so ``chmod 000`` proves nothing there. As root the child
drops to ``nobody`` (65534); as anyone else it runs as that user, for whom the modes already apply. The
files it touches must be reachable by that user, hence ``shared_tmp_dir`` (pytest's own ``tmp_path`` lives
in a folder only its owner may enter).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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


def run_as_ordinary_user(code: str, cwd: Path, env: dict[str, str] | None = None,
                         timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``python -c code`` in ``cwd`` as an ordinary user; stdout and stderr are captured as text."""
    drop = {"user": NOBODY, "group": NOBODY, "extra_groups": []} if os.geteuid() == 0 else {}
    child_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(cwd), "PYTHONPATH": str(ROOT),
                 "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8", **(env or {})}
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=child_env, capture_output=True, text=True,
                          timeout=timeout, check=False, **drop)
