"""Rebuilding data/ from seeds/ gives the committed files, byte for byte."""

from __future__ import annotations

from pathlib import Path

from dashboard import schema
from dashboard.extract import pipeline

ROOT = Path(__file__).resolve().parents[2]


def test_rebuild_matches_committed_data(tmp_path):
    pipeline.build(ROOT / "seeds", tmp_path, progress=False)
    for name in schema.TABLES:
        committed = (ROOT / "data" / f"{name}.csv").read_bytes()
        rebuilt = (tmp_path / f"{name}.csv").read_bytes()
        assert rebuilt == committed, (
            f"data/{name}.csv differs from a fresh build: run `python -m dashboard build`"
        )


def test_two_builds_are_identical(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    pipeline.build(ROOT / "seeds", a, progress=False)
    pipeline.build(ROOT / "seeds", b, progress=False)
    pipeline.build(ROOT / "seeds", b, progress=False)  # the second, from the cache
    for name in schema.TABLES:
        assert (a / f"{name}.csv").read_bytes() == (b / f"{name}.csv").read_bytes(), name
