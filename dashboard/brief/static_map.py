"""The brief's map as SVG: the app's map figure redrawn on plain axes (plotly's WebGL map is blank in a
file opened from disk), framed on what the view shows, with place labels that do not collide, a scale
bar and the basemap's credits.
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

import pandas as pd
import plotly.graph_objects as go

from dashboard.brief import labels, offframe, stacks
from dashboard.view import words

PAGE_WIDTH = 960  # CSS px of the brief's content column: its figures are drawn at this width
MAP_HEIGHT = 560
TIMELINE_HEIGHT = 380

MAX_LABELS = 10  # place names written on the map, most spoken of first


def _geometry_paths(geometry: Mapping) -> Iterable[list[list[float]]]:
    """Every line or ring of a GeoJSON geometry, as lists of [lon, lat]."""
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "LineString":
        yield coords
    elif kind in ("MultiLineString", "Polygon"):
        yield from coords
    elif kind == "MultiPolygon":
        for polygon in coords:
            yield from polygon
    elif kind == "GeometryCollection":
        for part in geometry.get("geometries") or []:
            yield from _geometry_paths(part)


def geojson_source(source) -> Mapping | None:
    """A layer's GeoJSON: given inline, or as a data: URL (base64 or percent-encoded). A remote
    URL gives None: the brief must open offline."""
    if isinstance(source, Mapping):
        return source
    if not isinstance(source, str) or not source.startswith("data:") or "," not in source:
        return None
    header, payload = source.split(",", 1)
    try:
        raw = base64.b64decode(payload) if header.endswith(";base64") else unquote(payload).encode()
        data = json.loads(raw)
    except (ValueError, binascii.Error):
        return None
    return data if isinstance(data, Mapping) else None


def _features(source) -> Iterable[Mapping]:
    source = geojson_source(source)
    if source is None:
        return []
    if source.get("type") == "FeatureCollection":
        return [f.get("geometry") or {} for f in source.get("features") or []]
    if source.get("type") == "Feature":
        return [source.get("geometry") or {}]
    return [source]


def _paths(source) -> tuple[list[float | None], list[float | None]]:
    """Every line and ring of a layer's GeoJSON as one x (lon) and one y (lat) list, gaps between."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for geometry in _features(source):
        for path in _geometry_paths(geometry):
            xs += [p[0] for p in path] + [None]
            ys += [p[1] for p in path] + [None]
    return xs, ys


@lru_cache(maxsize=32)
def _source_paths(source: str) -> tuple[list[float | None], list[float | None]]:
    """_paths of a data: URL source, decoded once per process: the basemap's layers are the same
    strings on every run. The lists go into the figures as they are (layer_trace's traces are not
    copied by a check): nothing may change them in place."""
    return _paths(source)


def layer_trace(layer: Mapping) -> go.Scatter | None:
    """A GeoJSON layer of a plotly map (`layout.map.layers`) as one SVG line or fill trace."""
    kind = layer.get("type", "circle")
    if (
        layer.get("visible") is False
        or layer.get("sourcetype", "geojson") != "geojson"
        or kind not in ("line", "fill")
    ):
        return None
    source = layer.get("source")
    xs, ys = _source_paths(source) if isinstance(source, str) else _paths(source)
    if not xs:
        return None
    color = layer.get("color") or "#888"
    opacity = layer.get("opacity", 1)
    common = {"x": xs, "y": ys, "mode": "lines", "hoverinfo": "skip", "showlegend": False, "opacity": opacity}
    if kind == "fill":
        outline = (layer.get("fill") or {}).get("outlinecolor") or color
        return go.Scatter(
            **common, fill="toself", fillcolor=color, line={"width": 0.5, "color": outline}, _validate=False
        )
    line = layer.get("line") or {}
    dash = line.get("dash")
    style = {"width": line.get("width", 1), "color": color}
    if isinstance(dash, list | tuple) and dash:
        style["dash"] = ",".join(f"{float(d) * style['width']:g}px" for d in dash)
    return go.Scatter(**common, line=style, _validate=False)


