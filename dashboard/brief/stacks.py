"""Markers that stack at the scale a map is drawn: spread apart round the largest (each joined by a
thin line to where its place is), or, past SPREAD_MAX, grouped under their count. Pure geometry in
px (spread_markers) and its use on the flat map's traces (spread)."""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard.view import words

SPREAD_GAP = 2.0  # px left between markers spread apart


SPREAD_MAX = 8  # markers one stack is spread into; a bigger stack is grouped under its count


def overlapping_groups(
    points: Mapping[str, tuple[float, float, float]],
) -> list[list[str]]:
    """Groups (two or more) of markers that overlap, directly or through others: `points` maps a key
    to (x px, y px, size px); each group is its keys, largest marker first."""
    keys = sorted(points)
    parent = {k: k for k in keys}

    def root(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for i, a in enumerate(keys):
        xa, ya, sa = points[a]
        for b in keys[i + 1 :]:
            xb, yb, sb = points[b]
            if math.hypot(xa - xb, ya - yb) < (sa + sb) / 2:
                parent[root(b)] = root(a)
    groups: dict[str, list[str]] = {}
    for k in keys:
        groups.setdefault(root(k), []).append(k)
    return [sorted(g, key=lambda k: (-points[k][2], k)) for g in groups.values() if len(g) > 1]


def spread_markers(
    points: Mapping[str, tuple[float, float, float]], gap: float = SPREAD_GAP, rounds: int = 4
) -> tuple[dict[str, tuple[float, float]], list[list[str]]]:
    """Where to draw markers that overlap at this scale so none does (points: key -> (x px, y px,
    size px)): the largest of each stack stays, the others go round it in the order they lie
    around it (east stays east), far enough to clear it and each other. Returns every key's
    position and the stacks too big to spread (over SPREAD_MAX markers), left where they are to be
    drawn under their count."""
    pos = {k: (x, y) for k, (x, y, _) in points.items()}
    size = {k: s for k, (_, _, s) in points.items()}
    crowds: list[list[str]] = []
    for _ in range(rounds):
        current = {k: (*pos[k], size[k]) for k in pos}
        groups = [g for g in overlapping_groups(current) if g not in crowds]
        groups, big = [g for g in groups if len(g) <= SPREAD_MAX], [g for g in groups if len(g) > SPREAD_MAX]
        crowds += big
        if not groups:
            break
        for group in groups:
            _ring(group, pos, size, gap)
    return pos, crowds


def _ring(group: list[str], pos: dict, size: Mapping[str, float], gap: float) -> None:
    """Move group[1:] onto a ring round group[0] (pos updated in place): each in its own direction
    from it, pushed apart along the ring only as far as they must be to clear each other."""
    cx, cy = pos[group[0]]
    rest = group[1:]

    def angle(k: str) -> float:
        dx, dy = pos[k][0] - cx, pos[k][1] - cy
        return math.atan2(dy, dx) if math.hypot(dx, dy) > 1e-9 else 0.0

    rest.sort(key=lambda k: (angle(k), k))
    widest = max(size[k] for k in rest)
    radius = size[group[0]] / 2 + widest / 2 + gap
    if len(rest) > 1:  # room for all on the ring
        radius = max(radius, (widest + gap) / (2 * math.sin(math.pi / len(rest))) + 1e-6)
    angles = _apart([angle(k) for k in rest], 2 * math.asin(min(1.0, (widest + gap) / (2 * radius))))
    for k, a in zip(rest, angles, strict=True):
        pos[k] = (cx + radius * math.cos(a), cy + radius * math.sin(a))


def _apart(angles: list[float], sep: float) -> list[float]:
    """Sorted angles pushed apart (each pair of neighbours by half what they lack) until every two
    neighbours round the circle are `sep` apart; evenly spaced from the first if that does not settle."""
    k = len(angles)
    if k < 2:
        return angles
    out = list(angles)

    def short(i: int) -> float:
        return sep - (out[(i + 1) % k] - out[i]) % (2 * math.pi) if k > 1 else 0.0

    for _ in range(200):
        lacking = [i for i in range(k) if short(i) > 1e-9]
        if not lacking:
            return out
        for i in lacking:
            push = max(short(i), 0.0) / 2
            out[i] -= push
            out[(i + 1) % k] += push
    return [angles[0] + i * 2 * math.pi / k for i in range(k)]


def marker_points(traces, skip: tuple[str, ...] = ()) -> list[tuple[float, float, float]]:
    """(lon, lat, size px) of every marker drawn, but those of the traces named in `skip`."""
    out = []
    for trace in traces:
        if "markers" not in (trace.mode or "") or trace.name in skip or trace.x is None:
            continue
        size = trace.marker.size if trace.marker.size is not None else 6
        sizes = [size] * len(trace.x) if isinstance(size, int | float) else list(size)
        for lon, lat, s in zip(trace.x, trace.y, sizes, strict=False):
            if lon is not None and lat is not None:
                out.append((float(lon), float(lat), s))
    return out


def _place_points(traces: list[go.Scatter]) -> dict[str, tuple[float, float, float]]:
    """The places' markers (traces with a place id per point): id -> (lon, lat, size px), the size
    that of the largest marker drawn there (a selection's or an open movement's ring)."""
    rings: dict[tuple[float, float], float] = {}
    for lon, lat, s in marker_points(traces, skip=("route",)):
        key = (round(lon, 6), round(lat, 6))
        rings[key] = max(rings.get(key, 0.0), float(s))
    out: dict[str, tuple[float, float, float]] = {}
    for trace in traces:
        if trace.mode != "markers" or trace.customdata is None or trace.x is None:
            continue
        size = trace.marker.size if trace.marker.size is not None else 6
        sizes = [size] * len(trace.x) if isinstance(size, int | float) else list(size)
        for lon, lat, s, data in zip(trace.x, trace.y, sizes, trace.customdata, strict=False):
            pid = str(data[0]) if data is not None and len(data) else None
            if pid and lon is not None and lat is not None:
                prev = out.get(pid)
                ring = rings.get((round(float(lon), 6), round(float(lat), 6)), 0.0)
                out[pid] = (float(lon), float(lat), max(float(s), ring, prev[2] if prev else 0.0))
    return out


def spread(
    traces: list[go.Scatter],
    places: pd.DataFrame,
    to_px: Callable[[float, float], tuple[float, float]],
    from_px: Callable[[float, float], tuple[float, float]],
    out: go.Figure,
) -> pd.DataFrame:
    """Markers that overlap at the drawn scale spread apart (spread_markers): every marker trace at
    a moved place follows it (its rings too), a thin line joins each to where the place is, and a
    stack too big to spread is drawn under its count. Returns the places with the moved ones at
    their markers' (lon, lat), for their labels."""
    at = _place_points(traces)
    px = {pid: (*to_px(lon, lat), size) for pid, (lon, lat, size) in at.items()}
    spread, crowds = spread_markers(px)
    moved = {}
    for pid, (x, y) in spread.items():
        if math.hypot(x - px[pid][0], y - px[pid][1]) > 0.5:
            moved[pid] = from_px(x, y)
    if moved:
        by_spot = {(round(at[p][0], 6), round(at[p][1], 6)): new for p, new in moved.items()}
        for trace in traces:
            if "markers" not in (trace.mode or "") or trace.name == "route" or trace.x is None:
                continue
            spots = [by_spot.get((round(float(x), 6), round(float(y), 6))) if x is not None and y is not None
                     else None for x, y in zip(trace.x, trace.y, strict=True)]  # fmt: skip
            if any(spots):
                trace.x = [s[0] if s else x for s, x in zip(spots, trace.x, strict=True)]
                trace.y = [s[1] if s else y for s, y in zip(spots, trace.y, strict=True)]
        out.add_trace(_leaders({p: (at[p][:2], new) for p, new in moved.items()}))
    if crowds:
        out.add_trace(_crowd_trace(crowds, at, places))
    if not moved:
        return places
    ids, lons, lats = places["place_id"], places["lon"], places["lat"]
    return places.assign(
        lon=[moved.get(p, (x, y))[0] for p, x, y in zip(ids, lons, lats, strict=True)],
        lat=[moved.get(p, (x, y))[1] for p, x, y in zip(ids, lons, lats, strict=True)],
    )


def _leaders(moves: Mapping[str, tuple[tuple[float, float], tuple[float, float]]]) -> go.Scatter:
    """A thin line from where each spread place is to its marker, and a dot where it is."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for (lon, lat), (x, y) in moves.values():
        xs += [lon, x, None]
        ys += [lat, y, None]
    return go.Scatter(
        x=xs, y=ys, mode="lines+markers", name="spread", hoverinfo="skip", showlegend=False,
        line={"width": 1, "color": "#555"}, marker={"size": [4, 0, 0] * len(moves), "color": "#333"},
    )  # fmt: skip


def _crowd_trace(
    crowds: list[list[str]], at: Mapping[str, tuple[float, float, float]], places: pd.DataFrame
) -> go.Scatter:
    """Each stack too big to spread: its count over its largest marker, the names on hover."""
    names = places.set_index("place_id")["name"] if "name" in places else pd.Series(dtype=str)
    hover = []
    for group in crowds:
        listed = [html.escape(words.text(names.get(p, p))) for p in group]
        hover.append(
            f"<b>{len(group)} places here</b><br>"
            + "<br>".join(listed[:12])
            + ("<br>…" if len(listed) > 12 else "")
        )
    return go.Scatter(
        x=[at[g[0]][0] for g in crowds], y=[at[g[0]][1] for g in crowds], mode="markers+text", name="stack",
        text=[str(len(g)) for g in crowds], textposition="middle center", textfont={"size": 11, "color": "#111"},
        marker={"size": 20, "color": "rgba(255,255,255,0.92)", "line": {"width": 1.5, "color": "#333"}},
        hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", showlegend=False,
    )  # fmt: skip
