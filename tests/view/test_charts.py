import math
from datetime import date

import pandas as pd
import pytest

from dashboard.view import filters, maps, numbers, timeline, words
from dashboard.view.viewstate import ViewState
from tests.app_fixtures import make_tables


@pytest.fixture(scope="module")
def tables():
    return make_tables()


def traces(fig, kind=None):
    return [t for t in fig.data if kind is None or t.type == kind]


def named(fig, name):
    return next(t for t in fig.data if t.name == name)


def all_customdata(fig):
    return {v for t in fig.data if t.customdata is not None for row in t.customdata for v in row}


# ---------------------------------------------------------------- words


@pytest.mark.parametrize(
    "low, high, qualifier, unit, expected",
    [
        (82, 82, "at least", None, "at least 82"),
        (14000, 15000, None, None, "14,000–15,000"),
        (2.5, 2.5, None, "sq km", "2.5 sq km"),
        (1000, 9999, "thousands of", None, "thousands of"),
        (10000, 99999, "tens of", None, "tens of thousands of"),
        (None, None, "dozens of", None, "dozens of"),
        (None, None, None, None, "amount not stated"),
        (None, 300, "up to", None, "up to 300"),
    ],
)
def test_range_text(low, high, qualifier, unit, expected):
    assert words.range_text(low, high, qualifier, unit) == expected


@pytest.mark.parametrize(
    "row, expected",
    [
        ({"value": 82.0, "qualifier": "at least", "subject": "civilians", "outcome": "killed"},
         "at least 82 civilians killed"),
        ({"value": None, "qualifier": "thousands of", "subject": "people", "outcome": None}, "thousands of people"),
        ({"value": 20.0, "unit": "sq km", "subject": None, "outcome": None}, "20 sq km"),
        ({"value": None, "text": "dozens"}, "dozens"),
        # one group of several says which
        ({"value": 100.0, "qualifier": "about", "subject": "people", "outcome": "moved", "batch": "first"},
         "about 100 people moved (first group)"),
        ({"value": 360.0, "subject": "indians", "outcome": "moved", "batch": "another"}, "360 indians moved (one more group)"),
    ],
)  # fmt: skip
def test_figure_label(row, expected):
    assert words.figure_label(row) == expected


# ---------------------------------------------------------------- numbers panel


def test_claims_view(tables):
    view = numbers.claims_view(tables)
    assert list(view.columns[:6]) == ["claim_id", "label", "range", "n_sources", "n_figures", "status"]
    top = view.iloc[0]
    assert (top["claim_id"], top["range"], top["n_sources"], top["status"]) == ("c-remain", "40,000–50,000", 2,
                                                                               "conflict")  # fmt: skip
    killed = view.set_index("claim_id").loc["c-killed"]
    assert killed["range"] == "at least 82" and killed["place"] == "Aleppo"
    assert numbers.claims_view({**tables, "claims": tables["claims"].iloc[0:0]}).empty


def test_a_claim_of_several_places_together_names_them(tables):
    """ "270,000 in Daraa and Quneitra": no one place of its own, but the places its figures count together."""
    places = tables["places"]["place_id"].tolist()[:2]
    names = tables["places"].set_index("place_id")["name"]
    figs = tables["figures"].copy()
    figs["places_listed"] = figs["places_listed"].astype(object)
    figs.loc[figs["claim_id"] == "c-killed", "places_listed"] = " ".join(places)
    claims = tables["claims"].assign(place_id=None)
    view = numbers.claims_view({**tables, "figures": figs, "claims": claims}).set_index("claim_id")
    assert view.loc["c-killed", "place"] == f"{names[places[0]]} and {names[places[1]]}"
    assert pd.isna(view.loc["c-remain", "place"])  # none listed: none said


def test_claims_view_follows_filters(tables):
    view = numbers.claims_view(filters.apply(tables, ViewState(sources=("c3",)))).set_index("claim_id")
    assert view.loc["c-remain", "status"] == "single" and view.loc["c-remain", "range"] == "some 40,000"


