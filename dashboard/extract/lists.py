"""Figures read through their neighbours: a number that counts the things a list then names
("two villages, Foua and Kefraya": an enumeration), the items of a situation report's list under a
heading that says what is counted ("Newly displaced by governorate: Homs (12,345), Hama (6,789)"),
and a bare number whose subject the sentence before gives ("… the number of people trapped.
Aid groups say 12,000-15,000.").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dashboard.extract.candidates import Candidate
from dashboard.extract.outcomes import OUTCOME_RE, OUTCOMES
from dashboard.extract.subjects import SUBJECTS, Subject, subject_pool

if TYPE_CHECKING:
    from dashboard.extract.figures import Figure

MAX_ENUMERATED = 12  # "two villages, Foua and Kefraya"; a count this large is never a list of names
_NAME = r"(?:al-|el-|ad-|ash-|as-)?[A-Z][\w'’.-]*(?:[ -](?:al|el|ad|ash|as|de|of|the|[A-Z][\w'’.-]*))*"
_LIST = re.compile(rf"{_NAME}(?:\s*,\s*(?:and\s+)?{_NAME}|\s+and\s+{_NAME})+")
_AFTER_LEAD = re.compile(r"[ \t]*(?:[,:(—–-]|\bof\b|\bnamely\b|\bincluding\b)?[ \t]*(?:the\s+)?")
_BEFORE_TAIL = re.compile(r"\s*,\s*(?:the\s+|both\s+|all\s+)?$")
_ITEM = re.compile(rf"({_NAME})")
_HEADING_LINES = 3  # a list's heading stands this many lines above it at most
_NUMBER_OF = re.compile(r"\bnumber\s+of\s+(?:the\s+)?([a-z][a-z-]*(?:\s+[a-z-]+)?)", re.IGNORECASE)


def _items(text: str) -> int:
    return len(_ITEM.findall(text))


def enumerated(body: str, c: Candidate, limit: int) -> bool:
    """Whether the number just counts the names a list beside it gives: "two villages, Foua and
    Kefraya", "Foua and Kefraya, the two villages", or the sentence after ("the villages, Foua and
    Kefraya") (a count of at most MAX_ENUMERATED)."""
    value = c.value
    if value is None or not 2 <= value <= MAX_ENUMERATED:
        return False
    lead = _AFTER_LEAD.match(body, c.end, limit)
    after = _LIST.match(body, lead.end() if lead else c.end, limit)
    if after and _items(after.group()) == value:
        return True
    if _named_after(body, c, limit, value):
        return True
    tail = _BEFORE_TAIL.search(body, max(0, c.start - 12), c.start)
    if tail is None:
        return False
    window = body[max(0, tail.start() - 160) : tail.start()]
    before = [m for m in _LIST.finditer(window) if m.end() == len(window)]
    return bool(before) and _items(before[-1].group()) == value


_NAMED_REACH = 320  # how far past its sentence a count's names may follow


def _named_after(body: str, c: Candidate, limit: int, value: float) -> bool:
    """ "people from two villages besieged by rebels." then "… from the villages, Foua and Kefraya":
    the sentence after names what the number counted, by the same noun."""
    noun = body[c.num_end : c.end].split()
    if not noun or not noun[-1].isalpha():
        return False
    back = re.compile(rf"\b(?:the|these|both)\s+{re.escape(noun[-1])}\b(?:\s+of)?\s*,?\s*", re.IGNORECASE)
    for m in back.finditer(body, limit, min(len(body), limit + _NAMED_REACH)):
        names = _LIST.match(body, m.end())
        if names and _items(names.group()) == value:
            return True
    return False


