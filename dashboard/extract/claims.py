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
from functools import cache, partial
from itertools import compress, pairwise, repeat
from operator import is_, itemgetter, not_
from typing import NamedTuple

import numpy as np
import pandas as pd

from dashboard import schema
from dashboard.extract.candidates import subject_pool
from dashboard.extract.numbers import describe_vague, format_number

MAX_DAYS = 3
MAX_RATIO = 10.0
_TINY = 1e-9  # sizes are compared as ratios: keep them positive

_Places = tuple[str | None, str | None, str | None]  # place, origin, destination


class _Figure(NamedTuple):  # a tuple: a corpus has tens of thousands, built in one go
    pos: int  # the row's position in figures_df
    article_id: str
    subject: str
    qualifier: str
    places: _Places
    day: date | None
    amount: tuple  # (value,) or (low, high): what "the same number" means
    size: float  # the value, or the middle of the bounds


class _Bucket(NamedTuple):
    """What figures must share to be grouped at all."""

    pool: str
    outcome: str
    unit: str
    vague: bool  # bounds rather than a value


class _Claim:
    __slots__ = ("seq", "figures", "places", "first_day", "last_day", "opened", "amounts", "articles")
    __slots__ += ("smallest", "largest", "low", "high")

    def __init__(self, seq: int) -> None:
        self.seq = seq  # the order claims were made in: ties go to the first
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
            if self.last_day is None:
                self.first_day = self.last_day = day
                self.opened = day.toordinal()
            elif day > self.last_day:
                self.last_day = day
            elif day < self.first_day:
                self.first_day, self.opened = day, day.toordinal()
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
    with _gc_paused():
        rows, claim_ids = _grouped(figures_df, place_parent or {})
    claims_df = schema.enforce(pd.DataFrame(rows, columns=schema.CLAIMS.column_names), schema.CLAIMS)
    return claims_df, pd.Series(claim_ids, index=figures_df.index, dtype="string", name="claim_id")


def _grouped(figures_df: pd.DataFrame, parents: Mapping[str, str]) -> tuple[list[tuple], list[str | None]]:
    """(a row per claim, the claim_id of each figure in figures_df's order)."""
    buckets = _read_figures(figures_df)
    same_place = _same_place_test(parents)
    used: set[str] = set()
    rows: list[tuple] = []
    claim_ids: list[str | None] = [None] * len(figures_df)
    labels = None if figures_df.index.is_unique else list(figures_df.index)
    by_label: dict[object, str] = {}  # rows sharing a label share the claim given last to one of them
    for key in sorted(buckets, key=lambda k: tuple(str(x) for x in k)):
        for claim in _cluster(buckets[key], key, same_place):
            row = _claim_row(claim, key, used)
            rows.append(row)
            for fig in claim.figures:
                claim_ids[fig.pos] = row[0]
                if labels is not None:
                    by_label[labels[fig.pos]] = row[0]
    if labels is not None:
        claim_ids = [by_label.get(label) for label in labels]
    return rows, claim_ids


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


def _read_figures(df: pd.DataFrame) -> dict[_Bucket, list[_Figure]]:
    """The figures by bucket, dated figures first in date order (then by article and figure id):
    a figure's claim does not depend on the row order given.

    Columns are read whole (pandas per row is what makes big corpora slow), and through their
    distinct values where values repeat: each is cleaned once and its rows share one object, which
    keeps the grouping's memory reads few.
    """
    values, lows, highs = (_numbers(df, name) for name in ("value", "low", "high"))
    subject_codes, subjects = _distinct(df, "subject", _text)
    day_codes, days = _distinct(df, "date", _day)
    article_ids = _decoded(*_distinct(df, "article_id", _text))
    amounts, sizes = _amounts(values, lows, highs)
    columns = (
        range(len(df)),
        article_ids,
        _decoded(subject_codes, subjects),
        _decoded(*_distinct(df, "qualifier", _text)),
        _place_triples(df),
        _decoded(day_codes, days),
        amounts,
        sizes,
    )
    figures = list(map(partial(tuple.__new__, _Figure), zip(*columns, strict=True)))  # _Figure._make, faster
    bucket_codes, bucket_of = _bucket_codes(df, subject_codes, subjects, values)
    # Stable sorts, the most significant key last: bucket, then day, then article and figure id.
    by_id = list(zip(article_ids, _figure_ids(df), strict=True))
    order = np.array(sorted(range(len(df)), key=by_id.__getitem__), dtype=np.intp)
    undated = date.max.toordinal() + 1
    ordinals = np.array([undated if d is None else d.toordinal() for d in days], dtype=np.int64)[day_codes]
    order = order[np.argsort(ordinals[order], kind="stable")]
    order = order[np.argsort(bucket_codes[order], kind="stable")]
    in_order = bucket_codes[order]
    bounds = [0, *(np.flatnonzero(np.diff(in_order)) + 1).tolist(), len(df)] if len(df) else []
    return {
        bucket_of(int(in_order[start])): [figures[i] for i in order[start:end].tolist()]
        for start, end in pairwise(bounds)
    }


