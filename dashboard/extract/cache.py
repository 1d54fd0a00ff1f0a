"""The incremental cache: what each report yielded, kept beside the tables (`<out>/.cache/`),
keyed by the code that made it and the report's bytes, so a rebuild reads again only the reports
that changed, and every report again when the extraction's code or vocabularies change.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

import pandas as pd

from dashboard.extract.report import ReportResult

EXTRACT_DIR = Path(__file__).resolve().parent
SCHEMA_FILE = EXTRACT_DIR.parent / "schema.py"
CACHE_DIR = ".cache"
CACHE_FILE = "extract.pkl"
CACHE_BATCH = 1000  # reports per pickle in the journal: a smaller peak of memory when saving
CACHE_FORMAT = "4"  # bump when ReportResult changes shape: older entries are then ignored


def code_files() -> list[Path]:
    """Every file whose code or data decides what a report yields: the whole extraction package
    (its modules and vocabularies, found, never listed by hand) and the table schema."""
    files = [p for p in EXTRACT_DIR.rglob("*") if p.is_file() and p.suffix in (".py", ".csv", ".gz")]
    return sorted(files) + [SCHEMA_FILE]


def fingerprint(gazetteer) -> str:
    """Cached extractions are reused only by the same code, vocabularies and gazetteer."""
    h = hashlib.sha256(CACHE_FORMAT.encode())
    for path in code_files():
        h.update(path.relative_to(EXTRACT_DIR.parent).as_posix().encode())
        h.update(path.read_bytes())
    h.update(str(len(gazetteer.rows)).encode())
    h.update(pd.util.hash_pandas_object(gazetteer.rows, index=False).values.tobytes())
    return h.hexdigest()[:16] + ":"


def load(out: Path | None) -> dict:
    """The cache is a journal of pickled {key: ReportResult} batches, newest last."""
    path = out / CACHE_DIR / CACHE_FILE if out else None
    if path is None or not path.exists():
        return {}
    cache: dict = {}
    try:
        with path.open("rb") as fh:
            while True:
                cache.update(pickle.load(fh))
    except EOFError:
        return cache
    except Exception:  # a cache from other code or a torn write: rebuild, never fail
        return {}


def save(out: Path, results: list[ReportResult], loaded: dict) -> None:
    """Append the new extractions; rewrite the whole journal only when it is mostly stale
    (reports removed, code changed), so an incremental build writes a few KB, not all."""
    folder = out / CACHE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    current = {r.cache_key: r for r in results}
    fresh = {k: r for k, r in current.items() if k not in loaded}
    path = folder / CACHE_FILE
    if path.exists() and len(loaded) <= 2 * len(current):
        if fresh:
            with path.open("ab") as fh:
                _dump(fresh, fh)
        return
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        _dump(current, fh)
    os.replace(tmp, path)


def _dump(entries: dict, fh) -> None:
    """In batches: pickle holds on to every object of a batch until it is written."""
    items = list(entries.items())
    for i in range(0, len(items), CACHE_BATCH):
        pickle.dump(dict(items[i : i + CACHE_BATCH]), fh, protocol=pickle.HIGHEST_PROTOCOL)
