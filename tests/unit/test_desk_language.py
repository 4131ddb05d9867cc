"""The language model unpacked once into the cache folder gives py3langid's own answers."""

from __future__ import annotations

from pathlib import Path

from stationmap.desk import language

TEXTS = ["Officials in Rome said the office had been closed after a long inquiry.",
         "中国驻匈牙利大使馆否认布达佩斯存在所谓的海外警察站。",
         "Ministerul Afacerilor Interne a transmis că nu are informații despre o secție de poliție."]


def test_cached_model_answers_like_the_packed_one(tmp_path: Path) -> None:
    stock = language.load_identifier(None)
    first = language.load_identifier(tmp_path)  # unpacks into the cache
    folders = list(tmp_path.glob("py3langid-model-*"))
    assert len(folders) == 1 and (folders[0] / "complete").exists()
    stamp = (folders[0] / "ptc.npy").stat().st_mtime_ns
    second = language.load_identifier(tmp_path)  # maps the unpacked arrays
    assert (folders[0] / "ptc.npy").stat().st_mtime_ns == stamp
    for text in TEXTS:
        assert first.classify(text) == second.classify(text) == stock.classify(text)
    assert [second.classify(t)[0] for t in TEXTS] == ["en", "zh", "ro"]


def test_a_broken_cache_falls_back_to_the_packed_model(tmp_path: Path) -> None:
    language.load_identifier(tmp_path)
    folder = next(tmp_path.glob("py3langid-model-*"))
    (folder / "nextmove.npy").write_bytes(b"not an array")
    assert language.load_identifier(tmp_path).classify(TEXTS[0])[0] == "en"


def test_an_unwritable_cache_falls_back(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    assert language.load_identifier(blocker / "cache").classify(TEXTS[1])[0] == "zh"


def test_a_model_prepared_in_the_background_answers_the_same(tmp_path: Path) -> None:
    stock = language.load_identifier(None)
    language.prepare(tmp_path)  # unpacks into the cache in a thread
    language.prepare(tmp_path)  # already under way: nothing more
    assert [language.classify(text, tmp_path) for text in TEXTS] == [stock.classify(t)[0] for t in TEXTS]
    assert (next(tmp_path.glob("py3langid-model-*")) / "complete").exists()
    assert not language._LOADING
