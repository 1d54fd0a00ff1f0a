"""A page's stamps among a report's date expressions: a date that is the page's publication
stamp ("By Jane Doe December 13, 2016", "Wednesday, 7 May 2014 13:35 GMT", " date 2018-03-19 …",
"Oct 17, 6:19 AM EDT") is no statement of the story. `published.own_date` reads it; `dates`
leaves it out of the references (`is_stamp`), by the ordered rules `_BYLINE_RULES`.

A date expression is given as dates' candidates are: (start, end, fields), fields holding its
kind and year.
"""

from __future__ import annotations

import bisect
import re

from dashboard.extract.times import TIME

# The words a byline or dateline may hold besides a date: names, labels, times.
_DATELINE_WORDS = frozenset(
    ["by", "on", "at", "and", "published", "updated", "posted", "last", "first", "am", "pm", "a.m.", "p.m."]
    + ["a", "an", "the", "of", "for", "in"]  # a section's title case: "Making a Difference, 11 February 2014"
)
_DATELINE_MAX_WORDS = 12
_BYLINE_MAX_CHARS = 300  # a longer sentence is the story's
_LABEL_REACH = 40  # a stamp's label opens its line this near before the date


def is_stamp(body: str, sent: tuple[int, int], start: int, end: int, fields: dict, found=((), ())) -> bool:
    """A date that is the page's stamp, not a statement of the story: its sentence holds nothing
    but dates, a time, names and labels (`_BYLINE_RULES`, in order; the first that holds decides)."""
    return any(rule(body, sent, start, end, fields, found) for _, rule in _BYLINE_RULES)


def _labelled_stamp(body: str, sent, start: int, end: int, fields: dict, found) -> bool:
    """ " date 2018-03-19 More than 200,000 fled", "Published: 12 May 2019 …": a date with its year
    right after a stamp label opening the line."""
    if not fields.get("year") or fields["kind"] != "explicit":
        return False
    lo = max(0, start - _LABEL_REACH)
    newline = body.rfind("\n", lo, start)
    if newline < 0 and lo > 0:
        return False  # no line start near: no label opens the line before the date
    return bool(_STAMP_LABEL.fullmatch(body, newline + 1, start))


def _dated_byline(body: str, sent, start: int, end: int, fields: dict, found) -> bool:
    """ "By Jane Doe December 13, 2016", "Wednesday, 7 May 2014 13:35 GMT", "Making a Difference,
    11 February 2014": a date with its year, maybe its weekday and a time, among names and labels
    only."""
    if sent[1] - sent[0] > _BYLINE_MAX_CHARS:
        return False  # a story sentence, however many dates it holds
    others = _in_sentence(found, sent)
    if fields["kind"] == "weekday":  # the weekday of a stamp's date: "Sunday October 21, 2018 17:04"
        dated = [c for c in others if c[2]["kind"] == "explicit" and c[2].get("year")]
        return any(_byline_words(body, sent, others) for _ in dated[:1])
    if fields["kind"] != "explicit" or not fields.get("year"):
        return False
    return _byline_words(body, sent, others)


def _yearless_stamp(body: str, sent, start: int, end: int, fields: dict, found) -> bool:
    """ "Oct 17, 6:19 AM EDT" alone: a month and day with a clock time and nothing else."""
    if fields["kind"] != "explicit" or fields.get("year") or sent[1] - sent[0] > _BYLINE_MAX_CHARS:
        return False
    rest = body[sent[0] : start] + " " + body[end : sent[1]]
    if not TIME.search(rest):
        return False
    words = TIME.sub(" ", rest).replace(",", " ").split()
    return not words


def _in_sentence(found, sent: tuple[int, int]) -> list:
    """The date expressions inside a sentence (`found`: all of them, and their starts, sorted)."""
    cands, starts = found
    lo, hi = bisect.bisect_left(starts, sent[0]), bisect.bisect_left(starts, sent[1])
    return [c for c in cands[lo:hi] if c[1] <= sent[1]]


def _byline_words(body: str, sent: tuple[int, int], dates_in: list) -> bool:
    """The sentence less its date words and times: few words, each a name, a label or a number."""
    rest, pos = [], sent[0]
    for s, e, _ in sorted(dates_in, key=lambda c: c[0]):
        if s >= pos:
            rest.append(body[pos:s])
            pos = e
    rest.append(body[pos : sent[1]])
    text = TIME.sub(" ", " ".join(rest))
    words = text.replace("|", " ").split()
    if len(words) > _DATELINE_MAX_WORDS:
        return False
    return all(w.lower().strip(",.") in _DATELINE_WORDS or not any(c.islower() for c in w[:1]) for w in words)


_STAMP_LABEL = re.compile(
    r"[ \t]*(?:date|published|posted|updated|last\s+updated|first\s+published)(?:\s+on)?\s*[:|–-]?\s*", re.I
)
# The ways a date is the page's stamp, in order.
_BYLINE_RULES = (
    ("labelled stamp", _labelled_stamp),
    ("dated byline", _dated_byline),
    ("year-less stamp", _yearless_stamp),
)