def _bucket_codes(
    df: pd.DataFrame, subject_codes: np.ndarray, subjects: list[str], values: list[float | None]
) -> tuple[np.ndarray, Callable[[int], _Bucket]]:
    """The bucket of each row as one integer, made of the codes of its parts; and its decoder."""
    pool_codes, pools = _canonical(subject_codes, [subject_pool(s) for s in subjects])
    outcome_codes, outcomes = _canonical(*_distinct(df, "outcome", _text))
    unit_codes, units = _canonical(*_distinct(df, "unit", _text))
    vague = np.array([v is None for v in values], dtype=np.int64)
    codes = ((pool_codes * len(outcomes) + outcome_codes) * len(units) + unit_codes) * 2 + vague

    def bucket_of(code: int) -> _Bucket:
        code, vague = divmod(code, 2)
        code, unit = divmod(code, len(units))
        pool, outcome = divmod(code, len(outcomes))
        return _Bucket(pools[pool], outcomes[outcome], units[unit], bool(vague))

    return codes, bucket_of


def _figure_ids(df: pd.DataFrame) -> list[str]:
    """Each row's figure_id, or its label where it has none."""
    ids = _objects(df, "figure_id")
    column = df.get("figure_id")
    if (
        isinstance(getattr(column, "dtype", None), pd.StringDtype)
        and column.notna().all()
        and column.ne("").all()
    ):
        return ids  # all strings, none blank
    return [str(fid or label) for fid, label in zip(ids, df.index, strict=True)]


def _amounts(
    values: list[float | None], lows: list[float | None], highs: list[float | None]
) -> tuple[list[tuple], list[float]]:
    """Each figure's amount and size. Equal values share one amount (but for zeros: 0.0 and -0.0
    are equal and print apart)."""
    shared = {v: (v,) for v in set(values) if v}
    amounts = list(map(shared.get, values))
    for i in compress(range(len(values)), map(not_, amounts)):  # zeros and vague amounts
        amounts[i] = (values[i],) if values[i] is not None else (lows[i], highs[i])
    sizes = list(map(itemgetter(0), amounts))
    for i in compress(range(len(values)), map(is_, values, repeat(None))):  # vague: the middle
        sizes[i] = ((lows[i] or 0) + (highs[i] or 0)) / 2
    return amounts, sizes


def _place_triples(df: pd.DataFrame) -> list[_Places]:
    """Each row's (place, origin, destination); rows with the same three share one tuple."""
    parts = [_distinct(df, name, _place) for name in ("place_id", "origin_id", "destination_id")]
    combined = np.zeros(len(df), dtype=np.int64)
    for codes, values in parts:
        combined = combined * len(values) + codes % len(values)  # code -1 (missing): the last value
    distinct, rows = np.unique(combined, return_inverse=True)
    triples = []
    for code in distinct.tolist():
        code, d = divmod(code, len(parts[2][1]))
        p, o = divmod(code, len(parts[1][1]))
        triples.append((parts[0][1][p], parts[1][1][o], parts[2][1][d]))
    return _decoded(rows, triples)


def _distinct(df: pd.DataFrame, name: str, clean: Callable) -> tuple[np.ndarray, list]:
    """(each row's code, the cleaned value of each code); code -1, a missing value, is the last."""
    if name not in df.columns:
        return np.full(len(df), -1), [clean(None)]
    codes, uniques = pd.factorize(df[name])
    return codes, [clean(v) for v in uniques.tolist()] + [clean(None)]


def _decoded(codes: np.ndarray, values: list) -> list:
    return list(map(values.__getitem__, codes.tolist()))


def _canonical(codes: np.ndarray, values: list) -> tuple[np.ndarray, list]:
    """The codes renumbered so that values that cleaned up the same share one: (codes, values)."""
    ids: dict = {}
    renumber = np.array([ids.setdefault(v, len(ids)) for v in values], dtype=np.int64)
    return renumber[codes], list(ids)


def _objects(df: pd.DataFrame, name: str) -> list:
    if name not in df.columns:
        return [None] * len(df)
    return df[name].to_numpy(dtype=object, na_value=None).tolist()


