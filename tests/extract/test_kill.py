"""A build killed at any moment (SIGKILL: no cleanup runs) leaves `--out` holding the old complete
set of tables or the new one, never a mix, and the next build succeeds and writes what a fresh
build writes. Over a synthetic corpus of 2,000 reports (bench/extract.py's), switching between two
versions of it (60 reports changed, 20 added) so that every build has a new set to write. Half the
kills land anywhere in a build, half while it writes its new set, swaps it in and saves the cache."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from tests.synthetic import bench_extract

ROOT = Path(__file__).resolve().parents[2]
REPORTS = 2_000
KILLS = 10
CHANGED, ADDED = 60, 20


def _corpora(tmp_path: Path) -> tuple[Path, Path]:
    bench = bench_extract()
    a, b = tmp_path / "seeds_a", tmp_path / "seeds_b"
    bench.write_corpus(a, REPORTS)
    shutil.copytree(a, b)
    rng = random.Random(12)
    for path in rng.sample(sorted(b.iterdir()), CHANGED):
        path.write_text(path.read_text(encoding="utf-8") + "\nLater, 75 more families left Aleppo.\n")
    paras = bench.seed_paragraphs()
    for n in range(ADDED):
        (b / f"z{n:03d}.txt").write_text(bench.synthetic_report(rng, paras, REPORTS + n), encoding="utf-8")
    return a, b


def _start(seeds: Path, out: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    argv = ["build", "--seeds", str(seeds), "--out", str(out), "--no-progress"]
    return subprocess.Popen(
        [sys.executable, "-m", "dashboard", *argv],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(build: subprocess.Popen) -> None:
    _, err = build.communicate(timeout=600)
    assert build.returncode == 0, err[-3000:]


def _writing_starts(build: subprocess.Popen, folder: Path) -> float:
    """Seconds from now until the build begins to write its new set (a staged folder appears)."""
    started = time.monotonic()
    before = set(folder.iterdir())  # a killed build's staged folder is no sign of this one's
    while build.poll() is None and not any(
        p.name.startswith(".data.tables-") for p in set(folder.iterdir()) - before
    ):
        time.sleep(0.005)
    return time.monotonic() - started


def _timed(build: subprocess.Popen, folder: Path) -> tuple[float, float]:
    """How long a whole build takes, and how long from its writing the new set to its end."""
    started = time.monotonic()
    writing = _writing_starts(build, folder)
    _finish(build)
    return time.monotonic() - started, time.monotonic() - started - writing


def _tables(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def _consistent(folder: Path) -> bool:
    articles = pd.read_csv(folder / "articles.csv", usecols=["article_id"], dtype=str)
    figures = pd.read_csv(folder / "figures.csv", usecols=["article_id"], dtype=str)
    return set(figures["article_id"]) <= set(articles["article_id"])


def test_a_build_killed_at_random_moments_leaves_one_whole_set(tmp_path):
    seeds = _corpora(tmp_path)
    out, fresh_b = tmp_path / "data", tmp_path / "fresh_b"
    first = [_start(seeds[0], out), _start(seeds[1], fresh_b)]  # fresh builds of both versions
    for build in first:
        _finish(build)
    fresh = [_tables(out), _tables(fresh_b)]
    assert fresh[0] != fresh[1]
    rng = random.Random()
    seed = rng.randrange(1 << 30)
    rng.seed(seed)
    now, kills, outcomes = 0, 0, {"old": 0, "new": 0}
    took = [_timed(_start(seeds[1], out), tmp_path)]  # how long builds take: kill moments within
    assert _tables(out) == fresh[1]
    now = 1
    for _round in range(3 * KILLS):
        if kills >= KILLS:
            break
        target = 1 - now
        build, started = _start(seeds[target], out), time.monotonic()
        if _round % 2:  # anywhere in the build (the quickest whole build so far bounds it)
            moment = rng.uniform(0, min(t for t, _ in took) * 0.95)
            time.sleep(moment)
        else:  # while the new set is written, swapped in and the cache saved
            moment = _writing_starts(build, tmp_path) + rng.uniform(0, min(w for _, w in took) * 0.98)
            time.sleep(max(0.0, moment - (time.monotonic() - started)))
        killed = build.poll() is None
        if killed:
            build.send_signal(signal.SIGKILL)
            build.wait()
            kills += 1
        else:
            assert build.returncode == 0, build.stderr.read() if build.stderr else ""
        seen = _tables(out)
        assert seen in (fresh[now], fresh[target]), (
            f"a mixed set after a kill at {moment:.2f} s (seed {seed})"
        )
        assert _consistent(out)
        if killed:
            outcomes["old" if seen == fresh[now] else "new"] += 1
        took.append(_timed(_start(seeds[target], out), tmp_path))  # the next build succeeds …
        assert _tables(out) == fresh[target], f"after a kill at {moment:.2f} s (seed {seed})"  # … as fresh
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
        assert not list((out / ".cache").glob(".*.tmp"))
        now = target
    assert kills >= KILLS, f"only {kills} builds were still running when killed"
    print(
        f"kills survived: {kills}: {outcomes['old']} left the old set, {outcomes['new']} the new (seed {seed})"
    )
