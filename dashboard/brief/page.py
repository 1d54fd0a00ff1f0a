"""Briefs: a dashboard view as one self-contained page for stakeholders (HTML, PNG and PDF).

`brief_html(tables, state)` builds the page: title, dates and sources covered, the key numbers
footnoted with their source and date (conflicts shown as conflicts), the map, the timeline, the
top excerpts, when it was made and the credits. plotly.js is inlined once and every figure is
drawn in SVG (the map too: see `static_map`), so the file opens anywhere with no network.
`render` draws it in headless Chromium for the PNG (whole page) and the PDF; `main` is the
`brief` command. Report text is untrusted: everything from the tables is escaped.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import binascii
import html
import json
import math
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from dashboard import tables as store
from dashboard.brief import chromium as browser
from dashboard.view import excerpts, filters, viewstate

PAGE_WIDTH = 960  # CSS px of the content column; the figures are drawn at this width
VIEWPORT = {"width": 1040, "height": 900}
MAP_HEIGHT = 560
TIMELINE_HEIGHT = 380
PDF_SCALE = 0.72  # A4 at 10 mm margins is ~718 CSS px wide: 0.72 fits the 960 px column with room
PDF_MARGIN = {"top": "10mm", "bottom": "10mm", "left": "10mm", "right": "10mm"}
MAX_NUMBERS = 8
MAX_EXCERPTS = 6
TITLE_PLACES = 4
MAX_LABELS = 10  # place names written on the map, most spoken of first
QUOTE_CHARS = 180  # a footnote quotes at most this much of its sentence
DRAW_TIMEOUT_MS = 20_000
BLANK_MAP_INK = 0.05  # below this share of non-white pixels the map is taken for blank
CREDITS = (
    "Basemap: Natural Earth (public domain: borders, coastline, lakes, governorates); rivers from "
    "GSHHG / World Data Bank II (P. Wessel and W. H. F. Smith, LGPL-3.0-or-later). "
    "Place coordinates: GeoNames (CC BY 4.0). Figures, dates and quotes: the reports listed above."
)
MAP_TRACES = {"scattermap", "scattermapbox"}


# --- the view ---------------------------------------------------------------------------------


def parse_view(view: str) -> tuple[dict[str, list[str]], str]:
    """Query parameters of a view given as a query string (`?place=…`, `place=…`) or a full app
    URL, and the app link to print on the brief (the URL itself, or empty)."""
    text = view.strip()
    link = ""
    if text.lower().startswith(("http://", "https://")):
        parts = urlsplit(text)
        query, link = parts.query, text
    else:
        query = text.split("#", 1)[0].lstrip("?")
    return parse_qs(query, keep_blank_values=False), link


def view_query(state: viewstate.ViewState) -> str:
    """The view's query string (empty for the default view), as the app writes it."""
    params = viewstate.to_query(state)
    return "?" + urlencode(params, safe=",:") if params else ""


@dataclass(frozen=True)
class Panels:
    """The tables behind each panel, narrowed as the app narrows them."""

    filtered: dict[str, pd.DataFrame]  # map and timeline: filters only (each applies the others' selections)
    focused: dict[str, pd.DataFrame]  # filters and every selection: numbers and excerpts


def panels(tables: Mapping[str, pd.DataFrame], state: viewstate.ViewState) -> Panels:
    filtered = filters.apply(tables, state)
    return Panels(filtered=filtered, focused=filters.focus(filtered, state))


# --- formatting -------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) and pd.isna(value):
        return ""
    return str(value)


def _esc(value) -> str:
    return html.escape(_text(value))


def fmt_number(value) -> str:
    """15000 -> '15,000'; 2.5 -> '2.5'; missing -> ''."""
    if value is None or pd.isna(value):
        return ""
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def fmt_day(value) -> str:
    """'2016-12-14' -> '14 Dec 2016'; '2016-12' -> 'Dec 2016'; anything else as it is."""
    text = _text(value)
    try:
        if len(text) == 7:
            return datetime.strptime(text, "%Y-%m").strftime("%b %Y")
        day = date.fromisoformat(text)
        return f"{day.day} {day:%b %Y}"
    except ValueError:
        return text


def fmt_span(first: str, last: str) -> str:
    """A day span in words: '13–16 Dec 2016', '30 Nov – 2 Dec 2016', or one day."""
    if not first:
        return "dates unknown"
    if not last or first == last:
        return fmt_day(first)
    try:
        a, b = date.fromisoformat(first[:10]), date.fromisoformat(last[:10])
    except ValueError:
        return f"{fmt_day(first)} – {fmt_day(last)}"
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{b.day} {b:%b %Y}"
    if a.year == b.year:
        return f"{a.day} {a:%b} – {b.day} {b:%b %Y}"
    return f"{fmt_day(first)} – {fmt_day(last)}"


def figure_value(row: Mapping) -> str:
    """One figure as a number with its qualifier and unit ('at least 82'), or its own words
    for a vague amount ('tens of thousands')."""
    number = fmt_number(row.get("value"))
    if not number:
        return _text(row.get("text")) or "an unstated number"
    words = [_text(row.get("qualifier")), number, _text(row.get("unit"))]
    return " ".join(w for w in words if w)


