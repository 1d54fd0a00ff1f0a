"""Where the app's data comes from: the tables folder, the reports folder, their freshness.

`read_tables` is pure (no Streamlit); `load_tables` caches it, keyed by the folder and the
files' modification stamps so a rebuild is picked up without restarting the app. Filters
are applied outside the cache (see dashboard.view.filters).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import schema, tables
from dashboard.extract import ingest

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
    """`read_tables`, cached per folder and file stamps (pass `stamp(data_dir)`).

    The frames are shared between reruns and sessions, not copied: st.cache_data would
    unpickle a fresh copy of every table on each rerun (~65 ms and ~70 MB of allocator churn
    per rerun at 10,000 reports, which pushed the process past 800 MB). Nothing may modify
    them in place: the filters return new frames (tests/test_filters.py checks the input is
    unchanged). The dict itself is a fresh one per call, so replacing a table is safe.
    """
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
    return not tables["articles"].empty


def staleness(data_dir: str | Path, seeds_dir: str | Path) -> str | None:
    """A notice when a report in the seeds folder is newer than the tables."""
    data, seeds = Path(data_dir), Path(seeds_dir)
    tables = [data / f"{name}.csv" for name in schema.TABLES if (data / f"{name}.csv").exists()]
    if not tables or not seeds.is_dir():
        return None
    built = min(p.stat().st_mtime for p in tables)
    reports = [p for p in seeds.iterdir() if p.is_file() and not p.name.startswith(".")]
    newer = [p.name for p in reports if p.stat().st_mtime > built]
    if not newer:
        return None
    names = ", ".join(sorted(newer)[:3]) + (" …" if len(newer) > 3 else "")
    return (
        f"The reports folder has changed since the tables were built ({names}). Rebuild with "
        f"`{rebuild_command(data, seeds)}` and reload."
    )


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
