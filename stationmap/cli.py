"""Command line: ``python -m stationmap validate|export|publish|image|geocode|ingest|review|correction [--data DIR]``.

Messages go to stderr, one problem a line (``file:line: column 'x': error: what is wrong``); data goes
to stdout or the output file. Exit status 1 when the data has errors or the work failed, 2 for a usage error.
Every failure is one line on stderr (:mod:`stationmap.outputs.cli_errors`), never a traceback, and everything quoted
from outside (cells, file names, a geocoder's words) is escaped for the terminal (:func:`printable`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import stat
import sys
from pathlib import Path
from typing import NoReturn

from geocoding.terminal import PrintableFormatter, printable
from stationmap.outputs.cli_errors import FAILED, USAGE, CommandError, os_error_text
from stationmap.outputs.cli_io import write_atomically
from stationmap.records.loading import LoadResult, load_dataset
from stationmap.records.models import Status
from stationmap.render.escaping import safe_url
from stationmap.render.i18n import DEFAULT, LANGUAGES
from stationmap.settings import load_settings

# stationmap.outputs.export, .queries and .shared_view load pandas (about 0.5 s): only the commands that build the
# station table import them, so `ingest` and `review` start without it.


class _Parser(argparse.ArgumentParser):
    """argparse, except that a usage error is one line (argparse prints the whole usage first)."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE, printable(f"{self.prog}: error: {message} (see {self.prog} --help)") + "\n")


def _parser() -> argparse.ArgumentParser:
    settings = load_settings()
    parser = _Parser(prog="python -m stationmap", description=__doc__.splitlines()[0])
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
    publish.add_argument("--site-url", dest="site_url", metavar="URL", type=_site_url,
                         help="the http(s) address the site will be served at: link previews need it absolute")
    image = add("image", "Draw the map as an SVG or PNG image (by OUT's suffix): for print, posts and previews.")
    image.add_argument("out", type=Path, metavar="OUT", help="file to write: name.svg or name.png")
    image.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD", help="draw the view as of this date")
    image.add_argument("--status", action="append", default=[], choices=[s.value for s in Status],
                       help="draw only stations with this status (repeat for several)")
    image.add_argument("--country", action="append", default=[], metavar="CC",
                       help="draw only stations in this country, ISO code (repeat for several)")
    image.add_argument("--lang", choices=list(LANGUAGES), default=DEFAULT, help="language of the words (default en)")
    image.add_argument("--width", type=int, default=1200, metavar="PX", help="width in pixels (default 1200)")
    image.add_argument("--height", type=int, default=675, metavar="PX", help="height in pixels (default 675)")
    image.add_argument("--scale", type=float, default=1.0, choices=(1.0, 2.0, 3.0),
                       help="PNG only: pixels per image pixel (2 for print)")
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
    edit = action("edit", "change cells of one row (validated first; one change-log row per field)")
    edit.add_argument("table", metavar="TABLE", help="stations.csv, sources.csv, evidence.csv or batches.csv")
    edit.add_argument("row_id", metavar="ROW_ID", help="the row's id (its first column)")
    edit.add_argument("--field", action="append", help="a column to change (repeat, each with its --value)")
    edit.add_argument("--value", action="append", help="the column's new value ('' empties it)")
    edit.add_argument("--reason", required=True)
    edit.add_argument("--editor", required=True)
    keep = action("keep", "record that a row was reviewed and kept as it is")
    keep.add_argument("table", metavar="TABLE")
    keep.add_argument("row_id", metavar="ROW_ID")
    keep.add_argument("--reason", required=True)
    keep.add_argument("--editor", required=True)
    rename = action("rename", "retire a source id: rewrite every reference and add an id_aliases.csv row")
    rename.add_argument("kind", choices=("source",))
    rename.add_argument("old_id", metavar="OLD_ID")
    rename.add_argument("new_id", metavar="NEW_ID")
    rename.add_argument("--reason", required=True)
    rename.add_argument("--editor", required=True)
    correction = add("correction", "Record a correction a reader sent in, or resolve one (data/corrections.csv).")
    fixes = correction.add_subparsers(dest="action", required=True)
    fix_add = fixes.add_parser("add", help="record an open correction")
    fix_add.add_argument("--data", type=Path, default=argparse.SUPPRESS, help="data directory")
    fix_add.add_argument("--concerns", required=True, help="station, source or evidence ids, or a short description")
    fix_add.add_argument("--what-is-wrong", dest="what_is_wrong", required=True, help="the error, in our own words")
    fix_add.add_argument("--link", help="a supporting http(s) address the reader gave")
    fix_add.add_argument("--received", metavar="YYYY[-MM[-DD]]", help="when it arrived (default: today, UTC)")
    fix_add.add_argument("--id", help="the correction's slug (default: made from the month and --concerns)")
    fix_add.add_argument("--editor", default="corrections intake", help="who recorded it (default: corrections "
                         "intake; never the reader)")
    fix_resolve = fixes.add_parser("resolve", help="close a correction: accepted, rejected or duplicate")
    fix_resolve.add_argument("--data", type=Path, default=argparse.SUPPRESS, help="data directory")
    fix_resolve.add_argument("correction_id", metavar="ID")
    fix_resolve.add_argument("--status", required=True, choices=("accepted", "rejected", "duplicate"))
    fix_resolve.add_argument("--resolution", required=True, help="what was decided, and why")
    fix_resolve.add_argument("--change-ids", dest="change_ids", nargs="*", default=[], metavar="c-N",
                             help="the changes.csv ids of the edits made for it (required when accepted)")
    fix_resolve.add_argument("--resolved", metavar="YYYY[-MM[-DD]]", help="default: today, UTC")
    fix_resolve.add_argument("--editor", required=True)
    return parser


