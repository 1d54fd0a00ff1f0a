"""The analyst's screen wired up (issue 11), on the committed tables of the seed reports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import tables as store
from dashboard.ui import loaders
from tests.app_fixtures import run_app, use_committed_data

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
EXCERPTS = re.compile(r"Source excerpts\**\s*· (\d+) sentences? behind the (view|selection)")


@pytest.fixture
def seeds(monkeypatch):
    use_committed_data(monkeypatch)


def run(params: dict | None = None) -> AppTest:
    return run_app(params)


def map_spec(at: AppTest) -> dict:
    return next(json.loads(el.proto.spec) for el in at.get("plotly_chart") if "map-" in el.proto.id)


def excerpts_heading(at: AppTest) -> tuple[int, str]:
    for m in at.markdown:
        found = EXCERPTS.search(m.value)
        if found:
            return int(found.group(1)), found.group(2)
    raise AssertionError("no excerpts heading")


def test_the_offline_map_names_its_places_on_the_map(seeds):
    spec = map_spec(run())
    assert not any(t["type"].startswith("scattermap") for t in spec["data"]), "SVG, no WebGL font server"
    labels = [n for t in spec["data"] if t.get("name") == "labels" for n in t["text"]]
    assert {"Aleppo", "Foua", "Kefraya"} <= set(labels)
    assert spec["layout"]["shapes"], "a scale bar"
    assert any("km" in a.get("text", "") for a in spec["layout"]["annotations"])
    route = next(t for t in spec["data"] if t.get("name") == "route labels")  # kept inside the frame
    assert any("15,000 people" in t for t in route["text"])


def test_a_tile_background_keeps_the_webgl_map(seeds):
    spec = map_spec(run({"map": "carto-positron"}))
    assert any(t["type"] == "scattermap" for t in spec["data"])


def test_the_tile_map_spreads_stacked_markers(seeds):
    """Foua and Kefraya (1.4 km apart) touch at the tile map's zoom: one is moved off the other,
    a thin line back to where it is (brief/tile_stacks.py)."""
    spec = map_spec(run({"map": "open-street-map"}))
    leaders = [t for t in spec["data"] if t.get("name") == "spread"]
    assert leaders and leaders[0]["type"] == "scattermap"
    at = {t["name"]: (t["lon"][0], t["lat"][0]) for t in spec["data"] if t["name"] in ("Foua", "Kefraya")}
    assert len(at) == 2 and at["Foua"] != at["Kefraya"]


def test_a_filtered_map_shows_main_cities_in_grey(seeds):
    spec = map_spec(run({"place": "foua,kefraya"}))
    context = [t for t in spec["data"] if "not in this view" in (t.get("name") or "")]
    assert context and len(context[0]["x"]) >= 2


@pytest.mark.parametrize("place", ["idlib", "eastern_aleppo", "foua"])
def test_selecting_a_place_narrows_the_panels_to_what_is_said_of_it(seeds, place):
    n, behind = excerpts_heading(run({"sel": place}))
    assert behind == "selection" and n > 0


def test_selecting_a_mention_only_place_shows_the_sentences_naming_it(seeds):
    """Idlib: one movement and a sentence that only names it ("Idlib could become the next target")."""
    at = run({"sel": "idlib"})
    n, behind = excerpts_heading(at)
    assert behind == "selection" and n >= 2
    page = re.sub(r"<[^>]+>", "", " ".join(h.proto.body for h in at.get("html")))
    assert "Idlib could become the next" in page


@pytest.mark.parametrize(
    "params, span",
    [({"from": "2016-12-13", "to": "2016-12-13"}, "13 Dec 2016"), ({}, "1 Nov – 15 Dec 2016"),
     ({"from": "2016-12-12", "to": "2016-12-14"}, "12–14 Dec 2016")],
)  # fmt: skip
def test_the_headers_date_range_is_the_filters(seeds, params, span):
    at = run(params)
    header = next(m.value for m in at.markdown if m.value.startswith("**Crisis dashboard**"))
    assert f" · {span} · " in header


def test_a_click_on_a_timeline_dot_selects_its_day(seeds):
    at = run()
    spec = next(json.loads(el.proto.spec) for el in at.get("plotly_chart") if "timeline-" in el.proto.id)
    assert spec["layout"]["clickmode"] == "event+select" and spec["layout"]["dragmode"] == "pan"
    assert spec["layout"]["showlegend"] is False  # the caption is the key: no legend under a toolbar
    at2 = run({"days": "2016-12-13"})
    assert any("days: 13 Dec 2016" in m.value for m in at2.markdown)


def _fixed_heights(node, out: list) -> list:
    """Every block on the page given a fixed pixel height (an inner scroll box)."""
    proto = getattr(node, "proto", None)
    if proto is not None and hasattr(proto, "height_config") and proto.height_config.HasField("pixel_height"):
        out.append(proto.height_config.pixel_height)
    children = getattr(node, "children", None)
    for child in children.values() if isinstance(children, dict) else []:
        _fixed_heights(child, out)
    return out


# at least 82 civilians killed: four reports (its id, as the committed tables give it)
CLAIM = (
    pd.read_csv(ROOT / "data" / "claims.csv")
    .set_index("label")
    .loc["at least 82 civilians killed", "claim_id"]
)


def test_no_inner_scroll_box_hides_content(seeds):
    at = run({"claim": CLAIM, "report": "268360b9ca77"})
    assert _fixed_heights(at._tree, []) == []


def test_an_opened_claim_shows_every_source(seeds):
    at = run({"claim": CLAIM})
    opened = next(e for e in at.expander if "82" in e.label and len(e.children))
    assert len([h for h in opened.get("html") if "<blockquote" in h.proto.body]) == 4


def test_the_report_reader_is_a_wide_dialog(seeds):
    at = run({"report": "268360b9ca77"})
    found = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "dialog") and proto.HasField("dialog"):
            found.append(node)
        children = getattr(node, "children", None)
        for child in children.values() if isinstance(children, dict) else []:
            walk(child)

    walk(at._tree)
    assert len(found) == 1 and found[0].proto.dialog.width == found[0].proto.dialog.LARGE
    assert "Rebel fighters and the Syrian government" in " ".join(h.proto.body for h in found[0].get("html"))


def _table_tab(params: dict | None = None, search: str = "") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.session_state["f_tab"] = "Table and search"
    if search:
        at.session_state["f_search"] = search
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_the_table_view_lists_figures_and_claims_and_draws_no_chart(seeds):
    at = _table_tab()
    frames = at.dataframe
    assert len(frames) == 2
    figures, claims = frames[0].value, frames[1].value
    assert {"status", "claimant", "date", "place", "quote"} <= set(figures.columns)
    tables = store.read_tables(ROOT / "data")  # every row of the committed tables, no more
    assert (len(figures), len(claims)) == (len(tables["figures"]), len(tables["claims"]))
    assert not at.get("plotly_chart"), "the dashboard tab is not drawn while the table is open"


def test_the_table_view_searches_and_marks_the_excerpts(seeds):
    at = _table_tab(search="Foua evacuat")
    figures = at.dataframe[0].value
    assert 0 < len(figures) < 29
    bodies = " ".join(h.proto.body for h in at.get("html"))
    assert '<mark class="cd-found">Foua</mark>' in bodies
    opens = [b for b in at.button if b.label == "Open in the report"]
    assert opens
    opens[0].click().run()
    assert at.query_params.get("report"), "the match's report is opened"


def test_the_table_view_follows_the_filters(seeds):
    at = _table_tab({"place": "foua,kefraya"})
    assert len(at.dataframe[0].value) < 29


def test_search_text_from_a_report_is_escaped(tmp_path, monkeypatch):
    from tests.app_fixtures import write_corpus

    data, seeds = write_corpus(tmp_path, xss=True)
    monkeypatch.setenv(loaders.DATA_ENV, str(data))
    monkeypatch.setenv(loaders.SEEDS_ENV, str(seeds))
    at = _table_tab(search="buses")
    bodies = " ".join(h.proto.body for h in at.get("html"))
    assert "<script>" not in bodies and "<img" not in bodies


def test_the_page_sends_the_phone_layout_first(seeds):
    at = run()
    css = " ".join(h.proto.body for h in at.get("html") if "<style>" in h.proto.body)
    assert "@media (max-width: 640px)" in css and "stMetric" in css and "calc(50%" in css


def test_key_number_cards_say_when_each_figure_holds(seeds):
    at = run()
    cards = at.metric
    assert len(cards) == 4
    for card in cards:
        assert card.proto.delta.startswith("as of ") or card.proto.delta == "date unknown"
    assert any(re.fullmatch(r"as of \d+ \w{3}", c.proto.delta) for c in cards)  # a day: '14 Dec'
    assert any(c.proto.delta == "as of Nov 2016" for c in cards)  # a month


def test_a_planned_figure_carries_a_planned_badge_on_its_card(seeds):
    planned = store.read_tables(ROOT / "data")["claims"].query("figure_status == 'planned'")["claim_id"]
    at = run({"claim": planned.iloc[0]})  # the opened claim is the first card
    assert ":orange-badge[planned]" in at.metric[0].label
    assert not any("planned" in c.label for c in run().metric)  # no planned claim among the default cards


@pytest.mark.parametrize("params", [{}, {"place": "foua,kefraya,idlib"}])
def test_the_apps_map_spreads_stacked_markers_and_tells_neighbours_apart(seeds, params):
    spec = map_spec(run(params))
    assert any(t.get("name") == "spread" for t in spec["data"]), "Foua and Kefraya were one stack"
    named = [
        t for t in spec["data"] if t.get("mode") == "markers" and t.get("customdata") and len(t["x"]) == 1
    ]
    colours = {t["name"]: t["marker"]["color"] for t in named if "(" not in t["name"]}
    assert {"Foua", "Kefraya", "Idlib"} <= set(colours)
    assert len({colours["Foua"], colours["Kefraya"], colours["Idlib"]}) == 3


def test_a_route_off_the_apps_map_names_its_far_end_at_the_edge(tmp_path, monkeypatch):
    """The fixture corpus with Idlib province moved 300 km east: the route to it leaves the frame."""
    from tests.app_fixtures import use_corpus

    data, _ = use_corpus(tmp_path, monkeypatch)
    places = pd.read_csv(data / "places.csv")
    places.loc[places["place_id"] == "gn:idlib-gov", ["lon", "lat"]] = [40.3, 35.8]
    places.to_csv(data / "places.csv", index=False)
    spec = map_spec(run())
    names = [n for t in spec["data"] if t.get("name") == "off the map" for n in t["text"]]
    assert names == ["to Idlib Governorate →"]
