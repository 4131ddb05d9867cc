"""A session never pins an old version of the data: after an edit, only the new version stays in memory.

Streamlit keeps a session (its widgets, with their ``format_func``) while its tab is open and for
``server.disconnectedSessionTTL`` (2 minutes) after it closes. A widget function over the whole dataset
kept one full data version alive per such session: the server grew on every edit (issue 24).
"""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from stationmap.records.dataset import Dataset


def _datasets() -> list[weakref.ref]:
    gc.unfreeze()  # loaded data is kept out of the collector's passes (stationmap.ui.long_lived): look at it too
    gc.collect()
    return [weakref.ref(obj) for obj in gc.get_objects() if isinstance(obj, Dataset)]


def _edit(data_dir: Path) -> None:
    stations = data_dir / "stations.csv"
    text = stations.read_text(encoding="utf-8")
    edited = text.replace("es-barcelona,Barcelona,", "es-barcelona,Barcelona (edited),", 1)
    stations.write_text(edited, encoding="utf-8")


def test_an_open_session_does_not_keep_the_old_data_version(make_app, tiny_data: Path, tmp_path: Path,
                                                            monkeypatch) -> None:
    monkeypatch.setenv("STATIONMAP_CACHE_DIR", str(tmp_path / "cache"))
    before = set(map(id, (ref() for ref in _datasets())))
    first = make_app(tiny_data, station="es-barcelona")
    first.run()
    assert not first.exception
    old = [ref for ref in _datasets() if id(ref()) not in before]
    assert old, "the first session loaded no dataset"

    _edit(tiny_data)
    second = make_app(tiny_data, station="es-barcelona")  # a new reader after the edit; ``first`` stays open
    second.run()
    assert not second.exception
    assert any("Barcelona (edited)" in option for box in second.selectbox for option in box.options)

    gc.collect()
    assert [ref for ref in old if ref() is not None] == [], "the first session still holds the old data"
    assert first.selectbox  # the first session is alive to the end