def _say(text: object) -> None:
    """One line on stderr, escaped (messages quote data cells, file names and arguments)."""
    print(printable(text), file=sys.stderr)


def _site_url(text: str) -> str:
    """An absolute http(s) address (argparse turns the error into a one-line usage error)."""
    if safe_url(text) is None:
        raise argparse.ArgumentTypeError(f"not an absolute http(s) address: {text!r}")
    return text


def _report(result: LoadResult) -> None:
    for problem in result.problems:
        _say(problem)


def _check_data_dir(path: Path) -> None:
    """Refuse a data folder that is missing, not a folder, or not ours to open, in one line before any loading.

    The line reads like the loader's problems (``DIR: error: why``), in the loader's words.
    """
    def refuse(reason: str, status: int = FAILED) -> CommandError:
        return CommandError(f"{path}: error: {reason}", status, bare=True)

    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise refuse("the data folder does not exist (give --data DIR or set STATIONMAP_DATA_DIR)", USAGE) from None
    except PermissionError:
        raise refuse("the data folder cannot be reached: permission denied (check the permissions of the folders "
                     "above it)") from None
    except OSError as exc:
        raise refuse(f"the data folder cannot be opened ({exc.strerror or type(exc).__name__})") from None
    if not stat.S_ISDIR(mode):
        raise refuse("is not a folder: the data folder must be a folder of CSV files", USAGE)
    try:
        with os.scandir(path) as entries:
            next(entries, None)
    except PermissionError:
        raise refuse("the data folder cannot be opened: permission denied (the user the app runs as needs to "
                     "read it)") from None
    except OSError as exc:
        raise refuse(f"the data folder cannot be opened ({exc.strerror or type(exc).__name__})") from None


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
    """The --as-of date, or a usage :class:`CommandError` with a one-line reason."""
    from stationmap.rules.shared_view import parse_as_of

    if text is None:
        return None
    try:
        return parse_as_of(text, dataset.first_known, dt.date.today())
    except ValueError as exc:
        raise CommandError(f"--as-of: {exc}", USAGE) from None


def cmd_export(args: argparse.Namespace) -> int:
    from stationmap.outputs.export import to_csv, to_geojson
    from stationmap.rules.queries import station_frame

    result = load_dataset(args.data)
    as_of = _as_of(args.as_of, result.dataset)
    _report(result)
    frame = station_frame(result.dataset, as_of)
    view = {"as_of": as_of.isoformat()} if as_of else {}
    text = (to_geojson(result.dataset, frame, as_of=as_of, view=view) if args.format == "geojson"
            else to_csv(result.dataset, frame, as_of=as_of))
    if args.output:
        if args.output.is_dir():
            raise CommandError(f"cannot write {args.output}: it is a folder; give a file name, e.g. "
                               f"{args.output / ('stations.' + args.format)}", USAGE)
        try:
            write_atomically(args.output, text)
        except OSError as exc:
            raise CommandError(f"cannot write {args.output}: {os_error_text(exc)}; nothing was written") from None
        _say(f"wrote {len(frame)} stations to {args.output}")
    else:
        sys.stdout.write(text)
    return 1 if result.errors else 0


