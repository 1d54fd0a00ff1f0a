"""How many so far: the running quantities of a view over days, one line per quantity, every
report's figure a point with its range, time span and who says so (view/series.py)."""

from __future__ import annotations

import pandas as pd

from dashboard import schema
from dashboard.extract import claims
from dashboard.view import series
from tests.extract.test_claims import figure, frame


def tables_of(*rows: dict, quote: str = "50,000 remain, the UN said.") -> dict[str, pd.DataFrame]:
    figs = frame(*rows).assign(quote=quote)
    table, ids = claims.group_claims(figs)
    figs = figs.assign(claim_id=ids)
    articles = pd.DataFrame(columns=schema.ARTICLES.column_names).astype(object)
    aids = sorted(set(figs["article_id"]))
    articles = pd.DataFrame({c: [None] * len(aids) for c in schema.ARTICLES.column_names})
    articles = articles.assign(article_id=aids, title="A report", outlet="Outlet")
    return {
        "claims": table,
        "figures": figs,
        "articles": articles,
        "places": pd.DataFrame(columns=schema.PLACES.column_names),
    }


REMAINING = (
    figure("a", 250000, "civilians", "remain", measure="stock", as_of="2016-11", as_of_end="2016-11-30",
           as_of_precision="month"),
    figure("b", 50000, "civilians", "remain", measure="stock", as_of="2016-12-14", claimant="the UN",
           claimant_kind="un", qualifier="at least"),
)  # fmt: skip


def test_a_stock_over_time_is_one_line_through_every_reports_point():
    t = tables_of(*REMAINING)
    rows = series.series_view(t)
    assert list(rows["value"]) == [250000, 50000]  # in date order
    assert list(rows["day"]) == ["2016-11-15", "2016-12-14"]  # a month's figure at its middle
    assert list(rows["badge"]) == ["", "UN"]
    fig = series.series_figure(t)
    line = next(tr for tr in fig.data if tr.mode == "lines" and tr.hoverinfo == "skip" and tr.name)
    assert list(line.y) == [250000, 50000]
    points = next(tr for tr in fig.data if tr.mode == "markers+text")
    assert list(points.text) == ["", "UN"]
    assert list(points.marker.symbol) == ["circle", "triangle-up"]  # "at least": an open bound
    spans = [tr for tr in fig.data if tr.mode == "lines" and tr.opacity == 0.25]
    assert spans and spans[0].x[:2] == ("2016-11-01T00:00:00", "2016-11-30T23:59:59")  # November, as a bar


def test_one_time_only_is_no_series_and_says_so():
    t = tables_of(REMAINING[1])
    assert series.series_view(t).empty
    fig = series.series_figure(t)
    assert not fig.data and "No running total" in fig.layout.annotations[0].text


def test_a_plan_is_no_point_of_what_happened():
    t = tables_of(REMAINING[0], {**REMAINING[1], "status": "planned"})
    assert series.series_view(t).empty  # a plan of 50,000 is not the count going down


def test_report_words_in_the_hover_are_escaped():
    t = tables_of(*REMAINING, quote='<img src=x onerror="alert(1)"> 50,000 remain')
    points = next(tr for tr in series.series_figure(t).data if tr.mode == "markers+text")
    assert all("<img" not in h and "&lt;img" in h for h in points.hovertext)


def test_the_series_that_weigh_most_are_drawn_first_and_no_more_than_the_limit():
    rows = [
        figure(f"r{i}", 1000 * (i + 1), subject, outcome, measure="stock", as_of=day)
        for i, (subject, outcome) in enumerate([("civilians", "remain")] * 2 + [("children", "trapped")] * 2)
        for day in ["2016-12-01" if i % 2 == 0 else "2016-12-20"]
    ]
    t = tables_of(*rows)
    assert series.series_view(t, limit=1)["series_id"].nunique() <= 1
