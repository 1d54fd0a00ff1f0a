"""Who says so: the claimant of a figure, from the attribution cues of its sentence ("according
to the UN", "the Red Crescent said", "…, said Razak"). Cues are `vocab/claimant_patterns.csv`; the
words that end or break a claimant phrase are closed classes of `vocab/figure_words.csv`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from dashboard.extract import numbers
from dashboard.extract.dates import WEEKDAYS
from dashboard.extract.subjects import STOP, WORDS
from dashboard.extract.text import fold
from dashboard.extract.vocab import alternation, read_vocab, words_of

CUES = {r["cue"]: r["position"] for r in read_vocab("claimant_patterns.csv")}
CUE_RE = re.compile(rf"\b(?:{numbers.trie_pattern(CUES)})\b")  # over lower-cased text

_PRONOUNS = frozenset(words_of(WORDS, "role", "pronoun"))
# Adverbs a claimant phrase may end with before its verb ("Syrian state television also said").
_TAIL = re.compile(rf"(?:\s+(?:{alternation(words_of(WORDS, 'role', 'claimant_adverb'))}))+$", re.IGNORECASE)
_BREAK = re.compile(
    rf"[,;:“”\"()\[\]—]|\b(?:{alternation(words_of(WORDS, 'role', 'claimant_break'))})\b", re.I
)
_END = re.compile(r"[,.;:!?“”\"()\[\]—\n]|\b(?:that|which|who)\b")
_WEEKDAYS = frozenset(WEEKDAYS)


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    position: str  # where the claimant stands: "before" the cue ("X said") or "after" it ("according to X")


def cues_in(lower: str, start: int, end: int) -> list[Cue]:
    """The attribution cues of a sentence (`lower`: the body lower-cased)."""
    return [Cue(m.start(), m.end(), CUES[m.group()]) for m in CUE_RE.finditer(lower, start, end)]


def claimant(
    body: str, cues: list[Cue], sentence: tuple[int, int], figure: tuple[int, int, int]
) -> str | None:
    """Who says so: the nearest attribution before the figure, else the first after it.
    `figure` is (start of its words, start of its number, end of its words)."""
    start, number, end = figure
    for cue in reversed([c for c in cues if c.end <= number]):
        if cue.position == "after":
            who = _after_cue(body, cue.end, sentence[1])
        else:
            who = _before_cue(body, sentence[0], cue.start)
        if who:
            return who
    for cue in (c for c in cues if c.start >= end):
        if cue.position == "after":
            who = _after_cue(body, cue.end, sentence[1])
        else:
            who = _before_cue(body, end, cue.start) or _named_after_cue(body, cue.end, sentence[1])
        if who:
            return who
    return None


def _after_cue(body: str, pos: int, limit: int) -> str | None:
    """ "according to a media unit run by Hizbullah, …" -> "a media unit run by Hizbullah"."""
    segment = body[pos : min(limit, pos + 100)]
    stop = _END.search(segment)
    return _clean(segment[: stop.start()] if stop else segment)


def _before_cue(body: str, lower: int, cue_start: int) -> str | None:
    """ "…, the Russian defence ministry said" -> "the Russian defence ministry"."""
    segment = body[max(lower, cue_start - 120) : cue_start]
    breaks = list(_BREAK.finditer(segment))
    if breaks:
        segment = segment[breaks[-1].end() :]
    return _clean(_TAIL.sub("", segment.rstrip()))


def _named_after_cue(body: str, pos: int, limit: int) -> str | None:
    """ "…,” said Razak" -> "Razak"; "…, said the Syrian Observatory" -> "the Syrian Observatory"."""
    segment = body[pos:limit].lstrip()
    name = segment[4:] if segment.startswith("the ") else segment
    if not name[:1].isupper() or name.split(" ")[0] in _WEEKDAYS:
        return None
    return _after_cue(body, limit - len(segment), limit)


_NOT_FIRST = frozenset(words_of(WORDS, "role", "claimant_not_first"))
_NOT_LAST = frozenset(words_of(WORDS, "role", "claimant_not_last"))
_COPULAS = frozenset(words_of(WORDS, "role", "claimant_copula"))

# Words before a reporting cue that are no speaker, first match wins (each tested alone).
NOT_A_SPEAKER: tuple[tuple[str, Callable[[list[str]], bool]], ...] = (
    ("empty or too long", lambda w: not w or len(w) > 12),
    ("a pronoun", lambda w: " ".join(w) in _PRONOUNS),
    ("function words only", lambda w: all(x in STOP for x in w)),
    ("a number in it", lambda w: any(ch.isdigit() for x in w for ch in x)),
    ("begins with a preposition", lambda w: w[0] in _NOT_FIRST),  # "with initial estimates"
    ("ends with an article or modifier", lambda w: w[-1] in _NOT_LAST),  # "adding to an estimated"
    ("a clause, not a name", lambda w: any(x in _COPULAS for x in w)),  # "of cholera have been confirmed"
)


def not_a_speaker(who: str) -> str | None:
    """The name of the first rule that says `who` names no speaker, or None."""
    words = who.lower().split()
    return next((name for name, rule in NOT_A_SPEAKER if rule(words)), None)


_DOCUMENT = re.compile(rf"\s+(?:{alternation(words_of(WORDS, 'role', 'claimant_document'))})$", re.IGNORECASE)


def _clean(text: str) -> str | None:
    who = fold(text).strip(" ,.'\"‘’“”•*·-–—")
    named = _DOCUMENT.sub("", who)  # "the UN estimates": the UN says so
    if named != who and not not_a_speaker(named):
        who = named
    return None if not_a_speaker(who) else who


_SHORT = 4  # patterns this short are acronyms: matched in capitals only ("WHO", not "who")


def _kind_pattern(words: str) -> re.Pattern:
    if len(words) <= _SHORT:
        return re.compile(rf"(?<![\w-]){re.escape(words.upper())}(?![\w-])")
    return re.compile(rf"(?<![\w-]){re.escape(words)}(?![\w-])", re.IGNORECASE)


_KINDS = [(_kind_pattern(r["pattern"]), r["kind"]) for r in read_vocab("claimant_kinds.csv")]
CLAIMANT_KINDS = ("un", "icrc", "ngo", "government", "opposition", "state_media", "media", "other")


@cache  # a corpus names the same few claimants again and again
def claimant_kind(who: str | None) -> str | None:
    """The kind of body a claimant is (vocab/claimant_kinds.csv): un, icrc, ngo, government,
    opposition, state_media, media; other when none is named; None when there is no claimant."""
    if not who:
        return None
    return next((kind for pattern, kind in _KINDS if pattern.search(who)), "other")
