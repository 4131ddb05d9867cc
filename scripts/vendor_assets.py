"""Refresh or check the browser assets the app serves itself (no CDN, nothing downloaded at run time).

Every file comes from a pinned npm package, fetched with ``npm pack`` (the ordinary client, registry only)
into ``static/vendor/<package>-<version>/`` together with the package's licence. ``static/vendor/
manifest.json`` records name, version, file and sha256 of every file, so a review sees exactly what is
served and a test can prove the committed files are the recorded ones.

    python -m scripts.vendor_assets            # re-fetch every package listed in PACKAGES, rewrite manifest
    python -m scripts.vendor_assets --check    # verify the committed files against the manifest (offline)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor"
MANIFEST = VENDOR / "manifest.json"

#: package -> (version, licence, files inside the package to serve)
PACKAGES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "leaflet": ("1.9.4", "BSD-2-Clause", ("dist/leaflet.js", "dist/leaflet.css", "dist/images/layers.png",
                                          "dist/images/layers-2x.png", "LICENSE")),
    "supercluster": ("8.0.1", "ISC", ("dist/supercluster.min.js", "LICENSE")),
    "topojson-client": ("3.1.0", "ISC", ("dist/topojson-client.min.js", "LICENSE")),
    "world-atlas": ("2.0.2", "ISC; data: Natural Earth (public domain)", ("countries-50m.json", "LICENSE")),
    "leaflet-gesture-handling": ("1.2.2", "MIT", ("dist/leaflet-gesture-handling.min.js",
                                                  "dist/leaflet-gesture-handling.min.css", "LICENSE")),
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch() -> None:
    entries = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, (version, licence, files) in PACKAGES.items():
            subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=tmp, check=True,
                           stdout=subprocess.DEVNULL)
            tarball = next(Path(tmp).glob(f"{name}-{version}.tgz"))
            unpacked = Path(tmp) / f"{name}-{version}"
            with tarfile.open(tarball) as archive:
                archive.extractall(unpacked, filter="data")
            target = VENDOR / f"{name}-{version}"
            shutil.rmtree(target, ignore_errors=True)
            for file in files:
                source = unpacked / "package" / file
                destination = target / Path(file).relative_to("dist") if file.startswith("dist/") \
                    else target / file
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, destination)
                entries.append({"name": name, "version": version, "licence": licence,
                                "file": str(destination.relative_to(VENDOR)), "sha256": sha256(destination)})
    MANIFEST.write_text(json.dumps(entries, indent=1) + "\n", encoding="utf-8")
    print(f"vendored {len(entries)} files from {len(PACKAGES)} packages into {VENDOR.relative_to(ROOT)}")


def check() -> list[str]:
    """Differences between the manifest and the files on disk (empty when all match)."""
    problems = []
    for entry in json.loads(MANIFEST.read_text(encoding="utf-8")):
        path = VENDOR / entry["file"]
        if not path.is_file():
            problems.append(f"{entry['file']}: missing")
        elif sha256(path) != entry["sha256"]:
            problems.append(f"{entry['file']}: sha256 differs from the manifest")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify files against the manifest, offline")
    if parser.parse_args().check:
        problems = check()
        print("\n".join(problems) or "all vendored files match the manifest")
        return 1 if problems else 0
    fetch()
    return 0


if __name__ == "__main__":
    sys.exit(main())
