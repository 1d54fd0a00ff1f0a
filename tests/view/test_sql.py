"""The DuckDB path (view/sql.py) and the pandas path (view/filters.py) give the same panels for a
table of views: the narrowed tables, the map's counts, the timeline's days, the ranked claims, the
headline counts and the numbers panel, over the committed tables and a synthetic corpus of 40 reports."""

from __future__ import annotations

import random
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard import schema
from dashboard import tables as store
from dashboard.extract import pipeline
from dashboard.view import filters, numbers, sql
from dashboard.view.panels import panels
from dashboard.view.viewstate import ViewState
from tests.synthetic import bench_extract

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", params=["seeds", "synthetic"])
def built(request, tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("corpus")
    for path in (ROOT / "seeds").iterdir():
        shutil.copy(path, corpus / path.name)
    if request.param == "synthetic":
        bench = bench_extract()
        rng, paras = random.Random(11), bench.seed_paragraphs()
        for n in range(40):
            (corpus / f"s{n:03d}.txt").write_text(bench.synthetic_report(rng, paras, n), encoding="utf-8")
    out = tmp_path_factory.mktemp("data")
    pipeline.build(corpus, out, progress=False)
    return out


def _claim(t, most: bool) -> str:
    c = t["claims"].sort_values(["n_figures", "claim_id"], ascending=[not most, True])
    return str(c["claim_id"].iloc[0])


# (case, the view as narrow's keywords, made from the tables at hand)
VIEWS = [
    ("nothing", lambda t: {}),
    ("a city and its districts", lambda t: {"places": ["aleppo"]}),
    ("two places", lambda t: {"places": ["foua", "kefraya"]}),
    ("a place no row names", lambda t: {"places": ["nowhere"]}),
    ("from a day", lambda t: {"days": (date(2016, 12, 15), None)}),
    ("up to a day", lambda t: {"days": (None, date(2016, 12, 14))}),
    ("one day", lambda t: {"days": (date(2016, 12, 16), date(2016, 12, 16))}),
    ("two sources", lambda t: {"sources": list(t["articles"]["article_id"].iloc[:2])}),
    ("a subject", lambda t: {"subjects": ["civilians"]}),
    ("two subjects", lambda t: {"subjects": ["people", "buses"]}),
    ("the claim of most figures", lambda t: {"claims": [_claim(t, True)]}),
    ("a claim of one figure", lambda t: {"claims": [_claim(t, False)]}),
    ("a place and days", lambda t: {"places": ["aleppo"], "days": (date(2016, 12, 15), date(2016, 12, 20))}),
    (
        "a subject and days (claims restated)",
        lambda t: {"subjects": ["civilians"], "days": (date(2016, 12, 16), None)},
    ),
    ("figures planned or expected", lambda t: {"statuses": ["planned", "expected"]}),
    (
        "what happened, by the UN or no one named",
        lambda t: {"statuses": ["occurred"], "claimant_kinds": ["un", "unattributed"]},
    ),
    (
        "said by a government, in days",
        lambda t: {"claimant_kinds": ["government"], "days": (date(2016, 12, 14), None)},
    ),
    (
        "a source and a place",
        lambda t: {"sources": list(t["articles"]["article_id"].iloc[:1]), "places": ["idlib"]},
    ),
]
IDS = [case for case, _ in VIEWS]


@pytest.fixture(scope="module")
def both(built):
    return store.read_tables(built), sql.Store(built)


@pytest.mark.parametrize(("case", "view"), VIEWS, ids=IDS)
def test_same_tables_counts_days_and_claims(both, case, view):
    tables, db = both
    kw = view(tables)
    expected = filters.narrow(tables, **kw)
    with db.narrow(sql.criteria(**kw)) as got:
        for name in schema.TABLES:
            pd.testing.assert_frame_equal(got.tables()[name], expected[name].reset_index(drop=True), obj=name)
        assert got.counts() == numbers.counts(expected)
        places = expected["places"][["place_id", "n_articles", "n_mentions", "n_figures"]]
        pd.testing.assert_frame_equal(got.map_counts(), places.reset_index(drop=True))
        evs = expected["events"]
        evs = evs[(evs["date_precision"] == "day").fillna(False) & evs["date"].notna()]
        days = evs.groupby("date").agg(n_events=("article_id", "size"), n_reports=("article_id", "nunique"))
        pd.testing.assert_frame_equal(
            got.timeline_days(), days.reset_index().astype({"n_events": "Int64", "n_reports": "Int64"})
        )
        opened = kw["claims"][0] if "claims" in kw else _claim(tables, False)
        for limit in (None, 3):
            pd.testing.assert_frame_equal(
                got.ranked_claims(opened, limit), numbers.rank_claims(expected["claims"], opened, limit)
            )


def _state(kw: dict) -> ViewState:
    first, last = kw.get("days", (None, None))
    return ViewState(
        places=tuple(kw.get("places", ())), date_from=first, date_to=last,
        sources=tuple(kw.get("sources", ())), subjects=tuple(kw.get("subjects", ())),
        statuses=tuple(kw.get("statuses", ())), claimants=tuple(kw.get("claimant_kinds", ())),
    )  # fmt: skip


@pytest.mark.parametrize(("case", "view"), VIEWS, ids=IDS)
def test_same_panels(both, case, view):
    tables, db = both
    kw = view(tables)
    if "claims" in kw:
        kw.pop("claims")  # a claim is a selection, not a filter: focus() narrows to it in both paths
    by_pandas, by_sql = panels(tables, _state(kw)), panels(tables, _state(kw), store=db)
    for name in schema.TABLES:
        pd.testing.assert_frame_equal(
            by_sql.filtered[name].reset_index(drop=True), by_pandas.filtered[name].reset_index(drop=True)
        )
    pd.testing.assert_frame_equal(by_sql.claims(), by_pandas.claims())
    assert by_sql.headline() == by_pandas.headline()
    assert by_sql.sentences(40) == by_pandas.sentences(40)


def test_large_folders_want_sql(built, monkeypatch):
    assert not sql.wanted(built)  # a few reports: pandas
    monkeypatch.setattr(sql, "SQL_FROM_REPORTS", 1)
    assert sql.wanted(built)
    assert not sql.wanted(built / "nothing-here")
