"""Routes off the map's frame: cut at the edge, an arrowhead there, the far end named at it."""

from __future__ import annotations

import pytest

from dashboard.brief import offframe, static_map
from dashboard.view import maps
from dashboard.view.viewstate import ViewState
from tests import app_fixtures

BOX = (0.0, 10.0, 0.0, 10.0)

# route points (lon, lat) -> the cut's ends, where it leaves and enters (edge), or None
CASES = [
    ("inside", [(1, 1), (5, 5), (9, 9)], ((1, 1), (9, 9)), None, None),
    ("leaves east", [(5, 5), (8, 5), (14, 5)], ((5, 5), (10, 5)), "right", None),
    ("leaves north", [(5, 5), (5, 12)], ((5, 5), (5, 10)), "top", None),
    ("enters from the west", [(-4, 5), (2, 5), (6, 5)], ((0, 5), (6, 5)), None, "left"),
    ("through a corner: the first edge crossed", [(8, 8), (14, 12)], ((8, 8), (10, 28 / 3)), "right", None),
    ("crosses the frame", [(-5, 5), (5, 5), (15, 5)], ((0, 5), (10, 5)), "right", "left"),
    ("enters from the south", [(5, -5), (5, 5)], ((5, 0), (5, 5)), None, "bottom"),
]  # fmt: skip


@pytest.mark.parametrize("case, points, ends, leaves, enters", CASES, ids=[c[0] for c in CASES])
def test_a_route_is_cut_at_the_frames_edge(case, points, ends, leaves, enters):
    lons, lats = zip(*points, strict=True)
    cut = offframe.clip_route(lons, lats, BOX)
    assert (cut.lons[0], cut.lats[0]) == pytest.approx(ends[0])
    assert (cut.lons[-1], cut.lats[-1]) == pytest.approx(ends[1])
    assert (cut.leaves[2] if cut.leaves else None) == leaves
    assert (cut.enters[2] if cut.enters else None) == enters
    assert all(offframe.inside(x, y, BOX) or abs(x - 10) < 1e-9 or abs(x) < 1e-9 or abs(y - 10) < 1e-9
               or abs(y) < 1e-9 for x, y in zip(cut.lons, cut.lats, strict=True))  # fmt: skip


def test_a_route_wholly_outside_is_not_drawn():
    assert offframe.clip_route([20, 30], [20, 30], BOX) is None


def _far_ends():
    """The fixture corpus with Idlib province moved 200 km east of Aleppo and Foua 140 km west, so
    a frame round Aleppo (at least static_map.MIN_MAP_KM wide) holds neither."""
    tables = {k: v.copy() for k, v in app_fixtures.make_tables().items()}
    places = tables["places"]
    places.loc[places["place_id"] == "gn:idlib-gov", "lon"] = 39.4
    places.loc[places["place_id"] == "gn:foua", ["lon", "lat"]] = [35.55, 36.2]
    return tables


def test_on_the_flat_map_a_route_out_of_the_frame_names_its_far_end_at_the_edge():
    tables = _far_ends()  # eastern Aleppo -> Idlib province, Foua -> Aleppo
    fig = maps.map_figure(tables, ViewState())
    fig.update_layout(map={"center": {"lon": 37.15, "lat": 36.2}, "zoom": 9.5})
    flat = static_map.static_map(fig, maps.drawable_places(tables), width=600, height=maps.MAP_HEIGHT)
    xr, yr = flat.layout.xaxis.range, flat.layout.yaxis.range
    frame = (xr[0], xr[1], yr[0], yr[1])
    assert not offframe.inside(39.4, 35.8, frame) and not offframe.inside(35.55, 36.2, frame)
    names = next(t for t in flat.data if t.name == "off the map")
    assert sorted(names.text) == ["from Foua", "to Idlib Governorate →"]
    for x, y in zip(names.x, names.y, strict=True):
        assert offframe.inside(x, y, frame)
    moving = next(t for t in flat.data if t.name == "movement")
    points = [(x, y) for x, y in zip(moving.x, moving.y, strict=True) if x is not None]
    assert all(offframe.inside(x, y, frame) for x, y in points), "cut at the edge, its arrowhead inside"
    head = moving.x.index(None) + 1  # the first route's arrowhead: its point is where the line stops
    assert (moving.x[head + 1], moving.y[head + 1]) == (moving.x[head - 2], moving.y[head - 2])


def test_a_route_inside_the_frame_has_no_edge_name():
    tables = app_fixtures.make_tables()
    fig = maps.map_figure(tables, ViewState())
    flat = static_map.static_map(fig, maps.drawable_places(tables), width=600, height=maps.MAP_HEIGHT)
    assert not [t for t in flat.data if t.name == "off the map"]
    moving = next(t for t in flat.data if t.name == "movement")
    assert moving.x.count(None) >= 4  # two routes, each a line and an arrowhead
