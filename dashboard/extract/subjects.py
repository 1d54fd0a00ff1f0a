"""What a number counts: the counted noun after it ("82 civilians", "4,000 rebel fighters",
"57 of the wounded"), or the noun a tally or an apposition names ("the death toll rose to 2,100",
"many children, possibly more than 100"), read from the words around the number.

The nouns are `vocab/subjects.csv` (surface -> subject as written, its kind and pool); function
words are `vocab/figure_words.csv`; group nouns ("a force 8,000 strong") `vocab/group_nouns.csv`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard.extract.vocab import alternation, read_vocab, words_of


@dataclass(frozen=True)
class Subject:
    name: str  # canonical subject
    kind: str  # person, vehicle, place, building, object, event; "unknown" for guessed nouns
    known: bool  # from the vocabulary (not guessed from the shape of the word)
    outcome: str | None = None  # what the noun itself says happened ("300 wounded")
    trailing: bool = False  # the outcome is an adjective after the noun ("783 people dead"): it governs


_SUBJECT_ROWS = read_vocab("subjects.csv")


def _stands_for_people(row: dict) -> bool:
    """A bare adjective counted as people ("20 dead", "50,000 homeless"): its outcome is the
    predicate, so it governs over a verb before the number ("the strike leaves 20 dead")."""
    return row["subject"] == "people" and bool(row["outcome"]) and " " not in row["surface"]


SUBJECTS = {
    r["surface"]: Subject(r["subject"], r["kind"], True, r["outcome"] or None, _stands_for_people(r))
    for r in _SUBJECT_ROWS
}
SUBJECT_POOL = {r["subject"]: r["pool"] for r in _SUBJECT_ROWS}
for _row in read_vocab("demonyms.csv"):  # "31,000 Syrians", "800,000 are South Sudanese": people
    SUBJECTS.setdefault(_row["surface"], Subject(_row["surface"], "person", True))
    SUBJECT_POOL.setdefault(_row["surface"], "people")
_SUBJECT_MAX_WORDS = max(len(s.split()) for s in SUBJECTS)
_SUBJECT_FIRST_WORDS = frozenset(s.split()[0] for s in SUBJECTS)
PEOPLE = Subject("people", "person", True)

WORDS = read_vocab("figure_words.csv")
STOP = frozenset(words_of(WORDS, "role", "stop"))
_PARTITIVE = frozenset(words_of(WORDS, "role", "partitive_determiner"))
_SUBJECT_MODIFIERS = frozenset(words_of(WORDS, "role", "subject_modifier"))
_COPULAS = frozenset({"are", "were", "is", "was", "would", "will", "could", "be", "being"})
GROUP_NOUNS = {r["noun"]: r["subject"] for r in read_vocab("group_nouns.csv")}

_OPENERS = "([\"'“‘"
_CLOSERS = ",;:!?)\"'”’"  # not ".": "approx.", "Dec." and "U.N." end with one
_APPOSITION_BEFORE = re.compile(r"([A-Za-z][A-Za-z'’-]*)\s*,\s*$")
_TALLY_BEFORE = re.compile(
    r"\b(?:number|total|tally|count)\s+of\s+(?:[a-z-]+\s+)??([a-z-]+)\s+(?:(?:has|had|have)\s+)?"
    r"(?:reached|rose\s+to|risen\s+to|climbed\s+to|stands\s+at|stood\s+at|is|was|to|at)\s+$",
    re.IGNORECASE,
)
# A part of a counted whole: "400 of the approximately 1,200 people", "8,000 out of the 30,000".
_WHOLE_LEAD = r"[ \t]+(?:out[ \t]+)?of[ \t]+(?:the|these|those|an?[ \t]+estimated)[ \t]+(?:(?:approximately|about|around|some|nearly|roughly|estimated)[ \t]+)?"
PART_OF_NUMBER = re.compile(_WHOLE_LEAD + r"\d[\d,.]*(?:[ \t]+(?:thousand|million))?", re.IGNORECASE)
WHOLE_AFTER_PART = re.compile(r"\d[\d,.]*" + _WHOLE_LEAD + r"$", re.IGNORECASE)
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
    rf"\b(?:{_tally_noun(1)}(?:\s+(?!\d)[\w,-]+){{0,6}}?\s+(?:(?:has|had|have)\s+)?(?:(?:since|now|already|reportedly)\s+)?"
    rf"{_TALLY_VERB}"
    rf"|(?:put|puts|putting|placed|places|estimated|estimates|set|sets)\s+the\s+{_tally_noun(2)}\s+at"
    rf"|(?:bring|brings|bringing|brought|taking|takes|took)\s+(?:the|its)\s+{_tally_noun(3)}\s+to"
    r"|(?P<total>\b(?:total|estimate|tally|toll)\s+of))\s+$",
    re.IGNORECASE,
)
_TOLL = Subject(
    "people", "person", True, "dead", trailing=True
)  # a toll says what it counts: a verb nearby does not
# The second half of a gapped tally, its verb left out: "deaths rose to 402 and injuries to 1,055".
_GAPPED_TALLY = re.compile(
    r"\d[\d,.]*\s*(?:,|\band\b|\bwhile\b|\bwith\b)\s+(?:(?:the|those)\s+)?(?:number\s+of\s+)?([a-z-]+)\s+(?:to|at)\s+$",
    re.IGNORECASE,
)
_MEASURED_BEFORE = re.compile(
    r"([A-Za-z][A-Za-z'’-]*)\s+of\s+(?:(?:only|just|merely|a\s+mere)\s+)?$", re.IGNORECASE
)
_OF_AFTER = re.compile(r"\s+of\s+(?:(?:the|a|an|its|their|his|her|our)\s+)?", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\S")

WINDOW = 80  # how far the counted noun may follow the number
_MAX_WORDS = 10  # words read after a number: up to three modifiers, a noun, and a head noun after it
_LEFT = 40  # how far back the words before a number are read

Word = tuple[str, int]  # a word and an offset (its start before a number, its end after one)


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
    whole = PART_OF_NUMBER.match(body, pos)
    if whole is not None:  # "400 of the 1,200 people": the part counts what the whole counts
        counted = subject_after(body, whole.end())
        return (counted[0], pos) if counted else None
    words = words_after(body, pos)
    if len(words) > 1 and words[0][0] == "of":
        return _partitive(words)
    if words and words[0][0] in _COPULAS:
        return _copular_subject(body, words)
    for i in range(min(4, len(words))):
        found = _match_subject(words, i)
        if found:
            return _with_kin(body, _people_listed(body, words, found, i) or _head(words, found, i))
        word = words[i][0]
        if word in STOP and word not in _SUBJECT_MODIFIERS and not _joins_modifiers(words, i):
            break
    if words and looks_plural(words[0][0]):
        return Subject(words[0][0], "unknown", False), words[0][1]
    return None


def _people_listed(
    body: str, words: list[Word], found: tuple[Subject, int, int], i: int
) -> tuple[Subject, int] | None:
    """ "101 women, men, children and older people": a number before a list of kinds of people
    counts them all, as people ("5 women and wounded 20 men": "wounded" is a verb, no kind)."""
    subject, _, end = found
    if subject.kind != "person" or subject.outcome or i + found[1] < len(words):
        return None  # the noun ends its words: a comma or "and" follows, or nothing
    listed = 0
    while (gap := _LIST_GAP.match(body, end)) is not None:
        after = words_after(body, gap.end())
        nxt = _match_subject(after, 0) if after else None
        if nxt is None or nxt[0].kind != "person" or nxt[0].outcome:
            break
        listed, end = listed + 1, nxt[2]
    return (PEOPLE, end) if listed else None


_LIST_GAP = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
# "1,500 fighters and their relatives", "600 wounded fighters and their civilian relatives": all of them
_WITH_KIN = re.compile(
    r"\s+and\s+(?:their|his|her)\s+(?:civilian\s+)?(?:families|family\s+members|relatives|dependants|dependents)\b",
    re.IGNORECASE,
)


KIN = " and kin"  # "fighters and kin": a subject of people with their families, pooled with people


def _with_kin(body: str, counted: tuple[Subject, int]) -> tuple[Subject, int]:
    """A count of people and their kin counts people, not the first kind named."""
    subject, end = counted
    kin = _WITH_KIN.match(body, end) if subject.kind == "person" and not subject.outcome else None
    if kin is None or subject.name == "people":
        return counted
    return Subject(subject.name + KIN, "person", True), kin.end()


def _head(words: list[Word], found: tuple[Subject, int, int], i: int) -> tuple[Subject, int]:
    """The head of a counted phrase whose first noun is at word i: a noun right after it is the head
    ("300 wounded civilians", "600,000 Sudanese refugees"), unless it is an adjective standing after
    its noun ("783 people dead", "thousands of people homeless")."""
    subject, n, end = found
    following = _match_subject(words, i + n) if i + n < len(words) else None
    if following is None:
        return subject, end
    if following[0].outcome and not subject.outcome:  # "left 783 people dead": dead, not left
        return Subject(subject.name, subject.kind, subject.known, following[0].outcome, True), following[2]
    return following[0], following[2]


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
            return _head(words, found, j)
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


def strong_subject(body: str, left: list[Word], end: int) -> tuple[Subject, int] | None:
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


_OF_WHOM = re.compile(
    r"[ \t]+of[ \t]+(?:whom|them)[ \t]+(?:were|are|was|is)[ \t]+(?:(?:the|all)[ \t]+)?", re.IGNORECASE
)


def of_whom_subject(body: str, end: int) -> tuple[Subject, int] | None:
    """ "17,000 evacuees, 7,000 of whom were rebels": the noun after "of whom were" counts the number."""
    m = _OF_WHOM.match(body, end)
    return subject_after(body, m.end()) if m else None


def apposition_subject(body: str, start: int) -> Subject | None:
    """ "many children, possibly more than 100": the noun before the comma; "deaths rose to 402 and
    injuries to 1,055": the noun of a gapped tally; "the number of evacuees
    had reached 34,000", "bringing the total to 31,000", "the death toll has risen to 2,100": the noun
    counted (a toll counts the dead); "an exodus of 60,000", "a crowd of 2,000": who they are."""
    m = _GAPPED_TALLY.search(body, max(0, start - 60), start)
    if m and m.group(1).lower() in SUBJECTS:
        return SUBJECTS[m.group(1).lower()]
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
    """What a unit measures: "30 per cent of the population", "2,328 kilometres of roads" (the
    words after it first: "sweeping away of over 2,328 kilometres of roads"), "an enclave of only 2.5sq km"."""
    m = _OF_AFTER.match(body, end)
    if m:
        found = subject_after(body, m.end())
        if found:
            return found[0]
        words = words_after(body, m.end())
        if words and words[0][0] not in STOP:
            return Subject(words[0][0].removesuffix("'s").removesuffix("’s"), "unknown", True)
    m = _MEASURED_BEFORE.search(body, max(0, start - 40), start)
    if m and m.group(1).lower() not in STOP:
        return Subject(m.group(1).lower(), "unknown", True)
    return None


def subject_pool(subject: str | None) -> str:
    """The pool claims group a subject in ("civilians" and "people" count the same people)."""
    if subject and subject.endswith(KIN):
        return "people"
    return SUBJECT_POOL.get(subject or "", subject or "")
