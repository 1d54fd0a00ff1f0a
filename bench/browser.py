"""Bench: the app and the brief in a real browser (Debian's Chromium through playwright).

Prints
- page ready: from `streamlit run` to the page fully drawn in Chromium (the app's run finished,
  every plotly figure drawn, the map's style loaded), with the server's start-up on its own;
- brief: the `brief` command (PNG + PDF + HTML) as a user runs it, a fresh Python process, and
  the same in-process once the modules are loaded.
Targets: page ready <= 3 s, brief <= 10 s.

    python bench/browser.py [--data data] [--seeds seeds] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard import brief, browser  # noqa: E402

PAGE_TARGET_S = 3.0
BRIEF_TARGET_S = 10.0


def page_ready(chromium, data: Path, seeds: Path) -> tuple[float, float]:
    """(seconds to the health endpoint, seconds to the drawn page), both from `streamlit run`."""
    port = browser.free_port()
    url = f"http://127.0.0.1:{port}"
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    started = time.monotonic()
    proc = browser.start_app(port, data, seeds)
    try:
        healthy = browser.wait_healthy(url, proc) - started
        page.goto(url)
        browser.wait_app_ready(page)
        ready = time.monotonic() - started
        errors = page.locator('[data-testid="stException"]').count()
        if errors:
            raise RuntimeError(f"the page shows {errors} error(s)")
    finally:
        browser.stop(proc)
        context.close()
    return healthy, ready


def brief_cold(data: Path, seeds: Path, out: Path) -> float:
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "dashboard", "brief", "--view", "", "--out", str(out), "--data", str(data),
         "--seeds", str(seeds)],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    return time.monotonic() - started


def brief_warm(data: Path, seeds: Path, out: Path) -> float:
    started = time.monotonic()
    files, _ = brief.make_brief("", out, data, seeds_dir=seeds)
    if files.png is None or files.problem:
        raise RuntimeError(files.problem or "no PNG")
    return time.monotonic() - started


def verdict(value: float, target: float) -> str:
    return "ok" if value <= target else "OVER TARGET"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=ROOT / "data")
    p.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args(argv)
    reason = browser.missing_reason()
    if reason:
        print(reason, file=sys.stderr)
        return 2
    if not (args.data / "articles.csv").is_file():
        print(f"no tables in {args.data}: run `python -m dashboard build` first", file=sys.stderr)
        return 2

    with browser.launch() as chromium:
        page_ready(chromium, args.data, args.seeds)  # warm the disk cache: a first start reads every module
        runs = [page_ready(chromium, args.data, args.seeds) for _ in range(args.runs)]
    health = statistics.median(h for h, _ in runs)
    ready = statistics.median(r for _, r in runs)
    print(f"page ready  {ready:6.2f} s median of {args.runs} (server answering after {health:.2f} s; "
          f"runs {', '.join(f'{r:.2f}' for _, r in runs)})  target <= {PAGE_TARGET_S:g} s: "
          f"{verdict(ready, PAGE_TARGET_S)}")  # fmt: skip

    with tempfile.TemporaryDirectory(prefix="bench-brief-") as tmp:
        out = Path(tmp) / "brief"
        cold = [brief_cold(args.data, args.seeds, out) for _ in range(args.runs)]
        warm = [brief_warm(args.data, args.seeds, out) for _ in range(args.runs)]
        sizes = {s: out.with_suffix(s).stat().st_size for s in (".png", ".pdf", ".html")}
    print(f"brief       {statistics.median(cold):6.2f} s median of {args.runs}, command in a new process "
          f"(runs {', '.join(f'{c:.2f}' for c in cold)})  target <= {BRIEF_TARGET_S:g} s: "
          f"{verdict(statistics.median(cold), BRIEF_TARGET_S)}")  # fmt: skip
    print(f"brief warm  {statistics.median(warm):6.2f} s median, in-process (modules loaded)")
    print("brief files " + ", ".join(f"{s[1:]} {n / 1e6:.1f} MB" for s, n in sizes.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
