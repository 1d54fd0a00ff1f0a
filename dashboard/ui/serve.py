"""The app served by `streamlit run` in a process of its own, for the browser tests and the benches:
start it on a free port of 127.0.0.1, wait until it answers and its page is drawn, stop it.
"""

from __future__ import annotations

from pathlib import Path

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
        if not isinstance(out, int):
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
