"""Claims: figures from different reports that speak of the same thing, grouped.

Two figures speak of the same thing when they count the same subject (civilians and people pool
together: reports use both words for the same toll; see `pool` in vocab/subjects.csv), with the
same outcome and unit, at the same place (or one of them does not say), on dates at most
`MAX_DAYS` apart (or undated). Exact numbers group with exact numbers, vague amounts ("thousands
of", ranges) with vague amounts. Two rules keep unrelated counts apart: a report does not
contradict itself (two different numbers in one report count different things), and numbers more
than `MAX_RATIO` apart count different things; figures that do not say what happened (no outcome)
group only when their numbers are equal. Each figure joins the compatible claim whose
numbers are closest to its own, so "at least 82" joins "82" rather than "six".
"""

from __future__ import annotations

import gc
import hashlib
import math
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from functools import cache
from typing import NamedTuple

import pandas as pd

from dashboard import schema
from dashboard.figures import subject_pool
from dashboard.numbers import describe_vague, format_number

MAX_DAYS = 3
MAX_RATIO = 10.0
_TINY = 1e-9  # sizes are compared as ratios: keep them positive

_Places = tuple[str | None, str | None, str | None]  # place, origin, destination


class _Figure(NamedTuple):  # a tuple: a corpus has tens of thousands, built in one go
    index: object  # the row's label in figures_df
    figure_id: str
    article_id: str
    value: float | None
    low: float | None
    high: float | None
    subject: str
    qualifier: str
    outcome: str
    unit: str
    places: _Places
    day: date | None
    amount: tuple  # (value,) or (low, high): what "the same number" means
    size: float  # the value, or the middle of the bounds


class _Claim:
    __slots__ = ("figures", "places", "first_day", "last_day", "opened", "amounts", "articles")
    __slots__ += ("smallest", "largest", "low", "high")

    def __init__(self) -> None:
        self.figures: list[_Figure] = []
        self.places: _Places = (None, None, None)
        self.first_day: date | None = None
        self.last_day: date | None = None
        self.opened: int | None = None  # first_day as an ordinal: the window test in integers
        self.amounts: set[tuple] = set()
        self.articles: set[str] = set()
        self.smallest = math.inf
        self.largest = 0.0
        self.low, self.high = math.inf, _TINY  # smallest and largest, kept positive for ratios

    def add(self, fig: _Figure) -> None:
        self.figures.append(fig)
        if None in self.places:
            mine, theirs = self.places, fig.places
            self.places = (mine[0] or theirs[0], mine[1] or theirs[1], mine[2] or theirs[2])
        day = fig.day
        if day is not None:
            if self.first_day is None or day < self.first_day:
                self.first_day, self.opened = day, day.toordinal()
            if self.last_day is None or day > self.last_day:
                self.last_day = day
        self.amounts.add(fig.amount)
        self.articles.add(fig.article_id)
        size = fig.size
        if size < self.smallest:
            self.smallest = size
            self.low = size if size > _TINY else _TINY
        if size > self.largest:
            self.largest = size
            self.high = size if size > _TINY else _TINY


def group_claims(
    figures_df: pd.DataFrame, place_parent: Mapping[str, str] | None = None
) -> tuple[pd.DataFrame, pd.Series]:
    """(claims table, claim_id of each figure aligned to figures_df's index).

    place_parent (optional, place_id -> parent place_id) lets a district and its city count as
    the same place.
    """
    labels = list(figures_df.index)
    with _gc_paused():
        rows, claim_ids = _grouped(figures_df, labels, place_parent or {})
    names = schema.CLAIMS.column_names
    columns = zip(*rows, strict=True) if rows else ([] for _ in names)
    claims_df = schema.enforce(pd.DataFrame(dict(zip(names, map(list, columns), strict=True))), schema.CLAIMS)
    return claims_df, pd.Series(claim_ids, index=figures_df.index, dtype="string", name="claim_id")


