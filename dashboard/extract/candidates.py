"""A number in a report and the words around it: what it is, before the sentence is read.

`Candidate` reads, on demand and once each, the words before the number (a qualifier: "at least"),
a unit glued to it or after it ("2.5sq km", "$3bn"), and what it counts (subjects.py). `REJECTIONS` is the ordered list of named rules that say a number is no
figure (a time, a date, a duration, an age, a year, an identifier …); each rule is a predicate of a
candidate and is tested on its own. Vocabularies are CSV files in `vocab/` (see its README).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from dashboard.extract import numbers
from dashboard.extract.dates import MONTHS
from dashboard.extract.subjects import (
    STOP,
    SUBJECTS,
    WORDS,
    Subject,
    Word,
    apposition_subject,
    left_words,
    measured_subject,
    of_whom_subject,
    strong_subject,
    subject_after,
)
from dashboard.extract.vocab import alternation, read_vocab, words_of

# ------------------------------------------------------------------ vocabularies

_QUALIFIER_ROWS = read_vocab("qualifiers.csv")
QUALIFIERS = {r["phrase"]: r["qualifier"] for r in _QUALIFIER_ROWS if r["position"] == "before"}
_QUALIFIERS_AFTER = {r["phrase"]: r["qualifier"] for r in _QUALIFIER_ROWS if r["position"] == "after"}
_QUALIFIER_MAX_WORDS = max(len(p.split()) for p in QUALIFIERS)
_QUALIFIER_LAST_WORDS = frozenset(p.split()[-1] for p in QUALIFIERS)
# "300,000 or more", "5,000-plus": a qualifier after the number (a hyphen glues it)
_QUALIFIER_AFTER = re.compile(
    "|".join(
        rf"(?P<q{i}>"
        + (rf"-{re.escape(p[1:])}" if p.startswith("-") else rf"[ \t\u00a0]+{alternation([p])}")
        + r")(?![\w-])"
        for i, p in enumerate(_QUALIFIERS_AFTER)
    ),
    re.IGNORECASE,
)
_AFTER_BY_GROUP = list(_QUALIFIERS_AFTER.values())

_UNIT_ROWS = read_vocab("units.csv")
UNITS = {r["surface"].lower(): (r["unit"], r["default_subject"]) for r in _UNIT_ROWS}
UNIT_AFTER = re.compile(
    rf"[ \t\u00a0]?({alternation(words_of(_UNIT_ROWS, 'position', 'after', 'surface'))})(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_CURRENCY_SIGNS = tuple(sorted(words_of(_UNIT_ROWS, "position", "before", "surface"), key=len, reverse=True))

_NOT = read_vocab("not_figures.csv")
_TIME_AFTER = re.compile(rf"[ \t\u00a0]*(?:{alternation(words_of(_NOT, 'kind', 'time'))})(?![A-Za-z])", re.I)
_DURATION_AFTER = re.compile(
    rf"[ \t\u00a0]*(?:-[ \t\u00a0]*)?(?:(?:{alternation(words_of(WORDS, 'role', 'duration_modifier'))})[ \t\u00a0]+)?"
    rf"(?:{alternation(words_of(_NOT, 'kind', 'duration'))})\b",
    re.IGNORECASE,
)
_AGE_WORDS = frozenset(words_of(_NOT, "kind", "age_before"))
_VERSION_WORDS = frozenset(words_of(_NOT, "kind", "version_before"))
_QUALIFIER_GAP = frozenset(words_of(WORDS, "role", "qualifier_gap"))
_DETERMINERS = frozenset(words_of(WORDS, "role", "determiner"))
_THRESHOLDS = frozenset(words_of(WORDS, "role", "threshold"))
_NUMBER_LEADS = frozenset(words_of(WORDS, "role", "number_lead"))

_MONTH_WORDS = [*MONTHS, *(m[:3] for m in MONTHS if len(m) > 3), "Sept"]
_MONTH_SET = frozenset(_MONTH_WORDS)
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?[ \t\u00a0]+(?:of[ \t\u00a0]+)?(?:{'|'.join(_MONTH_WORDS)})\b")

_GLUED = re.compile(r"[A-Za-z]")
_TIME_OR_DATE_SIGN = re.compile(r"[:/.]\d")


# ------------------------------------------------------------------ the candidate


class Candidate:
    """A `numbers.CANDIDATE` match in a body, with the words around it read when first asked."""

    def __init__(self, body: str, match: re.Match) -> None:
        self.body = body
        self.match = match
        self.vague = match.group("vague") is not None
        self.num_start = match.start()
        self.num_end = match.end("vague") if self.vague else match.end()

    @cached_property
    def amount(self) -> numbers.Amount | None:
        return numbers.read_candidate(self.match)

    @property
    def numeric(self) -> bool:
        return self.amount is not None and self.amount.numeric

    @property
    def value(self) -> float | None:
        return self.amount.value if self.amount is not None else None

    @cached_property
    def currency(self) -> str | None:
        """A currency sign right before the number ("$3bn")."""
        sign = self.body[max(0, self.num_start - 3) : self.num_start]
        return next((c for c in _CURRENCY_SIGNS if sign.endswith(c)), None)

    @cached_property
    def left(self) -> list[Word]:
        """The words before the number (and its currency sign), nearest first."""
        start = self.num_start - len(self.currency or "")
        return left_words(self.body, start)

    @cached_property
    def qualifier_words(self) -> tuple[str | None, int]:
        """(the qualifier before the number, how many of the left words say it, with the words
        between it and the number): "at least", "some", "at least a further"."""
        left = self.left
        qualifier = self.amount.qualifier if self.amount else None
        gap = _gap_words(left)
        if len(left) <= gap or left[gap][0].lower() not in _QUALIFIER_LAST_WORDS:
            return qualifier, 0
        for n in range(min(_QUALIFIER_MAX_WORDS, len(left) - gap), 0, -1):
            phrase = " ".join(w.lower() for w, _ in reversed(left[gap : gap + n]))
            if phrase in QUALIFIERS:
                return qualifier or QUALIFIERS[phrase] or None, gap + n
        return qualifier, 0

    @cached_property
    def qualifier_after(self) -> tuple[str | None, int]:
        """(a qualifier right after the number, where its words end): "300,000 or more"."""
        if self.vague:
            return None, self.match.end()
        m = _QUALIFIER_AFTER.match(self.body, self.num_end)
        if m is None or m.lastgroup is None:
            return None, self.match.end()
        return _AFTER_BY_GROUP[int(m.lastgroup[1:])], m.end()

    @property
    def qualifier(self) -> str | None:
        return self.qualifier_words[0] or self.qualifier_after[0]

    @property
    def before(self) -> list[str]:
        """Up to three lower-case words before the number and its qualifier."""
        n = self.qualifier_words[1]
        return [w.lower() for w, _ in self.left[n : n + 3]]

    @cached_property
    def start(self) -> int:
        """Where the figure's words start: its qualifier, else its currency sign, else the number."""
        n = self.qualifier_words[1]
        if n:
            return self.left[n - 1][1]
        return self.num_start - len(self.currency or "")

    @cached_property
    def unit_words(self) -> tuple[str | None, str | None, int]:
        """(unit, the subject it measures by default, end of the unit's words)."""
        end = self.qualifier_after[1] if self.qualifier_after[0] else self.num_end
        if self.currency:
            unit, default = UNITS[self.currency.lower()]
            return unit, default, end
        if not self.vague:
            u = UNIT_AFTER.match(self.body, end)
            if u:
                unit, default = UNITS[u.group(1).lower()]
                return unit, default, u.end()
        return None, None, end

    @property
    def unit(self) -> str | None:
        return self.unit_words[0]

    @cached_property
    def subject_words(self) -> tuple[Subject | None, int]:
        """(what is counted or measured, the end of the figure's words)."""
        unit, default, end = self.unit_words
        if unit is None:
            found = (
                subject_after(self.body, self.qualifier_after[1])
                or of_whom_subject(self.body, end)
                or strong_subject(self.body, self.left, end)
            )
            if found:
                return found
            if self.value is not None or self.match.group("range"):
                return apposition_subject(self.body, self.start), end
            return None, end
        subject = measured_subject(self.body, self.start, end) or Subject(default or "", "unknown", True)
        if unit != "%" and subject.kind == "unknown":  # an area or a distance is not killed or evacuated
            subject = Subject(subject.name, "object", True)
        return subject, end

    @property
    def subject(self) -> Subject | None:
        return self.subject_words[0]

    @property
    def end(self) -> int:
        return self.subject_words[1]


