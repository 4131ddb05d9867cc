"""The text's language (py3langid), with its model kept decompressed in the cache folder.

py3langid ships its model LZMA-compressed (4.6 MB, 68 MB unpacked); unpacking it takes 1-3 s in every new
process, more than the rest of ingesting a 1 MB page. The first run writes the unpacked arrays to the cache
folder, named by the packed file's SHA-256 (another py3langid version gets its own folder), and later runs
map them from disk in a few hundredths of a second. Without a usable cache folder the packed model is read as
py3langid does.

``prepare`` starts that loading in a background thread at the start of an ingest: decompressing and writing
release the GIL, so on a machine with two cores the first run's unpacking overlaps with reading the page.
"""

from __future__ import annotations

import hashlib
import io
import lzma
import threading
import zipfile
from array import array
from pathlib import Path

from stationmap.outputs.cli_io import write_atomically

_IDENTIFIERS: dict[str, object] = {}
_LOADING: dict[str, threading.Thread] = {}


def prepare(cache_dir: Path | None) -> None:
    """Start loading the identifier for ``cache_dir`` in a background thread (``classify`` waits for it).

    The libraries are imported here, in the calling thread, so the two threads never import at the same time.
    The thread is not a daemon: the process waits for it, so a cache file is never left half written.
    """
    key = str(cache_dir)
    if key in _IDENTIFIERS or key in _LOADING:
        return
    import numpy  # noqa: F401
    from py3langid import langid  # noqa: F401

    thread = threading.Thread(target=_load_into, args=(key, cache_dir), name="py3langid-model")
    _LOADING[key] = thread
    thread.start()


def _load_into(key: str, cache_dir: Path | None) -> None:
    try:
        _IDENTIFIERS[key] = load_identifier(cache_dir)
    except Exception:  # noqa: BLE001 - classify() loads it again in its own thread and reports what fails
        pass


def classify(text: str, cache_dir: Path | None) -> str:
    """The language code of ``text`` (``en``, ``zh``, ``ro`` ...)."""
    key = str(cache_dir)
    loading = _LOADING.pop(key, None)
    if loading is not None:
        loading.join()
    if key not in _IDENTIFIERS:
        _IDENTIFIERS[key] = load_identifier(cache_dir)
    return _IDENTIFIERS[key].classify(text)[0]  # type: ignore[attr-defined]


_PARTS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def load_identifier(cache_dir: Path | None):
    """A py3langid LanguageIdentifier, from the unpacked copy in ``cache_dir`` where possible."""
    from py3langid import langid

    if cache_dir is not None:
        packed = Path(langid.__file__).parent / langid.MODEL_FILE
        try:
            folder = cache_dir / f"py3langid-model-{hashlib.sha256(packed.read_bytes()).hexdigest()[:16]}"
            if not (folder / "complete").exists():
                _unpack(packed, folder)
            return _from_folder(folder, langid.LanguageIdentifier)
        except (OSError, ValueError, KeyError, lzma.LZMAError, zipfile.BadZipFile, EOFError):
            pass  # unreadable or unwritable cache: read the packed model instead
    return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE)


def _unpack(packed: Path, folder: Path) -> None:
    """One .npy file per array (loaded memory-mapped later), then the 'complete' marker."""
    import numpy as np

    with lzma.open(packed) as source, np.load(io.BytesIO(source.read()), allow_pickle=False) as data:
        for name in _PARTS:
            buffer = io.BytesIO()
            np.save(buffer, data[name], allow_pickle=False)
            write_atomically(folder / f"{name}.npy", buffer.getvalue())
    write_atomically(folder / "complete", "")


def _from_folder(folder: Path, identifier_class):
    """The identifier from an unpacked model (the arrays py3langid.modelio.load_model reads)."""
    import numpy as np

    data = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _PARTS}
    return identifier_class(np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(),
                            _as_view(data["nextmove"]), data["out_feat"].tolist(),
                            tk_row=_as_array(data["nextmove_row"]))


def _code(values) -> str:
    return {2: "H", 4: "I", 8: "L"}[values.dtype.itemsize]


def _as_array(values) -> array:
    import numpy as np

    out = array(_code(values))
    out.frombytes(np.ascontiguousarray(values).tobytes())
    return out


def _as_view(values) -> memoryview:
    """The mapped array as a flat memoryview of the same integers, which py3langid indexes like its
    ``array.array``: the 39 MB state table is not copied (twice) into memory, and only the pages a text
    walks through are read from disk."""
    import numpy as np

    return memoryview(np.ascontiguousarray(values)).cast("B").cast(_code(values))
