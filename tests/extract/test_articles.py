"""Page furniture, article metadata (title, outlet, publication date) and date inference."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dashboard.extract import articles, furniture
from dashboard.extract.ingest import blank_markup
from dashboard.extract.text import Document, blank

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def doc_of(raw: str, name: str = "report.txt") -> Document:
    body = blank_markup(raw) if name.endswith(".html") else raw
    return Document(name, raw, blank(body, furniture.furniture_spans(body)))


def seed(name_prefix: str) -> Document:
    path = next(SEEDS.glob(f"{name_prefix}_*.txt"))
    return doc_of(path.read_text(encoding="utf-8"), path.name)


# ------------------------------------------------------------------ furniture


STORY = "Rebels said on Tuesday that 500 people had left the besieged districts."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            f"Aleppo truce holds for a second day\n\nBy Jane Doe December 13, 2016\n\n{STORY}\n",
            (date(2016, 12, 13), "byline", "December 13, 2016"),
        ),
        (
            f"Aleppo truce holds\n\n( [email\u00a0protected] ) Dec 14, 2016 09:18 PM EST\n{STORY}\n",
            (date(2016, 12, 14), "byline", "Dec 14, 2016 09:18 PM EST"),
        ),
        (
            f"Aleppo truce holds\nPublished: 14 December 2016\n{STORY}\n",
            (date(2016, 12, 14), "metadata", "Published: 14 December 2016"),
        ),
        (
            f"Aleppo truce holds\nUpdated: 15 December 2016\nPublished: 14 December 2016\n{STORY}\n",
            (date(2016, 12, 14), "metadata", "Published: 14 December 2016"),
        ),
        # a clock with seconds is a page or crawl time, never the publication date
        (f"NEWS WIRE\n\n11/21/2024 04:10:56 pm\n\nAleppo truce holds\n\n{STORY}\n", (None, "unknown", None)),
        # a byline years after every year the story names is a re-publication stamp
        (
            f"Aleppo truce holds\nBy Jane Doe March 3, 2024\nThe 2016 truce held. {STORY}\n",
            (None, "unknown", None),
        ),
        (f"Aleppo truce holds\n\n{STORY}\n", (None, "unknown", None)),
        # a date inside a story sentence is not a byline
        (
            "Aleppo truce holds\nOn December 13, 2016 rebels and the army agreed to a ceasefire in the city.\n",
            (None, "unknown", None),
        ),
    ],
)
def test_publication_date(raw, expected):
    meta = articles.article_meta(doc_of(raw))
    assert (meta["published"], meta["published_basis"], meta["published_text"]) == expected


def test_html_metadata():
    raw = (
        '<html><head><meta property="article:published_time" content="2016-12-14T21:18:00Z">'
        '<meta property="og:site_name" content="Example News"></head>\n<body><h1>Aleppo talks resume</h1>\n'
        f"<p>{STORY}</p></body></html>"
    )
    meta = articles.article_meta(doc_of(raw, "page.html"))
    assert meta["title"] == "Aleppo talks resume"
    assert meta["outlet"] == "Example News"
    assert meta["published"] == date(2016, 12, 14)
    assert meta["published_basis"] == "metadata"


@pytest.mark.parametrize(
    ("raw", "title", "outlet"),
    [
        (
            f"NEWS WIRE\n\nMake NW Your Homepage\n\nAleppo truce holds for a second day\n\n{STORY}",
            "Aleppo truce holds for a second day",
            "NEWS WIRE",
        ),
        (f"Aleppo truce holds\n\n{STORY}\n\nMake NW Your Homepage\n", "Aleppo truce holds", "NW"),
        (
            f"Aleppo truce holds\n\n{STORY}\n\nJoin the Example Daily mailing list\n",
            "Aleppo truce holds",
            "Example Daily",
        ),
        (
            f"Aleppo truce holds\n\n{STORY}\n\nVOA's Jane Doe contributed to this report.\n",
            "Aleppo truce holds",
            "VOA",
        ),
        (
            f"2 minutes to read\n\nBy Jane Doe December 13, 2016\n\nAleppo truce holds\n\n{STORY}",
            "Aleppo truce holds",
            None,
        ),
        # a page's date stamp glued before the headline is no part of it
        (f"date 2017-03-18 Aleppo truce holds\n\n{STORY}", "Aleppo truce holds", None),
    ],
)
def test_title_and_outlet(raw, title, outlet):
    meta = articles.article_meta(doc_of(raw))
    assert (meta["title"], meta["outlet"]) == (title, outlet)


# ------------------------------------------------------------------ the seeds


def test_seed_furniture_is_blanked_and_bylines_kept():
    body_001, body_003, body_004 = seed("001").body, seed("003").body, seed("004").body
    assert "2 minutes to read" not in body_001 and "Creative Commons 2.0" not in body_001
    assert (
        "11/21/2024" not in body_003 and "Make CT Your Homepage" not in body_003 and "CHINA" not in body_003
    )
    assert "UNITED24" not in body_004 and "Ukraine" not in body_004 and "mailing list" not in body_004
    assert "By Margaret Besheer December 13, 2016" in body_004
    assert "Dec 14, 2016 09:18 PM EST" in seed("000").body


@pytest.mark.parametrize(
    ("prefix", "title", "outlet", "published", "basis"),
    [
        (
            "000",
            "Syria Aleppo Crisis Update: Evacuations to Begin as Opposing Forces Agree on Truce, Ceasefire Back on Track",
            None,
            date(2016, 12, 14),
            "byline",
        ),
        ("001", "Aleppo Evacuation Moves Forward Under New Agreement", None, None, "unknown"),
        ("002", "Aleppo ceasefire is back on track, Syrian forces claim", None, None, "unknown"),
        (
            "003",
            "Aleppo: Ceasefire Announced in the Besieged Syrian City to Evacuate Civilians",
            "CHINA TOPIX",
            None,
            "unknown",
        ),
        (
            "004",
            "Rebels: Aleppo Evacuation Deal Reached With Syrian Regime",
            "GlobalSecurity.org",
            date(2016, 12, 13),
            "byline",
        ),
    ],
)
def test_seed_metadata(prefix, title, outlet, published, basis):
    meta = articles.article_meta(seed(prefix))
    assert (meta["title"], meta["outlet"], meta["published"], meta["published_basis"]) == (
        title,
        outlet,
        published,
        basis,
    )
