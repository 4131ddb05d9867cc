"""Where a published site may be written, and how a new site replaces an old one.

``stationmap publish OUT`` must never destroy what it did not make: OUT is written only when it is absent,
empty, or holds a site published before, which :data:`MARKER` (written into every site, listing its files)
identifies. The data folder is never a target, nor anything inside or around it. The new site replaces the old
one by renames; the old one is removed only from a folder made here for it, never from a fixed name that
someone else's folder might have.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Collection
from pathlib import Path

from stationmap.outputs.cli_errors import USAGE, CommandError
from stationmap.records.models import Status

#: Written into every published site: it is how a later publish knows the folder holds a site of ours.
MARKER = ".stationmap-site.json"
MARKER_GENERATOR = "stationmap publish"


class PublishRefused(CommandError):
    """Nothing was written: the target folder or the view cannot be published as asked (one line: why, what to do)."""

    def __init__(self, message: str) -> None:
        super().__init__(f"not published: {message}", USAGE)


def check_target(out_dir: Path, data_dir: Path | None = None) -> None:
    """Refuse ``out_dir`` unless it is absent, empty, or a site published here before, with nothing added.

    A site of ours holds :data:`MARKER`, which lists every file the publish wrote; a file or folder it does not
    list (a note dropped into the site) makes the folder someone else's, so it is refused too. ``out_dir`` is
    never the data folder, inside it or around it. Raises :class:`PublishRefused`; ``OSError`` when the folder
    cannot be read.
    """
    out_dir = Path(out_dir).resolve()
    if data_dir is not None:
        data = Path(data_dir).resolve()
        if out_dir == data or data in out_dir.parents or out_dir in data.parents:
            where = ("is" if out_dir == data else "is inside" if data in out_dir.parents else "contains")
            raise PublishRefused(f"{out_dir} {where} the data folder {data}; publish to a folder outside it")
    if not os.path.lexists(out_dir):
        return
    if not out_dir.is_dir():
        raise PublishRefused(f"{out_dir} is a file, not a folder; give the name of a new or empty folder")
    if not any(out_dir.iterdir()):
        return
    published = _published_files(out_dir)
    if published is None:
        raise PublishRefused(f"{out_dir} is not empty and holds no site published by stationmap (no {MARKER}); "
                             "give a new or empty folder, or empty this one yourself")
    strays = _strays(out_dir, published)
    if strays:
        raise PublishRefused(f"{out_dir} holds {len(strays)} file(s) the last publish did not write "
                             f"({', '.join(strays[:3])}); move them out, or publish to another folder")


def _published_files(site: Path) -> frozenset[str] | None:
    """The files ``site``'s marker lists (relative, ``/``-separated), or ``None`` when it has no valid marker."""
    marker = site / MARKER
    try:
        if not stat.S_ISREG(marker.lstat().st_mode):  # never open a pipe or device: it could block
            return None
        content = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(content, dict) or content.get("generator") != MARKER_GENERATOR:
        return None
    files = content.get("files")
    if not isinstance(files, list):
        return None
    return frozenset(str(f) for f in files)


def _strays(site: Path, published: frozenset[str]) -> list[str]:
    """Entries under ``site`` that are neither a published file, a folder holding one, nor the marker."""
    allowed = set(published) | {MARKER}
    allowed.update(str(parent) for name in published for parent in Path(name).parents if str(parent) != ".")
    strays = []
    for folder, dirs, files in os.walk(site):
        for name in sorted(dirs + files):
            relative = (Path(folder) / name).relative_to(site).as_posix()
            if relative not in allowed:
                strays.append(relative)
        dirs[:] = [d for d in dirs if (Path(folder) / d).relative_to(site).as_posix() in allowed]
    return sorted(strays)


def write_marker(site: Path, *, version: dt.date | None, as_of: dt.date | None, statuses: Collection[Status],
                  countries: Collection[str], stations: int) -> int:
    """Write :data:`MARKER` (what was published, from which data version, and every file); return the site's
    size in bytes. The marker is public with the site, so it names no server path."""
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    content = {"generator": MARKER_GENERATOR, "format": 1,
               "data_as_of": version.isoformat() if version else None,
               "as_of": as_of.isoformat() if as_of else None,
               "statuses": sorted(str(s) for s in statuses), "countries": sorted(countries),
               "stations": stations, "files": files}
    (site / MARKER).write_text(json.dumps(content, indent=1) + "\n", encoding="utf-8")
    return sum((site / f).stat().st_size for f in [*files, MARKER])


def swap_into_place(staging: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` (absent, empty, or an old site that :func:`check_target` accepted) with ``staging``.

    The old site is renamed into a fresh empty folder made here (``mkdtemp``, so no one else's folder of that
    name is ever removed) and deleted only after the new site is in place; if that fails, it goes back.
    """
    if not os.path.lexists(out_dir) or not any(out_dir.iterdir()):
        os.replace(staging, out_dir)  # onto nothing, or onto an empty folder (atomic on POSIX)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old.", dir=out_dir.parent))
    os.replace(out_dir, retired)  # a folder may replace an empty folder
    try:
        os.replace(staging, out_dir)
    except BaseException:
        os.replace(retired, out_dir)
        raise
    shutil.rmtree(retired, ignore_errors=True)
