"""The table view's rows and the search over the excerpts (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard import tables as store
from dashboard.view import table_view

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def seeds_tables():
    if not (ROOT / "data" / "articles.csv").is_file():
        pytest.skip("data/ is not built")
    return store.read_tables(ROOT / "data")


def test_figure_rows_say_status_claimant_date_place_quote(seeds_tables):
    rows = table_view.figure_rows(seeds_tables)
    assert list(rows.columns) == [*table_view.FIGURE_COLUMNS, "article_id"]
    assert len(rows) == len(seeds_tables["figures"])
    killed = rows[rows["figure"] == "at least 82 civilians killed"]
    assert not killed.empty
    first = killed.iloc[0]
    assert first["status"] == "occurred" and "reports agree" in first["claim"]
    assert first["date"].startswith("2016-12") and first["quote"]
    assert set(rows["status"]) <= {
        "occurred",
        "planned",
        "expected",
        "possible",
        "demanded",
        "denied",
        "did not happen",
    }


def test_claim_rows_are_ranked_by_reports(seeds_tables):
    rows = table_view.claim_rows(seeds_tables)
    assert list(rows.columns) == table_view.CLAIM_COLUMNS and len(rows) == len(seeds_tables["claims"])
    assert rows["reports"].is_monotonic_decreasing
    assert rows.iloc[0]["verdict"] in {"reports agree", "reports disagree"}


TERMS = [
    ("words", "evacuated Idlib", ["evacuated", "idlib"]),
    ("a phrase in quotes", '"at least 82" killed', ["at least 82", "killed"]),
    ("spaces folded", "  Foua   ", ["foua"]),
    ("nothing", "", []),
]


@pytest.mark.parametrize("case, query, expected", TERMS, ids=[c[0] for c in TERMS])
def test_search_terms(case, query, expected):
    assert table_view.terms(query) == expected


def test_search_rows_needs_every_term():
    rows = pd.DataFrame({"figure": ["5,000 people evacuated", "82 killed"], "place": ["Idlib", "Aleppo"],
                         "article_id": ["idlib", "x"]})  # fmt: skip
    assert list(table_view.search_rows(rows, "evacuated idlib")["figure"]) == ["5,000 people evacuated"]
    assert table_view.search_rows(rows, "evacuated aleppo").empty
    assert len(table_view.search_rows(rows, "")) == 2
    assert table_view.search_rows(rows, "x").empty  # ids are not searched


MARKS = [
    ("plain", "Aid reached Foua.", ["foua"], 'Aid reached <mark class="cd-found">Foua</mark>.'),
    ("escaped first", "<script>alert(1)</script> Foua", ["foua"],
     '&lt;script&gt;alert(1)&lt;/script&gt; <mark class="cd-found">Foua</mark>'),
    ("a term is no markup", "a <b> tag", ["<b>"], 'a <mark class="cd-found">&lt;b&gt;</mark> tag'),
    ("never inside an entity", "Tom & Jerry", ["amp"], "Tom &amp; Jerry"),
    ("every occurrence, any case", "Evacuation; evacuated", ["evacuat"],
     '<mark class="cd-found">Evacuat</mark>ion; <mark class="cd-found">evacuat</mark>ed'),
    ("the longer term first", "at least 82", ["at", "at least"], '<mark class="cd-found">at least</mark> 82'),
]  # fmt: skip


@pytest.mark.parametrize("case, text, wanted, expected", MARKS, ids=[c[0] for c in MARKS])
def test_mark_escapes_then_marks(case, text, wanted, expected):
    assert table_view.mark(text, wanted) == expected


def test_search_over_the_excerpts(seeds_tables):
    found, total = table_view.search_excerpts(seeds_tables, "evacuat Foua")
    assert total >= 1 and len(found) == total
    assert all('<mark class="cd-found">' in m.html and "Foua" in m.html for m in found)
    assert len({(m.article_id, m.start) for m in found}) == total  # each sentence once
    few, total_again = table_view.search_excerpts(seeds_tables, "evacuat", limit=2)
    assert len(few) == 2 and total_again > 2
    assert table_view.search_excerpts(seeds_tables, "") == ([], 0)
    assert table_view.search_excerpts(seeds_tables, "zzzz-nowhere")[1] == 0
