"""Two builds into one --out at once: the second waits for the first (a bounded time), then
refuses with a message naming the lock and who holds it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from dashboard import outdir
from dashboard.extract import pipeline

ROOT = Path(__file__).resolve().parents[1]


def _start(out: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = ["build", "--seeds", str(ROOT / "seeds"), "--out", str(out), "--no-progress", *extra]
    return subprocess.Popen(
        [sys.executable, "-m", "dashboard", *argv],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _tables(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def test_a_second_build_refuses_after_waiting_naming_the_lock(tmp_path):
    out = tmp_path / "data"
    pipeline.build(ROOT / "seeds", out, progress=False)
    before = _tables(out)
    with outdir.locked(out):
        started = time.monotonic()
        done = _start(out, "--lock-wait", "1.5")
        _, err = done.communicate(timeout=120)
        waited = time.monotonic() - started
    assert done.returncode == 1
    lines = err.splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0] == (
        f"error: another build is writing into {out} (process {os.getpid()}): "
        f"it holds the lock {out / outdir.LOCK_FILE}; waited 1.5 s; try again when it is done"
    )
    assert waited >= 1.5
    assert _tables(out) == before


def test_a_second_build_waits_for_the_first_and_then_builds(tmp_path):
    out = tmp_path / "data"
    release = threading.Event()

    def hold():
        with outdir.locked(out):
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.3)
    second = _start(out, "--lock-wait", "60")
    time.sleep(1.5)
    assert second.poll() is None  # still waiting
    release.set()
    holder.join()
    _, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    assert _tables(out) == _tables(ROOT / "data")


def test_two_builds_started_at_once_both_finish_one_after_the_other(tmp_path):
    out = tmp_path / "data"
    builds = [_start(out), _start(out)]
    for b in builds:
        _, err = b.communicate(timeout=300)
        assert b.returncode == 0, err
    assert _tables(out) == _tables(ROOT / "data")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]
