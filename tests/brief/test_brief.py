"""The brief: a view as one self-contained page (rendering in Chromium is in tests/browser/)."""

from __future__ import annotations

import base64
import json
import math
import re
from datetime import UTC, datetime
from pathlib import Path

import plotly.graph_objects as go
import pytest

from dashboard.brief import command, render, static_map
from dashboard.brief import page as brief_page
from dashboard.view import maps, viewstate, words
from tests import app_fixtures

MADE = datetime(2024, 5, 6, 7, 8, tzinfo=UTC)


@pytest.fixture(scope="module")
def tables():
    return app_fixtures.make_tables()


@pytest.fixture(scope="module")
def xss_tables():
    return app_fixtures.make_tables(xss=True)


def page(tables, query: str = "", **kw) -> str:
    params, link = viewstate.parse_view(query)
    state, _ = viewstate.from_query(params)
    return brief_page.brief_html(tables, state, made_at=MADE, link=link, **kw)


def without_plotlyjs(html_text: str) -> str:
    """The page less the inlined library (which names tile servers of its own)."""
    head, body = html_text.split("</head>", 1)
    return re.sub(r"<script\b.*?</script>", "", head, flags=re.S) + body


def visible_text(html_text: str) -> str:
    """The page without its scripts and styles (plotly.js itself holds many words)."""
    body = re.sub(r"<script\b.*?</script>", " ", html_text, flags=re.S)
    return re.sub(r"<style\b.*?</style>", " ", body, flags=re.S)


# --- the view ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("view", "params", "link"),
    [
        ("", {}, ""),
        ("?sel=gn:foua", {"sel": ["gn:foua"]}, ""),
        ("sel=gn:foua&from=2016-12-13", {"sel": ["gn:foua"], "from": ["2016-12-13"]}, ""),
        ("place=gn%3Afoua%2Cgn%3Akefraya", {"place": ["gn:foua,gn:kefraya"]}, ""),
        ("  ?by=place#top ", {"by": ["place"]}, ""),
        (
            "http://127.0.0.1:8501/?sel=gn:foua&map=offline",
            {"sel": ["gn:foua"], "map": ["offline"]},
            "http://127.0.0.1:8501/?sel=gn:foua&map=offline",
        ),
        ("https://x.streamlit.app/", {}, "https://x.streamlit.app/"),
        ("source=a1&source=b2", {"source": ["a1", "b2"]}, ""),
    ],
)
def test_parse_view_reads_query_strings_and_app_urls(view, params, link):
    assert viewstate.parse_view(view) == (params, link)


def test_a_view_round_trips_through_its_query_string():
    state, notices = viewstate.from_query(
        {"place": "gn:foua,gn:kefraya", "from": "2016-12-13", "by": "place"}
    )
    assert notices == []
    again, _ = viewstate.from_query(viewstate.parse_view(viewstate.view_query(state))[0])
    assert again == state
    assert viewstate.view_query(viewstate.DEFAULT) == ""


# --- words ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(15000, "15,000"), (82.0, "82"), (2.5, "2.5"), (0.125, "0.12"), (None, ""), (float("nan"), "")],
)
def test_fmt_number(value, expected):
    assert words.fmt_number(value) == expected


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("2016-12-13", "2016-12-16", "13–16 Dec 2016"),
        ("2016-11-30", "2016-12-02", "30 Nov – 2 Dec 2016"),
        ("2015-12-30", "2016-01-02", "30 Dec 2015 – 2 Jan 2016"),
        ("2016-12-14", "2016-12-14", "14 Dec 2016"),
        ("", "", "dates unknown"),
    ],
)
def test_fmt_span(first, last, expected):
    assert words.span(first, last) == expected


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"value": 82, "qualifier": "at least"}, "at least 82"),
        ({"value": 14000}, "14,000"),
        ({"value": 3.5, "unit": "sq km"}, "3.5 sq km"),
        ({"value": None, "low": 10000, "high": 99999, "text": "tens of thousands"}, "tens of thousands"),
    ],
)
def test_figure_value_keeps_qualifier_and_words(row, expected):
    assert words.figure_value(row) == expected


