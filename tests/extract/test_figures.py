"""Figures: case tables of sentences -> expected rows, negative cases, the seeds against the gold."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dashboard.extract import figures
from dashboard.extract.text import sentences

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "extract" / "acceptance" / "seeds_gold.json"  # the repo's copy: CI has no ../shared

# A toy gazetteer for the place columns: the places stage is tested elsewhere.
PLACES = {
    "Aleppo": "aleppo",
    "east Aleppo": "aleppo",
    "eastern Aleppo": "aleppo",
    "Idlib": "idlib",
    "Foua": "foua",
    "Kefraya": "kefraya",
    "Ghouta": "ghouta",
    "Madaya": "madaya",
    "Douma": "douma",
    "Homs": "homs",
    "Turkey": "turkey",
    "Syria": "syria",
    "Afrin": "afrin",
}
_PLACE = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, PLACES), key=len, reverse=True)) + r")\b")


def mentions_in(body: str) -> list[dict]:
    return [
        {"place_id": PLACES[m.group()], "surface": m.group(), "start": m.start(), "end": m.end()}
        for m in _PLACE.finditer(body)
    ]


def extract(body: str) -> list[dict]:
    return figures.extract_figures(body, sentences(body), mentions_in(body))


def rows(body: str, *keys: str) -> list[tuple]:
    return [tuple(f[k] for k in keys) for f in extract(body)]


# ------------------------------------------------------------------ what is counted, how many, how sure

KEYS = ("value", "low", "high", "unit", "subject", "qualifier")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the seeds' phrasing
        (
            "Government forces appear to have slaughtered at least 82 civilians in their homes.",
            [(82, 82, 82, None, "civilians", "at least")],
        ),
        (
            "An official said some 15,000 people would be evacuated from the villages.",
            [(15000, 15000, 15000, None, "people", "about")],
        ),
        (
            "Russia said rebels had kept over 100,000 people in east Aleppo as human shields.",
            [(100000, 100000, 100000, None, "people", "more than")],
        ),
        (
            "Lavrov said the rebels now controlled an enclave of only 2.5sq km.",
            [(2.5, 2.5, 2.5, "sq km", "enclave", None)],
        ),
        (
            "The ministry said 6,000 civilians and 366 fighters had left rebel-held districts.",
            [(6000, 6000, 6000, None, "civilians", None), (366, 366, 366, None, "fighters", None)],
        ),
        (
            "A total of 15,000 people, including 4,000 rebel fighters, wanted to leave Aleppo.",
            [(15000, 15000, 15000, None, "people", None), (4000, 4000, 4000, None, "rebel fighters", None)],
        ),
        (
            "Soldiers were summarily shooting dead 82 people, including 11 women and 13 children.",
            [
                (82, 82, 82, None, "people", None),
                (11, 11, 11, None, "women", None),
                (13, 13, 13, None, "children", None),
            ],
        ),
        (
            "Eastern Aleppo has become a bloody grave for thousands of innocent civilians.",
            [(None, 1000, 9999, None, "civilians", "thousands of")],
        ),
        (
            "Evacuation may begin for tens of thousands of civilians caught in the crossfire.",
            [(None, 10000, 99999, None, "civilians", "tens of")],
        ),
        (
            "Many children, possibly more than 100, are trapped in a building.",
            [(100, 100, 100, None, "children", "more than")],
        ),
        (
            "Three member states of the UN, contributing to a noose around civilians.",
            [(3, 3, 3, None, "member states", None)],
        ),
        # other crises, other phrasing
        ("Some 2,000 families fled Ghouta on Sunday.", [(2000, 2000, 2000, None, "families", "about")]),
        ("Nearly 300 wounded were evacuated to Idlib.", [(300, 300, 300, None, "wounded", "about")]),
        (
            "Between 5,000 and 7,000 people remain trapped in Madaya.",
            [(None, 5000, 7000, None, "people", None)],
        ),
        ("He said 10,000 to 15,000 people remain in the area.", [(None, 10000, 15000, None, "people", None)]),
        (
            "Tens of thousands of civilians have fled the fighting.",
            [(None, 10000, 99999, None, "civilians", "tens of")],
        ),
        ("About 1.5 million people are in need of aid.", [(1.5e6, 1.5e6, 1.5e6, None, "people", "about")]),
        ("Nearly half a million people live in the area.", [(5e5, 5e5, 5e5, None, "people", "about")]),
        ("A dozen ambulances reached the crossing.", [(12, 12, 12, None, "ambulances", None)]),
        ("Two hundred people were killed in Douma.", [(200, 200, 200, None, "people", None)]),
        ("The UN said 30 per cent of the population had left.", [(30, 30, 30, "%", "population", None)]),
        ("Around 40% of the buildings were destroyed.", [(40, 40, 40, "%", "buildings", "about")]),
        ("The enclave shrank to 10 square kilometres.", [(10, 10, 10, "sq km", "area", None)]),
        ("Up to 5,000 fighters could leave for Idlib.", [(5000, 5000, 5000, None, "fighters", "up to")]),
        ("No fewer than 40 trucks entered Madaya.", [(40, 40, 40, None, "trucks", "at least")]),
        ("An estimated 250,000 people are trapped.", [(250000, 250000, 250000, None, "people", "about")]),
        ("Hundreds of residents were displaced.", [(None, 100, 999, None, "residents", "hundreds of")]),
        ("Dozens of buses stood waiting.", [(None, 24, 99, None, "buses", "dozens of")]),
        (
            "Some 3,000 Palestinian refugees live in the camp.",
            [(3000, 3000, 3000, None, "refugees", "about")],
        ),
        ("Thousands fled.", [(None, 1000, 9999, None, "people", "thousands of")]),
        ("A further 4.8 million have fled abroad.", [(4.8e6, 4.8e6, 4.8e6, None, "people", None)]),
        ("The death toll rose to 300 on Tuesday.", [(300, 300, 300, None, "people", None)]),
        (
            "Officials said the number of evacuees had reached 34,000.",
            [(34000, 34000, 34000, None, "evacuees", None)],
        ),
        (
            "Activists said 35 people had been killed and 120 injured.",
            [(35, 35, 35, None, "people", None), (120, 120, 120, None, "injured", None)],
        ),
        (
            "He paid $5 million for 20,000 tents.",
            [(5e6, 5e6, 5e6, "USD", "funds", None), (20000, 20000, 20000, None, "tents", None)],
        ),
        ("The army captured three villages near Homs.", [(3, 3, 3, None, "villages", None)]),
        ("In 2000 people fled.", [(2000, 2000, 2000, None, "people", None)]),
        ("Around 700,000 Rohingya fled to Bangladesh in 2017.", [(7e5, 7e5, 7e5, None, "rohingya", "about")]),
        (
            "Some 15,000\u00a0people fled 2.5\u00a0km at 6\u00a0am.",
            [(15000, 15000, 15000, None, "people", "about"), (2.5, 2.5, 2.5, "km", "distance", None)],
        ),
        (
            "More than 1.7 million people, or about 75 percent of Gaza's population, have been displaced.",
            [(1.7e6, 1.7e6, 1.7e6, None, "people", "more than"), (75, 75, 75, "%", "population", "about")],
        ),
        (
            "The area, about 40 km south of the capital, has 5,000 residents.",
            [(40, 40, 40, "km", "distance", "about"), (5000, 5000, 5000, None, "residents", None)],
        ),
        # people and their kin count people, not the first kind named
        (
            "More than 1,500 fighters and their relatives had left.",
            [(1500, 1500, 1500, None, "fighters and kin", "more than")],
        ),
        (
            "Some 600 wounded fighters and their civilian relatives left.",
            [(600, 600, 600, None, "fighters and kin", "about")],
        ),
        (
            "About 300 fighters and 200 civilians left.",
            [(300, 300, 300, None, "fighters", "about"), (200, 200, 200, None, "civilians", "about")],
        ),
    ],
)
def test_what_is_counted(sentence, expected):
    assert rows(sentence, *KEYS) == expected


# ------------------------------------------------------------------ never figures


@pytest.mark.parametrize(
    "sentence",
    [
        "Implementation would begin at about 6am (4am GMT) on Thursday.",
        "The ceasefire went into effect at 6pm local time on Tuesday.",
        "The buses will enter around 5 a.m. to pick up the survivors.",
        "( [email protected] ) Dec 14, 2016 09:18 PM EST",
        "11/21/2024 04:10:56 pm",
        "By Margaret Besheer December 13, 2016",
        "Talks resume on 3 December and end on the 5th.",
        "The previous truce broke down less than 24 hours ago.",
        "Russia deployed its air force to Syria 18 months ago.",
        "It was the culmination of two weeks of rapid advances.",
        "The battle has raged for over four years.",
        "The civil war started five years ago.",
        "Russia vetoed a seven-day cease-fire and a 24-hour truce.",
        "The UN called it the worst crime of the 21st century.",
        "A 7-year-old boy and a girl aged 12 were rescued.",
        "Children under 5 and women over 60 were evacuated first.",
        "2 minutes to read",
        "Feature image source under Creative Commons 2.0.",
        "Resolution 2254 calls for a ceasefire.",
        "Iran, one of Assad's main backers, imposed new conditions.",
        "One woman said: this may be my last video.",
        "Insurgents fired shells at the two majority Shia villages.",
        "In 2016, four years after the war began, he left.",
        "UNITED24 - Make a charitable donation in support of Ukraine!",
        "The 12-member council and the 2,000-strong garrison met.",
        "Over the last hour military activity has stopped.",
        "The doctor said 1 in 3 children under 5 is malnourished.",
        "He was held at checkpoint 7, the report said on page 4.",
    ],
)
def test_never_figures(sentence):
    assert extract(sentence) == []


def test_a_definite_small_count_points_back_but_a_large_one_is_a_figure():
    assert rows("The plight of the 250,000 civilians who remain.", "value") == [(250000,)]
    assert rows("Shells hit the two villages.", "value") == []


def test_a_restated_figure_gives_one_row():
    body = (
        "He said the deal included the evacuation of people from two villages besieged by rebels.\n"
        "Iran wanted the evacuation of wounded from two villages that were besieged by rebel fighters."
    )
    assert rows(body, "value", "subject") == [(2, "villages")]


# ------------------------------------------------------------------ what happened, who says, where


@pytest.mark.parametrize(
    ("sentence", "outcomes"),
    [
        ("Government forces appear to have slaughtered at least 82 civilians in their homes.", ["killed"]),
        ("Syrian state television also said rebel shelling had killed six people.", ["killed"]),
        ("Pro-government forces killed at least 82 people as they tightened their control.", ["killed"]),
        ("Thousands of civilians were massacred in the final battle.", ["killed"]),
        ("The deal allows for the evacuation of 15,000 people from the villages.", ["evacuated"]),
        (
            "The ministry said 6,000 civilians and 366 fighters had left rebel-held districts.",
            ["left", "left"],
        ),
        ("According to the same unit, a total of 14,000 people want to leave the city.", ["want to leave"]),
        (
            "A total of 15,000 people, including 4,000 rebel fighters, wanted to leave Aleppo.",
            ["want to leave", "want to leave"],
        ),
        ("50,000 civilians are believed to remain in the eastern portions of Aleppo.", ["remain"]),
        ("The UN said 100 children were reportedly trapped inside a building.", ["trapped"]),
        ("He said the deal covered two villages besieged by rebels in Idlib province.", ["besieged"]),
        ("Soldiers were shooting dead 82 people, including 11 women and 13 children.", ["killed"] * 3),
        ("Some 2,000 families fled Ghouta on Sunday.", ["left"]),
        ("Nearly 300 wounded were evacuated to Idlib.", ["evacuated"]),
        ("Activists said 35 people had been killed and 120 injured.", ["killed", "wounded"]),
        ("Casualties: 23 dead, 57 wounded.", ["dead", "wounded"]),
        (
            "More than 1.7 million people, or about 75 percent of them, have been displaced.",
            ["displaced"] * 2,
        ),
        ("Some 6.6 million people had been internally displaced.", ["displaced"]),
        ("The UN had registered 1,200 people wanting to leave.", ["want to leave"]),
        ("Twenty buses stood with engines running.", [None]),
        ("They were killing at least 82 civilians in four different neighborhoods.", ["killed", None]),
        # a participle before a place noun says what happened to the place; "in besieged areas" is the people's
        ("Inside the buses were 400 fighters from Waer, the last besieged rebel neighborhood.", [None]),
        ("Some 40,000 people in besieged areas lack food.", ["besieged"]),
        ("About 2,000 families fled the besieged town of Madaya.", ["left"]),
        ("The monitor said the convoy had transported 400 fighters out of the old city.", ["evacuated"]),
        (
            "Estimates indicate that displacement numbers have since reached 160,000 individuals.",
            ["displaced"],
        ),
    ],
)
def test_outcome(sentence, outcomes):
    assert [f["outcome"] for f in extract(sentence)] == outcomes


@pytest.mark.parametrize(
    ("sentence", "claimant"),
    [
        (
            "A total of 15,000 people wanted to leave Aleppo, according to a media unit run by the Syrian "
            "government’s ally Hizbullah.",
            "a media unit run by the Syrian government’s ally Hizbullah",
        ),
        (
            "In a separate development, the Russian defence ministry said 6,000 civilians had left.",
            "the Russian defence ministry",
        ),
        (
            "Syrian state television also said rebel shelling had killed six people.",
            "Syrian state television",
        ),
        ("According to sources, five buses are expected to enter the city.", "sources"),
        ("The UN said 30 per cent of the population had left.", "The UN"),
        ("Two hundred people were killed in Douma, activists said.", "activists"),
        (
            "Over the weekend 60 civilians died, said the Syrian Observatory for Human Rights.",
            "the Syrian Observatory for Human Rights",
        ),
        (
            "An official confirmed the deal was on, and said some 15,000 people would be evacuated.",
            "An official",
        ),
        (
            "The cease-fire comes after the United Nations said Tuesday it had reports of 82 civilians killed.",
            "the United Nations",
        ),
        ("The ICRC also warned Tuesday that thousands of civilians have nowhere safe to run.", "The ICRC"),
        ("He said 10,000 people remain in the area.", None),
        ("Thousands fled.", None),
    ],
)
def test_claimant(sentence, claimant):
    assert extract(sentence)[0]["claimant"] == claimant


@pytest.mark.parametrize(
    ("sentence", "places"),
    [
        (
            "The deal allows the evacuation of 15,000 people from the villages of Foua and Kefraya.",
            [(None, "foua", None)],
        ),
        (
            "Some 4,500 people, including 1,000 children, were evacuated from Foua to Aleppo.",
            [(None, "foua", "aleppo"), (None, "foua", "aleppo")],
        ),
        ("Nearly 300 wounded were evacuated to Idlib.", [(None, None, "idlib")]),
        ("Some 2,000 families fled Ghouta on Sunday.", [(None, "ghouta", None)]),
        ("The convoy of 14 buses left Aleppo for Idlib.", [(None, "aleppo", "idlib")]),
        (
            "Russia said rebels had kept over 100,000 people in east Aleppo as human shields.",
            [("aleppo", None, None)],
        ),
        ("Between 5,000 and 7,000 people remain trapped in Madaya.", [("madaya", None, None)]),
        (
            "He said the deal covered two villages besieged by rebels in Idlib province.",
            [("idlib", None, None)],
        ),
        ("The army captured three villages near Homs.", [("homs", None, None)]),
        ("Twenty buses stood with engines running.", [(None, None, None)]),
        # a possessor place only locates the place it possesses, which takes its role
        ("More than 200,000 people fled Syria's Afrin on Sunday.", [(None, "afrin", None)]),
        ("Some 2,000 families fled Turkey's Idlib for Syria’s Afrin.", [(None, "idlib", "afrin")]),
        ("About 2,000 families remain in Syria's northern Afrin.", [("afrin", None, None)]),
        # where the ones who say so are is not where the figure is
        ("Officials in Turkey said 2,000 people remain.", [(None, None, None)]),
        # "close to" says where a place is, not where people go
        (
            "Some 20,000 people have also taken refuge in Turkey, very close to Idlib.",
            [("turkey", None, None)],
        ),
    ],
)
def test_places(sentence, places):
    assert rows(sentence, "place_id", "origin_id", "destination_id") == places


@pytest.mark.parametrize(
    ("sentence", "listed"),
    [
        ("Fighting displaced 270,000 in Foua and Kefraya.", [(None, "foua kefraya")]),
        ("Some 40,000 people remain in Foua, Kefraya and Madaya.", [(None, "foua kefraya madaya")]),
        ("Some 40,000 people remain in Madaya.", [("madaya", None)]),
        ("Some 40,000 people remain.", [(None, None)]),
    ],
)
def test_a_figure_of_several_places_lists_them(sentence, listed):
    assert rows(sentence, "place_id", "places_listed") == listed


# ------------------------------------------------------------------ offsets and shape


def test_offsets_text_and_quote():
    body = "Title\n\nThe UN said that  at least 82 civilians were killed. Another sentence."
    (fig,) = extract(body)
    assert set(fig) == set(figures.FIELDS)
    assert fig["text"] == body[fig["start"] : fig["end"]] == "at least 82 civilians"
    assert (
        body[fig["quote_start"] : fig["quote_end"]] == "The UN said that  at least 82 civilians were killed."
    )
    assert fig["quote"] == "The UN said that at least 82 civilians were killed."


def test_furniture_blanked_by_spaces_keeps_offsets():
    raw = "2 minutes to read\n\nSome 15,000 people left."
    body = " " * len("2 minutes to read") + raw[len("2 minutes to read") :]
    (fig,) = extract(body)
    assert raw[fig["start"] : fig["end"]] == "Some 15,000 people"


def test_deterministic_and_empty_inputs():
    body = (ROOT / "seeds" / "002_dc19861d1ee72ddb.txt").read_text(encoding="utf-8")
    assert extract(body) == extract(body)
    assert figures.extract_figures("", [], []) == []
    assert figures.extract_figures("No numbers here.", sentences("No numbers here."), []) == []


# ------------------------------------------------------------------ the seeds against the hand-made reference


def _quote_span(text: str, quote: str) -> tuple[int, int] | None:
    m = re.search(r"\s+".join(re.escape(w) for w in quote.split()), text, re.IGNORECASE)
    return m.span() if m else None


def _matches(item: dict, fig: dict, span: tuple[int, int] | None) -> bool:
    if "value" in item:
        same = fig["value"] == item["value"]
    else:
        same = fig["low"] is not None and fig["low"] <= item["high"] and fig["high"] >= item["low"]
    return same and (span is None or (fig["start"] < span[1] and fig["end"] > span[0]))


@pytest.mark.parametrize("name", sorted(json.loads(GOLD.read_text(encoding="utf-8"))["articles"]))
def test_seed_against_gold(name):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["articles"][name]["figures"]
    text = (ROOT / "seeds" / name).read_text(encoding="utf-8")
    found = extract(text)
    used: set[int] = set()

    def match(item: dict) -> dict | None:
        span = _quote_span(text, item["quote"])
        for i, fig in enumerate(found):
            if i not in used and _matches(item, fig, span):
                used.add(i)
                return fig
        return None

    for item in gold["required"]:
        fig = match(item)
        assert fig is not None, f"missed {item['quote']!r}"
        assert item["subject"].rstrip("s") in fig["subject"], (item, fig["subject"])
        assert fig["qualifier"] == item.get("qualifier"), (item, fig["qualifier"])
    for item in gold["optional"]:
        match(item)
    spurious = [found[i]["text"] for i in range(len(found)) if i not in used]
    assert spurious == []
    for trap in gold["traps"]:
        assert not any(trap in f["text"] for f in found), trap
