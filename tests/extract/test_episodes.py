"""Publication dates inferred only within a report's episode (issue 10): who is of its episode,
which day its relative dates fit, and that a report of another year is never dated by them."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pandas as pd
import pytest

from dashboard.extract import corpus, dates, episodes, pipeline
from dashboard.extract.published import Partial
from dashboard.extract.text import sentences

ANCHORS = Counter({date(2016, 12, 13): 5, date(2016, 12, 14): 3, date(2016, 12, 15): 2})


def refs_of(text: str) -> list[dates.DateRef]:
    return dates.find_date_refs(text, sentences(text))


# ------------------------------------------------------------------ the day that fits


@pytest.mark.parametrize(
    ("text", "anchors", "expected"),
    [
        # said on Wednesday, will begin on Thursday, agreed on Tuesday: Wednesday the 14th fits all
        (
            "Officials said on Wednesday the truce held. Evacuations would begin on Thursday. "
            "The deal was agreed on Tuesday.",
            ANCHORS,
            date(2016, 12, 14),
        ),
        # an explicit past date bounds the day from below: the 20th, not the 14th that fits as well
        (
            "The deal was signed on December 20, 2016. Officials said on Tuesday it held. "
            "The truce broke down yesterday.",
            Counter({date(2016, 12, 13): 4, date(2016, 12, 19): 1, date(2016, 12, 20): 1}),
            date(2016, 12, 20),
        ),
    ],
)
def test_infer_published(text, anchors, expected):
    day, reason, hits = episodes.infer_published(refs_of(text), anchors)
    assert day == expected
    assert "fit the dates of" in reason
    assert hits and set(hits) <= set(anchors)


def test_inference_reason_names_the_references():
    text = "Officials said on Wednesday the truce held. Evacuations would begin on Thursday."
    _, reason, _ = episodes.infer_published(refs_of(text), ANCHORS)
    assert reason.startswith("weekday references (Wednesday, Thursday) fit the dates of")
    assert "2016-12-14..15" in reason


@pytest.mark.parametrize(
    ("text", "anchors", "reason_start"),
    [
        ("The truce held.", ANCHORS, "no date references"),
        ("The siege began at the end of November.", ANCHORS, "no date references"),
        (
            "Rebels left last Friday.",
            Counter({date(2016, 12, 13): 3}),
            "no date references",
        ),  # never a Tuesday
        ("Rebels left on Tuesday.", Counter(), "no dated reports"),
        # one weekday or one "yesterday" fits a week of days alike: which one is not known
        (
            "The buses will leave on Thursday.",
            Counter({date(2016, 12, 15): 2}),
            "the date references fit 7 days",
        ),
        ("The truce broke down yesterday.", ANCHORS, "the date references fit 3 days"),
    ],
)
def test_no_inference_without_evidence(text, anchors, reason_start):
    day, reason, hits = episodes.infer_published(refs_of(text), anchors)
    assert (day, hits) == (None, [])
    assert reason.startswith(reason_start)


def test_a_dateline_fixes_month_and_day():
    refs = refs_of("Rebels left on Tuesday. The truce broke down yesterday.")
    anchors = Counter({date(2016, 12, 13): 1, date(2016, 12, 19): 1, date(2016, 12, 20): 1})
    assert episodes.infer_published(refs, anchors)[0] is None  # the 14th and the 21st fit alike
    assert episodes.infer_published(refs, anchors, partial=Partial(12, 14, "December 14"))[0] == date(
        2016, 12, 14
    )
    assert episodes.infer_published(refs, anchors, partial=Partial(12, 10, "December 10"))[0] is None


# ------------------------------------------------------------------ who is of the episode


def dated(aid: str, day: date, places: set[str], names: set[str], days=()) -> episodes.Dated:
    return episodes.Dated(aid, day, frozenset(places), frozenset(names), tuple(days))


HOMS_2014 = [
    dated("h1", date(2014, 5, 7), {"homs"}, {"Old City", "Talal Barazi"}, [date(2014, 5, 6)]),
    dated("h2", date(2014, 5, 9), {"homs"}, {"Old City"}, [date(2014, 5, 8)]),
]
WAER_2017 = [dated("w1", date(2017, 3, 18), {"homs", "waer"}, {"Talal Barazi"}, [date(2017, 3, 18)])]
IDAI_2019 = [dated("i1", date(2019, 3, 24), {"beira"}, {"Celso Correia"}, [date(2019, 3, 23)])]


def undated(text: str, places: set[str], names: set[str], partial=None) -> episodes.Undated:
    return episodes.Undated("u", frozenset(places), frozenset(names), tuple(refs_of(text)), partial)


def test_reports_of_one_cluster_are_the_episode():
    u = undated("Rebels left the Old City on Wednesday. Buses returned on Thursday.", {"homs"}, {"Old City"})
    found, span, _ = episodes.members(u, HOMS_2014 + IDAI_2019)
    assert [d.article_id for d in found] == ["h1", "h2"]
    assert span == (date(2014, 4, 30), date(2014, 5, 23))


def test_shared_places_in_two_clusters_are_two_episodes():
    # Homs in 2014 and al-Waer (Homs) in 2017, the same governor: which one is not known
    u = undated("Buses left on Saturday, governor Talal Barazi said.", {"homs"}, {"Talal Barazi"})
    found, _, why = episodes.members(u, HOMS_2014 + WAER_2017)
    assert found == [] and why.startswith("its places and people are those of reports of 2 episodes")
    found = episodes.infer(u, HOMS_2014 + WAER_2017)
    assert (found.day, found.leaned, found.span) == (None, [], None)


def test_an_absolute_date_picks_the_episode():
    u = undated(
        "The deal was signed on March 13, 2017. Buses left on Saturday, governor Talal Barazi said. "
        "The first buses arrived yesterday.",
        {"homs"},
        {"Talal Barazi"},
    )
    found, _, _ = episodes.members(u, HOMS_2014 + WAER_2017)
    assert [d.article_id for d in found] == ["w1"]
    found = episodes.infer(u, HOMS_2014 + WAER_2017)
    assert (found.day, found.leaned) == (date(2017, 3, 19), ["w1"])
    assert found.reason.endswith("episode reports: w1")


HOMS_FEB_2014 = [
    dated("f1", date(2014, 2, 11), {"homs"}, {"Old City"}, [date(2014, 2, 9), date(2014, 2, 10)])
]


# An undated report whose places and people are those of reports of several clusters of days
# (HOMS_FEB_2014, HOMS_2014 in May, WAER_2017): text -> the cluster its relative dates pick (the
# dated reports it leans on), or None where its dates do not tell one cluster from the others.
@pytest.mark.parametrize(
    ("text", "members"),
    [
        # Wednesday the 7th and Thursday the 8th of May 2014: days the May reports speak of, and
        # no day the February or the 2017 reports speak of
        ("Rebels began leaving the Old City Wednesday. More buses left on Thursday.", ["h1", "h2"]),
        ("Buses left on Wednesday and the last convoy left on Friday.", ["h1", "h2"]),
        # Tuesday fits the February report's own day too: two clusters fit
        ("Buses left on Tuesday and the last convoy left on Thursday.", None),
        # one weekday fits a day of any busy week: one day is not enough
        ("Rebels began leaving the Old City Wednesday.", None),
        # Sunday the 9th of February and Monday the 10th: the February cluster's days
        ("Evacuations began on Sunday. More civilians left on Monday.", ["f1"]),
        # Saturday fits the 2017 report's day, Tuesday and Thursday the May reports': two clusters fit
        ("Buses left on Tuesday and Thursday. Governor Talal Barazi spoke on Saturday.", None),
        # no relative dates at all: nothing to tell the clusters apart
        ("Rebels left the Old City of Homs.", None),
    ],
)
def test_relative_dates_pick_the_one_cluster_they_fit(text, members):
    u = undated(text, {"homs"}, {"Old City", "Talal Barazi"})
    found, span, why = episodes.members(u, HOMS_FEB_2014 + HOMS_2014 + WAER_2017)
    if members is None:
        assert (found, span) == ([], None) and why.startswith(
            "its places and people are those of reports of 3"
        )
    else:
        assert [d.article_id for d in found] == members and span is not None


def test_nothing_shared_is_no_episode():
    u = undated("Rebels left on Wednesday.", {"aleppo"}, {"Jane Doe"})
    found = episodes.infer(u, HOMS_2014 + IDAI_2019)
    assert (found.day, found.reason) == (
        None,
        "no dated report names the same places and people",
    )


def test_names_are_multiword_names_inside_sentences():
    body = (
        "Governor Talal Barazi said the Red Crescent and the UN would help. On Monday the Old City emptied."
    )
    assert episodes.names_in(body) == frozenset({"talal barazi", "red crescent", "old city"})


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Bashar Al-Assad", "Bashar al-Assad"),
        ("Nour el-Din", "Nour al-Din"),
        ("RED CRESCENT", "Red Crescent"),
    ],
)
def test_spellings_of_one_name_share_a_key(one, other):
    assert episodes.name_key(one) == episodes.name_key(other)


# ------------------------------------------------------------------ a mixed folder, end to end

REPORT_2016 = """Aleppo evacuation resumes

