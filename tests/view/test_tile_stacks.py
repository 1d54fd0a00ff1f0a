"""The tile map (online mode): markers that overlap at the zoom it opens at are spread apart, each
with a thin line to where its place is, or past SPREAD_MAX grouped under their count."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import tables as store
from dashboard.brief import stacks, tile_stacks
from dashboard.ui import panels
from dashboard.view import filters, maps
from dashboard.view.viewstate import ViewState

ROOT = Path(__file__).resolve().parents[2]

ZOOM = 8.0
KM = 1 / 111.2  # degrees of latitude in a km


def tile_map(points: list[tuple[str, float, float, float]], zoom: float = ZOOM) -> go.Figure:
    """A tile map like maps.map_figure's: one marker trace per place (id, lon, lat, size px)."""
    fig = go.Figure()
    for pid, lon, lat, size in points:
        fig.add_trace(
            go.Scattermap(
                lon=[lon], lat=[lat], mode="markers", marker={"size": [size]}, name=pid, customdata=[[pid]]
            )  # fmt: skip
        )
    fig.update_layout(map={"zoom": zoom, "center": {"lon": 36.7, "lat": 36.0}})
    return fig


def places_of(points) -> pd.DataFrame:
    return pd.DataFrame([{"place_id": p, "name": p.title(), "lon": x, "lat": y} for p, x, y, _ in points])


def marker_px(fig: go.Figure, zoom: float = ZOOM) -> dict[str, tuple[float, float, float]]:
    out = {}
    for t in fig.data:
        if t.mode == "markers" and t.customdata is not None:
            for lon, lat, s, data in zip(t.lon, t.lat, t.marker.size, t.customdata, strict=True):
                out[data[0]] = (*tile_stacks.to_px(lon, lat, zoom), float(s))
    return out


# case -> places (id, lon, lat, size px), and how many leaders / counts the spread map draws
CASES = [
    ("two villages 1.4 km apart (Foua, Kefraya)",
     [("foua", 36.7036, 35.9917, 20), ("kefraya", 36.6775, 35.9967, 14)], 1, 0),
    ("a city, its eastern districts and a village on top of it",
     [("aleppo", 37.134, 36.202, 36), ("east", 37.18, 36.21, 24), ("old", 37.16, 36.20, 12),
      ("village", 37.15, 36.205, 10)], 3, 0),
    ("far apart: left where they are", [("a", 36.0, 35.0, 20), ("b", 37.0, 36.0, 20)], 0, 0),
    ("a crowd past SPREAD_MAX: grouped under its count",
     [(f"p{i}", 36.7 + i * 0.5 * KM, 36.0, 18) for i in range(stacks.SPREAD_MAX + 3)], 0, 1),
]  # fmt: skip


@pytest.mark.parametrize("case, points, leaders, counts", CASES, ids=[c[0] for c in CASES])
def test_markers_that_stack_at_the_tile_zoom_are_spread_or_counted(case, points, leaders, counts):
    fig = tile_stacks.spread_tiles(tile_map(points), places_of(points))
    drawn = marker_px(fig)
    assert set(drawn) == {p[0] for p in points}  # every place keeps its marker and its id (clicks)
    spread = [t for t in fig.data if t.name == "spread"]
    assert sum(len(t.lon) // 3 for t in spread) == leaders
    stack = [t for t in fig.data if t.name == "stack"]
    assert len(stack) == counts
    if counts:
        assert stack[0].text == (str(len(points)),) and stack[0].type == "scattermap"
        assert [t.name for t in fig.data].count("stack ring") == 1
        return
    for (a, (xa, ya, sa)), (b, (xb, yb, sb)) in itertools.combinations(drawn.items(), 2):
        assert math.hypot(xa - xb, ya - yb) >= (sa + sb) / 2 - 1e-6, (a, b)  # no marker on another
    for t in spread:  # each leader runs from where its place is to its marker
        starts = set(zip(t.lon[0::3], t.lat[0::3], strict=True))
        assert starts <= {(x, y) for _, x, y, _ in points}


def test_the_largest_of_a_stack_stays_where_it_is():
    points = CASES[1][1]
    fig = tile_stacks.spread_tiles(tile_map(points), places_of(points))
    aleppo = next(t for t in fig.data if t.name == "aleppo")
    assert (aleppo.lon[0], aleppo.lat[0]) == (37.134, 36.202)


def test_the_same_places_spread_further_apart_when_the_map_opens_further_out():
    points = CASES[0][1]
    near = marker_px(tile_stacks.spread_tiles(tile_map(points, 11), places_of(points)), 11)
    assert math.hypot(near["foua"][0] - near["kefraya"][0], near["foua"][1] - near["kefraya"][1]) >= 17 - 1e-6
    far = tile_stacks.spread_tiles(tile_map(points, 14), places_of(points))
    assert not [t for t in far.data if t.name == "spread"]  # 1.4 km is ~95 px at zoom 14: no stack


@pytest.mark.parametrize("lon, lat", [(36.7, 36.0), (-120.5, -33.3), (0.0, 0.0), (179.9, 70.0)])
def test_px_and_back(lon, lat):
    assert tile_stacks.from_px(*tile_stacks.to_px(lon, lat, 7.3), 7.3) == pytest.approx((lon, lat))


@pytest.fixture(scope="module")
def seeds_tables():
    if not (ROOT / "data" / "articles.csv").is_file():
        pytest.skip("data/ is not built")
    return store.read_tables(ROOT / "data")


def test_the_screens_tile_map_has_no_marker_on_another(seeds_tables):
    state = ViewState(map_style="open-street-map")
    view = filters.apply(seeds_tables, state)
    fig = panels.screen_map(view, seeds_tables, state, maps.place_colours(seeds_tables["places"]))
    assert fig.data[0].type == "scattermap"
    zoom = float(fig.layout.map.zoom)
    drawn = {}
    for t in fig.data:
        if t.mode == "markers" and t.customdata is not None and t.name != "selected":
            for lon, lat, s, data in zip(t.lon, t.lat, t.marker.size, t.customdata, strict=True):
                drawn[data[0]] = (*tile_stacks.to_px(lon, lat, zoom), float(s))
    assert len(drawn) > 5
    for (a, (xa, ya, sa)), (b, (xb, yb, sb)) in itertools.combinations(drawn.items(), 2):
        assert math.hypot(xa - xb, ya - yb) >= (sa + sb) / 2 - 1e-6, (a, b)
