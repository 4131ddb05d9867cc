"""The command line: lookup and batch."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from geocoding.cli import ADDED_COLUMNS, main
from tests.geocoding.conftest import OVERRIDES_CSV

Capture = pytest.CaptureFixture[str]


@pytest.fixture
def common(gazetteer, gazetteer_dir: Path) -> list[str]:
    """Use the session's index and the committed overrides (cache files go in the tmp index dir)."""
    return ["--cache-dir", str(gazetteer_dir), "--overrides", str(OVERRIDES_CSV)]


def test_lookup_text(common: list[str], capsys: Capture) -> None:
    assert main(["lookup", "Prato", "--country", "IT", *common]) == 0
    out = capsys.readouterr().out
    assert "Prato, IT" in out and "43.88" in out and "gazetteer" in out and "GeoNames 3169921" in out


def test_lookup_json(common: list[str], capsys: Capture) -> None:
    assert main(["lookup", "northern Portugal", "--country", "PT", "--json", *common]) == 0
    raw = json.loads(capsys.readouterr().out)
    assert raw["provider"] == "overrides" and raw["precision"] == "region" and raw["country"] == "PT"


def test_lookup_country_and_not_found(common: list[str], capsys: Capture) -> None:
    assert main(["lookup", "--country", "PT", "--json", *common]) == 0
    assert json.loads(capsys.readouterr().out)["precision"] == "country"
    assert main(["lookup", "Zzyzxqwv", "--country", "IT", *common]) == 1
    assert "not found" in capsys.readouterr().err


def test_lookup_bad_country_is_a_user_error(common: list[str], capsys: Capture) -> None:
    assert main(["lookup", "Prato", "--country", "XX", *common]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: unknown country") and "Traceback" not in err


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_batch_writes_every_row(tmp_path: Path, common: list[str], capsys: Capture) -> None:
    src = _write(tmp_path / "in.csv", "id,query,country\n1,Prato,IT\n2,Zzyzxqwv,IT\n3,Paris,\n4,Prato,XX\n"
                                      "5,northern Portugal,PT\n6,,IT\n")
    out = tmp_path / "out.csv"
    assert main(["batch", str(src), str(out), *common]) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["id", "query", "country", *ADDED_COLUMNS]
        rows = {r["id"]: r for r in reader}
    assert len(rows) == 6
    assert rows["1"]["provider"] == "gazetteer" and float(rows["1"]["lat"]) == pytest.approx(43.88, abs=0.01)
    assert rows["2"]["lat"] == rows["2"]["lon"] == "" and "not found in IT" in rows["2"]["error"]
    assert rows["3"]["ambiguous"] == "true" and rows["3"]["matched_name"] == "Paris"
    assert rows["4"]["lat"] == "" and "unknown country" in rows["4"]["error"]
    assert rows["5"]["provider"] == "overrides" and rows["5"]["precision"] == "region"
    assert rows["6"]["error"] == "empty query"
    assert "6 rows, 3 resolved, 3 unresolved" in capsys.readouterr().err


def test_batch_missing_query_column(tmp_path: Path, common: list[str], capsys: Capture) -> None:
    src = _write(tmp_path / "in.csv", "name,country\nPrato,IT\n")
    out = tmp_path / "out.csv"
    assert main(["batch", str(src), str(out), *common]) == 2
    err = capsys.readouterr().err
    assert "no 'query' column" in err and "Traceback" not in err
    assert not out.exists()


def test_batch_unreadable_input(tmp_path: Path, common: list[str], capsys: Capture) -> None:
    out = tmp_path / "out.csv"
    assert main(["batch", str(tmp_path / "absent.csv"), str(out), *common]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert not out.exists()


def test_batch_output_untouched_when_writing_fails(tmp_path: Path, common: list[str],
                                                   capsys: Capture) -> None:
    src = _write(tmp_path / "in.csv", "query,country\nPrato,IT\n")
    out = tmp_path / "missing-dir" / "out.csv"
    assert main(["batch", str(src), str(out), *common]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not out.exists() and not list(tmp_path.rglob("*.tmp"))


def test_missing_explicit_overrides_file(tmp_path: Path, gazetteer_dir: Path,
                                         capsys: Capture) -> None:
    missing = str(tmp_path / "no.csv")
    code = main(["lookup", "Prato", "--cache-dir", str(gazetteer_dir), "--overrides", missing])
    assert code == 2 and "does not exist" in capsys.readouterr().err


def test_module_entry_point(tmp_path: Path, gazetteer_dir: Path) -> None:
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-m", "geocoding", "lookup", "Praha", "--json", "--cache-dir",
                           str(gazetteer_dir), "--overrides", str(OVERRIDES_CSV)],
                          cwd=repo, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["matched_name"] == "Prague"


def test_unusable_cache_folder_does_not_block_offline_lookups(tmp_path: Path, gazetteer, monkeypatch,
                                                               capsys: Capture, caplog) -> None:
    import shutil

    import geocoding.gazetteer as gazetteer_module

    # Building the real index takes 15 s: "build" it by copying the session's index into the fallback folder.
    monkeypatch.setattr(gazetteer_module, "build_index", lambda path: shutil.copyfile(gazetteer.path, path))
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    cache_dir = tmp_path / "a-file" / "cache"
    code = main(["lookup", "Prato", "--country", "IT", "--cache-dir", str(cache_dir), "--overrides",
                 str(OVERRIDES_CSV)])
    captured = capsys.readouterr()
    assert code == 0 and "Prato, IT" in captured.out
    assert "Traceback" not in captured.err
    assert "cache is off" in caplog.text and "temporary" in caplog.text
