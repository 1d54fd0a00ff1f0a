"""Page furniture: each pattern of vocab/furniture.csv on lines it must blank and lines it must keep."""

from __future__ import annotations

import pytest

from dashboard.extract import furniture
from dashboard.extract.text import blank


def furniture_of(text: str) -> list[str]:
    return [text[s:e] for s, e in furniture.furniture_spans(text)]


@pytest.mark.parametrize(
    "line",
    [
        "3 min read",
        "Reading time: 4 minutes",
        "Follow us on Twitter",
        "Like Us on Facebook",
        "Make BBC Your Homepage",
        "Donate now to keep our reporters in the field",
        "SOS-24 - Make a donation to support displaced families!",
        "Join the Example Daily mailing list",
        "Sign up for our morning newsletter",
        "(Photo : Reuters) Smoke rises over the old city after a strike.",
        "Photo: AFP",
        "Featured image via Wikimedia under Creative Commons 4.0.",
        "Displaced families wait at a checkpoint. Reuters/Jane Doe",
        "Smoke over the old city. Source.",
        "Real Time Analytics",
        "Tags: Syria, Aleppo, evacuation",
        "Related: More coverage of the war",
        "Related ArticlesRebels evacuated from Homs, cradle of Syrian uprising",
        "More stories",
        "Latest news",
        "READ SOME MORE",
        "Most shared",
        "News \u00b7 World \u00b7 Africa",
        "World | Middle East | Africa",
        "Published on 04 Jul 2018",
        "Published: 12 May 2019 10:14 GMT",
        "Updated 15 March 2018",
        "Updated: 04-06-2019",
        "Posted on June 4, 2019",
        "Image Caption and Rights Information",
        "Photo caption: Families in Aleppo wait for buses.",
        "Middle East Affairs (MEA)",
        "Home > World > Middle East",
        "12/14/2016 10:22:31 AM",
        "Jane Doe contributed to this report.",
        "AFP's John Roe also contributed to this report.",
        "Reporting by Jane Doe; Editing by John Roe",
        "© 2016 Example Media. All rights reserved.",
        "ADVERTISEMENT",
        "We use cookies to improve your experience on our site.",
    ],
)
def test_furniture_lines(line):
    text = f"Headline of a report on the siege\n\n{line}\n\nRebels said 500 people left the city on Tuesday."
    assert furniture_of(text) == [line]


@pytest.mark.parametrize(
    "line",
    [
        "Aleppo Evacuation Moves Forward Under New Agreement",
        "Syria: Aid convoys reach Aleppo",
        "By Jane Doe December 13, 2016",  # a byline: article_meta reads it
        "Dec 14, 2016 09:18 PM EST",
        "Shot in their homes",  # a subheading of the story
        "A source close to the talks said the deal held.",
        "The rebels said photos from the city showed wide destruction.",
        "Officials said 15,000 people want to leave.",
        "The ceasefire began at 6pm local time.",
        "Russia said on Tuesday rebels had kept 100,000 people as human shields.",
        '"Are you truly incapable of shame?" she asked the council.',
        "Updated figures show 500 people left the city.",
        "Published reports said 300 people died.",
        "More news came from Aleppo on Tuesday, officials said.",
        "Related stories of loss filled the city.",
        "Top news agencies said 50 people died.",
        "Syria \u2013 Aleppo \u2013 the last convoy",
        "Syria | Al Jazeera",
        "Posted guards stood at the gate.",
    ],
)
def test_story_lines_are_not_furniture(line):
    assert furniture_of(f"{line}\n") == []


def test_a_repeat_of_the_headline_is_furniture_but_not_the_headline():
    text = (
        "Convoy leaves Homs\n\nConvoy leaves Homs\n\nThe convoy left Homs on Tuesday.\nConvoy  leaves HOMS\n"
    )
    spans = furniture.furniture_lines(text)
    assert [(text[s:e], why) for s, e, why in spans] == [
        ("Convoy leaves Homs", "a repeat of the headline"),
        ("Convoy  leaves HOMS", "a repeat of the headline"),
    ]
    assert spans[0][0] > 0


def test_furniture_yields_no_dated_events_figures_or_places():
    from dashboard.extract import ingest, places, report

    story = "Rebels leave Homs\n\nBy Jane Doe, May 7, 2014\n\nRebels left Homs on Wednesday.\n\n"
    block = (
        "Related ArticlesRebels evacuated from Aleppo on Dec. 15, 2016 with 4,000 fighters\n"
        "More stories\n"
        "Published: 12 May 2019 10:14 GMT\n"
        "World | Middle East | Africa\n"
        "(Photo : Reuters) Families wait in Douma on May 2, 2018 as 300 buses leave.\n"
        "Rebels leave Homs\n"
    )
    ing, _ = ingest.read_report("r.txt", (story + block).encode())
    assert ing is not None
    result = report.extract_report(ing, places.load_gazetteer())
    tail = len(story)
    assert not [s for s in result.mentions["start"] if s >= tail]
    assert not [s for s in result.figures["start"] if s >= tail]
    assert not [r for r in result.refs if r.start >= tail]


def test_a_hidden_email_in_a_byline_is_blanked_but_not_the_date():
    text = "( [email\u00a0protected] ) Dec 14, 2016 09:18 PM EST\nStory."
    assert furniture_of(text) == ["( [email\u00a0protected] )"]


def test_blanking_furniture_keeps_offsets_and_line_breaks():
    text = "2 minutes to read\nRebels left on Tuesday.\nLike Us on Facebook\n"
    body = blank(text, furniture.furniture_spans(text))
    assert len(body) == len(text)
    assert body.split("\n") == [" " * 17, "Rebels left on Tuesday.", " " * 19, ""]


# ------------------------------------------------------------------ metadata
