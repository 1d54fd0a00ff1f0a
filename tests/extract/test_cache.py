"""The incremental cache: reused only by the very code and vocabularies that made it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from dashboard.extract import cache

ROOT = Path(__file__).resolve().parents[2]


def test_the_fingerprint_covers_every_module_and_vocabulary_of_the_extraction():
    files = {p.relative_to(ROOT / "dashboard").as_posix() for p in cache.code_files()}
    on_disk = {
        p.relative_to(ROOT / "dashboard").as_posix()
        for p in (ROOT / "dashboard" / "extract").rglob("*")
        if p.suffix in (".py", ".csv")
    }
    assert on_disk <= files
    assert {"extract/events.py", "extract/claims.py", "extract/vocab/subjects.csv", "schema.py"} <= files


def _build(package_root: Path, seeds: Path, out: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    code = "import sys; from dashboard.extract import pipeline; pipeline.build(*map(__import__('pathlib').Path, sys.argv[1:]), progress=False)"
    subprocess.run([sys.executable, "-c", code, str(seeds), str(out)], check=True, env=env, cwd=package_root)


def _tables(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def test_a_change_to_any_stage_rebuilds_what_it_decides(tmp_path):
    """Build with a copy of the code, change one stage's behaviour in the copy (the events' gist
    length, a module no hand-kept list named), rebuild incrementally: the same as a fresh build."""
    package = tmp_path / "code"
    shutil.copytree(ROOT / "dashboard", package / "dashboard", ignore=shutil.ignore_patterns("__pycache__"))
    seeds = ROOT / "seeds"
    incremental, fresh = tmp_path / "incremental", tmp_path / "fresh"
    _build(package, seeds, incremental)
    before = _tables(incremental)
    events_py = package / "dashboard" / "extract" / "events.py"
    source = events_py.read_text(encoding="utf-8")
    assert "WHAT_MAX_CHARS = 90" in source
    events_py.write_text(source.replace("WHAT_MAX_CHARS = 90", "WHAT_MAX_CHARS = 30"), encoding="utf-8")
    _build(package, seeds, incremental)
    _build(package, seeds, fresh)
    assert _tables(incremental) == _tables(fresh)
    assert _tables(incremental)["events.csv"] != before["events.csv"]  # the change did change something