def claim_value(row: Mapping) -> str:
    low, high = fmt_number(row.get("value_min")), fmt_number(row.get("value_max"))
    if not low and not high:
        return ""
    number = low if low == high or not high else f"{low}–{high}" if low else high
    qualifier = _text(row.get("qualifier")) if low == high else ""
    return " ".join(w for w in (qualifier, number, _text(row.get("unit"))) if w)


def shorten(text: str, around: str = "", limit: int = QUOTE_CHARS) -> str:
    """At most `limit` characters of a sentence, keeping `around` (the figure's words) in view."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    pos = text.find(around) if around else -1
    start = 0 if pos < 0 else max(0, min(pos - limit // 3, len(text) - limit))
    piece = text[start : start + limit].strip()
    return ("…" if start > 0 else "") + piece + ("…" if start + limit < len(text) else "")


# --- the sections -----------------------------------------------------------------------------


@dataclass
class Footnotes:
    """Numbered notes, each cited once however often it is used."""

    items: list[str] = field(default_factory=list)
    _index: dict[tuple, int] = field(default_factory=dict)

    def cite(self, key: tuple, note_html: str) -> int:
        if key not in self._index:
            self.items.append(note_html)
            self._index[key] = len(self.items)
        return self._index[key]


def source_label(article: Mapping) -> str:
    """'Outlet, “Title”, published 14 Dec 2016 (byline)', escaped."""
    outlet = _text(article.get("outlet")) or "outlet unknown"
    title = _text(article.get("title")) or _text(article.get("source_file")) or "untitled report"
    published = _text(article.get("published"))
    basis = _text(article.get("published_basis"))
    when = (
        f"published {fmt_day(published)}" + (f" ({basis})" if basis else "") if published else "date unknown"
    )
    return f"{html.escape(outlet)}, “{html.escape(title)}”, {html.escape(when)}"


def _articles_by_id(tables: Mapping[str, pd.DataFrame]) -> dict[str, dict]:
    arts = tables["articles"]
    return {str(r["article_id"]): r for r in arts.to_dict("records")}


def rank_claims(claims: pd.DataFrame, opened: str | None, limit: int = MAX_NUMBERS) -> pd.DataFrame:
    """The claims a reader should see first: the one opened in the app, then the best attested
    (most reports, then most figures), conflicts before agreements at equal weight."""
    if claims.empty:
        return claims
    order = claims.assign(
        _opened=claims["claim_id"].eq(opened or "").astype(int),
        _conflict=claims["status"].eq("conflict").fillna(False).astype(int),
        _sources=claims["n_sources"].fillna(0),
        _figures=claims["n_figures"].fillna(0),
    )
    order = order.sort_values(
        ["_opened", "_sources", "_conflict", "_figures", "claim_id"],
        ascending=[False, False, False, False, True],
        kind="stable",
    )
    return order.head(limit)[claims.columns]


STATUS_BADGE = {
    "conflict": ("conflict", "Reports disagree"),
    "agree": ("agree", "Reports agree"),
    "single": ("single", "One report"),
}


def numbers_section(tables: Mapping[str, pd.DataFrame], state: viewstate.ViewState, notes: Footnotes) -> str:
    claims = rank_claims(tables["claims"], state.claim)
    if claims.empty:
        return '<section class="numbers"><h2>Key numbers</h2><p class="empty">No figures in this view.</p></section>'
    figs = tables["figures"]
    arts = _articles_by_id(tables)
    rows = []
    for claim in claims.to_dict("records"):
        support = figs[figs["claim_id"] == claim["claim_id"]].sort_values(["date", "article_id", "start"])
        cites = []
        for fig in support.to_dict("records"):
            art = arts.get(str(fig["article_id"]), {"source_file": fig["article_id"]})
            quote = shorten(_text(fig.get("quote")), _text(fig.get("text")))
            note = (
                f"{source_label(art)}; figure dated {html.escape(fmt_day(fig.get('date')) or 'unknown')}: "
                f"“{html.escape(quote)}”"
            )
            n = notes.cite(("figure", fig["figure_id"]), note)
            cites.append(f"{html.escape(figure_value(fig))}<sup>[{n}]</sup>")
        status = _text(claim.get("status")) or "single"
        css, words = STATUS_BADGE.get(status, ("single", status))
        vague = not support.empty and support["value"].isna().all()  # 'thousands of': no bounds to quote
        value = (figure_value(support.iloc[0].to_dict()) if vague else claim_value(claim)) or _text(
            claim.get("label")
        )
        span = fmt_span(_text(claim.get("date_min")), _text(claim.get("date_max")))
        joiner = " <span class='vs'>vs</span> " if status == "conflict" else " · "
        rows.append(
            "<tr>"
            f'<td class="value">{html.escape(value)}</td>'
            f'<td class="what">{_esc(claim.get("label"))}<div class="when">{html.escape(span)}</div></td>'
            f'<td class="cites">{joiner.join(cites)}</td>'
            f'<td><span class="badge {css}">{html.escape(words)}</span>'
            f'<div class="count">{plural(int(claim.get("n_sources") or 0), "report")}</div></td>'
            "</tr>"
        )
    more = len(tables["claims"]) - len(claims)
    tail = f'<p class="more">{plural(more, "more claim")} in the dashboard.</p>' if more > 0 else ""
    return (
        '<section class="numbers"><h2>Key numbers</h2>'
        "<table><thead><tr><th>Number</th><th>What</th><th>Each report’s figure</th><th>Status</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{tail}</section>"
    )


def sources_section(tables: Mapping[str, pd.DataFrame]) -> str:
    arts = tables["articles"].sort_values(["published", "article_id"], na_position="last", kind="stable")
    if arts.empty:
        return '<section class="sources"><h2>Sources covered</h2><p class="empty">No report in this view.</p></section>'
    items = "".join(f"<li>{source_label(a)} <span class='file'>{_esc(a.get('source_file'))}</span></li>"
                    for a in arts.to_dict("records"))  # fmt: skip
    return f'<section class="sources"><h2>Sources covered ({len(arts)})</h2><ol>{items}</ol></section>'


def rank_sentences(sentences: list[excerpts.Sentence], limit: int = MAX_EXCERPTS) -> list[excerpts.Sentence]:
    """The sentences that say most (figures weigh double), shown in report order."""
    weight = {"figure": 2, "date": 1}
    scored = sorted(enumerate(sentences), key=lambda p: (-sum(weight.get(k, 0) for _, k in p[1].words), p[0]))
    keep = sorted(p[0] for p in scored[:limit])
    return [sentences[i] for i in keep]


def excerpts_section(
    tables: Mapping[str, pd.DataFrame],
    text_of: Callable[[str], str | None],
    everything: Mapping[str, pd.DataFrame] | None = None,
) -> str:
    """The top sentences behind the view, each with all its words highlighted: the highlights
    come from `everything` (the unfiltered tables), so a place filter does not hide the others."""
    everything = everything or tables
    sentences, _ = excerpts.sentences_behind(tables)  # all of them: the brief ranks its own top
    top = rank_sentences(sentences)
    if not top:
        return '<section class="excerpts"><h2>Top excerpts</h2><p class="empty">No sentence in this view.</p></section>'
    arts = tables["articles"].set_index("article_id")
    spans = excerpts.spans_by_article(everything, {s.article_id for s in top})
    ments = everything["mentions"]
    blocks = []
    current = None
    for sent in top:
        if sent.article_id != current:  # one heading per report, its sentences below it
            if current is not None:
                blocks.append("</div>")
            current = sent.article_id
            row = arts.loc[current].to_dict() if current in arts.index else {"source_file": current}
            blocks.append(f"<div class='excerpt'>{excerpts.article_header(row)}")
        text = text_of(sent.article_id)
        if text is not None and sent.end <= len(text):
            body = excerpts.highlight(text[sent.start : sent.end], spans[sent.article_id], offset=sent.start)
        else:
            inside = ments[
                (ments["article_id"] == sent.article_id)
                & (ments["start"] >= sent.start)
                & (ments["end"] <= sent.end)
            ]
            words = [*sent.words, *((str(s), "place") for s in inside["surface"].dropna())]
            body = excerpts.highlight_words(sent.quote, words)
        blocks.append(f"<blockquote>{body}</blockquote>")
    if current is not None:
        blocks.append("</div>")
    more = len(sentences) - len(top)
    tail = f'<p class="more">{plural(more, "more sentence")} in the dashboard.</p>' if more > 0 else ""
    return (
        f'<section class="excerpts"><h2>Top excerpts</h2>{excerpts.legend_html()}'
        f'<div class="cd-ex">{"".join(blocks)}</div>{tail}</section>'
    )


# --- figures ----------------------------------------------------------------------------------


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


def layer_trace(layer: Mapping) -> go.Scatter | None:
    """A GeoJSON layer of a plotly map (`layout.map.layers`) as one SVG line or fill trace."""
    kind = layer.get("type", "circle")
    if (
        layer.get("visible") is False
        or layer.get("sourcetype", "geojson") != "geojson"
        or kind not in ("line", "fill")
    ):
        return None
    xs: list[float | None] = []
    ys: list[float | None] = []
    for geometry in _features(layer.get("source")):
        for path in _geometry_paths(geometry):
            xs += [p[0] for p in path] + [None]
            ys += [p[1] for p in path] + [None]
    if not xs:
        return None
    color = layer.get("color") or "#888"
    opacity = layer.get("opacity", 1)
    common = {"x": xs, "y": ys, "mode": "lines", "hoverinfo": "skip", "showlegend": False, "opacity": opacity}
    if kind == "fill":
        outline = (layer.get("fill") or {}).get("outlinecolor") or color
        return go.Scatter(**common, fill="toself", fillcolor=color, line={"width": 0.5, "color": outline})
    line = layer.get("line") or {}
    dash = line.get("dash")
    style = {"width": line.get("width", 1), "color": color}
    if isinstance(dash, list | tuple) and dash:
        style["dash"] = ",".join(f"{float(d) * style['width']:g}px" for d in dash)
    return go.Scatter(**common, line=style)


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
    return go.Scatter(**kw)


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
) -> list[tuple[str, float, float, float, str]]:
    """Where to write each name (most important first; each point is name, lon, lat, marker size)
    so no label overlaps another or another's marker: right of its point, else left, above or
    below; a name with no free place is left out."""
    boxes = []
    for _, lon, lat, size in points:
        x, y = to_px(lon, lat)
        boxes.append((x - size / 2, y - size / 2, x + size / 2, y + size / 2))
    out = []
    for name, lon, lat, size in points:
        x, y = to_px(lon, lat)
        w, h, gap = len(name) * char_px + 4, 15, size / 2 + 3
        options = {
            "middle right": (x + gap, y - h / 2),
            "middle left": (x - gap - w, y - h / 2),
            "top center": (x - w / 2, y - gap - h),
            "bottom center": (x - w / 2, y + gap),
        }
        for position, (left, top) in options.items():
            box = (left, top, left + w, top + h)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
                boxes.append(box)
                out.append((name, lon, lat, size, position))
                break
    return out


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


def static_map(
    fig: go.Figure,
    places: pd.DataFrame,
    width: int = PAGE_WIDTH,
    height: int = MAP_HEIGHT,
    framed_for: tuple[int, int] | None = None,
    must_show: Iterable[tuple[float, float]] = (),
    context: pd.DataFrame | None = None,
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
    frame are drawn small and grey for orientation.
    """
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
    out = go.Figure()
    for layer in geo.layers or ():
        trace = layer_trace(layer.to_plotly_json())
        if trace is not None:
            out.add_trace(trace)
    around = _context_places(context, places, xr, yr)
    if not around.empty:
        out.add_trace(
            go.Scatter(
                x=around["lon"], y=around["lat"], mode="markers", name="other places (not in this view)",
                marker={"size": 6, "color": "rgba(0,0,0,0)", "line": {"width": 1.2, "color": CONTEXT_COLOUR}},
                hovertext=[html.escape(str(n)) for n in around["name"]], hovertemplate="%{hovertext}<extra></extra>",
            )
        )  # fmt: skip
    for trace in fig.data:
        if trace.type in MAP_TRACES:
            out.add_trace(scatter_trace(trace))

    def to_px(lon: float, lat: float) -> tuple[float, float]:
        return ((lon - xr[0]) / (xr[1] - xr[0]) * plot_w, (yr[1] - lat) / (yr[1] - yr[0]) * plot_h)

    _add_labels(out, _label_candidates(places, xr, yr, _marker_sizes(out)), around, xr, yr, to_px)
    mid_lat = (yr[0] + yr[1]) / 2
    out.update_layout(
        width=width,
        height=height + LEGEND_HEIGHT,
        margin=margin,
        paper_bgcolor="white",
        plot_bgcolor=_background(geo),
        showlegend=fig.layout.showlegend is not False,
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": -0.01, "yanchor": "top",
                "font": {"size": 12, "color": "#222"}, "itemclick": False, "itemdoubleclick": False},
        hovermode="closest",
        hoverlabel={"align": "left"},
        xaxis={"range": xr, "visible": False, "constrain": "domain"},
        yaxis={"range": yr, "visible": False, "scaleanchor": "x", "scaleratio": 1 / math.cos(math.radians(mid_lat)),
               "constrain": "domain"},
        annotations=[_scale_bar_note(xr, mid_lat), *_attribution(geo)],
        shapes=[_scale_bar(xr, yr, mid_lat)],
    )  # fmt: skip
    return out


