"""Command line: ``python -m stationmap validate|export|publish|image|geocode [--data DIR]``.

Messages go to stderr, one problem a line (``file:line: column 'x': error: what is wrong``); data goes
to stdout or the output file. Exit status 1 when the data has errors, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from stationmap.cli_io import write_atomically
from stationmap.escaping import safe_url
from stationmap.export import to_csv, to_geojson
from stationmap.i18n import DEFAULT, LANGUAGES
from stationmap.loading import LoadResult, load_dataset
from stationmap.models import Status
from stationmap.queries import Filters, apply_filters, station_frame
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
    return parser


def _site_url(text: str) -> str:
    """An absolute http(s) address (argparse turns the ValueError into a one-line usage error)."""
    if safe_url(text) is None:
        raise argparse.ArgumentTypeError(f"not an absolute http(s) address: {text!r}")
    return text


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
                             countries=[c.upper() for c in args.country], site_url=args.site_url)
    print(f"published {published.stations} stations to {args.out_dir} ({published.size_bytes / 1e6:.1f} MB); "
          f"open {args.out_dir / 'index.html'}", file=sys.stderr)
    return 0


def cmd_image(args: argparse.Namespace) -> int:
    from stationmap.image import FORMATS, ImageError, ImageOptions, render  # only this command draws images

    fmt = args.out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        print(f"python -m stationmap image: error: OUT must end in .svg or .png, not {args.out.name!r}",
              file=sys.stderr)
        return 2
    result = load_dataset(args.data)
    as_of = _as_of(args.as_of, result.dataset)
    _report(result)
    statuses, countries = [Status(s) for s in args.status], sorted({c.upper() for c in args.country})
    filters = Filters(statuses=frozenset(statuses), countries=frozenset(countries))
    frame = apply_filters(station_frame(result.dataset, as_of), filters)
    options = ImageOptions(width=args.width, height=args.height, language=args.lang,
                           data_as_of=result.dataset.data_as_of, as_of=as_of, filters=filters)
    try:
        data = render(frame, options, fmt, args.scale)
        write_atomically(args.out, data)
    except (ImageError, ValueError, OSError) as exc:
        print(f"python -m stationmap image: error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {len(frame)} stations to {args.out} ({len(data) / 1e3:.0f} kB)", file=sys.stderr)
    return 1 if result.errors else 0


def cmd_geocode(args: argparse.Namespace) -> int:
    from stationmap.placing import geocode_dataset  # imported here: only this command needs the gazetteer

    return geocode_dataset(args.data, cache_dir=args.cache_dir, online=args.online, force=args.force)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers = {"validate": cmd_validate, "export": cmd_export, "publish": cmd_publish, "image": cmd_image,
                "geocode": cmd_geocode}
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        return 130
