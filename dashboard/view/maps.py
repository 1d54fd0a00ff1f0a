"""The map: places sized by how much the reports say there, routes of the movements they record, on
the offline basemap shipped in view/basemap/ (or tiles over it). Pure: tables and a view state in,
a plotly figure out.
"""

from __future__ import annotations

import base64
import csv
import html
import json
import math
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from dashboard.view import colours, filters, words
from dashboard.view.colours import PLACE_COLOURS, place_colour
from dashboard.view.plotting import Traces
from dashboard.view.viewstate import ViewState, filters_key

OTHER_COLOUR = "#7a7a7a"


AREA_COLOUR = "#9a8fb8"  # muted, so a region's centre does not read as a town


NAMED_PLACES = len(PLACE_COLOURS)  # places with their own colour and legend entry


BASEMAP_DIR = Path(__file__).parent / "basemap"


GAZETTEER = Path(__file__).parent.parent / "extract" / "vocab" / "gazetteer_geonames.csv"


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


ROUTE_FIGURES_LISTED = 6


ARROW_KM = 6.0  # length of a route's arrowhead's sides on the ground


MAIN_CITY_POPULATION = 100_000  # cities drawn in grey for context, whatever the reports say


def place_colours(places: pd.DataFrame) -> dict[str, str]:
    """Every located place's colour, told apart from its neighbours' (colours.place_colours); areas
    (drawn in AREA_COLOUR) take none."""
    located = _located(places)
    return colours.place_colours(located[~located["kind"].isin(AREA_KINDS).fillna(False)])


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
            f"{words.figure_label(row)}{row['role']} ({k} report{'s' if k != 1 else ''})"
        )
    return out


def _place_hover(row: Mapping, figures: list[str]) -> str:
    n_art, n_men = int(row.get("n_articles") or 0), int(row.get("n_mentions") or 0)
    lines = [
        f"<b>{html.escape(words.text(row['name']))}</b> ({html.escape(words.text(row.get('kind')) or 'place')})",
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
    columns = [
        "origin_id", "destination_id", "origin", "destination", "n_figures", "n_sources", "figures", "label",
    ]  # fmt: skip
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
            f"{words.figure_label(r)} — {words.text(outlets.get(r['article_id'])) or 'outlet unknown'}"
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
                "label": route_label(theirs),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def route_label(figures: pd.DataFrame) -> str:
    """What a route says on the map: its most-reported figure and that figure's day
    ('about 5,000 people evacuated, 15 Dec'); empty when no figure goes with it."""
    if figures.empty:
        return ""
    keys = ["qualifier", "value", "unit", "subject", "outcome"]
    counted = figures.assign(_n=figures.groupby(keys, dropna=False)["article_id"].transform("nunique"))
    top = counted.sort_values("_n", ascending=False, kind="stable").iloc[0].to_dict()
    when = words.text(top.get("date"))
    try:
        day = date.fromisoformat(when[:10])
        when = f"{day.day} {day:%b}"
    except ValueError:
        when = words.day(when) if len(when) == 7 else ""  # a month: 'Dec 2016'; else no day
    return words.figure_label(top) + (f", {when}" if when else "")


def arrowhead(lon0: float, lat0: float, lon1: float, lat1: float, km: float) -> tuple[list, list]:
    """The two sides of an arrowhead at (lon1, lat1), pointing from (lon0, lat0), `km` long, as one
    line path (left tip, point, right tip) in lon/lat."""
    k = math.cos(math.radians(lat1))
    dx, dy = (lon1 - lon0) * k, lat1 - lat0
    norm = math.hypot(dx, dy) or 1.0
    ux, uy = dx / norm, dy / norm
    side = km / 111.2
    lons, lats = [], []
    for turn in (math.radians(155), 0.0, math.radians(-155)):
        if turn == 0.0:
            lons.append(lon1)
            lats.append(lat1)
            continue
        rx = ux * math.cos(turn) - uy * math.sin(turn)
        ry = ux * math.sin(turn) + uy * math.cos(turn)
        lons.append(lon1 + rx * side / k)
        lats.append(lat1 + ry * side)
    return lons, lats


def main_cities(
    box: tuple[float, float, float, float], min_population: int = MAIN_CITY_POPULATION
) -> pd.DataFrame:
    """Cities of the offline gazetteer inside (lon0, lon1, lat0, lat1) with at least `min_population`
    people, as place rows (for grey context on a filtered map)."""
    lon0, lon1, lat0, lat1 = box
    rows = [
        c for c in _gazetteer_cities()
        if c["population"] >= min_population and lon0 <= c["lon"] <= lon1 and lat0 <= c["lat"] <= lat1
    ]  # fmt: skip
    columns = ["place_id", "name", "lat", "lon", "kind", "parent", "n_mentions", "n_figures"]
    return pd.DataFrame(
        [{**c, "kind": "city", "parent": None, "n_mentions": 0, "n_figures": 0} for c in rows],
        columns=[*columns, "population"],
    )[columns]


def with_main_cities(
    places: pd.DataFrame, box: tuple[float, float, float, float] = SYRIA_BOX
) -> pd.DataFrame:
    """The places and the main cities in the box that are not among them (by id or name)."""
    cities = main_cities(box)
    known = set(places["place_id"]) | set(places["name"].dropna().str.lower())
    cities = cities[~cities["place_id"].isin(known) & ~cities["name"].str.lower().isin(known)]
    return pd.concat(
        [places, cities.astype({"n_mentions": "Int64", "n_figures": "Int64"})], ignore_index=True
    )


@cache
def _gazetteer_cities() -> tuple[dict, ...]:
    with GAZETTEER.open(encoding="utf-8") as fh:
        fh.readline()  # the '# source:' line
        rows = csv.DictReader(fh)
        return tuple(
            {"place_id": r["place_id"], "name": r["name"], "lat": float(r["lat"]), "lon": float(r["lon"]),
             "population": int(float(r["population"] or 0))}
            for r in rows
            if r["kind"] == "city" and r["lat"] and r["lon"]
        )  # fmt: skip


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


def map_figure(
    tables: Mapping[str, pd.DataFrame], state: ViewState, colours: Mapping[str, str] | None = None
) -> go.Figure:
    """Places sized by how much the reports say there, routes with their figures, on the
    offline basemap (or tiles over it). `tables` come from `filters.apply`; the timeline's
    selected days narrow them here, the map's own selection is only highlighted. `colours`:
    place_colours of the unfiltered places (so a place keeps its colour in every view); without
    them, those of the places at hand."""
    t = filters.focus(tables, state, ignore=("places", "claim"))
    places = drawable_places(t)
    top = float(places["weight"].max()) if not places.empty else 1.0
    points = [
        p | {"size": round(9 + 27 * (float(p["weight"]) / top) ** 0.5, 1)} for p in places.to_dict("records")
    ]
    fig = Traces()
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
    areas = [p for p in points if words.text(p["kind"]) in AREA_KINDS]
    spots = [p for p in points if words.text(p["kind"]) not in AREA_KINDS]
    near = [p for p in spots if _near(p, spots[0])] if spots else []  # far-off asides are not named
    named = near[:NAMED_PLACES]
    others = [p for p in spots if p not in named]
    if areas:
        fig.add_trace(_points(areas, AREA_COLOUR, f"regions, rough centre ({len(areas)})", opacity=0.45))
    if others:
        fig.add_trace(_points(others, OTHER_COLOUR, f"other places ({len(others)})"))
    own = place_colours(t["places"]) if colours is None else colours
    for point in named:
        colour = own.get(point["place_id"]) or place_colour(point["place_id"])
        fig.add_trace(_points([point], colour, words.text(point["name"])))
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
        uirevision=filters_key(state),
        clickmode="event+select",
        hoverlabel={"align": "left"},
    )  # fmt: skip
    return fig.figure(layout)