def _add_labels(
    fig: go.Figure,
    main: list[tuple[str, float, float, float]],
    around: pd.DataFrame,
    xr: list[float],
    yr: list[float],
    to_px: Callable[[float, float], tuple[float, float]],
) -> None:
    """Names on the map: the view's places in black, then the context places in grey where room is left."""
    placed = label_positions([*main, *_label_candidates(around, xr, yr, _marker_sizes(fig))], to_px)
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


def _marker_sizes(fig: go.Figure) -> dict[tuple[float, float], float]:
    """The largest marker drawn at each point, keyed by rounded (lon, lat)."""
    out: dict[tuple[float, float], float] = {}
    for trace in fig.data:
        if "markers" not in (trace.mode or "") or trace.x is None:
            continue
        size = trace.marker.size if trace.marker and trace.marker.size is not None else 6
        sizes = list(size) if hasattr(size, "__len__") else [size] * len(trace.x)
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
        text = _text(layer.sourceattribution)
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


# --- the page ---------------------------------------------------------------------------------

CSS = """
*{box-sizing:border-box}
body{margin:0;background:#fff;color:#1b1f24;font:15px/1.45 "DejaVu Sans","Liberation Sans",Arial,sans-serif}
main{width:%(w)dpx;margin:0 auto;padding:24px 0 32px}
header h1{font-size:26px;line-height:1.2;margin:0 0 6px}
header .sub{color:#444;margin:0 0 4px}
header .view{color:#555;font-size:13px;margin:4px 0 0;word-break:break-all}
.notice{background:#fff4d6;border:1px solid #e6c15a;padding:6px 10px;margin:10px 0;font-size:13px}
h2{font-size:18px;margin:22px 0 8px;padding-bottom:4px;border-bottom:2px solid #0b5cad;break-after:avoid}
.cd-meta{break-after:avoid}
section{break-inside:avoid-page}
section.excerpts,section.numbers,section.notes{break-inside:auto}
table{width:100%%;border-collapse:collapse;font-size:14px}
th{text-align:left;font-weight:600;color:#444;border-bottom:1px solid #bbb;padding:4px 6px}
td{vertical-align:top;border-bottom:1px solid #e3e3e3;padding:6px}
tr{break-inside:avoid}
td.value{font-size:19px;font-weight:700;white-space:nowrap}
td.cites{font-size:13px}
td .when,td .count{color:#666;font-size:12px}
.vs{color:#b3261e;font-weight:700}
sup{font-size:10px;color:#0b5cad}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap}
.badge.conflict{background:#fde7e4;color:#8f1d14;border:1px solid #d9534f}
.badge.agree{background:#e3f4ea;color:#17603a;border:1px solid #3a9d63}
.badge.single{background:#eef1f5;color:#3a4350;border:1px solid #a7b0bd}
.figure{margin:4px 0}
.caption{color:#555;font-size:12px;margin:2px 0 0}
ol{margin:0;padding-left:24px}
li{margin:2px 0}
.file{color:#777;font-size:12px}
.notes ol{font-size:12px;color:#333}
.excerpt{break-inside:avoid}
.more,.empty{color:#555;font-size:13px}
footer{margin-top:24px;border-top:1px solid #bbb;padding-top:8px;color:#555;font-size:12px}
@page{size:A4;margin:10mm}
@media print{main{padding:0}}
"""


