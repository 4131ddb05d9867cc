"""PDF text in a child process with CPU-time, memory and wall-clock limits.

A crafted PDF can make a parser loop or allocate without end; running pypdf in its own process, with
``RLIMIT_CPU`` and ``RLIMIT_AS`` set before it starts and a timeout on the wait, keeps the editor's
command in control. Run as ``python -m stationmap.desk.pdf_text FILE``: prints JSON (text, title, date).
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from stationmap.desk.errors import DeskError

CPU_SECONDS = 20
MEMORY_BYTES = 1024 * 1024 * 1024
WALL_SECONDS = 30.0
MAX_PAGES = 500


@dataclass(frozen=True)
class PdfText:
    text: str
    title: str | None
    date: str | None  # the document's creation date as YYYY-MM-DD, when its metadata gives one


def _limit() -> None:  # pragma: no cover - runs in the child before exec
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def read_pdf(path: Path) -> PdfText:
    """The PDF's text, read by pypdf in a limited child process; DeskError if it cannot be read in time."""
    try:
        done = subprocess.run([sys.executable, "-m", "stationmap.desk.pdf_text", str(path)], capture_output=True,
                              timeout=WALL_SECONDS, preexec_fn=_limit, check=False)
    except subprocess.TimeoutExpired:
        raise DeskError(f"the PDF took longer than {WALL_SECONDS:.0f} s to read; save its text and ingest "
                        "that") from None
    if done.returncode != 0:
        last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["killed by its limits"])[-1]
        raise DeskError(f"the PDF could not be read ({last[:200]})")
    payload = json.loads(done.stdout.decode("utf-8"))
    return PdfText(payload["text"], payload.get("title"), payload.get("date"))


def _extract(path: str) -> dict[str, object]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    pages = reader.pages[:MAX_PAGES]
    text = "\n\n".join((page.extract_text() or "").strip() for page in pages)
    meta = reader.metadata
    title = str(meta.title).strip() if meta is not None and meta.title else None
    created = meta.creation_date if meta is not None else None
    return {"text": text, "title": title or None, "date": created.date().isoformat() if created else None}


def main(argv: list[str]) -> int:  # pragma: no cover - exercised through read_pdf
    try:
        payload = _extract(argv[0])
    except Exception as exc:  # noqa: BLE001 - any parser failure is one line for the parent
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(json.dumps(payload))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
