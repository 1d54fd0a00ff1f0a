"""Text on the flat map that must stay readable: a free spot for a label beside its point (clear of
other boxes, inside the plot), and the routes' labels kept inside the frame, even on a phone (on two
lines, or cut at a word, when one line does not fit). Pure geometry in px."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.brief.stacks import marker_points


def free_spot(
    x: float,
    y: float,
    w: float,
    reach: float,
    boxes: list,
    bounds: tuple[float, float] | None = None,
    h: float = 15,
) -> tuple[str, tuple] | None:
    """The first text position around (x, y), `reach` px across, whose box (w × h px) overlaps no other
    box (and lies within `bounds`, the plot's width and height in px, when given: not cut at the edge)."""
    gap = reach / 2 + 3
    options = {
        "middle right": (x + gap, y - h / 2),
        "middle left": (x - gap - w, y - h / 2),
        "top center": (x - w / 2, y - gap - h),
        "bottom center": (x - w / 2, y + gap),
        "top right": (x + gap * 0.7, y - gap * 0.7 - h),
        "top left": (x - gap * 0.7 - w, y - gap * 0.7 - h),
        "bottom right": (x + gap * 0.7, y + gap * 0.7),
        "bottom left": (x - gap * 0.7 - w, y + gap * 0.7),
    }
    for position, (left, top) in options.items():
        box = (left, top, left + w, top + h)
        if bounds and (box[0] < 0 or box[1] < 0 or box[2] > bounds[0] or box[3] > bounds[1]):
            continue
        if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
            return position, box
    return None


ROUTE_CHAR_PX = 6.6  # a route label's characters (11 px text) are about this wide
LINE_PX = 15
ROUTE_GAPS = (7.5, 16.0, 26.0)  # px from a route's point to its label's box, nearest first
ALONG = (0.5, 0.38, 0.62, 0.28, 0.72, 0.2, 0.8)  # where along its route a label may be written, best first


def route_label_spots(
    labels: list[tuple[str, list[tuple[float, float]]]],
    bounds: tuple[float, float],
    boxes: list,
    char_px: float = ROUTE_CHAR_PX,
) -> list[tuple[str, tuple, tuple[float, float], float]]:
    """Where to write each route's label so it stays inside the frame (`bounds`: its width and
    height in px) and off what is written there (`boxes`: markers and names, px). Each label is its
    text and the px points along its route it may be written by, best first (the middle): on one
    line, two or three broken at words, beside one of them (ROUTE_GAPS away, nearest first), clear
    of `boxes`; else cut at a word with '…' (the route's hover has it whole), clear; else whole, over
    what is there; else cut to the frame's room. Returns (text, box, point, gap) for each ("<br>"
    between lines; the point and gap it is written by); each box is added to `boxes`."""
    out: list[tuple[str, tuple, tuple[float, float], float]] = []
    for text, points in labels:
        spot = _route_spot(text, points, bounds, boxes, char_px)
        if spot[1]:
            boxes.append(spot[1])
        out.append(spot)
    return out


def _route_spot(
    text: str, points: list[tuple[float, float]], bounds: tuple[float, float], boxes: list, char_px: float
) -> tuple[str, tuple, tuple[float, float], float]:
    if not text or not points:
        return text, (), (0.0, 0.0), 0.0
    layouts = [lines for lines in ([text], _two_lines(text), _wrapped(text, 3)) if lines]
    shorter = _cut_at_word(text, len(text) // 2)
    tries = [(lines, gap, boxes, p) for gap in ROUTE_GAPS for lines in layouts for p in points]
    tries += [([shorter], gap, boxes, p) for gap in ROUTE_GAPS for p in points] if shorter != text else []
    tries += [(lines, ROUTE_GAPS[0], [], points[0]) for lines in layouts]
    for lines, gap, others, (x, y) in tries:
        w, h = max(len(line) for line in lines) * char_px + 4, LINE_PX * len(lines)
        found = free_spot(x, y, w, 2 * (gap - 3), others, bounds, h=h)
        if found:
            return "<br>".join(lines), found[1], (x, y), gap
    x, y = points[0]
    cut = _cut_at_word(text, int((max(bounds[0] - x, x) - ROUTE_GAPS[0] - 4) / char_px))
    found = free_spot(x, y, len(cut) * char_px + 4, 2 * (ROUTE_GAPS[0] - 3), [], bounds)
    return cut, found[1] if found else (), (x, y), ROUTE_GAPS[0]


def _two_lines(text: str) -> list[str] | None:
    """The text broken at the word nearest its middle (a comma first), or None for one word."""
    cuts = [i for i, c in enumerate(text) if c == " "]
    if not cuts:
        return None
    at = min(cuts, key=lambda i: (abs(i - len(text) / 2) - (len(text) / 3 if text[i - 1] == "," else 0), i))
    return [text[:at], text[at + 1 :]]


def _wrapped(text: str, n: int) -> list[str] | None:
    """The text on `n` lines broken at words, the narrowest way (greedy fill to the least width that
    takes no more than `n` lines); None when it is fewer than `n` lines (one word, a short text)."""
    words = text.split()
    for width in range(max((len(w) for w in words), default=0), len(text) + 1):
        lines: list[str] = []
        for word in words:
            if lines and len(lines[-1]) + 1 + len(word) <= width:
                lines[-1] += " " + word
            else:
                lines.append(word)
        if len(lines) <= n:
            return lines if len(lines) == n else None
    return None


def _cut_at_word(text: str, chars: int) -> str:
    if len(text) <= chars:
        return text
    head = text[: max(chars - 1, 1)].rsplit(" ", 1)[0].rstrip(",;:")
    return head + "…"


def place_route_labels(traces, frame, taken: list) -> list[go.Scatter]:
    """The route trace's labels (among `traces`) placed by route_label_spots at `frame`'s scale (a
    static_map.Frame: the phone's), clear of the markers and of `taken` (the names' boxes): the
    route trace keeps its dots and hover, its words become a text trace of their own (centred on
    their boxes, wherever they were placed), with a thin line to one written away from its route."""
    route = next((t for t in traces if t.name == "route" and t.text is not None and t.x is not None), None)
    if route is None:
        return []
    boxes = list(taken)
    for lon, lat, s in marker_points(traces, skip=("labels",)):
        if s:
            x, y = frame.to_px(lon, lat)
            boxes.append((x - s / 2, y - s / 2, x + s / 2, y + s / 2))
    paths = _route_paths(traces, len(route.x))
    labels = []
    for text, x, y, path in zip(route.text, route.x, route.y, paths, strict=True):
        along = [path[round(f * (len(path) - 1))] for f in ALONG] if path else []
        inside = [(lon, lat) for lon, lat in along if _in(frame, lon, lat)]
        points = [(float(x), float(y)), *[p for p in inside if p != (float(x), float(y))]]
        labels.append((str(text or ""), [frame.to_px(lon, lat) for lon, lat in points]))
    spots = [spot for spot in route_label_spots(labels, frame.bounds, boxes) if spot[0] and spot[1]]
    route.text, route.mode = None, "markers"
    if not spots:
        return []
    at = [frame.from_px((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for _, b, _, _ in spots]
    out = [
        go.Scatter(
            x=[a[0] for a in at], y=[a[1] for a in at], text=[t for t, *_ in spots], mode="text",
            textposition="middle center", textfont=route.textfont, hoverinfo="skip", showlegend=False,
            name="route labels",
        )
    ]  # fmt: skip
    far = [(p, b) for _, b, p, gap in spots if gap > ROUTE_GAPS[0]]
    if far:  # a label written away from its route: a thin line from the route to it
        xs: list[float | None] = []
        ys: list[float | None] = []
        for (px, py), b in far:
            ends = [frame.from_px(px, py), frame.from_px(min(max(px, b[0]), b[2]), min(max(py, b[1]), b[3]))]
            xs += [ends[0][0], ends[1][0], None]
            ys += [ends[0][1], ends[1][1], None]
        out.append(go.Scatter(x=xs, y=ys, mode="lines", line={"width": 0.8, "color": "#777"},
                              hoverinfo="skip", showlegend=False, name="route label leaders"))  # fmt: skip
    return out


def _route_paths(traces, n: int) -> list[list[tuple[float, float]]]:
    """Each route's points (lon, lat) from the movement trace's meta (maps._add_routes), in the
    route trace's order; empty lists when they are not there."""
    moving = next((t for t in traces if t.name == "movement" and isinstance(t.meta, dict)), None)
    routes = moving.meta.get("routes", []) if moving is not None else []
    if len(routes) != n:
        return [[] for _ in range(n)]
    return [list(zip(r["lon"], r["lat"], strict=True)) for r in routes]


def _in(frame, lon: float, lat: float) -> bool:
    return frame.xr[0] <= lon <= frame.xr[1] and frame.yr[0] <= lat <= frame.yr[1]
