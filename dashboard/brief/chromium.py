"""Find and drive a headless Chromium (Debian's `chromium` through the PyPI `playwright` package).

Used for the brief's PNG and PDF, the browser tests and the browser bench. Never downloads a
browser: `playwright install` is not needed and not used.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ENV_VAR = "DASHBOARD_CHROMIUM"  # an explicit browser path wins over the usual places
CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
)
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
# Headless and quiet: no GPU (WebGL falls back to SwiftShader), no update or sync traffic.
LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
INSTALL_HINT = (
    "To make PNG and PDF briefs, install a Chromium and the playwright package:\n"
    "  apt-get install -y chromium      # Debian/Ubuntu (or set DASHBOARD_CHROMIUM=/path/to/chrome)\n"
    "  pip install playwright           # no `playwright install` needed: the system browser is used"
)


class BrowserMissing(RuntimeError):
    """No usable browser: the message says what is missing and how to install it."""


def find_chromium() -> str | None:
    """Path of an executable Chromium or Chrome, or None."""
    explicit = os.environ.get(ENV_VAR)
    if explicit:
        return explicit if _executable(explicit) else None
    for path in CANDIDATES:
        if _executable(path):
            return path
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _executable(path: str) -> bool:
    return Path(path).is_file() and os.access(path, os.X_OK)


def _playwright_installed() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def missing_reason() -> str | None:
    """Why no browser can be driven here, or None when one can."""
    problems = []
    if not _playwright_installed():
        problems.append("the Python package `playwright` is not installed")
    if find_chromium() is None:
        where = os.environ.get(ENV_VAR) or ", ".join(CANDIDATES[:2])
        problems.append(f"no Chromium or Chrome was found (looked for {where} and on PATH)")
    if not problems:
        return None
    return "Cannot render PNG/PDF: " + "; ".join(problems) + ".\n" + INSTALL_HINT


def available() -> bool:
    return missing_reason() is None


@contextmanager
def launch(extra_args: tuple[str, ...] = ()) -> Iterator[object]:
    """A headless playwright Browser on the system Chromium; closed on exit."""
    reason = missing_reason()
    if reason:
        raise BrowserMissing(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=find_chromium(), headless=True, args=[*LAUNCH_ARGS, *extra_args]
        )
        try:
            yield browser
        finally:
            browser.close()


def block_network(page, allowed_prefixes: tuple[str, ...] = ()) -> list[str]:
    """Abort every request that leaves the machine (not file:, data:, blob: or an allowed prefix);
    return the list of those aborted.

    A brief must open with no network, so rendering it proves that: anything it tries to fetch
    is refused and recorded.
    """
    refused: list[str] = []
    local = ("file:", "data:", "blob:", *allowed_prefixes)

    def handle(route) -> None:
        url = route.request.url
        if url.startswith(local):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    page.route("**/*", handle)
    return refused


# --- the app in a browser (for the browser tests and the browser bench) -----------------------

REPO_ROOT = Path(__file__).resolve().parents[2]
APP_FILE = REPO_ROOT / "dashboard" / "app.py"
# The app has finished its run and every plotly figure is drawn (the WebGL map's style loaded).
APP_READY_JS = """(minPlots) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.dataset.testScriptState !== 'notRunning') return false;
  // Streamlit loads most elements' code on first use and shows a skeleton meanwhile.
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  const plots = document.querySelectorAll('.js-plotly-plot');
  if (plots.length < minPlots) return false;
  for (const gd of plots) {
    if (!gd._fullLayout) return false;
    const sub = gd._fullLayout.map && gd._fullLayout.map._subplot;
    if (sub && !(sub.map && sub.map.loaded())) return false;
  }
  return true;
}"""


def free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def app_command(
    port: int, data_dir: Path | None = None, seeds_dir: Path | None = None, app_file: Path = APP_FILE
) -> list[str]:
    """`streamlit run dashboard/app.py` on 127.0.0.1:port, quiet, reading the given folders."""
    import sys

    command = [
        sys.executable, "-m", "streamlit", "run", str(app_file),
        "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    extra = [
        *(["--data", str(data_dir)] if data_dir else []),
        *(["--seeds", str(seeds_dir)] if seeds_dir else []),
    ]
    return [*command, "--", *extra] if extra else command


def start_app(
    port: int,
    data_dir: Path | None = None,
    seeds_dir: Path | None = None,
    log: Path | None = None,
    app_file: Path = APP_FILE,
):
    """Start the app as a subprocess (no PYTHONPATH: it must find its package as on a hosted server)."""
    import subprocess

    out = log.open("wb") if log else subprocess.DEVNULL
    try:
        return subprocess.Popen(
            app_command(port, data_dir, seeds_dir, app_file),
            cwd=REPO_ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    finally:
        if log:
            out.close()


def wait_healthy(url: str, proc, timeout_s: float = 60) -> float:
    """Poll Streamlit's health endpoint until it answers; return when (time.monotonic())."""
    import time
    import urllib.request

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
                if answer.status == 200:
                    return time.monotonic()
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"streamlit did not answer on {url} within {timeout_s} s")


def stop(proc) -> None:
    """End a process this module started: politely, then for sure."""
    import subprocess

    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_app_ready(page, min_plots: int = 2, timeout_ms: int = 30_000) -> None:
    """Wait until the app has finished running and drawn its figures (map included)."""
    page.wait_for_function(APP_READY_JS, arg=min_plots, timeout=timeout_ms, polling=50)