_SCATTER_KEYS = {
    "name", "mode", "text", "texttemplate", "hovertext", "hovertemplate", "hoverinfo", "hoverlabel", "customdata",
    "showlegend", "legendgroup", "legendrank", "legendgrouptitle", "legend", "opacity", "textposition", "textfont",
    "fill", "fillcolor", "visible", "meta", "uid", "selectedpoints", "selected", "unselected", "ids",
}  # fmt: skip


_MARKER_KEYS = {
    "size", "color", "opacity", "sizemode", "sizeref", "sizemin", "colorscale", "cmin", "cmax", "cmid", "cauto",
    "showscale", "colorbar", "reversescale", "autocolorscale", "coloraxis",
}  # fmt: skip


def scatter_trace(trace) -> go.Scatter:
    """A point or line trace of a plotly map as the same trace on plain x (lon) / y (lat) axes."""
    spec = trace.to_plotly_json()
    kw = {k: v for k, v in spec.items() if k in _SCATTER_KEYS}
    kw["x"], kw["y"] = spec.get("lon"), spec.get("lat")
    if "marker" in spec:
        marker = {k: v for k, v in spec["marker"].items() if k in _MARKER_KEYS}
        marker["line"] = {"width": 1, "color": "rgba(255,255,255,0.9)"}  # keeps touching markers apart
        kw["marker"] = marker
    if "line" in spec:
        kw["line"] = {k: v for k, v in spec["line"].items() if k in ("width", "color")}
    return go.Scatter(**kw, _validate=False)


def map_extent(center: tuple[float, float], zoom: float, width: int, height: int) -> tuple[list, list]:
    """The lon and lat ranges a web-mercator map at this centre and zoom shows in width × height px."""
    world = 512 * 2**zoom  # maplibre draws the world 512 px wide at zoom 0
    lon, lat = center
    half_lon = width / world * 180

    def merc(phi: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(phi) / 2))

    def inverse(y: float) -> float:
        return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)

    y0, half_y = merc(lat), height / world * math.pi
    return [lon - half_lon, lon + half_lon], [inverse(y0 - half_y), inverse(y0 + half_y)]


def label_positions(
    points: list[tuple[str, float, float, float]],
    to_px: Callable[[float, float], tuple[float, float]],
    char_px: float = 7.2,
    bounds: tuple[float, float] | None = None,
    boxes_out: list | None = None,
) -> list[tuple[str, float, float, float, str]]:
    """Where to write each name (most important first; each point is name, lon, lat, marker size)
    so no label overlaps another or another's marker: right of its point, else left, above,
    below or at a corner; a point under a larger marker (a village 1.4 km from another) is tried
    again just outside that marker, then LABEL_FAR_PX further out (a crowd of spread markers), and
    the size returned is the reach the label is offset by.
    A name with no free place is left out. `boxes_out` is given the px boxes written on (markers, names)."""
    boxes = [] if boxes_out is None else boxes_out
    for _, lon, lat, size in points:
        x, y = to_px(lon, lat)
        boxes.append((x - size / 2, y - size / 2, x + size / 2, y + size / 2))
    out = []
    for name, lon, lat, size in points:
        x, y = to_px(lon, lat)
        cover = max((max(b[2] - x, x - b[0], b[3] - y, y - b[1]) for b in boxes if b[0] <= x <= b[2] and b[1] <= y <= b[3]), default=0.0)  # fmt: skip
        for reach in dict.fromkeys([size, max(size, 2 * cover), max(size, 2 * cover) + LABEL_FAR_PX]):
            found = labels.free_spot(x, y, len(name) * char_px + 4, reach, boxes, bounds)
            if found:
                boxes.append(found[1])
                out.append((name, lon, lat, reach, found[0]))
                break
    return out


LABEL_FAR_PX = 24  # a name with no room beside its marker is tried this much further out


