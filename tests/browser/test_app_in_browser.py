"""The dashboard in Chromium, served by `streamlit run` on 127.0.0.1 (see conftest.py)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard import tables as store
from dashboard.brief import render
from dashboard.ui import loaders, serve
from dashboard.view import panels, viewstate

ERROR = '[data-testid="stException"]'
EXCERPTS_HEADING = re.compile(r"Source excerpts · (\d+) sentences? behind the (view|selection)")
# Plotly figures by what they draw: the map has lon/lat axes at a fixed ratio (SVG, offline) or a
# maplibre subplot (tiles), the timeline a date axis.
FIGURES_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => ({
  map: !!(gd._fullLayout && ((gd._fullLayout.map && gd._fullLayout.map._subplot)
          || (gd._fullLayout.yaxis && gd._fullLayout.yaxis.scaleanchor === 'x'))),
  date: !!(gd._fullLayout && gd._fullLayout.xaxis && gd._fullLayout.xaxis.type === 'date'),
  points: gd.querySelectorAll('.scatterlayer .point').length,
}))"""
MAP_JS = """[...document.querySelectorAll('.js-plotly-plot')].find(
  g => g._fullLayout && g._fullLayout.yaxis && g._fullLayout.yaxis.scaleanchor === 'x')"""
PLACE_PIXEL_JS = (
    """([lon, lat]) => {
  const gd = """
    + MAP_JS
    + """;
  gd.scrollIntoView({block: 'center'});
  const L = gd._fullLayout, r = gd.getBoundingClientRect();
  return [r.left + L._size.l + L.xaxis.l2p(lon), r.top + L._size.t + L.yaxis.l2p(lat)];
}"""
)
# The boxes of the place names written on the map, by name.
LABEL_BOXES_JS = (
    """() => {
  const gd = """
    + MAP_JS
    + """;
  gd.scrollIntoView({block: 'center'});
  const out = {};
  gd.querySelectorAll('.scatterlayer .textpoint text').forEach(t => {
    const b = t.getBoundingClientRect();
    out[t.textContent] = [b.left, b.top, b.right, b.bottom];
  });
  return out;
}"""
)


@pytest.fixture(scope="module")
def tables(seeds_data):
    return store.read_tables(seeds_data[0])


def open_view(page, app_url: str, query: str = "") -> None:
    page.goto(app_url + "/" + query)
    serve.wait_app_ready(page)


def excerpt_count(page) -> tuple[int, str]:
    text = page.get_by_text(EXCERPTS_HEADING).first.inner_text()
    n, behind = EXCERPTS_HEADING.search(text).groups()
    return int(n), behind


def expected_count(tables, query: str) -> int:
    """The sentences behind a view as the app counts them (a chosen place's mentions included)."""
    state, _ = viewstate.from_query(viewstate.parse_view(query)[0])
    files = tables["articles"].set_index("article_id")["source_file"]
    seeds = str(Path(__file__).resolve().parents[2] / "seeds")
    return panels.panels(tables, state).sentences(None, lambda a: loaders.load_report_text(seeds, files[a]))[
        1
    ]


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def place_row(tables, name: str) -> dict:
    places = tables["places"]
    rows = places[places["name"].str.lower() == name.lower()]
    assert not rows.empty, f"{name} is not in the places table"
    return rows.iloc[0].to_dict()


def test_the_page_loads_with_every_panel_and_no_error(page, app_url, tables, tmp_path):
    open_view(page, app_url)
    assert page.locator(ERROR).count() == 0
    figures = page.evaluate(FIGURES_JS)
    assert sum(f["map"] for f in figures) == 1, "one map"
    assert any(f["date"] and f["points"] > 0 for f in figures), "a timeline with its points"
    assert page.locator('[data-testid="stMetric"]').count() >= 1, "headline numbers"
    assert page.get_by_text(re.compile(r"Numbers · \d+ claims?")).count() == 1
    disagree = page.locator("details").filter(has_text="reports disagree").count()
    conflicts = int((tables["claims"]["status"] == "conflict").sum())
    assert (disagree >= 1) == (conflicts >= 1), "claims in conflict, and only those, say so"
    n, behind = excerpt_count(page)
    assert (n, behind) == (expected_count(tables, ""), "view")
    assert page.locator("blockquote mark.cd-figure").count() >= 1, "excerpts with highlighted figures"


def test_the_map_is_drawn_not_blank(page, app_url, tmp_path):
    open_view(page, app_url)
    shot = tmp_path / "map.png"
    page.locator(".js-plotly-plot").first.screenshot(path=str(shot))
    from PIL import Image

    with Image.open(shot) as im:
        box = (0, 0, *im.size)
    assert render.ink(shot, box) > 0.3, (
        "the map shows its basemap (land, borders, rivers), not a blank canvas"
    )