def test_a_headline_card_names_the_place_its_claim_is_of(tables):
    claims = tables["claims"].assign(place_id=None)
    labels = [m["label"] for m in numbers.headline({**tables, "claims": claims}, n=2)]
    assert labels[0] == "civilians remain"  # no place of its own: none said


def test_headline_and_claim_figures(tables):
    metrics = numbers.headline(tables, n=2)
    assert metrics[0] == {"label": "civilians remain · Eastern Aleppo", "value": "40,000–50,000",
                          "help": "40,000–50,000 civilians remain — 2 sources, reports disagree; date unknown",
                          "when": "date unknown", "flag": ""}  # fmt: skip
    figs = numbers.claim_figures(tables, "c-remain")
    assert list(figs["outlet"].fillna("?")) == ["Daily One", "?"]
    assert list(figs["figure"]) == ["about 50,000 civilians remain", "some 40,000 civilians remain"]


def test_sequence_view(tables):
    seq = timeline.sequence_view(tables)
    assert list(seq["date"]) == ["2016-12-13", "2016-12-14", "2016-12-15", "2016-12-15"]
    assert seq.iloc[0]["day"] == "Tue 13 Dec 2016"
    assert "evacuations went on" not in set(seq["what"])  # month precision stays on the timeline


# ---------------------------------------------------------------- map


def test_map_draws_story_places_not_countries(tables):
    fig = maps.map_figure(tables, ViewState())
    ids = all_customdata(fig)
    assert {"gn:aleppo", "gn:east-aleppo", "gn:foua", "gn:kefraya", "gn:idlib-gov"} <= ids
    assert "gn:syria" not in ids
    assert all(t.type == "scattermap" for t in fig.data)
    assert fig.layout.map.style == "white-bg"


def test_map_marker_size_follows_how_much_is_said(tables):
    fig = maps.map_figure(tables, ViewState())
    size = {t.customdata[0][0]: t.marker.size[0] for t in fig.data if t.name in ("Aleppo", "Foua")}
    assert size["gn:aleppo"] > size["gn:foua"]


def test_map_hover_names_kind_reports_and_key_figures(tables):
    fig = maps.map_figure(tables, ViewState())
    hover = named(fig, "Aleppo").hovertext[0]
    assert "<b>Aleppo</b> (city)" in hover
    assert "3 reports" in hover
    assert "at least 82 civilians killed (1 report)" in hover


def test_map_draws_routes_with_their_figures(tables):
    fig = maps.map_figure(tables, ViewState())
    lines = [t for t in fig.data if t.mode == "lines"]
    assert (
        len(lines) == 1 and list(lines[0].lon).count(None) == 4
    )  # two routes and their arrowheads, one trace
    route = next(t for t in fig.data if t.name == "route")
    text = " ".join(route.hovertext)
    assert "Foua → Aleppo" in text and "some 15,000 people evacuated — Two News" in text
    assert "Eastern Aleppo → Idlib Governorate" in text


def test_map_layers_are_offline_geojson_below_the_markers(tables):
    layers = maps.map_figure(tables, ViewState()).layout.map.layers
    assert len(layers) >= 6
    assert all(layer.sourcetype == "geojson" and layer.below == "traces" for layer in layers)
    assert any(layer.type == "line" for layer in layers) and any(layer.type == "fill" for layer in layers)
    assert "Natural Earth" in " ".join(layer.sourceattribution or "" for layer in layers)


def test_tile_style_sits_between_the_offline_fills_and_lines(tables):
    layers = maps.map_figure(tables, ViewState(map_style="open-street-map")).layout.map.layers
    kinds = [layer.sourcetype for layer in layers]
    raster = kinds.index("raster")
    assert "tile.openstreetmap.org" in layers[raster].source[0]
    assert all(layer.type == "fill" for layer in layers[:raster])
    assert all(layer.type == "line" for layer in layers[raster + 1 :])


def _visible_box(center, zoom, width=maps.MAP_WIDTH_GUESS, height=maps.MAP_HEIGHT):
    half_lon = width * 360 / (512 * 2**zoom) / 2

    def merc(lat):
        return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))

    def unmerc(y):
        return math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)

    half_y = height * (1 - maps.MAP_LEGEND_SHARE) * 360 / (512 * 2**zoom) / 2
    cy = merc(center["lat"])
    return center["lon"] - half_lon, center["lon"] + half_lon, unmerc(cy - half_y), unmerc(cy + half_y)