def fit_extent(
    xr: list[float], yr: list[float], points: Iterable[tuple[float, float]], pad: float = 0.12
) -> tuple[list[float], list[float]]:
    """The smallest extent of the same shape (in km on the ground) that holds the given one and
    every point with a margin: a brief of a place must show that place."""
    points = list(points)
    if not points:
        return xr, yr
    k = math.cos(math.radians((yr[0] + yr[1]) / 2))  # km per degree of longitude, relative to latitude
    w, h = (xr[1] - xr[0]) * k, yr[1] - yr[0]
    lo_x = min([xr[0] * k, *(lon * k - pad * w for lon, _ in points)])
    hi_x = max([xr[1] * k, *(lon * k + pad * w for lon, _ in points)])
    lo_y = min([yr[0], *(lat - pad * h for _, lat in points)])
    hi_y = max([yr[1], *(lat + pad * h for _, lat in points)])
    grow = max((hi_x - lo_x) / w, (hi_y - lo_y) / h)
    cx, cy = (lo_x + hi_x) / 2, (lo_y + hi_y) / 2
    return [(cx - grow * w / 2) / k, (cx + grow * w / 2) / k], [cy - grow * h / 2, cy + grow * h / 2]


LEGEND_HEIGHT = 56


MIN_MAP_KM = 160  # narrowest frame: enough for a village's district, its town and the border


CONTEXT_COLOUR = "#8c8c8c"


def at_least(xr: list[float], yr: list[float], km: float) -> tuple[list[float], list[float]]:
    """The extent grown about its centre (same shape) to be at least `km` wide."""
    mid_lat = (yr[0] + yr[1]) / 2
    width_km = (xr[1] - xr[0]) * 111.32 * math.cos(math.radians(mid_lat))
    if width_km >= km:
        return xr, yr
    grow = km / width_km
    cx, cy = (xr[0] + xr[1]) / 2, mid_lat
    hx, hy = (xr[1] - xr[0]) * grow / 2, (yr[1] - yr[0]) * grow / 2
    return [cx - hx, cx + hx], [cy - hy, cy + hy]


def _context_places(
    context: pd.DataFrame | None, shown: pd.DataFrame, xr: list[float], yr: list[float]
) -> pd.DataFrame:
    """Places of the whole corpus in the frame that the view leaves out (not countries, not
    districts of a place already shown)."""
    if context is None or context.empty:
        return pd.DataFrame(columns=["place_id", "name", "lon", "lat", "n_mentions", "n_figures", "kind"])
    c = context.dropna(subset=["lat", "lon", "name"])
    ids = set(shown["place_id"])
    c = c[~c["place_id"].isin(ids) & (c["kind"].fillna("") != "country")]
    c = c[c["lon"].between(*xr) & c["lat"].between(*yr)]
    inside = c["parent"].isin(ids | set(c["place_id"])).fillna(False) & (c["kind"] == "district").fillna(
        False
    )
    return c[~inside]  # a city stands for its districts


@dataclass(frozen=True)
class Frame:
    """The flat map's frame: lon and lat ranges over plot_w × plot_h px, and px at `scale` (the
    phone's, for what must not collide there)."""

    xr: list[float]
    yr: list[float]
    plot_w: float
    plot_h: float
    scale: float = 1.0

    @property
    def bounds(self) -> tuple[float, float]:
        """The plot's width and height in px at `scale`."""
        return self.plot_w * self.scale, self.plot_h * self.scale

    def to_px(self, lon: float, lat: float) -> tuple[float, float]:
        xr, yr = self.xr, self.yr
        x, y = (lon - xr[0]) / (xr[1] - xr[0]) * self.plot_w, (yr[1] - lat) / (yr[1] - yr[0]) * self.plot_h
        return x * self.scale, y * self.scale

    def from_px(self, x: float, y: float) -> tuple[float, float]:
        xr, yr = self.xr, self.yr
        return (
            xr[0] + x / (self.plot_w * self.scale) * (xr[1] - xr[0]),
            yr[1] - y / (self.plot_h * self.scale) * (yr[1] - yr[0]),
        )