def _title(tables: Mapping[str, pd.DataFrame], state: viewstate.ViewState, frame: tuple | None = None) -> str:
    """'Brief: ' and the places the view is about: those it filters or selects, else the
    places on the map most reports speak of (a district is named through its city; regions and
    countries are too vague to name a story)."""
    places = tables["places"]
    names = dict(zip(places["place_id"], places["name"], strict=False))
    chosen = [*state.places, *state.selected_places]
    if chosen:
        picked = [names.get(p, p) for p in dict.fromkeys(chosen)]
    else:
        ranked = places[~places["kind"].isin(["country", "region"]).fillna(False)]
        if frame:
            (x0, x1), (y0, y1) = frame
            ranked = ranked[ranked["lon"].between(x0, x1) & ranked["lat"].between(y0, y1)]
        ranked = ranked.sort_values(
            ["n_articles", "n_figures", "n_mentions", "name"],
            ascending=[False, False, False, True],
            kind="stable",
        )
        picked, taken = [], set()
        for row in ranked.to_dict("records"):
            if len(picked) == TITLE_PLACES:
                break
            if _text(row["parent"]) in taken or row["place_id"] in taken:
                continue
            taken |= {row["place_id"], *ranked.loc[ranked["parent"] == row["place_id"], "place_id"]}
            picked.append(row["name"])
    where = ", ".join(str(p) for p in picked) if picked else "all places"
    return f"Brief: {where}"


