"""Routes that leave the map's frame: cut at its edge, with an arrowhead there when the route goes
on out of it, and the far end named at the edge ("to Idlib →", "from Aleppo"). Pure geometry in
lon/lat (clip_route) and its use on the flat map's movement trace (clip_routes)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from dashboard.view import maps

EDGE_ARROWS = {"right": "→", "left": "←", "top": "↑", "bottom": "↓"}
EDGE_TEXT_POSITION = {
    "right": "middle left", "left": "middle right", "top": "bottom center", "bottom": "top center",
}  # fmt: skip
INSET = 0.02  # of the frame's width and height: an edge's arrow and name are drawn this far inside


Box = tuple[float, float, float, float]  # lon min, lon max, lat min, lat max


@dataclass(frozen=True)
class Cut:
    """What of a route is inside the frame: its points, and where it leaves or enters the frame
    (lon, lat, edge) when it does."""

    lons: list[float]
    lats: list[float]
    leaves: tuple[float, float, str] | None = None
    enters: tuple[float, float, str] | None = None


def inside(lon: float, lat: float, box: Box) -> bool:
    return box[0] <= lon <= box[1] and box[2] <= lat <= box[3]


def _crossing(a: tuple[float, float], b: tuple[float, float], box: Box) -> tuple[float, float, str]:
    """Where the segment from a (inside the box) to b (outside) crosses the box's edge, and which
    edge: the first of those it goes out through."""
    (x0, y0), (x1, y1) = a, b
    ways = []
    if x1 < box[0]:
        ways.append(((box[0] - x0) / (x1 - x0), "left"))
    if x1 > box[1]:
        ways.append(((box[1] - x0) / (x1 - x0), "right"))
    if y1 < box[2]:
        ways.append(((box[2] - y0) / (y1 - y0), "bottom"))
    if y1 > box[3]:
        ways.append(((box[3] - y0) / (y1 - y0), "top"))
    t, edge = min(ways)
    return x0 + t * (x1 - x0), y0 + t * (y1 - y0), edge


def clip_route(lons: Sequence[float], lats: Sequence[float], box: Box) -> Cut | None:
    """The first run of a route's points inside the box, cut where it crosses the edge; None when
    no point of it is inside."""
    points = list(zip(lons, lats, strict=True))
    flags = [inside(x, y, box) for x, y in points]
    if not any(flags):
        return None
    first = flags.index(True)
    last = first
    while last + 1 < len(points) and flags[last + 1]:
        last += 1
    run = points[first : last + 1]
    enters = _crossing(points[first], points[first - 1], box) if first > 0 else None
    leaves = _crossing(points[last], points[last + 1], box) if last + 1 < len(points) else None
    if enters:
        run = [enters[:2], *run]
    if leaves:
        run = [*run, leaves[:2]]
    return Cut([p[0] for p in run], [p[1] for p in run], leaves, enters)


def clip_routes(traces: list[go.Scatter], xr: list[float], yr: list[float], out: go.Figure) -> None:
    """The movement trace redrawn inside the frame (its routes are in its meta, maps._add_routes):
    each route cut at the edge, an arrowhead where it arrives or where it leaves the frame, and
    names of the ends outside written at the edge."""
    moving = next((t for t in traces if t.name == "movement" and isinstance(t.meta, dict)), None)
    if moving is None or not moving.meta.get("routes"):
        return
    dx, dy = (xr[1] - xr[0]) * INSET, (yr[1] - yr[0]) * INSET
    box = (xr[0] + dx, xr[1] - dx, yr[0] + dy, yr[1] - dy)
    xs: list[float | None] = []
    ys: list[float | None] = []
    notes: list[tuple[float, float, str, str]] = []
    for route in moving.meta["routes"]:
        cut = clip_route(route["lon"], route["lat"], box)
        if cut is None or len(cut.lons) < 2:
            continue
        xs += [*cut.lons, None]
        ys += [*cut.lats, None]
        hx, hy = maps.arrowhead(cut.lons[-2], cut.lats[-2], cut.lons[-1], cut.lats[-1], route["arrow_km"])
        xs += [*hx, None]
        ys += [*hy, None]
        if cut.leaves:
            notes.append((*cut.leaves[:2], f"to {route['to']} {EDGE_ARROWS[cut.leaves[2]]}", cut.leaves[2]))
        if cut.enters:
            notes.append((*cut.enters[:2], f"from {route['from']}", cut.enters[2]))
    moving.x, moving.y = xs, ys
    if notes:
        out.add_trace(edge_names(notes))


def edge_names(notes: list[tuple[float, float, str, str]]) -> go.Scatter:
    """The names of routes' far ends, written inside the frame at the edge they cross."""
    return go.Scatter(
        x=[n[0] for n in notes], y=[n[1] for n in notes], text=[n[2] for n in notes], mode="text",
        textposition=[EDGE_TEXT_POSITION[n[3]] for n in notes], name="off the map", hoverinfo="skip",
        showlegend=False, textfont={"size": 11, "color": "#333333"}, cliponaxis=False,
    )  # fmt: skip
