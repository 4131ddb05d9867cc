"""Every failure of every ``stationmap`` command is one line on stderr and a non-zero exit, never a traceback.

Permission failures are tested for real, as an ordinary user: tests (and CI) run as root, whom no folder's mode
stops, so the command runs in a subprocess as ``nobody`` (uid 65534) when we are root, as ourselves otherwise.
A full disk is an ``OSError(ENOSPC)`` raised where the bytes are written.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import stationmap.outputs.placing as placing
from stationmap.cli import main
from stationmap.outputs.publish import publish_site
from stationmap.records.loading import load_dataset

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "tiny"
NOBODY = 65534


def one_line(err: str) -> str:
    """``err`` when it is exactly one line with no traceback (fails the test otherwise)."""
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def full_disk(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A temporary folder an ordinary user can reach (pytest's own is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="stationmap-cli-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


#: The command, run by a child that gives up root after its imports: the interpreter's own files may be
#: root's alone (a pyenv under /root), which an ordinary user could not even start.
CHILD = f"""
import os, sys
import codecs, stationmap.cli, stationmap.outputs.publish, stationmap.outputs.placing
codecs.lookup("utf-8-sig")
if os.geteuid() == 0:
    os.setgroups([])
    os.setgid({NOBODY})
    os.setuid({NOBODY})
