"""Movements: sentences whose verb moves people, with the places they leave and reach."""

from __future__ import annotations

import pytest

from dashboard.extract import movements, places
from dashboard.extract.text import sentences


def movements_of(sentence: str) -> list[tuple[str | None, str | None, str]]:
    mentions = places.find_mentions(sentence, places.load_gazetteer())
    rows = movements.extract_movements(sentence, sentences(sentence), mentions)
    for r in rows:
        assert sentence[r["start"] : r["end"]] == r["text"]
    return [(r["origin_id"], r["destination_id"], r["outcome"]) for r in rows]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Buses will evacuate fighters from Aleppo to villages of Idlib province.",
         [("aleppo", "idlib_province", "evacuated")]),
        ("Hundreds of families fled Douma for the town of Idlib on Sunday.", [("douma", "idlib", "left")]),
        ("The wounded were taken to Damascus.", [(None, "damascus", "moved")]),
        ("Some 700 people were evacuated from the villages of Foua and Kefraya.",
         [("foua", None, "evacuated"), ("kefraya", None, "evacuated")]),
        ("Convoys headed for Idlib province after leaving eastern Aleppo.",
         [("eastern_aleppo", "idlib_province", "moved")]),
        # no movement verb: places are only where things happened
        ("Shelling hit Aleppo and Homs on Monday.", []),
        # a place after "to" with words between that are not filler is no destination
        ("Troops moved in to regain control of Aleppo.", []),
        # 'what is left of' is not a departure
        ("The army seized what is left of eastern Aleppo.", []),
        # compass relations are not ends of a movement
        ("Wounded were evacuated from two villages west of Aleppo.", []),
    ],
)  # fmt: skip
def test_movements(sentence, expected):
    assert movements_of(sentence) == expected
