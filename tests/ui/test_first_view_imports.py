"""A first visit's run loads only what the default view needs: not DuckDB (the large-corpus path)
nor the extraction's claim modules (~0.1-0.25 s of imports on a fresh server, where the page-ready
bench counts every one; bench/browser.py measures the time)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOT_LOADED = (
    "duckdb",
    "dashboard.extract.claims",
    "dashboard.extract.claim_rows",
    "dashboard.extract.pipeline",
)

RUN = f"""
import json, sys
sys.path.insert(0, {str(ROOT)!r})
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({str(ROOT / "dashboard" / "app.py")!r}, default_timeout=60)
at.run()
assert not at.exception, [e.message for e in at.exception]
assert at.get("plotly_chart"), "the map and timeline are drawn"
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("duckdb", "dashboard"))))
"""


def test_the_default_view_loads_no_duckdb_and_no_claim_extraction():
    if not (ROOT / "data" / "articles.csv").is_file():
        pytest.skip("data/ is not built")
    env = {**os.environ, "CRISIS_DATA": str(ROOT / "data"), "CRISIS_SEEDS": str(ROOT / "seeds")}
    done = subprocess.run([sys.executable, "-c", RUN], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "dashboard.ui.panels" in loaded
    assert not loaded & set(NOT_LOADED), sorted(loaded & set(NOT_LOADED))
