"""One way to start the app for a browser test or a benchmark: ``streamlit run serve.py`` on a free local
port, output to a log file (a full pipe would block the server), healthy or stopped before it returns."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mb(pid: int) -> float | None:
    """A process's resident memory in MB (psutil when installed, else /proc); None when it is gone."""
    try:
        import psutil  # optional

        return psutil.Process(pid).memory_info().rss / (1024 * 1024)
    except ImportError:
        pass
    except Exception:  # a vanished process reads as unknown
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class AppServer:
    """The app serving ``data_dir``. ``tiles=None`` leaves STATIONMAP_TILES unset (the app's true default);
    ``root`` is the folder holding serve.py (a copied installation in the read-only test); ``script`` another
    entry point in it (``editor.py``, the editor's page)."""

    def __init__(self, data_dir: Path, log: Path, *, tiles: str | None = "none", root: Path = ROOT,
                 extra_env: dict[str, str] | None = None, timeout: float = 60, script: str = "serve.py") -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        env = {key: value for key, value in os.environ.items() if key != "STATIONMAP_TILES"}
        env["STATIONMAP_DATA_DIR"] = str(data_dir)
        env.update(extra_env or {})
        if tiles is not None:
            env["STATIONMAP_TILES"] = tiles
        log.parent.mkdir(parents=True, exist_ok=True)
        self._log = log.open("wb")
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(root / script), "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=root, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        try:
            self._wait_healthy(timeout)
        except BaseException:
            self.stop()
            raise
        self.healthy_after = time.perf_counter() - started

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise TimeoutError(f"streamlit not healthy after {timeout:.0f} s")

    def log_tail(self, chars: int = 1500) -> str:
        with contextlib.suppress(OSError):
            return self.log_path.read_text(errors="replace")[-chars:]
        return ""

    def rss(self) -> float | None:
        return rss_mb(self.process.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log.close()
