"""First-level regions (provinces, states, oblasts: vocab/gazetteer_extra.csv, each row citing its
source) and the report's words around a place's name: compass words, elided lists."""

from __future__ import annotations

import pytest

from dashboard.extract import sites
from tests.extract.mentions import found


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # first-level divisions outside Syria
        (
            "Deaths in Sindh, Balochistan, Khyber Pakhtunkhwa and Gilgit-Baltistan, Pakistan.",
            [
                ("Sindh", "sindh"),
                ("Balochistan", "balochistan"),
                ("Khyber Pakhtunkhwa", "khyber_pakhtunkhwa"),
                ("Gilgit-Baltistan", "gilgit_baltistan"),
                ("Pakistan", "pakistan"),
            ],
        ),
        ("Rain fell on Azad Jammu and Kashmir.", [("Azad Jammu and Kashmir", "azad_kashmir")]),
        ("Fighting spread across Darfur, Sudan.", [("Darfur", "darfur"), ("Sudan", "sudan")]),
        ("Flooding in Sofala and Zambezia.", [("Sofala", "sofala"), ("Zambezia", "zambezia")]),
        # "X region" / "X Region" / "X Oblast": the region, not its city
        (
            "Refugees arrived from the Donetsk region and Mariupol, Ukraine.",
            [("Donetsk region", "donetsk_region"), ("Mariupol", "mariupol_ua"), ("Ukraine", "ukraine")],
        ),
        ("Shelling hit the Kharkiv Oblast.", [("Kharkiv Oblast", "kharkiv_region")]),
        # regions of Syria that the Syrian gazetteer lacked; Western Ghouta is no Eastern Ghouta
        (
            "They fled toward the Israeli-occupied Golan Heights.",
            [("Golan Heights", "golan_heights")],
        ),
        (
            "Fighters left Wadi Barada in Western Ghouta.",
            [("Wadi Barada", "wadi_barada"), ("Western Ghouta", "western_ghouta")],
        ),
    ],
)
def test_first_level_regions(sentence, expected, gaz):
    assert found(sentence, gaz) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a compass word before a place's name makes a part of it: a place of its own located at
        # the place it is part of (a country stays the country: "central Mozambique")
        (
            "Buses left for northern Homs province.",
            [("northern Homs province", "homs_province__northern_homs_province")],
        ),
        (
            "Militants went to the northern Homs countryside.",
            [("northern Homs countryside", "homs_province__northern_homs_countryside")],
        ),
        ("Refugees are close to western Darfur.", [("western Darfur", "darfur__western_darfur")]),
        ("Floods hit central Mozambique.", [("Mozambique", "mozambique")]),
        # ... but a place of its own when the gazetteer knows the whole
        ("Buses left eastern Aleppo.", [("eastern Aleppo", "eastern_aleppo")]),
        # "West and South Darfur": the compass word before 'and' is West Darfur
        (
            "Displacements were reported in West and South Darfur.",
            [("West", "west_darfur"), ("South Darfur", "south_darfur")],
        ),
        ("Rain fell in west and South Darfur.", [("South Darfur", "south_darfur")]),
    ],
)
def test_the_words_around_a_name(sentence, expected, gaz):
    assert found(sentence, gaz) == expected


def test_a_compass_part_is_located_at_its_place_with_precision_parent(gaz):
    found("Refugees are close to western Darfur.", gaz)
    row = sites.record("darfur__western_darfur")
    darfur = gaz.records["darfur"]
    assert row is not None
    assert (row["name"], row["precision"], row["parent"], row["kind"]) == (
        "western Darfur",
        "parent",
        "darfur",
        "region",
    )
    assert (row["lat"], row["lon"], row["country_code"]) == (darfur["lat"], darfur["lon"], "SD")
