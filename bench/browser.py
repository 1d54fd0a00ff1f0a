"""Bench: the app and the brief in a real browser (Debian's Chromium through playwright).

Prints
- page ready: from `streamlit run` to the page fully drawn in Chromium (the app's run finished,
  every plotly figure drawn, the map's style loaded), with the server's start-up on its own, for
  a first visit (empty browser cache) and for a returning viewer (scripts in the browser cache);
- brief: the `brief` command (PNG + PDF + HTML) as a user runs it, a fresh Python process, and
  the same in-process once the modules are loaded.
Targets: page ready <= 3 s, brief <= 10 s.

    python bench/browser.py [--data data] [--seeds seeds] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
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
VIEWPORT = {"width": 1280, "height": 800}
BRIEF_TARGET_S = 10.0


SCRIPT_DONE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.dataset.testScriptState === 'notRunning' && !!document.querySelector('.js-plotly-plot, [data-testid="stMetric"]');
}"""


def page_ready(context, data: Path, seeds: Path, port: int | None = None) -> dict[str, float]:
    """Seconds from `streamlit run` to: the server answering, the page's shell loaded, the app's
    run finished, and every figure drawn ('ready')."""
    port = port or browser.free_port()
    url = f"http://127.0.0.1:{port}"
    page = context.new_page()
    started = time.monotonic()
    proc = browser.start_app(port, data, seeds)
    try:
        phases = {"server": browser.wait_healthy(url, proc) - started}
        page.goto(url, wait_until="domcontentloaded")
        phases["shell"] = time.monotonic() - started
        page.wait_for_function(SCRIPT_DONE_JS, polling=20, timeout=30_000)
        phases["run"] = time.monotonic() - started
        browser.wait_app_ready(page)
        phases["ready"] = time.monotonic() - started
        errors = page.locator('[data-testid="stException"]').count()
        if errors:
            raise RuntimeError(f"the page shows {errors} error(s)")
    finally:
        browser.stop(proc)
        page.close()
    return phases


def page_runs(chromium, data: Path, seeds: Path, runs: int, warm_cache: bool) -> list[dict[str, float]]:
    """Fresh browser profile each run (a first visit), or one profile whose cache the warm-up
    filled, the app on the same address each time (a returning viewer: Streamlit's and plotly's
    scripts come from the browser cache)."""
    shared = chromium.new_context(viewport=VIEWPORT) if warm_cache else None
    port = browser.free_port() if warm_cache else None
    out = []
    try:
        if shared:
            page_ready(shared, data, seeds, port)
        for _ in range(runs):
            context = shared or chromium.new_context(viewport=VIEWPORT)
            out.append(page_ready(context, data, seeds, port))
            if not shared:
                context.close()
    finally:
        if shared:
            shared.close()
    return out


def report_page(label: str, runs: list[dict[str, float]]) -> None:
    median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    each = ", ".join(f"{r['ready']:.2f}" for r in runs)
    print(
        f"page ready, {label}: {median['ready']:5.2f} s median of {len(runs)} (runs {each}); "
        f"server answering {median['server']:.2f} s, page shell {median['shell']:.2f} s, "
        f"app run done {median['run']:.2f} s  target <= {PAGE_TARGET_S:g} s: {verdict(median['ready'], PAGE_TARGET_S)}"
    )


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

    print(
        f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (other work slows every figure)"
    )
    with browser.launch() as chromium:
        page_runs(chromium, args.data, args.seeds, 1, warm_cache=False)  # a first start reads every module
        report_page("first visit ", page_runs(chromium, args.data, args.seeds, args.runs, warm_cache=False))
        report_page(
            "browser cache warm", page_runs(chromium, args.data, args.seeds, args.runs, warm_cache=True)
        )

    with tempfile.TemporaryDirectory(prefix="bench-brief-") as tmp:
        out = Path(tmp) / "brief"
        cold = [brief_cold(args.data, args.seeds, out) for _ in range(args.runs)]
        print(f"brief, command in a new process: {statistics.median(cold):5.2f} s median of {args.runs} "
              f"(runs {', '.join(f'{c:.2f}' for c in cold)})  target <= {BRIEF_TARGET_S:g} s: "
              f"{verdict(statistics.median(cold), BRIEF_TARGET_S)}")  # fmt: skip
        sizes = {s: out.with_suffix(s).stat().st_size for s in (".png", ".pdf", ".html")}
        print("brief files: " + ", ".join(f"{s[1:]} {n / 1e6:.1f} MB" for s, n in sizes.items()))
        warm = [brief_warm(args.data, args.seeds, out) for _ in range(args.runs)]
        print(
            f"brief, in-process with the modules loaded (the app's case): {statistics.median(warm):5.2f} s median"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
