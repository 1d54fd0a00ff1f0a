"""A number in a report and the words around it: what it is, before the sentence is read.

`Candidate` reads, on demand and once each, the words before the number (a qualifier: "at least"),
a unit glued to it or after it ("2.5sq km", "$3bn"), and the counted noun after it ("82 civilians",
"4,000 rebel fighters"). `REJECTIONS` is the ordered list of named rules that say a number is no
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
from dashboard.extract.vocab import read_vocab


def alternation(phrases: list[str]) -> str:
    """Longest first; the spaces inside a phrase match any run of spaces or tabs."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"[ \t\u00a0]+".join(re.escape(w) for w in p.split()) for p in ordered)


def words_of(rows: list[dict[str, str]], column: str, value: str, key: str = "word") -> list[str]:
    return [r[key] for r in rows if r[column] == value]


# ------------------------------------------------------------------ vocabularies


@dataclass(frozen=True)
class Subject:
    name: str  # canonical subject
    kind: str  # person, vehicle, place, building, object, event; "unknown" for guessed nouns
    known: bool  # from the vocabulary (not guessed from the shape of the word)
    outcome: str | None = None  # what the noun itself says happened ("300 wounded")


_SUBJECT_ROWS = read_vocab("subjects.csv")
SUBJECTS = {r["surface"]: Subject(r["subject"], r["kind"], True, r["outcome"] or None) for r in _SUBJECT_ROWS}
SUBJECT_POOL = {r["subject"]: r["pool"] for r in _SUBJECT_ROWS}
_SUBJECT_MAX_WORDS = max(len(s.split()) for s in SUBJECTS)
_SUBJECT_FIRST_WORDS = frozenset(s.split()[0] for s in SUBJECTS)
PEOPLE = Subject("people", "person", True)

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
WORDS = read_vocab("figure_words.csv")
_TIME_AFTER = re.compile(rf"[ \t\u00a0]*(?:{alternation(words_of(_NOT, 'kind', 'time'))})(?![A-Za-z])", re.I)
_DURATION_AFTER = re.compile(
    rf"[ \t\u00a0]*-?[ \t\u00a0]*(?:(?:{alternation(words_of(WORDS, 'role', 'duration_modifier'))})[ \t\u00a0]+)?"
    rf"(?:{alternation(words_of(_NOT, 'kind', 'duration'))})\b",
    re.IGNORECASE,
)
_AGE_WORDS = frozenset(words_of(_NOT, "kind", "age_before"))
_VERSION_WORDS = frozenset(words_of(_NOT, "kind", "version_before"))
STOP = frozenset(words_of(WORDS, "role", "stop"))
_QUALIFIER_GAP = frozenset(words_of(WORDS, "role", "qualifier_gap"))
_PARTITIVE = frozenset(words_of(WORDS, "role", "partitive_determiner"))
_SUBJECT_MODIFIERS = frozenset(words_of(WORDS, "role", "subject_modifier"))
_COPULAS = frozenset({"are", "were", "is", "was", "would", "will", "could", "be", "being"})
GROUP_NOUNS = {r["noun"]: r["subject"] for r in read_vocab("group_nouns.csv")}
_DETERMINERS = frozenset(words_of(WORDS, "role", "determiner"))
_THRESHOLDS = frozenset(words_of(WORDS, "role", "threshold"))

_MONTH_WORDS = [*MONTHS, *(m[:3] for m in MONTHS if len(m) > 3), "Sept"]
_MONTH_SET = frozenset(_MONTH_WORDS)
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?[ \t\u00a0]+(?:of[ \t\u00a0]+)?(?:{'|'.join(_MONTH_WORDS)})\b")

