"""Dated statements: gist of a sentence, events of a report, and the five seeds end to end
(furniture → metadata → date references → inferred publication dates → events)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from dashboard.extract import articles, dates, episodes, events, furniture, resolve
from dashboard.extract.text import Document, blank, sentences

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
EVENT_KEYS = {
    "date",
    "date_end",
    "date_precision",
    "date_text",
    "date_basis",
    "what",
    "place_id",
    "start",
    "end",
    "quote",
    "quote_start",
    "quote_end",
}


def events_of(text: str, published: date | None, mentions: list[dict] | None = None) -> list[dict]:
    sents = sentences(text)
    return events.extract_events(text, sents, dates.find_date_refs(text, sents), published, mentions or [])


# sentence, date words -> gist
@pytest.mark.parametrize(
    ("sentence", "words", "what"),
    [
        (
            "Under the terms of the deal, the truce took effect at noon local time on Monday.",
            "Monday",
            "truce took effect at noon local time",
        ),
        (
            "Officials said on Friday that the convoy had reached the city.",
            "Friday",
            "convoy had reached the city",
        ),
        ("A spokesman said the buses would leave at 5am on Sunday.", "Sunday", "buses would leave at 5am"),
        (
            "The agreement, which was brokered by Qatar, collapsed on Monday, officials said.",
            "Monday",
            "agreement collapsed",
        ),
        (
            "However, shelling, gunfire and air strikes resumed on Tuesday and the convoy turned back.",
            "Tuesday",
            "shelling, gunfire and air strikes resumed",
        ),
        (
            "On Wednesday, the council, which met in New York, voted to extend the mission.",
            "Wednesday",
            "council voted to extend the mission",
        ),
        ("The march began at the end of October.", "end of October", "march began"),
        (
            "The children, expected to arrive early on Saturday, were delayed.",
            "Saturday",
            "children expected to arrive",
        ),
        ("The bombing stopped on Sunday, he said.", "Sunday", "bombing stopped"),
        (
            "The truce deal, which stalled on Wednesday amid heavy fighting, was revived.",
            "Wednesday",
            "truce deal stalled amid heavy fighting",
        ),
        (
            "Witnesses said the checkpoint closed yesterday as crowds gathered.",
            "yesterday",
            "checkpoint closed",
        ),
        (
            "The group, one of the largest in the north, withdrew on Thursday, according to local media.",
            "Thursday",
            "group withdrew",
        ),
        (
            "Refugees crossed the border after the army took the town on Friday.",
            "Friday",
            "army took the town",
        ),
    ],
)
def test_gist(sentence, words, what):
    start = sentence.index(words)
    assert events.gist(sentence, start, start + len(words)) == what


def test_gist_is_short():
    sentence = (
        "The long-delayed convoy of trucks carrying food, medicine, blankets and fuel for the families "
        "trapped in the eastern districts finally entered the city on Monday."
    )
    start = sentence.index("Monday")
    what = events.gist(sentence, start, start + 6)
    assert len(what) <= events.WHAT_MAX_CHARS and what.endswith("…")
    assert what.startswith("long-delayed convoy of trucks")


def test_event_rows():
    text = "Headline\n\nThe army said the  road reopened on Monday near Homs. Talks will resume next week."
    mentions = [
        {"place_id": "homs", "surface": "Homs", "start": text.index("Homs"), "end": text.index("Homs") + 4}
    ]
    rows = events_of(text, date(2016, 12, 14), mentions)
    assert [set(r) for r in rows] == [EVENT_KEYS, EVENT_KEYS]
    monday, week = rows
    assert (monday["date"], monday["date_end"], monday["date_precision"], monday["date_text"]) == (
        "2016-12-12",
        "2016-12-12",
        "day",
        "Monday",
    )
    assert text[monday["start"] : monday["end"]] == "Monday"
    assert monday["quote"] == "The army said the road reopened on Monday near Homs."  # folded
    assert (
        text[monday["quote_start"] : monday["quote_end"]]
        == "The army said the  road reopened on Monday near Homs."
    )
    assert monday["place_id"] == "homs" and monday["what"] == "road reopened near Homs"
    assert (week["date"], week["date_end"], week["date_precision"], week["place_id"]) == (
        "2016-12-19",
        "2016-12-25",
        "week",
        None,
    )


def test_without_a_publication_date_only_dates_with_a_year():
    rows = events_of("The siege began on March 3, 2017. It ended on Friday.", None)
    assert [(r["date"], r["date_text"]) for r in rows] == [("2017-03-03", "March 3, 2017")]


def test_events_are_ordered_and_deterministic():
    text = "Yesterday the convoy left. On Tuesday talks failed. Tomorrow buses return."
    first = events_of(text, date(2016, 12, 14))
    assert [r["start"] for r in first] == sorted(r["start"] for r in first)
    assert first == events_of(text, date(2016, 12, 14))


# ------------------------------------------------------------------ the five seeds, end to end


def seed_docs() -> dict[str, Document]:
    docs = {}
    for path in sorted(SEEDS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        docs[path.name[:3]] = Document(path.name, raw, blank(raw, furniture.furniture_spans(raw)))
    return docs


@pytest.fixture(scope="module")
def seeds() -> dict[str, dict]:
    """Per seed: its metadata, refs, publication date (byline or inferred) and events."""
    out = {}
    for key, doc in seed_docs().items():
        sents = sentences(doc.body)
        out[key] = {"doc": doc, "sents": sents, "meta": articles.article_meta(doc)}
        out[key]["refs"] = dates.find_date_refs(doc.body, sents)
    anchors: Counter = Counter()
    for s in out.values():
        pub = s["meta"]["published"]
        if pub:
            anchors[pub] += 1
            for ref in s["refs"]:
                day, _, precision = resolve.resolve(ref, pub)
                if precision == "day":
                    anchors[date.fromisoformat(day)] += 1
    for s in out.values():
        s["published"], s["reason"] = s["meta"]["published"], s["meta"]["published_text"]
        if s["published"] is None:
            s["published"], s["reason"], _ = episodes.infer_published(s["refs"], anchors)
        s["events"] = events.extract_events(s["doc"].body, s["sents"], s["refs"], s["published"], [])
    return out


@pytest.mark.parametrize(
    ("key", "accepted"),
    [
        ("000", {"2016-12-14"}),
        ("001", {"2016-12-14", "2016-12-15", ""}),
        ("002", {"2016-12-14", "2016-12-15", ""}),
        ("003", {"2016-12-13", "2016-12-14", ""}),
        ("004", {"2016-12-13"}),
    ],
)
def test_seed_publication_dates(seeds, key, accepted):
    published = seeds[key]["published"]
    assert (published.isoformat() if published else "") in accepted, seeds[key]["reason"]


def test_seed_002_date_is_inferred_from_the_dated_reports(seeds):
    s = seeds["002"]
    assert s["meta"]["published"] is None
    assert s["published"] == date(2016, 12, 14)
    assert "Wednesday" in s["reason"] and "Thursday" in s["reason"] and "Tuesday" in s["reason"]


@pytest.mark.parametrize(
    ("key", "day", "words"),
    [
        ("000", "2016-12-15", "may start anytime Thursday"),
        ("000", "2016-12-14", "in the few remaining strongholds on Wednesday"),
        ("002", "2016-12-13", "the ceasefire went into effect at 6pm local time on Tuesday"),
        ("002", "2016-12-14", "air strikes, shelling and gunfire erupted on Wednesday"),
        ("002", "2016-12-15", "implementation would begin at about 6am (4am GMT) on Thursday"),
        ("004", "2016-12-13", "said Tuesday that the deal"),
    ],
)
def test_seed_required_events(seeds, key, day, words):
    s = seeds[key]
    at = s["doc"].raw.index(words)
    hits = [e for e in s["events"] if e["date"] == day and at <= e["start"] < at + len(words)]
    assert hits, [(e["date"], e["date_text"], e["what"]) for e in s["events"]]


def test_seed_002_whats(seeds):
    whats = [(e["date"], e["what"]) for e in seeds["002"]["events"]]
    assert ("2016-12-13", "ceasefire went into effect at 6pm local time") in whats
    assert ("2016-12-15", "implementation would begin at about 6am (4am GMT)") in whats
    assert ("2016-11", "sudden army advance began") in whats


def test_seed_event_dates_are_plausible(seeds):
    for key, s in seeds.items():
        published = s["published"]
        for e in s["events"]:
            day = date.fromisoformat(e["date"] if len(e["date"]) == 10 else e["date"] + "-01")
            assert published - timedelta(days=60) <= day <= published + timedelta(days=7), (key, e)
            assert s["doc"].raw[e["start"] : e["end"]] == (e["date_text"] or "")  # "" for the day's news


def test_seed_bylines_and_crawl_stamps_make_no_events(seeds):
    for s in seeds.values():
        assert not any(e["date"].startswith("2024") for e in s["events"])
        assert not any("2016" in (e["date_text"] or "") for e in s["events"])  # bylines are publication dates


# ------------------------------------------------------------------ the day's news (issue 10)

HEAD = "Cyclone toll rises\n\n"
MAR24 = date(2019, 3, 24)


# a lead sentence with no date words -> whether it is the news of the report's day, by its tense
@pytest.mark.parametrize(
    ("lead", "is_news"),
    [
        ("Cyclone Idai's death toll has risen above 750 in the three countries hit by the storm.", True),
        ("More than 100,000 people have now fled Sudan to neighbouring countries, the agency said.", True),
        ("Rescue teams are moving hundreds of displaced people to safer shelters near Beira.", True),
        ("The UN says more than 1.8 million people are affected by the storm in Mozambique.", True),
        (
            "The storm destroyed thousands of homes and flooded an area of 3,000 square kilometres.",
            False,
        ),  # past
        (
            "Aid agencies will scale up their operations to feed the hungry and treat the sick.",
            False,
        ),  # future
        ("Toll rises", False),  # a headline, not a statement
    ],
)
def test_lead_statements_without_date_words_take_the_report_date(lead, is_news):
    body = HEAD + lead + "\n"
    sents = sentences(body)
    found = events.extract_events(body, sents, dates.find_date_refs(body, sents), MAR24, [])
    news = [e for e in found if e["date_basis"] == "report_date"]
    assert [(e["date"], e["date_precision"], e["date_text"]) for e in news] == (
        [("2019-03-24", "day", None)] if is_news else []
    )


def test_the_days_news_needs_the_report_date_and_a_lead():
    body = HEAD + "Cyclone Idai's death toll has risen above 750 in the three countries.\n"
    sents = sentences(body)
    assert events.extract_events(body, sents, [], None, []) == []  # undated: no day to give it
    later = HEAD + "The storm hit on Thursday night and flooded the city. " * 3
    later += "The toll has risen above 750 in the three countries hit by the storm.\n"
    sents = sentences(later)
    found = events.extract_events(later, sents, dates.find_date_refs(later, sents), MAR24, [])
    assert {e["date_basis"] for e in found} == {"sentence"}  # past the lead: not the day's news


def test_a_sentence_with_date_words_keeps_its_own_date():
    body = HEAD + "The toll has risen above 750 since Thursday, officials have said.\n"
    sents = sentences(body)
    (found,) = events.extract_events(body, sents, dates.find_date_refs(body, sents), MAR24, [])
    assert (found["date_basis"], found["date_text"]) == ("sentence", "Thursday")


# An undated report whose relative dates fit a week of days alike (episodes.best_days): sentence ->
# the rows that name the same day whichever of those days it is of (basis episode), or none.
WEEK_FROM_TUESDAY = tuple(date(2018, 6, 26) + timedelta(days=n) for n in range(7))  # Tue 26 .. Mon 2


@pytest.mark.parametrize(
    ("sentence", "rows"),
    [
        # a past weekday: the same Tuesday from any day up to the next Monday
        ("Government forces on Tuesday pushed deeper into Daraa.", [("2018-06-26", "day", "episode")]),
        ("Rebels left last Tuesday.", []),  # "last Tuesday" said on the Tuesday is a week before
        ("The convoy arrived yesterday.", []),  # a different day for each
        ("Talks will resume on Thursday.", []),  # ahead: the 28th or the 5th
        ("Aid arrived this week.", []),  # this week of the 26th or of the 2nd
        ("The siege began on June 19.", [("2018-06-19", "day", "episode")]),
        ("The offensive began in June.", [("2018-06", "month", "episode")]),
        # a year written: its own date, as in any report
        ("The war began in March 2011.", [("2011-03", "month", "sentence")]),
        # the day's news needs the report's date
        ("Thousands of people have fled the fighting in the south of the country so far.", []),
    ],
)
def test_an_undated_reports_dates_that_hold_whichever_day_it_is_of(sentence, rows):
    sents = sentences(sentence)
    refs = dates.find_date_refs(sentence, sents)
    got = events.extract_events_within(sentence, sents, refs, WEEK_FROM_TUESDAY, [])
    assert [(e["date"], e["date_precision"], e["date_basis"]) for e in got] == rows


THURSDAY_TO_MONDAY = tuple(date(2018, 6, 28) + timedelta(days=n) for n in range(5))  # Thu 28 .. Mon 2


# "since <weekday>" in an undated report: sentence -> (first day, last day, precision): from that
# weekday up to the first day the report may be of (it holds at least that long), or no row
@pytest.mark.parametrize(
    ("sentence", "rows"),
    [
        ("Some 2,000 fighters have left since Tuesday.", [("2018-06-26", "2018-06-28", "span")]),
        (
            "Thousands have fled since Wednesday night, the monitor said.",
            [("2018-06-27", "2018-06-28", "span")],
        ),
        # the day itself, said on any day of the week after it
        ("Government forces on Tuesday pushed deeper into Daraa.", [("2018-06-26", "2018-06-26", "day")]),
        # a weekday ahead or "since yesterday" differs for each day it may be of
        ("Aid has been stuck since yesterday.", []),
        ("Talks will resume on Friday.", []),
    ],
)
def test_since_a_weekday_in_an_undated_report(sentence, rows):
    sents = sentences(sentence)
    refs = dates.find_date_refs(sentence, sents)
    got = events.extract_events_within(sentence, sents, refs, THURSDAY_TO_MONDAY, [])
    assert [(e["date"], e["date_end"], e["date_precision"]) for e in got] == rows
    assert {e["date_basis"] for e in got} <= {"episode"}


def test_an_undated_report_without_candidate_days_keeps_only_dates_with_a_year():
    text = "Government forces on Tuesday pushed deeper. The war began in March 2011."
    sents = sentences(text)
    got = events.extract_events_within(text, sents, dates.find_date_refs(text, sents), (), [])
    assert [e["date_text"] for e in got] == ["March 2011"]


# An undated report: its year-less dates near the days it states with their year -> dated in that year
@pytest.mark.parametrize(
    ("text", "rows"),
    [
        (
            "Situation Report No. 17 (1 - 20 October 2017). On 12 October, the screening point was attacked.",
            [("2017-10-01", "span"), ("2017-10-12", "day")],
        ),
        (
            "The deal was signed on December 28, 2016. Buses left on 2 January.",
            [("2016-12-28", "day"), ("2017-01-02", "day")],
        ),
        # too far from any stated day: which year is not said
        ("The war began on 15 March 2011. Buses left on 2 January.", [("2011-03-15", "day")]),
        # a month or a year stated is no day to lean on
        ("The siege began in March 2013. Buses left on 2 March.", [("2013-03", "month")]),
    ],
)
def test_an_undated_reports_yearless_dates_take_the_year_of_the_days_it_states(text, rows):
    sents = sentences(text)
    got = events.extract_events_within(text, sents, dates.find_date_refs(text, sents), (), [])
    assert [(e["date"], e["date_precision"]) for e in got] == rows
    assert {e["date_basis"] for e in got} == {"sentence"}