sys.exit(stationmap.cli.main(sys.argv[1:]))
"""


def run_as_ordinary_user(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m stationmap ARGS`` as ``nobody`` when we are root (so folder modes apply), else as ourselves."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "STATIONMAP_CACHE_DIR": str(cwd / "cache"), "HOME": str(cwd)}
    return subprocess.run([sys.executable, "-c", CHILD, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def test_publish_into_a_folder_whose_parent_may_not_be_written(shared_tmp: Path) -> None:
    shutil.copytree(FIXTURE, shared_tmp / "data")
    locked = shared_tmp / "locked"
    locked.mkdir(mode=0o555)
    locked.chmod(0o555)
    done = run_as_ordinary_user("publish", str(locked / "site"), "--data", "data", cwd=shared_tmp)
    assert done.returncode == 1 and "Permission denied" in one_line(done.stderr)
    assert str(locked / "site") in done.stderr and list(locked.iterdir()) == []


def test_export_to_a_folder_that_may_not_be_written(shared_tmp: Path) -> None:
    shutil.copytree(FIXTURE, shared_tmp / "data")
    locked = shared_tmp / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    done = run_as_ordinary_user("export", "--data", "data", "--output", str(locked / "out.geojson"), cwd=shared_tmp)
    assert done.returncode == 1 and "Permission denied" in one_line(done.stderr) and list(locked.iterdir()) == []


@pytest.mark.parametrize(("locked", "reason"), [
    ("outer/data", "the data folder cannot be opened: permission denied"),
    ("outer", "the data folder cannot be reached: permission denied"),  # a folder above it
])
@pytest.mark.parametrize("command", [["validate"], ["export"], ["publish", "site"]])
def test_a_data_folder_that_may_not_be_read(command: list[str], locked: str, reason: str, shared_tmp: Path) -> None:
    shutil.copytree(FIXTURE, shared_tmp / "outer" / "data")
    (shared_tmp / locked).chmod(0o700 if os.geteuid() == 0 else 0o000)  # root's: nobody may not open it
    try:
        done = run_as_ordinary_user(*command, "--data", "outer/data", cwd=shared_tmp)
    finally:
        (shared_tmp / locked).chmod(0o755)
    assert done.returncode == 1 and one_line(done.stderr).startswith(f"outer/data: error: {reason}")
    assert not (shared_tmp / "site").exists()


@pytest.mark.parametrize("command", [["validate"], ["export"], ["publish", "site"], ["geocode"]])
def test_a_missing_data_folder_is_one_line(command: list[str], tmp_path: Path, capsys) -> None:
    assert main([*command, "--data", str(tmp_path / "nowhere")]) == 2
    err = one_line(capsys.readouterr().err)
    assert f"{tmp_path / 'nowhere'}: error: the data folder does not exist" in err
    assert not (tmp_path / "site").exists()


def test_a_data_path_that_is_a_file_is_one_line(tmp_path: Path, capsys) -> None:
    assert main(["validate", "--data", str(FIXTURE / "stations.csv")]) == 2
    assert "not a folder" in one_line(capsys.readouterr().err)


def test_publish_on_a_full_disk_leaves_the_old_site_and_no_staging_folder(tmp_path: Path, monkeypatch,
                                                                         capsys) -> None:
    out = tmp_path / "site"
    publish_site(load_dataset(FIXTURE), out)
    before = (out / "index.html").read_text(encoding="utf-8")
    monkeypatch.setattr("stationmap.outputs.publish._copy_assets", full_disk)
    assert main(["publish", str(out), "--data", str(FIXTURE)]) == 1
    err = one_line(capsys.readouterr().err)
    assert "No space left on device" in err and str(out) in err
    assert (out / "index.html").read_text(encoding="utf-8") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_publish_when_the_last_rename_fails_puts_the_old_site_back(tmp_path: Path, monkeypatch, capsys) -> None:
    out = tmp_path / "site"
    publish_site(load_dataset(FIXTURE), out)
    before = (out / "index.html").read_text(encoding="utf-8")
    real_replace = os.replace

    def replace(src, dst):
        if Path(src).name.startswith(".site.") and ".old." not in Path(src).name and Path(dst) == out:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr("stationmap.outputs.site_folder.os.replace", replace)
    assert main(["publish", str(out), "--data", str(FIXTURE), "--country", "IT"]) == 1
    assert "No space left on device" in one_line(capsys.readouterr().err)
    assert (out / "index.html").read_text(encoding="utf-8") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_export_on_a_full_disk_leaves_no_temporary_file(tmp_path: Path, monkeypatch, capsys) -> None:
    out = tmp_path / "stations.geojson"
    out.write_text("old", encoding="utf-8")
    monkeypatch.setattr("stationmap.outputs.cli_io.os.fsync", full_disk)
    assert main(["export", "--data", str(FIXTURE), "--output", str(out)]) == 1
    assert "No space left on device" in one_line(capsys.readouterr().err)
    assert out.read_text(encoding="utf-8") == "old" and sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def test_export_to_a_folder_is_one_line(tmp_path: Path, capsys) -> None:
    assert main(["export", "--data", str(FIXTURE), "--output", str(tmp_path)]) == 2
    err = one_line(capsys.readouterr().err)
    assert "is a folder" in err and list(tmp_path.iterdir()) == []


def test_geocode_on_a_full_disk_is_one_line(tmp_path: Path, monkeypatch, capsys) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "geocoding_overrides.csv").write_text("query,country,lat,lon,precision,radius_km,note\n",
                                                  encoding="utf-8")
    before = (data / "places.csv").read_text(encoding="utf-8")
    monkeypatch.setattr(placing, "build_chain", lambda **kwargs: _Anywhere())
    monkeypatch.setattr("stationmap.outputs.cli_io.os.fsync", full_disk)
    assert main(["geocode", "--data", str(data), "--cache-dir", str(tmp_path / "cache")]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    assert (data / "places.csv").read_text(encoding="utf-8") == before
    assert not [p for p in data.iterdir() if p.name.endswith(".tmp")]


class _Anywhere:
    """A chain that places every query at the same spot, at the precision asked."""

    def geocode(self, query, **kwargs):
        from geocoding.base import make_location
        level = "country" if "country" in query and len(query) == 1 else "city"
        return make_location(1.0, 2.0, address="x", provider="gazetteer", matched_name="x", precision=level,
                             radius_km=10, country=kwargs.get("country_codes"))


def test_an_unexpected_error_is_one_line_that_says_it_is_a_bug(monkeypatch, capsys) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("something odd\x1b[2J")

    monkeypatch.setattr("stationmap.cli.load_dataset", broken)
    assert main(["validate", "--data", str(FIXTURE)]) == 1
    err = one_line(capsys.readouterr().err)
    assert "RuntimeError" in err and "bug" in err and "\x1b" not in err


def test_validate_escapes_control_characters_in_file_names(tmp_path: Path, capsys) -> None:
    """Already true before issue 24 (problems escape their text); kept so it stays true."""
    data = tmp_path / "data\x1b]0;title\x07\u202e"
    shutil.copytree(FIXTURE, data)
    stations = data / "stations.csv"
    stations.write_text(stations.read_text(encoding="utf-8").replace(",IT,city", ",XX,city"), encoding="utf-8")
    assert main(["validate", "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\u202e" not in err and "\x07" not in err
    assert "data\\x1b]0;title\\x07\\u202e/stations.csv:3" in err


@pytest.mark.parametrize(("argv", "named"), [
    (["publish", "site", "--status", "bogus"], "invalid choice: 'bogus' (choose from 'reported'"),
    (["publish"], "OUT_DIR"),
    (["export", "--format", "xml"], "'geojson', 'csv'"),
])
def test_a_usage_error_is_one_line_naming_the_choices(argv: list[str], named: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2 and named in one_line(capsys.readouterr().err)


def test_export_into_a_pipe_whose_reader_went_away_is_quiet() -> None:
    """``stationmap export | head``: the reader leaving is no error to report (nor a traceback)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([sys.executable, "-m", "stationmap", "export", "--data", str(FIXTURE)], cwd=REPO,
                              stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120, check=False,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
    finally:
        os.close(write_end)
    assert done.returncode == 1 and done.stderr == ""