def heading_subject(
    body: str, c: Candidate, places: list[tuple[int, int, str, str]]
) -> tuple[Subject, str | None, str | None] | None:
    """The item of a list "Place (N), Place (N)" under a heading that names what is counted:
    (the heading's subject, its outcome words if any, the item's place)."""
    if not (c.num_start and body[c.num_start - 1] == "(" and body[c.num_end : c.num_end + 1] == ")"):
        return None
    place = next((p[2] for p in places if 0 <= c.num_start - 1 - p[1] <= 2), None)
    if place is None:
        return None
    line_start = body.rfind("\n", 0, c.num_start) + 1
    heading_start = line_start
    for _ in range(_HEADING_LINES):
        heading_start = body.rfind("\n", 0, max(0, heading_start - 1)) + 1
    heading = body[heading_start : c.num_start].lower()
    found = _subject_in(heading)
    if found is None:
        return None
    outcome = next(iter(_outcomes_in(heading)), None)
    return found, outcome or found.outcome, place


def _subject_in(text: str, kinds: tuple[str, ...] | None = ("person",)) -> Subject | None:
    """The first counted noun a heading names ("number of IDPs by governorate")."""
    words = re.findall(r"[a-z][a-z'’-]*", text)
    for i in range(len(words)):
        for n in (3, 2, 1):
            subject = SUBJECTS.get(" ".join(words[i : i + n]))
            if subject is not None and (kinds is None or subject.kind in kinds):
                return subject
    return None


def context_subject(
    body: str, previous: tuple[int, str | None] | None, span: tuple[int, int]
) -> Subject | None:
    """What the sentence before this one (in the same paragraph) counted: its last figure's subject
    (`previous`: where that figure's sentence ends, its subject), or the noun of "the number of X"."""
    before = body.rfind("\n", 0, span[0])
    sentence_before = body[max(0, before + 1, span[0] - 300) : span[0]]
    m = next(reversed(list(_NUMBER_OF.finditer(sentence_before))), None)  # the last one
    if m is not None:
        words = m.group(1).lower().split()
        found = SUBJECTS.get(" ".join(words)) or SUBJECTS.get(words[0])
        if found is not None:
            return found
    if previous is not None and previous[0] > before and previous[1]:
        name = previous[1]
        return SUBJECTS.get(name, Subject(name, "person", True))
    return None


_LABEL = re.compile(r"(?:^|\n)[ \t]*(?P<label>[A-Z][\w ,'’/()-]{2,60}?)[ \t]*:[ \t]*$")
_LABEL_MAX_WORDS = 6


def label_subject(body: str, c: Candidate) -> tuple[Subject, str | None, str | None] | None:
    """A line "People killed: 501", "Houses damaged or destroyed: 99,317": what the label counts
    (its noun, its outcome words)."""
    m = _LABEL.search(body, max(0, c.start - 80), c.start)
    if m is None or len(m.group("label").split()) > _LABEL_MAX_WORDS:
        return None
    label = m.group("label").lower()
    found = _subject_in(label, kinds=None)
    if found is None:
        return None
    outcome = next(iter(_outcomes_in(label)), None)
    return found, outcome or found.outcome, None


# A situation report's key-figures strip: a line of numbers only, over a line of as many labels.
_STRIP = re.compile(r"[ \t]*(?:\d[\d.,]*[KkM]?[ \t]+){2,}\d[\d.,]*[KkM]?[ \t]*")
_STRIP_REACH = 4  # lines from the strip to its labels, blank ones included
_STRIP_LONGEST = 160  # a strip is a short line (a longer run of numbers is read as prose, in bounded time)
_LABEL_WORD = re.compile(r"[a-z][a-z'’-]*")