def _grouped(figures_df: pd.DataFrame, labels: list, parents: Mapping[str, str]) -> tuple[list[tuple], list]:
    """(a row per claim, the claim_id of each figure in labels' order)."""
    buckets: dict[tuple, list[_Figure]] = {}
    for fig, key in _read_figures(figures_df, labels):
        bucket = buckets.get(key)
        if bucket is None:
            bucket = buckets[key] = []
        bucket.append(fig)
    same_place = _same_place_test(parents)
    claims: list[_Claim] = []
    for key in sorted(buckets, key=lambda k: tuple(str(x) for x in k)):
        claims += _cluster(buckets[key], same_place)
    used: set[str] = set()
    rows = [_claim_row(claim, used) for claim in claims]
    ids = {fig.index: row[0] for claim, row in zip(claims, rows, strict=True) for fig in claim.figures}
    return rows, [ids.get(i) for i in labels]


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Tens of thousands of small tuples and lists set off the cyclic garbage collector again and
    again, each time rescanning them all. None of them form cycles and all but the rows are freed
    on the way out, so the collector can wait until then."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_figures(df: pd.DataFrame, labels: list) -> list[tuple[_Figure, tuple]]:
    """(figure, its bucket) for every row, dated figures first in date order: a figure's claim does
    not depend on the row order given. A bucket is what must match: pool, outcome, unit, exactness."""

    # Whole columns to plain Python values once (pandas per row is what makes big corpora slow).
    # Missing and blank values mean unknown; text and dates read blanks as unknown by themselves.
    def col(name: str) -> list:
        if name not in df.columns:
            return [None] * len(df)
        return df[name].to_numpy(dtype=object, na_value=None).tolist()

    def text(name: str) -> list[str]:
        return [v if type(v) is str else str(v or "") for v in col(name)]

    def number(name: str) -> list[float | None]:
        return [v if v is None or type(v) is float else _num(v) for v in col(name)]

    def place(name: str) -> list[str | None]:
        return [None if v == "" else v for v in col(name)]

    figure_ids = [str(fid or i) for fid, i in zip(col("figure_id"), labels, strict=True)]
    article_ids, subjects, outcomes, units = (
        text("article_id"),
        text("subject"),
        text("outcome"),
        text("unit"),
    )
    days = [_day(v) for v in col("date")]
    values, lows, highs = number("value"), number("low"), number("high")
    pools = {s: subject_pool(s) for s in set(subjects)}
    figures = map(
        _Figure._make,
        zip(
            labels,
            figure_ids,
            article_ids,
            values,
            lows,
            highs,
            subjects,
            text("qualifier"),
            outcomes,
            units,
            zip(place("place_id"), place("origin_id"), place("destination_id"), strict=True),
            days,
            [(v,) if v is not None else (lo, hi) for v, lo, hi in zip(values, lows, highs, strict=True)],
            [
                v if v is not None else ((lo or 0) + (hi or 0)) / 2
                for v, lo, hi in zip(values, lows, highs, strict=True)
            ],
            strict=True,
        ),
    )
    buckets = [
        (pools[s], o, u, v is None) for s, o, u, v in zip(subjects, outcomes, units, values, strict=True)
    ]
    pairs = list(zip(figures, buckets, strict=True))
    order = [(d is None, d or date.min, a, f) for d, a, f in zip(days, article_ids, figure_ids, strict=True)]
    return [pairs[i] for i in sorted(range(len(pairs)), key=order.__getitem__)]


def _num(v) -> float | None:
    return None if v is None or v == "" else float(v)


@cache
def _day(v) -> date | None:
    if v is None:
        return None
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def _cluster(figures: list[_Figure], same_place: Callable[[str, str], bool]) -> list[_Claim]:
    """Greedy grouping of one bucket's figures (same pool, outcome, unit and kind of amount)."""
    claims: list[_Claim] = []
    open_claims: list[_Claim] = []  # claims a dated figure may still join
    by_amount: dict[tuple, list[_Claim]] = {}  # claims holding an amount: the best match, looked up first
    open_by_amount: dict[tuple, list[_Claim]] = {}  # the same, pruned of claims closed to dated figures
    agreement: dict[_Places, _PlacesAgree] = {}  # a figure's places -> which claims' places agree
    day, oldest = None, 0  # oldest: the ordinal of the first day a claim must have to stay open
    for fig in figures:
        amount = fig.amount
        if fig.day is None:
            same = by_amount.get(amount, ())
        else:
            if fig.day != day:  # figures come in date order: claims close as days pass, never reopen
                day = fig.day
                oldest = day.toordinal() - MAX_DAYS
                open_claims = [c for c in open_claims if c.opened is None or c.opened >= oldest]
            same = open_by_amount.get(amount, ())
            if any(c.opened is not None and c.opened < oldest for c in same):
                same = open_by_amount[amount] = [c for c in same if c.opened is None or c.opened >= oldest]
        agrees = agreement.get(fig.places)
        if agrees is None:
            agrees = agreement[fig.places] = _PlacesAgree(fig.places, same_place)
        best = None
        for claim in same:
            if agrees[claim.places]:
                best = claim
                break
        # "5 buses", "20 buses": without an outcome only the same number is the same thing
        if best is None and (fig.value is None or fig.outcome):
            best = _closest(open_claims if fig.day is not None else claims, fig, agrees)
        if best is None:
            best = _Claim()
            claims.append(best)
            open_claims.append(best)
        if amount not in best.amounts:
            by_amount.setdefault(amount, []).append(best)
            open_by_amount.setdefault(amount, []).append(best)
        best.add(fig)
    return claims


def _closest(claims: list[_Claim], fig: _Figure, agrees: _PlacesAgree) -> _Claim | None:
    """The claim whose numbers are nearest the figure's (none holds the very same amount).

    The hot loop of the grouping: cheap tests first.
    """
    article = fig.article_id
    if fig.value is None:  # vague amounts: any other vague amount of the same thing, the first met
        return next((c for c in claims if article not in c.articles and agrees[c.places]), None)
    best, best_gap = None, math.inf
    size = fig.size if fig.size > _TINY else _TINY
    for claim in claims:
        low, high = claim.low, claim.high
        if (high if high > size else size) / (low if low < size else size) > MAX_RATIO:
            continue
        gap = 0.01 if low <= size <= high else abs(math.log(size / (low if size < low else high)))
        # a report does not contradict itself
        if gap < best_gap and article not in claim.articles and agrees[claim.places]:
            best, best_gap = claim, gap
    return best


