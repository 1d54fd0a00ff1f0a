"""Text shared by every stage: a report's text, masks that keep offsets, sentences.

Cleaning never changes a text's length: page furniture and HTML tags are replaced by
spaces, so an offset into the cleaned body is an offset into the file as read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Document:
    source_file: str  # file name inside the seeds folder
    raw: str  # the file's text as read (decoded); offsets point here
    body: str  # the same length as raw; furniture and markup blanked with spaces

    def __post_init__(self) -> None:
        if len(self.raw) != len(self.body):
            raise ValueError(f"{self.source_file}: body must keep the raw text's offsets")


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace each span by spaces, keeping line breaks so paragraphs stay apart."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


# Line ends other than '\n': a carriage return (alone, old Mac files, or before '\n', Windows
# files) and Unicode's line and paragraph separators.
_LINE_END = re.compile("\r\n?|[\u2028\u2029]")


def line_ends(text: str) -> str:
    """Every line end made a '\n' without changing the text's length ('\r\n' -> ' \n', a lone
    '\r' -> '\n'), so the map back to the file's own offsets is the identity: an offset into the
    result is an offset into the file as read. No stage meets a carriage return, and no table
    cell holds one."""
    if "\r" not in text and "\u2028" not in text and "\u2029" not in text:
        return text
    return _LINE_END.sub(lambda m: " \n" if len(m.group()) == 2 else "\n", text)


def fold(text: str) -> str:
    """White space folded to single spaces, for quotes and display."""
    return " ".join(text.split())


# Words whose final period does not end a sentence.
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|St|Jr|Sr|No|vs|etc|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
    r"Sep|Sept|Oct|Nov|Dec)|\b(?:[A-Z]\.)+[A-Z]|\b[a-z]\.[a-z]|\b[A-Z])\.$"
)
# Linear on any input: a run of stops is tried once, from its first character, and never given back
# (possessive quantifiers); a match from inside a run would end where the run's own does.
_BOUNDARY = re.compile(r"(?<![.!?])[.!?]++[\"'”’)\]]*+(?=\s++[\"'“‘(\[]*+[A-Z0-9])|\n\s*\n|\n")


def sentences(body: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) over a body, trimmed of white space.

    Paragraph and line breaks end a sentence (news text puts one paragraph per line) unless
    the line is hard-wrapped (`_wrapped`); a period ends one unless it closes a known
    abbreviation or an initial.
    """
    return list(_sentence_spans(body))


# A report's sentences are asked for by its own stages and again when its events are dated:
# the last few bodies' spans are kept, so each report is split once.
@lru_cache(maxsize=8)
def _sentence_spans(body: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(body):
        if m.group()[0] == "\n" and _wrapped(body, m.start(), m.end()):
            continue
        end = m.end() if m.group().strip() else m.start()
        if m.group()[0] == "." and _ABBREV.search(body[max(0, m.start() - 12) : m.start() + 1]):
            continue
        _add(spans, body, start, end)
        start = m.end()
    _add(spans, body, start, len(body))
    return tuple(spans)


# A hard-wrapped line (PDF text, a plain-text bulletin) goes on after its break: the line before
# ends with no stop and the next begins in lower case ("1,343\n\npeople injured", "Khyber
# Pakhtunkhwa\n(KP) and three in Punjab").
_GOES_ON = re.compile(r"[ \t]*[a-z(]")
_STOPS = frozenset('.!?:;"”’)]•')
_WRAP_LOOKBACK = 8


def _wrapped(body: str, start: int, end: int) -> bool:
    before = body[max(0, start - _WRAP_LOOKBACK) : start].rstrip(" \t")
    return bool(before) and before[-1] not in _STOPS and _GOES_ON.match(body, end) is not None


def _add(spans: list[tuple[int, int]], body: str, start: int, end: int) -> None:
    segment = body[start:end]
    stripped = segment.strip()
    if not stripped:
        return
    lead = len(segment) - len(segment.lstrip())
    spans.append((start + lead, start + lead + len(stripped)))


def sentence_at(spans: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The sentence span containing an offset (binary search over sorted spans)."""
    lo, hi = 0, len(spans) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s, e = spans[mid]
        if offset < s:
            hi = mid - 1
        elif offset >= e:
            lo = mid + 1
        else:
            return spans[mid]
    return (offset, offset)


def lowered(body: str) -> str:
    """body lower-cased, keeping its length (a few characters grow when lower-cased, e.g. 'İ'),
    so an offset into one is an offset into the other."""
    lower = body.lower()
    if len(lower) == len(body):
        return lower
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in body)
