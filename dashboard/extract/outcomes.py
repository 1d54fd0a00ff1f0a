"""What a sentence says happened to what a figure counts: "killed", "evacuated", "want to leave".

Each phrase of `vocab/outcomes.csv` names an outcome, the subject kinds it can describe, whether it
moves people (then the sentence's places become origin and destination), what it counts when the
clause says no more (a stock or a flow) and what it says of the figure's status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard.extract import numbers
from dashboard.extract.vocab import read_vocab


@dataclass(frozen=True)
class Outcome:
    name: str
    applies_to: frozenset[str]  # subject kinds it can describe
    movement: bool  # moves people: the sentence's places become origin and destination
    object_role: str  # "origin" / "destination": what a place right after the phrase is
    measure: str  # what it counts when the clause says no more: stock or flow
    status: str | None  # what it says of the figure ("want to leave": demanded)


OUTCOMES = {
    r["phrase"]: Outcome(
        r["outcome"],
        frozenset(r["applies_to"].split()),
        r["movement"] == "yes",
        r["object"],
        r["measure"],
        r["status"] or None,
    )
    for r in read_vocab("outcomes.csv")
}
OUTCOME_RE = re.compile(rf"\b(?:{numbers.trie_pattern(OUTCOMES)})\b")  # over lower-cased text


# "from Waer, the last besieged rebel neighbourhood": a participle before a place noun says what
# happened to the place, not to what the figure counts (but people "in besieged areas" are besieged).
_DESCRIBES_PLACE = re.compile(  # "besieged rebel neighbourhood", not "(relatives) left the city"
    r"\s+(?:(?!(?:the|a|an|its|their|this|that)\s)[a-z-]+\s+)?(?:city|town|village|district|neighbou?rhood|province|governorate|region|area"
    r"|enclave|camp|suburb|quarter)s?\b"
)
_DETERMINER = re.compile(r"\b(?<!in )(?:the|a|an|its|their|this|that)\s+(?:[a-z-]+\s+)?$", re.IGNORECASE)


def describes_place(body: str, start: int, end: int) -> bool:
    """An attributive participle: after a determiner, before a place noun (not after "in")."""
    return _DESCRIBES_PLACE.match(body, end) is not None and bool(
        _DETERMINER.search(body, max(0, start - 24), start)
    )