def static_map(
    fig: go.Figure,
    places: pd.DataFrame,
    width: int = PAGE_WIDTH,
    height: int = MAP_HEIGHT,
    framed_for: tuple[int, int] | None = None,
    must_show: Iterable[tuple[float, float]] = (),
    context: pd.DataFrame | None = None,
    label_scale: float = 1.0,
    fixed_width: bool = True,
) -> go.Figure:
    """The app's map drawn in SVG on plain lon/lat axes (scaled by cos(latitude), which is what
    web mercator looks like over a few hundred km), with the most spoken-of places named and the
    legend below the map instead of over it.

    Why: plotly's WebGL map (maplibre) stays blank in an HTML file opened from disk in Chrome or
    Safari (its worker cannot start from a file:// page), needs fonts from the network for text,
    and prints as a bitmap. SVG has none of these problems, and hover still works.
    `framed_for` is the (width, height) in px the figure's zoom was chosen for; `must_show` are
    (lon, lat) points the frame is widened to hold. The frame is at least MIN_MAP_KM wide, so a
    view of one village still shows where it lies; `context` places (outside the view) in the
    frame are drawn small and grey for orientation. `label_scale` < 1 places the names as if the map
    were drawn that much smaller (a figure that stretches to a phone's width keeps its markers and
    text at their size while the places draw closer), so they do not collide there either.
    `fixed_width=False`: the width is the page's (the app's column), `width` only frames it."""
    geo = fig.layout.mapbox if any(t.type == "scattermapbox" for t in fig.data) else fig.layout.map
    if not any(t.type in MAP_TRACES for t in fig.data) and not geo.layers:
        return fig  # not a map
    margin = {"l": 8, "r": 8, "t": 8, "b": 8 + LEGEND_HEIGHT}
    plot_w, plot_h = width - margin["l"] - margin["r"], height - 16
    center = (geo.center.lon or 0.0, geo.center.lat or 0.0)
    zoom = geo.zoom or 1
    if framed_for:  # the zoom was chosen for another size: frame the same area here
        zoom += math.log2(min(plot_w / framed_for[0], plot_h / framed_for[1]))
    xr, yr = at_least(*fit_extent(*map_extent(center, zoom, plot_w, plot_h), must_show), MIN_MAP_KM)
    out = _Traces()
    for layer in geo.layers or ():
        trace = layer_trace(layer.to_plotly_json())
        if trace is not None:
            out.add_trace(trace)
    around = _context_places(context, places, xr, yr)
    if not around.empty:
        out.add_trace(_context_trace(around))

    frame = Frame(xr, yr, plot_w, plot_h, label_scale)
    traces = [scatter_trace(t) for t in fig.data if t.type in MAP_TRACES]
    offframe.clip_routes(traces, xr, yr, out)  # a route out of the frame cut at its edge, its end named
    places = stacks.spread(traces, places, frame.to_px, frame.from_px, out)  # no marker on another
    for trace in traces:
        out.add_trace(trace)
    named = _add_labels(
        out, _label_candidates(places, xr, yr, _marker_sizes(out)), around, xr, yr, frame.to_px, frame.bounds
    )
    for trace in labels.place_route_labels(out.data, frame, named):  # clear of names, in frame on a phone
        out.add_trace(trace)
    layout = go.Layout(
        width=width if fixed_width else None, height=height + LEGEND_HEIGHT, margin=margin,
        showlegend=fig.layout.showlegend is not False, **_flat_map_layout(geo, xr, yr),
    )  # fmt: skip
    return go.Figure(data=out.data, layout=layout, _validate=False)  # each part checked once, as made


class _Traces:
    """The flat map's traces in the order they are drawn, each checked by plotly once, as it was
    made (go.Scatter). A go.Figure's add_trace copies and checks every trace again: with the
    basemap's thousands of border points that was ~0.1 s of the app's first visit."""

    def __init__(self) -> None:
        self.data: list[go.Scatter] = []

    def add_trace(self, trace: go.Scatter) -> None:
        self.data.append(trace)