def _points(tables: Mapping[str, pd.DataFrame], place_ids: Iterable[str]) -> list[tuple[float, float]]:
    places = tables["places"]
    rows = places[places["place_id"].isin(list(place_ids))].dropna(subset=["lon", "lat"])
    return [(float(x), float(y)) for x, y in zip(rows["lon"], rows["lat"], strict=True)]


def date_span(tables: Mapping[str, pd.DataFrame], state: viewstate.ViewState) -> tuple[str, str]:
    """First and last day the view covers: its timeline selection or date filter where set, else
    the days its rows name exactly (a 'December' would stretch the span to the whole month)."""
    evs = tables["events"]
    days = pd.concat(
        [
            evs.loc[evs["date_precision"] == "day", "date"].astype("string"),
            tables["figures"]["date"].astype("string"),
            tables["articles"]["published"].astype("string"),
        ]
    ).dropna()
    days = days[days.str.len() == 10]
    first = state.date_from.isoformat() if state.date_from else (days.min() if len(days) else "")
    last = state.date_to.isoformat() if state.date_to else (days.max() if len(days) else "")
    if state.selected_days:
        first, last = (d.isoformat() for d in state.selected_days)
    return first, last


def describe_view(state: viewstate.ViewState, tables: Mapping[str, pd.DataFrame]) -> str:
    """The view's filters and selections in words (names, not ids)."""
    names = dict(zip(tables["places"]["place_id"], tables["places"]["name"], strict=False))
    titles = dict(zip(tables["articles"]["article_id"], tables["articles"]["title"], strict=False))
    parts = []
    if state.places:
        parts.append("places: " + ", ".join(_text(names.get(p, p)) for p in state.places))
    if state.date_from or state.date_to:
        parts.append(f"dates: {state.date_from or '…'} to {state.date_to or '…'}")
    if state.sources:
        parts.append("reports: " + ", ".join(_text(titles.get(s, s)) for s in state.sources))
    if state.subjects:
        parts.append("counting: " + ", ".join(state.subjects))
    if state.selected_places:
        parts.append(
            "selected on the map: " + ", ".join(_text(names.get(p, p)) for p in state.selected_places)
        )
    if state.selected_days:
        parts.append("selected on the timeline: " + " to ".join(d.isoformat() for d in state.selected_days))
    if state.claim:
        parts.append(f"claim: {state.claim}")
    return "; ".join(parts) if parts else "the default view (everything in the tables)"


