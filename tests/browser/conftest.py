"""Fixtures for the tests in a real browser: the app served on 127.0.0.1, and headless Chromium.

Without Chromium these tests skip with the reason, except under CI (the env var CI set), where a
missing browser is a failure: CI installs Debian's `chromium` and must run them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.brief import render
from dashboard.ui import serve

ROOT = Path(__file__).resolve().parents[2]
APP_TIMEOUT_MS = 30_000


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def require_browser() -> None:
    reason = render.missing_reason()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the browser tests, but: {reason}", pytrace=False)
    pytest.skip(f"no browser here: {reason}")


@pytest.fixture(autouse=True)
def _needs_browser() -> None:
    require_browser()


@pytest.fixture(scope="session")
def seeds_data(tmp_path_factory) -> tuple[Path, Path]:
    """The tables of the seed reports: data/ as committed, else built now from seeds/."""
    seeds = ROOT / "seeds"
    data = ROOT / "data"
    if (data / "articles.csv").is_file():
        return data, seeds
    out = tmp_path_factory.mktemp("data")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard",
            "build",
            "--seeds",
            str(seeds),
            "--out",
            str(out),
            "--no-progress",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return out, seeds


@pytest.fixture(scope="session")
def app_url(seeds_data, tmp_path_factory) -> Iterator[str]:
    require_browser()
    data, seeds = seeds_data
    port = serve.free_port()
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    proc = serve.start_app(port, data, seeds, log)
    url = f"http://127.0.0.1:{port}"
    try:
        serve.wait_healthy(url, proc)
    except (RuntimeError, TimeoutError) as err:
        serve.stop(proc)
        pytest.fail(f"{err}\n{log.read_text(errors='replace')[-3000:]}", pytrace=False)
    yield url
    serve.stop(proc)


@pytest.fixture(scope="session")
def chromium():
    require_browser()
    with render.launch() as b:
        yield b


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    p = context.new_page()
    p.set_default_timeout(APP_TIMEOUT_MS)
    yield p
    context.close()