# ------------------------------------------------------------------ what is no figure


@dataclass(frozen=True)
class Rule:
    name: str
    applies: Callable[[Candidate], bool]


def _unreadable(c: Candidate) -> bool:
    """No number after all, or one that is not finite ("1e309" digits read as infinity)."""
    a = c.amount
    return a is None or not all(math.isfinite(x) for x in (a.low, a.high))


_IN_A_LIST = re.compile(r"[ \t]+(?:in|from|at)[ \t]+[A-Z]")
_AFTER_COMMA = re.compile(r",[ \t]*$")


def _article_or_pronoun(c: Candidate) -> bool:
    """A lone "one"/"zero" in words is an article or a pronoun ("one of the last", "One woman said");
    but "two children in Kashmore and one in Dadu" (or ", one in Dadu,") lists a count, and "at least
    one bus" counts."""
    if c.match.group("num") is None or c.numeric or c.value not in (0, 1):
        return False
    if c.qualifier is not None:  # "at least one bus", "more than one": a count
        return False
    linked = (bool(c.left) and c.left[0][0].lower() in ("and", "or")) or _AFTER_COMMA.search(
        c.body, max(0, c.start - 3), c.start
    )  # "nine in GB, one in Islamabad, 185 in KP": an item of a breakdown
    return not (linked and _IN_A_LIST.match(c.body, c.num_end))