def cmd_publish(args: argparse.Namespace) -> int:
    from stationmap.outputs.publish import publish_site  # imported here: only this command renders the site

    result = load_dataset(args.data)
    as_of = _as_of(args.as_of, result.dataset)
    _report(result)
    if result.errors and not args.allow_errors:
        _say(f"not published: {len(result.errors)} error(s) in the data (listed above); fix them, or pass "
             "--allow-errors to publish without the bad rows")
        return 1
    try:
        published = publish_site(result, args.out_dir, as_of=as_of, statuses=[Status(s) for s in args.status],
                                 countries=[c.strip().upper() for c in args.country], data_dir=args.data,
                                 site_url=args.site_url)
    except OSError as exc:
        raise CommandError(f"not published to {args.out_dir}: {os_error_text(exc)}; "
                           "the folder was left as it was") from None
    _say(f"published {published.stations} stations to {args.out_dir} ({published.size_bytes / 1e6:.1f} MB); "
         f"open {args.out_dir / 'index.html'}")
    return 0


def cmd_image(args: argparse.Namespace) -> int:
    from stationmap.image import FORMATS, ImageError, ImageOptions, render  # only this command draws images
    from stationmap.outputs.publish import unknown_countries
    from stationmap.rules.queries import Filters, apply_filters, station_frame

    fmt = args.out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise CommandError(f"OUT must end in .svg or .png, not {args.out.name!r}", USAGE)
    result = load_dataset(args.data)
    as_of = _as_of(args.as_of, result.dataset)
    _report(result)
    statuses, countries = [Status(s) for s in args.status], sorted({c.strip().upper() for c in args.country})
    if problem := unknown_countries(result.dataset, countries):
        raise CommandError(problem, USAGE)
    filters = Filters(statuses=frozenset(statuses), countries=frozenset(countries))
    frame = apply_filters(station_frame(result.dataset, as_of), filters)
    options = ImageOptions(width=args.width, height=args.height, language=args.lang,
                           data_as_of=result.dataset.data_as_of, as_of=as_of, filters=filters)
    try:
        data = render(frame, options, fmt, args.scale)
        write_atomically(args.out, data)
    except OSError as exc:
        raise CommandError(f"cannot write {args.out}: {os_error_text(exc)}; nothing was written") from None
    except (ImageError, ValueError) as exc:
        raise CommandError(str(exc)) from None
    _say(f"wrote {len(frame)} stations to {args.out} ({len(data) / 1e3:.0f} kB)")
    return 1 if result.errors else 0


def cmd_geocode(args: argparse.Namespace) -> int:
    from stationmap.outputs.placing import geocode_dataset  # imported here: only this command needs the gazetteer

    return geocode_dataset(args.data, cache_dir=args.cache_dir, online=args.online, force=args.force)


def cmd_desk(args: argparse.Namespace) -> int:
    from stationmap.desk.cli import run  # imported here: only editors' commands load the desk's libraries

    return run(args)


def main(argv: list[str] | None = None) -> int:
    """Run one command; every failure becomes one line on stderr and a non-zero status, never a traceback."""
    args = _parser().parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)  # warnings from the packages below, escaped like the rest
    handler.setFormatter(PrintableFormatter("%(levelname)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    handlers = {"validate": cmd_validate, "export": cmd_export, "publish": cmd_publish, "image": cmd_image,
                "geocode": cmd_geocode, "ingest": cmd_desk, "review": cmd_desk, "correction": cmd_desk}
    prefix = f"python -m stationmap {args.command}: error:"
    try:
        _check_data_dir(args.data)
        return handlers[args.command](args)
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    except CommandError as exc:
        _say(exc if exc.bare else f"{prefix} {exc}")
        return exc.status
    except BrokenPipeError:  # the reader of stdout went away (`| head`): nothing is wrong to tell anyone
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit flush stays quiet
        except (OSError, ValueError):
            pass
        return 1
    except OSError as exc:
        _say(f"{prefix} {os_error_text(exc)}")
        return 1
    except Exception as exc:  # noqa: BLE001 - the rule is one line, never a traceback; say it is ours
        _say(f"{prefix} unexpected {type(exc).__name__}: {exc} (a bug in stationmap: please report it)")
        return 1