class _PlacesAgree(dict):
    """Claim places -> whether they agree with one figure's places, answered once and remembered.

    They agree when place, origin and destination are the same where both say (a district and its
    city are the same place).
    """

    __slots__ = ("theirs", "same_place")

    def __init__(self, theirs: _Places, same_place: Callable[[str, str], bool]) -> None:
        super().__init__()
        self.theirs = theirs
        self.same_place = same_place

    def __missing__(self, mine: _Places) -> bool:
        answer = self[mine] = all(
            a is None or b is None or a == b or self.same_place(a, b)
            for a, b in zip(mine, self.theirs, strict=True)
        )
        return answer


def _same_place_test(parents: Mapping[str, str]) -> Callable[[str, str], bool]:
    """Whether two different place ids are one place: a district and its city (per place_parent)."""
    if not parents:
        return lambda a, b: False

    @cache
    def ancestors(place: str) -> frozenset[str]:
        seen: set[str] = set()
        while place in parents and parents[place] not in seen and len(seen) < 10:
            place = parents[place]
            seen.add(place)
        return frozenset(seen)

    return lambda a, b: b in ancestors(a) or a in ancestors(b)


# ------------------------------------------------------------------ one claim's row


def _claim_row(claim: _Claim, used: set[str]) -> tuple:
    """The claim's row, in the order of schema.CLAIMS's columns."""
    figs = claim.figures
    first = figs[0]
    subject = _mode([f.subject for f in figs])
    qualifiers = {f.qualifier for f in figs}
    exact = first.value is not None
    amounts = claim.amounts  # every figure's amount, added in the figures' order
    lowest = min(amounts)
    n_sources = len(claim.articles)
    status = "single" if n_sources == 1 else ("agree" if len(amounts) == 1 else "conflict")
    p, o, d = claim.places
    key = f"{subject_pool(subject)!s}|{first.outcome!s}|{first.unit!s}|{exact!s}|{p!s}|{o!s}|{d!s}|"
    key += f"{claim.first_day!s}|{lowest!s}"
    claim_id = _unique("c" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10], used)
    return (
        claim_id,
        subject or None,
        first.outcome or None,
        first.unit or None,
        p or o or d or None,
        _label(figs, amounts, subject, first.outcome, first.unit),
        lowest[0] if exact else min(f.low for f in figs),
        max(amounts)[0] if exact else max(f.high for f in figs),
        (next(iter(qualifiers)) or None) if len(qualifiers) == 1 else None,
        len(figs),
        n_sources,
        status,
        claim.first_day.isoformat() if claim.first_day else None,
        claim.last_day.isoformat() if claim.last_day else None,
    )


def _unique(claim_id: str, used: set[str]) -> str:
    candidate, n = claim_id, 1
    while candidate in used:
        n += 1
        candidate = f"{claim_id}-{n}"
    used.add(candidate)
    return candidate


def _mode(values: list[str]) -> str:
    """The most frequent value; ties go to the alphabetically first (deterministic)."""
    if len(values) == 1:
        return values[0]
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else ""


def _label(figs: list[_Figure], amounts: set[tuple], subject: str, outcome: str, unit: str) -> str:
    """One line for the numbers panel: "at least 82 civilians killed", "14,000 or 15,000 people want to leave"."""
    amounts = sorted(amounts, key=lambda a: tuple(x or 0 for x in a)) if len(amounts) > 1 else list(amounts)
    if figs[0].value is not None:
        number = " or ".join(format_number(a[0]) for a in amounts) if len(amounts) <= 3 else _span(amounts)
    else:
        words = [describe_vague(lo, hi) or f"{format_number(lo)}–{format_number(hi)}" for lo, hi in amounts]
        number = " or ".join(words) if len(words) <= 3 else _span(amounts)
        if len(amounts) == 1 and describe_vague(*amounts[0]):
            number += " of"
    if len(amounts) == 1:
        qualifier = _mode([f.qualifier for f in figs if f.qualifier])
        if qualifier and not qualifier.endswith(" of") and figs[0].value is not None:
            number = f"{qualifier} {number}"
    if unit == "%":
        what = f"{number}% of {subject}" if subject else f"{number}%"
    elif unit:
        what = f"{number} {unit}" + (f" ({subject})" if subject else "")
    else:
        what = f"{number} {subject}".strip()
    return f"{what} {outcome}".strip()


def _span(amounts: list[tuple]) -> str:
    low = min(a[0] for a in amounts)
    high = max(a[-1] for a in amounts)
    return f"{format_number(low)}–{format_number(high)}"
