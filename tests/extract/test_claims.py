"""Claims: figures from different reports grouped when they speak of the same thing."""

from __future__ import annotations

import math
import random
from datetime import date

import pandas as pd
import pytest

from dashboard import schema
from dashboard.extract import claims
from dashboard.extract.candidates import subject_pool


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
    assert (
        claim["qualifier"] == "at least"
    )  # kept for the panel: "at least 82", as the figures that state one say
    assert (claim["place_id"], claim["date_min"], claim["date_max"]) == ("aleppo", "2016-12-13", "2016-12-14")


def test_differing_qualifiers_are_not_kept():
    table, _, _ = grouped(
        figure("a", 82, "civilians", "killed", qualifier="at least"),
        figure("b", 82, "civilians", "killed", qualifier="about"),
    )
    assert pd.isna(table["qualifier"].iloc[0])


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


# ------------------------------------------------------------------ claims close, places fill in, ties


def test_a_claim_closes_max_days_after_its_first_figure():
    _, ids, df = grouped(
        figure("a", 82, "people", "killed", date="2016-12-10"),
        figure("b", 82, "people", "killed", date="2016-12-13"),  # 3 days: still open
        figure("c", 82, "people", "killed", date="2016-12-14"),  # 4 days after the first: closed
    )
    by_article = dict(zip(df["article_id"], ids, strict=True))
    assert by_article["a"] == by_article["b"] != by_article["c"]


def test_an_undated_figure_joins_a_closed_claim_with_its_number():
    _, ids, df = grouped(
        figure("a", 82, "people", "killed", date="2016-12-01"),
        figure("b", 82, "people", "killed", date="2016-12-20"),
        figure("c", 82, "people", "killed", date=None),
    )
    by_article = dict(zip(df["article_id"], ids, strict=True))
    assert by_article["a"] != by_article["b"]
    assert by_article["c"] == by_article["a"]  # the first claim that held the number


def test_a_claim_takes_the_place_of_a_figure_that_joins_it():
    table, ids, df = grouped(
        figure("a", 6000, "people", "left"),
        figure("b", 6000, "people", "left", place_id="foua"),
        figure("c", 6000, "people", "left", place_id="madaya"),  # the claim is now at Foua
    )
    by_article = dict(zip(df["article_id"], ids, strict=True))
    assert by_article["a"] == by_article["b"] != by_article["c"]
    assert sorted(table["place_id"]) == ["foua", "madaya"]


@pytest.mark.parametrize(("first_made", "other"), [("foua", "madaya"), ("madaya", "foua")])
def test_a_figure_as_close_to_two_claims_joins_the_first_made(first_made, other):
    _, ids, df = grouped(
        figure("a", 10, "people", "killed", place_id=first_made),
        figure("b", 10, "people", "killed", place_id=other),
        figure("c", 12, "people", "killed"),  # no place: agrees with both, equally close
    )
    by_article = dict(zip(df["article_id"], ids, strict=True))
    assert by_article["c"] == by_article["a"] != by_article["b"]


def test_a_figure_joins_a_claim_with_its_very_number_before_a_closer_one():
    _, ids, df = grouped(
        figure("a", 100, "people", "killed"),
        figure("b", 150, "people", "killed"),  # joins a: the claim spans 100-150
        figure("a", 99.5, "people", "killed"),  # not with a's own 100: a claim of its own
        figure("d", 100, "people", "killed"),  # 99.5 is nearer than the span, but 100 is 100
    )
    by_value = dict(zip(df["value"], ids, strict=True))
    assert by_value[100.0] == by_value[150.0] != by_value[99.5]
    assert ids.iloc[3] == ids.iloc[0]


# ------------------------------------------------------------------ the rules, the slow obvious way