def test_how_many_so_far_is_drawn_not_empty(page, app_url, tables, tmp_path):
    open_view(page, app_url)
    page.get_by_text("How many so far").first.wait_for()
    charts = page.locator(".js-plotly-plot")
    index = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')].findIndex(
             gd => (gd.data || []).some(t => t.mode === 'markers+text'))"""
    )
    assert index >= 0, "the running quantities' chart is on the page"
    points = page.evaluate(
        """(i) => document.querySelectorAll('.js-plotly-plot')[i].querySelectorAll('.scatterlayer .point').length""",
        index,
    )
    assert points >= 2, "every report's point is drawn"
    shot = tmp_path / "series.png"
    charts.nth(index).screenshot(path=str(shot))
    from PIL import Image

    with Image.open(shot) as im:
        box = (0, 0, *im.size)
    assert render.ink(shot, box) > 0.02, "lines and points, not a blank plot"


def test_a_deep_link_reproduces_its_view(page, app_url, tables):
    foua, kefraya = place_row(tables, "Foua"), place_row(tables, "Kefraya")
    query = f"?place={foua['place_id']},{kefraya['place_id']}&by=place"
    open_view(page, app_url, query)
    assert page.locator(ERROR).count() == 0
    state, _ = viewstate.from_query(viewstate.parse_view(query)[0])
    assert query_of(page.url) == {k: [v] for k, v in viewstate.to_query(state).items()}
    places_filter = page.locator('[data-testid="stMultiSelect"]').first
    assert "Foua" in places_filter.inner_text() and "Kefraya" in places_filter.inner_text()
    assert page.get_by_label("by place").is_checked()
    n, _ = excerpt_count(page)
    assert n == expected_count(tables, query) and n < expected_count(tables, "")


def test_a_bad_link_falls_back_with_a_notice(page, app_url, tables):
    open_view(page, app_url, "?zoom=3&from=yesterday&place=nowhere")
    assert page.locator(ERROR).count() == 0
    assert page.get_by_text("Ignored unknown parameter 'zoom'").count() == 1
    assert excerpt_count(page)[0] == expected_count(tables, "")


def test_selecting_a_place_on_the_map_filters_the_excerpts(page, app_url, tables, chromium):
    open_view(page, app_url)
    before = excerpt_count(page)
    foua = place_row(tables, "Foua")
    x, y = page.evaluate(PLACE_PIXEL_JS, [float(foua["lon"]), float(foua["lat"])])
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"sel="), timeout=15_000)
    serve.wait_app_ready(page)
    selected = set(query_of(page.url)["sel"][0].split(","))
    kefraya = place_row(tables, "Kefraya")  # 1.5 km from Foua: the click may land on either
    assert selected and selected <= {foua["place_id"], kefraya["place_id"]}
    after = excerpt_count(page)
    assert after[1] == "selection" and after[0] < before[0]
    assert after[0] == expected_count(tables, "?" + urlsplit(page.url).query)
    shown = page.locator("blockquote").all_inner_texts()

    # the URL now carries the selection: a fresh page opened on it shows the same excerpts
    other = chromium.new_page(viewport={"width": 1280, "height": 800})
    try:
        open_view(other, app_url, "?" + urlsplit(page.url).query)
        assert excerpt_count(other) == after
        assert other.locator("blockquote").all_inner_texts() == shown
    finally:
        other.close()


def test_place_names_are_written_on_the_map_without_colliding(page, app_url):
    open_view(page, app_url)
    boxes = page.evaluate(LABEL_BOXES_JS)
    assert {"Aleppo", "Foua", "Kefraya"} <= set(boxes), sorted(boxes)
    names = [n for n in boxes if boxes[n][2] > boxes[n][0]]
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            x, y = boxes[a], boxes[b]
            overlap = min(x[2], y[2]) - max(x[0], y[0]), min(x[3], y[3]) - max(x[1], y[1])
            assert overlap[0] <= 1 or overlap[1] <= 1, f"{a} and {b} collide"


DAY_DOT_JS = """() => {
  const gd = [...document.querySelectorAll('.js-plotly-plot')].find(
    g => g._fullLayout && g._fullLayout.xaxis && g._fullLayout.xaxis.type === 'date');
  gd.scrollIntoView({block: 'center'});
  const L = gd._fullLayout, r = gd.getBoundingClientRect();
  const t = gd.data.find(t => t.name === 'day');
  return [r.left + L._size.l + L.xaxis.d2p(t.x[0]), r.top + L._size.t + L.yaxis.d2p(t.y[0]), t.customdata[0][0]];
}"""


def test_clicking_a_timeline_dot_selects_its_day(page, app_url):
    open_view(page, app_url)
    x, y, day = page.evaluate(DAY_DOT_JS)
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"days="), timeout=15_000)
    serve.wait_app_ready(page)
    assert query_of(page.url)["days"][0].startswith(day)
    assert excerpt_count(page)[1] == "selection"


# Elements inside a box that scrolls on its own (an inner fold that hides content).
IN_SCROLL_BOX_JS = """(selector) => [...document.querySelectorAll(selector)].filter(el => {
  for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
    const s = getComputedStyle(a);
    if (a.matches('[data-testid="stMain"], [data-testid="stAppViewContainer"], section')) continue;
    if (/(auto|scroll)/.test(s.overflowY) && a.scrollHeight > a.clientHeight + 2) return true;
  }
  return false;
}).length"""


def test_an_opened_claims_sources_are_not_in_an_inner_scroll_box(page, app_url, tables):
    claim = tables["claims"].sort_values("n_sources", ascending=False).iloc[0]
    open_view(page, app_url, f"?claim={claim['claim_id']}")
    opened = page.locator("details[open] blockquote")
    assert opened.count() >= int(claim["n_sources"])
    assert page.evaluate(IN_SCROLL_BOX_JS, "details[open] blockquote") == 0
    assert page.evaluate(IN_SCROLL_BOX_JS, "blockquote") == 0


def test_the_table_view_searches_sorts_and_opens_a_report(page, app_url):
    open_view(page, app_url)
    page.get_by_role("tab", name="Table and search").click()
    search = page.get_by_label("Search figures, claims and excerpts")
    search.fill("Foua")
    search.press("Enter")
    page.locator("mark.cd-found").first.wait_for()
    page.locator('[data-testid="stDataFrame"]').nth(1).wait_for()  # the grids load after the marks
    assert page.locator('[data-testid="stDataFrame"]').count() == 2
    assert page.locator("mark.cd-found").first.inner_text() == "Foua"
    page.get_by_role("button", name="Open in the report").first.click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    box = dialog.bounding_box()
    assert box and box["width"] >= 0.75 * 1280, "the report reader is about as wide as the page"


TIMELINE_TICKS_JS = """() => {
  const gd = [...document.querySelectorAll('.js-plotly-plot')].find(
    g => g._fullLayout && g._fullLayout.xaxis && g._fullLayout.xaxis.type === 'date');
  gd.scrollIntoView({block: 'center'});
  const rows = gd._fullLayout.yaxis.categoryarray || [];
  const ticks = [...gd.querySelectorAll('.yaxislayer-above .ytick text')].filter(t => t.textContent.trim());
  return [rows.length, ticks.length];
}"""
OVERLAP_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
  const bar = gd.querySelector('.modebar'), legend = gd.querySelector('.legend');
  if (!bar || !legend) return false;
  const a = bar.getBoundingClientRect(), b = legend.getBoundingClientRect();
  if (!a.width || !b.width) return false;
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
})"""


