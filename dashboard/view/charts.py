"""Pure chart builders: tables and a view state in, plotly figures or small frames out.

They take the tables `filters.apply` returns and narrow them by the other panels'
selections themselves (the map by the timeline's days, the timeline by the map's places), so
a panel never hides what was selected on it. Nothing here touches Streamlit.

Text from reports reaches plotly hover labels only escaped (plotly reads a subset of HTML).
"""

from __future__ import annotations

import base64
import html
import json
import math
from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from dashboard.view import filters
from dashboard.view.viewstate import ViewState

# Okabe & Ito (2008), colour-blind safe; yellow left out (too faint on a white map).
OKABE_ITO = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "purple": "#CC79A7",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "black": "#000000",
}
PLACE_COLOURS = ["blue", "vermillion", "green", "purple", "orange", "sky"]
OTHER_COLOUR = "#7a7a7a"
AREA_COLOUR = "#9a8fb8"  # muted, so a region's centre does not read as a town
NAMED_PLACES = len(PLACE_COLOURS)  # places with their own colour and legend entry
STATUS_BADGE = {
    "agree": ("agree", "green"),
    "conflict": ("conflict", "orange"),
    "single": ("one source", "gray"),
}

BASEMAP_DIR = Path(__file__).parent / "basemap"
BASEMAP_CREDIT = (
    "Basemap: Natural Earth (public domain); rivers: GSHHG / World Data Bank II (Wessel & Smith), "
    "LGPL-3.0-or-later."
)
TILES = {
    "carto-positron": (
        ["https://a.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png"],
        "© OpenStreetMap contributors © CARTO",
    ),
    "open-street-map": (["https://tile.openstreetmap.org/{z}/{x}/{y}.png"], "© OpenStreetMap contributors"),
}
SYRIA_BOX = (35.0, 42.6, 32.2, 37.6)  # lon min, lon max, lat min, lat max of the basemap layers
STORY_RADIUS_KM = 250
AREA_KINDS = (
    "region",
    "country",
    "governorate",
    "province",
)  # places this close to the most-reported one frame the default view
MAP_HEIGHT = 400
MAP_WIDTH_GUESS = 480  # px, for the zoom that frames the story (the map's width in a 1280 px window)
MAP_LEGEND_SHARE = 0.13  # of the figure's height, under the map, for the legend (names stand in for labels)
MAX_TIMELINE_ROWS = 24
QUOTE_CHARS = 160
ROUTE_FIGURES_LISTED = 6


# ---------------------------------------------------------------- words


