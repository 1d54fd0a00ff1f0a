"""The evaluation scorer on a tiny episode made here: what it counts as found, spurious, grouped."""

from __future__ import annotations

import json

import pytest

from dashboard import evaluate

REPORT_A = """Convoy leaves besieged town
By Staff, March 7, 2014
At least 82 civilians were killed in Homs on Tuesday, activists said.
Some 1,900 people were being evacuated from Homs on Friday.
"""
REPORT_B = """Evacuation under way
March 8, 2014
The UN said 82 civilians were killed in Homs on Tuesday.
A total of 1,200 people were evacuated from Homs on Friday.
"""


def _episode(tmp_path):
    folder = tmp_path / "corpus" / "homs-test"
    folder.mkdir(parents=True)
    (folder / "homs-test_01_a.txt").write_text(REPORT_A, encoding="utf-8")
    (folder / "homs-test_02_b.txt").write_text(REPORT_B, encoding="utf-8")
    (folder / "sources.csv").write_text("file,outlet,url\nhoms-test_01_a.txt,A,\nhoms-test_02_b.txt,B,\n")
    fig = lambda i, v, subj, quote, **kw: {"id": i, "value": v, "subject": subj, "quote": quote, **kw}  # noqa: E731
    gold = {
        "places": {"Homs": {"lat": 34.73, "lon": 36.71, "tolerance_km": 10, "aliases": ["Homs"], "kind": "city"}},
        "articles": {
            "homs-test_01_a.txt": {
                "published": "2014-03-07", "published_accept": ["2014-03-07", ""], "places": ["Homs"],
                "figures": {"required": [fig("f1", 82, "civilians", "At least 82 civilians were killed", qualifier="at least"),
                                         fig("f2", 1900, "people", "Some 1,900 people were being evacuated", qualifier="about")],
                            "optional": [], "traps": []},
                "events": {"required": [{"date": "2014-03-04", "what": "killed", "quote": "killed in Homs on Tuesday"}],
                           "optional": []},
            },
            "homs-test_02_b.txt": {
                "published": "2014-03-08", "published_accept": ["2014-03-08", ""], "places": ["Homs"],
                "figures": {"required": [fig("f1", 82, "civilians", "82 civilians were killed"),
                                         fig("f2", 1200, "people", "1,200 people were evacuated")],
                            "optional": [], "traps": []},
                "events": {"required": [], "optional": []},
            },
        },
        "claims": [
            {"figures": ["homs-test_01_a.txt#f1", "homs-test_02_b.txt#f1"], "status": "agree", "why": "same toll"},
            {"figures": ["homs-test_01_a.txt#f2", "homs-test_02_b.txt#f2"], "status": "conflict", "why": "same convoy"},
        ],
    }  # fmt: skip
    (folder / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return folder.parent


def test_a_small_episode_is_scored(tmp_path):
    results = evaluate.evaluate(_episode(tmp_path))
    m = results["homs-test"].summary()
    assert m["reports"] == 2
    assert m["published_wrong"] == 0
    assert m["place_recall"] == 1.0
    assert m["figure_recall"] == 1.0
    assert m["figure_precision"] == 1.0
    assert m["event_recall"] == 1.0
    assert m["claim_pair_recall"] is not None
    assert results["all"].summary()["reports"] == 2
    assert "homs-test" in evaluate.report(results)


def test_matching_rules():
    assert evaluate.qualifier_ok("about", "about") and evaluate.qualifier_ok(None, None)
    assert not evaluate.qualifier_ok("at least", None)
    assert evaluate.subject_ok("civilians", "civilians") and not evaluate.subject_ok("fighters", "people")
    assert evaluate.status_ok("possible", "expected") and not evaluate.status_ok("planned", "occurred")
    assert evaluate.span_of("He said “at least 82”  people", 'at least 82" people') is not None


# a gold period (its first and last day) -> the event rows that match it
@pytest.mark.parametrize(
    ("row", "found"),
    [
        ({"date": "2017-01-14", "date_end": "2017-01-15", "date_precision": "week"}, True),  # "last weekend"
        ({"date": "2017-01-14", "date_end": "2017-01-15", "date_precision": "span"}, True),
        (
            {"date": "2017-01-14", "date_end": "2017-01-14", "date_precision": "day"},
            False,
        ),  # its first day only
        ({"date": "2017-01-09", "date_end": "2017-01-15", "date_precision": "week"}, False),  # the whole week
    ],
)
def test_a_gold_period_matches_an_event_of_its_days(row, found):
    gold = {"events": {"required": [{"date": "2017-01-14..2017-01-15", "what": "deal collapses"}]}}
    s = evaluate.Scores()
    evaluate._score_events("a.txt", gold, [row], s)
    assert s.counts["ev_found"] == found


@pytest.mark.parametrize("order", [("body", "headline"), ("headline", "body")])
def test_a_figure_restated_in_the_lead_counts_found_whatever_the_gold_order(order):
    text = "Death toll above 750\n\nThe death toll has risen above 750, officials said."
    quotes = {"headline": "Death toll above 750", "body": "The death toll has risen above 750"}
    gold = {
        "figures": {
            "required": [
                {"id": f"f{i}", "value": 750, "subject": "people", "quote": quotes[k]}
                for i, k in enumerate(order)
            ]
        }
    }
    figs = [{"figure_id": "x", "value": 750, "subject": "people", "start": 11, "end": 20}]  # the headline's
    s = evaluate.Scores()
    evaluate._score_figures("a.txt", gold, text, figs, s)
    assert s.counts["fig_found"] == 2 and s.counts["fig_spurious"] == 0
