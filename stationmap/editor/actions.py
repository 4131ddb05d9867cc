"""Accept and reject from the editor page by running ``stationmap review`` itself, in process.

The page builds the same argument list an editor would type, so the rules (validation of the would-be
dataset, atomic writes, the change log) are the command's, never a copy of them.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str  # the command's one line (stderr), or its last line of output


def run_review(arguments: list[str], data_dir: Path) -> Outcome:
    """``stationmap review ARGUMENTS --data DATA_DIR``: its exit status and its message."""
    from stationmap.cli import main  # the command line: the one implementation of accept and reject

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["review", *arguments, "--data", str(data_dir)])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    said = [line.strip() for line in err.getvalue().splitlines() if line.strip()]
    lines = [line for line in said if not line.startswith("note:")] or said or out.getvalue().split()[-1:] or [""]
    return Outcome(code == 0, lines[-1])


def accept_arguments(proposal_id: str, *, station: str, kind: str, claimant: str, party: str, headline: str,
                     editor: str, extra: dict[str, str] | None = None) -> list[str]:
    """The argument list of ``review accept`` (empty optional fields left out: the command's defaults)."""
    arguments = ["accept", proposal_id, "--station", station, "--type", kind, "--claimant", claimant,
                 "--party", party, "--headline", headline, "--editor", editor]
    for option, value in (extra or {}).items():
        if value and value.strip():
            arguments += [f"--{option}", value.strip()]
    return arguments


def reject_arguments(proposal_id: str, *, reason: str, editor: str) -> list[str]:
    return ["reject", proposal_id, "--reason", reason, "--editor", editor]
