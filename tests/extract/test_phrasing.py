"""The words around a place's name (extract/phrasing.py): each rule as a case table."""

from __future__ import annotations

import pytest

from dashboard.extract import phrasing, sites
from tests.extract.mentions import found


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # named_in_full: "the (adjective) enclave/district of X", "X area", "X enclave"
        (
            "A Turkish-led offensive on the Kurdish-majority enclave of Afrin in Syria.",
            [("enclave of Afrin", "afrin"), ("Syria", "syria")],
        ),
        ("Shelling hit the district of Afrin.", [("district of Afrin", "afrin")]),
        ("Jets struck villages in Afrin area, Syria.", [("Afrin area", "afrin"), ("Syria", "syria")]),
        ("Civilians left the Afrin enclave.", [("Afrin enclave", "afrin")]),
        # no "the" before "enclave of": the name alone
        ("Kurdish enclave of Afrin", [("Afrin", "afrin")]),
    ],
)
def test_named_in_full(sentence, expected, gaz):
    assert found(sentence, gaz) == expected


@pytest.mark.parametrize(
    ("sentence", "surface", "parent"),
    [
        ("The Governor of Outer Damascus entered.", "Outer Damascus", "damascus"),
        ("Militants left for the northern countryside of Homs.", "northern countryside of Homs", "homs"),
        ("Fighters will be sent to the rural areas of Homs.", "rural areas of Homs", "homs"),
        (
            "They headed to rebel-held areas north of Homs province.",
            "north of Homs province",
            "homs_province",
        ),
    ],
)
def test_region_parts(sentence, surface, parent, gaz):
    got = dict(found(sentence, gaz))
    assert surface in got, got
    row = sites.record(got[surface])
    assert (row["kind"], row["parent"], row["precision"], row["name"]) == (
        "region",
        parent,
        "parent",
        surface,
    )


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "north of Homs" (no region word): the city, named as it is
        ("The town lies north of Homs.", [("Homs", "homs")]),
        # "Rural Damascus" capitalised is the governorate's own name
        ("Rural Damascus", [("Rural Damascus", "rif_dimashq")]),
        # ... and written in lower case it is that governorate
        ("People in rural Damascus have no water.", [("rural Damascus", "rif_dimashq")]),
    ],
)
def test_no_region_part(sentence, expected, gaz):
    assert found(sentence, gaz) == expected


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        (
            "55,129 people displaced from Ar-Raqqa and Deir-ez-Zor governorates.",
            {"Ar-Raqqa": "raqqa_province", "Deir-ez-Zor": "deir_ez_zor_province"},
        ),
        (
            "displacements from Aleppo (331,582), Hama (143,224), Lattakia (1,541) governorates.",
            {"Aleppo": "aleppo_province", "Hama": "hama_province", "Lattakia": "latakia_province"},
        ),
    ],
)
def test_plural_lists_are_regions(sentence, names, gaz):
    assert dict(found(sentence, gaz)) == names


def test_one_place_before_a_plural_is_no_list(gaz):
    assert found("Troops shot people in recaptured east Aleppo districts.", gaz) == [
        ("east Aleppo", "eastern_aleppo")
    ]


def test_plural_list_item_the_gazetteer_lacks_is_a_region_of_its_own(gaz):
    got = dict(found("In Pakistan, floods hit Dadu, Sukkur and Jacobabad districts in Sindh.", gaz))
    row = sites.record(got["Dadu"])
    assert (row["kind"], row["name"], row["precision"]) == ("region", "Dadu district", "parent")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Kurdish-led forces captured the city hospital in Raqqa on Tuesday.",
            [("city hospital", "raqqa__city_hospital"), ("Raqqa", "raqqa")],
        ),
        (
            "the SDF retook the main hospital in Syria's Raqqa.",
            [("main hospital", "raqqa__main_hospital"), ("Syria", "syria"), ("Raqqa", "raqqa")],
        ),
        (
            "In Raqqa, IS makes last stand at the city's stadium.",
            [("Raqqa", "raqqa"), ("stadium", "raqqa__stadium")],
        ),
        (
            "In Raqqa, militants are cornered in the notorious municipal stadium.",
            [("Raqqa", "raqqa"), ("municipal stadium", "raqqa__municipal_stadium")],
        ),
        # "the hospital": no building of its own is named; none with no place
        ("In Raqqa, the hospital was full.", [("Raqqa", "raqqa")]),
        ("They took the city hospital.", []),
    ],
)
def test_common_sites(sentence, expected, gaz):
    assert found(sentence, gaz) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Rebels of Daraa are held by Ankara-backed fighters.", [("Daraa", "daraa")]),
        ("Daraa fell, pro-Damascus media reported.", [("Daraa", "daraa")]),
        ("Daraa fell. Moscow demanded the handover of weapons.", [("Daraa", "daraa")]),
        ("Daraa fell. Moscow is a key ally of Bashar Assad.", [("Daraa", "daraa")]),
        ("Daraa rebels gave in to Moscow's demands.", [("Daraa", "daraa")]),
        (
            "The Azov regiment stayed in Mariupol, Ukraine.",
            [("Mariupol", "mariupol_ua"), ("Ukraine", "ukraine")],
        ),
        # a country stays: its name is its state's and its land's
        ("Turkey accused Damascus-backed forces in Daraa.", [("Turkey", "turkey"), ("Daraa", "daraa")]),
        # the same names as places
        ("Talks were held in Moscow and Ankara.", [("Moscow", "moscow_ru"), ("Ankara", "ankara_tr")]),
    ],
)
def test_not_places(sentence, expected, gaz):
    assert found(sentence, gaz) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("One of the largest refugee populations in Africa, Sudan.", [("Sudan", "sudan")]),
        ("An update from the UN High Commissioner for Refugees in Raqqa.", [("Raqqa", "raqqa")]),
    ],
)
def test_never_places(sentence, expected, gaz):
    assert found(sentence, gaz) == expected


