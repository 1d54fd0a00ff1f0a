"""A movement route's label stays inside the map's frame, even at 400 px (the map ~350 px wide),
clear of the names and markers written there: beside a point along its route, on one, two or
three lines, else cut at a word (its hover has it whole)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import tables as store
from dashboard.brief import labels, static_map
from dashboard.ui import panels
from dashboard.view import filters, maps
from dashboard.view.viewstate import ViewState

ROOT = Path(__file__).resolve().parents[2]
LABEL = "15,000 people want to leave, 14 Dec"
PHONE = (350.0, 230.0)  # the flat map's plot at 400 px


def inside(box, bounds) -> bool:
    return box[0] >= 0 and box[1] >= 0 and box[2] <= bounds[0] and box[3] <= bounds[1]


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# case -> label's points along its route (px), what is written there already, frame; expected lines
CASES = [
    ("room to its right", [(60.0, 100.0)], [], PHONE, [LABEL]),
    ("by the right edge: written to its left", [(330.0, 100.0)], [], PHONE, [LABEL]),
    ("mid-frame, a one-line label wider than either side: centred above or below", [(175.0, 100.0)], [],
     PHONE, [LABEL]),
    ("one line too wide for its right, names above and below: on two lines", [(120.0, 100.0)],
     [(0.0, 70.0, 125.0, 92.0), (0.0, 108.0, 125.0, 130.0)], PHONE,
     ["15,000 people want to leave,", "14 Dec"]),
    ("a narrow frame: on three lines", [(60.0, 60.0)], [], (170.0, 120.0),
     ["15,000 people", "want to", "leave, 14 Dec"]),
    ("its middle crowded: written by another point of its route", [(175.0, 100.0), (80.0, 190.0)],
     [(0.0, 40.0, 350.0, 160.0)], PHONE, [LABEL]),
]  # fmt: skip


@pytest.mark.parametrize("case, points, taken, bounds, lines", CASES, ids=[c[0] for c in CASES])
def test_a_route_label_is_written_inside_the_frame_clear_of_what_is_there(case, points, taken, bounds, lines):
    boxes = list(taken)
    ((text, box, at, _),) = labels.route_label_spots([(LABEL, points)], bounds, boxes)
    assert text.split("<br>") == lines
    assert inside(box, bounds), box
    assert not any(overlaps(box, b) for b in taken), box
    assert at in points and boxes[-1] == box  # the next label keeps off it


def test_with_no_room_anywhere_it_is_cut_at_a_word_inside_the_frame():
    ((text, box, _, _),) = labels.route_label_spots(
        [(LABEL, [(60.0, 30.0)])], (150.0, 60.0), [(0, 0, 150, 60)]
    )
    assert text.endswith("…") and LABEL.startswith(text[:-1]) and " " not in text[-2:]
    assert inside(box, (150.0, 60.0))


def test_a_route_with_no_words_takes_no_room():
    assert labels.route_label_spots([("", [(10.0, 10.0)])], PHONE, boxes := []) == [("", (), (0.0, 0.0), 0.0)]
    assert boxes == []


@pytest.fixture(scope="module")
def seeds_tables():
    if not (ROOT / "data" / "articles.csv").is_file():
        pytest.skip("data/ is not built")
    return store.read_tables(ROOT / "data")


@pytest.mark.parametrize(
    "state", [ViewState(), ViewState(selected_places=("idlib",))], ids=["default", "idlib"]
)
def test_the_screens_route_labels_are_whole_and_inside_the_frame_at_400_px(seeds_tables, state):
    view = filters.apply(seeds_tables, state)
    fig = panels.screen_map(view, seeds_tables, state, maps.place_colours(seeds_tables["places"]))
    words = next(t for t in fig.data if t.name == "route labels")
    assert LABEL in [t.replace("<br>", " ") for t in words.text]
    frame = static_map.Frame(
        list(fig.layout.xaxis.range), list(fig.layout.yaxis.range), panels.MAP_WIDTH - 16, maps.MAP_HEIGHT - 16,
        panels.NARROWEST_MAP / panels.MAP_WIDTH,
    )  # fmt: skip
    for text, lon, lat in zip(words.text, words.x, words.y, strict=True):
        x, y = frame.to_px(lon, lat)
        lines = text.split("<br>")
        w, h = max(map(len, lines)) * labels.ROUTE_CHAR_PX + 4, labels.LINE_PX * len(lines)
        assert inside((x - w / 2, y - h / 2, x + w / 2, y + h / 2), frame.bounds), text
    route = next(t for t in fig.data if t.name == "route")
    assert route.mode == "markers" and route.hovertext  # its dots keep their hover
