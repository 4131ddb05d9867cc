"""The desk's working folder: queue items (one JSON file per ingested source) and the text archive.

Both live in ``<data>/desk/`` (git-ignored), next to the data they will change: ``--data DIR`` selects the
dataset and its desk together (a test or a synthetic dataset gets its own), and unlike the cache folder it
is not disposable, because the archive holds the only full copy of the texts behind published excerpts.
Nothing in it is published: the loader reads only the CSV files, ``sources/`` and, to check excerpts, the
archive.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from stationmap.desk.errors import DeskError
from stationmap.desk.json_text import dumps_indented
from stationmap.outputs.cli_io import write_atomically
from stationmap.records import schema
from stationmap.records.problems import printable

_QUEUE_ID = re.compile(r"^q-[0-9a-f]{12}$")
_PROPOSAL_ID = re.compile(r"^(q-[0-9a-f]{12})-p(\d+)$")


@dataclass(frozen=True)
class DeskPaths:
    data_dir: Path

    @property
    def queue(self) -> Path:
        return self.data_dir / "desk" / "queue"

    @property
    def archive(self) -> Path:
        return self.data_dir / schema.ARCHIVE_DIR

    def item(self, queue_id: str) -> Path:
        if not _QUEUE_ID.match(queue_id):
            raise DeskError(f"'{printable(queue_id[:80])}' is not a queue id (q- and 12 hex digits)")
        return self.queue / f"{queue_id}.json"

    def archived_text(self, sha256: str) -> Path:
        return self.archive / f"{sha256}.txt"


def to_json(item: dict[str, object]) -> str:
    """The item as JSON, readable (non-ASCII kept) but with bidi and control characters escaped."""
    text = dumps_indented(item)  # json.dumps(item, ensure_ascii=False, indent=2), faster
    return re.sub("[\u202a-\u202e\u2066-\u2069\u2028\u2029\u200e\u200f]",
                  lambda m: f"\\u{ord(m.group(0)):04x}", text) + "\n"


def save_item(paths: DeskPaths, item: dict[str, object]) -> Path:
    path = paths.item(str(item["queue_id"]))
    write_atomically(path, to_json(item))
    return path


def load_item(paths: DeskPaths, queue_id: str) -> dict[str, object]:
    path = paths.item(queue_id)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DeskError(f"no queue item '{queue_id}' in {paths.queue}") from None
    except (OSError, ValueError) as exc:
        raise DeskError(f"{path}: cannot be read as a queue item ({exc})") from None


def all_items(paths: DeskPaths) -> list[dict[str, object]]:
    if not paths.queue.is_dir():
        return []
    return [load_item(paths, p.stem) for p in sorted(paths.queue.glob("q-*.json")) if _QUEUE_ID.match(p.stem)]


def find_proposal(paths: DeskPaths, proposal_id: str) -> tuple[dict[str, object], dict[str, object]]:
    """The queue item and the proposal named ``proposal_id`` (``q-…-pN``); DeskError if there is none."""
    match = _PROPOSAL_ID.match(proposal_id)
    if not match:
        raise DeskError(f"'{printable(proposal_id[:80])}' is not a proposal id (like q-0123456789ab-p1)")
    item = load_item(paths, match.group(1))
    for proposal in item["proposals"]:  # type: ignore[union-attr]
        if proposal["proposal_id"] == proposal_id:
            return item, proposal
    raise DeskError(f"queue item {match.group(1)} has no proposal {proposal_id}")


def read_archived_text(paths: DeskPaths, sha256: str) -> str:
    try:
        return paths.archived_text(sha256).read_text(encoding="utf-8")
    except OSError:
        raise DeskError(f"the archived text {sha256[:12]}… is missing from {paths.archive}") from None
