"""``stationmap correction add|resolve``: the corrections readers send in, and what became of each.

``add`` appends an open correction to ``data/corrections.csv`` (what it concerns, what is wrong in our own
words, an optional http(s) link; never the reporter's name or address). ``resolve`` closes it as accepted
(naming the ``changes.csv`` ids of the edits made for it), rejected or a duplicate, with the reasons. Both
are validated on the would-be dataset and written atomically, and each is logged in ``changes.csv``
(action ``correction``), so the audit trail shows the correction next to the edits it caused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from stationmap.desk.edit import required_text, rewrite_cells, write_validated
from stationmap.desk.errors import DeskError
from stationmap.desk.tables import appended, as_json_cell, one_line
from stationmap.records import schema
from stationmap.records.models import PartialDate
from stationmap.records.problems import printable

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _date(text: str | None, option: str) -> str:
    if not text:
        return dt.datetime.now(dt.UTC).date().isoformat()
    try:
        return str(PartialDate.parse(text.strip()))
    except ValueError as exc:
        raise DeskError(f"{option}: {exc}") from None


def _existing_ids(data_dir: Path) -> set[str]:
    from stationmap.desk.edit import read_rows

    path = data_dir / schema.CORRECTIONS.name
    if not path.exists():
        return set()
    rows, _ = read_rows(path)
    return {row[0].strip() for row in rows[1:] if row}


def run_add(args: argparse.Namespace, data_dir: Path) -> int:
    concerns = required_text(args.concerns, "--concerns")
    what = required_text(args.what_is_wrong, "--what-is-wrong")
    editor = required_text(args.editor, "--editor")
    received = _date(args.received, "--received")
    link = one_line(args.link or "")
    taken = _existing_ids(data_dir)
    correction_id = (args.id or "").strip()
    if correction_id:
        if not _SLUG.match(correction_id):
            raise DeskError(f"--id '{printable(correction_id[:60])}' is not a slug (a-z, 0-9 and single hyphens)")
        if correction_id in taken:
            raise DeskError(f"correction '{correction_id}' already exists")
    else:
        base = f"{received[:7]}-" + (re.sub(r"[^a-z0-9]+", "-", concerns.lower()).strip("-")[:40].strip("-") or "c")
        correction_id, n = base, 2
        while correction_id in taken:
            correction_id, n = f"{base}-{n}", n + 1
    row = {"correction_id": correction_id, "received": received, "concerns": concerns, "what_is_wrong": what,
           "supporting_link": link, "status": "open", "resolved": "", "resolution": "", "change_ids": ""}
    path = data_dir / schema.CORRECTIONS.name
    files = {schema.CORRECTIONS.name: appended(path, schema.CORRECTIONS, [row])}
    changes = write_validated(data_dir, files, [dict(
        editor=editor, action="correction", table=schema.CORRECTIONS.name, row_id=correction_id,
        new=as_json_cell(row), reason="correction received")])
    print(correction_id)
    print(f"recorded open correction {correction_id} ({changes[0]['change_id']})", file=sys.stderr)
    return 0


def run_resolve(args: argparse.Namespace, data_dir: Path) -> int:
    if args.status not in {"accepted", "rejected", "duplicate"}:
        raise DeskError("--status must be accepted, rejected or duplicate")
    resolution = required_text(args.resolution, "--resolution")
    editor = required_text(args.editor, "--editor")
    change_ids = " ".join(one_line(" ".join(args.change_ids or [])).split())
    if args.status == "accepted" and not change_ids:
        raise DeskError("an accepted correction names the changes made for it: give --change-ids c-N ...")
    path = data_dir / schema.CORRECTIONS.name
    if not path.exists():
        raise DeskError("there is no corrections.csv yet: record one with 'correction add'")
    from stationmap.desk.edit import read_rows

    rows, _ = read_rows(path)
    current = next((row for row in rows[1:] if row and row[0].strip() == args.correction_id), None)
    if current is None:
        raise DeskError(f"corrections.csv has no correction '{printable(args.correction_id[:80])}'")
    header = [cell.strip() for cell in rows[0]]
    if current[header.index("status")].strip() != "open":
        raise DeskError(f"correction {args.correction_id} is already {current[header.index('status')]}")
    values = {"status": args.status, "resolved": _date(args.resolved, "--resolved"), "resolution": resolution}
    if change_ids:
        values["change_ids"] = change_ids
    payload, changed = rewrite_cells(path, schema.CORRECTIONS, args.correction_id, values)
    entries = [dict(editor=editor, action="correction", table=schema.CORRECTIONS.name, row_id=args.correction_id,
                    field=field, old=old, new=new, reason=f"correction {args.status}")
               for field, old, new in changed]
    changes = write_validated(data_dir, {schema.CORRECTIONS.name: payload}, entries)
    ids = " ".join(c["change_id"] for c in changes)
    print(ids)
    print(f"correction {args.correction_id} {args.status} ({ids})", file=sys.stderr)
    return 0


def run(args: argparse.Namespace) -> int:
    return {"add": run_add, "resolve": run_resolve}[args.action](args, args.data)
