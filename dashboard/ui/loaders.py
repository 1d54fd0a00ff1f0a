"""Where the app's data comes from: the tables folder, the reports folder, their freshness.

`read_tables` is pure (no Streamlit); `load_tables` caches it, keyed by the folder and the
files' modification stamps so a rebuild is picked up without restarting the app. Filters
are applied outside the cache (see dashboard.view.filters).
"""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import schema, tables
from dashboard.extract import ingest
from dashboard.ui.untrusted import inert

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_ENV = "CRISIS_DATA"
SEEDS_ENV = "CRISIS_SEEDS"
REBUILD = "python -m dashboard build --seeds {seeds} --out {data}"


def parse_args(argv: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """`--name value`, `--name=value` and bare words, from the arguments after `--`."""
    flags: dict[str, str] = {}
    bare: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg.startswith("--") and "=" in arg:
            name, value = arg[2:].split("=", 1)
            flags[name] = value
        elif arg.startswith("--") and i + 1 < len(argv):
            flags[arg[2:]] = argv[i + 1]
            i += 1
        elif not arg.startswith("-"):
            bare.append(arg)
        i += 1
    return flags, bare


def data_dir(argv: Sequence[str] = (), environ: Mapping[str, str] | None = None) -> Path:
    """The tables folder: `--data DIR` (or a bare DIR) after `--`, else $CRISIS_DATA, else
    data/ next to the repo root (`streamlit run dashboard/app.py -- --data other/`)."""
    environ = os.environ if environ is None else environ
    flags, bare = parse_args(argv)
    return Path(
        flags.get("data") or (bare[0] if bare else None) or environ.get(DATA_ENV) or REPO_ROOT / "data"
    )


def seeds_dir(argv: Sequence[str] = (), environ: Mapping[str, str] | None = None) -> Path:
    """The reports folder (for excerpts and full reports): `--seeds DIR`, $CRISIS_SEEDS, or seeds/."""
    environ = os.environ if environ is None else environ
    flags, _ = parse_args(argv)
    return Path(flags.get("seeds") or environ.get(SEEDS_ENV) or REPO_ROOT / "seeds")


def load_tables(data_dir: str, file_stamp: tuple = ()) -> dict[str, pd.DataFrame]:
    """`read_tables`, cached per folder and file stamps (pass `stamp(data_dir)`). Past
    view/sql.py's SQL_FROM_REPORTS (Parquet current), a view/sql.py Whole instead: a mapping
    over the DuckDB store that reads a table only when asked, which the app does not do.

    The frames are shared between reruns and sessions, not copied: st.cache_data would
    unpickle a fresh copy of every table on each rerun (~65 ms and ~70 MB of allocator churn
    per rerun at 10,000 reports, which pushed the process past 800 MB). Nothing may modify
    them in place: the filters return new frames (tests/test_filters.py checks the input is
    unchanged). The dict itself is a fresh one per call, so replacing a table is safe.
    """
    db = sql_store(data_dir, file_stamp)
    if db is not None:  # a large corpus: queried where it lies, nothing read whole
        from dashboard.view import sql

        return sql.Whole(db)  # type: ignore[return-value]
    return dict(_shared_tables(data_dir, file_stamp))


@st.cache_resource(show_spinner="Loading the tables…", max_entries=4)
def _shared_tables(data_dir: str, file_stamp: tuple) -> dict[str, pd.DataFrame]:
    return tables.read_tables(data_dir)


@st.cache_resource(show_spinner=False, max_entries=2)
def sql_store(data_dir: str, file_stamp: tuple = ()):
    """A DuckDB store over the folder's Parquet tables where they are current and large (view.sql.wanted),
    else None (the pandas path); one per folder and file stamps, shared by sessions (each query has
    its own cursor)."""
    from dashboard.view import sql

    return sql.Store(data_dir) if sql.wanted(data_dir) else None


def has_data(tables: Mapping[str, pd.DataFrame]) -> bool:
    if hasattr(tables, "n_reports"):  # view/sql.py's Whole: counted in SQL
        return tables.n_reports() > 0
    return not tables["articles"].empty


def staleness(data_dir: str | Path, seeds_dir: str | Path) -> str | None:
    """A notice when the reports folder holds reports the tables were not built from.

    Compared by content: a report is changed when its bytes' sha256 is not the `content_hash`
    articles.csv has for it, new when the tables do not know its name, gone when a built report
    is no longer there. File times say nothing (git does not keep them: a fresh clone's files
    are all newer than its tables), so they only spare the hashing of files older than the tables.
    """
    data, seeds = Path(data_dir), Path(seeds_dir)
    articles = data / "articles.csv"
    if not articles.is_file() or not seeds.is_dir():
        return None
    changed = changed_reports(
        tables.read_table(data, schema.ARTICLES), _warned(data), seeds, articles.stat().st_mtime
    )
    if not changed:
        return None
    names = ", ".join(inert(n) for n in changed[:3]) + (" …" if len(changed) > 3 else "")  # file names: text
    return (
        f"The reports folder has changed since the tables were built ({names}). Rebuild with "
        f"`{rebuild_command(data, seeds)}` and reload."
    )


def _warned(data: Path) -> set[str]:
    """Files the build looked at and skipped (their warnings name them)."""
    try:
        return set(tables.read_table(data, schema.WARNINGS)["source_file"].dropna())
    except (tables.DataError, OSError):
        return set()


def changed_reports(
    articles: pd.DataFrame, skipped: set[str], seeds: Path, built: float = math.inf
) -> list[str]:
    """Report files in `seeds` new, changed (by content hash) or gone since the tables, sorted.

    Files older than `built` (the tables' time) are taken as they were; a file the build
    skipped or read as another's duplicate is known by its name (no hash is kept for it)."""
    hashes = dict(zip(articles["source_file"], articles["content_hash"], strict=True))
    dupes = {n for v in articles["duplicate_files"].dropna() for n in str(v).split(";") if n}
    present = {p.name: p for p in ingest.report_files(seeds) if p.name.lower() not in ingest.NOT_REPORTS}
    out = []
    for name, path in present.items():
        if name in hashes:
            known = hashes[name] if isinstance(hashes[name], str) else None  # tables without hashes: by time
            if path.stat().st_mtime > built and (known is None or _sha256(path) != known):
                out.append(name)
        elif name not in dupes and name not in skipped:
            out.append(name)
    out += [n for n in hashes if isinstance(n, str) and n not in present]
    return sorted(out)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@st.cache_data(ttl=30, show_spinner=False, max_entries=8)
def cached_staleness(data_dir: str, seeds_dir: str, file_stamp: tuple = ()) -> str | None:
    """`staleness`, looked at most every 30 s (a corpus of 10,000 files takes a while to stat)."""
    return staleness(data_dir, seeds_dir)


def rebuild_command(data: Path, seeds: Path) -> str:
    return REBUILD.format(seeds=_shown(seeds), data=_shown(data))


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@st.cache_data(show_spinner=False, max_entries=2000)
def load_report_text(seeds_dir: str, source_file: str, mtime_ns: int = 0) -> str | None:
    """`read_report_text`, cached per file and modification time."""
    return ingest.read_report_text(seeds_dir, source_file)


def file_mtime(seeds_dir: str | Path, source_file: str) -> int:
    path = Path(seeds_dir) / source_file
    return path.stat().st_mtime_ns if path.is_file() else 0