def figure_html(fig: go.Figure, div_id: str) -> str:
    """A figure's div and script; it counts itself drawn in `window.__briefDrawn`."""
    return pio.to_html(
        fig,
        full_html=False,
        include_plotlyjs=False,
        div_id=div_id,
        config={"displayModeBar": False, "responsive": False},
        post_script="window.__briefDrawn = (window.__briefDrawn || 0) + 1;",
    )


def brief_html(
    tables: Mapping[str, pd.DataFrame],
    state: viewstate.ViewState = viewstate.DEFAULT,
    *,
    made_at: datetime | None = None,
    link: str = "",
    notices: Iterable[str] = (),
    title: str | None = None,
    text_of: Callable[[str], str | None] | None = None,
) -> str:
    """The brief of a view as one self-contained HTML page (plotly.js inlined once, no network)."""
    from dashboard.view import charts  # the app's chart builders, so the brief shows what the app shows

    tables = filters.tables_or_empty(tables)
    view = panels(tables, state)
    made_at = made_at or datetime.now(UTC)
    text_of = text_of or (lambda _aid: None)
    notes = Footnotes()
    numbers = numbers_section(view.focused, state, notes)
    first, last = date_span(view.focused, state)
    n_reports = len(view.focused["articles"])
    outlets = sorted({o for o in view.focused["articles"]["outlet"].dropna()})
    unknown = n_reports - int(view.focused["articles"]["outlet"].notna().sum())
    app_map = charts.map_figure(view.filtered, state)
    framed_for = (getattr(charts, "MAP_WIDTH_GUESS", PAGE_WIDTH), app_map.layout.height or MAP_HEIGHT)
    map_fig = static_map(
        app_map,
        view.filtered["places"],
        framed_for=framed_for,
        must_show=_points(tables, state.selected_places),
        context=tables["places"],
    )
    timeline_fig = daily_ticks(sized(charts.timeline_figure(view.filtered, state), PAGE_WIDTH))
    query = view_query(state)
    heading = title or _title(view.focused, state, (map_fig.layout.xaxis.range, map_fig.layout.yaxis.range))
    sources = ", ".join([*outlets, *([f"{unknown} of unknown outlet"] if unknown and outlets else [])])
    sub = f"{html.escape(fmt_span(first, last))} · {plural(n_reports, 'report')}" + (
        f" ({html.escape(sources)})" if outlets else ""
    )
    link_html = (
        f'<a href="{html.escape(link, quote=True)}">{html.escape(link)}</a>'
        if link.lower().startswith(("http://", "https://"))
        else html.escape(query or "the app's bare URL (no parameters)")
    )
    notice_html = "".join(f'<div class="notice">{html.escape(n)}</div>' for n in notices)
    notes_html = "".join(f"<li>{n}</li>" for n in notes.items)
    made = made_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width={VIEWPORT["width"]}">
<title>{html.escape(heading)}</title>
<style>{CSS % {"w": PAGE_WIDTH}}</style>
<script type="text/javascript">{get_plotlyjs()}</script>
</head><body><main>
<header>
<h1>{html.escape(heading)}</h1>
<p class="sub">{sub}</p>
<p class="view">View: {html.escape(describe_view(state, tables))}. App link: {link_html}</p>
<p class="view">Made {made} with the crisis dashboard.</p>
</header>
{notice_html}
{numbers}
<section class="map"><h2>Map</h2><div class="figure" id="brief-map-box">{figure_html(map_fig, "brief-map")}</div>
<p class="caption">Markers: places the reports name, sized by how much they say there; lines: movements the
reports record. Scale bar bottom left.</p></section>
<section class="timeline"><h2>Timeline</h2>
<div class="figure" id="brief-timeline-box">{figure_html(timeline_fig, "brief-timeline")}</div></section>
{excerpts_section(view.focused, text_of, tables)}
{sources_section(view.focused)}
<section class="notes"><h2>Notes</h2><ol>{notes_html}</ol></section>
<footer>Made {made}. {html.escape(CREDITS)}</footer>
</main>
<script>window.__briefFigures = 2;</script>
</body></html>
"""


# --- rendering --------------------------------------------------------------------------------

_MAP_GEOMETRY_JS = """() => {
  const gd = document.getElementById('brief-map');
  if (!gd || !gd._fullLayout) return null;
  const r = gd.getBoundingClientRect(), fl = gd._fullLayout;
  const xa = fl.xaxis, ya = fl.yaxis;
  return {left: r.left + window.scrollX + xa._offset, top: r.top + window.scrollY + ya._offset,
          width: xa._length, height: ya._length, x: xa.range, y: ya.range};
}"""


@dataclass(frozen=True)
class MapGeometry:
    """Where the map's plot area lies in the page (CSS px) and what it shows (lon/lat ranges)."""

    left: float
    top: float
    width: float
    height: float
    x: tuple[float, float]
    y: tuple[float, float]

    def to_px(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            self.left + (lon - self.x[0]) / (self.x[1] - self.x[0]) * self.width,
            self.top + (self.y[1] - lat) / (self.y[1] - self.y[0]) * self.height,
        )

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (
            round(self.left),
            round(self.top),
            round(self.left + self.width),
            round(self.top + self.height),
        )