def test_shorten_keeps_the_figure_in_view():
    sentence = "word " * 60 + "at least 82 civilians" + " word" * 60
    short = words.shorten(sentence, "at least 82 civilians", limit=80)
    assert "at least 82 civilians" in short
    assert short.startswith("…") and short.endswith("…")
    assert len(short) <= 82


# --- the page ---------------------------------------------------------------------------------


def test_brief_has_every_part(tables):
    text = visible_text(page(tables))
    for part in ("Key numbers", "Map", "Timeline", "Top excerpts", "Sources covered", "Notes"):
        assert f"<h2>{part}" in text
    assert "<h1>Brief: " in text
    assert "13–15 Dec 2016" in text  # the days the rows name exactly, not the whole of 'December'
    assert "3 reports (Daily One, Two News, 1 of unknown outlet)" in text
    assert "Made 2024-05-06 07:08 UTC" in text
    for credit in ("Natural Earth", "GSHHG", "GeoNames"):
        assert credit in text


def test_each_key_number_is_footnoted_with_its_source_and_date(tables):
    text = visible_text(page(tables))
    notes = re.search(r'<section class="notes">.*?</section>', text, re.S).group(0)
    assert notes.count("<li>") == len(tables["figures"])
    assert (
        "Two News, “Ceasefire back on track”, published 14 Dec 2016 (byline); figure dated 14 Dec 2016"
        in notes
    )
    assert "At least 82 civilians were killed in Aleppo" in notes
    assert re.search(r"at least 82<sup>\[\d\]</sup>", text)


def test_a_conflict_is_shown_as_a_conflict(tables):
    text = visible_text(page(tables))
    row = re.search(r"<tr>(?:(?!</tr>).)*40,000–50,000 civilians remain.*?</tr>", text, re.S).group(0)
    assert "Reports disagree" in row and 'class="badge conflict"' in row
    assert re.search(
        r"about 50,000<sup>\[\d\]</sup> <span class='vs'>vs</span> some 40,000<sup>\[\d\]</sup>", row
    )
    single = re.search(r"<tr>(?:(?!</tr>).)*at least 82 civilians killed.*?</tr>", text, re.S).group(0)
    assert "One report" in single and "disagree" not in single


def test_the_opened_claim_comes_first(tables):
    text = visible_text(page(tables, "claim=c-buses"))
    first_row = re.search(r"<tbody><tr>.*?</tr>", text, re.S).group(0)
    assert "5 buses entered" in first_row


def test_a_place_view_is_about_that_place(tables):
    text = visible_text(page(tables, "place=gn:foua"))
    assert "<h1>Brief: Foua</h1>" in text
    assert "some 15,000 people evacuated" in text
    assert "at least 82 civilians killed" not in text
    assert "Sources covered (1)" in text and "1 report (Two News)" in text


