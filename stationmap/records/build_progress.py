"""How far the build of a data version has come, so the page can show stages and a bar instead of a spinner.

The build reports ``Progress`` values (a stage, the file, rows done of rows in all) through a callback; a
build in a child process writes each one to a small JSON file the server polls (``write``/``read``); the
server runs the build once per data version in a background thread (``Jobs``) and any page polls its
latest ``Progress``. Pure data and threads only: the words shown are the interface's (``stationmap.ui``).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from stationmap.outputs.cli_io import write_atomically

#: The stages in the order a first-ever build passes them (``open``: reading a saved version back).
STAGES = ("open", "read", "check", "table", "map")
#: Where each stage starts and ends on the bar (0..1); rows done move the bar within the stage.
_BANDS = {"open": (0.0, 0.9), "read": (0.0, 0.45), "check": (0.45, 0.85), "table": (0.85, 0.92),
          "map": (0.92, 1.0)}
ROWS_EVERY = 5_000  # a row-by-row stage reports after this many rows


@dataclass(frozen=True)
class Progress:
    stage: str  # one of STAGES
    file: str = ""  # the data file being read, if any
    done: int = 0  # rows done ...
    total: int = 0  # ... of this many (0: not counted)

    def fraction(self) -> float:
        """How much of the whole build is done, for the bar."""
        start, end = _BANDS.get(self.stage, (0.0, 1.0))
        part = min(self.done / self.total, 1.0) if self.total > 0 else 0.0
        return start + (end - start) * part


Report = Callable[[Progress], None]


def ignore(_progress: Progress) -> None:
    """The report of a build nobody watches."""


def write(path: Path, progress: Progress) -> None:
    """Write ``progress`` where a parent process polls it (atomically: a reader never sees half a file)."""
    write_atomically(path, json.dumps(asdict(progress)).encode("utf-8"))


def read(path: Path) -> Progress | None:
    """The progress last written at ``path``; None when there is none yet or it is not ours."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        progress = Progress(str(data["stage"]), str(data["file"]), int(data["done"]), int(data["total"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return progress if progress.stage in STAGES else None


class Job:
    """One build running in a background thread: its latest progress, a note when something went wrong on
    the way (the build went on another way), then its result or error."""

    def __init__(self, work: Callable[[Job], Any], name: str) -> None:
        self.progress = Progress("open")
        self.fraction = 0.0  # of the bar: never moves back (a small file after a large one starts its band)
        self.note: str | None = None
        self._done = threading.Event()
        self._result: Any = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(work,), name=name, daemon=True)

    def report(self, progress: Progress) -> None:
        self.progress = progress
        self.fraction = max(self.fraction, progress.fraction())

    def _run(self, work: Callable[[Job], Any]) -> None:
        try:
            self._result = work(self)
        except BaseException as exc:  # noqa: BLE001 - handed to whoever waits for the result
            self._error = exc
        finally:
            self._done.set()

    def wait(self, timeout: float | None = None) -> bool:
        """True once the build has ended (well or not)."""
        return self._done.wait(timeout)

    def result(self) -> Any:
        """The build's result; raises its error."""
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._result

    @property
    def failed(self) -> bool:
        return self._done.is_set() and self._error is not None


class Jobs:
    """At most one build per key at a time, shared by every session; the few newest remembered."""

    def __init__(self, keep: int = 2) -> None:
        self._jobs: OrderedDict[Hashable, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._keep = keep

    def start(self, key: Hashable, work: Callable[[Job], Any], name: str = "stationmap-build") -> Job:
        """The job building ``key``: the running or finished one, or a new one started now (a failed job is
        started again, so the next page view retries)."""
        with self._lock:
            job = self._jobs.get(key)
            if job is not None and not job.failed:
                self._jobs.move_to_end(key)
                return job
            job = self._jobs[key] = Job(work, name)
            while len(self._jobs) > self._keep:
                self._jobs.popitem(last=False)
        job._thread.start()
        return job
