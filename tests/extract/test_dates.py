"""Date references: finding them with their tense, and resolving them against a publication date."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date

import pytest

from dashboard.extract.dates import DateRef, find_date_refs
from dashboard.extract.resolve import resolve
from dashboard.extract.text import sentences


def refs_of(text: str) -> list[DateRef]:
    return find_date_refs(text, sentences(text))


def only_ref(text: str) -> DateRef:
    refs = refs_of(text)
    assert len(refs) == 1, [r.text for r in refs]
    return refs[0]


# sentence -> (date words, kind, direction)
@pytest.mark.parametrize(
    ("sentence", "words", "kind", "direction"),
    [
        ("The talks will begin on Thursday.", "Thursday", "weekday", "future"),
        ("Officials said on Tuesday that the deal held.", "Tuesday", "weekday", "past"),
        ("The convoy would leave at about 6am (4am GMT) on Friday.", "Friday", "weekday", "future"),
        ("Aid is expected to arrive Wednesday.", "Wednesday", "weekday", "future"),
        ("Talks are due to resume on Monday.", "Monday", "weekday", "future"),
        ("Talks are scheduled for Friday.", "Friday", "weekday", "future"),
        ("The vote is due Friday.", "Friday", "weekday", "future"),
        ("Evacuations may start anytime Saturday.", "Saturday", "weekday", "future"),
        ("The clashes erupted on Sunday.", "Sunday", "weekday", "past"),
        ("The parties agreed on Tuesday to a truce.", "Tuesday", "weekday", "past"),
        ("On Monday, the army shelled the town.", "Monday", "weekday", "past"),
        ("The shelters will be opened on Friday.", "Friday", "weekday", "future"),
        ("The meeting was held on Friday.", "Friday", "weekday", "past"),
        ("Buses were supposed to have left by early Wednesday.", "early Wednesday", "weekday", "past"),
        ("The envoy spoke to the council on Tuesday evening.", "Tuesday evening", "weekday", "past"),
        ("He arrived last Friday.", "last Friday", "weekday", "past"),
        ("They meet next Monday.", "next Monday", "weekday", "future"),
        ("Shelling has not stopped since Monday.", "Monday", "weekday", "past"),
        ("A ceasefire was agreed yesterday.", "yesterday", "relative_day", "past"),
        ("The vote is today.", "today", "relative_day", "same"),
        ("Buses leave tomorrow.", "tomorrow", "relative_day", "future"),
        ("The road was cut five days ago.", "five days ago", "relative_day", "past"),
        ("Fighting intensified early this week.", "early this week", "week", "past"),
        ("Talks resume next week.", "next week", "week", "future"),
        ("The offensive began at the end of November.", "end of November", "month", "past"),
        ("Prices rose earlier this month.", "earlier this month", "month", "past"),
        ("Elections will be held in May.", "May", "month", "future"),
        ("The deal was signed on 3 March.", "3 March", "explicit", "past"),
        ("The deal was signed on March 3, 2017.", "March 3, 2017", "explicit", "past"),
        ("The envoy met rebels on Dec. 13 in Ankara.", "Dec. 13", "explicit", "past"),
        (
            "The siege ended on Wednesday, December 21, 2016.",
            "Wednesday, December 21, 2016",
            "explicit",
            "past",
        ),
        ("A census was taken on 2016-12-13.", "2016-12-13", "explicit", "past"),
    ],
)
def test_finds_date_words_with_their_tense(sentence, words, kind, direction):
    ref = only_ref(sentence)
    assert (ref.text, ref.kind, ref.direction) == (words, kind, direction)
    assert sentence[ref.start : ref.end] == words
    assert ref.sentence == (0, len(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "Russia Today reported the strike.",  # a channel, not a day
        "Good Friday services were cancelled.",  # a named day
        "Markets open on Tuesdays.",  # a habit, not a date
        "They may leave the city.",  # the verb, not the month
        "Theresa May spoke in London.",  # a name
        "The evacuation took two weeks and 24 hours.",  # durations
        "By Jane Doe December 13, 2016",  # a byline: the publication date, read by article_meta
        "Dec 14, 2016 09:18 PM EST",  # a dateline
    ],
)
def test_words_that_are_not_date_references(sentence):
    assert refs_of(sentence) == []


# A page's stamp above the story -> the dates the body keeps (dates._BYLINE_RULES, each rule on its
# own): a stamp's date, its weekday and its clock are the publication date (published.py), not a
# statement; the story's own dates stay.
STORY = "\n\nRebels left the city on Tuesday."


@pytest.mark.parametrize(
    ("stamp", "kept"),
    [
        # labelled stamp: a date right after "date", "Published:" opening the line, the headline after it
        (" date 2018-03-19 More than 200,000 people fled Syria's Afrin", ["Tuesday"]),
        ("Published: 12 May 2019 10:14 GMT", ["Tuesday"]),
        # dated byline: its weekday and clock go with it
        ("Wednesday, 7 May 2014 13:35 GMT", ["Tuesday"]),
        ("Sunday October 21, 2018 17:04", ["Tuesday"]),
        ("Making a Difference, 11 February 2014", ["Tuesday"]),
        ("By Jane Doe December 13, 2016", ["Tuesday"]),
        # year-less stamp: a month and day with a clock, nothing else
        ("Oct 17, 6:19 AM EDT", ["Tuesday"]),
        # a story's sentence that opens with a date keeps it, weekday and all
        ("Fighting resumed on Sunday, October 21, 2018.", ["Sunday, October 21, 2018", "Tuesday"]),
        ("June 4, 2019: Rebels left the city on Monday.", ["June 4, 2019", "Monday", "Tuesday"]),
        ("The talks began on June 4 at 6pm.", ["June 4", "Tuesday"]),
        ("Rebels said the date 2018-03-19 was set.", ["2018-03-19", "Tuesday"]),
    ],
)
def test_a_pages_stamp_is_no_statement(stamp, kept):
    text = stamp + STORY
    assert [r.text for r in refs_of(text)] == kept


@pytest.mark.parametrize(
    ("sentence", "time"),
    [
        ("The ceasefire went into effect at 6pm local time on Tuesday.", "6pm local time"),
        ("Implementation would begin at about 6am (4am GMT) on Thursday.", "6am (4am GMT)"),
        ("Five buses will enter the city on Wednesday around 5 a.m.", "5 a.m."),
        ("The UN voiced concern on Tuesday.", None),
    ],
)
def test_a_time_of_day_attaches_to_its_date(sentence, time):
    ref = only_ref(sentence)
    assert ref.time == time
    assert ref.kind == "weekday"  # the time is not a reference of its own


def test_refs_come_in_order_without_overlap():
    text = "On Tuesday, December 13, rebels said the buses would leave on Wednesday. Yesterday it rained."
    refs = refs_of(text)
    assert [r.text for r in refs] == ["Tuesday, December 13", "Wednesday", "Yesterday"]
    assert [r.kind for r in refs] == ["explicit", "weekday", "relative_day"]
    assert refs[0].weekday == 1 and refs[0].day == 13 and refs[0].month == 12 and refs[0].year is None


def test_date_ref_is_a_frozen_hashable_value():
    ref = only_ref("The clashes erupted on Sunday.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        ref.text = "Monday"  # type: ignore[misc]
    assert {ref: 1}[ref] == 1


WED = date(2016, 12, 14)


# sentence, publication date -> (date, date_end, precision)
@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        ("The talks will begin on Thursday.", WED, ("2016-12-15", "2016-12-15", "day")),
        ("Officials said on Wednesday the deal held.", WED, ("2016-12-14", "2016-12-14", "day")),  # same day
        ("The talks will begin on Wednesday.", WED, ("2016-12-14", "2016-12-14", "day")),
        ("Officials said on Tuesday the deal held.", WED, ("2016-12-13", "2016-12-13", "day")),
        ("Officials said on Thursday the deal held.", WED, ("2016-12-08", "2016-12-08", "day")),
        ("The talks will begin on Tuesday.", WED, ("2016-12-20", "2016-12-20", "day")),
        (
            "The bridge reopened on Friday.",
            date(2017, 1, 2),
            ("2016-12-30", "2016-12-30", "day"),
        ),  # year rollover
        ("A ceasefire was agreed yesterday.", date(2017, 1, 1), ("2016-12-31", "2016-12-31", "day")),
        ("Buses leave tomorrow.", date(2016, 12, 31), ("2017-01-01", "2017-01-01", "day")),
        ("The road was cut five days ago.", WED, ("2016-12-09", "2016-12-09", "day")),
        ("He arrived last Friday.", date(2016, 12, 16), ("2016-12-09", "2016-12-09", "day")),
        ("They meet next Monday.", date(2016, 12, 12), ("2016-12-19", "2016-12-19", "day")),
        ("Fighting intensified early this week.", WED, ("2016-12-12", "2016-12-14", "week")),
        ("Fighting intensified early this week.", date(2016, 12, 12), ("2016-12-12", "2016-12-12", "week")),
        ("Clashes broke out last week.", WED, ("2016-12-05", "2016-12-11", "week")),
        ("Talks resume next week.", WED, ("2016-12-19", "2016-12-25", "week")),
        ("Talks continued over the weekend.", date(2016, 12, 12), ("2016-12-10", "2016-12-11", "week")),
        ("The offensive began at the end of November.", WED, ("2016-11", "2016-11-30", "month")),
        ("The offensive began at the end of November.", date(2017, 1, 5), ("2016-11", "2016-11-30", "month")),
        ("The siege began in December.", date(2017, 1, 5), ("2016-12", "2016-12-31", "month")),
        ("Elections will be held in March.", WED, ("2017-03", "2017-03-31", "month")),
        ("Prices rose earlier this month.", WED, ("2016-12", "2016-12-13", "month")),
        ("Aid fell last month.", date(2017, 1, 5), ("2016-12", "2016-12-31", "month")),
        ("The deal was signed on 3 March.", date(2017, 3, 10), ("2017-03-03", "2017-03-03", "day")),
        ("The deal was signed on Dec. 30.", date(2017, 1, 2), ("2016-12-30", "2016-12-30", "day")),
        ("The deal was signed on March 3, 2017.", WED, ("2017-03-03", "2017-03-03", "day")),
    ],
)
def test_resolve(sentence, published, expected):
    assert resolve(only_ref(sentence), published) == expected


def test_absolute_refs_resolve_without_a_publication_date():
    assert only_ref("The deal was signed on March 3, 2017.").absolute
    assert resolve(only_ref("The deal was signed on March 3, 2017."), None)[0] == "2017-03-03"
    assert resolve(only_ref("The siege began in November 2015."), None)[:2] == ("2015-11", "2015-11-30")


def test_relative_refs_need_a_publication_date():
    ref = only_ref("The clashes erupted on Sunday.")
    assert not ref.absolute
    with pytest.raises(ValueError):
        resolve(ref, None)


# ------------------------------------------------------------------ impossible dates (issue 12)


# sentence, publication date -> what resolving its date words gives (None: text, not a date)
@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        ("The convoy left on 29 February.", date(2018, 3, 5), None),  # no 29 February in 2018
        ("The convoy left on February 29.", date(2018, 3, 5), None),
        ("The convoy will leave on 29 February.", date(2019, 2, 1), None),  # the nearest year: 2019
        ("The convoy left on 29 February.", date(2020, 3, 5), ("2020-02-29", "2020-02-29", "day")),
        ("The convoy will leave on 29 February.", date(2019, 12, 30), ("2020-02-29", "2020-02-29", "day")),
        ("The convoy left on Wednesday, 29 February.", date(2018, 3, 5), None),
    ],
)
def test_a_day_the_calendar_lacks_is_text(sentence, published, expected):
    assert resolve(only_ref(sentence), published) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The convoy left on 31 April.",
        "The convoy left on April 31, 2018.",
        "The convoy left on 29 February 2018.",
        "The convoy left on 2018-02-30.",
        "The convoy left on 30 Feb.",
    ],
)
def test_impossible_dates_are_no_date_references(sentence):
    assert refs_of(sentence) == []


def test_impossible_dates_raise_nowhere_downstream():
    from dashboard.extract import episodes, events
    from dashboard.extract.report import figure_as_of

    text = "Some 500 people left on 29 February. Talks resumed on Monday."
    refs, published = refs_of(text), date(2018, 3, 7)
    found = events.extract_events(text, sentences(text), refs, published, [])
    assert [e["date_text"] for e in found] == ["Monday"]
    assert figure_as_of(refs, 0, None, published) == ("2018-03-07", "2018-03-07", "day", "report_date")
    day, reason, _ = episodes.infer_published(refs, Counter({date(2018, 3, 5): 2}))
    assert day is None and reason.startswith("the date references fit 7 days")  # one Monday: a week of days


def test_a_report_with_an_impossible_date_builds(tmp_path):
    from dashboard.extract import pipeline

    (tmp_path / "a.txt").write_text(
        "Convoy leaves Homs\n\nBy Jane Doe March 7, 2018\n\n"
        "Some 500 people left Homs on 29 February, activists said. Talks resumed on Monday.\n",
        encoding="utf-8",
    )
    tables = pipeline.build(tmp_path, None, progress=False).tables
    assert list(tables["events"]["date_text"]) == ["Monday"]
    assert list(tables["articles"]["published"]) == ["2018-03-07"]


# ------------------------------------------------------------------ years, periods, since (issue 10)

JUL3 = date(2018, 7, 3)


# sentence -> (date words, kind, (date, date_end, precision) against 3 July 2018)
@pytest.mark.parametrize(
    ("sentence", "words", "kind", "expected"),
    [
        ("The siege has lasted since 2014.", "2014", "year", ("2014", "2014-12-31", "year")),
        ("Protests began in early 2011.", "early 2011", "year", ("2011", "2011-12-31", "year")),
        ("The district was besieged from late 2013.", "late 2013", "year", ("2013", "2013-12-31", "year")),
        ("By the end of 2016, Aleppo had fallen.", "end of 2016", "year", ("2016", "2016-12-31", "year")),
        ("In 2017, the deal was struck.", "2017", "year", ("2017", "2017-12-31", "year")),
        ("Elections were held in March.", "March", "month", ("2018-03", "2018-03-31", "month")),
        ("A shipment is planned between 2 and 6 July.", "between 2 and 6 July", "span", ("2018-07-02", "2018-07-06", "span")),
        ("Talks ran from 28 June to 2 July.", "from 28 June to 2 July", "span", ("2018-06-28", "2018-07-02", "span")),
        ("The convoy runs 3-6 May 2018.", "3-6 May 2018", "span", ("2018-05-03", "2018-05-06", "span")),
        ("Attacks killed 214 between Jun. 15 - 30, 2018.", "between Jun. 15 - 30, 2018", "span", ("2018-06-15", "2018-06-30", "span")),
        ("Fighting raged June 3-6.", "June 3-6", "span", ("2018-06-03", "2018-06-06", "span")),
        ("Talks ran from 28 December to 2 January.", "from 28 December to 2 January", "span", ("2017-12-28", "2018-01-02", "span")),
        ("Warplanes struck the town overnight.", "overnight", "period", ("2018-07-02", "2018-07-03", "span")),
        ("There was fighting throughout the night.", "throughout the night", "period", ("2018-07-02", "2018-07-03", "span")),
        ("Some 126 civilians were evacuated in recent days.", "in recent days", "period", ("2018-06-30", "2018-07-03", "span")),
        ("Aid arrived over the past few days.", "over the past few days", "period", ("2018-06-30", "2018-07-03", "span")),
        # a month with "of" before its year, or a year relative to the report's
        ("The generals shared power following a coup in October of 2021.", "October of 2021", "month", ("2021-10", "2021-10-31", "month")),
        ("Troops recaptured Aleppo in December last year.", "December last year", "month", ("2017-12", "2017-12-31", "month")),
        ("Elections are due in March next year.", "March next year", "month", ("2019-03", "2019-03-31", "month")),
        ("The floods of January this year killed 20.", "January this year", "month", ("2018-01", "2018-01-31", "month")),
        # weekdays joined into a period: two days in a row, or "from … to …"
        ("Several hundred fighters left on Saturday and Sunday.", "Saturday and Sunday", "weekday", ("2018-06-30", "2018-07-01", "span")),
        ("Talks ran from Friday to Monday.", "Friday to Monday", "weekday", ("2018-06-29", "2018-07-02", "span")),
        ("Talks ran Friday through Sunday.", "Friday through Sunday", "weekday", ("2018-06-29", "2018-07-01", "span")),
    ],
)  # fmt: skip
def test_years_periods_and_nights(sentence, words, kind, expected):
    ref = only_ref(sentence)
    assert (ref.text, ref.kind) == (words, kind)
    assert resolve(ref, JUL3) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The 2011 uprising spread.",  # a year naming a thing, not a time
        "About 2011 people left.",
        "Between 10,000 and 15,000 rebels would leave.",
        "Figures for 2017-2018 were revised.",
        "Some 30 to 40 people left.",
    ],
)
def test_numbers_that_are_not_years_or_periods(sentence):
    assert [r.kind for r in refs_of(sentence)] == []


def test_two_days_joined_by_and_are_two_days():
    assert [(r.kind, r.text) for r in refs_of("He said 3 and 6 May were quiet.")] == [("explicit", "6 May")]


def test_year_references_count_without_a_publication_date():
    from dashboard.extract import events

    text = "The siege has lasted since 2014. Rebels left on Thursday."
    found = events.extract_events(text, sentences(text), refs_of(text), None, [])
    assert [(e["date"], e["date_precision"]) for e in found] == [("2014", "year")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("More than 150,000 have fled since Wednesday evening.", ("2018-06-27", "2018-07-03", "span")),
        ("They fled since 14 June.", ("2018-06-14", "2018-07-03", "span")),
        ("They fled on Wednesday.", ("2018-06-27", "2018-06-27", "day")),
    ],
)
def test_since_a_day_is_a_span_up_to_the_report(sentence, expected):
    from dashboard.extract import events

    (found,) = events.extract_events(sentence, sentences(sentence), refs_of(sentence), JUL3, [])
    assert (found["date"], found["date_end"], found["date_precision"]) == expected


# Words of every kind of date reference, joined at random: resolving never raises (issue 12), on any
# publication day (leap days, year ends) or none.
_PIECES = (
    "on", "since", "between", "from", "to", "and", "-", "the", "of", "early", "late", "mid", "end of", "last", "next",
    "this", "in", "by", "29", "30", "31", "1st", "15th", "0", "99", "February", "Feb.", "April", "Apr", "December",
    "Jan", "2018", "2020", "1999", "2099", "Monday", "Sunday", "yesterday", "today", "tomorrow", "overnight", "week",
    "weekend", "month", "days ago", "hours", "past", "24", "2018-02-29", "2020-02-29", "said", "will", "was", ",", ".",
)  # fmt: skip
_DAYS = (date(2018, 2, 28), date(2020, 2, 29), date(2019, 12, 31), date(2021, 1, 1), date(2018, 4, 30), None)


def test_random_date_words_never_raise():
    import random

    rng = random.Random(12)
    for _ in range(3000):
        text = " ".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 9))) + "."
        for ref in refs_of(text):
            for published in _DAYS:
                if published is None and not ref.absolute:
                    continue
                got = resolve(ref, published)
                assert got is None or (got[0] and got[1] and got[2]), (text, ref)


def test_two_weekdays_apart_are_two_days():
    assert [r.text for r in refs_of("Shelling hit the town on Monday and Wednesday.")] == [
        "Monday",
        "Wednesday",
    ]
    assert [r.text for r in refs_of("Monday and Tuesday's talks failed.")] == ["Monday", "Tuesday's"]


# modals of what ought to happen look ahead
@pytest.mark.parametrize("sentence", ["The road should open Monday.", "The convoy must leave on Friday."])
def test_should_and_must_look_ahead(sentence):
    assert only_ref(sentence).direction == "future"