def test_report_text_is_escaped(xss_tables):
    html_text = page(xss_tables)
    assert "<script>alert(1)</script>" not in html_text
    assert "<img src=x onerror" not in html_text
    text = visible_text(html_text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text


def test_excerpts_highlight_from_the_report_text_when_at_hand(tables):
    texts = {a: app_fixtures.texts()[f"{a}.txt"] for a in ("a1", "b2", "c3")}
    text = visible_text(page(tables, "place=gn:foua", text_of=texts.get))
    quote = re.search(r"<blockquote>(.*?)</blockquote>", text, re.S).group(1)
    assert '<mark class="cd-figure">15,000 people</mark>' in quote
    # both places are marked although the view is narrowed to one of them
    assert '<mark class="cd-place">Foua</mark>' in quote and '<mark class="cd-place">Kefraya</mark>' in quote


def test_notices_show_on_the_brief(tables):
    text = visible_text(page(tables, notices=["Ignored unknown parameter 'zoom'."]))
    assert '<div class="notice">Ignored unknown parameter &#x27;zoom&#x27;.</div>' in text


def test_the_page_is_self_contained(tables):
    html_text = page(tables, "map=carto-positron")
    assert html_text.count("plotly.js v") == 1  # the library inlined once
    assert not re.search(r"<script[^>]+src=", html_text)
    assert "<link" not in html_text
    ours = without_plotlyjs(html_text)
    assert "cartocdn" not in ours and "http" not in ours  # tiles left out: the brief opens offline
    for div in ("brief-map", "brief-timeline"):
        assert '"type":"scatter"' in figure_data(html_text, div)
        assert '"type":"scattermap' not in figure_data(html_text, div)  # SVG, not WebGL


def figure_data(html_text: str, div: str) -> str:
    """The JSON of a figure's traces, as written into the page."""
    spec = re.search(rf'Plotly\.newPlot\(\s*"{div}",\s*(\[.*?\]),\s*\{{', html_text, re.S)
    assert spec, f"figure {div} is in the page"
    return spec.group(1)


def test_the_basemap_is_embedded_in_the_map(tables):
    data = figure_data(page(tables), "brief-map")
    assert data.count('"fill":"toself"') >= 3  # sea, countries, lakes
    assert len(re.findall(r'"mode":"lines"', data)) >= 6  # rivers, lines, coast, borders, routes


def test_the_same_view_makes_the_same_page(tables):
    assert page(tables, "sel=gn:foua") == page(tables, "sel=gn:foua")


def test_an_empty_view_says_so(tables):
    text = visible_text(page(tables, "from=2001-01-01&to=2001-01-02"))
    assert "No figures in this view." in text
    assert "No report in this view." in text


# --- the map in SVG ---------------------------------------------------------------------------


def test_map_extent_at_zoom_zero_is_the_world():
    xr, yr = static_map.map_extent((0.0, 0.0), 0, 512, 512)
    assert xr == pytest.approx([-180, 180])
    assert yr == pytest.approx([-85.0511, 85.0511], abs=1e-3)


def test_map_extent_halves_with_each_zoom_level():
    a, _ = static_map.map_extent((37.0, 36.0), 7, 600, 400)
    b, _ = static_map.map_extent((37.0, 36.0), 8, 600, 400)
    assert (a[1] - a[0]) == pytest.approx(2 * (b[1] - b[0]))
    assert sum(b) / 2 == pytest.approx(37.0)


@pytest.mark.parametrize(
    ("points", "holds"),
    [
        ([], [(37.0, 36.0)]),
        ([(36.69, 35.99)], [(36.69, 35.99), (37.0, 36.0)]),
        ([(38.27, 34.56), (36.28, 33.51)], [(38.27, 34.56), (36.28, 33.51)]),
    ],
)
def test_fit_extent_widens_the_frame_to_hold_points_and_keeps_its_shape(points, holds):
    xr, yr = [36.9, 37.1], [35.95, 36.05]
    x2, y2 = static_map.fit_extent(xr, yr, points)
    for lon, lat in holds:
        assert x2[0] < lon < x2[1] and y2[0] < lat < y2[1]
    assert x2[0] <= xr[0] and x2[1] >= xr[1] and y2[0] <= yr[0] and y2[1] >= yr[1]
    k0 = math.cos(math.radians(36.0))
    k1 = math.cos(math.radians(sum(y2) / 2))
    assert (x2[1] - x2[0]) * k1 / (y2[1] - y2[0]) == pytest.approx(
        (xr[1] - xr[0]) * k0 / (yr[1] - yr[0]), rel=0.02
    )


def test_labels_never_overlap_and_move_aside_for_a_close_neighbour():
    to_px = lambda lon, lat: (lon * 100, -lat * 100)  # noqa: E731
    points = [("Foua", 36.6975, 35.9889, 14.0), ("Kefraya", 36.6808, 35.9889, 10.0), ("Far", 38.0, 35.0, 8.0)]
    placed = static_map.label_positions(points, to_px)
    where = {name: pos for name, _, _, _, pos in placed}
    assert where == {"Foua": "middle right", "Kefraya": "middle left", "Far": "middle right"}


def test_a_label_with_no_free_place_is_left_out():
    to_px = lambda lon, lat: (lon, lat)  # noqa: E731
    crowd = [(f"Place {i}", 0.0, 0.0, 60.0) for i in range(30)]  # 8 spots at 3 reaches at most
    assert len(static_map.label_positions(crowd, to_px)) < 30


def map_fig() -> go.Figure:
    square = {"type": "Polygon", "coordinates": [[[36, 35], [38, 35], [38, 37], [36, 37], [36, 35]]]}
    line = {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "MultiLineString",
            "coordinates": [[[36, 36], [37, 36]], [[37, 35.5], [37, 36.5]]]}}]}  # fmt: skip
    fig = go.Figure(
        [
            go.Scattermap(lon=[37.13, 36.70], lat=[36.20, 35.99], mode="markers", name="places",
                          marker={"size": [30, 12], "color": "#0072B2"}, hovertext=["Aleppo", "Foua"],
                          hovertemplate="%{hovertext}<extra></extra>", customdata=[["a"], ["f"]]),
            go.Scattermap(lon=[37.13, 36.70], lat=[36.20, 35.99], mode="lines", line={"width": 2, "color": "#333"}),
        ]
    )  # fmt: skip
    fig.update_layout(
        map={
            "style": "white-bg",
            "center": {"lon": 36.9, "lat": 36.1},
            "zoom": 7,
            "layers": [
                {"sourcetype": "geojson", "source": square, "type": "fill", "color": "#efede8"},
                {
                    "sourcetype": "geojson",
                    "source": line,
                    "type": "line",
                    "color": "#888",
                    "line": {"width": 1},
                },
                {"sourcetype": "raster", "source": ["https://tiles.example/{z}/{x}/{y}.png"]},
            ],
        }
    )
    return fig


