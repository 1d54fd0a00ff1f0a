"""Bench: the app and the brief in a real browser (Debian's Chromium through playwright).

Prints
- page ready: from `streamlit run` to the page fully drawn in Chromium (the app's run finished,
  every plotly figure drawn, the map's style loaded), with the server's start-up on its own, for
  a first visit (empty browser cache) and for a returning viewer (scripts in the browser cache).
  The page itself notes, at each animation frame, when the run was done and when it was ready
  (a poll from here would add up to its interval and a round trip to a busy browser);
- the floor under that figure on this machine: a bare Streamlit page that draws the app's own
  map and timeline figures, made by the app's own functions (ui.panels.screen_map and
  screen_timeline: the same renderer, SVG for the offline map, and the same chart config), and
  nothing else (no data loading, no other element), measured the same way; then the app's
  first visit, the floor's and their ratio on one line. What the app adds is the difference;
- brief: the `brief` command (PNG + PDF + HTML) as a user runs it, a fresh Python process, and
  the same in-process once the modules are loaded.
Targets: page ready <= 3 s, app <= 1.15 x floor, brief <= 10 s.

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

from dashboard import tables as store  # noqa: E402
from dashboard.brief import command, render  # noqa: E402
from dashboard.ui import serve  # noqa: E402
from dashboard.view import maps  # noqa: E402

PAGE_TARGET_S = 3.0
FLOOR_RATIO_TARGET = 1.15  # the app's first visit against the floor page's
VIEWPORT = {"width": 1280, "height": 800}
BRIEF_TARGET_S = 10.0


SCRIPT_DONE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.dataset.testScriptState === 'notRunning' && !!document.querySelector('.js-plotly-plot, [data-testid="stMetric"]');
}"""
# The map's style can be loaded before plotly has added its traces and layers: the map counts as
# drawn once they are all there and loaded.
MAP_FILLED_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].every(gd => {
  const sub = gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
  if (!sub) return true;
  const traces = gd._fullData.filter(t => t.visible === true && t.subplot === 'map').length;
  return Object.keys(sub.traceHash || {}).length >= traces
    && (sub.layerList || []).length >= (gd._fullLayout.map.layers || []).length && sub.map.loaded();
})"""
# Installed in the page before it loads: the wall-clock time (ms) at which each condition first
# held, checked at every animation frame.
WATCH_JS = f"""(() => {{
  const runDone = {SCRIPT_DONE_JS};
  const ready = {serve.APP_READY_JS};
  const mapFilled = {MAP_FILLED_JS};
  const at = window.__benchAt = {{}};
  const check = () => {{
    const now = performance.timeOrigin + performance.now();
    if (!at.run && runDone()) at.run = now;
    if (!at.ready && ready(2) && mapFilled()) at.ready = now;
    if (!at.ready) requestAnimationFrame(check);
  }};
  requestAnimationFrame(check);
}})();"""


# The floor page: Streamlit and plotly drawing the app's default map and timeline exactly as the app
# draws them (the same figures, so the same renderer: the offline map is SVG, a tile map WebGL; the
# same chart config), read from JSON.
FLOOR_SCRIPT = """from pathlib import Path
import json
import streamlit as st
CONFIG = {"map": {"scrollZoom": True, "displaylogo": False}, "timeline": {"displaylogo": False}}
for name in ("map", "timeline"):
    fig = json.loads(Path(__file__).with_name(name + ".json").read_text("utf-8"))
    st.plotly_chart(fig, width="stretch", config=CONFIG[name])