By Jane Doe December 15, 2016

Buses left eastern Aleppo on Thursday, the Red Crescent said, and more would follow on Friday.
"""
REPORT_2018_DATED = """Aleppo market reopens

By John Roe March 15, 2018

Traders returned to eastern Aleppo on Thursday, the Red Crescent said.
"""
# no date of its own, the places and weekdays of the 2016 report, in a folder with a 2018 report
REPORT_UNDATED = """Convoys leave Aleppo

Buses left eastern Aleppo on Thursday, the Red Crescent said. The first convoy reached Idlib yesterday.
The siege began in July 2016.
"""


def test_an_undated_report_is_dated_only_by_its_episode(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT_2018_DATED, encoding="utf-8")
    (tmp_path / "b.txt").write_text(REPORT_UNDATED, encoding="utf-8")
    arts = pipeline.build(tmp_path, None, progress=False).tables["articles"].set_index("source_file")
    assert arts.loc["b.txt", "published_basis"] == "unknown"  # never dated by the 2018 report
    evs = pipeline.build(tmp_path, None, progress=False).tables["events"]
    b_events = evs[evs["article_id"] == arts.loc["b.txt", "article_id"]]
    assert list(b_events["date_text"]) == ["July 2016"]  # "on Thursday" stays text; July 2016 counts
    (tmp_path / "c.txt").write_text(REPORT_2016, encoding="utf-8")
    arts = pipeline.build(tmp_path, None, progress=False).tables["articles"].set_index("source_file")
    assert arts.loc["b.txt", "published"] == "2016-12-16"  # Thursday the 15th and yesterday the 15th
    assert arts.loc["b.txt", "published_basis"] == "inferred"
    assert arts.loc["b.txt", "published_text"].endswith(f"episode reports: {arts.loc['c.txt', 'article_id']}")
    assert arts.loc["b.txt", "published_from"] == arts.loc["c.txt", "article_id"]  # the reports leaned on
    assert pd.isna(arts.loc["c.txt", "published_from"])


# no date of its own, of the 2016 report's episode, but its weekday fits several days equally
REPORT_UNDATED_SAME_EPISODE = """Aleppo convoys

