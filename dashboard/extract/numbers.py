"""Numbers as reports write them: digits ("15,000", "2.5", "1.5m"), words ("five", "two hundred",
"a dozen", "1.5 million"), ranges ("between 5,000 and 7,000") and vague amounts ("tens of
thousands", "hundreds", "several hundred").

`CANDIDATE` finds every such phrase in one pass over a text; `read_candidate` turns a match into
value / low / high. Whether a candidate is a figure at all (not a time, a date, a duration …) is
decided by `dashboard.extract.figures`, which looks at the words around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

# Number words and their values: closed classes of English grammar, not a vocabulary to grow.
ONES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# "hundred" and "dozen" multiply the running group; the others close it.
SMALL_SCALES = {"hundred": 100, "dozen": 12}
BIG_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# Abbreviated scales glued to digits: "1.5m people", "$3bn", "20k".
GLUED_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000}


class VagueAmount(NamedTuple):
    low: float
    high: float
    qualifier: str  # the canonical qualifier the figures table stores


# Plural scale words name an order of magnitude, not a number.
VAGUE = {
    "tens of thousands": VagueAmount(10_000, 99_999, "tens of"),
    "hundreds of thousands": VagueAmount(100_000, 999_999, "hundreds of"),
    "tens of millions": VagueAmount(10_000_000, 99_999_999, "tens of"),
    "hundreds of millions": VagueAmount(100_000_000, 999_999_999, "hundreds of"),
    "millions": VagueAmount(1_000_000, 9_999_999, "millions of"),
    "thousands": VagueAmount(1_000, 9_999, "thousands of"),
    "hundreds": VagueAmount(100, 999, "hundreds of"),
    "dozens": VagueAmount(24, 99, "dozens of"),
    "scores": VagueAmount(40, 99, "scores of"),
}
# "several hundred", "a few thousand": a multiple of the scale.
FEW = {"a few": (2, 5), "several": (3, 9), "many": (2, 9)}

_ONE_WORD = "|".join(sorted(ONES, key=len, reverse=True))
_TEN_WORD = "|".join(TENS)
_UNIT_WORD = rf"(?:(?:{_TEN_WORD})(?:[-\s](?:{_ONE_WORD}))?|{_ONE_WORD})\b"
_SCALE_WORD = r"(?:hundred|thousand|million|billion|dozen)\b"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_DIGIT_NUMBER = rf"(?:{_DIGITS})(?:(?:\s*|-){_SCALE_WORD}|(?:bn|mn|m|k)\b)?"  # "60-thousand" too
_WORD_NUMBER = (
    rf"(?:{_UNIT_WORD}|(?:half\s+an?|an?)(?=\s+{_SCALE_WORD}))"
    rf"(?:\s+{_SCALE_WORD}(?:\s+(?:and\s+)?{_UNIT_WORD})?)*"
)
NUMBER = rf"(?:{_DIGIT_NUMBER}|{_WORD_NUMBER})"
_VAGUE = (
    r"(?:(?:a\s+few|several|many)\s+(?:hundred|thousand|million|dozen)\b"
    r"|(?:many\s+)?(?:tens|hundreds)\s+of\s+(?:thousands|millions)\b"
    r"|(?:many\s+)?(?:millions|thousands|hundreds|dozens)\b"
    r"|scores(?=\s+of\b))"
)
# One pass over a text finds ranges first, then vague amounts, then single numbers. The
# look-behind keeps numbers glued to words out ("UNITED24", "COVID-19", "09:18", "11/21").
CANDIDATE = re.compile(
    rf"(?<![\w.,/:\-–])(?:"
    rf"(?P<range>between\s+{NUMBER}\s+and\s+{NUMBER}|{NUMBER}\s*(?:-|–|—|\bto\b)\s*{NUMBER})"
    rf"|(?P<vague>{_VAGUE})(?P<of>\s+of\b)?"
    rf"|(?P<num>{NUMBER}))",
    re.IGNORECASE,
)
_NUMBER_RE = re.compile(NUMBER, re.IGNORECASE)


def trie_pattern(phrases: Iterable[str]) -> str:
    """A regex alternation of literal phrases shaped as a prefix tree.

    Python's regex engine tries a flat alternation word by word at every position; a tree lets it
    drop most positions on the first character, which makes vocabulary scans several times faster.
    Phrases are matched as written: scan lower-cased text with lower-case phrases.
    """
    tree: dict = {}
    for phrase in phrases:
        node = tree
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(tree)


# Where a candidate may start: a digit, or (in lower-cased text) a word that opens a number phrase.
_DIGIT_RUN = re.compile(r"\d+")
_WORD_STARTS = [*ONES, *TENS, "between", "tens", "hundreds", "thousands", "millions", "dozens", "scores"]
_WORD_STARTS += ["several", "many", "a few", "half a", "half an"]
_WORD_STARTS += [f"{a} {scale}" for a in ("a", "an") for scale in (*SMALL_SCALES, *BIG_SCALES)]
_WORD_START = re.compile(rf"\b(?:{trie_pattern(_WORD_STARTS)})\b")


def find_candidates(body: str, lower: str) -> list[re.Match]:
    """`CANDIDATE` matches over a text, in order. `lower` is body.lower() (same length).

    Running the full pattern at every position is slow in Python's engine; instead two cheap scans
    find where a number can start and the pattern is tried there only.
    """
    starts = sorted(
        [m.start() for m in _DIGIT_RUN.finditer(body)] + [m.start() for m in _WORD_START.finditer(lower)]
    )
    found, covered = [], -1
    for pos in starts:
        if pos < covered:
            continue
        m = CANDIDATE.match(body, pos)
        if m:
            found.append(m)
            covered = m.end()
    return found


_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|[a-z]+")


class Amount(NamedTuple):
    value: float | None  # None for ranges and vague amounts
    low: float
    high: float
    qualifier: str | None  # set by vague amounts only ("tens of", "thousands of" …)
    numeric: bool  # written in digits (as opposed to words)


def parse_number(text: str) -> float | None:
    """The value of one number in digits or words: "15,000", "two hundred and fifty", "1.5 million"."""
    total, group, seen = 0.0, 0.0, False
    tokens = _TOKEN.findall(text.lower())
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        i += 1
        if tok[0].isdigit():
            group += float(tok.replace(",", ""))
        elif tok in ONES:
            group += ONES[tok]
        elif tok in TENS:
            group += TENS[tok]
        elif tok == "half":
            group += 0.5
            if i < len(tokens) and tokens[i] in ("a", "an"):
                i += 1  # "half a million"
        elif tok in ("a", "an"):
            group += 1
        elif tok in SMALL_SCALES:
            group = (group or 1) * SMALL_SCALES[tok]
        elif tok in BIG_SCALES or tok in GLUED_SCALES:
            total += (group or 1) * (BIG_SCALES.get(tok) or GLUED_SCALES[tok])
            group = 0.0
        elif tok == "and":
            continue
        else:
            return None
        seen = True
    return total + group if seen else None


def vague_amount(text: str) -> VagueAmount | None:
    """Bounds of a vague amount: "tens of thousands" -> 10,000-99,999; "several hundred" -> 300-900."""
    words = " ".join(text.lower().split())
    words = words.removeprefix("many ") if words.split(" ")[-1].endswith("s") else words
    words = words.removesuffix(" of")
    if words in VAGUE:
        return VAGUE[words]
    for few, (lo, hi) in FEW.items():
        if words.startswith(few + " "):
            scale = parse_number(words[len(few) + 1 :])
            if scale:
                return VagueAmount(lo * scale, hi * scale, few)
    return None


def read_candidate(match: re.Match) -> Amount | None:
    """Value and bounds of a `CANDIDATE` match (None when it does not parse)."""
    if match.group("vague"):
        vague = vague_amount(match.group("vague"))
        return Amount(None, vague.low, vague.high, vague.qualifier, False) if vague else None
    if match.group("range"):
        # "Twenty-nine" looks like a range of two word numbers; it is one number
        return _read_range(match.group("range")) or _read_number(match.group("range"))
    return _read_number(match.group("num"))


def _read_number(text: str) -> Amount | None:
    value = parse_number(text)
    return None if value is None else Amount(value, value, value, None, text[0].isdigit())


def _read_range(text: str) -> Amount | None:
    parts = _NUMBER_RE.findall(text.removeprefix("between ").removeprefix("Between "))
    if len(parts) != 2:
        return None
    low, high = parse_number(parts[0]), parse_number(parts[1])
    if low is None or high is None:
        return None
    # "between 5 and 7 million": the second number's scale carries over to the first.
    scale = _trailing_scale(parts[1])
    if scale and not _trailing_scale(parts[0]) and low * scale <= high:
        low *= scale
    low *= _shared_groups(parts[0], parts[1], low, high)
    if low >= high:
        return None
    return Amount(None, low, high, None, parts[0][0].isdigit())


_BARE = re.compile(r"\d{1,3}")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")


def _shared_groups(first: str, second: str, low: float, high: float) -> int:
    """ "62 – 66,000", "5-10,000": a bare first number shares the thousands of the second, where
    that makes the two of one magnitude (1 where it does not: "20 to 1,000" stays as written)."""
    if not (_BARE.fullmatch(first) and _GROUPED.fullmatch(second)):
        return 1
    scale = 1000 ** second.count(",")
    return scale if high / 10 <= low * scale <= high else 1


def _trailing_scale(text: str) -> int | None:
    last = _TOKEN.findall(text.lower())[-1]
    return BIG_SCALES.get(last) or GLUED_SCALES.get(last)


def format_number(value: float) -> str:
    """15000 -> "15,000"; 2.5 -> "2.5"."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def describe_vague(low: float, high: float) -> str | None:
    """The words for vague bounds, for labels: (10000, 99999) -> "tens of thousands"."""
    for words, vague in VAGUE.items():
        if vague.low == low and vague.high == high:
            return words
    return None