def fmt_number(value) -> str:
    if value is None or pd.isna(value):
        return ""
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def _s(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def figure_label(row: Mapping) -> str:
    """'at least 82 civilians killed', '15,000 people evacuated', 'tens of thousands of civilians'."""
    unit = _s(row.get("unit"))
    number = fmt_number(row.get("value"))
    amount = f"{number} {unit}".strip() if number else ""
    words = [_s(row.get("qualifier")), amount, _s(row.get("subject")), _s(row.get("outcome"))]
    return " ".join(w for w in words if w) or _s(row.get("text"))


def range_text(low, high, qualifier=None, unit=None) -> str:
    """A claim's value across sources: 'at least 82', '14,000–15,000', 'tens of thousands'."""
    qualifier, unit = _s(qualifier), _s(unit)
    lo, hi = fmt_number(low), fmt_number(high)
    if qualifier.endswith(" of"):  # a vague amount: said in words, its bounds are not a reading
        return _vague(qualifier, low)
    if not lo and not hi:
        return qualifier or "amount not stated"
    number = lo if lo == hi or not hi else (hi if not lo else f"{lo}–{hi}")
    return " ".join(w for w in (qualifier, number, unit) if w)


_VAGUE_BASE = {"tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000, "millions": 10**6}
_SCALE_WORDS = {100: "hundreds", 1000: "thousands", 10**6: "millions"}


def _vague(qualifier: str, low) -> str:
    """'tens of' with a lower bound of 10,000 reads 'tens of thousands of'."""
    base = _VAGUE_BASE.get(qualifier.split()[0].lower())
    if base and low is not None and not pd.isna(low):
        scale = _SCALE_WORDS.get(round(float(low) / base))
        if scale:
            return f"{qualifier} {scale} of"
    return qualifier


def day_label(day: str) -> str:
    """'Tue 13 Dec 2016' for a day, 'Dec 2016' for a month."""
    try:
        if len(day) == 7:
            return date.fromisoformat(day + "-01").strftime("%b %Y")
        return date.fromisoformat(day[:10]).strftime("%a %d %b %Y")
    except ValueError:
        return day


def _clip(text: str, n: int = QUOTE_CHARS) -> str:
    text = " ".join(_s(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _wrap(text: str, width: int = 60) -> str:
    """Escaped, broken into hover lines."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return "<br>".join(html.escape(x) for x in lines)


# ---------------------------------------------------------------- numbers panel


def claims_view(tables: Mapping[str, pd.DataFrame], limit: int | None = None) -> pd.DataFrame:
    """One row per claim for the numbers panel, most-reported first: label, range across
    sources, how many sources, status (agree / conflict / single), qualifier kept. With
    `limit`, only the first claims (their words are made only for those)."""
    columns = ["claim_id", "label", "range", "n_sources", "n_figures", "status", "qualifier", "subject",
               "outcome", "unit", "place", "dates"]  # fmt: skip
    claims = tables["claims"].sort_values(
        ["n_sources", "n_figures", "value_max"], ascending=False, kind="stable", na_position="last"
    )
    if limit is not None:
        claims = claims.head(limit)
    if claims.empty:
        return pd.DataFrame(columns=columns)
    names = tables["places"].set_index("place_id")["name"]
    out = claims[
        ["claim_id", "n_sources", "n_figures", "status", "qualifier", "subject", "outcome", "unit"]
    ].assign(
        label=claims["label"].fillna(claims["subject"]),
        range=[
            range_text(lo, hi, q, u)
            for lo, hi, q, u in zip(
                claims["value_min"], claims["value_max"], claims["qualifier"], claims["unit"], strict=True
            )
        ],
        place=claims["place_id"].map(names),
        dates=[_date_span(a, b) for a, b in zip(claims["date_min"], claims["date_max"], strict=True)],
    )
    return out[columns].reset_index(drop=True)


def _date_span(first, last) -> str:
    first, last = _s(first), _s(last)
    if not first:
        return ""
    return day_label(first) if not last or last == first else f"{day_label(first)} – {day_label(last)}"


def headline(tables: Mapping[str, pd.DataFrame], n: int = 4, view: pd.DataFrame | None = None) -> list[dict]:
    """The most-reported claims as metrics: {label, value, help} (`view`: claims_view, if at hand)."""
    view = (claims_view(tables) if view is None else view).head(n)
    out = []
    for row in view.itertuples(index=False):
        what = " ".join(w for w in (_s(row.subject), _s(row.outcome)) if w) or _s(row.label)
        badge = STATUS_BADGE.get(_s(row.status), (_s(row.status), "gray"))[0]
        sources = f"{row.n_sources} source" + ("s" if row.n_sources != 1 else "")
        out.append({"label": what, "value": row.range, "help": f"{row.label} — {sources}, {badge}"})
    return out


def claim_figures(tables: Mapping[str, pd.DataFrame], claim_id: str) -> pd.DataFrame:
    """Each report's figure behind a claim, with the report's title, outlet and date."""
    figs = tables["figures"]
    figs = figs[figs["claim_id"] == claim_id]
    arts = tables["articles"].set_index("article_id")
    out = figs.assign(
        figure=[figure_label(r) for r in figs.to_dict("records")],
        title=figs["article_id"].map(arts["title"]),
        outlet=figs["article_id"].map(arts["outlet"]),
        published=figs["article_id"].map(arts["published"]),
    )
    return out.sort_values(["published", "article_id", "start"], kind="stable").reset_index(drop=True)


def counts(tables: Mapping[str, pd.DataFrame]) -> dict[str, int]:
    return {
        "reports": len(tables["articles"]),
        "places": int((tables["places"]["kind"] != "country").fillna(True).sum()),
        "figures": len(tables["figures"]),
        "events": len(tables["events"]),
        "claims": len(tables["claims"]),
        "conflicts": int((tables["claims"]["status"] == "conflict").fillna(False).sum()),
    }


def sequence_view(tables: Mapping[str, pd.DataFrame], days: int | None = None) -> pd.DataFrame:
    """Day-precision events, day by day: what happened and how many reports say so (the
    `days` days with most statements, if given)."""
    evs = tables["events"]
    evs = evs[(evs["date_precision"] == "day").fillna(False) & evs["date"].notna()]
    if days is not None:
        evs = evs[evs["date"].isin(evs["date"].value_counts().head(days).index)]
    if evs.empty:
        return pd.DataFrame(columns=["date", "day", "what", "n_sources"])
    what = evs["what"].copy()
    missing = what.isna()
    what[missing] = evs.loc[missing, "quote"].map(lambda q: _clip(q, 80))
    g = evs.assign(what=what.str.strip()).groupby(["date", "what"], sort=True)["article_id"].nunique()
    out = g.rename("n_sources").reset_index()
    out["day"] = out["date"].map(day_label)
    return out.sort_values(["date", "n_sources"], ascending=[True, False], kind="stable")[
        ["date", "day", "what", "n_sources"]
    ].reset_index(drop=True)


# ---------------------------------------------------------------- map


class _Traces(list):
    """Traces as plain dicts, made into one figure at the end: plotly then validates the
    whole figure once (~6 ms) instead of trace by trace and layout key by key (~25 ms)."""

    def add_trace(self, trace: dict) -> None:
        self.append(trace)

    def figure(self, layout: dict) -> go.Figure:
        return go.Figure({"data": list(self), "layout": layout})


@cache
def _geojson(name: str) -> str:
    with (BASEMAP_DIR / f"{name}.geojson").open(encoding="utf-8") as fh:
        return _data_url(json.load(fh))


@cache
def _countries(syria: bool) -> str:
    with (BASEMAP_DIR / "countries.geojson").open(encoding="utf-8") as fh:
        features = [
            f for f in json.load(fh)["features"] if (f["properties"].get("adm0_a3") == "SYR") == syria
        ]
    return _data_url({"type": "FeatureCollection", "features": features})


def _data_url(geojson: dict) -> str:
    """GeoJSON as a data: URL, which the map fetches like a file: still offline and
    self-contained, and plotly validates one string instead of thousands of coordinates
    on every rerun (a dict source cost ~0.3 s per run)."""
    text = json.dumps(geojson, separators=(",", ":"))
    return "data:application/geo+json;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


def basemap_layers(style: str = "offline") -> list[dict]:
    """Context from the shipped GeoJSON, below the markers. With a tile style the tiles sit
    over the land and sea fills, so where tiles cannot load the offline map shows through."""
    sea, land, syria = "#dce9f2", "#efede8", "#fbfaf7"
    line = "#8a8a8a"
    layers = [
        _fill(_geojson("ocean"), sea, "Natural Earth"),
        _fill(_countries(False), land),
        _fill(_countries(True), syria),
        _fill(_geojson("lakes"), sea),
    ]
    if style in TILES:
        urls, credit = TILES[style]
        layers.append(
            {
                "sourcetype": "raster",
                "source": urls,
                "below": "traces",
                "sourceattribution": credit,
                "opacity": 0.9,
            }
        )
    layers += [
        _line(_geojson("rivers"), "#7fb2d6", 1.0, credit="rivers: GSHHG (LGPL)"),
        _line(_geojson("syr_admin1_lines"), "#b0aca4", 0.8, dash=[3, 2]),
        _line(_geojson("coastline"), "#7fa6c4", 0.8),
        _line(_geojson("admin0_borders"), line, 1.4),
    ]
    return layers


def _fill(source: str, colour: str, credit: str | None = None) -> dict:
    layer = {"sourcetype": "geojson", "source": source, "type": "fill", "color": colour, "below": "traces"}
    if credit:
        layer["sourceattribution"] = credit
    return layer


def _line(source: str, colour: str, width: float, dash=None, credit: str | None = None) -> dict:
    layer = {
        "sourcetype": "geojson",
        "source": source,
        "type": "line",
        "color": colour,
        "line": {"width": width, **({"dash": dash} if dash else {})},
        "below": "traces",
    }
    if credit:
        layer["sourceattribution"] = credit
    return layer


def drawable_places(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Located places that are story points (not countries), with their weight and hover."""
    places = tables["places"]
    places = places[
        places["lat"].notna() & places["lon"].notna() & (places["kind"] != "country").fillna(True)
    ]
    weight = (places["n_mentions"].fillna(0) + places["n_figures"].fillna(0)).astype(float)
    places = places.assign(weight=weight)
    places = places[places["weight"] > 0].sort_values(
        ["weight", "name"], ascending=[False, True], kind="stable"
    )
    key = key_figures(tables, set(places["place_id"]))
    return places.assign(
        hover=[_place_hover(r, key.get(r["place_id"], [])) for r in places.to_dict("records")]
    )


_LABEL_PARTS = ["qualifier", "value", "unit", "subject", "outcome"]


def key_figures(tables: Mapping[str, pd.DataFrame], place_ids: set[str], n: int = 3) -> dict[str, list[str]]:
    """The figures most reports give about each place (located there, from or to it)."""
    figs = tables["figures"]
    if figs.empty or not place_ids:
        return {}
    roles = {"place_id": "", "origin_id": " (from here)", "destination_id": " (to here)"}
    parts = [
        figs.loc[filters.isin(figs[col], place_ids), ["article_id", "text", *_LABEL_PARTS]].assign(
            at=figs[col], role=role
        )
        for col, role in roles.items()
    ]
    long = pd.concat(parts, ignore_index=True)
    if long.empty:
        return {}
    # Count reports per distinct figure first; words are made only for the few shown.
    keys = ["at", "role", *_LABEL_PARTS]
    ranked = long.groupby(keys, dropna=False, sort=False).agg(
        n=("article_id", "nunique"), text=("text", "first")
    )
    ranked = ranked.reset_index().sort_values(["at", "n"], ascending=[True, False], kind="stable")
    top = ranked.groupby("at", sort=False).head(n)
    out: dict[str, list[str]] = {}
    for row in top.to_dict("records"):
        k = int(row["n"])
        out.setdefault(str(row["at"]), []).append(
            f"{figure_label(row)}{row['role']} ({k} report{'s' if k != 1 else ''})"
        )
    return out


def _place_hover(row: Mapping, figures: list[str]) -> str:
    n_art, n_men = int(row.get("n_articles") or 0), int(row.get("n_mentions") or 0)
    lines = [
        f"<b>{html.escape(_s(row['name']))}</b> ({html.escape(_s(row.get('kind')) or 'place')})",
        f"{n_art} report{'s' if n_art != 1 else ''} · {n_men} mention{'s' if n_men != 1 else ''}",
    ]
    if figures:
        lines.append("Key figures:")
        lines += [f"• {html.escape(f)}" for f in figures]
    return "<br>".join(lines)


def routes(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Movements with both ends located (origin → destination): those the movements table
    records ("evacuate from Aleppo to villages of Idlib province") and those figures record,
    each with its figures — the figures of people moving from that origin or to that
    destination."""
    columns = ["origin_id", "destination_id", "origin", "destination", "n_figures", "n_sources", "figures"]
    at = _located(tables["places"])
    pairs = _route_pairs(tables, at.index)
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    figs = tables["figures"]
    moving = figs[figs["origin_id"].notna() | figs["destination_id"].notna()]
    outlets = tables["articles"].set_index("article_id")["outlet"]
    rows = []
    for (o, d), group in pairs.groupby(["origin_id", "destination_id"], sort=True):
        theirs = moving[
            (moving["origin_id"] == o).fillna(False) | (moving["destination_id"] == d).fillna(False)
        ]
        labels = [  # the hover lists a few: words for the first ones only
            f"{figure_label(r)} — {_s(outlets.get(r['article_id'])) or 'outlet unknown'}"
            for r in theirs.head(ROUTE_FIGURES_LISTED * 4).to_dict("records")
        ]
        rows.append(
            {
                "origin_id": o,
                "destination_id": d,
                "origin": at.loc[o, "name"],
                "destination": at.loc[d, "name"],
                "n_figures": len(theirs),
                "n_sources": pd.concat([group["article_id"], theirs["article_id"]]).nunique(),
                "figures": list(dict.fromkeys(labels)),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def _located(places: pd.DataFrame) -> pd.DataFrame:
    keep = places["lat"].notna() & places["lon"].notna() & (places["kind"] != "country").fillna(True)
    return places[keep].set_index("place_id")


def _route_pairs(tables: Mapping[str, pd.DataFrame], located: pd.Index) -> pd.DataFrame:
    """(origin_id, destination_id, article_id) of every movement with both ends on the map."""
    cols = ["origin_id", "destination_id", "article_id"]
    frames = [tables["figures"][cols]]
    if "movements" in tables:
        frames.append(tables["movements"][cols])
    pairs = filters.complete(pd.concat(frames, ignore_index=True), cols[:2])
    pairs = pairs[pairs["origin_id"] != pairs["destination_id"]]
    return pairs[filters.isin(pairs["origin_id"], located) & filters.isin(pairs["destination_id"], located)]


def open_ends(tables: Mapping[str, pd.DataFrame]) -> set[str]:
    """Places a movement leaves or reaches when the figure does not say (or locate) its other end."""
    figs = tables["figures"]
    ends = figs.loc[
        figs["origin_id"].notna() | figs["destination_id"].notna(), ["origin_id", "destination_id"]
    ]
    drawn = set(routes(tables)[["origin_id", "destination_id"]].itertuples(index=False, name=None))
    out = set()
    for o, d in ends.drop_duplicates().itertuples(index=False, name=None):
        o, d = (None if pd.isna(o) else o), (None if pd.isna(d) else d)
        if (o, d) not in drawn:
            out |= {p for p in (o, d) if p}
    return out


def _arc(lon0: float, lat0: float, lon1: float, lat1: float, steps: int = 16) -> tuple[list, list]:
    """A gentle curve (bent to the left of travel) so a route reads as a movement, not a border."""
    mx, my = (lon0 + lon1) / 2, (lat0 + lat1) / 2
    dx, dy = lon1 - lon0, lat1 - lat0
    cx, cy = mx - dy * 0.18, my + dx * 0.18
    lons, lats = [], []
    for i in range(steps + 1):
        t = i / steps
        lons.append((1 - t) ** 2 * lon0 + 2 * (1 - t) * t * cx + t**2 * lon1)
        lats.append((1 - t) ** 2 * lat0 + 2 * (1 - t) * t * cy + t**2 * lat1)
    return lons, lats


def story_view(places: pd.DataFrame) -> tuple[dict, float]:
    """Centre and zoom framing the story: the most-reported place and the places near it
    said more than once (far-off capitals and one-off asides stay out of the frame)."""
    if places.empty:
        lon0, lon1, lat0, lat1 = SYRIA_BOX
        return {"lon": (lon0 + lon1) / 2, "lat": (lat0 + lat1) / 2}, 5.2
    points = places[~places["kind"].isin(AREA_KINDS).fillna(False)]  # an area's centroid frames nothing
    points = points if not points.empty else places
    top = points.iloc[0]
    dist = _km(points["lat"].astype(float), points["lon"].astype(float), float(top["lat"]), float(top["lon"]))
    several = points["weight"] >= min(2.0, float(points["weight"].max()))
    story = points[(dist <= STORY_RADIUS_KM) & several]
    lon0, lon1 = float(story["lon"].min()), float(story["lon"].max())
    lat0, lat1 = float(story["lat"].min()), float(story["lat"].max())
    return {"lon": (lon0 + lon1) / 2, "lat": (lat0 + lat1) / 2}, _zoom(lon0, lon1, lat0, lat1)


def _km(lat, lon, lat0: float, lon0: float):
    """Distance in km (equirectangular: plenty at the scale of a region); Series or floats."""
    dlat = (lat - lat0) * 111.2
    dlon = (lon - lon0) * 111.2 * math.cos(math.radians(lat0))
    return (dlat**2 + dlon**2) ** 0.5


def _zoom(lon0: float, lon1: float, lat0: float, lat1: float) -> float:
    """Web-Mercator zoom at which the box (doubled, for context around it) fits the map panel."""

    def merc(lat: float) -> float:
        return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))

    lon_span = max((lon1 - lon0) * 2.0, 0.08)
    lat_span = max((merc(lat1) - merc(lat0)) * 2.0, 0.08)
    z_lon = math.log2(MAP_WIDTH_GUESS * 360 / (512 * lon_span))
    z_lat = math.log2(MAP_HEIGHT * (1 - MAP_LEGEND_SHARE) * 360 / (512 * lat_span))
    return round(max(4.0, min(11.0, z_lon, z_lat)), 2)


def map_figure(tables: Mapping[str, pd.DataFrame], state: ViewState) -> go.Figure:
    """Places sized by how much the reports say there, routes with their figures, on the
    offline basemap (or tiles over it). `tables` come from `filters.apply`; the timeline's
    selected days narrow them here, the map's own selection is only highlighted."""
    t = filters.focus(tables, state, ignore=("places", "claim"))
    places = drawable_places(t)
    top = float(places["weight"].max()) if not places.empty else 1.0
    points = [
        p | {"size": round(9 + 27 * (float(p["weight"]) / top) ** 0.5, 1)} for p in places.to_dict("records")
    ]
    fig = _Traces()
    _add_routes(fig, t)
    selected = [p for p in points if p["place_id"] in state.selected_places]
    for extra, colour in ((12, "#000000"), (6, "#ffffff")) if selected else ():
        fig.add_trace(_points(selected, colour, "selected", extra=extra, hover=False, showlegend=False))
    loose_ids = open_ends(t)
    loose = [p for p in points if p["place_id"] in loose_ids]
    if loose:
        fig.add_trace(
            _points(loose, "#333333", "open movement", extra=14, hover=False, opacity=0.3, showlegend=False)
        )
    # Named colours go to the most-reported points; regions (a rough centre standing for an
    # area) and the rest share a trace each, so the legend names the story's places.
    areas = [p for p in points if _s(p["kind"]) in AREA_KINDS]
    spots = [p for p in points if _s(p["kind"]) not in AREA_KINDS]
    near = [p for p in spots if _near(p, spots[0])] if spots else []  # far-off asides are not named
    named = near[:NAMED_PLACES]
    others = [p for p in spots if p not in named]
    if areas:
        fig.add_trace(_points(areas, AREA_COLOUR, f"regions, rough centre ({len(areas)})", opacity=0.45))
    if others:
        fig.add_trace(_points(others, OTHER_COLOUR, f"other places ({len(others)})"))
    for point, colour in zip(named, PLACE_COLOURS, strict=False):
        fig.add_trace(_points([point], OKABE_ITO[colour], _s(point["name"])))
    center, zoom = story_view(places)
    layout = dict(
        map={
            "style": "white-bg", "center": center, "zoom": zoom, "layers": basemap_layers(state.map_style),
            "domain": {"x": [0, 1], "y": [MAP_LEGEND_SHARE, 1]},
        },
        height=MAP_HEIGHT,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        legend={
            "orientation": "h", "x": 0, "y": MAP_LEGEND_SHARE - 0.01, "xanchor": "left", "yanchor": "top",
            "font": {"size": 12}, "itemclick": False, "itemdoubleclick": False, "traceorder": "reversed",
            "entrywidth": 118,
        },
        uirevision=_filters_key(state),
        clickmode="event+select",
        hoverlabel={"align": "left"},
    )  # fmt: skip
    return fig.figure(layout)


def _near(point: Mapping, centre: Mapping) -> bool:
    km = _km(float(point["lat"]), float(point["lon"]), float(centre["lat"]), float(centre["lon"]))
    return km <= STORY_RADIUS_KM


def _filters_key(state: ViewState) -> str:
    """The map keeps the analyst's pan and zoom until the filters change."""
    return "|".join(map(str, (state.places, state.sources, state.subjects, state.date_from, state.date_to)))


def _points(
    points: list[dict],
    colour: str,
    name: str,
    *,
    extra: float = 0,
    hover: bool = True,
    opacity: float = 0.88,
    showlegend: bool = True,
) -> dict:
    """One marker trace from plain records (plotly validates lists much faster than Series)."""
    trace = {
        "lat": [float(p["lat"]) for p in points],
        "lon": [float(p["lon"]) for p in points],
        "mode": "markers",
        "marker": {"size": [p["size"] + extra for p in points], "color": colour, "opacity": opacity},
        "name": html.escape(name),
        "showlegend": showlegend,
    }
    if hover:
        trace |= {
            "hovertext": [p["hover"] for p in points],
            "hovertemplate": "%{hovertext}<extra></extra>",
            "customdata": [[p["place_id"]] for p in points],
            "selected": {"marker": {"opacity": 1.0}},
            "unselected": {"marker": {"opacity": opacity}},
        }
    else:
        trace["hoverinfo"] = "skip"
    return {"type": "scattermap", **trace}


def _add_routes(fig: _Traces, t: Mapping[str, pd.DataFrame]) -> None:
    r = routes(t)
    if r.empty:
        return
    at = t["places"].set_index("place_id")
    lons: list = []
    lats: list = []
    mid_lon, mid_lat, hover, ends = [], [], [], []
    for row in r.itertuples(index=False):
        a, b = at.loc[row.origin_id], at.loc[row.destination_id]
        xs, ys = _arc(float(a["lon"]), float(a["lat"]), float(b["lon"]), float(b["lat"]))
        lons += [*xs, None]
        lats += [*ys, None]
        mid_lon.append(xs[len(xs) // 2])
        mid_lat.append(ys[len(ys) // 2])
        ends.append((xs[-1], ys[-1]))
        head = f"<b>{html.escape(_s(row.origin))} → {html.escape(_s(row.destination))}</b>"
        lines = [f"• {_wrap(f, 70)}" for f in row.figures[:ROUTE_FIGURES_LISTED]]
        rest = row.n_figures - min(len(row.figures), ROUTE_FIGURES_LISTED)
        more = [f"… and {rest} more figure{'s' if rest != 1 else ''}"] if rest > 0 else []
        hover.append("<br>".join([head, *lines, *more]))
    fig.add_trace(
        dict(
            type="scattermap",
            lon=lons, lat=lats, mode="lines", line={"width": 2.5, "color": "#333333"}, hoverinfo="skip",
            name="movement", legendgroup="routes",
        )
    )  # fmt: skip
    fig.add_trace(
        dict(
            type="scattermap",
            lon=[e[0] for e in ends], lat=[e[1] for e in ends], mode="markers", hoverinfo="skip",
            marker={"size": 7, "color": "#333333"}, showlegend=False, legendgroup="routes",
        )
    )  # fmt: skip
    fig.add_trace(
        dict(
            type="scattermap",
            lon=mid_lon, lat=mid_lat, mode="markers", marker={"size": 11, "color": "#333333", "opacity": 0.9},
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", showlegend=False, legendgroup="routes",
            customdata=[[o, d] for o, d in zip(r["origin_id"], r["destination_id"], strict=True)], name="route",
        )
    )  # fmt: skip


# ---------------------------------------------------------------- timeline


def timeline_figure(tables: Mapping[str, pd.DataFrame], state: ViewState) -> go.Figure:
    """Events by date, one row per report (or per place): day events as points (hover: the
    quotes), week and month events as spans, publication dates as ticks. `tables` come
    from `filters.apply`; the map's selected places narrow them here, the timeline's own
    selected days are shaded."""
    t = filters.focus(tables, state, ignore=("days", "claim"))
    evs, arts = t["events"], t["articles"]
    rows, labels = _timeline_rows(t, state.timeline_by)
    fig = _Traces()
    if state.timeline_by == "source":  # first, so day events are drawn over the date ticks
        _add_published(fig, arts, labels)
    if not evs.empty:
        # Keys only (no quotes) until the few rows a hover shows are known: at 10,000 reports
        # moving the quote column around costs more than everything else here.
        key = evs["article_id"] if state.timeline_by == "source" else evs["place_id"].fillna("")
        start = filters.day_start(evs["date"])
        slim = pd.DataFrame(
            {
                "row": key.map(labels).fillna(labels.get("*", "")),
                "first": start,
                "last": filters.day_end(start, evs["date_end"]),
                "start": evs["start"],
                "article_id": evs["article_id"],
            },
            index=evs.index,
        )
        spans = filters.isin(evs["date_precision"], ["week", "month"])
        _add_spans(fig, slim[spans], evs)
        _add_days(fig, slim[~spans], evs, arts)
    shapes = []
    if state.selected_days:
        first, last = state.selected_days
        shapes.append(
            {"type": "rect", "xref": "x", "yref": "paper", "x0": first.isoformat(), "y0": 0, "y1": 1,
             "x1": (last + timedelta(days=1)).isoformat(), "fillcolor": OKABE_ITO["orange"], "opacity": 0.18,
             "line": {"width": 0}, "layer": "below"}
        )  # fmt: skip
    x_range = _x_range(t)
    return fig.figure(
        {
            "yaxis": {"categoryorder": "array", "categoryarray": list(reversed(rows)), "title": None,
                      "automargin": True, "fixedrange": True},
            "xaxis": {"type": "date", "title": None, "range": x_range, "showgrid": True, **_day_ticks(x_range)},
            "shapes": shapes,
            "height": int(min(560, max(210, 110 + 30 * len(rows)))),
            "margin": {"l": 8, "r": 8, "t": 30, "b": 8},
            "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
            "hoverlabel": {"align": "left"},
            "clickmode": "event+select",
            "dragmode": "select",
            "selectdirection": "h",
            "uirevision": _filters_key(state) + state.timeline_by,
        }
    )  # fmt: skip


def _timeline_rows(t: Mapping[str, pd.DataFrame], by: str) -> tuple[list[str], dict[str, str]]:
    """Row labels top to bottom, and the label of each key (article id or place id); past
    MAX_TIMELINE_ROWS the least eventful share one last row (key '*')."""
    evs = t["events"]
    if by == "place":
        n_events = evs["place_id"].fillna("").value_counts()
        keys = list(n_events.index)
    else:
        arts = t["articles"].sort_values(["published", "article_id"], kind="stable", na_position="last")
        n_events = evs["article_id"].value_counts()
        keys = list(arts["article_id"])
    rest = 0
    if len(keys) > MAX_TIMELINE_ROWS:
        counts = n_events.to_dict()
        busiest = set(sorted(keys, key=lambda k: -counts.get(k, 0))[: MAX_TIMELINE_ROWS - 1])
        rest = len(keys) - len(busiest)
        keys = [k for k in keys if k in busiest]
    if by == "place":
        names = t["places"].set_index("place_id")["name"]
        label_of = {k: html.escape(_s(names.get(k)) or k) if k else "(no place named)" for k in keys}
    else:
        label_of = _source_labels(arts[filters.isin(arts["article_id"], keys)])
    rows = [label_of[k] for k in keys]
    if rest:
        label_of["*"] = f"{rest} other {'reports' if by == 'source' else 'places'}"
        rows.append(label_of["*"])
    return rows, label_of


def _source_labels(arts: pd.DataFrame) -> dict[str, str]:
    """Short unique row labels: outlet (or title) and publication day."""
    out: dict[str, str] = {}
    seen: dict[str, int] = {}
    for row in arts.to_dict("records"):
        name = _clip(_s(row["outlet"]) or _s(row["title"]) or _s(row["source_file"]), 26)
        day = _s(row["published"])
        label = f"{name} · {date.fromisoformat(day).strftime('%d %b')}" if len(day) == 10 else name
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            label = f"{label} ({seen[label]})"
        out[row["article_id"]] = html.escape(label)
    return out


def _add_days(fig: _Traces, slim: pd.DataFrame, evs: pd.DataFrame, arts: pd.DataFrame) -> None:
    """One dot per row and day, sized by how many statements, the first three quoted."""
    if slim.empty:
        return
    slim = slim.sort_values(["first", "start"], kind="stable")
    keys = ["row", "first"]
    counts = slim.groupby(keys, sort=False).size()
    shown = slim.groupby(keys, sort=False).head(3)  # only the quoted rows reach Python
    quoted = evs.loc[shown.index, "quote"]
    titles = arts.set_index("article_id")["title"]
    quotes: dict[tuple, list[str]] = {}
    first_article: dict[tuple, str] = {}
    for row, day, article, quote in zip(
        shown["row"], shown["first"], shown["article_id"], quoted, strict=True
    ):
        quotes.setdefault((row, day), []).append(f"“{_wrap(_clip(quote))}”")
        first_article.setdefault((row, day), article)
    xs, ys, sizes, hover, custom = [], [], [], [], []
    for (row, day), n in counts.items():
        xs.append(_noon(day))
        ys.append(row)
        sizes.append(min(22, 9 + 3 * (int(n) - 1)))
        title = _s(titles.get(first_article[(row, day)]))
        more = [f"… and {n - 3} more"] if n > 3 else []
        head = f"<b>{html.escape(day_label(day))}</b> · {html.escape(_clip(title, 70))}"
        hover.append("<br>".join([head, *quotes[(row, day)], *more]))
        custom.append([day, day])
    fig.add_trace(
        dict(
            type="scatter",
            x=xs, y=ys, mode="markers", name="day",
            marker={"size": sizes, "color": OKABE_ITO["blue"], "line": {"width": 1, "color": "#ffffff"}},
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", customdata=custom,
        )
    )  # fmt: skip


def _add_spans(fig: _Traces, slim: pd.DataFrame, evs: pd.DataFrame) -> None:
    """Week and month statements as bars from their first to their last day (one per row and span)."""
    if slim.empty:
        return
    slim = slim.sort_values("first", kind="stable")
    counts = slim.groupby(["row", "first", "last"], sort=False).size()
    firsts = slim.drop_duplicates(["row", "first", "last"])
    words = evs.loc[firsts.index, ["date_text", "date_precision", "quote"]]
    xs, ys, mid_x, mid_y, hover, custom = [], [], [], [], [], []
    for row, first_day, last_day, text, precision, quote, n in zip(
        firsts["row"], firsts["first"], firsts["last"], words["date_text"], words["date_precision"], words["quote"],
        counts.to_numpy(), strict=True,
    ):  # fmt: skip
        first, last = date.fromisoformat(first_day), date.fromisoformat(last_day)
        xs += [first.isoformat(), (last + timedelta(days=1)).isoformat(), None]
        ys += [row, row, None]
        mid_x.append((first + (last - first) / 2).isoformat())
        mid_y.append(row)
        head = f"<b>{html.escape(_s(text))}</b> ({_s(precision)}: {first:%d %b} – {last:%d %b %Y})"
        more = f"<br>… and {n - 1} more" if n > 1 else ""
        hover.append(f"{head}<br>“{_wrap(_clip(quote))}”{more}")
        custom.append([first.isoformat(), last.isoformat()])
    colour = OKABE_ITO["sky"]
    fig.add_trace(
        dict(
            type="scatter",
            x=xs, y=ys, mode="lines", line={"width": 9, "color": colour}, opacity=0.55, hoverinfo="skip",
            name="week / month", legendgroup="span",
        )
    )  # fmt: skip
    fig.add_trace(
        dict(
            type="scatter",
            x=mid_x, y=mid_y, mode="markers", marker={"size": 9, "color": colour, "symbol": "square"},
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", customdata=custom, showlegend=False,
            legendgroup="span",
        )
    )  # fmt: skip


def _add_published(fig: _Traces, arts: pd.DataFrame, labels: dict[str, str]) -> None:
    arts = arts[arts["published"].notna() & filters.isin(arts["article_id"], labels)]
    if arts.empty:
        return
    inferred = (arts["published_basis"] == "inferred").fillna(False)
    for subset, opacity, name in ((arts[~inferred], 1.0, "published"),
                                  (arts[inferred], 0.45, "published (inferred)")):  # fmt: skip
        if subset.empty:
            continue
        hover = [
            f"<b>{html.escape(_clip(_s(r['title']), 70))}</b><br>{html.escape(_s(r['outlet']) or 'outlet unknown')}"
            f" · published {html.escape(day_label(_s(r['published'])))} ({html.escape(_s(r['published_basis']))})"
            for r in subset.to_dict("records")
        ]
        fig.add_trace(
            dict(
                type="scatter",
                x=subset["published"].map(_noon), y=subset["article_id"].map(labels), mode="markers", name=name,
                marker={"symbol": "line-ns-open", "size": 24, "opacity": opacity, "color": OKABE_ITO["vermillion"],
                        "line": {"width": 3, "color": OKABE_ITO["vermillion"]}},
                hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
                customdata=[[d, d] for d in subset["published"]],
            )
        )  # fmt: skip


def _x_range(t: Mapping[str, pd.DataFrame]) -> list[str] | None:
    """The dense part of the story: day events and publication dates between their 5th and
    95th percentiles, a day either side (an aside about 2012 does not squash December)."""
    evs = t["events"]
    days = pd.concat(
        [evs.loc[evs["date_precision"] == "day", "date"], t["articles"]["published"]], ignore_index=True
    ).dropna()
    days = pd.to_datetime(days.astype(str).str[:10], errors="coerce").dropna()
    if days.empty:
        return None
    lo, hi = days.quantile(0.05), days.quantile(0.95)
    return [
        (lo - pd.Timedelta(days=1)).strftime("%Y-%m-%d"),
        (hi + pd.Timedelta(days=1.5)).strftime("%Y-%m-%d"),
    ]


def _noon(day: str) -> str:
    """A day's point sits mid-day, inside its column between the midnight grid lines."""
    return f"{day[:10]} 12:00"


def _day_ticks(x_range: list[str] | None) -> dict:
    """One tick a day over a few weeks (never the same day twice), a week over months."""
    if not x_range:
        return {}
    days = (date.fromisoformat(x_range[1]) - date.fromisoformat(x_range[0])).days
    if days <= 21:
        return {"dtick": 86_400_000, "tickformat": "%a %d %b", "ticklabelmode": "period"}
    if days <= 120:
        return {"dtick": 7 * 86_400_000, "tickformat": "%d %b %Y"}
    return {}