def _numbers(df: pd.DataFrame, name: str) -> list[float | None]:
    # Not through distinct values: 0.0 and -0.0 would merge.
    values = _objects(df, name)
    if name in df.columns and pd.api.types.is_float_dtype(df[name].dtype):
        return values  # floats already
    return [v if v is None or type(v) is float else _num(v) for v in values]


def _text(v) -> str:
    return v if type(v) is str else str(v or "")


def _place(v) -> str | None:
    return None if v == "" else v


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


def _cluster(figures: list[_Figure], bucket: _Bucket, same_place: Callable[[str, str], bool]) -> list[_Claim]:
    """Greedy grouping of one bucket's figures.

    Dated figures come first, in date order, so claims close as days pass and never reopen.
    """
    claims: list[_Claim] = []
    open_claims = _OpenClaims()  # claims a dated figure may still join
    by_amount: dict[tuple, list[_Claim]] = {}  # claims holding an amount: the best match, looked up first
    open_by_amount: dict[tuple, list[_Claim]] = {}  # the same, pruned of closed claims as they are met
    agreement: dict[_Places, _PlacesAgree] = {}  # a figure's places -> which claims' places agree
    # "5 buses", "20 buses": without an outcome only the same number is the same thing
    may_differ = bucket.vague or bool(bucket.outcome)
    oldest = 0  # the ordinal of the first day of the claims still open
    for fig in figures:
        places, fig_day, amount = fig.places, fig.day, fig.amount
        agrees = agreement.get(places)
        if agrees is None:
            agrees = agreement[places] = _PlacesAgree(places, same_place)
        best = None
        if fig_day is None:
            for claim in by_amount.get(amount, ()):
                if agrees[claim.places]:
                    best = claim
                    break
            if best is None and may_differ:
                best = _closest([[c for c in claims if agrees[c.places]]], fig)
        else:
            oldest = fig_day.toordinal() - MAX_DAYS
            same = open_by_amount.get(amount)
            if same is not None:
                closed = False
                for claim in same:
                    if claim.opened < oldest:
                        closed = True
                    elif agrees[claim.places]:
                        best = claim
                        break
                if closed:
                    open_by_amount[amount] = [c for c in same if c.opened >= oldest]
            if best is None and may_differ:
                best = _closest(open_claims.agreeing(agrees), fig, oldest)
        made = best is None
        if made:
            best = _Claim(len(claims))
            claims.append(best)
        if amount not in best.amounts:
            by_amount.setdefault(amount, []).append(best)
            open_by_amount.setdefault(amount, []).append(best)
        before = best.places
        best.add(fig)
        if fig_day is not None and (made or best.places != before):
            open_claims.file(best, None if made else before)
    return claims


class _OpenClaims:
    """The claims dated figures may still join, filed by their places: a figure only meets the
    claims whose places agree with its own. Closed claims are dropped as they are met."""

    def __init__(self) -> None:
        self.by_places: dict[_Places, list[_Claim]] = {}
        self.reach: dict[_Places, list[list[_Claim]]] = {}  # a figure's places -> the files that agree

    def file(self, claim: _Claim, was: _Places | None) -> None:
        """File a new claim (was None) or one whose places were filled in."""
        if was is not None:
            self.by_places[was].remove(claim)
        group = self.by_places.get(claim.places)
        if group is None:
            group = self.by_places[claim.places] = []
            self.reach.clear()  # a new file: which files agree must be asked again
        group.append(claim)

    def agreeing(self, agrees: _PlacesAgree) -> list[list[_Claim]]:
        reach = self.reach.get(agrees.theirs)
        if reach is None:
            reach = self.reach[agrees.theirs] = [g for places, g in self.by_places.items() if agrees[places]]
        return reach


def _closest(groups: list[list[_Claim]], fig: _Figure, oldest: int | None = None) -> _Claim | None:
    """The claim whose numbers are nearest the figure's (none holds the very same amount), the
    first made on a tie, among the groups' claims (whose places agree with the figure's).

    With oldest, claims opened before that day are closed: skipped, and dropped from their group.
    The hot loop of the grouping: cheap tests first.
    """
    article = fig.article_id
    vague = len(fig.amount) == 2  # vague amounts: any other vague amount of the same thing
    size = fig.size if fig.size > _TINY else _TINY
    best, best_gap, best_seq = None, math.inf, math.inf
    for group in groups:
        closed = False
        for claim in group:
            if oldest is not None and claim.opened < oldest:
                closed = True
                continue
            if vague:
                gap = 1.0
            else:
                low, high = claim.low, claim.high
                if (high if high > size else size) / (low if low < size else size) > MAX_RATIO:
                    continue
                gap = 0.01 if low <= size <= high else abs(math.log(size / (low if size < low else high)))
            nearer = gap < best_gap or (gap == best_gap and claim.seq < best_seq)  # a tie: the first made
            if nearer and article not in claim.articles:  # a report does not contradict itself
                best, best_gap, best_seq = claim, gap, claim.seq
        if closed:
            group[:] = [c for c in group if c.opened >= oldest]
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


