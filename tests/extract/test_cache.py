"""The incremental cache: reused only by the very code and vocabularies that made it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


# ---------------------------------------------------------------- the journal: crash-safe, data only


def _build_in(seeds: Path, out: Path):
    from dashboard.extract import pipeline

    return pipeline.build(seeds, out, progress=False)


def _journal(out: Path) -> list[Path]:
    return sorted((out / cache.CACHE_DIR).glob(f"{cache.SEGMENT_PREFIX}*"))


@pytest.fixture(scope="module")
def fresh_tables(tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("fresh") / "data"
    _build_in(ROOT / "seeds", out)
    return _tables(out)


def test_a_rebuild_reads_every_report_from_the_journal_and_writes_the_same_tables(tmp_path, fresh_tables):
    out = tmp_path / "data"
    first = _build_in(ROOT / "seeds", out)
    second = _build_in(ROOT / "seeds", out)
    assert first.reextracted > 0 and second.reextracted == 0 and not second.notices
    assert _tables(out) == fresh_tables


def _truncate_at(fraction: float):
    def damage(path: Path) -> None:
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * fraction)])

    return damage


def _flip_byte_at(fraction: float):
    def damage(path: Path) -> None:
        data = bytearray(path.read_bytes())
        i = int(len(data) * fraction)
        data[i] = ord("x") if data[i] != ord("x") else ord("y")
        path.write_bytes(bytes(data))

    return damage


def _cut_after_first_line(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b"\n") + 1])


def _valid_checksum_wrong_layout(path: Path) -> None:
    text = b'{"key": "x", "refs": [[1, 2]]}'
    path.write_bytes(cache._checksum(text) + b" " + text + b"\n" + path.read_bytes())


def _unreadable(path: Path) -> None:
    path.unlink()
    path.mkdir()  # reading it raises IsADirectoryError


DAMAGES = {
    "truncated to nothing": _truncate_at(0.0),
    "cut mid-record (a kill while writing)": _truncate_at(0.5),
    "cut one byte short": _truncate_at(0.9999),
    "cut after the first record": _cut_after_first_line,
    "one byte changed in a record": _flip_byte_at(0.3),
    "one byte changed in a checksum": _flip_byte_at(0.0),
    "a record with a valid checksum and a wrong layout": _valid_checksum_wrong_layout,
    "segment unreadable": _unreadable,
}


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_journal_is_said_once_and_rebuilt_from_the_reports(damage, tmp_path, fresh_tables):
    out = tmp_path / "data"
    _build_in(ROOT / "seeds", out)
    (segment,) = _journal(out)
    damage(segment)
    after = _build_in(ROOT / "seeds", out)
    assert _tables(out) == fresh_tables
    assert len(after.notices) == 1 and "incremental cache" in after.notices[0], after.notices
    if damage is not _valid_checksum_wrong_layout:  # that one only adds a bad line to good ones
        assert after.reextracted > 0  # what was lost is read again
    again = _build_in(ROOT / "seeds", out)  # the journal was rewritten: no second notice
    assert not again.notices and again.reextracted == 0
    assert _tables(out) == fresh_tables


def test_the_journal_is_data_only_a_planted_pickle_is_never_loaded(tmp_path, fresh_tables):
    out = tmp_path / "data"
    marker = tmp_path / "code-ran"
    _build_in(ROOT / "seeds", out)

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    import pickle

    (out / cache.CACHE_DIR / "extract.pkl").write_bytes(pickle.dumps({"k": Payload()}))
    _build_in(ROOT / "seeds", out)
    assert not marker.exists()
    assert not (out / cache.CACHE_DIR / "extract.pkl").exists()  # an old journal is removed
    for segment in _journal(out):
        for line in segment.read_bytes().splitlines():
            json.loads(line.partition(b" ")[2])
    assert _tables(out) == fresh_tables


def test_the_journal_is_bounded(tmp_path):
    """The same seeds again write nothing; each changed report adds a small segment; the journal
    is compacted before it holds more than about twice what a build uses, or too many segments."""
    seeds, out = tmp_path / "seeds", tmp_path / "data"
    shutil.copytree(ROOT / "seeds", seeds)
    _build_in(seeds, out)
    size = sum(p.stat().st_size for p in _journal(out))
    for _ in range(3):
        _build_in(seeds, out)
        assert sum(p.stat().st_size for p in _journal(out)) == size
    report = sorted(seeds.glob("*.txt"))[0]
    text = report.read_text(encoding="utf-8")
    for n in range(3 * cache.MAX_SEGMENTS):
        report.write_text(text + f"\nUpdate {n}: 12 more families left.\n", encoding="utf-8")
        _build_in(seeds, out)
        assert len(_journal(out)) <= cache.MAX_SEGMENTS
        assert sum(p.stat().st_size for p in _journal(out)) <= 2.5 * size
    assert not list((out / cache.CACHE_DIR).glob(".*.tmp"))