def _near(point: Mapping, centre: Mapping) -> bool:
    km = _km(float(point["lat"]), float(point["lon"]), float(centre["lat"]), float(centre["lon"]))
    return km <= STORY_RADIUS_KM


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


def _add_routes(fig: Traces, t: Mapping[str, pd.DataFrame]) -> None:
    r = routes(t)
    if r.empty:
        return
    at = t["places"].set_index("place_id")
    lons: list = []
    lats: list = []
    mid_lon, mid_lat, hover, labels, drawn = [], [], [], [], []
    for row in r.itertuples(index=False):
        a, b = at.loc[row.origin_id], at.loc[row.destination_id]
        xs, ys = _arc(float(a["lon"]), float(a["lat"]), float(b["lon"]), float(b["lat"]))
        lons += [*xs, None]
        lats += [*ys, None]
        mid_lon.append(xs[len(xs) // 2])
        mid_lat.append(ys[len(ys) // 2])
        route_km = _km(float(b["lat"]), float(b["lon"]), float(a["lat"]), float(a["lon"]))
        arrow_km = min(ARROW_KM, max(1.0, route_km * 0.12))
        hx, hy = arrowhead(xs[-2], ys[-2], xs[-1], ys[-1], arrow_km)
        drawn.append({"from": words.text(row.origin), "to": words.text(row.destination), "lon": xs, "lat": ys,
                      "arrow_km": arrow_km})  # fmt: skip
        lons += [*hx, None]
        lats += [*hy, None]
        labels.append(html.escape(row.label))
        head = f"<b>{html.escape(words.text(row.origin))} → {html.escape(words.text(row.destination))}</b>"
        lines = [f"• {words.wrap_html(f, 70)}" for f in row.figures[:ROUTE_FIGURES_LISTED]]
        rest = row.n_figures - min(len(row.figures), ROUTE_FIGURES_LISTED)
        more = [f"… and {rest} more figure{'s' if rest != 1 else ''}"] if rest > 0 else []
        hover.append("<br>".join([head, *lines, *more]))
    fig.add_trace(
        dict(
            type="scattermap",
            lon=lons, lat=lats, mode="lines", line={"width": 2.5, "color": "#333333"}, hoverinfo="skip",
            name="movement", legendgroup="routes", meta={"routes": drawn},  # a flat map cuts them at its edge
        )
    )  # fmt: skip
    fig.add_trace(
        dict(
            type="scattermap",
            lon=mid_lon, lat=mid_lat, mode="markers+text", marker={"size": 9, "color": "#333333", "opacity": 0.9},
            text=labels, textposition="bottom right", textfont={"size": 11, "color": "#333333"},
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", showlegend=False, legendgroup="routes",
            customdata=[[o, d] for o, d in zip(r["origin_id"], r["destination_id"], strict=True)], name="route",
        )
    )  # fmt: skip