def strip_subject(body: str, c: Candidate) -> tuple[Subject, str | None, None] | None:
    """ "218K 452K 2M 937 1,343 794K" over "houses houses acres of crops deaths injured livestock lost"
    and "destroyed damaged impacted": each number counts the label in its place (a label is led by a
    counted noun), with the outcome its label names, else the next of the line below's outcomes."""
    line = _strip_line(body, c.num_start)
    if line is None:
        return None
    line_start, line_end = line
    starts = [line_start + m.start() for m in re.finditer(r"\S+", body[line_start:line_end])]
    lines = [ln for ln in body[line_end:].split("\n", _STRIP_REACH + 1)[1 : _STRIP_REACH + 1] if ln.strip()]
    if not lines or re.search(r"\d", lines[0]) or c.num_start not in starts:
        return None
    labels = _labels(lines[0].lower())
    if labels is None or len(labels) != len(starts):
        return None
    below = [] if len(lines) < 2 or re.search(r"\d", lines[1]) else _outcomes_in(lines[1].lower())
    lacking = [i for i, (_, outcome) in enumerate(labels) if outcome is None]
    if len(below) <= len(lacking):
        for i, outcome in zip(lacking, below, strict=False):
            labels[i] = (labels[i][0], outcome)
    subject, outcome = labels[starts.index(c.num_start)]
    return subject, outcome, None


def strip_rounded(c: Candidate) -> str | None:
    """A strip's "218K", "2M": a number cut to its scale is about that much (its "937" is exact)."""
    scaled = c.body[c.num_end - 1 : c.num_end] in ("K", "k", "M")
    return "about" if scaled and _strip_line(c.body, c.num_start) is not None else None


def _strip_line(body: str, at: int) -> tuple[int, int] | None:
    """The line around `at` if it is a strip (a short line of numbers only)."""
    start = body.rfind("\n", max(0, at - _STRIP_LONGEST), at) + 1
    end = body.find("\n", at, at + _STRIP_LONGEST)
    if (start == 0 and at > _STRIP_LONGEST) or end < 0 and len(body) - at > _STRIP_LONGEST:
        return None
    end = len(body) if end < 0 else end
    return (start, end) if _STRIP.fullmatch(body, start, end) else None


def _outcomes_in(text: str) -> list[str | None]:
    return [OUTCOMES[m.group()].name for m in OUTCOME_RE.finditer(text)]


def _labels(text: str) -> list[tuple[Subject, str | None]] | None:
    """A strip's labels: each led by a counted noun ("acres of crops": "of" ties the next noun to it;
    "people displaced": a noun's outcome word is its own), with the outcome its words name."""
    words = _LABEL_WORD.findall(text)
    heads: list[tuple[Subject, list[str]]] = []
    i = 0
    while i < len(words):
        n, subject = next(
            (
                (n, SUBJECTS[" ".join(words[i : i + n])])
                for n in (3, 2, 1)
                if " ".join(words[i : i + n]) in SUBJECTS
            ),
            (1, None),
        )
        tied = heads and (words[i - 1] == "of" or _outcome_of(heads[-1][0], subject))
        if subject is not None and not tied:
            heads.append((subject, words[i : i + n]))
        elif heads:
            heads[-1][1].extend(words[i : i + n])
        else:
            return None  # a label line starts with what it counts
        i += n
    return [(s, (_outcomes_in(" ".join(w)) or [s.outcome])[0]) for s, w in heads]


def _outcome_of(head: Subject, word: Subject | None) -> bool:
    """ "people displaced": "displaced" counts people too, so it says what happened to the head."""
    return word is not None and head.outcome is None and word.outcome is not None and word.name == head.name


# "the 3,000 civilians": a definite count names one the report gave before
_DEFINITE = re.compile(r"\bthe\s+$", re.IGNORECASE)


def share_antecedent_dates(figures: list[Figure], body: str) -> None:
    """A definite count with no date words of its own ("Sello said the 3,000 civilians had
    evacuated") is the report's earlier count of that number and subject pool, and holds when it does."""
    seen: dict[tuple, Figure] = {}
    for f in figures:
        key = (f.value, subject_pool(f.subject))
        earlier = seen.get(key)
        if earlier is not None and f.as_of_ref < 0 and _DEFINITE.search(body, max(0, f.start - 6), f.start):
            f.as_of_ref, f.as_of_mode = earlier.as_of_ref, earlier.as_of_mode
        if f.value is not None and f.as_of_ref >= 0:
            seen.setdefault(key, f)
