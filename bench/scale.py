"""Scale benchmark: the build on synthetic corpora of 10,000 and 100,000 reports (more with
--sizes), serial and with `--engine dask` on local workers.

Prints, per corpus size and engine: wall time, reports/s, CPU seconds (the tree's and the command's
own) and reports per CPU-second, peak memory (the build's process tree:
the command, and with Dask its scheduler, nannies and workers, sampled every 0.1 s with psutil; and
the command's own peak from getrusage), the size of the tables on disk, and the speed-up of Dask over
serial; then the time to rebuild after adding one report. Each build is a fresh `python -m dashboard
build` process, so one run's memory never counts in the next. Results also go to OUT/scale.json.

    python bench/scale.py [--sizes 10000,100000] [--engines serial,dask] [--workers 2] [--out bench/out/scale]

Targets (issue 13): peak <= 1.5 GB at 300k and < 20% growth from 100k to 300k; Dask on 2 workers
>= 1.7 x serial; >= 400 reports/s per core. The machine's load average is printed with each run:
on a shared machine the speed-up says as much about the neighbours as about the build.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import extract as corpus_maker  # noqa: E402  (bench/extract.py: the synthetic corpus)

SAMPLE_S = 0.1


def make_corpus(folder: Path, count: int) -> float:
    """The corpus of `count` reports (kept between runs: made again only when the count differs); MB."""
    stamp = folder / ".count"
    if not (stamp.exists() and stamp.read_text() == str(count)):
        shutil.rmtree(folder, ignore_errors=True)
        rng = random.Random(20161213)
        paras = corpus_maker.seed_paragraphs()
        folder.mkdir(parents=True)
        for n in range(count):
            text = corpus_maker.synthetic_report(rng, paras, n)
            (folder / f"r{n:07d}.txt").write_text(text, encoding="utf-8")
        stamp.write_text(str(count))
    return sum(p.stat().st_size for p in folder.glob("*.txt")) / 1e6


def tree_rss(proc: psutil.Process, cpu: dict[int, float]) -> int:
    """The tree's resident memory now; `cpu` keeps each process's CPU seconds as last seen."""
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
            times = p.cpu_times()
            cpu[p.pid] = times.user + times.system
    return total


def run_build(seeds: Path, out: Path, engine: str, workers: int) -> dict:
    """One build in a fresh process: wall seconds, peak tree RSS, the command's own peak RSS."""
    cmd = [sys.executable, "-m", "dashboard", "build", "--seeds", str(seeds), "--out", str(out)]
    cmd += ["--no-progress", "--engine", engine] + (["--workers", str(workers)] if engine == "dask" else [])
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    ps, peak, own, cpu = psutil.Process(proc.pid), 0, 0, {}
    while proc.poll() is None:
        try:
            own = max(own, ps.memory_info().rss)
            peak = max(peak, tree_rss(ps, cpu))
        except psutil.Error:
            pass
        time.sleep(SAMPLE_S)
    wall = time.perf_counter() - t0
    summary = proc.stdout.read().strip() if proc.stdout else ""
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({proc.returncode}): {' '.join(cmd)}")
    return {
        "wall_s": wall,
        "cpu_s": sum(cpu.values()),  # the whole tree's, as last sampled (to 0.1 s of the end)
        "cpu_cmd_s": cpu.get(proc.pid, 0.0),  # the command's own: the corpus stage runs there
        "peak_tree_mb": peak / 2**20,
        "peak_cmd_mb": own / 2**20,
        "summary": summary,
    }


def disk_mb(out: Path, suffix: str) -> float:
    return sum(p.stat().st_size for p in out.glob(f"*{suffix}")) / 1e6


def bench_size(args, n: int) -> list[dict]:
    corpus = args.out / f"corpus-{n}"
    mb = make_corpus(corpus, n)
    print(f"\n== {n:,} reports ({mb:.0f} MB of text)", flush=True)
    rows = []
    for engine in args.engines:
        out = args.out / f"data-{n}-{engine}"
        shutil.rmtree(out, ignore_errors=True)
        load = os.getloadavg()[0]
        r = run_build(corpus, out, engine, args.workers)
        r.update(
            reports=n,
            engine=engine if engine == "serial" else f"dask x{args.workers}",
            reports_per_s=n / r["wall_s"],
            reports_per_cpu_s=n / max(r["cpu_s"], 1e-9),
            csv_mb=disk_mb(out, ".csv"),
            parquet_mb=disk_mb(out, ".parquet"),
            cache_mb=disk_mb(out / ".cache", ""),
            load_before=load,
        )
        print(
            f"{r['engine']:>8}: {r['wall_s']:7.1f} s  {r['reports_per_s']:6.0f} reports/s  "
            f"CPU {r['cpu_s']:6.1f} s ({r['cpu_cmd_s']:.1f} s in the command) "
            f"{r['reports_per_cpu_s']:5.0f} reports per CPU-second  "
            f"peak {r['peak_tree_mb']:6.0f} MB (tree) {r['peak_cmd_mb']:6.0f} MB (command)  "
            f"tables {r['csv_mb']:.0f} MB CSV, {r['parquet_mb']:.0f} MB Parquet, cache {r['cache_mb']:.0f} MB  "
            f"load {load:.1f}",
            flush=True,
        )
        rows.append(r)
    by = {r["engine"]: r for r in rows}
    if "serial" in by and len(by) > 1:
        dask = next(r for e, r in by.items() if e != "serial")
        print(
            f"speed-up of {dask['engine']} over serial: {by['serial']['wall_s'] / dask['wall_s']:.2f} (wall)"
        )
        # On free cores the workers' share runs in parallel, the command's share (the corpus stage,
        # sending and receiving) does not: the wall time Amdahl's law gives for idle cores.
        work = dask["cpu_s"] - dask["cpu_cmd_s"]
        ideal = dask["cpu_cmd_s"] + work / args.workers
        print(f"speed-up on {args.workers} idle cores, from CPU times: {by['serial']['cpu_s'] / ideal:.2f}")
    if args.incremental:
        rows.append(incremental(corpus, args.out / f"data-{n}-{args.engines[0]}", n, args))
    return rows


def incremental(corpus: Path, out: Path, n: int, args) -> dict:
    extra = corpus / "zz_new.txt"
    extra.write_text(
        corpus_maker.synthetic_report(random.Random(7), corpus_maker.seed_paragraphs(), 99), encoding="utf-8"
    )
    try:
        r = run_build(corpus, out, args.engines[0], args.workers)
    finally:
        extra.unlink()
    print(
        f"   +1 report: {r['wall_s']:.1f} s, peak {r['peak_tree_mb']:.0f} MB ({r['summary'].split('(')[-1]}",
        flush=True,
    )
    return {**r, "reports": n + 1, "engine": f"{args.engines[0]} +1"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000", help="corpus sizes, comma-separated")
    ap.add_argument("--engines", default="serial,dask", help="serial, dask or both")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-incremental", dest="incremental", action="store_false")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "scale")
    args = ap.parse_args()
    args.engines = args.engines.split(",")
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB")
    rows = [r for n in map(int, args.sizes.split(",")) for r in bench_size(args, n)]
    (args.out / "scale.json").write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