def test_default_view_frames_the_story(tables):
    fig = maps.map_figure(tables, ViewState())
    center = {"lon": fig.layout.map.center.lon, "lat": fig.layout.map.center.lat}
    lon0, lon1, lat0, lat1 = _visible_box(center, fig.layout.map.zoom)
    places = tables["places"].set_index("place_id")
    for pid in ("gn:aleppo", "gn:foua", "gn:kefraya", "gn:east-aleppo"):
        assert lon0 < places.loc[pid, "lon"] < lon1 and lat0 < places.loc[pid, "lat"] < lat1, pid
    assert fig.layout.map.zoom > 7  # a region, not the whole country


def test_far_off_one_off_places_stay_out_of_the_frame(tables):
    places = pd.concat(
        [tables["places"], pd.DataFrame([{"place_id": "gn:moscow", "name": "Moscow", "lat": 55.75, "lon": 37.6,
                                          "kind": "city", "n_articles": 1, "n_mentions": 1, "n_figures": 0}])],
        ignore_index=True,
    )  # fmt: skip
    drawn = maps.drawable_places({**tables, "places": places})
    center, zoom = maps.story_view(drawn)
    assert center["lat"] < 37 and zoom > 7


def test_empty_map_shows_the_basemap(tables):
    empty = filters.apply(tables, ViewState(date_to=date(2000, 1, 1)))
    fig = maps.map_figure(empty, ViewState())
    assert len(fig.layout.map.layers) >= 6 and 4 < fig.layout.map.zoom < 7


def test_selected_place_is_highlighted_and_view_kept(tables):
    plain = maps.map_figure(tables, ViewState())
    picked = maps.map_figure(tables, ViewState(selected_places=("gn:foua",)))
    halos = [t for t in picked.data if t.name == "selected"]
    assert len(halos) == 2 and halos[0].lat[0] == pytest.approx(35.9917)
    assert picked.layout.uirevision == plain.layout.uirevision  # selecting does not move the map
    assert (
        maps.map_figure(tables, ViewState(places=("gn:foua",))).layout.uirevision != plain.layout.uirevision
    )


def test_map_follows_the_timeline_selection(tables):
    state = ViewState(selected_days=(date(2016, 12, 15), date(2016, 12, 15)))
    ids = all_customdata(maps.map_figure(tables, state))
    assert "gn:foua" not in ids and "gn:east-aleppo" in ids


def test_map_hover_is_escaped(tables):
    places = tables["places"].copy()
    places.loc[places["place_id"] == "gn:foua", "name"] = "<img src=x onerror=alert(1)>"
    fig = maps.map_figure({**tables, "places": places}, ViewState())
    text = " ".join(str(h) for t in fig.data if t.hovertext is not None for h in t.hovertext)
    assert "<img" not in text and "&lt;img" in text


# ---------------------------------------------------------------- timeline


def test_timeline_rows_are_reports_in_date_order(tables):
    fig = timeline.timeline_figure(tables, ViewState())
    order = list(reversed(fig.layout.yaxis.categoryarray))
    assert order == ["Daily One · 13 Dec", "Two News · 14 Dec", "Buses enter Aleppo · 15 Dec"]


def test_timeline_day_events_hover_with_quotes(tables):
    fig = timeline.timeline_figure(tables, ViewState())
    days = named(fig, "day")
    assert len(days.x) == 4
    hover = " ".join(days.hovertext)
    assert "“The truce collapsed on Wednesday amid shelling in Aleppo.”" in hover
    assert [c[0] for c in days.customdata] == sorted(c[0] for c in days.customdata)


def test_timeline_month_is_a_span(tables):
    fig = timeline.timeline_figure(tables, ViewState())
    span = named(fig, "week / month")
    assert span.mode == "lines"
    assert list(span.x[:2]) == ["2016-12-01", "2017-01-01"]  # the whole month, end day included


