"""Dates from a URL kept within the data's days: far dates never reach the charts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.brief import command
from dashboard.view import daterange, filters, viewstate
from dashboard.view.viewstate import ViewState
from tests.app_fixtures import make_tables, use_corpus

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
LO, HI = date(2016, 12, 1), date(2016, 12, 31)  # the small corpus: December 2016 (a month event)

D = date.fromisoformat
CASES = [
    # query, expected (date_from, date_to, selected_days), notice words
    ("days=9999-12-31", (None, None, None), "Ignored 'days'"),
    ("days=0001-01-01", (None, None, None), "Ignored 'days'"),
    ("days=2016-12-14", (None, None, (D("2016-12-14"), D("2016-12-14"))), None),
    ("days=2016-11-01..9999-12-31", (None, None, (LO, HI)), None),
    ("from=9999-12-31", (HI, None, None), "outside the data's days"),
    ("to=0001-01-01", (None, LO, None), "outside the data's days"),
    ("from=0001-01-01&to=9999-12-31", (LO, HI, None), "outside the data's days"),
    ("from=2016-12-13&to=2016-12-14", (D("2016-12-13"), D("2016-12-14"), None), None),
]


@pytest.mark.parametrize("query,expected,notice", CASES)
def test_url_dates_are_kept_within_the_data(query, expected, notice):
    state, _ = viewstate.from_query(viewstate.parse_view(query)[0])
    state, notices = viewstate.validate(state, make_tables())
    assert (state.date_from, state.date_to, state.selected_days) == expected
    if notice:
        assert any(notice in n for n in notices), notices
    else:
        assert not notices


def test_tables_without_dates_keep_no_url_date():
    tables = filters.tables_or_empty({})
    state = ViewState(date_from=D("2016-12-13"), selected_days=(D("2016-12-13"), D("2016-12-13")))
    state, notices = daterange.clamp(state, tables)
    assert state.date_from is None and state.selected_days is None
    assert len(notices) == 2 and all("no dates" in n for n in notices)


def test_data_days_reads_days_and_months():
    assert daterange.data_days(make_tables()) == (LO, HI)


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    return use_corpus(tmp_path, monkeypatch)


@pytest.mark.parametrize("params", [{"days": "9999-12-31"}, {"from": "9999-12-31"}, {"to": "0001-01-01"}])
def test_far_dates_draw_every_panel_with_a_notice(corpus, params):
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert len(at.get("plotly_chart")) == 2
    assert any("days" in i.value for i in at.info)


def test_brief_of_a_far_day_exits_0_with_a_notice(corpus, tmp_path, capsys):
    data, seeds = corpus
    out = tmp_path / "brief"
    argv = ["--view", "days=9999-12-31", "--out", str(out), "--data", str(data), "--seeds", str(seeds)]
    assert command.main([*argv, "--html-only"]) == 0
    assert "notice: Ignored 'days' 9999-12-31" in capsys.readouterr().err
    assert out.with_suffix(".html").is_file()