def test_at_400_px_the_page_is_usable(chromium, app_url):
    context = chromium.new_context(viewport={"width": 400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        open_view(page, app_url)
        cards = [c.bounding_box() for c in page.locator('[data-testid="stMetric"]').all()]
        assert len(cards) >= 2
        tops = sorted(round(c["y"]) for c in cards)
        assert tops[0] == tops[1], "two cards side by side"
        assert all(c["width"] < 240 for c in cards)
        rows, labelled = page.evaluate(TIMELINE_TICKS_JS)
        assert rows and labelled == rows, "every timeline row labelled"
        for chart in page.locator(".js-plotly-plot").all():
            chart.hover()  # the toolbar shows on hover
            assert not any(page.evaluate(OVERLAP_JS)), "no chart toolbar over a legend"
    finally:
        context.close()


# Each place marker drawn on the map (traces with a place id per point): name, centre px, size px.
PLACE_MARKERS_JS = (
    """() => {
  const gd = """
    + MAP_JS
    + """;
  gd.scrollIntoView({block: 'center'});
  const L = gd._fullLayout, out = [];
  gd._fullData.filter(t => t.mode === 'markers' && t.customdata).forEach(t => t.x.forEach((x, i) => {
    const size = Array.isArray(t.marker.size) ? t.marker.size[i] : t.marker.size;
    out.push([t.customdata[i][0], L.xaxis.l2p(x), L.yaxis.l2p(t.y[i]), size]);
  }));
  return out;
}"""
)


@pytest.mark.parametrize("width, query", [(1280, ""), (400, ""), (1280, "?place=foua,kefraya,idlib")])
def test_no_place_marker_hides_another(chromium, app_url, width, query):
    """Foua and Kefraya (1.4 km apart), Aleppo and its districts: spread apart, a line to each place."""
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        open_view(page, app_url, query)
        markers = page.evaluate(PLACE_MARKERS_JS)
        assert {"foua", "kefraya"} <= {m[0] for m in markers}
        for i, (a, ax, ay, asize) in enumerate(markers):
            for b, bx, by, bsize in markers[i + 1 :]:
                assert ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5 >= (asize + bsize) / 2 - 1, f"{a} over {b}"
    finally:
        context.close()


def test_the_cards_say_when_each_number_holds(page, app_url):
    open_view(page, app_url)
    cards = page.locator('[data-testid="stMetric"]').all_inner_texts()
    assert cards and all(re.search(r"as of \w|date unknown", c) for c in cards), cards
    assert page.locator('[data-testid="stMetricDelta"] svg').count() == 0, "no up or down arrow"


def test_selecting_a_place_named_only_in_passing_shows_its_sentences(page, app_url, tables):
    open_view(page, app_url, "?sel=idlib")
    n, behind = excerpt_count(page)
    assert behind == "selection" and n == expected_count(tables, "?sel=idlib") >= 2
    assert any("Idlib could become the next" in t for t in page.locator("blockquote").all_inner_texts())
