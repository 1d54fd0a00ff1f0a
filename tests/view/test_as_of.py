"""When a key number holds, at its precision: the cards and the brief's key-numbers table say it
('15 Dec', 'Dec 2016', 'date unknown'), and a planned figure says it is planned."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard.brief import page as brief_page
from dashboard.view import numbers, viewstate
from tests import app_fixtures


def _figs(*rows) -> pd.DataFrame:
    rows = [(*r, "sentence") if len(r) == 3 else r for r in rows]
    return pd.DataFrame(rows, columns=["as_of", "as_of_end", "as_of_precision", "as_of_basis"])


# figures' (as_of, as_of_end, as_of_precision) -> the words
CASES = [
    ("one day", [("2016-12-15", "2016-12-15", "day")], "15 Dec"),
    ("two days of one month", [("2016-12-13", None, "day"), ("2016-12-15", None, "day")], "13–15 Dec"),
    ("a span", [("2016-12-13", "2016-12-14", "span")], "13–14 Dec"),
    ("across months", [("2016-11-30", None, "day"), ("2016-12-02", None, "day")], "30 Nov – 2 Dec"),
    ("across years", [("2016-12-30", None, "day"), ("2017-01-02", None, "day")], "30 Dec 2016 – 2 Jan 2017"),
    ("a month", [("2016-12", "2016-12-31", "month")], "Dec 2016"),
    ("a month and a day in it: the month", [("2016-12", None, "month"), ("2016-12-15", None, "day")], "Dec 2016"),
    ("two months", [("2016-11", None, "month"), ("2016-12", None, "month")], "Nov – Dec 2016"),
    ("a week", [("2016-12-12", "2016-12-18", "week")], "week of 12 Dec"),
    ("a year", [("2016", None, "year")], "2016"),
    ("no date", [(None, None, None)], "date unknown"),
    ("no figure", [], "date unknown"),
    ("some undated", [("2016-12-15", None, "day"), (None, None, None)], "15 Dec (1 of 2 undated)"),
    ("not a date", [("soon", None, "day")], "date unknown"),
    # a figure dated only by its episode's weeks joins a claim by its number: the day is the dated ones'
    ("a day and an episode's weeks", [("2016-12-13", None, "day"), ("2016-12-06", "2016-12-28", "span", "episode")], "13 Dec"),
    ("only an episode's weeks", [("2016-12-06", "2016-12-28", "span", "episode")], "6–28 Dec"),
]  # fmt: skip


@pytest.mark.parametrize("case, rows, expected", CASES, ids=[c[0] for c in CASES])
def test_as_of_words(case, rows, expected):
    assert numbers.as_of_words(_figs(*rows)) == expected


@pytest.mark.parametrize(
    "as_of, phrase", [("15 Dec", "as of 15 Dec"), ("Dec 2016", "as of Dec 2016"), ("", "date unknown"),
                      ("date unknown", "date unknown")]
)  # fmt: skip
def test_as_of_phrase(as_of, phrase):
    assert numbers.as_of_phrase(as_of) == phrase


def _dated_tables():
    """The fixture corpus with its figures dated at several precisions and one claim planned."""
    t = {k: v.copy() for k, v in app_fixtures.make_tables().items()}
    f = t["figures"]
    f["as_of"] = f["date"]
    f["as_of_end"] = None
    f["as_of_precision"] = ["month" if len(str(d)) == 7 else "day" for d in f["date"]]
    f.loc[f["claim_id"] == "c-fighters", ["as_of", "as_of_precision"]] = ["2016-12", "month"]
    f.loc[f["claim_id"] == "c-killed", ["as_of", "as_of_precision"]] = [None, None]
    t["claims"]["figure_status"] = "occurred"
    t["claims"].loc[t["claims"]["claim_id"] == "c-foua", "figure_status"] = "planned"
    return t


def test_headline_cards_say_when_and_flag_a_plan():
    cards = {c["value"]: c for c in numbers.headline(_dated_tables(), n=10)}
    assert cards["40,000–50,000"]["when"] == "as of 13–15 Dec"  # two reports, two days
    assert cards["about 3,000"]["when"] == "as of Dec 2016"
    assert cards["at least 82"]["when"] == "date unknown"
    assert cards["some 15,000"]["flag"] == "planned"
    assert cards["about 3,000"]["flag"] == ""
    assert "as of Dec 2016" in cards["about 3,000"]["help"]


def test_the_briefs_key_numbers_say_when_and_flag_a_plan():
    params, link = viewstate.parse_view("")
    state, _ = viewstate.from_query(params)
    text = brief_page.brief_html(_dated_tables(), state, link=link)

    def row(label: str) -> str:
        return re.search(rf"<tr>(?:(?!</tr>).)*{re.escape(label)}.*?</tr>", text, re.S).group(0)

    assert '<div class="when">as of Dec 2016</div>' in row("about 3,000 fighters evacuated")
    assert '<div class="when">date unknown</div>' in row("at least 82 civilians killed")
    assert '<div class="when">as of 13–15 Dec</div>' in row("40,000–50,000 civilians remain")
    assert 'class="badge planned">planned</span>' in row("some 15,000 people evacuated")