def test_rules_are_ordered_and_named():
    assert [name for name, _ in phrasing.RULES] == [
        "named_in_full",
        "region_parts",
        "plural_lists",
        "common_sites",
        "features",
        "not_places",
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a list after an unlocated name, with an article: every item, chained
        (
            "The army was deployed in Basimeh, and the residents of Basimeh, al-Fijeh, Afrah and "
            "Harirah went home to Wadi Barada.",
            [
                ("Basimeh", "unlocated__basimeh"),
                ("Basimeh", "unlocated__basimeh"),
                ("al-Fijeh", "unlocated__al_fijeh"),
                ("Afrah", "unlocated__afrah"),
                ("Harirah", "unlocated__harirah"),
                ("Wadi Barada", "wadi_barada"),
            ],
        ),
        # a list inside one capitalised run that a place opens
        (
            "Aid reached the Shia towns - Nubul and Zahraa - near Aleppo.",
            [("Nubul", "nubl"), ("Zahraa", "unlocated__zahraa"), ("Aleppo", "aleppo")],
        ),
        # a person's name ("Zahraa Ahmed" makes the run no list of places): nothing
        ("Talks between Nubul and Zahraa Ahmed went on.", []),
    ],
)
def test_lists_of_unlocated_names(sentence, expected, gaz):
    assert found(sentence, gaz) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # features named with their kind, at the town named next or last; else unlocated (no
        # country, no site to stand on)
        (
            "Refugees arrive through the Arqeen crossing either side of Lake Nasser in Egypt.",
            [
                ("Arqeen crossing", "egypt__arqeen_crossing"),
                ("Lake Nasser", "unlocated__lake_nasser"),
                ("Egypt", "egypt"),
            ],
        ),
        (
            "In Sindh, Pakistan’s largest lake Manchar is overflowing.",
            [("Sindh", "sindh"), ("Pakistan", "pakistan"), ("Manchar", "sindh__manchar")],
        ),
        (
            "Yazidis fled to Mount Sinjar, Iraq.",
            [("Mount Sinjar", "unlocated__mount_sinjar"), ("Iraq", "iraq")],
        ),
    ],
)
def test_features(sentence, expected, gaz):
    assert found(sentence, gaz) == expected


def test_a_feature_is_a_lake_at_its_parent(gaz):
    found("In Sindh, the Manchar Lake is overflowing.", gaz)
    row = sites.record("sindh__manchar_lake")
    assert (row["kind"], row["parent"], row["precision"]) == ("lake", "sindh", "parent")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a longer name the world gazetteer knows in the hit's country wins
        (
            "A flight bound for New Delhi left Khartoum, Sudan.",
            [("New Delhi", "new_delhi_in"), ("Khartoum", "khartoum_sd"), ("Sudan", "sudan")],
        ),
        (
            "Floods hit Delhi and Mumbai, India.",
            [("Delhi", "delhi_in"), ("Mumbai", "mumbai_in"), ("India", "india")],
        ),
    ],
)
def test_wider_world_name(sentence, expected, gaz):
    assert found(sentence, gaz) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a possessive between a site's name and its kind
        (
            "Many went to Ethiopia. A drop-off point is Karkar’s bus station.",
            [("Ethiopia", "ethiopia"), ("Karkar’s bus station", "ethiopia__karkars_bus_station")],
        ),
        ("Fighters held Raqqa's main hospital.", [("Raqqa's main hospital", "raqqa__raqqas_main_hospital")]),
        # ... never a division: "Punjab's district" names no district of its own
        ("Rains hit Punjab’s district of Multan.", [("Punjab", "punjab_pk"), ("Multan", "multan_pk")]),
    ],
)
def test_possessive_sites(sentence, expected, gaz):
    assert found(sentence, gaz) == expected