@dataclass
class Rendered:
    png: Path
    pdf: Path
    map: MapGeometry | None
    map_ink: float  # share of the map's pixels that are not white
    refused: list[str]  # requests the page tried to make (none expected: it is self-contained)
    seconds: float


def ink(png: Path, box: tuple[int, int, int, int], threshold: int = 250) -> float:
    """Share of the pixels in a box of an image that are not white (any channel below threshold)."""
    from PIL import Image, ImageChops

    with Image.open(png) as im:
        r, g, b = im.convert("RGB").crop(box).split()
        darkest = ImageChops.darker(ImageChops.darker(r, g), b)
        hist = darkest.histogram()
    total = sum(hist)
    return sum(hist[:threshold]) / total if total else 0.0


def render(html_path: Path, png_path: Path, pdf_path: Path, top_png: Path | None = None) -> Rendered:
    """Open the brief in headless Chromium with the network cut, wait until every figure is
    drawn, then save the whole page as PNG and as an A4 PDF (and, if asked, the top of the page
    down to the map as `top_png`, the README's screenshot). Raises browser.BrowserMissing."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _render(html_path, png_path, pdf_path, top_png)
    # playwright's sync API refuses to start inside a running event loop (a notebook, another
    # playwright session): draw from a thread of its own
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_render, html_path, png_path, pdf_path, top_png).result()


def _render(html_path: Path, png_path: Path, pdf_path: Path, top_png: Path | None) -> Rendered:
    started = time.perf_counter()
    with browser.launch() as chromium:
        page = chromium.new_page(viewport=VIEWPORT, device_scale_factor=1)
        refused = browser.block_network(page)
        page.goto(Path(html_path).resolve().as_uri(), wait_until="load")
        page.wait_for_function(
            "window.__briefDrawn >= (window.__briefFigures || 2)", timeout=DRAW_TIMEOUT_MS, polling=50
        )
        page.evaluate("document.fonts.ready")
        geometry = page.evaluate(_MAP_GEOMETRY_JS)
        page.screenshot(path=str(png_path), full_page=True)
        if top_png:
            bottom = page.evaluate("document.querySelector('section.map').getBoundingClientRect().bottom")
            clip = {
                "x": 0,
                "y": 0,
                "width": VIEWPORT["width"],
                "height": math.ceil(bottom + window_scroll(page)),
            }
            page.screenshot(path=str(top_png), full_page=True, clip=clip)
        page.pdf(path=str(pdf_path), format="A4", print_background=True, margin=PDF_MARGIN, scale=PDF_SCALE)
        page.close()
    geo = (
        MapGeometry(**{**geometry, "x": tuple(geometry["x"]), "y": tuple(geometry["y"])})
        if geometry
        else None
    )
    map_ink = ink(Path(png_path), geo.box) if geo else 0.0
    return Rendered(Path(png_path), Path(pdf_path), geo, map_ink, refused, time.perf_counter() - started)


def window_scroll(page) -> float:
    return float(page.evaluate("window.scrollY"))


def render_bytes(html_text: str) -> tuple[bytes, bytes]:
    """PNG and PDF of a brief given as HTML text (for the app's download buttons)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="brief-") as tmp:
        folder = Path(tmp)
        (folder / "brief.html").write_text(html_text, encoding="utf-8")
        done = render(folder / "brief.html", folder / "brief.png", folder / "brief.pdf")
        return done.png.read_bytes(), done.pdf.read_bytes()


class AppBrief:
    """The brief of the app's current view, for its download buttons: each part is made only
    when a button asks for it (Streamlit calls `html`, `png`, `pdf` on click), PNG and PDF from
    one rendering.

        b = brief.AppBrief(ctx.tables, ctx.state, text_of=text_of, link=app_url)
        st.download_button("Brief (HTML)", b.html, file_name=b.file_name("html"), mime="text/html")
        if browser.available():
            st.download_button("Brief (PDF)", b.pdf, file_name=b.file_name("pdf"), mime="application/pdf")
    """

    def __init__(
        self,
        tables: Mapping[str, pd.DataFrame],
        state: viewstate.ViewState,
        *,
        text_of: Callable[[str], str | None] | None = None,
        link: str = "",
    ) -> None:
        self._args = (tables, state)
        self._kw = {"text_of": text_of, "link": link}
        self._html: str | None = None
        self._files: tuple[bytes, bytes] | None = None

    def file_name(self, extension: str) -> str:
        query = view_query(self._args[1])
        tag = "-".join(re.findall(r"[A-Za-z0-9]+", query))[:60] if query else "default"
        return f"brief-{tag}.{extension}"

    def html(self) -> str:
        if self._html is None:
            self._html = brief_html(*self._args, **self._kw)
        return self._html

    def _rendered(self) -> tuple[bytes, bytes]:
        if self._files is None:
            self._files = render_bytes(self.html())
        return self._files

    def png(self) -> bytes:
        return self._rendered()[0]

    def pdf(self) -> bytes:
        return self._rendered()[1]


# --- the command ------------------------------------------------------------------------------


@dataclass
class BriefFiles:
    html: Path
    png: Path | None = None
    pdf: Path | None = None
    rendered: Rendered | None = None
    problem: str = ""  # why there is no PNG/PDF, or why the map looks wrong


def load(
    data_dir: Path, seeds_dir: Path | None = None
) -> tuple[dict[str, pd.DataFrame], Callable[[str], str | None]]:
    """The tables of a data folder, and a reader of each report's text from the reports folder
    (for highlights by offset; None where the file is not there)."""
    import logging

    # loaders caches for the app; outside Streamlit its decorators would warn of a missing runtime
    logging.getLogger("streamlit.runtime.caching.cache_data_api").addFilter(
        lambda record: "No runtime found" not in record.getMessage()
    )
    from dashboard.ui import loaders

    tables = store.read_tables(data_dir)
    files = dict(zip(tables["articles"]["article_id"], tables["articles"]["source_file"], strict=True))
    seeds = seeds_dir or loaders.seeds_dir()
    cache: dict[str, str | None] = {}

    def text_of(article_id: str) -> str | None:
        if article_id not in cache:
            name = _text(files.get(article_id))
            cache[article_id] = loaders.read_report_text(seeds, name) if name else None
        return cache[article_id]

    return tables, text_of


def make_brief(
    view: str,
    out: Path,
    data_dir: Path = Path("data"),
    *,
    seeds_dir: Path | None = None,
    render_files: bool = True,
    title: str | None = None,
    made_at: datetime | None = None,
    screenshot: Path | None = None,
) -> tuple[BriefFiles, list[str]]:
    """Write out.html (and out.png, out.pdf where a browser is present) for a view; `screenshot`
    also gets the top of the page (title, key numbers, map)."""
    tables, text_of = load(data_dir, seeds_dir)
    params, link = parse_view(view)
    state, notices = viewstate.from_query(params)
    state, unknown = viewstate.validate(state, tables)
    notices = [*notices, *unknown]
    page = brief_html(
        tables, state, made_at=made_at, link=link, notices=notices, title=title, text_of=text_of
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    files = BriefFiles(html=out.with_suffix(".html"))
    files.html.write_text(page, encoding="utf-8")
    if not render_files:
        return files, notices
    reason = browser.missing_reason()
    if reason:
        files.problem = reason
        return files, notices
    if screenshot:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
    done = render(files.html, out.with_suffix(".png"), out.with_suffix(".pdf"), top_png=screenshot)
    files.png, files.pdf, files.rendered = done.png, done.pdf, done
    if done.map is None or done.map_ink < BLANK_MAP_INK:
        files.problem = f"the map looks blank ({done.map_ink:.1%} of its pixels drawn)"
    elif done.refused:
        files.problem = f"the page tried to fetch {len(done.refused)} resource(s), e.g. {done.refused[0]}"
    return files, notices


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m dashboard brief",
        description="Write a brief of a dashboard view: NAME.html (self-contained), NAME.png (whole page), NAME.pdf.",
    )
    p.add_argument("--view", default="", help="the view: a query string ('place=…&from=…') or a full app URL")
    p.add_argument("--out", type=Path, required=True, help="output path without extension, e.g. briefs/foua")
    p.add_argument("--data", type=Path, default=Path("data"), help="folder of tables (default: data)")
    p.add_argument("--seeds", type=Path, help="folder of the reports, for their words (default: seeds)")
    p.add_argument("--title", help="title of the brief (default: the places it covers)")
    p.add_argument("--html-only", action="store_true", help="write the HTML only (no browser needed)")
    p.add_argument(
        "--screenshot", type=Path, help="also save the top of the brief (title, numbers, map) as this PNG"
    )
    return p


def main(argv: list[str] | None = None) -> int:
    """Exit 0 when every file is written, 3 when only the HTML could be (no browser), 2 on bad input,
    1 when the rendered map looks blank or the page reached for the network."""
    args = parser().parse_args(argv)
    if not (args.data / "articles.csv").is_file():
        print(
            f"error: no tables in {args.data}: build them with `python -m dashboard build`", file=sys.stderr
        )
        return 2
    out = args.out.with_suffix("") if args.out.suffix in (".html", ".png", ".pdf") else args.out
    files, notices = make_brief(
        args.view,
        out,
        args.data,
        seeds_dir=args.seeds,
        render_files=not args.html_only,
        title=args.title,
        screenshot=args.screenshot,
    )
    for notice in notices:
        print(f"notice: {notice}", file=sys.stderr)
    print(f"wrote {files.html}")
    if args.html_only:
        return 0
    if files.png is None:
        print(files.problem, file=sys.stderr)
        print("The HTML brief was written; open it in any browser.", file=sys.stderr)
        return 3
    print(f"wrote {files.png}\nwrote {files.pdf}  ({files.rendered.seconds:.1f} s in Chromium)")
    if args.screenshot:
        print(f"wrote {args.screenshot}")
    if files.problem:
        print(f"error: {files.problem}", file=sys.stderr)
        return 1
    return 0