def _context_trace(around: pd.DataFrame) -> go.Scatter:
    """Places outside the view but inside the frame: small grey rings, for orientation."""
    return go.Scatter(
        x=around["lon"], y=around["lat"], mode="markers", name="other places (not in this view)",
        marker={"size": 6, "color": "rgba(0,0,0,0)", "line": {"width": 1.2, "color": CONTEXT_COLOUR}},
        hovertext=[html.escape(str(n)) for n in around["name"]], hovertemplate="%{hovertext}<extra></extra>",
    )  # fmt: skip


def _flat_map_layout(geo, xr: list[float], yr: list[float]) -> dict:
    """Axes that keep lon/lat at their true ratio at the middle latitude, legend below, scale bar."""
    mid_lat = (yr[0] + yr[1]) / 2
    return {
        "paper_bgcolor": "white",
        "plot_bgcolor": _background(geo),
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": -0.01, "yanchor": "top",
                   "font": {"size": 12, "color": "#222"}, "itemclick": False, "itemdoubleclick": False},
        "hovermode": "closest",
        "hoverlabel": {"align": "left"},
        "xaxis": {"range": xr, "visible": False, "constrain": "domain"},
        "yaxis": {"range": yr, "visible": False, "scaleanchor": "x",
                  "scaleratio": 1 / math.cos(math.radians(mid_lat)), "constrain": "domain"},
        "annotations": [_scale_bar_note(xr, mid_lat), *_attribution(geo)],
        "shapes": [_scale_bar(xr, yr, mid_lat)],
    }  # fmt: skip


def _add_labels(
    fig: go.Figure,
    main: list[tuple[str, float, float, float]],
    around: pd.DataFrame,
    xr: list[float],
    yr: list[float],
    to_px: Callable[[float, float], tuple[float, float]],
    bounds: tuple[float, float] | None = None,
) -> list[tuple]:
    """Names on the map: the view's places in black, then the context places in grey where room is
    left. Returns the px boxes of the names."""
    candidates = [*main, *_label_candidates(around, xr, yr, _marker_sizes(fig))]
    boxes: list[tuple] = []
    placed = label_positions(candidates, to_px, bounds=bounds, boxes_out=boxes)
    named = {name for name, *_ in main}
    for colour, size, group in (
        ("#1b1f24", 12, [p for p in placed if p[0] in named]),
        (CONTEXT_COLOUR, 11, [p for p in placed if p[0] not in named]),
    ):
        if not group:
            continue
        names, lons, lats, marks, positions = zip(*group, strict=True)
        fig.add_trace(
            go.Scatter(
                x=lons, y=lats, text=[html.escape(n, quote=False) for n in names], mode="markers+text",
                textposition=list(positions), hoverinfo="skip", marker={"size": marks, "opacity": 0},
                showlegend=False, name="labels", textfont={"size": size, "color": colour},
            )
        )  # fmt: skip
    return boxes[len(candidates) :]  # label_positions puts the markers' boxes first


def _marker_sizes(fig: go.Figure) -> dict[tuple[float, float], float]:
    """The largest marker drawn at each point, keyed by rounded (lon, lat)."""
    out: dict[tuple[float, float], float] = {}
    for trace in fig.data:
        if "markers" not in (trace.mode or "") or trace.x is None:
            continue
        size = trace.marker.size if trace.marker and trace.marker.size is not None else 6
        sizes = [size] * len(trace.x) if isinstance(size, int | float) else list(size)
        for lon, lat, s in zip(trace.x, trace.y, sizes, strict=False):
            if lon is not None and lat is not None:
                key = (round(float(lon), 4), round(float(lat), 4))
                out[key] = max(out.get(key, 0), float(s))
    return out


