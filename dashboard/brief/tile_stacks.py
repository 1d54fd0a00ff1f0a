"""Markers that stack on the tile map (online mode) at the zoom it opens at: spread apart round the
largest, each joined by a thin line to where its place is, or past stacks.SPREAD_MAX grouped under
their count, as the flat (offline) map does. Pure: web-mercator px at the figure's zoom (to_px,
from_px) and stacks.spread on the map's traces, redrawn as map traces (spread_tiles)."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.brief import stacks, static_map

TILE_PX = 512  # maplibre draws the world this many px wide at zoom 0


def world_px(zoom: float) -> float:
    """The world's width in px at this zoom."""
    return TILE_PX * 2**zoom


def to_px(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """(lon, lat) as web-mercator px at this zoom (x east, y south), as the tiles are drawn."""
    world = world_px(zoom)
    phi = math.radians(max(-85.0, min(85.0, lat)))
    return (lon + 180) / 360 * world, (1 - math.log(math.tan(math.pi / 4 + phi / 2)) / math.pi) / 2 * world


def from_px(x: float, y: float, zoom: float) -> tuple[float, float]:
    """The inverse of to_px."""
    world = world_px(zoom)
    lat = math.degrees(2 * math.atan(math.exp(math.pi * (1 - 2 * y / world))) - math.pi / 2)
    return x / world * 360 - 180, lat


def spread_tiles(fig: go.Figure, places: pd.DataFrame) -> go.Figure:
    """The tile map with its stacked markers spread (or grouped under a count) at its zoom: the
    place traces' points moved in place, the leaders and counts added as map traces. Markers
    that do not touch at that zoom stay where they are; the figure is returned for chaining."""
    zoom = float(fig.layout.map.zoom or 1)
    on_map = [t for t in fig.data if t.type == "scattermap"]
    flat = [static_map.scatter_trace(t) for t in on_map]
    added = go.Figure()
    stacks.spread(
        flat, places, lambda lon, lat: to_px(lon, lat, zoom), lambda x, y: from_px(x, y, zoom), added
    )
    for trace, moved in zip(on_map, flat, strict=True):
        if moved.x is not None and list(moved.x) != list(trace.lon or ()):
            trace.lon, trace.lat = list(moved.x), list(moved.y)
    for trace in added.data:
        for extra in _map_traces(trace):
            fig.add_trace(extra)
    return fig


CROWD_RING = "#333333"


def _map_traces(trace: go.Scatter) -> list[dict]:
    """A leader or count trace of stacks.spread as map traces: a map marker has no outline, so a
    count's ring is a darker marker under its white disc."""
    spec = trace.to_plotly_json()
    base = {k: v for k, v in spec.items() if k not in ("x", "y", "type", "marker", "textfont")}
    base |= {"type": "scattermap", "lon": spec.get("x"), "lat": spec.get("y")}
    marker = {k: v for k, v in (spec.get("marker") or {}).items() if k in ("size", "color", "opacity")}
    if spec.get("name") != "stack":
        return [base | {"marker": marker}]
    size = float(marker.get("size", 20))
    ring = {
        "type": "scattermap", "lon": spec.get("x"), "lat": spec.get("y"), "mode": "markers", "name": "stack ring",
        "marker": {"size": size + 3, "color": CROWD_RING}, "hoverinfo": "skip", "showlegend": False,
    }  # fmt: skip
    font = {k: v for k, v in (spec.get("textfont") or {}).items() if k in ("size", "color")}
    return [ring, base | {"marker": marker, "textfont": font}]
