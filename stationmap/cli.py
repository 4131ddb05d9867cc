"""Command line: ``python -m stationmap validate|export|publish|geocode|ingest|review [--data DIR]``.

Messages go to stderr, one problem a line (``file:line: column 'x': error: what is wrong``); data goes
to stdout or the output file. Exit status 1 when the data has errors, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from stationmap.cli_io import write_atomically
from stationmap.export import to_csv, to_geojson
from stationmap.loading import LoadResult, load_dataset
from stationmap.models import Status
from stationmap.queries import station_frame
from stationmap.settings import load_settings
from stationmap.shared_view import parse_as_of


def _parser() -> argparse.ArgumentParser:
    settings = load_settings()
    parser = argparse.ArgumentParser(prog="python -m stationmap", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--data", type=Path, default=settings.data_dir,
                         help="data directory (default: $STATIONMAP_DATA_DIR or data/)")
        return sub

    add("validate", "Load every file and report every problem; exit 1 on any error.")
    export = add("export", "Write every station with its derived status and evidence.")
    export.add_argument("--format", choices=("geojson", "csv"), default="geojson")
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    export.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD",
                        help="write the view as of this date: only what had been published by then")
    publish = add("publish", "Write the map as a static site (index.html, data, every asset) to OUT_DIR.")
    publish.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    publish.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD", help="publish the view as of this date")
    publish.add_argument("--status", action="append", default=[], choices=[s.value for s in Status],
                         help="publish only stations with this status (repeat for several)")
    publish.add_argument("--country", action="append", default=[], metavar="CC",
                         help="publish only stations in this country, ISO code (repeat for several)")
    publish.add_argument("--allow-errors", action="store_true",
                         help="publish even when validation finds errors (the bad rows are left out)")
    geocode = add("geocode", "Resolve every station's place and write data/places.csv.")
    geocode.add_argument("--online", action="store_true",
                         help="also ask Nominatim (OpenStreetMap) for places the offline gazetteer lacks")
    geocode.add_argument("--cache-dir", type=Path, default=settings.cache_dir)
    geocode.add_argument("--force", action="store_true", help="replace data/places.csv even with fewer rows")
    ingest = add("ingest", "Read a saved page (HTML, PDF or text) into a queue item of proposals; changes no CSV.")
    ingest.add_argument("file", type=Path, metavar="FILE", nargs="?", help="a saved page (or use --fetch)")
    ingest.add_argument("--url", help="the page's public http(s) address (kept with the source)")
    ingest.add_argument("--fetch", metavar="URL", help="download the page first (online machines only; http(s), "
                        "public addresses, 10 s, at most 3 redirects and 10 MB)")
    ingest.add_argument("--json", action="store_true", help="print the queue item as JSON, not its path")
    ingest.add_argument("--cache-dir", type=Path, default=settings.cache_dir,
                        help="keeps the language model unpacked between runs")
    review = add("review", "List, show, accept or reject the desk's proposals.")
    actions = review.add_subparsers(dest="action", required=True)

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--data", type=Path, default=argparse.SUPPRESS, help="data directory (as for review)")
        return sub

    action("list", "every queue item and its proposals' state")
    show = action("show", "one queue item or proposal in full")
    show.add_argument("item_id", metavar="ID", help="a queue id (q-...) or proposal id (q-...-pN)")
    accept = action("accept", "add the proposal to the data as evidence (validated first)")
    accept.add_argument("proposal_id", metavar="PROPOSAL_ID")
    accept.add_argument("--station", required=True, help="the station the claim is about")
    accept.add_argument("--type", required=True, dest="kind", help="the claim kind (evidence 'supports')")
    accept.add_argument("--claimant", required=True, help="who makes the claim")
    accept.add_argument("--party", required=True, help="which side the claimant speaks for")
    accept.add_argument("--headline", required=True, help="the source's headline as published")
    accept.add_argument("--editor", required=True, help="your name, for the change log")
    accept.add_argument("--url", help="the source's address (default: the one given to ingest)")
    accept.add_argument("--publisher", help="default: from the page")
    accept.add_argument("--published", metavar="YYYY[-MM[-DD]]", help="default: from the page")
    accept.add_argument("--source-id", dest="source_id", help="default: made from publisher, date and headline")
    accept.add_argument("--source-kind", dest="source_kind", help="default: the outlet's existing source row")
    accept.add_argument("--reliability", help="default: the outlet's existing source row")
    accept.add_argument("--reliability-note", dest="reliability_note",
                        help="default: the outlet's existing source row")
    accept.add_argument("--event-date", dest="event_date", metavar="YYYY[-MM[-DD]]")
    accept.add_argument("--excerpt", help="a shorter verbatim part of the proposal's passage")
    accept.add_argument("--notes", default="")
    reject = action("reject", "mark the proposal rejected, with the reason")
    reject.add_argument("proposal_id", metavar="PROPOSAL_ID")
    reject.add_argument("--reason", required=True)
    reject.add_argument("--editor", required=True)
    return parser


def _report(result: LoadResult) -> None:
    for problem in result.problems:
        print(problem, file=sys.stderr)


def _summary(result: LoadResult) -> str:
    data = result.dataset
    return (f"{len(data.stations)} stations, {len(data.evidence)} pieces of evidence, "
            f"{len(data.sources)} sources, {len(data.places)} placed; "
            f"{len(result.errors)} error(s), {len(result.warnings)} warning(s)")


def cmd_validate(args: argparse.Namespace) -> int:
    result = load_dataset(args.data)
    _report(result)
    print(_summary(result), file=sys.stderr)
    return 1 if result.errors else 0


def _as_of(text: str | None, dataset) -> dt.date | None:
    """The --as-of date, or SystemExit(2) with a one-line reason."""
    if text is None:
        return None
    try:
        return parse_as_of(text, dataset.first_known, dt.date.today())
    except ValueError as exc:
        print(f"python -m stationmap export: error: --as-of: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def cmd_export(args: argparse.Namespace) -> int:
    result = load_dataset(args.data)
    as_of = _as_of(args.as_of, result.dataset)
    _report(result)
    frame = station_frame(result.dataset, as_of)
    view = {"as_of": as_of.isoformat()} if as_of else {}
    text = (to_geojson(result.dataset, frame, as_of=as_of, view=view) if args.format == "geojson"
            else to_csv(result.dataset, frame, as_of=as_of))
    if args.output:
        write_atomically(args.output, text)
        print(f"wrote {len(frame)} stations to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 1 if result.errors else 0


def cmd_publish(args: argparse.Namespace) -> int:
    from stationmap.publish import publish_site  # imported here: only this command renders the site

    result = load_dataset(args.data)
    as_of = _as_of(args.as_of, result.dataset)
    _report(result)
    if result.errors and not args.allow_errors:
        print(f"not published: {len(result.errors)} error(s) in the data (listed above); fix them, or pass "
              "--allow-errors to publish without the bad rows", file=sys.stderr)
        return 1
    published = publish_site(result, args.out_dir, as_of=as_of, statuses=[Status(s) for s in args.status],
                             countries=[c.upper() for c in args.country])
    print(f"published {published.stations} stations to {args.out_dir} ({published.size_bytes / 1e6:.1f} MB); "
          f"open {args.out_dir / 'index.html'}", file=sys.stderr)
    return 0


def cmd_geocode(args: argparse.Namespace) -> int:
    from stationmap.placing import geocode_dataset  # imported here: only this command needs the gazetteer

    return geocode_dataset(args.data, cache_dir=args.cache_dir, online=args.online, force=args.force)


def cmd_desk(args: argparse.Namespace) -> int:
    from stationmap.desk.cli import run  # imported here: only editors' commands load the desk's libraries

    return run(args)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers = {"validate": cmd_validate, "export": cmd_export, "publish": cmd_publish, "geocode": cmd_geocode,
                "ingest": cmd_desk, "review": cmd_desk}
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        return 130
