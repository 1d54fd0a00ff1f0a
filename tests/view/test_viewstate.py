from datetime import date

import pytest

from dashboard.view import viewstate
from dashboard.view.viewstate import ViewState, from_query, to_query
from tests.app_fixtures import make_tables

FULL = ViewState(
    places=("gn:foua", "gn:aleppo"),
    date_from=date(2016, 12, 13),
    date_to=date(2016, 12, 15),
    sources=("b2", "a1"),
    subjects=("civilians",),
    selected_places=("gn:kefraya",),
    selected_days=(date(2016, 12, 14), date(2016, 12, 15)),
    claim="c-remain",
    report="c3",
    map_style="carto-positron",
    timeline_by="place",
)


@pytest.mark.parametrize(
    "state",
    [
        ViewState(),
        FULL,
        ViewState(selected_days=(date(2016, 12, 14), date(2016, 12, 14))),
        ViewState(date_to=date(2016, 12, 1)),
        ViewState(map_style="open-street-map"),
        ViewState(subjects=("people who want to leave",)),
    ],
)
def test_round_trip(state):
    back, notices = from_query(to_query(state))
    assert back == state
    assert notices == []


def test_defaults_are_left_out():
    assert to_query(ViewState()) == {}
    assert to_query(ViewState(timeline_by="place")) == {"by": "place"}


def test_lists_are_sorted_and_comma_joined():
    assert to_query(FULL)["place"] == "gn:aleppo,gn:foua"
    assert to_query(FULL)["days"] == "2016-12-14..2016-12-15"
    assert ViewState(places=("b", "a", "b")).places == ("a", "b")


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"place": ["gn:a", "gn:b"]}, ViewState(places=("gn:a", "gn:b"))),  # repeated keys
        ({"place": "gn:a, gn:b,"}, ViewState(places=("gn:a", "gn:b"))),
        ({"from": "2016-12-13"}, ViewState(date_from=date(2016, 12, 13))),
        ({"days": "2016-12-15"}, ViewState(selected_days=(date(2016, 12, 15), date(2016, 12, 15)))),
        (
            {"days": "2016-12-15..2016-12-13"},
            ViewState(selected_days=(date(2016, 12, 13), date(2016, 12, 15))),
        ),
        ({"map": ""}, ViewState()),
    ],
)
def test_reads_params(params, expected):
    state, notices = from_query(params)
    assert state == expected
    assert notices == []


@pytest.mark.parametrize(
    "params, field, words",
    [
        ({"from": "13/12/2016"}, "date_from", "not a date"),
        ({"to": "2016-02-30"}, "date_to", "not a date"),
        ({"days": "yesterday"}, "selected_days", "not a day"),
        ({"map": "satellite"}, "map_style", "not one of"),
        ({"by": "colour"}, "timeline_by", "not one of"),
        ({"claim": "a,b"}, "claim", "one value"),
        ({"place": ",".join(f"p{i}" for i in range(500))}, "places", "more than"),
        ({"source": "x" * 500}, "sources", "too long"),
        ({"zoom": "9"}, None, "unknown parameter 'zoom'"),
    ],
)
def test_bad_params_fall_back_with_a_notice(params, field, words):
    state, notices = from_query({**params, "subject": "buses"})
    assert state.subjects == ("buses",)  # the good parameter is kept
    if field:
        assert getattr(state, field) == getattr(ViewState(), field)
    assert len(notices) == 1 and words in notices[0]


def test_swapped_dates_are_put_right():
    state, notices = from_query({"from": "2016-12-15", "to": "2016-12-13"})
    assert (state.date_from, state.date_to) == (date(2016, 12, 13), date(2016, 12, 15))
    assert "swapped" in notices[0]


def test_never_raises_on_garbage():
    state, notices = from_query({"place": [], "from": [], "\x00": "\x00", "days": "..", "report": ["a", "b"]})
    assert isinstance(state, ViewState)
    assert notices


def test_validate_drops_ids_the_tables_do_not_know():
    tables = make_tables()
    state = ViewState(places=("gn:foua", "gn:nowhere"), sources=("zz",), claim="c-nope", report="a1")
    valid, notices = viewstate.validate(state, tables)
    assert valid == ViewState(places=("gn:foua",), report="a1")
    assert len(notices) == 3
    assert any("gn:nowhere" in n for n in notices)


def test_selection_helpers():
    points = [{"customdata": ["gn:foua"]}, {"customdata": ["gn:aleppo", "gn:foua"]}, {"x": 1}]
    assert viewstate.from_selection(points) == ("gn:foua", "gn:aleppo", "gn:foua")
    days = [{"customdata": ["2016-12-14", "2016-12-14"]}, {"customdata": ["2016-12-01", "2016-12-31"]}]
    assert viewstate.days_from_selection(days) == (date(2016, 12, 1), date(2016, 12, 31))
    assert viewstate.days_from_selection([{"customdata": ["junk"]}]) is None
    assert ViewState(selected_places=("a",)).has_selection
    assert not FULL.cleared_selection().has_selection


def test_what_happened_and_who_says_so_travel_in_the_link():
    from dashboard.view.viewstate import ViewState, from_query, to_query, validate

    state = ViewState(statuses=("planned", "expected"), claimants=("un", "unattributed"))
    query = to_query(state)
    assert query == {"status": "expected,planned", "who": "un,unattributed"}
    assert from_query(query)[0] == state
    kept, notices = validate(ViewState(statuses=("planned", "nonsense"), claimants=("martians",)), {})
    assert kept.statuses == ("planned",) and kept.claimants == ()
    assert len(notices) == 2
