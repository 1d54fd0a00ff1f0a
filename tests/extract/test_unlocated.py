"""Names in a place slot that no gazetteer knows: unlocated mentions, the online geocoder's questions."""

from __future__ import annotations

import pytest

from dashboard.extract import places, sites
from tests.extract.mentions import found


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a place slot: after in/at/on/to/reached …, or the next item of a list of places
        (
            "Shelling on Foua, Zarzour and Kafr Hamra went on in Syria.",
            [
                ("Foua", "foua"),
                ("Zarzour", "unlocated__zarzour"),
                ("Kafr Hamra", "unlocated__kafr_hamra"),
                ("Syria", "syria"),
            ],
        ),
        ("Families arrived in Zarzour on Tuesday.", [("Zarzour", "unlocated__zarzour")]),
        # "town(s)/village(s) of", with or without "the" and words between: a place slot
        (
            "Citizens fled towards the towns of Nubl and Al-Zahraa in Syria.",
            [("Nubl", "nubl"), ("Al-Zahraa", "unlocated__al_zahraa"), ("Syria", "syria")],
        ),
        (
            "Evacuees went to the rebel-held town of Dar al-Kebira in Syria.",
            [("Dar al-Kebira", "unlocated__dar_al_kebira"), ("Syria", "syria")],
        ),
        ("An activist in the village of Termaaleh spoke to AFP.", [("Termaaleh", "unlocated__termaaleh")]),
        # a place's name that goes on with an article and a word is a longer name: Busra al-Harir
        # is no Busra (ash-Sham), nor its Harir a Harare
        (
            "Government forces captured the towns of Busra al-Harir and Nahta in Syria.",
            [
                ("Busra al-Harir", "unlocated__busra_al_harir"),
                ("Nahta", "unlocated__nahta"),
                ("Syria", "syria"),
            ],
        ),
        # a weak name in a list is judged within its own item: Kfar Batna beside Bloudan
        (
            "Families went to Bloudan and Kfar Batna in Syria.",
            [("Bloudan", "unlocated__bloudan"), ("Kfar Batna", "kafr_batna"), ("Syria", "syria")],
        ),
        ("The convoy reached Qalaat Hamra at night.", [("Qalaat Hamra", "unlocated__qalaat_hamra")]),
        # no place: people (after 'according to', before "'s regime"), peoples, compass words,
        # document titles, storms, abbreviations
        ("Civilians surrendered to Bashar al-Assad's forces near Homs.", [("Homs", "homs")]),
        ("Families returned, according to Olga Sarrado in Geneva.", [("Geneva", "geneva_ch")]),
        (
            "Aid went to South Sudanese families in Khartoum, Sudan.",
            [("Khartoum", "khartoum_sd"), ("Sudan", "sudan")],
        ),
        ("Rain fell in West and South Town.", []),
        ("The figures are in Flash Update No. 3 on Syria.", [("Syria", "syria")]),
        ("Damage was worst after Cyclone Idai in Mozambique.", [("Mozambique", "mozambique")]),
        # a name used as an adjective of a group, an organisation
        ("Rebels are backed by Turkey and Gulf monarchies.", [("Turkey", "turkey")]),
        ("Videos were posted on Facebook from Homs.", [("Homs", "homs")]),
    ],
)
def test_unlocated_mentions(sentence, expected, gaz):
    assert found(sentence, gaz) == expected


def test_an_unlocated_place_has_no_coordinates(gaz):
    places.find_mentions("Families arrived in Zarzour on Tuesday.", gaz)
    row = sites.record("unlocated__zarzour")
    assert row is not None
    assert (row["lat"], row["lon"], row["precision"], row["name"]) == (None, None, "unlocated", "Zarzour")


def test_the_online_geocoder_is_asked_exactly_the_unlocated_names(gaz):
    text = "Shelling on Foua, Zarzour and Kafr Hamra went on in Syria."
    mentions = places.find_mentions(text, gaz)
    asked = [name for name, _, _ in places.candidate_names(text, mentions)]
    unlocated = [m["surface"] for m in mentions if m["place_id"].startswith(places.UNLOCATED)]
    assert asked == unlocated == ["Zarzour", "Kafr Hamra"]
