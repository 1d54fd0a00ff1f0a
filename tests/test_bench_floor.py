"""bench/browser.py's floor page is fair: it draws the figures the app draws, with the same renderer
(the offline map in SVG, as the app; a tile map in WebGL, as the app), not another figure."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from tests.app_fixtures import run_app, use_committed_data

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_browser", ROOT / "bench" / "browser.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def seeds(monkeypatch):
    use_committed_data(monkeypatch)


def _shape(spec: dict) -> list[tuple]:
    return [
        (t.get("type", "scatter"), t.get("name"), len(t.get("x") or t.get("lon") or [])) for t in spec["data"]
    ]


@pytest.mark.parametrize("query", [{}, {"map": "carto-positron"}])
def test_the_floor_draws_the_apps_own_figures(seeds, query):
    at = run_app(query)
    app = {
        ("map" if "map-" in el.proto.id else "timeline"): json.loads(el.proto.spec)
        for el in at.get("plotly_chart")
        if "series" not in el.proto.id  # the floor page draws the map and the timeline only
    }
    floor = {
        name: json.loads(fig.to_json()) for name, fig in _bench().floor_figures(ROOT / "data", query).items()
    }
    for name in ("map", "timeline"):
        assert _shape(floor[name]) == _shape(app[name]), name
    webgl = any(t["type"] == "scattermap" for t in floor["map"]["data"])
    assert webgl == ("map" in query), "SVG offline, WebGL over tiles: whatever the app draws"


def test_the_floor_page_is_written_beside_its_figures(tmp_path, seeds):
    script = _bench().write_floor_page(ROOT / "data", ROOT / "seeds", tmp_path)
    assert {p.name for p in tmp_path.iterdir()} == {"floor_page.py", "map.json", "timeline.json"}
    assert '"scrollZoom": True' in script.read_text(encoding="utf-8")
