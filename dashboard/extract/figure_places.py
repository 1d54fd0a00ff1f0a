"""Where a figure is: the place, origin and destination mentions of its sentence that are its own
(the nearest with the role, one after it before one before it, in its clause, not one of a list of places,
not a place that only says where another is), and the place a breakdown ("234 in Balochistan") counts."""

from __future__ import annotations

import bisect
import re

from dashboard.extract.candidates import Candidate
from dashboard.extract.neighbours import Sentence

_PLACE_AFTER = (
    140  # how far after a figure its place may stand ("… 1,151 … talks launched in Geneva": not its place)
)
# A clause that opens after the figure speaks of something else ("…, which began in Geneva", "added that … in Geneva").
_CLAUSE_OPENS = re.compile(r"\b(?:that|which|who|where|while|whereas|because|although)\b|;|,\s*with\b")
_OWN_RELATIVE = re.compile(r"\s*(?:who|that)\b")  # a relative clause right after the figure is its own

# "the Britain-based monitor", "a Geneva-based agency": where an organisation sits, no figure's place.
_ATTRIBUTE = re.compile(r"-(?:based|headquartered)\b")
# "authorities in Cairo said", "officials in Khartoum": where the ones who say so are, no figure's place.
_SPEAKERS_SEAT = re.compile(
    r"\b(?:authorities|officials|sources|diplomats|spokesm[ae]n|spokeswoman|spokesperson|correspondents?"
    r"|reporters|journalists)\s+(?:in|from)\s+(?:the\s+)?$"
)


def _speaks_from(lower: str, p: tuple) -> bool:
    return bool(_ATTRIBUTE.match(lower, p[1]) or _SPEAKERS_SEAT.search(lower, max(0, p[0] - 40), p[0]))


_BREAKDOWN = re.compile(r"[ \t]+(?:(?:are|were|is|was)[ \t]+)?(?:in|from|at|to|into)[ \t]+(?:the[ \t]+)?")


def breakdown_place(c: Candidate, sentence: Sentence) -> str | None:
    """ "234 in Balochistan", "136,000 are from Eritrea": the place a number right before it counts."""
    m = _BREAKDOWN.match(c.body, c.end)
    if m is None:
        return None
    starts = sentence.place_starts
    at = sentence.places[bisect.bisect_left(starts, m.end()) : bisect.bisect_right(starts, m.end())]
    if not at or listed(sentence, at[0]):  # "270,000 in Daraa and Quneitra": of no one of them
        return None
    return at[0][2]


# "the city of Afrin in northern Syria": the second place says where the first is, not where the figure is.
_LOCATOR = re.compile(r",?\s+in\s+(?:the\s+)?")


def locates_another(lower: str, p: tuple, near: list) -> bool:
    return any(q[1] <= p[0] and q[3] != "place" and _LOCATOR.fullmatch(lower, q[1], p[0]) for q in near)


def nearest_place(
    sentence: Sentence, role: str, words: tuple[int, int], bounds: tuple[int, int]
) -> str | None:
    """The closest mention with the role between the figures before and after this one, preferring
    one after it ("446 in Mozambique while there are 259 dead in Zimbabwe": each its own); none
    where it is one of a list of places."""
    p = _nearest(sentence, role, words, bounds)
    return None if p is None or (role == "place" and listed(sentence, p)) else p[2]


def listed_places(sentence: Sentence, words: tuple[int, int], bounds: tuple[int, int]) -> str | None:
    """ "270,000 in Daraa and Quneitra": the places a figure counts together, space-separated, where
    its place is a list (so it is of no one of them)."""
    p = _nearest(sentence, "place", words, bounds)
    if p is None or not listed(sentence, p):
        return None
    return " ".join(sorted({q[2] for q in _run(sentence, p)}))


def _nearest(sentence: Sentence, role: str, words: tuple[int, int], bounds: tuple[int, int]) -> tuple | None:
    start, end = words
    floor, ceiling = bounds
    starts = sentence.place_starts  # only the places from the floor to the ceiling can be it
    near = [
        p
        for p in sentence.places[bisect.bisect_left(starts, floor) : bisect.bisect_left(starts, ceiling)]
        if not _speaks_from(sentence.lower, p)
    ]
    reach = min(ceiling, end + _PLACE_AFTER)
    own = _OWN_RELATIVE.match(sentence.lower, end)  # "20,000 who have entered Chad": its own clause
    clause_from = own.end() if own else end
    after = [
        p
        for p in near
        if p[3] == role
        and end <= p[0] < reach
        and not _CLAUSE_OPENS.search(sentence.lower, clause_from, p[0])
        and not locates_another(sentence.lower, p, near)
    ]
    if after:
        return after[0]
    before = [p for p in near if p[3] == role and floor <= p[0] and p[1] <= start]
    return before[-1] if before else None


_PLACE_LINK = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+)(?:the\s+)?")


def listed(sentence: Sentence, place: tuple) -> bool:
    """ "large areas in Malawi and Zimbabwe, leaving at least 783 people dead": a place one of a
    list counts with the others, so the figure is of no one of them."""
    return any(_linked(sentence.lower, place, other) for other in sentence.places if other is not place)


def _linked(lower: str, a: tuple, b: tuple) -> bool:
    gap = (b[1], a[0]) if b[1] <= a[0] else (a[1], b[0])
    return 0 <= gap[1] - gap[0] <= 8 and bool(_PLACE_LINK.fullmatch(lower, *gap))


def _run(sentence: Sentence, place: tuple) -> list[tuple]:
    """The list a place is one of: the places linked to it by commas and "and", one by one."""
    run, todo = [place], [place]
    while todo:
        p = todo.pop()
        for q in sentence.places:
            if q not in run and _linked(sentence.lower, p, q):
                run.append(q)
                todo.append(q)
    return run


# A line that heads a section: short, no digits, no closing stop ("MOZAMBIQUE", "Timeline").
_HEADING_LINE = re.compile(r"^[ \t]*([A-Z][^\d\n.!?:;,]{0,40}?)[ \t]*$", re.MULTILINE)
_HEADING_WORDS = 4


def section_headings(body: str, mentions: list[dict]) -> list[tuple[int, str | None]]:
    """(where, place) of each section heading: a heading line whose words are a place the report names
    elsewhere ("MOZAMBIQUE" over the lines on Mozambique: a heading in capitals is no mention of its
    own), or None for a heading of another kind ("Timeline"), which ends the section before it."""
    named = {body[m["start"] : m["end"]].casefold(): m["place_id"] for m in mentions}
    out = []
    for m in _HEADING_LINE.finditer(body):
        words = m.group(1)
        if m.start() == 0 or len(words.split()) > _HEADING_WORDS:
            continue  # the first line is the headline
        out.append((m.start(), named.get(words.casefold())))
    return out


def section_place(headings: list[tuple[int, str | None]], at: int) -> str | None:
    """The place of the section `at` lies in, if its heading names one."""
    i = bisect.bisect_right(headings, (at, "\uffff")) - 1
    return headings[i][1] if i >= 0 else None