Officials of the Red Crescent said 82 civilians were killed in eastern Aleppo. Talks went on.
"""
REPORT_2016_WITH_TOLL = """Aleppo toll

By Jane Doe December 15, 2016

The Red Crescent said on Thursday that 82 civilians were killed in eastern Aleppo.
"""


def test_an_undated_reports_figures_hold_in_its_episodes_days_and_join_only_the_same_number(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT_2016_WITH_TOLL, encoding="utf-8")
    (tmp_path / "b.txt").write_text(REPORT_UNDATED_SAME_EPISODE, encoding="utf-8")
    tables = pipeline.build(tmp_path, None, progress=False).tables
    arts = tables["articles"].set_index("source_file")
    assert arts.loc["b.txt", "published_basis"] == "unknown"
    figs = tables["figures"].set_index("article_id")
    b = figs.loc[arts.loc["b.txt", "article_id"]]
    assert (b["as_of_basis"], b["as_of_precision"]) == ("episode", "span")
    assert b["as_of"] <= "2016-12-15" <= b["as_of_end"]
    claims = tables["claims"]
    assert claims.loc[claims["label"].str.contains("82"), "status"].tolist() == ["agree"]


# ------------------------------------------------------------------ what narrows the episode

WAER_MAY_2017 = [dated("w2", date(2017, 5, 20), {"homs", "waer"}, {"Talal Barazi"}, [date(2017, 5, 20)])]
HOMS_MAY_2014 = [dated("h3", date(2014, 5, 9), {"homs", "waer"}, {"Talal Barazi"}, [date(2014, 5, 9)])]


# an undated report of Homs in a folder of Homs 2014 and al-Waer 2017 -> the episode it is of
@pytest.mark.parametrize(
    ("text", "partial", "expected"),
    [
        # two episodes share its places and people: which one is not known
        ("Buses left on Saturday, governor Talal Barazi said.", None, None),
        # a year it speaks of in the past ("a deal struck in 2017") rules out the episode before it
        ("Buses left on Saturday under a deal struck in 2017, Talal Barazi said.", None, "w2"),
        ("Buses left on Saturday; the siege began in early 2013, Talal Barazi said.", None, None),
        # a year ahead ("elections in 2017") says nothing of when the report was written
        ("Buses left on Saturday; elections will be held in 2017, Talal Barazi said.", None, None),
        # a dateline's month and day lies in one episode's days only
        ("Buses left on Saturday, Talal Barazi said.", Partial(5, 26, "May 26"), "w2"),
        ("Buses left on Saturday, Talal Barazi said.", Partial(5, 21, "May 21"), None),  # in both
        ("Buses left on Saturday, Talal Barazi said.", Partial(5, 10, "May 10"), "h3"),
        ("Buses left on Saturday, Talal Barazi said.", Partial(8, 1, "August 1"), None),
    ],
)
def test_years_and_datelines_pick_the_episode(text, partial, expected):
    u = undated(text, {"homs"}, {"Talal Barazi"}, partial)
    found, _, _ = episodes.members(u, HOMS_MAY_2014 + WAER_MAY_2017)
    assert [d.article_id for d in found] == ([expected] if expected else [])


# the years a report states -> the last day it may be of
@pytest.mark.parametrize(
    ("text", "ceiling"),
    [
        ("The war began in March 2011.", date(2012, 12, 31)),
        ("The siege has lasted since 2014.", None),  # a year alone bounds nothing
        # a later year it speaks of lifts the bound of an old month
        ("The war began in March 2011. A deal was struck in 2017.", date(2018, 12, 31)),
    ],
)
def test_the_years_a_report_states_bound_it_from_above(text, ceiling):
    assert episodes.not_after(refs_of(text)) == ceiling


def test_a_report_that_names_nobody_is_of_the_episode_of_two_shared_places():
    text = "The last rebels left al-Waer on Saturday."
    two = undated(text, {"homs", "waer"}, set())
    assert [d.article_id for d in episodes.members(two, WAER_2017 + IDAI_2019)[0]] == ["w1"]
    one = undated(text, {"homs"}, set())
    assert episodes.members(one, WAER_2017 + IDAI_2019)[0] == []
    # a report that names people must share one of them
    named = undated(text, {"homs", "waer"}, {"Jane Doe"})
    assert episodes.members(named, WAER_2017 + IDAI_2019)[0] == []


def test_a_dateline_is_completed_by_the_year_of_its_episode():
    # no weekday to fit: the dateline's day in its episode's days is the date
    u = undated(
        "The last rebels left al-Waer, Talal Barazi said.",
        {"homs"},
        {"Talal Barazi"},
        Partial(5, 21, "May 21"),
    )
    found = episodes.infer(u, WAER_MAY_2017)
    assert (found.day, found.leaned) == (date(2017, 5, 21), ["w2"])
    assert found.reason.startswith("dateline May 21 in its episode's days")
    # two episodes' days hold May 21 (2014's reach to the 23rd): no date
    assert episodes.infer(u, HOMS_MAY_2014 + WAER_MAY_2017).day is None
    # a stated past date after the dateline's day rules it out
    late = undated(
        "The deal of May 30, 2017 held, Talal Barazi said.",
        {"homs"},
        {"Talal Barazi"},
        Partial(5, 21, "May 21"),
    )
    assert episodes.infer(late, WAER_MAY_2017).day is None


def test_the_episode_of_each_undated_report_is_found_once_per_build(tmp_path, monkeypatch):
    calls = []
    real = episodes.members
    monkeypatch.setattr(episodes, "members", lambda u, d: calls.append(u.article_id) or real(u, d))
    (tmp_path / "a.txt").write_text(REPORT_2016_WITH_TOLL, encoding="utf-8")
    (tmp_path / "b.txt").write_text(REPORT_UNDATED_SAME_EPISODE, encoding="utf-8")
    (tmp_path / "c.txt").write_text(REPORT_UNDATED, encoding="utf-8")
    pipeline.build(tmp_path, None, progress=False)
    assert len(calls) == 2 and len(set(calls)) == 2


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        # no days of its own: its episode's days
        ((), ("2016-12-01", "2016-12-28")),
        # "on Thursday" fitting two Thursdays equally: the day before the first to the last
        ((date(2016, 12, 15), date(2016, 12, 22)), ("2016-12-14", "2016-12-22")),
        # never beyond its episode's days
        ((date(2016, 12, 1), date(2016, 12, 2)), ("2016-12-01", "2016-12-02")),
    ],
)
def test_an_undated_reports_figures_hold_on_the_days_it_may_be_of(candidates, expected):
    window = (date(2016, 12, 1), date(2016, 12, 28))
    first, last = corpus._days_it_may_be_of(window, candidates)
    assert (first.isoformat(), last.isoformat()) == expected