def _background(geo) -> str:
    style = geo.style if isinstance(geo.style, str) else ""
    return "#ffffff" if style in ("", "white-bg") else "#f4f4f1"


def _label_candidates(
    places: pd.DataFrame, xr: list, yr: list, sizes: Mapping[tuple[float, float], float]
) -> list[tuple[str, float, float, float]]:
    """Places worth naming on the map, most spoken of first, with their marker size."""
    if places.empty:
        return []
    p = places.dropna(subset=["lat", "lon", "name"])
    p = p[p["kind"].fillna("") != "country"]
    p = p[p["lon"].between(*xr) & p["lat"].between(*yr)]
    weight = p["n_mentions"].fillna(0) + 2 * p["n_figures"].fillna(0)
    p = (
        p.assign(_w=weight)
        .sort_values(["_w", "name"], ascending=[False, True], kind="stable")
        .head(MAX_LABELS)
    )
    return [
        (
            str(r.name),
            float(r.lon),
            float(r.lat),
            sizes.get((round(float(r.lon), 4), round(float(r.lat), 4)), 0.0),
        )
        for r in p.itertuples()
    ]


def _nice_km(span_km: float) -> float:
    target = span_km / 6
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if step >= target:
            return step
    return 1000


def _scale_bar(xr: list, yr: list, lat: float) -> dict:
    km_per_deg = 111.32 * math.cos(math.radians(lat))
    km = _nice_km((xr[1] - xr[0]) * km_per_deg)
    x0 = xr[0] + (xr[1] - xr[0]) * 0.03
    y0 = yr[0] + (yr[1] - yr[0]) * 0.04
    return {"type": "line", "x0": x0, "x1": x0 + km / km_per_deg, "y0": y0, "y1": y0,
            "line": {"color": "#333", "width": 3}}  # fmt: skip


def _scale_bar_note(xr: list, lat: float) -> dict:
    km = _nice_km((xr[1] - xr[0]) * 111.32 * math.cos(math.radians(lat)))
    return {"text": f"{km:g} km", "xref": "paper", "yref": "paper", "x": 0.03, "y": 0.055, "xanchor": "left",
            "yanchor": "bottom", "showarrow": False, "font": {"size": 11, "color": "#333"}}  # fmt: skip


def _attribution(geo) -> list[dict]:
    seen = []
    for layer in geo.layers or ():
        text = words.text(layer.sourceattribution)
        if text and text not in seen:
            seen.append(text)
    if not seen:
        return []
    return [{"text": html.escape("; ".join(seen)), "xref": "paper", "yref": "paper", "x": 1, "y": 0,
             "xanchor": "right", "yanchor": "bottom", "showarrow": False, "bgcolor": "rgba(255,255,255,0.8)",
             "font": {"size": 10, "color": "#444"}}]  # fmt: skip


def sized(fig: go.Figure, width: int, height: int | None = None) -> go.Figure:
    """A copy drawn at a fixed size (the page is printed: nothing may depend on the window),
    with room below for two-line date ticks."""
    fig = go.Figure(fig)
    margin = fig.layout.margin
    fig.update_layout(
        width=width,
        height=(height or fig.layout.height or TIMELINE_HEIGHT) + 30,
        autosize=False,
        margin={"b": max(margin.b or 0, 48), "t": max(margin.t or 0, 30)},
    )
    fig.update_xaxes(automargin=True)
    return fig


def daily_ticks(fig: go.Figure, max_days: int = 24) -> go.Figure:
    """One tick a day on a short date axis: at the page's width plotly would tick every 12 hours
    and write each day twice."""
    rng = fig.layout.xaxis.range
    if fig.layout.xaxis.type == "date" and rng and len(rng) == 2:
        try:
            span = (pd.Timestamp(rng[1]) - pd.Timestamp(rng[0])).days
        except ValueError:
            return fig
        if span <= max_days:
            fig.update_xaxes(dtick=86_400_000, tick0=str(rng[0])[:10])
    return fig


MAP_TRACES = {"scattermap", "scattermapbox"}
