"""Hostile-input benchmark: the extraction time of one report of each adversarial shape.

Each shape (a number and a long run of blanks, an inline script, repeated meta attributes,
repeated ", according to", a run of dots, one statement a line …) is built at 10 KB, 100 KB
and 1 MB and extracted alone (ingest, the report's stages and the corpus stages over it), each in
a child process with a time limit. Prints the seconds per size and the ratio 100 KB -> 1 MB,
which must be at most 12 (issue 12: extraction grows linearly with the input).

    python bench/hostile.py [--shapes NAME,...] [--sizes 10000,100000,1000000] [--limit 120]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")

SIZES = (10_000, 100_000, 1_000_000)
MAX_RATIO = 12.0
LEAD = "Aleppo, Syria (Reuters) Thursday, December 15, 2016\n\n"
STATEMENT = "On Monday 1,200 civilians were evacuated from Aleppo to Idlib, the UN said."


def _fill(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


# name -> (file suffix, text of about `size` characters)
SHAPES: dict[str, tuple[str, Callable[[int], str]]] = {
    "number+blanks": (".txt", lambda n: LEAD + "At least 5000" + " " * n + "civilians were evacuated.\n"),
    "number+newline-blanks": (".txt", lambda n: LEAD + "5000" + " \n" * (n // 2) + "were evacuated.\n"),
    "inline-script": (
        ".html",
        lambda n: "<p>At least 5000 <script>" + _fill("var a = 1; ", n) + "</script> civilians left.</p>",
    ),
    "unclosed-script": (".html", lambda n: "<p>5000 people left.</p>" + _fill("<script>x ", n)),
    "unclosed-comment": (".html", lambda n: "<p>5000 people left.</p>" + _fill("<!-- x ", n)),
    "meta-attributes": (
        ".html",
        lambda n: (
            "<html><head><title>5000 evacuated</title>"
            + _fill('<meta property="og:title" content="5000 evacuated from Aleppo"> ', n)
            + "</head><body><p>At least 5000 civilians left Aleppo.</p></body></html>"
        ),
    ),
    "meta-unclosed": (".html", lambda n: "<p>5000 people left.</p>" + _fill("<meta property=", n)),
    "meta-in-text": (".txt", lambda n: LEAD + "5000 people left " + _fill("<meta property=og ", n) + "\n"),
    "unclosed-tag-attrs": (".html", lambda n: "<p>5000 people left.</p><meta " + _fill('property="x" ', n)),
    "nested-html": (
        ".html",
        lambda n: _fill("<div><span>", n // 2) + "5000 people left Aleppo" + _fill("</span></div>", n // 2),
    ),
    "according-to": (
        ".txt",
        lambda n: LEAD + "At least 5000 civilians were evacuated" + _fill(", according to", n) + ".\n",
    ),
    "according-to-bare": (".txt", lambda n: LEAD + "5000" + _fill(", according to", n) + "\n"),
    "dots": (".txt", lambda n: LEAD + "At least 5000 civilians were evacuated" + "." * n + "\n"),
    "statement-per-line": (".txt", lambda n: LEAD + _fill(STATEMENT + "\n", n)),
    "statements-one-line": (".txt", lambda n: LEAD + _fill(STATEMENT + " ", n) + "\n"),
    "digits": (".txt", lambda n: LEAD + "At least " + "9" * n + " civilians left.\n"),
    "digit-groups": (".txt", lambda n: LEAD + "At least 1" + _fill(",000", n) + " civilians left.\n"),
    "numbers-run": (".txt", lambda n: LEAD + _fill("12 ", n) + "civilians left.\n"),
    "number-words": (".txt", lambda n: LEAD + _fill("thousands of ", n) + "civilians left.\n"),
    "qualifiers": (".txt", lambda n: LEAD + _fill("at least ", n) + "5000 civilians left.\n"),
    "capitalised-words": (
        ".txt",
        lambda n: LEAD + "5000 people left " + _fill("Aleppo Homs Idlib ", n) + ".\n",
    ),
    "place-list": (".txt", lambda n: LEAD + "5000 people left " + _fill("Aleppo, ", n) + "and Idlib.\n"),
    "dates": (".txt", lambda n: LEAD + "5000 people left on " + _fill("Monday, December 12, ", n) + ".\n"),
    "long-word": (".txt", lambda n: LEAD + "5000 people left " + "a" * n + ".\n"),
    "abbreviations": (".txt", lambda n: LEAD + "5000 people left " + _fill("Dr. St. U.N. ", n) + "\n"),
    "entities": (".html", lambda n: "<p>5000 people left " + _fill("&amp;&#160;&nbsp;", n) + "</p>"),
    "carriage-returns": (".txt", lambda n: LEAD + _fill("At least 5000\rcivilians were evacuated.\r", n)),
}


def _extract_one(name: str, data: bytes, gazetteer) -> None:
    from dashboard.extract import ingest
    from dashboard.extract.corpus import assemble
    from dashboard.extract.report import extract_report

    ing, problems = ingest.read_report(name, data)
    results = [extract_report(ing, gazetteer)] if ing is not None else []
    assemble(results, gazetteer, problems=problems)


def _child(name: str, data: bytes, queue) -> None:
    from dashboard.extract import corpus, ingest, places, report  # noqa: F401 (imported before the clock)
    from dashboard.schema import GEOCODE_CACHE

    gazetteer = places.load_gazetteer(GEOCODE_CACHE.empty())  # before the clock starts
    t0 = time.perf_counter()
    _extract_one(name, data, gazetteer)
    queue.put(time.perf_counter() - t0)


def time_one(name: str, data: bytes, limit: float) -> float | None:
    """Seconds to extract one report in a fresh process; None past `limit`."""
    queue: mp.Queue = mp.Queue()
    proc = mp.Process(target=_child, args=(name, data, queue))
    proc.start()
    proc.join(limit)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return None
    return queue.get() if not queue.empty() else float("nan")


def _fmt(t: float | None, limit: float) -> str:
    return f">{limit:.0f}" if t is None else f"{t:.2f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)))
    ap.add_argument("--limit", type=float, default=120.0, help="seconds before a case counts as a hang")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'shape':24}" + "".join(f"{s // 1000:>9} KB" for s in sizes) + "   ratio")
    failed = []
    for shape in args.shapes.split(","):
        suffix, make = SHAPES[shape]
        times = []
        for size in sizes:
            data = make(size).encode("utf-8")
            times.append(time_one(f"hostile{suffix}", data, args.limit))
        ratio = ""
        if len(sizes) >= 2:
            a, b = times[-2], times[-1]
            if a is None or b is None:
                ratio, ok = "hang", False
            else:
                r = b / max(a, 0.01)
                ratio, ok = f"{r:.1f}x", r <= MAX_RATIO
            if not ok:
                failed.append(shape)
        print(
            f"{shape:24}" + "".join(f"{_fmt(t, args.limit):>12}" for t in times) + f"   {ratio}", flush=True
        )
    print(
        f"ratio {sizes[-2] // 1000} KB -> {sizes[-1] // 1000} KB at most {MAX_RATIO:.0f}x: "
        + ("met" if not failed else "NOT met by " + ", ".join(failed))
    )
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
