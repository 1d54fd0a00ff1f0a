"""The sentence around a figure, as the figure reader sees it: its outcome phrases, status cues,
places (with their role: origin, destination, place) and date references (Sentence), and each
candidate among the others of its sentence (Neighbours, Spans)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dashboard.extract.candidates import Candidate
from dashboard.extract.claimants import Cue, cues_in
from dashboard.extract.dates import DateRef
from dashboard.extract.outcomes import OUTCOME_RE, OUTCOMES, Outcome
from dashboard.extract.subjects import Subject
from dashboard.extract.text import fold

if TYPE_CHECKING:
    from dashboard.extract.figures import Figure

Place = tuple[int, int, str, str]  # start, end, place_id, role
Found = tuple[int, int, Outcome]  # an outcome phrase: start, end, outcome

_PREPOSITION = re.compile(
    r"\b(?:(?:close|next|near)\s+to|from|out of|to|towards|toward|into|for|in|at|inside|near|around|within|outside|across)\b"
)
ROLE_OF_PREPOSITION = {
    "from": "origin",
    "out of": "origin",
    "to": "destination",
    "towards": "destination",
    "toward": "destination",
    "into": "destination",
    "for": "destination",
}
_ROLE_REACH = 40  # how far back a preposition gives a place its role


@dataclass
class Sentence:
    start: int
    end: int
    lower: str
    outcomes: list[Found]
    cues: list[Cue]
    places: list[Place]
    refs: list[tuple[int, DateRef]]  # the date references in it, with their index in the report's
    movement: bool
    place_starts: list[int] = field(default_factory=list)
    outcome_starts: list[int] = field(default_factory=list)
    folded: str | None = None

    def quote(self, body: str) -> str:
        """The sentence, white space folded: once per sentence, not once per figure in it."""
        if self.folded is None:
            self.folded = fold(body[self.start : self.end])
        return self.folded

    def attributive_outcome(self, num_end: int, end: int, kind: str) -> Found | None:
        """ "884,597 destroyed houses", "20 injured people": a participle between a number and its
        noun, where no verb says what happened (a verb outweighs it: "600 wounded fighters left")."""
        for o in self.outcomes[bisect.bisect_left(self.outcome_starts, num_end) :]:
            if o[0] >= end:
                break
            if o[1] <= end and kind in o[2].applies_to:
                return o
        return None

    @classmethod
    def read(
        cls,
        body: str,
        lower: str,
        span: tuple[int, int],
        mentions: list[dict],
        mention_starts: list[int],
        refs: tuple[list[DateRef] | tuple, list[tuple[int, int]]] = ([], []),
    ) -> Sentence:
        """`refs`: the report's date references and their (start, index) pairs, sorted."""
        s, e = span
        outcomes = [(m.start(), m.end(), OUTCOMES[m.group()]) for m in OUTCOME_RE.finditer(lower, s, e)]
        lo, hi = bisect.bisect_left(mention_starts, s), bisect.bisect_left(mention_starts, e)
        places = _possessed(
            [
                (m["start"], m["end"], m["place_id"], _place_role(body, lower, s, m["start"], outcomes))
                for m in mentions[lo:hi]
            ],
            lower,
        )
        all_refs, ref_starts = refs
        within = ref_starts[bisect.bisect_left(ref_starts, (s, -1)) : bisect.bisect_left(ref_starts, (e, -1))]
        mine = [(i, all_refs[i]) for _, i in sorted(within, key=lambda p: p[1])]
        movement = any(o.movement for _, _, o in outcomes)
        return cls(
            s, e, lower, outcomes, cues_in(lower, s, e), places, mine, movement,
            [p[0] for p in places], [o[0] for o in outcomes],
        )  # fmt: skip


# Only blanks, 'the' or a settlement noun's "the city of" ("fled the besieged town of Madaya"): read from its start.
_BARE_GAP = re.compile(
    r"\s*(?:the\s*)?(?:(?:[a-z-]+\s+)?(?:city|town|village|district|neighbou?rhood|province|governorate|region"
    r"|area|enclave|camp)\s+of\s+)?",
    re.IGNORECASE,
)


# "fled Syria's Afrin", "in Sudan's capital Khartoum": the possessor says where the other place is.
_POSSESSOR = re.compile(r"['’]s\s+(?:(?:[a-z]+ern|capital|city|town|province)\s+){0,2}", re.IGNORECASE)


def _possessed(places: list[Place], lower: str) -> list[Place]:
    """The role of a possessor place passes to the place it possesses; the possessor only locates it."""
    out = list(places)
    for i in range(len(out) - 1):
        p, q = out[i], out[i + 1]
        if _POSSESSOR.fullmatch(lower, p[1], q[0]):
            out[i], out[i + 1] = (*p[:3], "bare"), (*q[:3], p[3])
    return out


def _place_role(body: str, lower: str, sent_start: int, start: int, outcomes: list[Found]) -> str:
    """origin ("from Foua", "fled Ghouta"), destination ("to Idlib"), place ("in Aleppo") or bare."""
    for _, o_end, outcome in outcomes:
        if outcome.object_role and o_end <= start and _BARE_GAP.fullmatch(body, o_end, start):
            return outcome.object_role
    role = "bare"
    for m in _PREPOSITION.finditer(lower, max(sent_start, start - _ROLE_REACH), start):
        role = ROLE_OF_PREPOSITION.get(m.group(), "place")
    return role


@dataclass
class Neighbours:
    """A candidate among the others of its sentence: the i-th of `candidates`."""

    sentence: Sentence
    candidates: list[Candidate]
    index: int
    others: Spans  # the words of every candidate of the sentence (its own never matter: see Spans)
    context: Subject | None = None  # what the sentence before counted
    earlier: list[Figure] = field(default_factory=list)  # the figures read so far in the sentence

    @property
    def floor(self) -> int:
        """An earlier candidate's words are its own: nothing before its end belongs to this one."""
        return self.candidates[self.index - 1].end if self.index else self.sentence.start

    @property
    def ceiling(self) -> int:
        i = self.index + 1
        return self.candidates[i].start if i < len(self.candidates) else self.sentence.end


class Spans:
    """The candidates' words of a sentence, asked in logarithmic time (a sentence of thousands of
    numbers stays linear). A figure's own words never answer: the outcomes asked about start outside
    them, and the stretches asked about lie before its start or from its end."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.spans = spans
        self.starts = [s for s, _ in spans]
        self.reach, furthest = [], -1  # the furthest end of the spans up to each
        for _, e in spans:
            furthest = max(furthest, e)
            self.reach.append(furthest)

    def covers(self, offset: int) -> bool:
        i = bisect.bisect_right(self.starts, offset)
        return i > 0 and self.reach[i - 1] > offset

    def starts_within(self, start: int, end: int) -> bool:
        return bisect.bisect_left(self.starts, start) < bisect.bisect_left(self.starts, end)

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans that start from `start` to before `end`, in order."""
        return self.spans[bisect.bisect_left(self.starts, start) : bisect.bisect_left(self.starts, end)]

    def without(self, span: tuple[int, int]) -> Spans:
        return Spans([s for s in self.spans if s != span])
