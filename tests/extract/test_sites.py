"""Sites and facilities: places of their own kind, located at their parent."""

from __future__ import annotations

import pytest

from dashboard.extract import places, sites
from tests.extract.mentions import found


@pytest.mark.parametrize(
    ("sentence", "site", "place_id", "kind", "parent"),
    [
        # named after a known place: it stands at that place
        (
            "Planes landed at Beira Airport in Mozambique.",
            "Beira Airport",
            "beira_mz__beira_airport",
            "airport",
            "beira_mz",
        ),
        (
            "Troops took the Raqqa national hospital in Syria.",
            "Raqqa national hospital",
            "raqqa__raqqa_national_hospital",
            "hospital",
            "raqqa",
        ),
        # named after a place the gazetteer lacks: it stands at the place named before it
        (
            "In Daraa, Syria, families reached Jbab IDP camp.",
            "Jbab IDP camp",
            "syria__jbab_idp_camp",
            "camp",
            "syria",
        ),
        (
            "Fighting in Khartoum reached Kober prison.",
            "Kober prison",
            "khartoum_sd__kober_prison",
            "prison",
            "khartoum_sd",
        ),
        # ... or, with none before it, the first after it
        (
            "Buses crossed at the Nasib border crossing into Jordan.",
            "Nasib border crossing",
            "jordan__nasib_border_crossing",
            "crossing",
            "jordan",
        ),
        (
            "Civilians passed the Al-Malha screening point near Raqqa.",
            "Al-Malha screening point",
            "raqqa__al_malha_screening_point",
            "checkpoint",
            "raqqa",
        ),
    ],
)
def test_a_site_is_a_place_at_its_parent(sentence, site, place_id, kind, parent, gaz):
    assert (site, place_id) in found(sentence, gaz)
    row = sites.record(place_id)
    assert row is not None
    assert (row["kind"], row["parent"], row["precision"]) == (kind, parent, "parent")
    parent_row = gaz.records.get(parent) or places.worldplaces.record(parent)
    assert (row["lat"], row["lon"]) == (parent_row["lat"], parent_row["lon"])


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a division of a known place is that place, named in full
        ("Shelling hit the al-Waer district of Homs.", [("al-Waer district", "al_waer"), ("Homs", "homs")]),
        # the gazetteer's own sites are left as they are
        (
            "Trucks crossed at the Bab al-Hawa crossing into Syria.",
            [("Bab al-Hawa crossing", "bab_al_hawa"), ("Syria", "syria")],
        ),
        # no site: a people's adjective, an acronym, a word opening a sentence
        ("The Syrian region of Homs was hit.", [("Homs", "homs")]),
        ("IDP shelters in Homs were full.", [("Homs", "homs")]),
        ("Hospital staff in Homs fled.", [("Homs", "homs")]),
    ],
)
def test_what_is_no_new_site(sentence, expected, gaz):
    assert found(sentence, gaz) == expected


def test_no_site_without_a_place_to_stand_on(gaz):
    # with no place to stand on, the name in its place slot is an unlocated place
    assert found("Fighters reached Kober prison.", gaz) == [("Kober", "unlocated__kober")]
