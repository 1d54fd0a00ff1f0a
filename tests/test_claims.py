"""Claims: figures from different reports grouped when they speak of the same thing."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import claims, schema


def figure(article: str, value: float | None, subject: str, outcome: str | None = None, **extra) -> dict:
    row = {c: None for c in schema.FIGURES.column_names}
    low, high = extra.pop("low", value), extra.pop("high", value)
    extra.setdefault("date", "2016-12-14")
    row.update(article_id=article, value=value, low=low, high=high, subject=subject, outcome=outcome, **extra)
    return row


def frame(*rows: dict) -> pd.DataFrame:
    df = pd.DataFrame(list(rows))
    counts: dict[str, int] = {}
    ids = []
    for aid in df["article_id"]:
        counts[aid] = counts.get(aid, 0) + 1
        ids.append(f"{aid}-f{counts[aid]:03d}")
    df["figure_id"] = ids
    df["start"] = range(len(df))
    return schema.enforce(df, schema.FIGURES)


def grouped(*rows: dict, **kw) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame]:
    df = frame(*rows)
    table, ids = claims.group_claims(df, **kw)
    return table, ids, df


def test_sources_that_agree_qualifiers_aside():
    table, ids, _ = grouped(
        figure("a", 82, "civilians", "killed", qualifier="at least", date="2016-12-13"),
        figure("b", 82, "people", "killed", date="2016-12-14"),
        figure("c", 82, "people", "killed", qualifier="at least", place_id="aleppo"),
        figure("d", 82, "civilians", "killed", qualifier="at least", place_id="aleppo"),
    )
    assert ids.nunique() == 1
    (claim,) = table.to_dict("records")
    assert claim["status"] == "agree"
    assert (claim["n_figures"], claim["n_sources"]) == (4, 4)
    assert claim["label"] == "at least 82 civilians killed"
    assert pd.isna(claim["qualifier"])  # the figures do not all share it
    assert (claim["place_id"], claim["date_min"], claim["date_max"]) == ("aleppo", "2016-12-13", "2016-12-14")


def test_sources_that_conflict():
    table, ids, _ = grouped(
        figure("a", 14000, "people", "want to leave"),
        figure("b", 15000, "people", "want to leave", place_id="aleppo"),
    )
    (claim,) = table.to_dict("records")
    assert claim["status"] == "conflict"
    assert claim["label"] == "14,000 or 15,000 people want to leave"
    assert (claim["value_min"], claim["value_max"]) == (14000, 15000)


def test_one_source_is_single():
    table, _, _ = grouped(figure("a", 6, "people", "killed"))
    assert table["status"].tolist() == ["single"]
    assert table["label"].tolist() == ["6 people killed"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (figure("a", 6000, "civilians", "left"), figure("b", 6000, "fighters", "left")),  # subject
        (figure("a", 6000, "people", "left"), figure("b", 6000, "people", "killed")),  # outcome
        (
            figure("a", 6000, "people", "left", place_id="foua"),
            figure("b", 6000, "people", "left", place_id="madaya"),
        ),
        (
            figure("a", 6000, "people", "left", date="2016-12-01"),
            figure("b", 6000, "people", "left"),
        ),  # dates
        (figure("a", 30, "people", None, unit="%"), figure("b", 30, "people", None)),  # unit
        (
            figure("a", 6, "people", "killed"),
            figure("b", 82, "people", "killed"),
        ),  # an order of magnitude apart
        (figure("a", 5, "buses", None), figure("b", 20, "buses", None)),  # no outcome: only equal numbers
        (
            figure("a", 6, "people", "killed"),
            figure("a", 8, "people", "killed"),
        ),  # a report does not contradict itself
        (
            figure("a", 5000, "people", "left"),
            figure("b", None, "people", "left", low=1000, high=9999),
        ),  # vague
    ],
)
def test_figures_that_speak_of_different_things(first, second):
    table, ids, _ = grouped(first, second)
    assert len(table) == 2
    assert ids.nunique() == 2


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            figure("a", 6000, "people", "left", place_id="foua"),
            figure("b", 6000, "people", "left"),
        ),  # one place
        (figure("a", 6000, "people", "left", date=None), figure("b", 6000, "people", "left")),  # one date
        (
            figure("a", 6000, "people", "left", date="2016-12-11"),
            figure("b", 6000, "people", "left"),
        ),  # 3 days
        (figure("a", 9, "buses", None), figure("b", 9, "buses", None)),
        (
            figure("a", None, "civilians", None, low=1000, high=9999),
            figure("b", None, "people", None, low=10000, high=99999),
        ),  # vague with vague
    ],
)
def test_figures_that_speak_of_the_same_thing(first, second):
    table, ids, _ = grouped(first, second)
    assert len(table) == 1
    assert ids.nunique() == 1


def test_a_figure_joins_the_claim_with_its_number():
    table, ids, df = grouped(
        figure("a", 6, "people", "killed"),
        figure("a", 82, "people", "killed"),
        figure("b", 82, "civilians", "killed", qualifier="at least"),
        figure("c", 7, "people", "killed"),
    )
    by_value = dict(zip(df["value"], ids, strict=True))
    assert by_value[82.0] == ids[df["article_id"] == "b"].iloc[0]
    assert by_value[7.0] == by_value[6.0]
    assert sorted(table["n_sources"]) == [2, 2]


def test_district_and_city_with_place_parents():
    rows = (
        figure("a", 82, "people", "killed", place_id="eastern_aleppo"),
        figure("b", 82, "civilians", "killed", place_id="aleppo"),
    )
    assert len(grouped(*rows)[0]) == 2
    table, _, _ = grouped(*rows, place_parent={"eastern_aleppo": "aleppo", "aleppo": "aleppo_province"})
    assert table["n_sources"].tolist() == [2]


def test_vague_label_and_bounds():
    table, _, _ = grouped(
        figure("a", None, "civilians", None, low=1000, high=9999, qualifier="thousands of"),
        figure("b", None, "civilians", None, low=1000, high=9999, qualifier="thousands of"),
    )
    (claim,) = table.to_dict("records")
    assert claim["label"] == "thousands of civilians"
    assert (claim["value_min"], claim["value_max"], claim["status"]) == (1000, 9999, "agree")
    assert claim["qualifier"] == "thousands of"


def test_unit_labels():
    table, _, _ = grouped(
        figure("a", 2.5, "enclave", None, unit="sq km"),
        figure("b", 30, "people", "left", unit="%"),
    )
    assert sorted(table["label"]) == ["2.5 sq km (enclave)", "30% of people left"]


def test_every_figure_gets_a_claim_aligned_to_the_index():
    df = frame(figure("a", 1, "people", "killed"), figure("b", None, "people", None, low=100, high=999))
    df.index = [10, 20]
    table, ids = claims.group_claims(df)
    assert ids.index.tolist() == [10, 20]
    assert ids.notna().all()
    assert set(ids) == set(table["claim_id"])
    assert schema.enforce(table, schema.CLAIMS).equals(table)


def test_ids_are_deterministic_and_independent_of_row_order():
    rows = [
        figure("a", 82, "civilians", "killed"),
        figure("b", 82, "people", "killed"),
        figure("c", 14000, "people", "want to leave"),
        figure("d", 15000, "people", "want to leave"),
        figure("e", 6, "people", "killed"),
    ]
    df = frame(*rows)
    table1, ids1 = claims.group_claims(df)
    shuffled = df.sample(frac=1, random_state=3)
    table2, ids2 = claims.group_claims(shuffled)
    assert table1.equals(table2)
    assert ids1.equals(ids2.loc[ids1.index])
    assert len(set(table1["claim_id"])) == len(table1)


def test_empty():
    table, ids = claims.group_claims(schema.FIGURES.empty())
    assert table.empty and list(table.columns) == schema.CLAIMS.column_names
    assert ids.empty