def test_static_map_draws_the_map_in_svg():
    out = static_map.static_map(map_fig(), app_fixtures.make_tables()["places"])
    types = {t.type for t in out.data}
    assert types == {"scatter"}
    fills = [t for t in out.data if t.fill == "toself"]
    assert len(fills) == 1 and fills[0].fillcolor == "#efede8"
    lines = [t for t in out.data if t.mode == "lines" and t.hoverinfo == "skip" and t.fill is None]
    assert list(lines[0].x) == [36, 37, None, 37, 37, None]
    places = next(t for t in out.data if t.name == "places")
    assert list(places.x) == [37.13, 36.70] and list(places.y) == [36.20, 35.99]
    assert places.hovertemplate == "%{hovertext}<extra></extra>" and places.customdata is not None
    assert "tiles.example" not in out.to_json()


def test_static_map_keeps_the_frame_and_adds_what_must_be_shown():
    xr, yr = static_map.map_extent((36.9, 36.1), 7, static_map.PAGE_WIDTH - 16, maps.MAP_HEIGHT - 16)
    out = static_map.static_map(map_fig(), app_fixtures.make_tables()["places"])
    assert list(out.layout.xaxis.range) == pytest.approx(xr)
    wide = static_map.static_map(map_fig(), app_fixtures.make_tables()["places"], must_show=[(38.27, 34.56)])
    assert wide.layout.xaxis.range[1] > 38.27 and wide.layout.yaxis.range[0] < 34.56


def test_static_map_names_the_places_most_spoken_of():
    out = static_map.static_map(map_fig(), app_fixtures.make_tables()["places"])
    labels = next(t for t in out.data if t.name == "labels")
    assert "Aleppo" in labels.text and "Syria" not in labels.text  # countries go unnamed


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ({"type": "Point", "coordinates": [1, 2]}, {"type": "Point", "coordinates": [1, 2]}),
        ("data:application/geo+json;base64," + base64.b64encode(b'{"type":"Point","coordinates":[1,2]}').decode(),
         {"type": "Point", "coordinates": [1, 2]}),
        ("data:application/json,%7B%22type%22%3A%22Point%22%2C%22coordinates%22%3A%5B1%2C2%5D%7D",
         {"type": "Point", "coordinates": [1, 2]}),
        ("https://example.org/borders.geojson", None),  # remote: the brief must open offline
        ("data:application/geo+json;base64,%%%", None),
        ("data:application/json,[1,2]", None),
    ],
)  # fmt: skip
def test_layer_sources_inline_or_data_urls(source, expected):
    assert static_map.geojson_source(source) == expected


def test_a_layer_given_as_a_data_url_is_drawn():
    line = {"type": "LineString", "coordinates": [[36, 36], [37, 36]]}
    url = "data:application/geo+json;base64," + base64.b64encode(json.dumps(line).encode()).decode()
    trace = static_map.layer_trace({"sourcetype": "geojson", "source": url, "type": "line", "color": "#888"})
    assert list(trace.x) == [36, 37, None] and list(trace.y) == [36, 36, None]