def _claim_row(claim: _Claim, bucket: _Bucket, used: set[str]) -> tuple:
    """The claim's row, in the order of schema.CLAIMS's columns."""
    figs = claim.figures
    first = figs[0]
    if len(figs) == 1:
        subject, qualifier = first.subject, first.qualifier or None
    else:
        subject = _mode([f.subject for f in figs])
        # "at least 82" and "82" agree: the claim keeps the qualifier the figures that state one share
        stated = {f.qualifier for f in figs if f.qualifier}
        qualifier = stated.pop() if len(stated) == 1 else None
    amounts = claim.amounts  # every figure's amount, added in the figures' order
    lowest = min(amounts)
    n_sources = len(claim.articles)
    status = "single" if n_sources == 1 else ("agree" if len(amounts) == 1 else "conflict")
    p, o, d = claim.places
    outcome, unit, exact = bucket.outcome, bucket.unit, not bucket.vague
    # bucket.pool is the pool of every figure's subject
    first_day = _iso(claim.first_day) if claim.first_day else None
    key = f"{bucket.pool!s}|{outcome!s}|{unit!s}|{exact!s}|{p!s}|{o!s}|{d!s}|{first_day!s}|{lowest!s}"
    claim_id = "c" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
    if claim_id in used:
        claim_id = _unique(claim_id, used)
    used.add(claim_id)
    return (
        claim_id,
        subject or None,
        outcome or None,
        unit or None,
        p or o or d or None,
        _label(figs, amounts, subject, bucket),
        lowest[0] if exact else min(f.amount[0] for f in figs),
        max(amounts)[0] if exact else max(f.amount[1] for f in figs),
        qualifier,
        len(figs),
        n_sources,
        status,
        first_day,
        _iso(claim.last_day) if claim.last_day else None,
    )


_iso = cache(date.isoformat)  # a corpus spans few days


def _unique(claim_id: str, used: set[str]) -> str:
    """The id with the first free suffix ("-2", "-3"...)."""
    candidate, n = claim_id, 1
    while candidate in used:
        n += 1
        candidate = f"{claim_id}-{n}"
    return candidate


def _mode(values: list[str]) -> str:
    """The most frequent value; ties go to the alphabetically first (deterministic)."""
    if values and values.count(values[0]) == len(values):
        return values[0]
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else ""


def _label(figs: list[_Figure], amounts: set[tuple], subject: str, bucket: _Bucket) -> str:
    """One line for the numbers panel: "at least 82 civilians killed",
    "14,000 or 15,000 people want to leave"."""
    if bucket.vague:
        amounts = sorted(amounts, key=lambda a: tuple(x or 0 for x in a))
        words = [describe_vague(lo, hi) or f"{_number(lo)}–{_number(hi)}" for lo, hi in amounts]
        number = " or ".join(words) if len(words) <= 3 else _span(amounts)
        if len(amounts) == 1 and describe_vague(*amounts[0]):
            number += " of"
    else:  # values are never missing here: sorting the amounts themselves sorts by value
        amounts = sorted(amounts)
        number = " or ".join([_number(a[0]) for a in amounts]) if len(amounts) <= 3 else _span(amounts)
        if len(amounts) == 1:
            qualifier = (
                figs[0].qualifier if len(figs) == 1 else _mode([f.qualifier for f in figs if f.qualifier])
            )
            if qualifier and not qualifier.endswith(" of"):
                number = f"{qualifier} {number}"
    unit, outcome = bucket.unit, bucket.outcome
    if unit == "%":
        what = f"{number}% of {subject}" if subject else f"{number}%"
    elif unit:
        what = f"{number} {unit}" + (f" ({subject})" if subject else "")
    else:
        what = f"{number} {subject}".strip()
    return f"{what} {outcome}".strip()


def _number(value: float) -> str:
    # Zeros bypass the cache: 0.0 and -0.0 are equal but print apart.
    return _number_words(value) if value else format_number(value)


_number_words = cache(format_number)  # a corpus repeats its numbers


def _span(amounts: list[tuple]) -> str:
    low = min(a[0] for a in amounts)
    high = max(a[-1] for a in amounts)
    return f"{_number(low)}–{_number(high)}"
