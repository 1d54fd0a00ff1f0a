"""Movements: where people leave from and where they go, as a report states them, with or without
a number ("to evacuate from Aleppo to villages of Idlib province", "fighters leaving eastern Aleppo are
going to the town of Idlib"). Read from the sentences whose verb moves people (`outcomes.csv`, column
`movement`) and the roles their place names take (a preposition or a verb before each).
"""

from __future__ import annotations

import bisect
import re

from dashboard.extract.neighbours import ROLE_OF_PREPOSITION
from dashboard.extract.outcomes import OUTCOME_RE, OUTCOMES
from dashboard.extract.subjects import WORDS
from dashboard.extract.text import fold, lowered
from dashboard.extract.vocab import words_of

# Before a place, the words that make it a movement's end: a preposition or a verb that takes the
# place as its object, then only filler ("from the villages of Foua", "going to the town of Idlib").
_FILLER = "|".join(sorted(map(re.escape, words_of(WORDS, "role", "movement_filler")), key=len, reverse=True))
_MOVEMENT_FILLER = rf"(?:\s*,|\s+(?:{_FILLER}|[a-z]+-[a-z]+))*\s*$"
_MOVEMENT_LEAD = re.compile(
    r"\b(?P<lead>"
    + "|".join(
        sorted(
            (
                re.escape(k)
                for k in (*ROLE_OF_PREPOSITION, *(p for p, o in OUTCOMES.items() if o.object_role))
            ),
            key=len,
            reverse=True,
        )
    )
    + r")"
    + _MOVEMENT_FILLER
)
_COORDINATED = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+|or\s+)$")


def extract_movements(body: str, sents: list[tuple[int, int]], mentions: list[dict]) -> list[dict]:
    """Movements a report states, with or without a number ("to evacuate from Aleppo to villages
    of Idlib province", "fighters leaving eastern Aleppo are going to the town of Idlib"): each
    sentence whose verb moves people gives one row per origin/destination pair it names, either
    end None when the sentence leaves it unsaid."""
    lower = lowered(body)
    starts = [m["start"] for m in mentions]
    rows: list[dict] = []
    for span in sents:
        lo, hi = bisect.bisect_left(starts, span[0]), bisect.bisect_left(starts, span[1])
        if lo == hi:
            continue  # no place named: no movement to map
        verbs = [
            (m.start(), m.end(), OUTCOMES[m.group()])
            for m in OUTCOME_RE.finditer(lower, *span)
            if OUTCOMES[m.group()].movement
        ]
        if not verbs:
            continue
        roles = _movement_roles(lower, span[0], mentions[lo:hi])
        origins = _first_of_each(p for p in roles if p[3] == "origin")
        destinations = _first_of_each(p for p in roles if p[3] == "destination")
        if origins or destinations:
            rows += _movement_rows(body, span, verbs[0], origins, destinations)
    return rows


def _movement_roles(
    lower: str, sent_start: int, mentions: list[dict]
) -> list[tuple[int, int, str, str | None]]:
    """Each place's role in a movement: what stands right before it, or, for a place coordinated
    with the one before ("Foua and Kefraya"), that place's role."""
    roles, previous_end, previous_role = [], sent_start, None
    for m in mentions:
        gap = lower[previous_end : m["start"]]
        lead = _MOVEMENT_LEAD.search(gap)
        if lead:
            word = lead.group("lead")
            role = ROLE_OF_PREPOSITION.get(word) or OUTCOMES[word].object_role
        elif previous_role and _COORDINATED.match(gap):
            role = previous_role
        else:
            role = None
        roles.append((m["start"], m["end"], m["place_id"], role))
        previous_end, previous_role = m["end"], role
    return roles


def _first_of_each(places) -> list[tuple[int, int, str, str]]:
    seen: dict[str, tuple[int, int, str, str]] = {}
    for p in places:
        seen.setdefault(p[2], p)
    return list(seen.values())


def _movement_rows(body: str, span: tuple[int, int], verb, origins, destinations) -> list[dict]:
    rows = []
    for origin in origins or [None]:
        for destination in destinations or [None]:
            ends = [x for x in (origin, destination) if x is not None]
            if origin and destination and origin[2] == destination[2]:
                continue
            start = min(verb[0], *(x[0] for x in ends))
            end = max(verb[1], *(x[1] for x in ends))
            rows.append(
                {
                    "origin_id": origin[2] if origin else None,
                    "destination_id": destination[2] if destination else None,
                    "outcome": verb[2].name,
                    "text": body[start:end],
                    "start": start,
                    "end": end,
                    "quote": fold(body[span[0] : span[1]]),
                    "quote_start": span[0],
                    "quote_end": span[1],
                }
            )
    return rows
