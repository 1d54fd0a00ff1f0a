"""Gazetteer load time: what a build (or the app) waits for before it reads the first report.

Prints the time to load the main gazetteer (vocab CSVs, indexed) and the world gazetteer
(GeoNames cities500, gazetteer_world.tsv.gz), each in a fresh process, and their sum.
Target (issue 10): <= 1 s.

    python bench/gazetteer.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import sys, time
sys.path.insert(0, {root!r})
from dashboard.extract import places, worldplaces
w0, c0 = time.perf_counter(), time.process_time()
places.load_gazetteer()
w1, c1 = time.perf_counter(), time.process_time()
worldplaces.lines()
w2, c2 = time.perf_counter(), time.process_time()
print(w1 - w0, w2 - w1, len(worldplaces.lines()), c2 - c0)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    best = None
    for _ in range(args.repeat):
        out = subprocess.run(
            [sys.executable, "-c", PROBE.format(root=str(ROOT))], capture_output=True, text=True, check=True
        ).stdout.split()
        main_s, world_s, n, cpu = float(out[0]), float(out[1]), int(out[2]), float(out[3])
        if best is None or main_s + world_s < best[0] + best[1]:
            best = (main_s, world_s, n, cpu)
    assert best is not None
    main_s, world_s, n, cpu = best
    total = main_s + world_s
    print(f"main gazetteer: {main_s:.3f} s; world gazetteer ({n} names): {world_s:.3f} s")
    print(
        f"gazetteer load: {total:.3f} s wall, {cpu:.3f} s CPU (best of {args.repeat}) -> target <= 1 s {'met' if total <= 1 else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