def test_timeline_shows_publication_dates(tables):
    fig = timeline.timeline_figure(tables, ViewState())
    pub = named(fig, "published")
    assert sorted(pub.x) == ["2016-12-13 12:00", "2016-12-14 12:00"]
    assert len(named(fig, "published (inferred)").x) == 1


def test_timeline_frames_the_dense_days(tables):
    fig = timeline.timeline_figure(tables, ViewState())
    assert fig.layout.xaxis.range[0] <= "2016-12-13" and fig.layout.xaxis.range[1] >= "2016-12-15"
    assert fig.layout.xaxis.range[0] > "2016-12-01"  # the month span does not stretch it


def test_a_folder_of_several_years_shows_every_reports_day_whole(tables):
    articles = tables["articles"].copy()
    articles.loc[articles.index[0], "published"] = "2014-05-07"
    articles.loc[articles.index[-1], "published"] = "2023-04-26"
    fig = timeline.timeline_figure({**tables, "articles": articles}, ViewState())
    lo, hi = fig.layout.xaxis.range
    assert lo < "2014-05-07" and hi > "2023-04-26"  # nothing cut off at the edges
    assert lo > "2014-01-01" and hi < "2023-12-31"  # a margin, not years of blank


def test_timeline_follows_the_map_selection_and_shades_its_own(tables):
    state = ViewState(
        selected_places=("gn:east-aleppo",), selected_days=(date(2016, 12, 15), date(2016, 12, 15))
    )
    fig = timeline.timeline_figure(tables, state)
    days = named(fig, "day")
    assert len(days.x) == 2  # the events whose sentence names eastern Aleppo
    assert len(fig.layout.shapes) == 1 and fig.layout.shapes[0].x0 == "2016-12-15"


def test_timeline_by_place(tables):
    fig = timeline.timeline_figure(tables, ViewState(timeline_by="place"))
    rows = set(fig.layout.yaxis.categoryarray)
    assert {"Eastern Aleppo", "Aleppo", "(no place named)"} <= rows
    assert not any(t.name == "published" for t in fig.data)


def test_timeline_caps_its_rows():
    tables = make_tables()
    many = pd.concat(
        [tables["articles"].assign(article_id=lambda d, i=i: d["article_id"] + f"-{i}") for i in range(12)],
        ignore_index=True,
    )
    fig = timeline.timeline_figure({**tables, "articles": many}, ViewState())
    rows = list(fig.layout.yaxis.categoryarray)
    assert len(rows) == timeline.MAX_TIMELINE_ROWS and rows[0].endswith("other reports")


def test_timeline_hover_is_escaped():
    tables = make_tables(xss=True)
    fig = timeline.timeline_figure(tables, ViewState())
    text = " ".join(str(h) for t in fig.data if t.hovertext is not None for h in t.hovertext)
    assert "<script" not in text and "<img" not in text and "&lt;img" in text


def test_regions_are_drawn_apart_and_story_points_named(tables):
    places = tables["places"].copy()
    places.loc[places["place_id"] == "gn:kefraya", "kind"] = None  # a kind unknown must not break
    fig = maps.map_figure({**tables, "places": places}, ViewState())
    names = [t.name for t in fig.data]
    assert "regions, rough centre (1)" in names and "Idlib Governorate" not in names
    assert {"Aleppo", "Eastern Aleppo", "Foua", "Kefraya"} <= set(names)


def test_open_movements_are_ringed(tables):
    figs = tables["figures"].copy()
    figs.loc[figs["figure_id"] == "b2-f003", "destination_id"] = None  # from Foua, to where?
    assert maps.open_ends({**tables, "figures": figs}) == {"gn:foua"}
    assert maps.open_ends(tables) == set()


def test_far_off_places_are_not_named_in_the_legend(tables):
    far = pd.DataFrame([{"place_id": "gn:moscow", "name": "Moscow", "lat": 55.75, "lon": 37.6, "kind": "city",
                         "n_articles": 2, "n_mentions": 9, "n_figures": 0}])  # fmt: skip
    places = pd.concat([tables["places"], far], ignore_index=True)
    fig = maps.map_figure({**tables, "places": places}, ViewState())
    names = [t.name for t in fig.data]
    assert "Moscow" not in names and "other places (1)" in names
