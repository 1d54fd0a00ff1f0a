"""Which of several groups a figure counts: "the first group of about 100 people", "another batch of
around 360", "the last 250 rebels", "the first to leave were some 600". A count of one group is not
a rival of a count of another group, nor of everyone (vocabulary: vocab/batch_words.csv)."""

from __future__ import annotations

import re

from dashboard.extract.vocab import read_vocab

_ROWS = read_vocab("batch_words.csv")
BATCH_OF = {r["word"]: r["batch"] for r in _ROWS if r["role"] == "ordinal"}
_ORDINAL = "|".join(sorted(map(re.escape, BATCH_OF), key=len, reverse=True))
_GROUP = "|".join(re.escape(r["word"]) for r in _ROWS if r["role"] == "group")
AFTER_NUMBER = {r["word"]: r["batch"] for r in _ROWS if r["role"] == "after_number"}
_LOOK_BACK = 60  # the words naming the group stand right before the number

# "the first group of about ", "another batch of ", "the last ", "the first to leave were some "
_BEFORE_NUMBER = re.compile(
    rf"\b(?P<which>{_ORDINAL})\s+(?:(?:{_GROUP})(?:es|s)?\s+(?:of|carrying|with)\s+"
    r"|to\s+(?:leave|arrive|depart|be\s+evacuated)\s+(?:were|was|are|included)\s+)?"
    r"(?:(?:about|around|some|nearly|almost|approximately|roughly|over|more\s+than|at\s+least)\s+)?$",
    re.IGNORECASE,
)


# "500 more people", "thousands more civilians" (but not "500 more than expected")
_AFTER_NUMBER = re.compile(
    rf"(?:\d[\d,.]*|[a-z]+)\s+(?P<which>{'|'.join(map(re.escape, AFTER_NUMBER))})\s+(?!than\b)[a-z]",
    re.IGNORECASE,
)


def batch_of(body: str, start: int, end: int | None = None) -> str | None:
    """The group a figure starting at `start` counts, from the words right before it, or (given its
    `end`) a word right after its number ("500 more people")."""
    m = _BEFORE_NUMBER.search(body, max(0, start - _LOOK_BACK), start)
    if m:
        return BATCH_OF[m.group("which").lower()]
    after = _AFTER_NUMBER.search(body[start:end]) if end is not None else None
    return AFTER_NUMBER[after.group("which").lower()] if after else None
