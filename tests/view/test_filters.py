from datetime import date

import pytest

from dashboard.view import filters
from dashboard.view.viewstate import ViewState
from tests.app_fixtures import make_tables


@pytest.fixture(scope="module")
def tables():
    return make_tables()


def ids(df, column):
    return sorted(df[column].astype(str))


def test_no_filter_returns_every_row(tables):
    out = filters.apply(tables, ViewState())
    for name, df in tables.items():
        assert len(out[name]) == len(df)


def test_input_is_not_changed(tables):
    before = {k: v.copy() for k, v in tables.items()}
    filters.apply(tables, ViewState(places=("gn:foua",), subjects=("people",)))
    for name, df in tables.items():
        assert df.equals(before[name])


@pytest.mark.parametrize(
    "state, figures, events, articles",
    [
        # A village: the figure moving people from it, the one report that names it.
        (ViewState(places=("gn:foua",)), ["b2-f003"], [], ["b2"]),
        # A city includes its districts ("eastern Aleppo").
        (ViewState(places=("gn:aleppo",)), ["a1-f001", "a1-f002", "b2-f003", "b2-f004", "c3-f005", "c3-f006",
                                            "c3-f007"], ["a1-e001", "b2-e002", "c3-e004"], ["a1", "b2", "c3"]),
        # A destination counts: the fighters go to Idlib province.
        (ViewState(places=("gn:idlib-gov",)), ["a1-f002"], [], ["a1"]),
        (ViewState(sources=("b2",)), ["b2-f003", "b2-f004"], ["b2-e002", "b2-e003"], ["b2"]),
        (ViewState(subjects=("buses",)), ["c3-f005"], ["c3-e004", "c3-e005"], ["c3"]),
        # A day: its figures, the events on it and the month span over it.
        (ViewState(date_from=date(2016, 12, 14), date_to=date(2016, 12, 14)), ["b2-f003", "b2-f004"],
         ["b2-e002", "c3-e005"], ["b2", "c3"]),
        (ViewState(date_from=date(2016, 12, 15)), ["c3-f005", "c3-f006", "c3-f007"],
         ["b2-e003", "c3-e004", "c3-e005"], ["b2", "c3"]),
        (ViewState(date_to=date(2016, 11, 30)), [], [], []),
    ],
)  # fmt: skip
def test_filters(tables, state, figures, events, articles):
    out = filters.apply(tables, state)
    assert ids(out["figures"], "figure_id") == figures
    assert ids(out["events"], "event_id") == events
    assert ids(out["articles"], "article_id") == articles
    assert set(out["mentions"]["article_id"]) <= set(articles)


def test_places_are_recounted(tables):
    out = filters.apply(tables, ViewState(sources=("b2",)))
    counts = out["places"].set_index("place_id")
    assert counts.loc["gn:aleppo", "n_mentions"] == 2
    assert counts.loc["gn:aleppo", "n_articles"] == 1
    assert counts.loc["gn:foua", "n_figures"] == 1
    assert "gn:east-aleppo" not in counts.index  # b2 never names it


def test_claims_are_restated_from_the_figures_left(tables):
    whole = filters.apply(tables, ViewState()).get("claims").set_index("claim_id")
    assert whole.loc["c-remain", "status"] == "conflict"
    one = filters.apply(tables, ViewState(sources=("c3",)))["claims"].set_index("claim_id")
    assert one.loc["c-remain", "status"] == "single"
    assert one.loc["c-remain", "n_sources"] == 1
    assert one.loc["c-remain", "value_min"] == one.loc["c-remain", "value_max"] == 40000


def test_focus_narrows_by_selection_and_skips_what_is_ignored(tables):
    state = ViewState(selected_places=("gn:foua",), selected_days=(date(2016, 12, 13), date(2016, 12, 13)))
    both = filters.focus(tables, state)
    assert len(both["figures"]) == 0  # the Foua figure is dated the 14th
    no_days = filters.focus(tables, state, ignore=("days",))
    assert ids(no_days["figures"], "figure_id") == ["b2-f003"]
    no_places = filters.focus(tables, state, ignore=("places",))
    assert ids(no_places["figures"], "figure_id") == ["a1-f001", "a1-f002"]
    claim = filters.focus(tables, ViewState(claim="c-remain"))
    assert ids(claim["figures"], "figure_id") == ["a1-f001", "c3-f007"]
    with pytest.raises(ValueError):
        filters.focus(tables, state, ignore=("map",))


def test_children_follow_parents(tables):
    assert filters.with_children(tables["places"], ["gn:aleppo"]) == {"gn:aleppo", "gn:east-aleppo"}
    assert filters.with_children(tables["places"], ["gn:foua"]) == {"gn:foua"}


def test_missing_tables_count_as_empty(tables):
    out = filters.apply({"articles": tables["articles"]}, ViewState(places=("gn:foua",)))
    assert out["figures"].empty and out["articles"].empty


def test_a_claim_keeps_only_its_sentences(tables):
    out = filters.focus(tables, ViewState(claim="c-buses"))
    assert ids(out["figures"], "figure_id") == ["c3-f005"]
    assert ids(out["events"], "event_id") == ["c3-e004"]  # "Five buses entered … on Thursday."


BOUNDS = {"thousands of": (1000, 9999), "hundreds of": (100, 999), None: (0, 0), "at least": (0, 0)}


@pytest.mark.parametrize(
    "values, qualifiers, status",
    [
        ([82, 82], ["at least", "at least"], "agree"),
        ([50000, 250000], [None, None], "conflict"),
        ([None, None], ["thousands of", "thousands of"], "agree"),  # bounds 1,000–9,999 both: same words
        ([None, None], ["hundreds of", "thousands of"], "conflict"),
    ],
)
def test_restated_claims_status(values, qualifiers, status):
    import pandas as pd

    from dashboard import schema

    figs = pd.DataFrame(
        {"figure_id": ["f1", "f2", "f3"], "article_id": ["a", "b", "c"], "value": [*values, 1],
         "low": [v or BOUNDS[q][0] for v, q in zip(values, qualifiers, strict=True)] + [1],
         "high": [v or BOUNDS[q][1] for v, q in zip(values, qualifiers, strict=True)] + [1],
         "qualifier": [*qualifiers, None], "claim_id": ["k", "k", "k"], "date": ["2016-12-14"] * 3}
    )  # fmt: skip
    for col in schema.FIGURES.column_names:
        if col not in figs:
            figs[col] = None
    figs = schema.enforce(figs[schema.FIGURES.column_names], schema.FIGURES)
    claims = schema.enforce(
        pd.DataFrame([{c: None for c in schema.CLAIMS.column_names} | {"claim_id": "k", "n_figures": 3,
                       "n_sources": 3, "status": "conflict"}]),
        schema.CLAIMS,
    )  # fmt: skip
    out = filters.recount_claims(claims, figs, figs[figs["figure_id"] != "f3"])
    assert out.loc[0, "status"] == status and out.loc[0, "n_figures"] == 2
    shared = qualifiers[0] if qualifiers[0] == qualifiers[1] else None
    got = out.loc[0, "qualifier"]
    assert (pd.isna(got) and shared is None) or got == shared
