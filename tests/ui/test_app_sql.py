"""The app on Parquet-only tables past view/sql.py's SQL_FROM_REPORTS (lowered to 1 here, so the
committed seeds' reports count as a large corpus): it runs, opens a claim and a report, checks a
link's ids, and reads no table whole (the lazy sql.Whole reads only the gazetteer-sized ones)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import streamlit as st

from dashboard import tables as store
from dashboard.extract import pipeline
from dashboard.ui import loaders
from dashboard.view import sql
from tests.app_fixtures import run_app

ROOT = Path(__file__).resolve().parents[2]
SMALL = {"places", "warnings", "geocode_cache"}  # the gazetteer's size, not the corpus's


@pytest.fixture(scope="module")
def parquet_only(tmp_path_factory) -> tuple[Path, Path]:
    seeds = tmp_path_factory.mktemp("seeds")
    for path in (ROOT / "seeds").iterdir():
        shutil.copy(path, seeds / path.name)
    data = tmp_path_factory.mktemp("data") / "data"
    pipeline.build(seeds, data, progress=False)
    for csv in data.glob("*.csv"):
        csv.unlink()
    return data, seeds


@pytest.fixture
def large(parquet_only, monkeypatch):
    data, seeds = parquet_only
    monkeypatch.setenv(loaders.DATA_ENV, str(data))
    monkeypatch.setenv(loaders.SEEDS_ENV, str(seeds))
    monkeypatch.setattr(sql, "SQL_FROM_REPORTS", 1)
    st.cache_resource.clear()
    st.cache_data.clear()

    def refused(*args, **kwargs):
        raise AssertionError("a table was read whole")

    for name in ("read_tables", "read_table", "read_parquet"):
        monkeypatch.setattr(store, name, refused)
    whole: list[str] = []
    real = sql.Store.table_whole

    def table_whole(self, name):
        whole.append(name)
        return real(self, name)

    monkeypatch.setattr(sql.Store, "table_whole", table_whole)
    yield data, whole
    st.cache_resource.clear()


def test_the_app_runs_in_sql_reading_no_table_whole(large):
    data, whole = large
    at = run_app()
    assert at.markdown and "5 reports" in at.markdown[0].value
    assert at.multiselect(key="f_places").options  # the pickers are filled
    assert at.multiselect(key="f_subjects").options
    assert set(whole) <= SMALL, whole


def test_a_link_with_a_claim_a_report_and_unknown_ids(large):
    data, whole = large
    db = sql.Store(data)
    with db.narrow(sql.criteria()) as every:
        claim = every.ranked_claims(limit=1)["claim_id"].iloc[0]  # listed first: its figures are drawn
    report = db.latest_reports(1)[0]
    at = run_app({"claim": claim, "report": report, "place": "atlantis", "source": "gone"})
    notes = " ".join(i.value for i in at.info)
    assert "atlantis" in notes and "gone" in notes  # the link's unknown ids are named
    assert at.query_params["claim"] == claim and at.query_params["report"] == report  # both known
    assert set(whole) <= SMALL, whole