def reference_groups(df: pd.DataFrame, parents: dict | None = None) -> set[frozenset[str]]:
    """The figure ids of each claim, by the grouping rules applied the slow way: figures in date
    order, each compared with every claim made before it."""
    parents = parents or {}

    def ancestors(place):
        seen = set()
        while place in parents and parents[place] not in seen and len(seen) < 10:
            place = parents[place]
            seen.add(place)
        return seen

    def agree(mine, theirs):
        return all(
            a is None or b is None or a == b or b in ancestors(a) or a in ancestors(b)
            for a, b in zip(mine, theirs, strict=True)
        )

    figs = []
    for row in df.to_dict("records"):
        get = {k: (None if pd.isna(v) else v) for k, v in row.items()}.get
        value, low, high = get("value"), get("low"), get("high")
        figs.append(
            {
                "id": get("figure_id"),
                "article": get("article_id"),
                "day": date.fromisoformat(get("date")) if get("date") else None,
                "bucket": (
                    subject_pool(get("subject")),
                    get("outcome") or "",
                    get("unit") or "",
                    value is None,
                ),
                "amount": (value,) if value is not None else (low, high),
                "size": value if value is not None else ((low or 0) + (high or 0)) / 2,
                "places": (get("place_id"), get("origin_id"), get("destination_id")),
                "outcome": get("outcome"),
            }
        )
    figs.sort(key=lambda f: (f["day"] is None, f["day"] or date.min, f["article"], f["id"]))
    made: list[dict] = []
    for step, fig in enumerate(figs):
        candidates = [
            c
            for c in made
            if c["bucket"] == fig["bucket"]
            and (
                fig["day"] is None
                or (c["first"] is not None and (fig["day"] - c["first"]).days <= claims.MAX_DAYS)
            )
        ]
        holding = [c for c in candidates if fig["amount"] in c["got"] and agree(c["places"], fig["places"])]
        best = min(holding, key=lambda c: c["got"][fig["amount"]], default=None)
        if best is None and (len(fig["amount"]) == 2 or fig["outcome"]):  # vague, or says what happened
            best = closest(candidates, fig, agree)
        if best is None:
            best = {
                "bucket": fig["bucket"],
                "figs": [],
                "got": {},
                "places": (None, None, None),
                "first": None,
                "made": step,
            }
            made.append(best)
        best["got"].setdefault(fig["amount"], step)
        best["figs"].append(fig)
        best["places"] = tuple(m or t for m, t in zip(best["places"], fig["places"], strict=True))
        days = [f["day"] for f in best["figs"] if f["day"] is not None]
        best["first"] = min(days, default=None)
    return {frozenset(f["id"] for f in c["figs"]) for c in made}


def closest(candidates: list[dict], fig: dict, agree) -> dict | None:
    def gap(claim):
        if len(fig["amount"]) == 2:
            return 1.0
        size = max(fig["size"], 1e-9)
        low = max(min(f["size"] for f in claim["figs"]), 1e-9)
        high = max(max(f["size"] for f in claim["figs"]), 1e-9)
        if max(size, high) / min(size, low) > claims.MAX_RATIO:
            return None
        return 0.01 if low <= size <= high else abs(math.log(size / (low if size < low else high)))

    fits = [
        (g, c["made"], i)
        for i, c in enumerate(candidates)
        if fig["article"] not in {f["article"] for f in c["figs"]}
        and agree(c["places"], fig["places"])
        and (g := gap(c)) is not None
    ]
    return candidates[min(fits)[2]] if fits else None


def random_rows(seed: int, n: int) -> list[dict]:
    rng = random.Random(seed)
    places = [None, None, "aleppo", "eastern_aleppo", "foua", "madaya"]
    rows = []
    for _ in range(n):
        vague = rng.random() < 0.15
        value = None if vague else float(rng.choice([5, 6, 7, 8, 60, 82, 90, 100, 700, 7000]))
        low, high = rng.choice([(1000, 9999), (100, 999), (10000, 99999)]) if vague else (value, value)
        day = rng.choice([None, *(f"2016-12-{d:02d}" for d in range(8, 20))])
        rows.append(
            figure(
                f"r{rng.randint(0, n // 3)}",
                value,
                rng.choice(["people", "civilians", "children"]),
                rng.choice(["killed", "left", None]),
                low=low,
                high=high,
                date=day,
                place_id=rng.choice(places),
                origin_id=rng.choice([None, None, None, "foua"]),
            )
        )
    return rows


@pytest.mark.parametrize("seed", range(6))
def test_grouping_matches_the_rules_applied_the_slow_way(seed):
    parents = {"eastern_aleppo": "aleppo"} if seed % 2 else None
    df = frame(*random_rows(seed, 250))
    _, ids = claims.group_claims(df, place_parent=parents)
    got = {frozenset(group) for group in df["figure_id"].groupby(ids.to_numpy()).apply(frozenset)}
    assert got == reference_groups(df, parents)


@pytest.mark.parametrize("seed", range(3))
def test_same_claims_whatever_the_row_order_and_labels(seed):
    df = frame(*random_rows(seed, 250))
    table, ids = claims.group_claims(df)
    shuffled = df.sample(frac=1, random_state=seed)
    shuffled.index = [f"row{i}" for i in range(len(shuffled))]
    table2, ids2 = claims.group_claims(shuffled)
    assert table.equals(table2)
    assert dict(zip(df["figure_id"], ids, strict=True)) == dict(zip(shuffled["figure_id"], ids2, strict=True))


def test_rows_sharing_a_label_each_get_a_claim():
    df = frame(
        figure("a", 6, "people", "killed"),
        figure("b", 600, "people", "killed"),
        figure("c", 7, "people", "left"),
    )
    df.index = [5, 5, 9]
    table, ids = claims.group_claims(df)
    assert ids.index.tolist() == [5, 5, 9]
    assert ids.notna().all() and set(ids) <= set(table["claim_id"])
