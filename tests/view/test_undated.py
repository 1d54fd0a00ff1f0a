"""Reports with no publication date and no dated statement: no empty timeline row, named instead."""

from __future__ import annotations

from pathlib import Path

from dashboard import tables as store
from dashboard.view import filters, timeline
from dashboard.view.viewstate import ViewState

DATA = Path(__file__).resolve().parents[2] / "data"


def test_an_undated_report_is_listed_not_drawn_as_an_empty_row():
    t = filters.apply(store.read_tables(DATA), ViewState())
    arts = t["articles"]
    assert arts["published"].isna().any()  # the seeds hold two reports whose date no evidence gives
    # one of them with no dated statement either (the seeds' undated reports have a few of their
    # episode's days, basis 'episode': leave them out)
    no_date = arts.loc[arts["published"].isna(), "article_id"]
    t = {**t, "events": t["events"][t["events"]["article_id"] != no_date.iloc[0]]}
    undated = arts[arts["published"].isna() & ~arts["article_id"].isin(t["events"]["article_id"])]
    assert not undated.empty
    rows = timeline.timeline_figure(t, ViewState()).layout.yaxis.categoryarray
    assert len(rows) == len(arts) - len(undated)
    assert timeline.undated_reports(t) == [r.title or r.source_file for r in undated.itertuples()]


def test_a_dated_folder_lists_no_report_as_undated():
    t = filters.apply(store.read_tables(DATA), ViewState())
    dated = {**t, "articles": t["articles"][t["articles"]["published"].notna()]}
    assert timeline.undated_reports(dated) == []