def _time_date_or_code(c: Candidate) -> bool:
    """Times, dates, ordinals and codes written in digits: "09:18", "11/21", "21st", "6am", "14 Dec"."""
    if not c.numeric:
        return False
    body, end = c.body, c.num_end
    if _GLUED.match(body, end) and not UNIT_AFTER.match(body, end):
        return True  # "21st", "6am", "1990s", "3D"
    return bool(
        _TIME_OR_DATE_SIGN.match(body, end) or _TIME_AFTER.match(body, end) or _MONTH_AFTER.match(body, end)
    )


def _duration(c: Candidate) -> bool:
    """ "24 hours", "seven-day", "18 months ago", "two more weeks"."""
    return _DURATION_AFTER.match(c.body, c.num_end) is not None


def _day_of_a_month(c: Candidate) -> bool:
    """ "Dec 14", "December 13": the number after a month's name is its day ("In May 400 people": not)."""
    value = c.value
    is_day = value is not None and 1 <= value <= 31 and float(value).is_integer()
    return is_day and bool(c.left) and c.left[0][0].rstrip(".") in _MONTH_SET


def _ratio(c: Candidate) -> bool:
    """ "1 in 3 children", "one in five Syrians": a ratio, not a count."""
    before = c.before
    if len(before) < 2 or before[0] != "in" or c.value is None:
        return False
    first = numbers.parse_number(before[1])
    return first is not None and first <= 10 and first < c.value


def _age(c: Candidate) -> bool:
    """ "aged 12", "children aged under five"."""
    return bool(_AGE_WORDS.intersection(w.lower() for w, _ in c.left[:3]))


def _back_reference(c: Candidate) -> bool:
    """ "the two villages": a small count after a definite determiner points back at things already
    counted; a large one ("the 250,000 civilians who remain") still states a figure."""
    before = c.before
    return bool(before) and before[0] in _DETERMINERS and c.value is not None and c.value < 100


def _threshold(c: Candidate) -> bool:
    """ "women over 60", "children under five": an age or a threshold, not a count."""
    left, n_qual = c.left, c.qualifier_words[1]
    if n_qual != 1 or left[0][0].lower() not in _THRESHOLDS or len(left) < 2:
        return False
    return left[1][0].lower() in SUBJECTS


def _year(c: Candidate) -> bool:
    """ "in 2016", "2011-2016", "2016 elections"; but "2000 people" is a count."""
    if not c.numeric or c.amount is None:
        return False
    text, subject = c.match.group(), c.subject
    if "," in text or "." in text or c.unit or (subject is not None and subject.known):
        return False
    return all(1800 <= v <= 2100 and float(v).is_integer() for v in (c.amount.low, c.amount.high))


def _identifier(c: Candidate) -> bool:
    """ "Resolution 2254", "Creative Commons 2.0", "version 3": a name right before the number."""
    subject = c.subject
    if c.unit or (subject is not None and subject.known):
        return False
    left = c.left[c.qualifier_words[1] :]
    if not left:
        return False
    word = left[0][0]
    if word.lower() in _VERSION_WORDS:
        return True
    return (
        not word.endswith(".")
        and word[0].isupper()
        and not word.endswith(("'s", "’s"))
        and word.lower() not in STOP
        and word.lower() not in _NUMBER_LEADS  # "Another 6,000 have taken refuge"
    )


# In order: the cheap tests of the number itself first, then those that read the words around it.
REJECTIONS: tuple[Rule, ...] = (
    Rule("unreadable", _unreadable),
    Rule("article or pronoun", _article_or_pronoun),
    Rule("time, date or code", _time_date_or_code),
    Rule("duration", _duration),
    Rule("day of a month", _day_of_a_month),
    Rule("ratio", _ratio),
    Rule("age", _age),
    Rule("back-reference", _back_reference),
    Rule("threshold", _threshold),
    Rule("year", _year),
    Rule("identifier", _identifier),
)


def rejection(candidate: Candidate) -> str | None:
    """The name of the first rule that says the candidate is no figure, or None."""
    return next((rule.name for rule in REJECTIONS if rule.applies(candidate)), None)


def _gap_words(left: list[Word]) -> int:
    """How many of the nearest left words stand between a qualifier and its number ("a further")."""
    for n in (3, 2, 1):
        if len(left) > n and " ".join(w.lower() for w, _ in reversed(left[:n])) in _QUALIFIER_GAP:
            return n
    return 0
