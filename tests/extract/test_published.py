"""A report's publication date from its own evidence (issue 10): stamps, bylines, datelines,
HTML metadata and the URL, each form in a case table, and the rules that reject a stamp."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.extract import articles, dates, furniture, published
from dashboard.extract.ingest import blank_markup
from dashboard.extract.text import Document, blank, sentences

STORY = "Rebels said on Tuesday that 500 people had left the besieged districts."
HEADLINE = "Aleppo truce holds for a second day"


def doc_of(raw: str, name: str = "report.txt") -> Document:
    body = blank_markup(raw) if name.endswith(".html") else raw
    return Document(name, raw, blank(body, furniture.furniture_spans(body)))


def meta_of(raw: str, name: str = "report.txt") -> dict:
    doc = doc_of(raw, name)
    return articles.article_meta(doc, dates.find_date_refs(doc.body, sentences(doc.body)))


# the page's top lines -> (date, basis, the words it came from)
@pytest.mark.parametrize(
    ("top", "expected"),
    [
        ("Published June 4,2019", (date(2019, 6, 4), "metadata", "Published June 4,2019")),
        ("By AFP - Mar 17,2018 - Last updated at Mar 17,2018", (date(2018, 3, 17), "byline", "Mar 17,2018")),
        ("Tue Jun 04 09:12:51 EAT 2019", (date(2019, 6, 4), "byline", "Tue Jun 04 09:12:51 EAT 2019")),
        ("AFP | 2019-06-04 09:12:51.0", (date(2019, 6, 4), "byline", "2019-06-04 09:12:51")),
        ("Sun May 4, 2014 22:05:08", (date(2014, 5, 4), "byline", "Sun May 4, 2014 22:05:08")),
        ("4th June 2019", (date(2019, 6, 4), "byline", "4th June 2019")),
        ("Jul 3rd, 2018 by Alsouria Net (opposition website)", (date(2018, 7, 3), "byline", "Jul 3rd, 2018")),
        ("Updated: 04-06-2019", (date(2019, 6, 4), "metadata", "Updated: 04-06-2019")),  # day first with '-'
        ("Updated: 04.06.2019", (date(2019, 6, 4), "metadata", "Updated: 04.06.2019")),
        ("Date: 12/25/2016", (date(2016, 12, 25), "metadata", "Date: 12/25/2016")),
        # a stamp opening a long line (a stored copy's header run into the lead)
        (
            " date 2019-06-04 BEIRUT, June 4 Rebel fighters and their families began leaving the district "
            "on Tuesday under a deal with the government that is expected to be the largest of its kind.",
            (date(2019, 6, 4), "metadata", "date 2019-06-04"),
        ),
        (
            "HOMS, June 4, 2019 (Reuters) - Rebels left the district.",
            (date(2019, 6, 4), "dateline", "June 4, 2019 (Reuters)"),
        ),
        # neither dates: a time alone, the days a report covers, a live clock, an ambiguous slash date
        ("Updated 10:14 GMT", (None, "unknown", None)),
        ("Situation Report No. 17 (1 - 20 October 2017)", (None, "unknown", None)),
        ("Attacks between Jun. 15 - 30, 2018", (None, "unknown", None)),
        ("11/21/2024 04:10:56 pm", (None, "unknown", None)),
        ("Date: 03/04/2016", (None, "unknown", None)),
    ],
)
def test_stamps_and_bylines(top, expected):
    meta = meta_of(f"{HEADLINE}\n\n{top}\n\n{STORY}\n")
    assert (meta["published"], meta["published_basis"], meta["published_text"]) == expected


def test_a_page_view_stamp_weeks_after_the_story_is_no_publication_date():
    # "Mon 22 Jul 2024" over a story whose dated statements are of April and that speaks of
    # "Saturday" and "tomorrow": the page was viewed then, not published
    story = (
        "Putin declared victory in the battle for the port on 21 April. The operation began on 29 April. "
        "Rescuers arrived on Saturday morning and more will leave tomorrow."
    )
    assert meta_of(f"Mon 22 Jul 2024\n\n{HEADLINE}\n\n{story}\n")["published"] is None
    # the byline further down is the date
    meta = meta_of(f"Sunday July 21, 2024 17:04\n\n{HEADLINE}\n\nMay 1st, 2024 by Staff\n\n{story}\n")
    assert (meta["published"], meta["published_basis"]) == (date(2024, 5, 1), "byline")


# a byline years after every year its story names (a re-publication stamp) -> dated only where the
# story's own year-less date falls on its weekday in the byline's year, days before it
@pytest.mark.parametrize(
    ("story", "expected"),
    [
        (
            "Fighting has displaced 270,000 people as of Monday, July 2. The war began in March 2011.",
            date(2018, 7, 3),
        ),
        ("Fighting has displaced 270,000 people as of Tuesday, July 2. The war began in March 2011.", None),
        ("Fighting has displaced 270,000 people as of July 2. The war began in March 2011.", None),
        ("Fighting has displaced 270,000 people as of Monday, June 4. The war began in March 2011.", None),
    ],
)
def test_a_weekday_of_the_story_bears_out_a_bylines_year(story, expected):
    assert meta_of(f"03 Jul 2018 | 02:07 AM UTC\n\n{HEADLINE}\n\n{story}\n")["published"] == expected


def test_a_stamp_before_a_past_date_of_the_story_is_not_its_date():
    story = "The deal was signed on March 20, 2018, officials said."
    assert meta_of(f"{HEADLINE}\nPublished: 18 March 2018\n{story}\n")["published"] is None
    assert meta_of(f"{HEADLINE}\nPublished: 21 March 2018\n{story}\n")["published"] == date(2018, 3, 21)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<meta property="article:published_time" content="2019-06-04T09:12:51Z">', date(2019, 6, 4)),
        (
            '<script type="application/ld+json">{"datePublished": "2019-06-04T09:12"}</script>',
            date(2019, 6, 4),
        ),
        ('<time datetime="2019-06-04">4 June</time>', date(2019, 6, 4)),
        ('<meta property="article:published_time" content="2019-02-30T09:12:51Z">', None),
    ],
)
def test_html_metadata(head, expected):
    raw = f"<html><head>{head}</head>\n<body><h1>{HEADLINE}</h1>\n<p>{STORY}</p></body></html>"
    meta = meta_of(raw, "page.html")
    assert meta["published"] == expected
    assert meta["published_basis"] == ("metadata" if expected else "unknown")


# a top line -> the month and day it states without a year (a dateline, a year-less stamp)
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("HOMS, June 4 (Reuters) - Rebels left the district.", (6, 4)),
        ("BEIRUT, Lebanon, February 11 (UNHCR) - Aid arrived.", (2, 11)),
        ("HOMS, Syria, May 21 -- The last batch of rebels left.", (5, 21)),
        ("London, May 9: Government troops took the Old City.", (5, 9)),
        ("BEIRUT, March 18 Rebel fighters began leaving.", (3, 18)),
        ("May 1 (Reuters) - Civilians left the plant.", (5, 1)),
        ("Oct 17, 6:19 AM EDT", (10, 17)),
        ("May 4 people were killed in the strike.", None),
        ("HOMS, February 30 (Reuters) - Rebels left.", None),
    ],
)
def test_datelines_give_month_and_day(line, expected):
    partial = meta_of(f"{HEADLINE}\n\n{line}\n\n{STORY}\n")["published_partial"]
    assert ((partial.month, partial.day) if partial else None) == expected


# a URL -> (the day it names, its (year, month))
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://ewn.co.za/2019/03/30/death-toll-rises", (date(2019, 3, 30), (2019, 3))),
        ("https://newarab.com/english/news/2018/6/29/rebels-agree", (date(2018, 6, 29), (2018, 6))),
        ("https://www.dailyherald.com/article/20190324/news/303249972/", (date(2019, 3, 24), (2019, 3))),
        (
            "http://www.dailystar.com.lb/News/Middle-East/2017/May-21/406663-last-rebels.ashx",
            (date(2017, 5, 21), (2017, 5)),
        ),
        ("https://docslib.org/doc/8502885/2018-06-29-southern-syria-fla", (date(2018, 6, 29), (2018, 6))),
        (
            "https://reliefweb.int/report/syria/flash-update-recent-events-18-october-2017",
            (date(2017, 10, 18), (2017, 10)),
        ),
        ("http://www.indiatalkies.com/2014/05/troops-retake-homs.html", (None, (2014, 5))),
        # the end of a range, a crawler's query, a calendar this reader does not know, no date
        ("https://reliefweb.int/report/syria/situation-report-no-17-1-20-october-2017", (None, None)),
        (
            "http://hosted.ap.org/dynamic/stories/M/ML_SYRIA?SITE=MIDTN&CTIME=2012-05-01-14-10-57",
            (None, None),
        ),
        ("https://kayhan.london/1396/12/27/110418", (None, None)),
        ("https://www.syriahr.com/en/86871/", (None, None)),
        ("https://example.org/2019/02/30/story", (None, (2019, 2))),  # no such day: the month stands
        (None, (None, None)),
    ],
)
def test_url_dates(url, expected):
    assert published.url_date(url) == expected


def test_the_url_dates_a_report_without_a_stamp_and_completes_a_dateline():
    undated = meta_of(f"{HEADLINE}\n\n{STORY}\n")
    assert published.decide(undated, "https://x.org/2019/06/04/truce", []) == (
        date(2019, 6, 4),
        "url",
        "URL https://x.org/2019/06/04/truce",
    )
    assert published.decide(undated, None, []) == (None, "unknown", None)
    datelined = meta_of(f"{HEADLINE}\n\nHOMS, June 4 (Reuters) - {STORY}\n")
    day, basis, text = published.decide(datelined, "https://x.org/2019/06/truce", [])
    assert (day, basis) == (date(2019, 6, 4), "dateline") and text.startswith("June 4 (Reuters)")
    assert published.decide(datelined, "https://x.org/2019/01/truce", [])[0] is None  # another month
    # the page's own stamp comes first; the page's own address serves where sources.csv has none
    stamped = meta_of(f"{HEADLINE}\n\nPublished June 5,2019\n\n{STORY}\n")
    assert published.decide(stamped, "https://x.org/2019/06/04/truce", [])[1] == "metadata"
    linked = meta_of(f"https://x.org/2019/06/04/truce\n{HEADLINE}\n\n{STORY}\n")
    assert published.decide(linked, None, [])[:2] == (date(2019, 6, 4), "url")


# The story's own news day (basis story): a report with no stamp, URL date or dateline -> the day its
# first weekday names among the dates it states with their year, or None
@pytest.mark.parametrize(
    ("story", "expected"),
    [
        # a caption's date on the weekday the story's news is of
        (
            "Citizens evacuated from Sudan arrive at the Casablanca airport on April 26, 2023. Image Credit: AFP\n\n"
            "Thousands of foreigners continued to stream out on Wednesday of Khartoum.",
            date(2023, 4, 26),
        ),
        ("Buses began leaving the Old City Wednesday. Cars drive in Homs, May 7, 2014.", date(2014, 5, 7)),
        # the stated date is a Friday, the story's news a Monday: which Monday is not said
        (
            "People stand next to buses as passengers fleeing from Sudan arrive at the Arqeen land port in "
            "Aswan, Egypt. Taken April 28, 2023.\n\nEgypt said on Monday that 40,000 Sudanese had crossed.",
            None,
        ),
        # "since Wednesday" is where a period starts, not the news day: the next weekday decides
        ("Thousands have fled since Wednesday night, the 14th of March 2018. Shelling went on.", None),
        # a later date stated: the news is not of the weekday's date
        ("Rebels left on Wednesday, May 7, 2014. The talks ended on May 9, 2014.", None),
        # two dates on that weekday: which one is not said
        ("Buses left on Wednesday. The deal of May 7, 2014 followed that of April 30, 2014.", None),
        # ahead, or no weekday: no news day
        ("The remaining buses will leave the Old City on Wednesday, May 7, 2014, officials said.", None),
        ("The remaining fighters left the Old City of Homs on May 7, 2014, officials said.", None),
    ],
)
def test_the_storys_news_day(story, expected):
    meta = meta_of(f"{HEADLINE}\n\n{story}\n")
    refs = dates.find_date_refs(story, sentences(story))
    day, basis, text = published.decide(meta, None, refs)
    assert day == expected
    assert basis == ("story" if expected else "unknown")
    if expected:
        assert text is not None and text.endswith("the day the story's news is of")
