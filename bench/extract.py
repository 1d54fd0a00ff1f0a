"""Extraction benchmark: a synthetic corpus of 10,000 reports, built on one core.

Prints reports per second, peak memory, and the time to rebuild after adding one report.
Targets (issue 2): >= 200 reports/s, <= 1 GB, incremental rebuild <= 3 s.

    python bench/extract.py [--reports 10000] [--out bench/out]

The corpus recombines the seeds' paragraphs with other numbers, places and dates, so the
extractor meets the same kind of prose it will meet in real use. It leaves the built tables
in OUT/data (bench/app.py reads them).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from dashboard.extract import pipeline  # noqa: E402

PLACES = [
    "Aleppo",
    "Idlib",
    "Foua",
    "Kefraya",
    "Homs",
    "Hama",
    "Damascus",
    "Douma",
    "Madaya",
    "Raqqa",
    "Palmyra",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["October", "November", "December"]
NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+\b(?!:)")
PLACE = re.compile("|".join(PLACES))
WEEKDAY = re.compile("|".join(WEEKDAYS))


def seed_paragraphs() -> list[str]:
    paras = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        paras += [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 80]
    return paras


def synthetic_report(rng: random.Random, paras: list[str], n: int) -> str:
    body = []
    for p in rng.sample(paras, k=min(len(paras), rng.randint(14, 26))):
        p = NUMBER.sub(
            lambda m: f"{rng.randint(2, 40000):,}" if "," in m.group() else str(rng.randint(2, 99)), p
        )
        p = PLACE.sub(lambda m: rng.choice(PLACES), p)
        p = WEEKDAY.sub(lambda m: rng.choice(WEEKDAYS), p)
        body.append(p)
    day = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, 2016"
    title = f"Report {n}: evacuation news from {rng.choice(PLACES)}"
    return f"{title}\n\nBy Staff Writer {day}\n\n" + "\n\n".join(body) + "\n"


def write_corpus(folder: Path, count: int) -> None:
    rng = random.Random(20161213)
    paras = seed_paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"r{n:05d}.txt").write_text(synthetic_report(rng, paras, n), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    corpus, data = args.out / "corpus", args.out / "data"
    shutil.rmtree(args.out, ignore_errors=True)
    write_corpus(corpus, args.reports)
    size = sum(p.stat().st_size for p in corpus.iterdir())
    print(f"corpus: {args.reports} reports, {size / 1e6:.1f} MB, mean {size / args.reports / 1000:.1f} KB")

    t0 = time.perf_counter()
    result = pipeline.build(corpus, data, progress=False)
    full = time.perf_counter() - t0
    print(f"full build: {full:.1f} s, {args.reports / full:.0f} reports/s on one core ({result.summary()})")

    rng = random.Random(7)
    (corpus / "zz_new.txt").write_text(synthetic_report(rng, seed_paragraphs(), 99999), encoding="utf-8")
    t0 = time.perf_counter()
    result = pipeline.build(corpus, data, progress=False)
    incr = time.perf_counter() - t0
    print(
        f"incremental rebuild after adding one report: {incr:.2f} s ({result.reextracted} report extracted)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB")
    print(
        f"targets: >= 200 reports/s, <= 1024 MB, incremental <= 3 s -> "
        f"{'met' if args.reports / full >= 200 and peak <= 1024 and incr <= 3 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
