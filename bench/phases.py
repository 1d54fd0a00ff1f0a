"""Where a build's memory goes: one in-process build with the resident memory (and the peak so far)
printed as each phase of the corpus stage starts and ends, so what grows with the reports shows.

    PYTHONPATH=. python bench/phases.py SEEDS OUT
"""

from __future__ import annotations

import functools
import resource
import sys
import time
from pathlib import Path

import psutil

from dashboard import tables as store
from dashboard.extract import cache, corpus, pipeline

_PROC = psutil.Process()
_T0 = time.process_time()


def mark(what: str) -> None:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss = _PROC.memory_info().rss / 2**20
    print(f"{time.process_time() - _T0:7.1f} s CPU  {rss:6.0f} MB  peak {peak:6.0f} MB  {what}", flush=True)


def wrap(owner, name: str) -> None:
    inner = getattr(owner, name)

    @functools.wraps(inner)
    def timed(*args, **kwargs):
        mark(f"> {name}")
        out = inner(*args, **kwargs)
        mark(f"< {name}")
        return out

    setattr(owner, name, timed)


def main() -> None:
    for owner, name in [
        (pipeline, "_extract_all"),
        (pipeline, "assemble"),
        (corpus, "_published"),
        (corpus, "_report_tables"),
        (corpus, "_article_places"),
        (corpus.claims, "group_claims"),
        (corpus, "_places_table"),
        (store, "write_tables"),
        (cache, "save"),
    ]:
        wrap(owner, name)
    pipeline.build(Path(sys.argv[1]), Path(sys.argv[2]), progress=False)
    mark("done")


if __name__ == "__main__":
    main()