"""


def floor_figures(data: Path, query: dict | None = None) -> dict:
    """The map and timeline figures the app draws for a view (the default one), as the app makes them."""
    from dashboard.ui import panels
    from dashboard.view import filters, viewstate

    tables = store.read_tables(data)
    state, _ = viewstate.from_query(query or {})
    view = filters.apply(tables, state)
    return {
        "map": panels.screen_map(view, tables, state, maps.place_colours(tables["places"])),
        "timeline": panels.screen_timeline(view, state),
    }


def write_floor_page(data: Path, seeds: Path, folder: Path) -> Path:
    """The floor page's script in `folder`, with the app's default figures beside it."""
    for name, fig in floor_figures(data).items():
        (folder / f"{name}.json").write_text(fig.to_json(), encoding="utf-8")
    script = folder / "floor_page.py"
    script.write_text(FLOOR_SCRIPT, encoding="utf-8")
    return script


def page_ready(
    context, data: Path, seeds: Path, port: int | None = None, app_file: Path = serve.APP_FILE
) -> dict[str, float]:
    """Seconds from `streamlit run` to: the server answering, the page's shell loaded, the app's
    run finished, and every figure drawn ('ready')."""
    port = port or serve.free_port()
    url = f"http://127.0.0.1:{port}"
    page = context.new_page()
    page.add_init_script(WATCH_JS)
    started, started_wall = time.monotonic(), time.time()
    proc = serve.start_app(port, data, seeds, app_file=app_file)  # the floor page ignores the folders
    try:
        phases = {"server": serve.wait_healthy(url, proc) - started}
        page.goto(url, wait_until="domcontentloaded")
        phases["shell"] = time.monotonic() - started
        page.wait_for_function("() => window.__benchAt && window.__benchAt.ready", polling=50, timeout=30_000)
        phases["seen"] = time.monotonic() - started  # when this process saw it (poll + round trip)
        at = page.evaluate("window.__benchAt")
        phases["run"] = at["run"] / 1000 - started_wall
        phases["ready"] = at["ready"] / 1000 - started_wall
        errors = page.locator('[data-testid="stException"]').count()
        if errors:
            raise RuntimeError(f"the page shows {errors} error(s)")
    finally:
        serve.stop(proc)
        page.close()
    return phases


def page_runs(
    chromium, data: Path, seeds: Path, runs: int, warm_cache: bool, app_file: Path = serve.APP_FILE
) -> list[dict[str, float]]:
    """Fresh browser profile each run (a first visit), or one profile whose cache the warm-up
    filled, the app on the same address each time (a returning viewer: Streamlit's and plotly's
    scripts come from the browser cache)."""
    shared = chromium.new_context(viewport=VIEWPORT) if warm_cache else None
    port = serve.free_port() if warm_cache else None
    out = []
    try:
        if shared:
            page_ready(shared, data, seeds, port, app_file)
        for _ in range(runs):
            context = shared or chromium.new_context(viewport=VIEWPORT)
            out.append(page_ready(context, data, seeds, port, app_file))
            if not shared:
                context.close()
    finally:
        if shared:
            shared.close()
    return out


def report_page(label: str, runs: list[dict[str, float]], judged: bool = True) -> None:
    median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    each = ", ".join(f"{r['ready']:.2f}" for r in runs)
    print(
        f"page ready, {label}: {median['ready']:5.2f} s median of {len(runs)} (runs {each}); "
        f"server answering {median['server']:.2f} s, page shell {median['shell']:.2f} s, "
        f"app run done {median['run']:.2f} s (ready as seen by the driver {median['seen']:.2f} s)"
        + (f"  target <= {PAGE_TARGET_S:g} s: {verdict(median['ready'], PAGE_TARGET_S)}" if judged else "")
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
    files, _ = command.make_brief("", out, data, seeds_dir=seeds)
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
    reason = render.missing_reason()
    if reason:
        print(reason, file=sys.stderr)
        return 2
    if not (args.data / "articles.csv").is_file():
        print(f"no tables in {args.data}: run `python -m dashboard build` first", file=sys.stderr)
        return 2

    print(
        f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (other work slows every figure)"
    )
    with render.launch() as chromium:
        page_runs(chromium, args.data, args.seeds, 1, warm_cache=False)  # a first start reads every module
        first = page_runs(chromium, args.data, args.seeds, args.runs, warm_cache=False)
        report_page("first visit ", first)
        report_page(
            "browser cache warm", page_runs(chromium, args.data, args.seeds, args.runs, warm_cache=True)
        )
        with tempfile.TemporaryDirectory(prefix="bench-floor-") as tmp:
            floor = write_floor_page(args.data, args.seeds, Path(tmp))
            floor_runs = page_runs(
                chromium, args.data, args.seeds, args.runs, warm_cache=False, app_file=floor
            )
            report_page(
                "floor: Streamlit + plotly drawing the same two figures, nothing else, first visit",
                floor_runs,
                judged=False,
            )
        app_s = statistics.median(r["ready"] for r in first)
        floor_s = statistics.median(r["ready"] for r in floor_runs)
        print(
            f"app / floor, first visit: {app_s:.2f} s / {floor_s:.2f} s = {app_s / floor_s:.2f}x  "
            f"target <= {FLOOR_RATIO_TARGET:g}x: {verdict(app_s / floor_s, FLOOR_RATIO_TARGET)}"
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