def test_a_figure_without_a_map_is_left_alone():
    fig = go.Figure(go.Scatter(x=[1], y=[2]))
    assert static_map.static_map(fig, app_fixtures.make_tables()["places"]) is fig


# --- the command ------------------------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path):
    data, seeds = app_fixtures.write_corpus(tmp_path)
    return data, seeds


def test_main_without_tables_says_how_to_build(tmp_path, capsys):
    assert command.main(["--out", str(tmp_path / "b"), "--data", str(tmp_path / "nothing")]) == 2
    assert "python -m dashboard build" in capsys.readouterr().err


def test_main_html_only_writes_the_html(corpus, tmp_path, capsys):
    data, seeds = corpus
    out = tmp_path / "briefs" / "foua"
    code = command.main(["--view", "?sel=gn:foua", "--out", str(out), "--data", str(data), "--seeds", str(seeds),
                       "--html-only"])  # fmt: skip
    assert code == 0
    assert (out.with_suffix(".html")).is_file() and not out.with_suffix(".png").exists()
    assert "Brief: Foua" in out.with_suffix(".html").read_text()


def test_without_a_browser_it_says_so_and_writes_the_html(corpus, tmp_path, capsys, monkeypatch):
    data, seeds = corpus
    monkeypatch.setenv(render.ENV_VAR, str(tmp_path / "no-such-chromium"))
    out = tmp_path / "b"
    code = command.main(["--view", "", "--out", str(out), "--data", str(data), "--seeds", str(seeds)])
    err = capsys.readouterr().err
    assert code == 3
    assert (
        "Cannot render PNG/PDF" in err
        and "apt-get install -y chromium" in err
        and "pip install playwright" in err
    )
    assert out.with_suffix(".html").is_file() and not out.with_suffix(".png").exists()


def test_unknown_parameters_are_reported_not_fatal(corpus, tmp_path, capsys):
    data, seeds = corpus
    code = command.main(["--view", "zoom=3&sel=gn:nowhere", "--out", str(tmp_path / "b"), "--data", str(data),
                       "--html-only"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 0
    assert "Ignored unknown parameter 'zoom'" in err and "gn:nowhere" in err


def test_missing_browser_reason_names_what_is_missing(monkeypatch, tmp_path):
    monkeypatch.setenv(render.ENV_VAR, str(tmp_path / "none"))
    reason = render.missing_reason()
    assert reason and "no Chromium" in reason and str(tmp_path / "none") in reason
    monkeypatch.setenv(render.ENV_VAR, "/bin/sh")  # any executable counts as found
    assert render.find_chromium() == "/bin/sh"


def test_out_path_with_an_extension_is_taken_as_the_name(corpus, tmp_path):
    data, seeds = corpus
    assert command.main(["--out", str(tmp_path / "b.pdf"), "--data", str(data), "--html-only"]) == 0
    assert (tmp_path / "b.html").is_file()


def test_cli_dispatches_to_brief(corpus, tmp_path):
    from dashboard import cli

    data, _ = corpus
    assert cli.main(["brief", "--out", str(tmp_path / "c"), "--data", str(data), "--html-only"]) == 0
    assert Path(tmp_path / "c.html").is_file()


def test_app_brief_makes_the_html_on_demand(tables, monkeypatch):
    state, _ = viewstate.from_query({"place": "gn:foua"})
    made = command.AppBrief(tables, state, link="http://127.0.0.1:8501/?place=gn:foua")
    assert made._html is None  # nothing built until a button asks
    text = made.html()
    assert "<h1>Brief: Foua</h1>" in text and made.html() is text
    assert made.file_name("html") == "brief-place-gn-foua.html"
    assert command.AppBrief(tables, viewstate.DEFAULT).file_name("pdf") == "brief-default.pdf"
    calls = []
    monkeypatch.setattr(command, "render_bytes", lambda h: calls.append(h) or (b"png", b"pdf"))
    assert (made.png(), made.pdf()) == (b"png", b"pdf")
    assert calls == [text], "PNG and PDF come from one rendering"
