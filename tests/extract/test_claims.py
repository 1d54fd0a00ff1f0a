"""Claims: figures grouped when they measure the same quantity, and whether the reports agree.

Case tables: pairs of figures that measure the same quantity, pairs that do not (a plan and what
happened, November and December, two convoys on two days …), and how reports agree or conflict."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import schema
from dashboard.extract import claims


def figure(article: str, value: float | None, subject: str, outcome: str | None = None, **extra) -> dict:
    row = {c: None for c in schema.FIGURES.column_names}
    low, high = extra.pop("low", value), extra.pop("high", value)
    extra.setdefault("as_of", "2016-12-14")
    extra.setdefault("as_of_basis", "sentence")
    extra.setdefault("status", "occurred")
    extra.setdefault("measure", "flow" if outcome else "stock")
    extra.setdefault("kind", "count")
    row.update(article_id=article, value=value, low=low, high=high, subject=subject, outcome=outcome, **extra)
    row["date"] = row["as_of"] if row["as_of"] is None or len(row["as_of"]) == 10 else row["as_of"] + "-01"
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


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (figure("a", 6000, "civilians", "left"), figure("b", 6000, "fighters", "left")),  # subject
        (figure("a", 6000, "people", "left"), figure("b", 6000, "people", "killed")),  # outcome
        (figure("a", 6000, "people", "left", place_id="foua"), figure("b", 6000, "people", "left", place_id="madaya")),
        # two flows on different days: two convoys, two claims
        (figure("a", 500, "people", "left", as_of="2016-12-15"), figure("b", 800, "people", "left", as_of="2016-12-16")),
        # a stock in November and a stock in December: two points of one series, not a conflict
        (figure("a", 250000, "civilians", "remain", measure="stock", as_of="2016-11", as_of_end="2016-11-30",
                as_of_precision="month"),
         figure("b", 50000, "civilians", "remain", measure="stock", as_of="2016-12-14")),
        # a plan never agrees or conflicts with what happened
        (figure("a", 15000, "people", "evacuated", status="planned"), figure("b", 15000, "people", "evacuated")),
        (figure("a", 15000, "people", "evacuated", measure="total"), figure("b", 15000, "people", "evacuated")),
        (figure("a", 30, "people", None, unit="%"), figure("b", 30, "people", None)),  # unit
        (figure("a", 6, "people", "killed"), figure("b", 82, "people", "killed")),  # an order of magnitude apart
        (figure("a", 5, "buses", None), figure("b", 20, "buses", None)),  # no outcome: only equal numbers
        (figure("a", 6, "people", "killed"), figure("a", 8, "people", "killed")),  # a report does not contradict itself
        (figure("a", 82, "people", "killed", as_of=None), figure("b", 82, "people", "killed")),  # undated
        # a figure that says nothing of what happened joins only on an exact equal number
        (figure("a", None, "civilians", None, low=1000, high=9999), figure("b", None, "civilians", "killed", low=1000, high=9999)),
        (figure("a", 150000, "citizens", None), figure("b", 140000, "people", "displaced")),
        (figure("a", 150000, "citizens", None), figure("b", 150000, "people", "displaced", status="planned")),
        (figure("a", 150000, "citizens", None), figure("b", 150000, "people", "displaced", as_of="2016-12-20")),
        (figure("a", 6000, "syrians", "left"), figure("b", 6000, "fighters", "left")),  # nationals are not fighters
        # ranges an order of magnitude apart: one convoy and the whole evacuation
        (figure("a", None, "fighters", "evacuated", low=400, high=500), figure("b", None, "fighters", "evacuated", low=10000, high=15000)),
        # a flow with no time words is no running total three times its size
        (figure("a", 600, "fighters", "left", as_of_basis="report_date"),
         figure("b", 2000, "fighters", "left", measure="total", as_of="2016-12-13", as_of_end="2016-12-14", as_of_precision="span")),
        # an undated report's figure holds for its episode's weeks: it joins only the same number
        (figure("a", 500, "people", "left", as_of="2016-12-01", as_of_end="2016-12-28", as_of_basis="episode"),
         figure("b", 800, "people", "left", as_of="2016-12-15")),
    ],
)  # fmt: skip
def test_figures_that_measure_different_things(first, second):
    table, ids, _ = grouped(first, second)
    assert len(table) == 2 and ids.nunique() == 2


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (figure("a", 6000, "people", "left", place_id="foua"), figure("b", 6000, "people", "left")),  # one place
        (figure("a", 6000, "civilians", "left"), figure("b", 6000, "people", "left")),  # civilians are people
        (figure("a", 600, "deaths", "dead"), figure("b", 600, "people", "killed")),  # deaths are the killed
        # a statement with no time words holds for its report's day or the day before
        (figure("a", 82, "people", "killed", as_of="2016-12-13"),
         figure("b", 82, "people", "killed", as_of="2016-12-14", as_of_basis="report_date")),
        # or dated only by its saying ("… have fled, a spokesman said on Sunday"): the saying's day or the day before
        (figure("a", 3000, "civilians", "left", as_of="2016-12-13"),
         figure("b", 3100, "civilians", "left", as_of="2016-12-14", as_of_basis="said")),
        # a day inside a span
        (figure("a", 6000, "people", "left", as_of="2016-12-13", as_of_end="2016-12-14", as_of_precision="span"),
         figure("b", 6000, "people", "left", as_of="2016-12-14")),
        (figure("a", 9, "buses", None), figure("b", 9, "buses", None)),
        (figure("a", None, "civilians", None, low=1000, high=9999), figure("b", None, "people", None, low=10000, high=99999)),
        (figure("a", 15000, "people", "evacuated", status="possible"), figure("b", 15000, "people", "evacuated", status="expected")),
        # "the displacement of more than 150 thousand citizens" and "150,000 people displaced"
        (figure("a", 150000, "citizens", None), figure("b", 150000, "people", "displaced")),
        (figure("a", 30000, "civilians", None, measure="stock"), figure("b", 30000, "people", "displaced", measure="total")),
        (figure("a", 31000, "syrians", "left"), figure("b", 31000, "people", "left")),  # a nationality counts people
        (figure("a", 800000, "south sudanese", None), figure("b", 800000, "refugees", "returned")),
        (figure("a", 150000, "people", "left"), figure("b", 150000, "people", "displaced")),  # fled = displaced
        (figure("a", 600, "people", "dead"), figure("b", 600, "people", "killed")),  # "600 dead": people dead
        (figure("a", 1343, "injured", "wounded"), figure("b", 1343, "people", "wounded")),  # the injured are people
        (figure("a", 500, "people", "left", as_of="2016-12-01", as_of_end="2016-12-28", as_of_basis="episode"),
         figure("b", 500, "people", "left", as_of="2016-12-15")),
        # "killed more than 900" and "the death toll reached 937"
        (figure("a", 900, "people", "killed", qualifier="more than", as_of_basis="report_date"),
         figure("b", 937, "people", "killed", measure="total", as_of_basis="report_date")),
    ],
)  # fmt: skip
def test_figures_that_measure_the_same_thing(first, second):
    table, ids, _ = grouped(first, second)
    assert len(table) == 1 and ids.nunique() == 1


@pytest.mark.parametrize(
    ("first", "second", "status"),
    [
        (figure("a", 82, "civilians", "killed", qualifier="at least"), figure("b", 82, "people", "killed"), "agree"),
        (figure("a", 15000, "people", "evacuated", qualifier="about"), figure("b", 15000, "people", "evacuated"), "agree"),
        (figure("a", 15000, "people", "evacuated", qualifier="about"), figure("b", 14500, "people", "evacuated"), "agree"),
        (figure("a", 90, "people", "killed", qualifier="at least"), figure("b", 82, "people", "killed"), "conflict"),
        (figure("a", 14000, "people", "want to leave"), figure("b", 15000, "people", "want to leave"), "conflict"),
        (figure("a", None, "people", "left", low=1000, high=9999, qualifier="thousands of"),
         figure("b", 5000, "people", "left"), "agree"),
        # a rounded decimal of a scale holds what rounds to it: 1.85 million is "1.8 million"
        (figure("a", 1800000, "people", "affected", text="1.8 million people"),
         figure("b", 1850000, "people", "affected", text="1.85 million"), "agree"),
        (figure("a", 1800000, "people", "affected", text="1.8 million people"),
         figure("b", 1900000, "people", "affected", text="1.9 million"), "conflict"),
        (figure("a", 82, "people", "killed", text="82 people"), figure("b", 83, "people", "killed", text="83"), "conflict"),
    ],
)  # fmt: skip
def test_agree_or_conflict(first, second, status):
    if first["value"] is None or second["value"] is None:
        first = {**first, "value": None} if first["value"] is None else first
    table, ids, _ = grouped(first, second)
    if len(table) == 1:
        assert table["status"].iloc[0] == status
        assert status in ("agree", "conflict")
        assert table["why"].iloc[0].startswith("2 reports")
    else:  # exact and vague amounts are kept apart: no verdict between them
        assert status == "agree"


def test_an_unspecific_figure_joins_no_claim_where_two_fit():
    # "150,000 citizens" could be the displaced or the besieged: no guess
    table, ids, _ = grouped(
        figure("a", 150000, "citizens", None),
        figure("b", 150000, "people", "displaced"),
        figure("c", 150000, "people", "besieged", measure="stock"),
    )
    assert ids.iloc[0] not in (ids.iloc[1], ids.iloc[2])


def test_a_claim_says_why_and_who():
    table, _, _ = grouped(
        figure(
            "a",
            14000,
            "people",
            "want to leave",
            place_id="aleppo",
            claimant="a media unit",
            claimant_kind="other",
        ),
        figure("b", 15000, "people", "want to leave", claimant="the UN", claimant_kind="un"),
    )
    (claim,) = table.to_dict("records")
    assert claim["why"] == "2 reports, same day (2016-12-14), same place (aleppo); values 14,000 vs 15,000"
    assert claim["claimants"] == "a media unit; the UN"
    assert claim["claimant_kinds"] == "other; un"
    assert claim["label"] == "14,000 or 15,000 people want to leave"
    assert (claim["value_min"], claim["value_max"]) == (14000, 15000)


def test_one_source_is_single():
    table, _, _ = grouped(figure("a", 6, "people", "killed"))
    assert table["status"].tolist() == ["single"]
    assert table["label"].tolist() == ["6 people killed"]
    assert table["why"].tolist() == ["one report"]


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
    table, _, _ = grouped(*rows, place_parent=PARENTS, place_kind=KINDS)
    assert table["n_sources"].tolist() == [2]


PARENTS = {"eastern_aleppo": "aleppo", "aleppo": "aleppo_province", "aleppo_province": "syria"}
KINDS = {"eastern_aleppo": "district", "aleppo": "city", "aleppo_province": "region", "syria": "country"}


@pytest.mark.parametrize(
    ("first", "second", "claims", "statuses"),
    [
        # a district and its town are one place: the numbers agree or conflict
        ("eastern_aleppo", "aleppo", 1, ["conflict"]),
        # a town and its country: different numbers are two counts, no conflict
        ("aleppo", "syria", 2, ["single", "single"]),
        ("eastern_aleppo", "syria", 2, ["single", "single"]),
        ("aleppo", "aleppo_province", 2, ["single", "single"]),
    ],
)
def test_different_numbers_conflict_only_within_one_town(first, second, claims, statuses):
    table, _, _ = grouped(
        figure("a", 82, "people", "killed", place_id=first),
        figure("b", 200, "people", "killed", place_id=second),
        place_parent=PARENTS,
        place_kind=KINDS,
    )
    assert len(table) == claims and sorted(table["status"]) == statuses


@pytest.mark.parametrize("country_level", ["syria", "aleppo_province"])
def test_the_same_number_for_a_town_and_its_country_agrees(country_level):
    table, _, _ = grouped(
        figure("a", 82, "civilians", "killed", place_id="eastern_aleppo"),
        figure("b", 82, "people", "killed", place_id=country_level),
        place_parent=PARENTS,
        place_kind=KINDS,
    )
    assert table["status"].tolist() == ["agree"]


def test_stocks_of_one_quantity_over_time_are_a_series():
    table, _, _ = grouped(
        figure("a", 250000, "civilians", "remain", measure="stock", as_of="2016-11", as_of_end="2016-11-30"),
        figure("b", 50000, "civilians", "remain", measure="stock", as_of="2016-12-14", place_id="aleppo"),
        figure("c", 40000, "civilians", "remain", measure="stock", as_of="2016-12-16", place_id="aleppo"),
        figure("d", 500, "people", "left", as_of="2016-12-15"),  # a flow: no series
    )
    series = table.dropna(subset=["series_id"])
    assert len(series) == 3 and series["series_id"].nunique() == 1
    assert table.loc[table["outcome"] == "left", "series_id"].isna().all()


def test_key_numbers_weigh_what_matters():
    table, _, _ = grouped(
        figure("a", 6000, "civilians", "evacuated"),
        figure("b", 2, "villages", "besieged", kind="enumeration"),
        figure("c", 3, "member states", None, measure="other"),
        figure("d", 15000, "people", "evacuated", status="planned"),
    )
    by_label = dict(zip(table["label"], table["weight"], strict=True))
    assert (
        by_label["6,000 civilians evacuated"]
        > by_label["15,000 people evacuated"]
        > by_label["3 member states"]
    )
    assert by_label["2 villages besieged"] == 0
    assert table.set_index("label").loc["15,000 people evacuated", "figure_status"] == "planned"


def test_vague_label_and_bounds():
    table, _, _ = grouped(
        figure("a", None, "civilians", None, low=1000, high=9999, qualifier="thousands of"),
        figure("b", None, "civilians", None, low=1000, high=9999, qualifier="thousands of"),
    )
    (claim,) = table.to_dict("records")
    assert claim["label"] == "thousands of civilians"
    assert (claim["value_min"], claim["value_max"], claim["status"]) == (1000, 9999, "agree")


def test_unit_labels():
    table, _, _ = grouped(
        figure("a", 2.5, "enclave", None, unit="sq km", measure="other"),
        figure("b", 30, "people", "left", unit="%", measure="other"),
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


def test_running_totals_from_different_days_are_two_quantities():
    since_january = figure(
        "a",
        137070,
        "people",
        "displaced",
        measure="total",
        as_of="2018-01-20",
        as_of_end="2018-03-29",
        as_of_precision="span",
    )
    since_yesterday = figure(
        "b",
        30000,
        "people",
        "displaced",
        measure="total",
        as_of="2018-03-14",
        as_of_end="2018-03-15",
        as_of_precision="span",
    )
    table, _, _ = grouped(since_january, since_yesterday)
    assert sorted(table["status"]) == ["single", "single"]
    # the same start: one quantity, and the reports disagree
    also_since_january = {
        **since_yesterday, "value": 120000, "low": 120000, "high": 120000, "as_of": "2018-01-20", "as_of_end": "2018-03-28"
    }  # fmt: skip
    table, _, _ = grouped(since_january, also_since_january)
    assert table["status"].tolist() == ["conflict"]


# An undated report's figure: its number and its story are all that can tie it to a claim.
UNDATED_CASES = [
    # the same number, reports naming the same town: one quantity
    ([figure("a", 1500, "people", "evacuated", as_of=None, as_of_basis="unknown"),
      figure("b", 1500, "people", "left", as_of="2017-03-18")], {"a": {"homs"}, "b": {"homs", "al_waer"}}, 1),
    # two undated reports of one story, the same number
    ([figure("a", 800000, "people", "left", as_of=None, as_of_basis="unknown"),
      figure("b", 800000, "refugees", "left", as_of=None, as_of_basis="unknown")], {"a": {"khartoum"}, "b": {"khartoum"}}, 1),
    # the same number in a report of another story: no evidence it is the same quantity
    ([figure("a", 1500, "people", "evacuated", as_of=None, as_of_basis="unknown"),
      figure("b", 1500, "people", "left", as_of="2017-03-18")], {"a": {"beira_mz"}, "b": {"homs"}}, 2),
    # a region and its country, the same number: one quantity (as for dated figures)
    ([figure("a", 3.7e6, "people", "displaced", as_of=None, as_of_basis="unknown", place_id="sudan"),
      figure("b", 3.7e6, "persons", "displaced", as_of="2023-05-02", place_id="darfur")], {"a": {"khartoum"}, "b": {"khartoum"}}, 1),
    # a rounded amount is the number it rounds
    ([figure("a", 1.1e6, "refugees", None, measure="stock", text="1.1 million refugees", as_of=None, as_of_basis="unknown"),
      figure("b", 1.13e6, "refugees", None, measure="stock", as_of="2023-04-20")], {"a": {"khartoum"}, "b": {"khartoum"}}, 1),
    ([figure("a", 1.1e6, "refugees", None, measure="stock", text="1.1 million refugees", as_of=None, as_of_basis="unknown"),
      figure("b", 1.16e6, "refugees", None, measure="stock", as_of="2023-04-20")], {"a": {"khartoum"}, "b": {"khartoum"}}, 2),
    # a different number: an undated figure can neither agree nor conflict
    ([figure("a", 1400, "people", "evacuated", as_of=None, as_of_basis="unknown"),
      figure("b", 1500, "people", "left", as_of="2017-03-18")], {"a": {"homs"}, "b": {"homs"}}, 2),
    # a vague amount matches any: it stands alone
    ([figure("a", None, "people", "left", low=1000, high=9999, as_of=None, as_of_basis="unknown"),
      figure("b", None, "people", "left", low=1000, high=9999)], {"a": {"homs"}, "b": {"homs"}}, 2),
    # two claims hold the number (two days' convoys): which one is unknown
    ([figure("a", 500, "people", "left", as_of=None, as_of_basis="unknown"),
      figure("b", 500, "people", "left", as_of="2017-03-18"), figure("c", 500, "people", "left", as_of="2017-03-25")],
     {"a": {"homs"}, "b": {"homs"}, "c": {"homs"}}, 3),
]  # fmt: skip


@pytest.mark.parametrize(("rows", "places", "claims_made"), UNDATED_CASES)
def test_an_undated_figure_joins_only_the_one_claim_of_its_number_and_story(rows, places, claims_made):
    table, ids, _ = grouped(
        *rows,
        article_places={a: frozenset(p) for a, p in places.items()},
        place_parent={"darfur": "sudan"},
        place_kind={"darfur": "region", "sudan": "country"},
    )
    assert len(table) == claims_made and ids.nunique() == claims_made


@pytest.mark.parametrize(
    ("a_names", "b_names", "claims_made"),
    [({"sudan", "chad"}, {"sudan", "chad", "egypt"}, 1), ({"sudan"}, {"sudan", "egypt"}, 2)],
)
def test_two_countries_in_common_make_one_story_one_does_not(a_names, b_names, claims_made):
    rows = (
        figure("a", 20000, "refugees", "left", as_of=None, as_of_basis="unknown"),
        figure("b", 20000, "people", "left", as_of="2023-04-15"),
    )
    table, _, _ = grouped(
        *rows,
        article_places={"a": frozenset(a_names), "b": frozenset(b_names)},
        countries={"sudan", "chad", "egypt"},
    )
    assert len(table) == claims_made


@pytest.mark.parametrize(
    ("low", "high", "claims_made"),
    [(45000, 50000, 1), (110000, 160000, 1), (98000, 200000, 1), (20000, 150000, 2), (306, 937, 2)],
)
def test_numbers_more_than_threefold_apart_count_different_things(low, high, claims_made):
    table, _, _ = grouped(figure("a", low, "people", "displaced"), figure("b", high, "people", "displaced"))
    assert len(table) == claims_made


@pytest.mark.parametrize(
    ("first", "second", "claims_made"),
    [
        # fighters are people: the same number of the same happening is one quantity
        (figure("a", 275, "militants", "evacuated"), figure("b", 275, "people", "left"), 1),
        (figure("a", 400, "fighters", "left"), figure("b", 400, "individuals", "left"), 1),
        # but civilians are not fighters
        (figure("a", 400, "fighters", "left"), figure("b", 400, "civilians", "left"), 2),
        # a different number of fighters is a part, not a rival count of the people
        (figure("a", 275, "militants", "evacuated"), figure("b", 300, "people", "left"), 2),
        # nor another happening, nor a plan
        (figure("a", 275, "militants", "killed"), figure("b", 275, "people", "left"), 2),
        (figure("a", 275, "militants", "left", status="planned"), figure("b", 275, "people", "left"), 2),
        # households count homes, not people
        (figure("a", 275, "families", "left"), figure("b", 275, "people", "left"), 2),
        # fighters with their kin are people: the fighters of that very number are they
        (figure("a", 800, "terrorists"), figure("a", 800, "terrorists and kin"), 1),
        (figure("a", 1500, "fighters and kin", "left"), figure("b", 1500, "people", "left"), 1),
    ],
)
def test_people_counted_by_who_they_are_join_the_people_of_that_very_number(first, second, claims_made):
    table, _, _ = grouped(first, second)
    assert len(table) == claims_made


EPISODE = {"as_of": "2023-04-19", "as_of_end": "2023-05-10", "as_of_basis": "episode"}


@pytest.mark.parametrize(
    ("first", "second", "claims_made"),
    [
        # a report restates one quantity: one reading holds the other
        (figure("a", 330000, "people", "displaced", qualifier="more than"), figure("a", 334053, "people", "displaced"), 1),
        (figure("a", 750, "people", "dead", qualifier="more than"), figure("a", 761, "people", "dead"), 1),
        (figure("a", 2000, "people", "left", qualifier="more than"), figure("a", 2250, "people", "left", qualifier="about"), 1),
        # an undated report restates its own number too: the report's weeks are one time for itself
        (figure("a", 330000, "people", "displaced", qualifier="more than", **EPISODE),
         figure("a", 334053, "people", "displaced", qualifier="about", **EPISODE), 1),
        (figure("a", 330000, "people", "displaced", qualifier="more than", **EPISODE),
         figure("b", 334053, "people", "displaced", qualifier="about", **EPISODE), 2),
        # … but only where each number is within the other's reading: nothing else ties them
        (figure("a", 300, "people", "evacuated", qualifier="about", **EPISODE),
         figure("a", 360, "people", "evacuated", qualifier="about", **EPISODE), 2),
        # an exact number within a round one's reading is what the round one rounds
        (figure("a", 140, "cases", "confirmed", qualifier="about", **EPISODE),
         figure("a", 139, "cases", "confirmed", **EPISODE), 1),
        (figure("a", 140, "cases", "confirmed", qualifier="about", **EPISODE),
         figure("a", 170, "cases", "confirmed", **EPISODE), 2),
        (figure("a", 10000, "people", "arrived", qualifier="more than", **EPISODE),
         figure("a", 20000, "people", "arrived", qualifier="about", **EPISODE), 2),
        # two exact numbers, or two open bounds, in one report count two things
        (figure("a", 6, "people", "killed"), figure("a", 8, "people", "killed"), 2),
        (figure("a", 100, "people", "killed", qualifier="more than"), figure("a", 200, "people", "killed", qualifier="more than"), 2),
        (figure("a", 2000, "people", "left", qualifier="up to"), figure("a", 2500, "people", "left"), 2),
        (figure("a", 189000, "people", "left", qualifier="up to"), figure("a", 248000, "people", "left", qualifier="up to"), 2),
    ],
)  # fmt: skip
def test_a_report_restates_a_quantity_only_where_one_reading_holds_the_other(first, second, claims_made):
    table, _, _ = grouped(first, second)
    assert len(table) == claims_made


SERIES_CASES = [
    # one quantity over days: a series
    ([figure("a", 30e6, "people", "affected", measure="stock", as_of="2022-08-26"),
      figure("b", 33e6, "people", "affected", measure="stock", as_of="2022-08-29")], 1),
    # the same words in two episodes years apart: no series between them
    ([figure("a", 446, "people", "dead", measure="total", as_of="2019-03-24"),
      figure("b", 937, "people", "dead", measure="total", as_of="2022-08-26")], 0),
    # a running total that falls counts a part of what came before
    ([figure("a", 761, "people", "dead", measure="total", as_of="2019-03-24"),
      figure("b", 259, "people", "dead", measure="total", as_of="2019-03-30")], 0),
    # a stock may fall: people leave
    ([figure("a", 250000, "civilians", "remain", measure="stock", as_of="2016-11-20"),
      figure("b", 50000, "civilians", "remain", measure="stock", as_of="2016-12-14")], 1),
    # no state counted ("5.5 million people"): nothing to follow
    ([figure("a", 5.5e6, "people", None, measure="stock", as_of="2016-12-16"),
      figure("b", 715000, "people", None, measure="stock", as_of="2017-01-14")], 0),
]  # fmt: skip


@pytest.mark.parametrize(("rows", "n_series"), SERIES_CASES)
def test_a_series_is_one_quantity_of_one_episode(rows, n_series):
    table, _, _ = grouped(*rows)
    assert table["series_id"].dropna().nunique() == n_series


# A figure dated only by its episode's weeks joins the one claim its number fits, after the dated ones.
LOOSE_CASES = [
    # two days' counts of one number: which day the undated-by-words figure means is unknown
    ([figure("a", 5.5e6, "people", None, measure="stock", as_of="2017-01-13"),
      figure("b", 5.5e6, "people", None, measure="stock", as_of="2017-01-29"),
      figure("c", 5.5e6, "people", None, measure="stock", as_of="2017-01-07", as_of_end="2017-02-13", as_of_basis="episode")],
     3),
    # one day's count: it joins it
    ([figure("a", 5.5e6, "people", None, measure="stock", as_of="2017-01-13"),
      figure("c", 5.5e6, "people", None, measure="stock", as_of="2017-01-07", as_of_end="2017-02-13", as_of_basis="episode")],
     1),
    # the loose figure comes first in time, yet does not tie the later count to the earlier one
    ([figure("c", 1000, "people", "killed", as_of="2022-08-19", as_of_end="2022-09-13", as_of_basis="episode",
             qualifier="more than", place_id="pakistan"),
      figure("a", 1000, "people", "killed", as_of="2022-08-30", qualifier="more than", place_id="pakistan"),
      figure("b", 1000, "people", "killed", as_of="2022-09-10", qualifier="more than", place_id="pakistan")],
     3),
]  # fmt: skip


@pytest.mark.parametrize(("rows", "claims_made"), LOOSE_CASES)
def test_a_figure_of_its_episode_window_joins_only_the_one_claim_it_fits(rows, claims_made):
    table, ids, _ = grouped(*rows)
    assert len(table) == claims_made and ids.nunique() == claims_made


@pytest.mark.parametrize(
    ("first", "second", "statuses"),
    [
        # "401 deaths" with no place of its own may be one province's: no conflict with the country's 1,000
        (figure("a", 1000, "people", "killed", qualifier="more than", place_id="pakistan"),
         figure("b", 401, "deaths", "dead"), ["single", "single"]),
        # where it could be the same number, it agrees
        (figure("a", None, "militants", "remain", low=200, high=300, place_id="raqqa"),
         figure("b", None, "militants", "remain", low=250, high=300), ["agree"]),
        (figure("a", 130000, "people", "displaced", qualifier="about", place_id="mozambique"),
         figure("b", 128000, "people", "displaced"), ["agree"]),
        # both without a place, or a town's: the numbers decide
        (figure("a", 1000, "people", "killed"), figure("b", 800, "people", "killed"), ["conflict"]),
        (figure("a", 1000, "people", "killed", place_id="raqqa"), figure("b", 800, "people", "killed"), ["conflict"]),
    ],
)  # fmt: skip
def test_a_number_with_no_place_joins_a_placed_claim_only_where_it_agrees(first, second, statuses):
    kinds = {"pakistan": "country", "raqqa": "city", "mozambique": "country"}
    table, _, _ = grouped(first, second, place_kind=kinds)
    assert sorted(table["status"]) == statuses


def test_a_running_total_holds_on_the_day_it_is_counted_to():
    """ "since fighting intensified" in December, stated on 14 and on 29 January: two points of a series."""
    early = figure("a", 5.5e6, "people", None, measure="total", as_of="2016-12", as_of_end="2017-01-14",
                   as_of_precision="span")  # fmt: skip
    late = {**early, "article_id": "b", "as_of_end": "2017-01-29"}
    later = {**early, "article_id": "c", "as_of_end": "2017-01-30"}
    table, ids, _ = grouped(early, late, later)
    assert len(table) == 2 and ids.iloc[1] == ids.iloc[2] != ids.iloc[0]


@pytest.mark.parametrize(
    ("first_site", "second_site", "claims_made"),
    [
        ("mariupol__azovstal_steel_plant", "mariupol__azovstal_steel_mill", 1),  # one site, two site words
        ("mariupol__azovstal_steel_plant", "mariupol__azovstal_steelworks", 1),
        ("mariupol__azovstal_steel_plant", "mariupol__illich_steel_plant", 2),  # two plants
        ("mariupol__azovstal_steel_plant", "kyiv__azovstal_steel_plant", 2),  # on two places
        ("mariupol__azovstal_steel_plant", "mariupol__azovstal_hospital", 2),  # two kinds
    ],
)
def test_a_site_named_with_other_site_words_is_one_site(first_site, second_site, claims_made):
    kinds = {first_site: "plant", second_site: "hospital" if second_site.endswith("hospital") else "plant"}
    table, ids, _ = grouped(
        figure("a", 101, "civilians", "evacuated", origin_id=first_site),
        figure("b", 101, "people", "evacuated", origin_id=second_site),
        place_kind=kinds,
        place_parent={p: p.split("__")[0] for p in kinds},
    )
    assert len(table) == claims_made


def test_a_state_kept_since_a_day_is_a_point_of_its_series_on_the_day_it_is_counted_to():
    """ "without water since December", stated on 14 and on 29 January: two points, not one claim."""
    early = figure("a", 5.5e6, "people", None, measure="stock", as_of="2016-12", as_of_end="2017-01-14",
                   as_of_precision="span")  # fmt: skip
    late = {**early, "article_id": "b", "as_of_end": "2017-01-29"}
    table, ids, _ = grouped(early, late)
    assert len(table) == 2


@pytest.mark.parametrize(
    ("first", "second", "claims_made"),
    [
        # a figure of two provinces together is of neither: not a rival of one province's count
        (figure("a", 270000, "people", "displaced", places_listed="daraa quneitra"),
         figure("b", 200000, "people", "displaced", place_id="daraa"), 2),
        # nor of a figure with no place that it cannot be
        (figure("a", 270000, "people", "displaced", places_listed="daraa quneitra"),
         figure("b", 200000, "people", "displaced"), 2),
        # but the same places, or no place and a number it can be, are one quantity
        (figure("a", 270000, "people", "displaced", places_listed="daraa quneitra"),
         figure("b", 250000, "people", "displaced", places_listed="daraa quneitra"), 1),
        (figure("a", 270000, "people", "displaced", places_listed="daraa quneitra"),
         figure("b", 270000, "people", "displaced"), 1),
    ],
)  # fmt: skip
def test_a_figure_of_several_places_is_of_no_one_of_them(first, second, claims_made):
    table, _, _ = grouped(first, second)
    assert len(table) == claims_made


@pytest.mark.parametrize(
    ("first", "second", "claims_made"),
    [
        # one group and all who left that day, or two groups: not rival counts
        (figure("a", 600, "people", "left", batch="first"), figure("b", 400, "people", "left"), 2),
        (figure("a", 360, "people", "left", batch="another"), figure("b", 300, "people", "left", batch="another"), 2),
        (figure("a", 360, "people", "left", batch="first"), figure("b", 300, "people", "left", batch="last"), 2),
        # the same group, or the same number: one quantity
        (figure("a", 360, "fighters", "left", batch="last"), figure("b", 250, "rebels", "left", batch="last"), 1),
        (figure("a", 100, "people", "left", batch="first"), figure("b", 100, "people", "left"), 1),
    ],
)  # fmt: skip
def test_a_count_of_one_group_is_no_rival_of_another_group_or_of_all(first, second, claims_made):
    table, _, _ = grouped(first, second)
    assert len(table) == claims_made


@pytest.mark.parametrize(("second_article", "claims_made"), [("a", 1), ("b", 2)])
def test_an_undated_reports_unspecific_mention_joins_its_own_number(second_article, claims_made):
    undated = {"as_of": None, "as_of_basis": "unknown"}
    table, _, _ = grouped(
        figure("a", 30000, "civilians", "evacuated", **undated),
        figure(second_article, 30000, "people", None, measure="stock", **undated),
    )
    assert len(table) == claims_made


@pytest.mark.parametrize(
    ("days", "claims_made"),
    [
        (("2022-04-30", "2022-05-03"), 2),  # "in recent days" and "on Tuesday": two flows
        (("2022-05-02", "2022-05-03"), 1),  # "over the past 24 hours" and "on Tuesday": one day's count
    ],
)
def test_a_flow_of_several_days_is_not_one_days_flow(days, claims_made):
    table, _, _ = grouped(
        figure("a", 126, "civilians", "evacuated", measure="flow", as_of=days[0], as_of_end=days[1]),
        figure("b", 100, "persons", "evacuated", measure="flow", as_of="2022-05-03"),
    )
    assert len(table) == claims_made


@pytest.mark.parametrize(
    ("vague", "exact", "claims_made", "agreement"),
    [
        # a range or a vague amount that every exact reading meets: one quantity, the reports agree
        (figure("a", None, "individuals", "displaced", low=285000, high=325000),
         figure("b", 325000, "people", "displaced", qualifier="up to"), 1, "agree"),
        (figure("a", None, "people", "remain", measure="stock", low=300, high=900, qualifier="several"),
         figure("b", 200, "civilians", "remain", measure="stock", qualifier="more than"), 1, "agree"),
        (figure("a", None, "people", "left", low=1000, high=9999), figure("b", 5000, "people", "left"), 1, "agree"),
        # a reading the exact number is outside of: left alone, never a conflict
        (figure("a", None, "people", "left", low=100, high=999, qualifier="hundreds of"),
         figure("b", 2000, "people", "left"), 2, "single"),
        # no outcome: "hundreds of civilians" proves nothing of which count it is
        (figure("a", None, "civilians", None, low=100, high=999, qualifier="hundreds of"),
         figure("b", 127, "people", None), 2, "single"),
        # another day, or beyond those counted ("thousands more"): another quantity
        (figure("a", None, "people", "left", low=1000, high=9999, as_of="2016-12-20"),
         figure("b", 1500, "people", "left"), 2, "single"),
        (figure("a", None, "civilians", "left", low=1000, high=9999, batch="another"),
         figure("b", 1500, "people", "left"), 2, "single"),
        # dated only by an undated report's episode: weeks are no evidence of one quantity
        (figure("a", None, "people", "displaced", low=100000, high=999999, as_of="2016-12-01",
                as_of_end="2016-12-28", as_of_basis="episode"),
         figure("b", 184000, "people", "displaced"), 2, "single"),
    ],
)  # fmt: skip
def test_a_vague_amount_joins_the_one_exact_claim_it_fits(vague, exact, claims_made, agreement):
    table, _, _ = grouped(vague, exact)
    assert len(table) == claims_made
    assert set(table["status"]) == {agreement}


def test_a_vague_amount_that_two_exact_claims_fit_joins_neither():
    table, _, _ = grouped(
        figure("a", None, "people", "left", low=100, high=999, qualifier="hundreds of"),
        figure("b", 300, "people", "left", place_id="foua"),
        figure("c", 400, "people", "left", place_id="madaya"),
    )
    assert len(table) == 3