_OPENERS = "([\"'“‘"
_CLOSERS = ",;:!?)\"'”’"  # not ".": "approx.", "Dec." and "U.N." end with one
_APPOSITION_BEFORE = re.compile(r"([A-Za-z][A-Za-z'’-]*)\s*,\s*$")
_TALLY_BEFORE = re.compile(
    r"\b(?:number|total|tally|count)\s+of\s+(?:[a-z-]+\s+)??([a-z-]+)\s+(?:(?:has|had|have)\s+)?"
    r"(?:reached|rose\s+to|risen\s+to|climbed\s+to|stands\s+at|stood\s+at|is|was|to|at)\s+$",
    re.IGNORECASE,
)
_GROUP_OF = re.compile(rf"\b({alternation(list(GROUP_NOUNS))})\s+of\s+$", re.IGNORECASE)


def _tally_noun(i: int) -> str:
    return (
        rf"(?P<noun{i}>death\s+toll|death\s+count|toll|number|figure|total|tally|count|estimate)"
        rf"(?:\s+of\s+(?P<of{i}>[a-z-]+(?:\s+[a-z-]+)?))?"
    )


# "the toll in the south has since risen to", "put the number at", "bringing the total to"
_TALLY_VERB = (
    r"(?:reached|rose\s+(?:to|above)|risen\s+(?:to|above)|climbed\s+to|jumped\s+to|increased\s+to|doubled\s+to|"
    r"grown\s+to|swelled\s+to|stands\s+at|stood\s+at|passed|topped|exceeded|hit|is|was|at|to|above)(?:\s+now)?"
)
# "the toll in the south has since risen to", "put the number at", "bringing the total to", "a total of"
_TALLY = re.compile(
    rf"\b(?:{_tally_noun(1)}(?:\s+[\w,-]+){{0,6}}?\s+(?:(?:has|had|have)\s+)?(?:(?:since|now|already|reportedly)\s+)?"
    rf"{_TALLY_VERB}"
    rf"|(?:put|puts|putting|placed|places|estimated|estimates|set|sets)\s+the\s+{_tally_noun(2)}\s+at"
    rf"|(?:bring|brings|bringing|brought|taking|takes|took)\s+(?:the|its)\s+{_tally_noun(3)}\s+to"
    r"|(?P<total>\b(?:total|estimate|tally|toll)\s+of))\s+$",
    re.IGNORECASE,
)
_TOLL = Subject("people", "person", True, "killed")
_MEASURED_BEFORE = re.compile(
    r"([A-Za-z][A-Za-z'’-]*)\s+of\s+(?:(?:only|just|merely|a\s+mere)\s+)?$", re.IGNORECASE
)
_OF_AFTER = re.compile(r"\s+of\s+(?:(?:the|a|an|its|their|his|her|our)\s+)?", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\S")
_GLUED = re.compile(r"[A-Za-z]")
_TIME_OR_DATE_SIGN = re.compile(r"[:/.]\d")

WINDOW = 80  # how far the counted noun may follow the number
_MAX_WORDS = 10  # words read after a number: up to three modifiers, a noun, and a head noun after it
_LEFT = 40  # how far back the words before a number are read

Word = tuple[str, int]  # a word and an offset (its start before a number, its end after one)


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
            found = subject_after(self.body, self.qualifier_after[1]) or _strong(self.body, self.left, end)
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


def _article_or_pronoun(c: Candidate) -> bool:
    """A lone "one"/"zero" in words is an article or a pronoun ("one of the last", "One woman said");
    but "two children in Kashmore and one in Dadu" lists a count."""
    if c.match.group("num") is None or c.numeric or c.value not in (0, 1):
        return False
    listed = bool(c.left) and c.left[0][0].lower() in ("and", "or") and _IN_A_LIST.match(c.body, c.num_end)
    return not listed


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


# ------------------------------------------------------------------ words around a number


def left_words(body: str, pos: int) -> list[Word]:
    """The words right before pos on the same line, nearest first, as (word, start); a word
    ends the list when punctuation separates it from the next ("crossfire, 82" gives none)."""
    lo = max(0, pos - _LEFT)
    segment = body[lo:pos]
    newline = segment.rfind("\n")
    if newline >= 0:
        lo, segment = lo + newline + 1, segment[newline + 1 :]
    if not segment or not segment[-1].isspace():
        return []
    words: list[Word] = []
    end = len(segment)
    for token in reversed(segment.split()):
        at = segment.rfind(token, 0, end)
        if at == 0 and lo > 0 and not body[lo - 1].isspace():
            break  # cut by the window
        word = token.lstrip(_OPENERS)
        if word:
            words.append((word, lo + at + len(token) - len(word)))
        if word != token or not word or word[-1] in _CLOSERS:
            if word and word[-1] in _CLOSERS:
                words.pop()
            break
        end = at
    return words


def words_after(body: str, pos: int) -> list[Word]:
    """Lower-cased words after pos up to the first punctuation mark or line break, with their ends."""
    out = []
    limit = body.find("\n", pos, pos + WINDOW)
    for tok in _TOKEN.finditer(body, pos, limit if limit >= 0 else min(len(body), pos + WINDOW)):
        word = tok.group()
        if not word[0].isalpha():
            break
        out.append((word.lower(), tok.end()))
        if len(out) == _MAX_WORDS:
            break
    return out


def _match_subject(words: list[Word], i: int) -> tuple[Subject, int, int] | None:
    """The longest vocabulary subject starting at word i: (subject, words used, end offset)."""
    if words[i][0].replace("’", "'") not in _SUBJECT_FIRST_WORDS:
        return None
    for n in range(min(_SUBJECT_MAX_WORDS, len(words) - i), 0, -1):
        key = " ".join(w for w, _ in words[i : i + n]).replace("’", "'")
        subject = SUBJECTS.get(key)
        if subject:
            return subject, n, words[i + n - 1][1]
    return None


def subject_after(body: str, pos: int) -> tuple[Subject, int] | None:
    """The counted noun after a number: "82 civilians", "4,000 rebel fighters", "thousands of
    innocent civilians", "Eight more districts" (up to three modifiers); a part of a group ("57 of the
    wounded"); after a copula ("800,000 are South Sudanese", "600,000 would be Sudanese refugees");
    a plural noun not in the vocabulary is guessed."""
    words = words_after(body, pos)
    if len(words) > 1 and words[0][0] == "of":
        return _partitive(words)
    if words and words[0][0] in _COPULAS:
        return _copular_subject(body, words)
    for i in range(min(4, len(words))):
        found = _match_subject(words, i)
        if found:
            subject, n, end = found
            following = _match_subject(words, i + n) if i + n < len(words) else None
            if following:  # "300 wounded civilians": the head noun is the last one
                subject, end = following[0], following[2]
            return subject, end
        word = words[i][0]
        if word in STOP and word not in _SUBJECT_MODIFIERS and not _joins_modifiers(words, i):
            break
    if words and looks_plural(words[0][0]):
        return Subject(words[0][0], "unknown", False), words[0][1]
    return None


def _partitive(words: list[Word]) -> tuple[Subject, int] | None:
    """ "57 of the wounded", "five of his former officials", "240,000 of these new internal displacements"."""
    at = 2 if words[1][0] in _PARTITIVE and len(words) > 2 else 1
    for i in range(at, min(at + 3, len(words))):
        found = _match_subject(words, i)
        if found:
            return found[0], found[2]
        if words[i][0] in STOP and words[i][0] not in _SUBJECT_MODIFIERS:
            return None
    return None


def _copular_subject(body: str, words: list[Word]) -> tuple[Subject, int] | None:
    """ "N are South Sudanese", "N would be Sudanese refugees": who they are, after the copula."""
    i = 1
    while i < len(words) and words[i][0] in _COPULAS:
        i += 1
    for j in range(i, min(i + 3, len(words))):
        found = _match_subject(words, j)
        if found:
            return found[0], found[2]
    if i >= len(words):
        return None
    start = words[i][1] - len(words[i][0])
    name = re.match(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*", body[start : words[i][1] + 40])
    if name is None:
        return None  # "300 were killed": no subject here; the outcome says who
    return Subject(name.group().lower(), "person", False), start + name.end()


def _joins_modifiers(words: list[Word], i: int) -> bool:
    """ "36 red and white ambulances": an "and" between two modifiers of a known noun."""
    if words[i][0] != "and" or i == 0 or i + 2 >= len(words) or words[i + 1][0] in STOP:
        return False
    return _match_subject(words, i + 1) is None and _match_subject(words, i + 2) is not None


def _gap_words(left: list[Word]) -> int:
    """How many of the nearest left words stand between a qualifier and its number ("a further")."""
    for n in (3, 2, 1):
        if len(left) > n and " ".join(w.lower() for w, _ in reversed(left[:n])) in _QUALIFIER_GAP:
            return n
    return 0


def _strong(body: str, left: list[Word], end: int) -> tuple[Subject, int] | None:
    """ "a force 8,000 strong", "an army 10,000-strong": the body's size."""
    if not left or left[0][0].lower() not in GROUP_NOUNS:
        return None
    m = re.compile(r"(?:-|[ \t]+)strong\b", re.IGNORECASE).match(body, end)
    if m is None:
        return None
    name = GROUP_NOUNS[left[0][0].lower()]
    return SUBJECTS.get(name, Subject(name, "person", True)), m.end()


def looks_plural(word: str) -> bool:
    return (
        len(word) >= 4
        and word.isalpha()
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is", "ous"))
        and word not in STOP
    )


def apposition_subject(body: str, start: int) -> Subject | None:
    """ "many children, possibly more than 100": the noun before the comma; "the number of evacuees
    had reached 34,000", "bringing the total to 31,000", "the death toll has risen to 2,100": the noun
    counted (a toll counts the dead); "an exodus of 60,000", "a crowd of 2,000": who they are."""
    m = _APPOSITION_BEFORE.search(body, max(0, start - 30), start) or _TALLY_BEFORE.search(
        body, max(0, start - 60), start
    )
    if m:
        return SUBJECTS.get(m.group(1).lower())
    m = _GROUP_OF.search(body, max(0, start - 30), start)
    if m:
        name = GROUP_NOUNS[m.group(1).lower()]
        return SUBJECTS.get(name, Subject(name, "person", True))
    m = tally(body, start)
    if m is None:
        return None
    groups = m.groupdict()
    counted = next((groups[k] for k in groups if k.startswith("of") and groups[k]), None)
    if counted:
        return _match_counted(counted)
    words = m.group().lower()  # "the total death count … reached": a toll counts the dead
    return _TOLL if "toll" in words or "death" in words else None


def _match_counted(words: str) -> Subject | None:
    """The subject of "number of <words>": "evacuees", "people killed", "destroyed houses"."""
    tokens = words.lower().split()
    return SUBJECTS.get(" ".join(tokens)) or next((SUBJECTS[t] for t in tokens if t in SUBJECTS), None)


def tally(body: str, start: int) -> re.Match | None:
    """The tally a number ends: "the death toll rose to", "bringing the total to", "a total of"."""
    return _TALLY.search(body, max(0, start - 90), start)


def measured_subject(body: str, start: int, end: int) -> Subject | None:
    """What a unit measures: "an enclave of only 2.5sq km", "30 per cent of the population"."""
    m = _MEASURED_BEFORE.search(body, max(0, start - 40), start)
    if m and m.group(1).lower() not in STOP:
        return Subject(m.group(1).lower(), "unknown", True)
    m = _OF_AFTER.match(body, end)
    if m:
        found = subject_after(body, m.end())
        if found:
            return found[0]
        words = words_after(body, m.end())
        if words and words[0][0] not in STOP:
            return Subject(words[0][0].removesuffix("'s").removesuffix("’s"), "unknown", True)
    return None


def subject_pool(subject: str | None) -> str:
    """The pool claims group a subject in ("civilians" and "people" count the same people)."""
    return SUBJECT_POOL.get(subject or "", subject or "")
