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
from dashboard.view import daterange, excerpts, filters, numbers, sql, viewstate
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


# ---------------------------------------------------------------- the app's look-ups by key


def test_same_pickers_bounds_and_link_checks(both):
    """The pickers' counts, the data's days, the latest reports and a link's ids, in SQL as in pandas."""
    tables, db = both
    whole = sql.Whole(db)
    assert db.data_days() == daterange.data_days(tables) == daterange.data_days(whole)
    for column, fill in (("subject", None), ("status", "occurred"), ("claimant_kind", "unattributed")):
        values = tables["figures"][column]
        expected = (values.fillna(fill) if fill else values.dropna()).value_counts()
        got = db.value_counts("figures", column, fill)
        assert dict(got) == dict(expected), column
        assert list(got) == sorted(got, reverse=True)  # most first
    arts = tables["articles"].sort_values("published", ascending=False, na_position="last", kind="stable")
    for limit in (1, 3, 1000):
        assert db.latest_reports(limit) == list(arts["article_id"].head(limit))
    some = [*tables["articles"]["article_id"].iloc[:2], "not-a-report"]
    assert db.known("articles", "article_id", some) == set(some[:2])
    assert db.known("places", "place_id", ["aleppo", "atlantis"]) == {"aleppo"} & set(
        tables["places"]["place_id"]
    )
    assert db.known("figures", "subject", []) == set()
    link = ViewState(
        places=("aleppo", "atlantis"), sources=(some[0], "gone"), subjects=("civilians", "unicorns"),
        claim="no-such-claim", report="gone", date_from=date(1990, 1, 1), date_to=date(2999, 1, 1),
    )  # fmt: skip
    assert viewstate.validate(link, whole) == viewstate.validate(link, tables)
    assert set(whole.loaded) <= SMALL  # the corpus-sized tables were not read whole


SMALL = {"places", "warnings", "geocode_cache"}  # the gazetteer's size, not the corpus's


def test_same_claim_figures_report_and_spans_from_rows_by_key(both):
    """A claim's figures and excerpts, a full report and a sentence's highlights read from only
    those reports' rows (Store.rows) are what the whole tables give."""
    tables, db = both
    for claim in tables["claims"]["claim_id"]:
        rows = db.rows(claim=claim)
        assert set(rows["articles"]["article_id"]) == set(
            tables["figures"].loc[tables["figures"]["claim_id"] == claim, "article_id"]
        )
        got, expected = numbers.claim_figures(rows, claim), numbers.claim_figures(tables, claim)
        pd.testing.assert_frame_equal(got, expected.astype(got.dtypes.to_dict()), check_index_type=False)
        for fig in expected.to_dict("records"):
            assert excerpts.figure_excerpt(rows, fig, _no_text) == excerpts.figure_excerpt(
                tables, fig, _no_text
            )
        assert rows["claims"]["claim_id"].isin([claim, *tables["claims"]["claim_id"]]).all()
    for aid in tables["articles"]["article_id"]:
        rows = db.rows([aid])
        assert excerpts.report_html(rows, aid, "text") == excerpts.report_html(tables, aid, "text")
        assert excerpts.spans_of(rows, aid) == excerpts.spans_of(tables, aid)
    ids = list(tables["articles"]["article_id"].iloc[:3])
    assert excerpts.spans_by_article(db.rows(ids), ids) == excerpts.spans_by_article(tables, ids)
    only = db.rows(ids[:1], only=("articles",))
    assert list(only) == ["articles"] and list(only["articles"]["article_id"]) == ids[:1]


def _no_text(article_id: str) -> None:
    return None
