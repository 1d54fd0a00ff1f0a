"""What kind of statement a figure is: its status (did it happen, is it planned, expected, possible,
demanded, denied or prevented) and its measure (a stock at a moment, a flow in an interval, a running
total, a capacity), read from the words of the figure's clause.

Both are ordered, named lists of rules over a `Clause` (the figure's clause cut into the stretch
before the figure, the verb group between the figure and its verb, and the rest of the clause),
each rule tested on its own; the cue words are `vocab/status_cues.csv` and `vocab/measure_cues.csv`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from dashboard.extract import numbers
from dashboard.extract.vocab import read_vocab

STATUSES = ("occurred", "planned", "expected", "possible", "demanded", "denied", "prevented")
MEASURES = ("stock", "flow", "total", "capacity", "other")


@dataclass(frozen=True)
class Cue:
    words: str
    value: str  # the status or measure it says
    reach: str  # "verb" / "before": the verb group only; "clause": anywhere in the clause after it
    lower_only: bool = False  # must be written in lower case ("may" the modal, not the month)


def _cues(name: str, column: str) -> dict[str, Cue]:
    return {
        r["cue"]: Cue(r["cue"], r[column], r["reach"], r.get("case") == "lower") for r in read_vocab(name)
    }


def _pattern(cues: dict[str, Cue]) -> re.Pattern:
    """Whole words; a contraction ("'ll", "n't") is glued to the word before it instead."""
    glued = [c for c in cues if c.startswith(("'", "n'"))]
    words = [c for c in cues if c not in glued]
    either = [g.replace("'", "’") for g in glued] + glued
    parts = [rf"(?<![\w'’])(?:{numbers.trie_pattern(words)})(?![\w'’])"]
    if either:
        parts.append(rf"(?<=\w)(?:{numbers.trie_pattern(either)})(?![\w'’])")
    return re.compile("|".join(parts))


STATUS_CUES = _cues("status_cues.csv", "status")
STATUS_CUES |= {c.replace("'", "’"): cue for c, cue in STATUS_CUES.items() if "'" in c}
MEASURE_CUES = _cues("measure_cues.csv", "measure")
_STATUS_RE = _pattern(STATUS_CUES)
_MEASURE_RE = _pattern(MEASURE_CUES)


@dataclass(frozen=True)
class Clause:
    """The words of a figure's clause, by where they stand (offsets into the report's body).

    before: from the clause's start (after a reporting verb, a semicolon or an earlier figure) to the
    figure; verb: from the figure's end to the end of its verb when the verb follows ("15,000 people
    would be evacuated"); after: the rest of the clause, up to the next figure or semicolon."""

    body: str
    lower: str
    before: tuple[int, int]
    verb: tuple[int, int]
    after: tuple[int, int]
    outcome_measure: str | None = None  # what the governing outcome counts (outcomes.csv)
    outcome_status: str | None = None  # what the governing outcome says of the figure
    has_unit: bool = False
    counts_people: bool = False
    since: bool = False  # the figure's date words run from a day to the report ("since Thursday")
    # The figure is its verb's subject ("two villages that were besieged"): a cue before it belongs to
    # another verb ("wanted the evacuation of wounded from two villages that were besieged").
    subject_of_verb: bool = False

    def _found(self, pattern: re.Pattern, cues: dict[str, Cue], span: tuple[int, int]) -> list[Cue]:
        out = []
        for m in pattern.finditer(self.lower, *span):
            cue = cues[m.group()]
            if cue.lower_only and not self.body[m.start()].islower():
                continue
            out.append(cue)
        return out

    @cached_property
    def status_cues(self) -> list[Cue]:
        """The status cues that reach the figure."""
        before = self._found(_STATUS_RE, STATUS_CUES, self.before)
        if self.subject_of_verb:  # but a denial scopes over the clause it denies ("denied that 400 had …")
            before = [c for c in before if c.value == "denied"]
        near = before + self._found(_STATUS_RE, STATUS_CUES, self.verb)
        far = [c for c in self._found(_STATUS_RE, STATUS_CUES, self.after) if c.reach == "clause"]
        return near + far

    @cached_property
    def measure_cues(self) -> list[Cue]:
        before = self._found(_MEASURE_RE, MEASURE_CUES, self.before)
        rest = self._found(_MEASURE_RE, MEASURE_CUES, (self.verb[0], self.after[1]))
        return before + [c for c in rest if c.reach == "clause"]

    @cached_property
    def said(self) -> frozenset[str]:
        return frozenset(c.value for c in self.status_cues)

    @cached_property
    def measures(self) -> frozenset[str]:
        return frozenset(c.value for c in self.measure_cues)

    def says(self, status: str) -> bool:
        return status in self.said

    def measured(self, measure: str) -> bool:
        return measure in self.measures


@dataclass(frozen=True)
class Rule:
    name: str
    value: str
    applies: Callable[[Clause], bool]


# The first rule that applies decides. A negated or blocked verb outweighs a plan ("29 buses were
# due to leave but had not moved"); a denial, a demand and the modals outweigh what happened.
STATUS_RULES: tuple[Rule, ...] = (
    Rule("negated or blocked", "prevented", lambda c: c.says("prevented")),
    Rule("denied", "denied", lambda c: c.says("denied")),
    Rule("demanded", "demanded", lambda c: c.outcome_status == "demanded" or c.says("demanded")),
    Rule("past ability or achievement", "occurred", lambda c: c.says("occurred")),  # "could finally leave"
    Rule("possible", "possible", lambda c: c.says("possible")),
    Rule("expected", "expected", lambda c: c.says("expected")),
    Rule("planned", "planned", lambda c: c.says("planned")),
)

# The statuses from the strongest: where several speak of one figure, the first rule's wins.
PRECEDENCE = tuple(dict.fromkeys(rule.value for rule in STATUS_RULES))

MEASURE_RULES: tuple[Rule, ...] = (
    Rule("capacity words", "capacity", lambda c: c.measured("capacity")),
    # "without water since December"; not "4,000 who had been living in Sudan have returned since"
    Rule(
        "a state kept since a day",
        "stock",
        lambda c: c.since and c.measured("stock") and c.outcome_measure != "flow",
    ),
    Rule("running total", "total", lambda c: c.measured("total") or c.since),
    Rule("a sum of what happened", "total", lambda c: c.measured("sum") and c.outcome_measure == "flow"),
    Rule("a unit: an area, a distance, a share, a sum", "other", lambda c: c.has_unit),
    Rule(
        "one of those a flow counts", "flow", lambda c: c.measured("member") and c.outcome_measure == "flow"
    ),
    Rule("stock words", "stock", lambda c: c.measured("stock")),
    Rule("what the outcome counts", "flow", lambda c: c.outcome_measure == "flow"),
    Rule("an outcome that tallies", "total", lambda c: c.outcome_measure == "total"),  # "140 cases detected"
    Rule("a stock outcome", "stock", lambda c: c.outcome_measure == "stock"),
    Rule("people with no outcome", "stock", lambda c: c.counts_people and c.outcome_measure is None),
)


def first(rules: tuple[Rule, ...], clause: Clause, default: str) -> str:
    return next((rule.value for rule in rules if rule.applies(clause)), default)


def status_of(clause: Clause) -> str:
    return first(STATUS_RULES, clause, "occurred")


def measure_of(clause: Clause) -> str:
    return first(MEASURE_RULES, clause, "other")
