"""The world gazetteer (GeoNames cities500) and the report's focus that resolves its names."""

from __future__ import annotations

import pytest

from dashboard.extract import worldplaces
from tests.extract.mentions import found


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # towns anywhere, once the report's focus includes their country
        (
            "The cyclone hit Beira and Dondo in Mozambique.",
            [("Beira", "beira_mz"), ("Dondo", "dondo_mz"), ("Mozambique", "mozambique")],
        ),
        (
            "Floods reached Sukkur and Larkana in Pakistan.",
            [("Sukkur", "sukkur_pk"), ("Larkana", "larkana_pk"), ("Pakistan", "pakistan")],
        ),
        # four-letter towns (cities500 keeps them; make_gazetteer.MIN_WORLD_SINGLE_WORD)
        (
            "Floods hit Dadu and Sukkur in Pakistan.",
            [("Dadu", "dadu_pk"), ("Sukkur", "sukkur_pk"), ("Pakistan", "pakistan")],
        ),
        (
            "In Buzi village, southwest of Beira, reporters saw crowds in Mozambique.",
            [("Buzi", "buzi_mz"), ("Beira", "beira_mz"), ("Mozambique", "mozambique")],
        ),
        (
            "Sites opened in Manica and Tete in Mozambique.",
            [("Manica", "manica_mz"), ("Tete", "tete_mz"), ("Mozambique", "mozambique")],
        ),
        # a big city's other spellings (GeoNames alternate names)
        (
            "Buses reached Zaporizhzhia, Ukraine.",
            [("Zaporizhzhia", "zaporizhzhya_ua"), ("Ukraine", "ukraine")],
        ),
        # a shared name goes to the focus: Hyderabad of Sindh, Tripoli of Lebanon or of Libya
        (
            "Rain fell on Hyderabad and Karachi in Pakistan.",
            [("Hyderabad", "hyderabad_pk"), ("Karachi", "karachi_pk"), ("Pakistan", "pakistan")],
        ),
        (
            "Rain fell on Hyderabad and Mumbai in India.",
            [("Hyderabad", "hyderabad_in"), ("Mumbai", "mumbai_in"), ("India", "india")],
        ),
        ("Refugees reached Tripoli in Lebanon.", [("Tripoli", "tripoli_lb"), ("Lebanon", "lebanon")]),
        ("Migrants left Tripoli in Libya.", [("Tripoli", "tripoli_ly"), ("Libya", "libya")]),
    ],
)
def test_world_towns_in_the_focus(sentence, expected, gaz):
    assert found(sentence, gaz) == expected


@pytest.mark.parametrize(
    ("sentence", "absent"),
    [
        # no focus, no world town
        ("The cyclone hit Dondo.", "dondo_mz"),
        # a town outside the focus (Dondo is also in Angola; the report is about Mozambique only)
        ("Aid reached Beira, Mozambique, and Caxito.", "caxito_ao"),
        # a town's name the report also writes in lower case is a word (Police, Poland)
        ("Police in Poland said the police had closed Warsaw.", "police_pl"),
        # one word opening a sentence is capitalised for that alone (Council, Idaho)
        ("Council, tribes reach deal in the US and Washington.", "council_us"),
        # a country is spelled one way: a town met by its transliteration key is no country
        ("Aid reached Zomba, Mozambique.", "zambia"),
        # a town's name inside a longer capitalised name is part of that name
        ("Mayor Antonio Dondo Silva spoke in Beira, Mozambique.", "dondo_mz"),
    ],
)
def test_what_the_world_gazetteer_does_not_add(sentence, absent, gaz):
    assert absent not in {pid for _, pid in found(sentence, gaz)}


def test_a_site_word_beside_a_world_town_keeps_it(gaz):
    # the world town is found beside its site word, and the site then stands on it (sites.py)
    assert ("Beira Airport", "beira_mz__beira_airport") in found(
        "Planes landed at Beira Airport in Mozambique.", gaz
    )


def test_focus_weighs_countries_and_keeps_the_top():
    assert worldplaces.focus([("PK", "country"), ("PK", "city"), ("IN", "city")]) == ["PK"]
    assert worldplaces.focus([("MZ", "country"), ("MW", "country"), ("MZ", "town")]) == ["MZ", "MW"]
    assert worldplaces.focus([]) == []


def test_world_records_cite_geonames():
    rec = worldplaces.record("beira_mz")
    assert rec is not None and rec["source"].startswith("geonames:") and rec["country_code"] == "MZ"
    assert abs(rec["lat"] - -19.84) < 0.1 and abs(rec["lon"] - 34.84) < 0.1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BEIRUT (Reuters) - Rebels left Homs.", [("BEIRUT", "beirut_lb"), ("Homs", "homs")]),
        ("BEIRA, Mozambique - Rain fell.", [("BEIRA", "beira_mz"), ("Mozambique", "mozambique")]),
        ("AMMAN: Talks on Daraa went on.", [("AMMAN", "amman_jo"), ("Daraa", "daraa")]),
        # capitals that name no place are no dateline place
        ("UNHCR, the agency, spoke of Homs.", [("Homs", "homs")]),
    ],
)
def test_a_dateline_in_capitals_names_its_place(text, expected, gaz):
    assert found(text, gaz) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a dateline in capitals is read in title case
        ("BEIRUT, March 18 (Reuters) - Rebel fighters left.", [("BEIRUT", "beirut_lb")]),
        # after the line's date stamp
        (" date 2017-03-18 BEIRUT, March 18 Rebel fighters left.", [("BEIRUT", "beirut_lb")]),
        (
            " date 2022-08-30 ISLAMABAD: Floods hit Pakistan.",
            [("ISLAMABAD", "islamabad_pk"), ("Pakistan", "pakistan")],
        ),
        # in another transliteration, when its country is the report's focus
        (
            "AIN ISSA, Syria: Kurdish-led forces announced a deal.",
            [("AIN ISSA", "ayn_isa"), ("Syria", "syria")],
        ),
        ("AIN ISSA, March 3: Kurdish-led forces announced a deal.", []),
    ],
)
def test_datelines(text, expected, gaz):
    assert found(text, gaz) == expected
