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

import hashlib
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

import pandas as pd

from dashboard import schema
from dashboard.figures import subject_pool
from dashboard.numbers import describe_vague, format_number

MAX_DAYS = 3
MAX_RATIO = 10.0


@dataclass(slots=True)
class _Figure:
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
    places: tuple[str | None, ...]
    day: date | None
    amount: tuple = ()  # (value,) or (low, high): what "the same number" means
    size: float = 0.0  # the value, or the middle of the bounds

    def __post_init__(self) -> None:
        exact = self.value is not None
        self.amount = (self.value,) if exact else (self.low, self.high)
        self.size = self.value if exact else ((self.low or 0) + (self.high or 0)) / 2


@dataclass
class _Claim:
    figures: list[_Figure] = field(default_factory=list)
    places: list[str | None] = field(default_factory=lambda: [None, None, None])
    first_day: date | None = None
    last_day: date | None = None
    amounts: set[tuple] = field(default_factory=set)
    amounts_by_article: dict[str, set] = field(default_factory=dict)
    smallest: float = math.inf
    largest: float = 0.0

    def add(self, fig: _Figure) -> None:
        self.figures.append(fig)
        if None in self.places:
            self.places = [mine or theirs for mine, theirs in zip(self.places, fig.places, strict=True)]
        if fig.day is not None:
            self.first_day = min(self.first_day or fig.day, fig.day)
            self.last_day = max(self.last_day or fig.day, fig.day)
        self.amounts.add(fig.amount)
        self.amounts_by_article.setdefault(fig.article_id, set()).add(fig.amount)
        self.smallest = min(self.smallest, fig.size)
        self.largest = max(self.largest, fig.size)


def group_claims(
    figures_df: pd.DataFrame, place_parent: Mapping[str, str] | None = None
) -> tuple[pd.DataFrame, pd.Series]:
    """(claims table, claim_id of each figure aligned to figures_df's index).

    place_parent (optional, place_id -> parent place_id) lets a district and its city count as
    the same place.
    """
    figures = _read_figures(figures_df)
    claims: list[_Claim] = []
    buckets: dict[tuple, list[_Figure]] = {}
    for fig in figures:
        key = (subject_pool(fig.subject), fig.outcome, fig.unit, fig.value is None)
        buckets.setdefault(key, []).append(fig)
    for key in sorted(buckets, key=lambda k: tuple(str(x) for x in k)):
        claims += _cluster(buckets[key], place_parent or {})
    rows, ids = [], {}
    used: set[str] = set()
    for claim in claims:
        row = _claim_row(claim, used)
        rows.append(row)
        for fig in claim.figures:
            ids[fig.index] = row["claim_id"]
    claims_df = schema.enforce(pd.DataFrame(rows, columns=schema.CLAIMS.column_names), schema.CLAIMS)
    claim_ids = pd.Series(
        [ids.get(i) for i in figures_df.index], index=figures_df.index, dtype="string", name="claim_id"
    )
    return claims_df, claim_ids


def _read_figures(df: pd.DataFrame) -> list[_Figure]:
    def col(name: str) -> list:
        if name not in df.columns:
            return [None] * len(df)
        values = df[name].astype("object")
        return values.where(values.notna() & (values != ""), None).tolist()

    days = [_day(d) for d in col("date")]
    figure_ids = col("figure_id")
    out = [
        _Figure(
            index=i,
            figure_id=str(fid or i),
            article_id=str(aid or ""),
            value=_num(v),
            low=_num(lo),
            high=_num(hi),
            subject=str(subj or ""),
            qualifier=str(q or ""),
            outcome=str(o or ""),
            unit=str(u or ""),
            places=(p, og, ds),
            day=day,
        )
        for i, fid, aid, v, lo, hi, subj, q, o, u, p, og, ds, day in zip(
            df.index,
            figure_ids,
            col("article_id"),
            col("value"),
            col("low"),
            col("high"),
            col("subject"),
            col("qualifier"),
            col("outcome"),
            col("unit"),
            col("place_id"),
            col("origin_id"),
            col("destination_id"),
            days,
            strict=True,
        )
    ]
    # Dated figures first, in date order; a figure's claim does not depend on the row order given.
    out.sort(key=lambda f: (f.day is None, f.day or date.min, f.article_id, f.figure_id))
    return out


def _num(v) -> float | None:
    return None if v is None else float(v)


@cache
def _day(v) -> date | None:
    if v is None:
        return None
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def _cluster(figures: list[_Figure], parents: Mapping[str, str]) -> list[_Claim]:
    """Greedy grouping of one bucket's figures (same pool, outcome, unit and kind of amount)."""
    claims: list[_Claim] = []
    open_claims: list[_Claim] = []  # claims a dated figure may still join
    by_amount: dict[tuple, list[_Claim]] = {}  # claims holding an amount: the best match, looked up first
    open_by_amount: dict[tuple, list[_Claim]] = {}  # the same, pruned of claims closed to dated figures
    window = timedelta(days=MAX_DAYS)
    day = None
    for fig in figures:
        if fig.day is not None and fig.day != day:  # figures come in date order
            day = fig.day
            open_claims = [c for c in open_claims if c.first_day is None or day - c.first_day <= window]
        if fig.day is None:
            same = by_amount.get(fig.amount, ())
        else:  # closed claims never reopen to later dates: drop them as they are met
            same = open_by_amount[fig.amount] = [
                c
                for c in open_by_amount.get(fig.amount, ())
                if c.first_day is None or day - c.first_day <= window
            ]
        best = next((c for c in same if _places_agree(c, fig, parents)), None)
        # "5 buses", "20 buses": without an outcome only the same number is the same thing
        if best is None and (fig.value is None or fig.outcome):
            best = _closest(open_claims if fig.day is not None else claims, fig, parents)
        if best is None:
            best = _Claim()
            claims.append(best)
            open_claims.append(best)
        if fig.amount not in best.amounts:
            by_amount.setdefault(fig.amount, []).append(best)
            open_by_amount.setdefault(fig.amount, []).append(best)
        best.add(fig)
    return claims


