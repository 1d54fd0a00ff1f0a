"""The table set on disk changes as one: written beside `--out` and swapped in, read as one set,
with the modes the umask gives, and what killed builds leave removed by the next build."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pandas as pd
import pytest

from dashboard import outdir, schema
from dashboard import tables as store
from dashboard.extract import pipeline

ROOT = Path(__file__).resolve().parents[1]


def _set(n: int) -> dict[str, pd.DataFrame]:
    """A consistent set: every figure's article in articles (n tells sets apart)."""
    data = store.read_tables(ROOT / "data")
    ids = sorted(data["articles"]["article_id"])
    articles = data["articles"][data["articles"]["article_id"].isin(ids[: n + 1])]
    figures = data["figures"][data["figures"]["article_id"].isin(articles["article_id"])]
    return {**data, "articles": articles, "figures": figures}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def _consistent(tables: dict[str, pd.DataFrame]) -> bool:
    return set(tables["figures"]["article_id"]) <= set(tables["articles"]["article_id"])


def _siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name)


def test_the_new_set_replaces_the_folder_in_one_step_and_keeps_what_else_it_held(tmp_path):
    out = tmp_path / "data"
    store.write_tables(_set(1), out)
    (out / "notes.txt").write_text("the analyst's own file")
    (out / ".cache").mkdir()
    (out / ".cache" / "journal").write_text("kept")
    before = os.stat(out).st_ino
    store.write_tables(_set(3), out)
    assert os.stat(out).st_ino != before  # a new folder took the old one's place …
    assert (out / "notes.txt").read_text() == "the analyst's own file"  # … with the rest kept
    assert (out / ".cache" / "journal").read_text() == "kept"
    assert _files(out) == {f"{n}.csv": store.to_csv(df).encode() for n, df in sorted(_set(3).items())}
    assert _siblings(out) == []  # nothing left beside it


def test_a_link_to_the_folder_stays_a_link(tmp_path):
    real = tmp_path / "real"
    store.write_tables(_set(1), real)
    (tmp_path / "data").symlink_to(real)
    store.write_tables(_set(2), tmp_path / "data")
    assert (tmp_path / "data").is_symlink()
    assert len(store.read_tables(real)["articles"]) == len(_set(2)["articles"])


@pytest.mark.parametrize(
    "mode", ["exchange", "rename aside (no exchange)", "in place (out cannot be replaced)"]
)
def test_a_failure_while_writing_leaves_the_old_set_and_no_staged_folder(mode, tmp_path, monkeypatch):
    out = tmp_path / "data"
    store.write_tables(_set(1), out)
    old = _files(out)
    if mode.startswith("rename"):
        monkeypatch.setattr(outdir, "_exchange", lambda a, b: False)
    if mode.startswith("in place"):
        monkeypatch.setattr(outdir, "_must_write_in_place", lambda out: True)
    real = outdir.write_file
    written = []

    def failing(folder, name, text):
        written.append(name)
        if len(written) == 4:
            raise OSError(28, "No space left on device")
        real(folder, name, text)

    monkeypatch.setattr(outdir, "write_file", failing)
    with pytest.raises(OSError):
        store.write_tables(_set(3), out)
    assert _files(out) == old
    assert _siblings(out) == [] and not [p for p in out.iterdir() if p.name.startswith(".")]
    monkeypatch.setattr(outdir, "write_file", real)
    store.write_tables(_set(3), out)  # and each way writes the new set
    assert len(store.read_tables(out)["articles"]) == len(_set(3)["articles"])


def test_a_reader_sees_one_set_even_when_a_build_swaps_it_meanwhile(tmp_path, monkeypatch):
    out = tmp_path / "data"
    store.write_tables(_set(0), out)
    real = store.read_table
    swapped = []

    def read_then_swap(folder, table):
        df = real(folder, table)
        if table.name == "articles" and not swapped:  # articles of the old set are read …
            swapped.append(True)
            store.write_tables(_set(4), out)  # … then a build swaps in the new set
        return df

    monkeypatch.setattr(store, "read_table", read_then_swap)
    tables = store.read_tables(out)
    assert swapped and _consistent(tables)
    assert len(tables["articles"]) == len(_set(4)["articles"])


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_tables_and_their_folder_have_the_modes_the_umask_gives(umask, tmp_path):
    old = os.umask(umask)
    try:
        store.write_tables(_set(1), tmp_path / "data")
        store.write_tables(_set(2), tmp_path / "data")
    finally:
        os.umask(old)
    modes = {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "data").glob("*.csv")}
    assert modes == {0o666 & ~umask}
    assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o777 & ~umask


def _dead_pid() -> int:
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        pid += 1


def test_what_killed_builds_left_is_removed_by_the_next_build(tmp_path):
    out = tmp_path / "data"
    pipeline.build(ROOT / "seeds", out, progress=False)
    dead = _dead_pid()
    staged = tmp_path / f".data{outdir.STAGE_TAG}new-{dead}-0a1b2c3d"
    staged.mkdir()
    (staged / "articles.csv").write_bytes(b"x" * 1000)
    (out / ".figures.k2j3h4.tmp").write_bytes(b"half a table")  # the old writer's
    alive = tmp_path / f".data{outdir.STAGE_TAG}new-{os.getppid()}-0a1b2c3d"  # a running build's
    alive.mkdir()
    pipeline.build(ROOT / "seeds", out, progress=False)
    assert _siblings(out) == [alive.name]
    assert not list(out.glob(".*.tmp"))
    assert _files(out) == _files(ROOT / "data")


def test_an_old_set_renamed_aside_by_a_killed_build_is_put_back(tmp_path):
    out = tmp_path / "data"
    store.write_tables(_set(1), out)
    old = _files(out)
    out.rename(tmp_path / f".data{outdir.STAGE_TAG}old-{_dead_pid()}-0a1b2c3d")  # killed here
    half = tmp_path / f".data{outdir.STAGE_TAG}new-{_dead_pid()}-4e5f6a7b"
    half.mkdir()
    assert store.read_tables(out)["articles"].empty  # no set until the next build …
    outdir.recover(out)
    assert _files(out) == old and _siblings(out) == []  # … which puts the old one back first


def test_the_schema_tables_are_all_written(tmp_path):
    store.write_tables(_set(1), tmp_path / "data")
    assert {p.stem for p in (tmp_path / "data").glob("*.csv")} == set(schema.TABLES)


def test_the_new_folder_takes_the_old_ones_mode(tmp_path):
    out = tmp_path / "data"
    store.write_tables(_set(1), out)
    out.chmod(0o750)
    store.write_tables(_set(2), out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o750


def test_a_folder_name_with_pattern_characters(tmp_path):
    out = tmp_path / "data[1]*"
    store.write_tables(_set(1), out)
    orphan = tmp_path / f".{out.name}{outdir.STAGE_TAG}new-{_dead_pid()}-0a1b2c3d"
    orphan.mkdir()
    decoy = tmp_path / f".data1x{outdir.STAGE_TAG}new-{_dead_pid()}-0a1b2c3d"  # the name as a pattern
    decoy.mkdir()  # would match this: another folder's
    store.write_tables(_set(2), out)
    assert _siblings(out) == [decoy.name]
