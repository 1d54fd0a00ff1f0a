"""Ordinary faults of the machine and the folder get one clear line, no traceback, and leave the
previous tables as they were: a full disk, a read-only --out, an --out that is a file or lies
under one. A full disk while saving only the cache is a warning: the tables are written."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from dashboard import cli
from dashboard.extract import cache

ROOT = Path(__file__).resolve().parents[1]


def _files(folder: Path) -> dict[str, bytes]:
    """Every file of the folder (tables and journal) but the lock, which holds its last holder's id."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "build.lock"
    }


def _build(out: Path, capsys) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = cli.main(["build", "--seeds", str(ROOT / "seeds"), "--out", str(out), "--no-progress"])
    return code, capsys.readouterr().err.splitlines()


@pytest.fixture
def built(tmp_path, capsys) -> Path:
    out = tmp_path / "data"
    assert _build(out, capsys)[0] == 0
    return out


def _assert_one_error(code: int, err: list[str], *phrases: str) -> None:
    assert code == 1
    assert len(err) == 1 and err[0].startswith("error: "), err
    assert "Traceback" not in err[0]
    for phrase in phrases:
        assert phrase in err[0], err[0]


def _full_disk_for(predicate):
    real = os.write

    def write(fd, data):
        if predicate(os.readlink(f"/proc/self/fd/{fd}")):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd, data)

    return write


def test_a_full_disk_while_writing_the_tables(built, capsys, monkeypatch):
    old = _files(built)
    monkeypatch.setattr(os, "write", _full_disk_for(lambda path: True))
    code, err = _build(built, capsys)
    _assert_one_error(code, err, str(built), "no space left on device", "previous tables are unchanged")
    monkeypatch.undo()
    assert _files(built) == old
    assert sorted(p.name for p in built.parent.iterdir()) == ["data"]  # no staged folder left


def test_a_full_disk_while_saving_the_cache_only(tmp_path, capsys, monkeypatch):
    out = tmp_path / "data"
    monkeypatch.setattr(os, "write", _full_disk_for(lambda path: cache.SEGMENT_PREFIX in path))
    code, err = _build(out, capsys)
    monkeypatch.undo()
    assert code == 0
    assert [e for e in err if "cache" in e] == [
        f"warning: the incremental cache in {out} could not be saved (no space left on device); "
        "the next build reads these reports again"
    ]
    assert _files(out / ".cache") == {}  # no journal, not half a one
    assert {p.name for p in out.glob("*.csv")} >= {"articles.csv", "figures.csv"}
    assert not list((out / ".cache").glob(".*.tmp"))
    code, err = _build(out, capsys)  # room again: the cache is saved, no warning
    assert code == 0 and not [e for e in err if "cache" in e]
    assert list((out / ".cache").glob(f"{cache.SEGMENT_PREFIX}*"))


def test_out_is_a_file(tmp_path, capsys):
    out = tmp_path / "data"
    out.write_text("not a folder")
    code, err = _build(out, capsys)
    _assert_one_error(code, err, f"--out {out} is a file, not a folder")
    assert out.read_text() == "not a folder"


def test_out_lies_under_a_file(tmp_path, capsys):
    (tmp_path / "notes").write_text("a file")
    out = tmp_path / "notes" / "deeper" / "data"
    code, err = _build(out, capsys)
    _assert_one_error(code, err, f"--out {out} lies under a file: {tmp_path / 'notes'} is a file")


def test_out_not_writable(built, capsys, monkeypatch):
    """Permission denied (as root, simulated: root may write anywhere)."""
    old = _files(built)
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == built else real(p, mode))
    code, err = _build(built, capsys)
    _assert_one_error(
        code, err, f"cannot write into {built}: permission denied", "previous tables are unchanged"
    )
    assert _files(built) == old


@pytest.fixture
def read_only_mount(tmp_path):
    """A real read-only file system: a tmpfs, remounted read-only (root only; skipped elsewhere)."""
    folder = tmp_path / "mnt"
    folder.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting needs root")
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "none", str(folder)], capture_output=True
    ).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_out_on_a_read_only_file_system(read_only_mount, capsys):
    out = read_only_mount / "data"
    assert _build(out, capsys)[0] == 0
    old = _files(out)
    subprocess.run(["mount", "-o", "remount,ro", str(read_only_mount)], check=True)
    code, err = _build(out, capsys)
    _assert_one_error(code, err, f"cannot write into {out}: the file system is read-only", "unchanged")
    assert _files(out) == old


def test_out_is_a_mount_point_the_set_is_replaced_file_by_file(read_only_mount, capsys):
    """A folder that cannot be renamed (a volume mounted as --out) is still built into."""
    out = read_only_mount
    assert _build(out, capsys)[0] == 0
    assert _build(out, capsys)[0] == 0
    assert _files(out)["articles.csv"] == (ROOT / "data" / "articles.csv").read_bytes()
    assert not [p for p in out.iterdir() if "tables-" in p.name]


def test_a_report_that_cannot_be_read_is_no_fault_of_out(built, capsys, monkeypatch):
    """A read error is said as one, naming the file, never as a failure to write the tables."""
    real = Path.read_bytes
    victim = sorted((ROOT / "seeds").glob("*.txt"))[1]

    def read_bytes(self):
        if self == victim:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, err = _build(built, capsys)
    said = [e for e in err if victim.name in e]
    assert said and "Traceback" not in "\n".join(err)
    assert not [e for e in err if "cannot write the tables" in e]
    if code:  # refused: one line
        _assert_one_error(code, err, str(victim), "permission denied")