def _closest(claims: list[_Claim], fig: _Figure, parents: Mapping[str, str]) -> _Claim | None:
    """The claim whose numbers are nearest the figure's (none holds the very same amount)."""
    best, best_gap = None, math.inf
    size = max(fig.size, 1e-9)
    for claim in claims:
        if fig.article_id in claim.amounts_by_article:
            continue  # a report does not contradict itself
        if fig.value is None:
            gap = 1.0  # vague amounts: any other vague amount of the same thing
        else:
            low, high = max(claim.smallest, 1e-9), max(claim.largest, 1e-9)
            if max(size, high) / min(size, low) > MAX_RATIO:
                continue
            gap = 0.01 if low <= size <= high else abs(math.log(size / (low if size < low else high)))
        if gap < best_gap and _places_agree(claim, fig, parents):
            best, best_gap = claim, gap
    return best


def _places_agree(claim: _Claim, fig: _Figure, parents: Mapping[str, str]) -> bool:
    """Same place, origin and destination, where both say (a district and its city agree)."""
    for a, b in zip(claim.places, fig.places, strict=True):
        if a is not None and b is not None and a != b and not (parents and _same_place(a, b, parents)):
            return False
    return True


def _same_place(a: str, b: str, parents: Mapping[str, str]) -> bool:
    """A district and its city are the same place (when place_parent says so)."""
    return b in _ancestors(a, parents) or a in _ancestors(b, parents)


def _ancestors(place: str, parents: Mapping[str, str]) -> set[str]:
    seen: set[str] = set()
    while place in parents and parents[place] not in seen and len(seen) < 10:
        place = parents[place]
        seen.add(place)
    return seen


# ------------------------------------------------------------------ one claim's row


def _claim_row(claim: _Claim, used: set[str]) -> dict:
    figs = claim.figures
    first = figs[0]
    subject = _mode(f.subject for f in figs)
    qualifiers = {f.qualifier for f in figs}
    exact = first.value is not None
    amounts = {f.amount for f in figs}
    n_sources = len({f.article_id for f in figs})
    status = "single" if n_sources == 1 else ("agree" if len(amounts) == 1 else "conflict")
    place = next((p for p in claim.places if p), None)
    key = "|".join(
        str(x)
        for x in (
            subject_pool(subject),
            first.outcome,
            first.unit,
            exact,
            *claim.places,
            claim.first_day,
            min(amounts),
        )
    )
    claim_id = _unique("c" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10], used)
    return {
        "claim_id": claim_id,
        "subject": subject or None,
        "outcome": first.outcome or None,
        "unit": first.unit or None,
        "place_id": place,
        "label": _label(figs, subject, first.outcome, first.unit),
        "value_min": min(f.value if exact else f.low for f in figs),
        "value_max": max(f.value if exact else f.high for f in figs),
        "qualifier": (next(iter(qualifiers)) or None) if len(qualifiers) == 1 else None,
        "n_figures": len(figs),
        "n_sources": n_sources,
        "status": status,
        "date_min": claim.first_day.isoformat() if claim.first_day else None,
        "date_max": claim.last_day.isoformat() if claim.last_day else None,
    }


def _unique(claim_id: str, used: set[str]) -> str:
    candidate, n = claim_id, 1
    while candidate in used:
        n += 1
        candidate = f"{claim_id}-{n}"
    used.add(candidate)
    return candidate


def _mode(values) -> str:
    """The most frequent value; ties go to the alphabetically first (deterministic)."""
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else ""


def _label(figs: list[_Figure], subject: str, outcome: str, unit: str) -> str:
    """One line for the numbers panel: "at least 82 civilians killed", "14,000 or 15,000 people want to leave"."""
    amounts = sorted({f.amount for f in figs}, key=lambda a: tuple(x or 0 for x in a))
    if figs[0].value is not None:
        number = " or ".join(format_number(a[0]) for a in amounts) if len(amounts) <= 3 else _span(amounts)
    else:
        words = [describe_vague(lo, hi) or f"{format_number(lo)}–{format_number(hi)}" for lo, hi in amounts]
        number = " or ".join(words) if len(words) <= 3 else _span(amounts)
        if len(amounts) == 1 and describe_vague(*amounts[0]):
            number += " of"
    if len(amounts) == 1:
        qualifier = _mode(f.qualifier for f in figs if f.qualifier) if any(f.qualifier for f in figs) else ""
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
