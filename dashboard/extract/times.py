"""Times of day in a report ("6pm local time", "6am (4am GMT)", "noon") and the one a date's words
are tied to ("at 6pm on Tuesday"): read with the date references of dates.py."""

from __future__ import annotations

import re

# A time of day, with its zone and a converted time in brackets: "6pm local time", "6am (4am GMT)".
TIME = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:[aApP]\.?\s?[mM]\b\.?|(?=\s*(?:GMT|UTC)\b))"
    r"(?:\s*(?:local\s+time|GMT|UTC|[A-Z]{2,4}T|EST|EDT))?"
    r"(?:\s*\(\s*\d{1,2}(?:[:.]\d{2})?\s*(?:[aApP]\.?\s?[mM]\b\.?)?\s*(?:GMT|UTC|local\s+time)?\s*\))?"
    r"|\b\d{1,2}:\d{2}\s*(?:GMT|UTC|local\s+time)\b"
    r"|\b(?:noon|midnight|dawn|dusk)\b"
)
_DIGIT = re.compile(r"\d")


def attached_time(body: str, sent: tuple[int, int], start: int, end: int) -> str | None:
    """A time of day close to the date words in the same sentence ("at 6pm on Tuesday")."""
    lo, hi = max(sent[0], start - _TIME_CHARS), min(sent[1], end + _TIME_CHARS)
    if not _DIGIT.search(body, lo, hi) and not any(w in body[lo:hi] for w in _TIME_WORDS):
        return None
    best = None
    for t in TIME.finditer(body, lo, hi):
        gap = start - t.end() if t.end() <= start else t.start() - end if t.start() >= end else 0
        if 0 <= gap <= 12 and (best is None or gap < best[0]):
            best = (gap, t.group())
    return " ".join(best[1].split()) if best else None


_TIME_CHARS = 40  # a time tied to a date stands within a few words of it ("at about 6am (4am GMT) on")
_TIME_WORDS = ("noon", "midnight", "dawn", "dusk")
