"""The editor page's decisions, made by running the desk's commands themselves, in process.

The page builds the same argument list an editor would type (``stationmap review accept|reject|edit|keep|
rename``, ``stationmap correction add|resolve``), so the rules (validation of the would-be dataset, atomic
writes, the change log) are the commands', never a copy of them. Pure apart from ``run_desk``.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

_CHANGE_ID = re.compile(r"\bc-\d+\b")


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str  # the command's one line (stderr), or its last line of output
    change_ids: tuple[str, ...] = field(default=())  # the changes.csv ids the command wrote (none on failure)


def run_desk(command: str, arguments: list[str], data_dir: Path) -> Outcome:
    """``stationmap COMMAND ARGUMENTS --data DATA_DIR``: its exit status, its message and the change ids its
    message names (every desk command that writes names them: "edited ... (c-5 c-6)")."""
    from stationmap.cli import main  # the command line: the one implementation of every decision

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([command, *arguments, "--data", str(data_dir)])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    said = [line.strip() for line in err.getvalue().splitlines() if line.strip()]
    lines = [line for line in said if not line.startswith("note:")] or said or out.getvalue().split()[-1:] or [""]
    message = lines[-1]
    ids = tuple(dict.fromkeys(_CHANGE_ID.findall(message))) if code == 0 else ()
    return Outcome(code == 0, message, ids)


def run_review(arguments: list[str], data_dir: Path) -> Outcome:
    """``stationmap review ARGUMENTS --data DATA_DIR``."""
    return run_desk("review", arguments, data_dir)


def _optional(options: Mapping[str, str | None]) -> list[str]:
    """``--option value`` for every non-empty value (empty ones: the command's default)."""
    arguments: list[str] = []
    for option, value in options.items():
        if value and value.strip():
            arguments.append(f"--{option}={value.strip()}")
    return arguments


def accept_arguments(proposal_id: str, *, station: str, kind: str, claimant: str, party: str, headline: str,
                     editor: str, extra: dict[str, str] | None = None) -> list[str]:
    """The argument list of ``review accept`` (empty optional fields left out: the command's defaults).

    Every option is written ``--option=value``, so a value the editor typed that begins with a hyphen is still
    a value, never another option."""
    return ["accept", proposal_id, f"--station={station}", f"--type={kind}", f"--claimant={claimant}",
            f"--party={party}", f"--headline={headline}", f"--editor={editor}", *_optional(extra or {})]


def reject_arguments(proposal_id: str, *, reason: str, editor: str) -> list[str]:
    return ["reject", proposal_id, f"--reason={reason}", f"--editor={editor}"]


def changed_cells(current: Mapping[str, str], typed: Mapping[str, str]) -> dict[str, str]:
    """The cells whose typed text differs from the stored one, as {column: new value}.

    Whitespace runs do not count as a change (the desk stores every value on one line, and a browser may
    turn a stored line break into another): an untouched field is never sent, so an edit names only what the
    editor changed. A cell emptied on purpose is a change to ``""``.
    """
    def text(value: str) -> str:
        return " ".join(value.split())

    return {column: value for column, value in typed.items() if text(value) != text(current.get(column, ""))}


def edit_arguments(table: str, row_id: str, values: Mapping[str, str], *, reason: str, editor: str) -> list[str]:
    """``review edit TABLE ROW_ID --field F --value V ...`` (one pair per changed cell)."""
    pairs: list[str] = []
    for column, value in values.items():
        pairs += [f"--field={column}", f"--value={value}"]
    return ["edit", table, row_id, *pairs, f"--reason={reason}", f"--editor={editor}"]


def keep_arguments(table: str, row_id: str, *, reason: str, editor: str) -> list[str]:
    return ["keep", table, row_id, f"--reason={reason}", f"--editor={editor}"]


def rename_arguments(old_id: str, new_id: str, *, reason: str, editor: str) -> list[str]:
    return ["rename", "source", old_id, new_id, f"--reason={reason}", f"--editor={editor}"]


def correction_add_arguments(*, concerns: str, what_is_wrong: str, link: str = "", received: str = "",
                             editor: str = "") -> list[str]:
    """``correction add`` (an empty editor: the command's default, "corrections intake")."""
    return ["add", f"--concerns={concerns}", f"--what-is-wrong={what_is_wrong}",
            *_optional({"link": link, "received": received, "editor": editor})]


def correction_resolve_arguments(correction_id: str, *, status: str, resolution: str, change_ids: str,
                                 editor: str, resolved: str = "") -> list[str]:
    """``correction resolve ID --status S --resolution R [--change-ids c-1 c-2] --editor E``."""
    ids = change_ids.replace(",", " ").split()
    return ["resolve", correction_id, f"--status={status}", f"--resolution={resolution}",
            *_optional({"resolved": resolved}), f"--editor={editor}", *(["--change-ids", *ids] if ids else [])]
