"""The timeline an analyst reads: a click selects a day, names broken at words, the filter's days."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dashboard import tables as store
from dashboard.view import filters, timeline, words
from dashboard.view.viewstate import ViewState

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def seeds_tables():
    if not (ROOT / "data" / "articles.csv").is_file():
        pytest.skip("data/ is not built")
    return store.read_tables(ROOT / "data")


D = date.fromisoformat
BOUNDS = (D("2016-12-01"), D("2016-12-14"))
SPANS = [
    ("no filter: the tables' days", ViewState(), BOUNDS),
    ("13-13 Dec", ViewState(date_from=D("2016-12-13"), date_to=D("2016-12-13")), (D("2016-12-13"), D("2016-12-13"))),
    ("from only", ViewState(date_from=D("2016-12-10")), (D("2016-12-10"), D("2016-12-14"))),
    ("to only", ViewState(date_to=D("2016-12-05")), (D("2016-12-01"), D("2016-12-05"))),
    ("beyond the tables", ViewState(date_from=D("2016-11-01"), date_to=D("2016-12-31")), (D("2016-11-01"), D("2016-12-31"))),
]  # fmt: skip


@pytest.mark.parametrize("case, state, expected", SPANS, ids=[c[0] for c in SPANS])
def test_the_views_span_is_the_filters(case, state, expected):
    assert timeline.view_span(state, BOUNDS) == expected


def test_no_dates_no_span():
    assert timeline.view_span(ViewState(), None) is None
    one = D("2016-12-13")
    assert timeline.view_span(ViewState(date_from=one), None) == (one, one)


LABELS = [
    ("short", "Reuters", "Reuters"),
    ("two lines at a word", "Aleppo Evacuation Moves Ahead", "Aleppo Evacuation<br>Moves Ahead"),
    ("longer: whole words, then …", "Syria Aleppo Crisis: Evacuation Of Civilians Resumes Today",
     "Syria Aleppo Crisis:<br>Evacuation Of…"),
    ("one long word keeps its line", "Internationalisationsprogramm der Welt", "Internationalisationsprogramm<br>der Welt"),
    ("escaped", "<b>A & B</b>", "&lt;b&gt;A &amp; B&lt;/b&gt;"),
]  # fmt: skip


@pytest.mark.parametrize("case, name, expected", LABELS, ids=[c[0] for c in LABELS])
def test_row_names_break_at_words(case, name, expected):
    assert words.label_lines(name, 22) == expected


def test_no_row_label_is_cut_mid_word(seeds_tables):
    fig = timeline.timeline_figure(seeds_tables, ViewState())
    said = set()
    for name in (
        seeds_tables["articles"]["outlet"].fillna("") + " " + seeds_tables["articles"]["title"].fillna("")
    ):
        said |= set(name.replace(":", " ").split())
    for row in fig.layout.yaxis.categoryarray:
        for part in row.replace("<br>", " ").split(" · ")[0].split():
            part = part.rstrip("…")
            assert not part or part in said or part.rstrip(":,") in said, (row, part)


def test_a_date_filter_shows_its_days_whole(seeds_tables):
    state = ViewState(date_from=D("2016-12-13"), date_to=D("2016-12-14"))
    fig = timeline.timeline_figure(filters.apply(seeds_tables, state), state)
    assert list(fig.layout.xaxis.range) == ["2016-12-13", "2016-12-15"]  # the last day to its midnight


def test_a_click_selects_and_the_legend_is_clear_of_the_toolbar(seeds_tables):
    fig = timeline.timeline_figure(seeds_tables, ViewState())
    assert fig.layout.clickmode == "event+select"
    assert fig.layout.dragmode not in ("select", "lasso")  # Streamlit drops click-selection there
    assert fig.layout.legend.y < 0 and fig.layout.legend.yanchor == "top"
    dots = next(t for t in fig.data if t.name == "day")
    assert all(c[0] == c[1] and len(c[0]) == 10 for c in dots.customdata)


def test_an_opened_claim_lists_every_source(seeds_tables):
    from dashboard.view import excerpts, numbers

    claims = seeds_tables["claims"]
    for claim in claims[claims["n_sources"] > 1].to_dict("records"):
        figs = numbers.claim_figures(seeds_tables, claim["claim_id"])
        assert figs["article_id"].nunique() == claim["n_sources"]
        texts = {a: None for a in figs["article_id"]}
        blocks = [excerpts.figure_excerpt(seeds_tables, f, texts.get) for f in figs.to_dict("records")]
        assert all("<blockquote" in b for b in blocks)


def test_every_row_has_a_label_of_its_own(seeds_tables):
    for by in ("source", "place"):
        fig = timeline.timeline_figure(seeds_tables, ViewState(timeline_by=by))
        rows = list(fig.layout.yaxis.categoryarray)
        assert rows and len(set(rows)) == len(rows) and all(r.strip() for r in rows)
        assert fig.layout.height >= 120 + 36 * len(rows) or fig.layout.height == 620
