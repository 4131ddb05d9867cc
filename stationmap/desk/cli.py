"""The desk's commands (``ingest``, ``review ...``, ``correction ...``) behind stationmap.cli.

Every failure is one line on stderr.
"""

from __future__ import annotations

import argparse
import logging
import sys

from stationmap.desk.errors import DeskError
from stationmap.records.problems import printable


def run(args: argparse.Namespace) -> int:
    for library in ("trafilatura", "htmldate", "courlan", "justext", "pypdf", "dateparser"):
        logging.getLogger(library).setLevel(logging.CRITICAL)  # their notes would break "one line on stderr"
    try:
        if args.command == "ingest":
            from stationmap.desk.ingest import run_fetched, run_ingest

            if (args.file is None) == (args.fetch is None):
                raise DeskError("give either FILE or --fetch URL")
            if args.fetch is not None:
                return run_fetched(args.fetch, data_dir=args.data, url=args.url, as_json=args.json,
                                   cache_dir=args.cache_dir)
            return run_ingest(args.file, data_dir=args.data, url=args.url, as_json=args.json,
                              cache_dir=args.cache_dir)
        if args.command == "correction":
            from stationmap.desk import corrections

            return corrections.run(args)
        from stationmap.desk import review

        return review.run(args)
    except DeskError as exc:
        print(f"python -m stationmap {args.command}: error: {printable(str(exc))}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"python -m stationmap {args.command}: error: {printable(str(exc))}", file=sys.stderr)
        return 1
