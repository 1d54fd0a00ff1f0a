"""The map an analyst reads: a place's own colour, routes with a direction and their figure, grey
context cities, names written on the map (offline, not colliding) and every named place in frame."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from dashboard import tables as store
from dashboard.brief import stacks, static_map
from dashboard.view import colours as palette
from dashboard.view import filters, maps
from dashboard.view.plotting import OKABE_ITO
from dashboard.view.viewstate import ViewState

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def seeds_tables():
    if not (ROOT / "data" / "articles.csv").is_file():
        pytest.skip("data/ is not built")
    return store.read_tables(ROOT / "data")


def _colours(fig) -> dict[str, str]:
    return {t.name: t.marker.color for t in fig.data if t.showlegend is not False and t.mode == "markers"}


@pytest.mark.parametrize(
    "places", [("foua", "kefraya", "idlib"), ("foua", "kefraya"), ("aleppo",), ("idlib", "aleppo")]
)
def test_a_place_keeps_its_colour_in_every_view(seeds_tables, places):
    colours = maps.place_colours(seeds_tables["places"])  # over every place, as the app and brief do
    default = _colours(maps.map_figure(seeds_tables, ViewState(), colours))
    state = ViewState(places=places)
    narrowed = _colours(maps.map_figure(filters.apply(seeds_tables, state), state, colours))
    shared = set(default) & set(narrowed) - {n for n in default if "(" in n}
    assert shared
    assert all(default[n] == narrowed[n] for n in shared)


def test_nearby_places_on_the_seeds_map_do_not_share_a_colour(seeds_tables):
    """Foua and Idlib, Kefraya and Bustan al-Qasr were drawn in one colour each."""
    fig = maps.map_figure(seeds_tables, ViewState(), maps.place_colours(seeds_tables["places"]))
    named = {
        t.name: t for t in fig.data if t.showlegend is not False and t.mode == "markers" and "(" not in t.name
    }
    assert len(named) >= 5
    colours = [t.marker.color for t in named.values()]
    assert len(set(colours)) == len(colours), dict(zip(named, colours, strict=True))


def _places(*rows) -> pd.DataFrame:
    return pd.DataFrame(
        [{"place_id": p, "name": p, "lat": lat, "lon": lon, "kind": kind} for p, lat, lon, kind in rows]
    )


# places (id, lat, lon, kind) -> the groups that must have distinct colours (ids), and ids that keep
# the colour their id prefers (no clash around them)
COLOUR_CASES = [
    ("two villages 1.4 km apart", [("foua", 35.99, 36.697, "village"), ("kefraya", 35.99, 36.681, "village")],
     [["foua", "kefraya"]], ["foua"]),
    ("six places of one city", [(f"d{i}", 36.2 + i * 0.01, 37.15, "district") for i in range(6)],
     [[f"d{i}" for i in range(6)]], []),
    ("far apart: each its own choice", [("a", 36.0, 37.0, "city"), ("b", 30.0, 31.0, "city"),
                                        ("c", 40.0, 20.0, "city")], [], ["a", "b", "c"]),
    ("a region's centre takes no colour from a town", [("r", 35.8, 36.6, "region"), ("t", 35.8, 36.6, "town")],
     [], ["t"]),
]  # fmt: skip


@pytest.mark.parametrize("case, rows, distinct, own", COLOUR_CASES, ids=[c[0] for c in COLOUR_CASES])
def test_place_colours_tell_nearby_places_apart(case, rows, distinct, own):
    colours = maps.place_colours(_places(*rows))
    for group in distinct:
        assert len({colours[p] for p in group}) == len(group)
    for pid in own:
        assert colours[pid] == maps.place_colour(pid)
    assert all(c in {OKABE_ITO[n] for n in maps.PLACE_COLOURS} for c in colours.values())
    shuffled = maps.place_colours(_places(*reversed(rows)))
    assert shuffled == colours, "the rows' order (a rank) does not matter"


def test_two_neighbours_avoid_similar_colours_where_they_can():
    rows = [(f"p{i}", 36.0, 37.0 + i * 0.001, "village") for i in range(2)]
    colours = maps.place_colours(_places(*rows))
    names = {v: k for k, v in OKABE_ITO.items()}
    pair = {names[colours["p0"]], names[colours["p1"]]}
    assert len(pair) == 2 and pair not in palette.SIMILAR_COLOURS


@pytest.mark.parametrize("place_id", ["aleppo", "foua", "gn:kefraya", "x", "eastern_aleppo"])
def test_place_colour_is_the_ids_not_the_rank(place_id):
    colour = maps.place_colour(place_id)
    assert colour in {OKABE_ITO[c] for c in maps.PLACE_COLOURS}
    assert maps.place_colour(place_id) == colour  # a digest, not Python's per-process hash()


def test_the_palette_is_spread_over_ids():
    colours = {maps.place_colour(f"place-{i}") for i in range(60)}
    assert len(colours) == len(maps.PLACE_COLOURS)


# Each case: route from, to; the arrowhead's point is the destination and its sides lie back
# towards the origin, about `km` long.
ARROWS = [
    ("east to west", (37.0, 36.0), (36.0, 36.0)),
    ("south to north", (36.5, 35.0), (36.5, 36.0)),
    ("diagonal", (37.16, 36.2), (36.63, 35.93)),
]


@pytest.mark.parametrize("case, a, b", ARROWS, ids=[c[0] for c in ARROWS])
def test_arrowhead_points_at_the_destination(case, a, b):
    lons, lats = maps.arrowhead(*a, *b, km=5.0)
    assert (lons[1], lats[1]) == b
    for i in (0, 2):
        assert maps._km(lats[i], lons[i], b[1], b[0]) == pytest.approx(5.0, rel=0.02)
        # each side's tip is nearer the origin than the point is
        assert maps._km(lats[i], lons[i], a[1], a[0]) < maps._km(b[1], b[0], a[1], a[0])
    assert (lons[0], lats[0]) != (lons[2], lats[2])


def _fig(**kw) -> dict:
    return {"article_id": "a", "qualifier": None, "value": 5000.0, "unit": None, "subject": "people",
            "outcome": "evacuated", "date": "2016-12-15", "text": "5,000"} | kw  # fmt: skip


LABELS = [
    ("one figure, a day", [_fig(qualifier="about")], "about 5,000 people evacuated, 15 Dec"),
    ("the most-reported of two", [_fig(), _fig(value=80.0, article_id="b"), _fig(value=80.0, article_id="c")],
     "80 people evacuated, 15 Dec"),
    ("a month only", [_fig(date="2016-12")], "5,000 people evacuated, Dec 2016"),
    ("no date", [_fig(date=None)], "5,000 people evacuated"),
    ("no figure", [], ""),
]  # fmt: skip


@pytest.mark.parametrize("case, rows, expected", LABELS, ids=[c[0] for c in LABELS])
def test_route_label_is_its_figure_and_day(case, rows, expected):
    frame = pd.DataFrame(rows, columns=list(_fig()))
    assert maps.route_label(frame) == expected


def test_routes_carry_their_label_drawn_on_the_map(seeds_tables):
    fig = maps.map_figure(seeds_tables, ViewState())
    route = next(t for t in fig.data if t.name == "route")
    assert route.mode == "markers+text"
    assert any("15,000 people" in t for t in route.text)


def test_main_cities_are_context_in_the_box():
    cities = maps.main_cities((36.0, 38.0, 35.0, 37.0))
    assert {"Aleppo", "Idlib", "Hamah"} <= set(cities["name"])
    assert cities["lon"].between(36.0, 38.0).all() and cities["lat"].between(35.0, 37.0).all()
    assert maps.main_cities((36.0, 38.0, 35.0, 37.0), min_population=10**9).empty


def _flat(tables, state: ViewState, label_scale: float = 1.0):
    view = filters.apply(tables, state)
    fig = maps.map_figure(view, state)
    shown = maps.drawable_places(filters.focus(view, state, ignore=("places", "claim")))
    named = {t.name for t in fig.data if t.showlegend is not False}
    legend = shown[shown["name"].isin(named)]
    flat = static_map.static_map(
        fig, shown, width=600, height=maps.MAP_HEIGHT, framed_for=(maps.MAP_WIDTH_GUESS, maps.MAP_HEIGHT),
        must_show=zip(legend["lon"].astype(float), legend["lat"].astype(float), strict=True),
        context=maps.with_main_cities(tables["places"]), label_scale=label_scale,
    )  # fmt: skip
    return flat, legend


def _label_boxes(flat, scale: float = 1.0) -> dict[str, tuple]:
    xr, yr = flat.layout.xaxis.range, flat.layout.yaxis.range
    plot_w, plot_h = (600 - 16) * scale, (maps.MAP_HEIGHT - 16) * scale

    def px(lon, lat):
        return (lon - xr[0]) / (xr[1] - xr[0]) * plot_w, (yr[1] - lat) / (yr[1] - yr[0]) * plot_h

    boxes = {}
    for t in flat.data:
        if t.name != "labels":
            continue
        for name, lon, lat, pos, size in zip(t.text, t.x, t.y, t.textposition, t.marker.size, strict=True):
            x, y = px(lon, lat)
            width, gap, h = len(name) * 7.2 + 4, size / 2 + 3, 15
            corner = gap * 0.7
            left, top = {
                "middle right": (x + gap, y - h / 2), "middle left": (x - gap - width, y - h / 2),
                "top center": (x - width / 2, y - gap - h), "bottom center": (x - width / 2, y + gap),
                "top right": (x + corner, y - corner - h), "top left": (x - corner - width, y - corner - h),
                "bottom right": (x + corner, y + corner), "bottom left": (x - corner - width, y + corner),
            }[pos]  # fmt: skip
            boxes[name] = (left, top, left + width, top + 15)
    return boxes


def test_foua_and_kefraya_are_both_named_without_colliding(seeds_tables):
    flat, _ = _flat(seeds_tables, ViewState())
    boxes = _label_boxes(flat)
    assert {"Foua", "Kefraya", "Aleppo"} <= set(boxes)
    a, b = boxes["Foua"], boxes["Kefraya"]
    assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
    assert flat.layout.shapes, "a scale bar"


@pytest.mark.parametrize("places", [(), ("foua", "kefraya"), ("aleppo",), ("palmyra", "aleppo")])
def test_every_legend_place_is_inside_the_frame(seeds_tables, places):
    flat, legend = _flat(seeds_tables, ViewState(places=places))
    xr, yr = flat.layout.xaxis.range, flat.layout.yaxis.range
    for lon, lat in zip(legend["lon"].astype(float), legend["lat"].astype(float), strict=True):
        assert xr[0] <= lon <= xr[1] and yr[0] <= lat <= yr[1]


def test_a_filtered_view_keeps_grey_context(seeds_tables):
    flat, _ = _flat(seeds_tables, ViewState(places=("foua", "kefraya")))
    context = [t for t in flat.data if t.name and "not in this view" in t.name]
    assert context and len(context[0].x) >= 2
    width_km = (flat.layout.xaxis.range[1] - flat.layout.xaxis.range[0]) * 111.32 * math.cos(math.radians(36))
    assert width_km >= static_map.MIN_MAP_KM * 0.99


def test_a_main_city_the_reports_name_is_drawn_once(seeds_tables):
    both = maps.with_main_cities(seeds_tables["places"])
    assert (both["name"] == "Aleppo").sum() == 1 and "Hamah" in set(both["name"])


@pytest.mark.parametrize("places", [("foua", "kefraya", "idlib"), ("foua", "kefraya"), ()])
def test_foua_and_kefraya_are_named_in_filtered_views_too(seeds_tables, places):
    flat, _ = _flat(seeds_tables, ViewState(places=places))
    assert {"Foua", "Kefraya"} <= set(_label_boxes(flat))


LABEL_CASES = [
    ("two villages under one ring", [("Foua", 0.0, 0.0, 50.0), ("Kefraya", 4.0, 0.0, 28.0)]),
    ("a city and its districts", [("Aleppo", 0.0, 0.0, 36.0), ("eastern Aleppo", 2.0, 1.0, 30.0),
                                  ("Fardous", -3.0, 2.0, 9.0)]),
    ("far apart", [("A", 0.0, 0.0, 10.0), ("B", 300.0, 0.0, 10.0)]),
]  # fmt: skip


@pytest.mark.parametrize("case, points", LABEL_CASES, ids=[c[0] for c in LABEL_CASES])
def test_labels_of_stacked_places_find_room_outside_the_marker_above_them(case, points):
    placed = static_map.label_positions(points, lambda x, y: (x, y))
    assert [p[0] for p in placed] == [p[0] for p in points]
    boxes = []
    for name, x, y, reach, pos in placed:
        w, gap, c = len(name) * 7.2 + 4, reach / 2 + 3, (reach / 2 + 3) * 0.7
        left, top = {"middle right": (x + gap, y - 7.5), "middle left": (x - gap - w, y - 7.5),
                     "top center": (x - w / 2, y - gap - 15), "bottom center": (x - w / 2, y + gap),
                     "top right": (x + c, y - c - 15), "top left": (x - c - w, y - c - 15),
                     "bottom right": (x + c, y + c), "bottom left": (x - c - w, y + c)}[pos]  # fmt: skip
        boxes.append((left, top, left + w, top + 15))
    markers = [(x - s / 2, y - s / 2, x + s / 2, y + s / 2) for _, x, y, s in points]
    for i, a in enumerate(boxes):
        assert not any(
            a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3] for b in boxes[i + 1 :] + markers
        )


def _collisions(boxes: dict[str, tuple]) -> list[tuple[str, str]]:
    names = list(boxes)
    return [
        (a, b) for i, a in enumerate(names) for b in names[i + 1 :]
        if boxes[a][0] < boxes[b][2] and boxes[b][0] < boxes[a][2] and boxes[a][1] < boxes[b][3] and boxes[b][1] < boxes[a][3]
    ]  # fmt: skip


@pytest.mark.parametrize("places", [(), ("foua", "kefraya", "idlib")])
def test_names_placed_for_a_phone_do_not_collide_there_or_on_a_desktop(seeds_tables, places):
    scale = 360 / 600
    flat, _ = _flat(seeds_tables, ViewState(places=places), label_scale=scale)
    assert _collisions(_label_boxes(flat, scale)) == []  # on a phone: the places closer, text as big
    assert _collisions(_label_boxes(flat)) == []
    assert {"Foua", "Kefraya"} <= set(_label_boxes(flat))


# points (key: x px, y px, size px) -> keys expected to stay put; the others must move
SPREAD_CASES = [
    ("two villages under one marker", {"foua": (100, 100, 30), "kefraya": (96, 100, 14)}, {"foua"}),
    ("a city and its districts", {"aleppo": (200, 80, 50), "east": (204, 78, 29), "bustan": (198, 84, 13),
                                  "fardous": (203, 85, 13)}, {"aleppo"}),
    ("one on top of another", {"a": (50, 50, 20), "b": (50, 50, 20)}, {"a"}),
    ("apart already", {"a": (0, 0, 20), "b": (40, 0, 20), "c": (0, 40, 10)}, {"a", "b", "c"}),
    ("touching through a third", {"a": (0, 0, 30), "b": (20, 0, 14), "c": (30, 0, 14)}, {"a"}),
]  # fmt: skip


def _overlaps(pos: dict, size: dict) -> list:
    keys = sorted(pos)
    return [(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :]
            if math.dist(pos[a], pos[b]) < (size[a] + size[b]) / 2 - 1e-6]  # fmt: skip


@pytest.mark.parametrize("case, points, stay", SPREAD_CASES, ids=[c[0] for c in SPREAD_CASES])
def test_overlapping_markers_are_spread_apart(case, points, stay):
    pos, crowds = stacks.spread_markers(points)
    size = {k: s for k, (_, _, s) in points.items()}
    assert _overlaps(pos, size) == [] and crowds == []
    for k, (x, y, _) in points.items():
        assert (pos[k] == (x, y)) == (k in stay), k
    assert stacks.spread_markers(points) == (pos, crowds), "deterministic"


def test_a_spread_marker_keeps_its_side():
    pos, _ = stacks.spread_markers({"big": (100, 100, 30), "west": (95, 100, 10), "east": (104, 101, 10)})
    assert pos["west"][0] < 100 < pos["east"][0]


def test_a_stack_too_big_to_spread_is_grouped_under_its_count():
    crowd = {f"p{i:02d}": (10.0 + i * 0.1, 10.0, 12.0) for i in range(stacks.SPREAD_MAX + 3)}
    pos, crowds = stacks.spread_markers(crowd)
    assert len(crowds) == 1 and sorted(crowds[0]) == sorted(crowd)
    assert pos == {k: (x, y) for k, (x, y, _) in crowd.items()}


def _marker_px(flat, scale: float) -> tuple[dict, dict]:
    xr, yr = flat.layout.xaxis.range, flat.layout.yaxis.range
    plot_w, plot_h = (600 - 16) * scale, (maps.MAP_HEIGHT - 16) * scale
    pos, size = {}, {}
    for t in flat.data:
        if t.mode != "markers" or t.customdata is None:
            continue
        sizes = t.marker.size if isinstance(t.marker.size, tuple | list) else [t.marker.size] * len(t.x)
        for lon, lat, s, data in zip(t.x, t.y, sizes, t.customdata, strict=True):
            pos[data[0]] = (
                (lon - xr[0]) / (xr[1] - xr[0]) * plot_w,
                (yr[1] - lat) / (yr[1] - yr[0]) * plot_h,
            )
            size[data[0]] = s
    return pos, size


@pytest.mark.parametrize("places", [(), ("foua", "kefraya", "idlib"), ("aleppo",)])
def test_no_two_place_markers_overlap_on_the_seeds_map(seeds_tables, places):
    scale = 360 / 600
    flat, _ = _flat(seeds_tables, ViewState(places=places), label_scale=scale)
    pos, size = _marker_px(flat, scale)
    assert {"foua", "kefraya"} <= set(pos) or places == ("aleppo",)
    assert _overlaps(pos, size) == []
    spread = [t for t in flat.data if t.name == "spread"]
    assert spread, "a line joins each spread marker to where its place is"


def test_a_name_near_the_edge_is_not_cut_by_it():
    """At 400 px 'eastern Aleppo' ran off the map's right edge."""
    to_px = lambda lon, lat: (lon, lat)  # noqa: E731
    placed = static_map.label_positions([("eastern Aleppo", 290.0, 50.0, 20.0)], to_px, bounds=(300.0, 200.0))
    ((name, x, y, reach, pos),) = placed
    assert pos.endswith("left") or pos.endswith("center")
    assert static_map.label_positions([("eastern Aleppo", 290.0, 50.0, 20.0)], to_px)[0][4] == "middle right"


@pytest.mark.parametrize("places", [(), ("foua", "kefraya", "idlib")])
def test_names_stay_inside_the_frame_on_a_phone(seeds_tables, places):
    scale = 360 / 600
    flat, _ = _flat(seeds_tables, ViewState(places=places), label_scale=scale)
    w, h = (600 - 16) * scale, (maps.MAP_HEIGHT - 16) * scale
    for name, box in _label_boxes(flat, scale).items():
        assert box[0] >= -1 and box[2] <= w + 1 and box[1] >= -1 and box[3] <= h + 1, name
