"""Figures: every number a report states, with what it counts and the words it came from.

Two cheap scans find where a number may start (`numbers.find_candidates`); each candidate is read
and judged on the few words around it (candidates.py: what it counts, its qualifier and unit, and
the rules that say a number is no figure). The sentence then gives what happened to them
(outcome), who says so (claimant, claimants.py) and where (place, origin, destination).
Vocabularies are CSV files in `vocab/` (see its README).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, fields

from dashboard.extract import numbers
from dashboard.extract.candidates import (
    PEOPLE,
    STOP,
    WORDS,
    Candidate,
    Subject,
    alternation,
    rejection,
    words_after,
    words_of,
)
from dashboard.extract.claimants import Cue, claimant, cues_in
from dashboard.extract.text import fold, lowered, sentence_at
from dashboard.extract.vocab import read_vocab


@dataclass(frozen=True)
class Outcome:
    name: str
    applies_to: frozenset[str]  # subject kinds it can describe
    movement: bool  # moves people: the sentence's places become origin and destination
    object_role: str  # "origin" / "destination": what a place right after the phrase is


OUTCOMES = {
    r["phrase"]: Outcome(
        r["outcome"], frozenset(r["applies_to"].split()), r["movement"] == "yes", r["object"]
    )
    for r in read_vocab("outcomes.csv")
}
OUTCOME_RE = re.compile(rf"\b(?:{numbers.trie_pattern(OUTCOMES)})\b")  # over lower-cased text

_PREPOSITION = re.compile(
    r"\b(?:from|out of|to|towards|toward|into|for|in|at|inside|near|around|within|outside|across)\b"
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
_LINK = re.compile(rf"[\s,]*(?:{alternation(words_of(WORDS, 'role', 'list_link'))})\s*", re.IGNORECASE)
_AND = re.compile(r"\band\b")
_OTHER_CLAUSE = re.compile(r"[;:\d]")  # "23 dead, 57 wounded": an outcome never reaches past another number
_TALLY_AUX = alternation(words_of(WORDS, "role", "tally_auxiliary"))
_ADJACENT_BEFORE = re.compile(
    rf"\s*(?:(?:{_TALLY_AUX})\s+)?(?:(?:{alternation(words_of(WORDS, 'role', 'tally_verb'))})\s+){{0,2}}"
)
_ADJACENT_AFTER = re.compile(rf"\s*(?:(?:{alternation(words_of(WORDS, 'role', 'after_number'))})\s+){{0,3}}")
_OUTCOME_AFTER, _OUTCOME_BEFORE = 70, 40  # how far (characters) an outcome may stand from its figure
_ROLE_REACH = 40  # how far back a preposition gives a place its role


@dataclass
class Figure:
    """One row of the figures table (but the ids and dates the corpus adds)."""

    value: float | None
    low: float
    high: float
    unit: str | None
    subject: str | None
    qualifier: str | None
    outcome: str | None
    claimant: str | None
    place_id: str | None
    origin_id: str | None
    destination_id: str | None
    text: str
    start: int
    end: int
    quote: str
    quote_start: int
    quote_end: int

    def row(self) -> dict:
        return {name: getattr(self, name) for name in FIELDS}


FIELDS = tuple(f.name for f in fields(Figure))
_SHARED = ("outcome", "claimant", "place_id", "origin_id", "destination_id")

Place = tuple[int, int, str, str]  # start, end, place_id, role
Found = tuple[int, int, Outcome]  # an outcome phrase: start, end, outcome


# ------------------------------------------------------------------ entry point


def extract_figures(body: str, sents: list[tuple[int, int]], mentions: list[dict]) -> list[dict]:
    """The figures a report states, in text order (see FIELDS); offsets are offsets into body."""
    lower = lowered(body)
    mention_starts = [m["start"] for m in mentions]
    figures: list[Figure] = []
    sentences: dict[tuple[int, int], Sentence] = {}
    for match in numbers.find_candidates(body, lower):
        candidate = Candidate(body, match)
        if rejection(candidate) is not None:
            continue
        span = sentence_at(sents, match.start())
        if span[0] == span[1]:
            span = (candidate.start, candidate.end)
        sentence = sentences.get(span)
        if sentence is None:
            sentence = sentences[span] = Sentence.read(body, lower, span, mentions, mention_starts)
        previous = figures[-1] if figures and figures[-1].quote_start == span[0] else None
        floor = previous.end if previous else span[0]  # words of an earlier figure are its own
        figure = read_in_sentence(candidate, sentence, floor)
        if figure is not None:
            figures.append(figure)
    _share_within_lists(figures, body)
    return [f.row() for f in _drop_repeats(figures)]


# ------------------------------------------------------------------ the sentence around it


@dataclass
class Sentence:
    start: int
    end: int
    outcomes: list[Found]
    cues: list[Cue]
    places: list[Place]
    movement: bool

    @classmethod
    def read(
        cls, body: str, lower: str, span: tuple[int, int], mentions: list[dict], mention_starts: list[int]
    ) -> Sentence:
        s, e = span
        outcomes = [(m.start(), m.end(), OUTCOMES[m.group()]) for m in OUTCOME_RE.finditer(lower, s, e)]
        lo, hi = bisect.bisect_left(mention_starts, s), bisect.bisect_left(mention_starts, e)
        places = [
            (m["start"], m["end"], m["place_id"], _place_role(body, lower, s, m["start"], outcomes))
            for m in mentions[lo:hi]
        ]
        return cls(s, e, outcomes, cues_in(lower, s, e), places, any(o.movement for _, _, o in outcomes))


def _place_role(body: str, lower: str, sent_start: int, start: int, outcomes: list[Found]) -> str:
    """origin ("from Foua", "fled Ghouta"), destination ("to Idlib"), place ("in Aleppo") or bare."""
    for _, o_end, outcome in outcomes:
        if outcome.object_role and o_end <= start and body[o_end:start].strip().lower() in ("", "the"):
            return outcome.object_role
    role = "bare"
    for m in _PREPOSITION.finditer(lower, max(sent_start, start - _ROLE_REACH), start):
        role = ROLE_OF_PREPOSITION.get(m.group(), "place")
    return role


def read_in_sentence(c: Candidate, sentence: Sentence, floor: int) -> Figure | None:
    """The figure a candidate states in its sentence; None when it counts nothing after all."""
    body, start, end = c.body, c.start, c.end
    subject = c.subject
    outcome = _nearest_outcome(body, (floor, start, end), sentence, subject.kind if subject else "unknown")
    if subject is None and c.unit is None:
        named = _named_group(body, end, outcome)
        if named is not None:
            subject, end = named
        elif _outcome_adjacent(body, start, end, outcome):
            subject = PEOPLE
        else:
            return None
    assert c.amount is not None  # a rejection rule drops unreadable candidates
    movement = (outcome is not None and outcome[2].movement) or sentence.movement
    return Figure(
        value=c.amount.value,
        low=c.amount.low,
        high=c.amount.high,
        unit=c.unit,
        subject=subject.name if subject else None,
        qualifier=c.qualifier,
        outcome=outcome[2].name if outcome else (subject.outcome if subject else None),
        claimant=claimant(body, sentence.cues, (sentence.start, sentence.end), (start, c.num_start, end)),
        place_id=_nearest_place(sentence, "place", start, end),
        origin_id=_nearest_place(sentence, "origin", start, end) if movement else None,
        destination_id=_nearest_place(sentence, "destination", start, end) if movement else None,
        text=body[start:end],
        start=start,
        end=end,
        quote=fold(body[sentence.start : sentence.end]),
        quote_start=sentence.start,
        quote_end=sentence.end,
    )


def _nearest_outcome(body: str, words: tuple[int, int, int], sentence: Sentence, kind: str) -> Found | None:
    """The closest outcome phrase that can describe the subject, after the figure ("82 civilians
    were killed") or before it ("killed six people"); the figure's own words are not searched.
    `words` is (floor, start, end): an outcome before `floor` belongs to an earlier figure."""
    floor, start, end = words
    best, best_distance = None, _OUTCOME_AFTER + 1
    for o in sentence.outcomes:
        o_start, o_end, outcome = o
        if kind not in outcome.applies_to:
            continue
        if o_start >= end:
            distance, between = o_start - end, body[end:o_start]
        elif floor <= o_start and o_end <= start:
            distance, between = start - o_end, body[o_end:start]
            if distance > _OUTCOME_BEFORE or _AND.search(between):
                continue  # "35 had been killed and 120 injured": the verb belongs to the first figure
        else:
            continue
        if distance < best_distance and not _OTHER_CLAUSE.search(between):
            best, best_distance = o, distance
    return best


def _named_group(body: str, end: int, outcome: Found | None) -> tuple[Subject, int] | None:
    """ "700,000 Rohingya fled": a word the vocabulary does not know, right before a verb that says
    what happened to people, names who is counted: (the subject, the figure's new end)."""
    words = words_after(body, end)
    if outcome is None or not words or words[0][0] in STOP or outcome[0] < words[0][1]:
        return None
    if _ADJACENT_AFTER.fullmatch(body, words[0][1], outcome[0]) is None:
        return None
    return Subject(words[0][0], "unknown", False), words[0][1]


def _outcome_adjacent(body: str, start: int, end: int, outcome: Found | None) -> bool:
    """ "thousands fled", "killing at least 300", "300 were killed", "the death toll rose to 300":
    the outcome says a bare number counts people."""
    if outcome is None:
        return False
    o_start, o_end, _ = outcome
    if o_start >= end:
        return _ADJACENT_AFTER.fullmatch(body, end, o_start) is not None
    return _ADJACENT_BEFORE.fullmatch(body, o_end, start) is not None


def _nearest_place(sentence: Sentence, role: str, start: int, end: int) -> str | None:
    """The closest mention with the role, preferring one after the figure."""
    after = [p for p in sentence.places if p[3] == role and p[0] >= end]
    if after:
        return after[0][2]
    before = [p for p in sentence.places if p[3] == role and p[1] <= start]
    return before[-1][2] if before else None


# ------------------------------------------------------------------ across figures


def _share_within_lists(figures: list[Figure], body: str) -> None:
    """ "82 people, including 11 women and 13 children": listed figures share what the sentence
    says of the others (outcome, claimant, places) where they say nothing themselves."""
    groups: list[list[Figure]] = []
    for fig in figures:
        prev = groups[-1][-1] if groups else None
        if (
            prev is not None
            and prev.quote_start == fig.quote_start
            and _LINK.fullmatch(body, prev.end, fig.start)
        ):
            groups[-1].append(fig)
        else:
            groups.append([fig])
    for group in groups:
        if len(group) == 1:
            continue
        for name in _SHARED:
            shared = next((getattr(f, name) for f in group if getattr(f, name) is not None), None)
            for f in group:
                if getattr(f, name) is None:
                    setattr(f, name, shared)


def _drop_repeats(figures: list[Figure]) -> list[Figure]:
    """A report that restates a figure (same amount, subject, qualifier and outcome) gives one row."""
    seen: set[tuple] = set()
    out = []
    for f in figures:
        key = (f.value, f.low, f.high, f.unit, f.subject, f.qualifier, f.outcome)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
