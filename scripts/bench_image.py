"""The map image: time to draw the real data (the target is <= 3 s for a PNG) and 100,000 synthetic stations.

Run: ``.venv/bin/python -m scripts.bench_image``. Prints, side by side, the time of a fresh process's first
image (the basemap decoded from TopoJSON once), of a later image, of the PNG at 2x and in Chinese, with the
file sizes; then the same for 100,000 synthetic stations (scripts.synthetic_data). Numbers, not assertions:
the machines here are shared and noisy.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from stationmap.image import ImageOptions, basemap, map_svg, render, svg_to_png
from stationmap.records.loading import load_dataset
from stationmap.rules.queries import station_frame
from stationmap.settings import PROJECT_ROOT


def timed(action):
    """The result, the wall-clock seconds and the CPU seconds of this process (steadier on a busy machine)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = action()
    return result, time.perf_counter() - start, time.process_time() - cpu


def bench(label: str, data_dir: Path) -> None:
    result, load_seconds, _ = timed(lambda: load_dataset(data_dir))
    frame = station_frame(result.dataset)
    options = ImageOptions(data_as_of=result.dataset.data_as_of)
    print(f"\n{label}: {len(frame):,} stations (loading the data: {load_seconds:.2f} s, not counted below)")
    print(f"  {'what':44} {'seconds':>8} {'CPU s':>8} {'size':>10}")
    rows = []
    basemap.countries.cache_clear()
    basemap.cities.cache_clear()
    svg, seconds, cpu = timed(lambda: map_svg(frame, options))
    rows.append(("SVG, first in this process (decodes basemap)", seconds, cpu, len(svg.encode())))
    png, seconds, cpu = timed(lambda: svg_to_png(svg))
    rows.append(("  + PNG from that SVG", seconds, cpu, len(png)))
    png, seconds, cpu = timed(lambda: render(frame, options, "png"))
    rows.append(("PNG 1200x675, basemap already decoded", seconds, cpu, len(png)))
    png, seconds, cpu = timed(lambda: render(frame, options, "png", scale=2.0))
    rows.append(("PNG 2400x1350 (--scale 2)", seconds, cpu, len(png)))
    png, seconds, cpu = timed(lambda: render(frame, ImageOptions(language="zh-Hans",
                                                            data_as_of=result.dataset.data_as_of), "png"))
    rows.append(("PNG in Chinese", seconds, cpu, len(png)))
    for what, seconds, cpu, size in rows:
        print(f"  {what:44} {seconds:8.2f} {cpu:8.2f} {size / 1e3:8.0f} kB")


def main() -> None:
    import argparse

    from scripts.synthetic_data import write_dataset

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=100_000, metavar="N",
                        help="also draw N synthetic stations (0: the real data only; 100,000 takes a minute to load)")
    args = parser.parse_args()
    bench("real data", PROJECT_ROOT / "data")
    if args.synthetic:
        with tempfile.TemporaryDirectory(prefix="bench-image-") as folder:
            synthetic = Path(folder) / "data"
            write_dataset(synthetic, args.synthetic)
            bench("synthetic", synthetic)


if __name__ == "__main__":
    main()
