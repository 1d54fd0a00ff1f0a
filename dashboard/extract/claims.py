"""Claims: figures that measure the same quantity, grouped across reports, with whether they agree.

Two figures measure the same quantity when they count the same subject (civilians and people pool
together: `pool` in vocab/subjects.csv) with the same outcome (killed and dead are one), unit,
measure (a stock, a flow, a running total …) and status (what happened never groups with a plan),
at the same place (or one does not say; a district and its city are one place), over times that
overlap (`as_of` to `as_of_end`; a statement with no time words holds for its report's day or the
day before; in an undated report, the days its episode allows — a window of weeks that joins only
the same number). A report does not contradict itself: its different numbers count different things.
Numbers more than `MAX_RATIO` apart count different things; figures that do not say what happened
(no outcome) group only when their numbers are equal.

Within a claim the reports agree when one number fits what all of them say (a qualifier widens a
figure: "at least 82" and "82" agree, "about 15,000" and "14,500" agree); otherwise they conflict.
Each claim says why in words. Stocks and totals of one quantity over time form a series.
"""

from __future__ import annotations

import bisect
import hashlib
import math
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

import pandas as pd

from dashboard import schema
from dashboard.extract.numbers import describe_vague, format_number
from dashboard.extract.subjects import SUBJECTS, subject_pool
from dashboard.extract.vocab import read_vocab

_OUTCOME_POOLS = {r["outcome"]: r["pool"] for r in read_vocab("outcomes.csv")}
MAX_RATIO = 10.0
FLOW_AS_TOTAL_RATIO = 1.25  # a flow stated with no time words is a running total only if this close
ABOUT = 0.10  # "about 15,000" holds for 13,500 to 16,500
REPORT_DAY_SLACK = 1  # a statement with no time words: the report's day or the day before
STATUS_POOL = {"possible": "expected"}  # "may leave" and "expected to leave" are one kind of claim
SERIES_MEASURES = ("stock", "total")
_UNBOUNDED = math.inf
_KEY_ROWS = read_vocab("key_numbers.csv")
_WEIGHT_OF_OUTCOME = {r["outcome"]: float(r["weight"]) for r in _KEY_ROWS if r["outcome"]}
_WEIGHT_OF_MEASURE = {"total": 1.2, "stock": 1.1, "flow": 1.0, "capacity": 0.3, "other": 0.5}
_WEIGHT_OF_STATUS = {"occurred": 1.0, "planned": 0.45, "expected": 0.4, "possible": 0.35, "demanded": 0.5}
_WEIGHT_OF_STATUS |= {"denied": 0.3, "prevented": 0.4}
_PLACE_KINDS = {"place", "building"}  # counts of villages or schools weigh less than counts of people


@dataclass(frozen=True)
class Bucket:
    """What figures must share to measure the same quantity at all."""

    pool: str
    outcome: str
    unit: str
    measure: str
    status: str
    vague: bool  # bounds rather than a value


@dataclass
class Fig:
    pos: int  # the row's position in the figures frame
    figure_id: str
    article_id: str
    subject: str
    qualifier: str
    places: tuple[str | None, str | None, str | None]  # place, origin, destination
    first: date | None  # when it holds, as days (None: unknown)
    last: date | None
    value: float | None
    low: float
    high: float
    claimant: str
    claimant_kind: str
    kind: str
    status: str
    outcome: str
    measure: str
    strict: str | None  # see strict_measure
    loose: bool = False  # its time is only its episode's window: it joins equal numbers only

    @property
    def size(self) -> float:
        return self.value if self.value is not None else (self.low + self.high) / 2

    @property
    def amount(self) -> tuple:
        return (self.value,) if self.value is not None else (self.low, self.high)

    def reading(self) -> tuple[float, float]:
        """The numbers the figure allows, its qualifier applied."""
        if self.value is None:
            return self.low, self.high
        v, q = self.value, self.qualifier
        if q == "about":
            return v * (1 - ABOUT), v * (1 + ABOUT)
        if q in ("at least", "more than"):
            return v, _UNBOUNDED
        if q in ("up to", "less than"):
            return 0.0, v
        return v, v


@dataclass
class Claim:
    figs: list[Fig] = field(default_factory=list)
    places: tuple[str | None, str | None, str | None] = (None, None, None)
    first: date | None = None  # the window every figure holds in
    last: date | None = None
    articles: set[str] = field(default_factory=set)
    amounts: set[tuple] = field(default_factory=set)
    sizes: list[float] = field(default_factory=list)  # distinct, sorted: the nearest is found by bisection
    low: float = math.inf
    high: float = 0.0
    stricts: set[str] = field(default_factory=set)  # the measures its figures say they are
    measures: set[str] = field(default_factory=set)
    all_loose: bool = True  # every figure dated only by its episode's window
    lows: list[float] = field(default_factory=list)  # of vague amounts: the highest low, the lowest high
    highs: list[float] = field(default_factory=list)

    def add(self, f: Fig) -> None:
        self.figs.append(f)
        if f.strict is not None:
            self.stricts.add(f.strict)
        self.articles.add(f.article_id)
        self.measures.add(f.measure)
        self.all_loose = self.all_loose and f.loose
        if f.value is None:
            self.lows = [max([*self.lows, f.low])]
            self.highs = [min([*self.highs, f.high])]
        self.places = tuple(a or b for a, b in zip(self.places, f.places, strict=True))  # type: ignore[assignment]
        if f.first is not None and f.last is not None:
            self.first = f.first if self.first is None else max(self.first, f.first)
            self.last = f.last if self.last is None else min(self.last, f.last)
        self.amounts.add(f.amount)
        size = f.size
        at = bisect.bisect_left(self.sizes, size)
        if at == len(self.sizes) or self.sizes[at] != size:
            self.sizes.insert(at, size)
        self.low, self.high = min(self.low, size), max(self.high, size)

    def nearest(self, size: float) -> float:
        """The claim's figure size nearest `size` (on a log scale)."""
        at = bisect.bisect_left(self.sizes, size)
        near = self.sizes[max(0, at - 1) : at + 1]
        return min(near, key=lambda s: abs(math.log(max(size, 1e-9) / max(s, 1e-9))))


# ------------------------------------------------------------------ entry point


def group_claims(
    figures_df: pd.DataFrame, place_parent: Mapping[str, str] | None = None
) -> tuple[pd.DataFrame, pd.Series]:
    """(claims table, claim_id of each figure aligned to figures_df's index).

    place_parent (optional, place_id -> parent place_id) lets a district and its city count as
    the same place."""
    same_place = _same_place_test(place_parent or {})
    buckets: dict[Bucket, list[Fig]] = {}
    for bucket, fig in _read(figures_df):
        buckets.setdefault(bucket, []).append(fig)
    rows: list[dict] = []
    ids: list[str | None] = [None] * len(figures_df)
    used: set[str] = set()
    grouped = [
        (bucket, claim)
        for bucket in sorted(buckets, key=lambda b: tuple(str(x) for x in vars(b).values()))
        for claim in cluster(buckets[bucket], bucket, same_place)
    ]
    for bucket, claim in attach_unspecific(grouped, same_place):
        row = claim_row(claim, bucket, used)
        rows.append(row)
        for f in claim.figs:
            ids[f.pos] = row["claim_id"]
    _series(rows, place_parent or {})
    claims_df = schema.enforce(pd.DataFrame(rows, columns=schema.CLAIMS.column_names), schema.CLAIMS)
    return claims_df, pd.Series(ids, index=figures_df.index, dtype="string", name="claim_id")


def _read(df: pd.DataFrame):
    """(bucket, figure) for each row, in a stable order (by time, then article and figure id)."""
    # Column by column (pandas per row is slow); each cell None where missing.
    columns = {
        c: df[c].to_numpy(dtype=object, na_value=None).tolist() if c in df.columns else [None] * len(df)
        for c in _READ_COLUMNS
    }
    records = (dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True))
    out = []
    buckets: dict[tuple, Bucket] = {}  # a corpus has few distinct buckets: one object each
    for pos, r in enumerate(records):
        first, last = _window(r)
        status = r.get("status") or "occurred"
        fig = Fig(
            pos=pos,
            figure_id=str(r.get("figure_id") or pos),
            article_id=str(r.get("article_id") or ""),
            subject=r.get("subject") or "",
            qualifier=r.get("qualifier") or "",
            places=(r.get("place_id"), r.get("origin_id"), r.get("destination_id")),
            first=first,
            last=last,
            value=_num(r.get("value")),
            low=_num(r.get("low")) or 0.0,
            high=_num(r.get("high")) or 0.0,
            claimant=r.get("claimant") or "",
            claimant_kind=r.get("claimant_kind") or "",
            kind=r.get("kind") or "count",
            status=status,
            outcome=r.get("outcome") or "",
            measure=r.get("measure") or "other",
            strict=strict_measure(r),
            loose=r.get("as_of_basis") == "episode",
        )
        key = (fig.subject, fig.outcome, r.get("unit") or "", fig.measure, status, fig.value is None)
        bucket = buckets.get(key)
        if bucket is None:
            bucket = buckets[key] = Bucket(
                pool=subject_pool(fig.subject),
                outcome=_OUTCOME_POOLS.get(fig.outcome, fig.outcome),
                unit=key[2],
                measure=_measure_class(r),
                status=STATUS_POOL.get(status, status),
                vague=fig.value is None,
            )
        out.append((bucket, fig))
    out.sort(key=lambda bf: (bf[1].first or date.max, bf[1].article_id, bf[1].figure_id))
    return out


_READ_COLUMNS = (
    "figure_id", "article_id", "subject", "qualifier", "place_id", "origin_id", "destination_id", "as_of",
    "as_of_end", "as_of_basis", "date", "value", "low", "high", "claimant", "claimant_kind", "kind",
    "status", "outcome", "unit", "measure",
)  # fmt: skip


def _measure_class(r: dict) -> str:
    """What a figure measures, for bucketing: flows and totals share a bucket ("killed more than 900"
    and "the death toll reached 937" may be one toll); `strict_measure` keeps them apart where both
    say which they are."""
    measure = r.get("measure") or "other"
    return "count" if measure in ("flow", "total") else measure


def strict_measure(r: dict) -> str | None:
    """A flow or total that says so: a total, or a flow with time words of its own ("500 left on
    Friday"); None for a flow stated with none ("killed more than 900"), which may be either."""
    measure = r.get("measure") or "other"
    if measure == "flow" and (r.get("as_of_basis") or "report_date") != "sentence":
        return None
    return measure


def _num(v) -> float | None:
    return None if v is None or v == "" else float(v)


@cache
def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text + "-01" if len(text) == 7 else text[:10])
    except ValueError:
        return None


def _window(r: dict) -> tuple[date | None, date | None]:
    """The days a figure holds for; a statement with no time words, its report's day or the day before."""
    first = _day(r.get("as_of") or r.get("date"))
    last = _day(r.get("as_of_end")) or first
    if first is None or last is None:
        return None, None
    if (r.get("as_of_basis") or "report_date") == "report_date" and first == last:
        first -= timedelta(days=REPORT_DAY_SLACK)
    return first, last


# ------------------------------------------------------------------ grouping


def cluster(figs: list[Fig], bucket: Bucket, same_place: Callable[[str, str], bool]) -> list[Claim]:
    """Greedy grouping of one bucket's figures, in time order: each joins the open claim its time,
    places and number fit best, or opens one."""
    claims: list[Claim] = []
    open_claims: list[Claim] = []
    may_differ = bucket.vague or bool(bucket.outcome)  # "5 buses", "20 buses": the same thing only if equal
    for f in figs:
        if f.first is not None:  # time order: a claim whose window closed before this figure stays closed
            open_claims = [c for c in open_claims if c.last is None or c.last >= f.first]
        best = _best_claim(f, open_claims if f.first is not None else [], may_differ, same_place)
        if best is None:
            best = Claim()
            claims.append(best)
            if f.first is not None:
                open_claims.append(best)
        best.add(f)
    return claims


def _best_claim(f: Fig, candidates: list[Claim], may_differ: bool, same_place) -> Claim | None:
    best, best_gap = None, math.inf
    for claim in candidates:
        if not _fits(f, claim, may_differ, same_place):
            continue
        gap = _gap(f, claim)
        if gap < best_gap:
            best, best_gap = claim, gap
    return best


def _fits(f: Fig, claim: Claim, may_differ: bool, same_place) -> bool:
    dated = claim.first is not None and claim.last is not None and f.first is not None and f.last is not None
    if dated and (f.first > claim.last or f.last < claim.first):  # type: ignore[operator]
        return False  # not the same time
    if not _places_fit(claim.places, f.places, same_place):
        return False
    if f.strict is not None and claim.stricts and f.strict not in claim.stricts:
        return False  # a total so far and one day's flow are different quantities
    if f.amount in claim.amounts:
        return True
    if not may_differ or f.article_id in claim.articles:  # a report does not contradict itself
        return False
    if f.loose or claim.all_loose:  # a window of weeks is no evidence of one quantity
        return False
    totals = "total" in claim.measures
    if (totals and f.measure != "total") or (f.measure == "total" and claim.measures - {"total"}):
        # "killed more than 900" may be the toll of 937, not a toll of 2,000
        low, high = min(claim.low, f.size), max(claim.high, f.size)
        if high / max(low, 1e-9) > FLOW_AS_TOTAL_RATIO:
            return False
    return _within_ratio(f, claim)


def _within_ratio(f: Fig, claim: Claim) -> bool:
    """Numbers within MAX_RATIO of each other; for vague amounts and ranges, their nearest ends
    ("thousands" and "tens of thousands" may be one count; "400 to 500" and "10,000 to 15,000" are not)."""
    if f.value is not None:
        low, high = min(claim.low, f.size), max(claim.high, f.size)
        return high / max(low, 1e-9) <= MAX_RATIO
    low, high = max([*claim.lows, f.low]), min([*claim.highs, f.high])
    return low / max(high, 1e-9) <= MAX_RATIO


def attach_unspecific(
    grouped: list[tuple[Bucket, Claim]], same_place: Callable[[str, str], bool]
) -> list[tuple[Bucket, Claim]]:
    """A claim whose figures do not say what happened ("150,000 citizens", "30,000 civilians from its
    main city") joins the one claim of the same subject, unit and status that says what happened to
    that very number at a fitting time and place ("150,000 people displaced"). Equal exact numbers only
    (a vague amount proves nothing), so this never makes a conflict; none joins where two would fit."""
    by_amount: dict[tuple, list[Claim]] = {}  # (pool, unit, status, amount) -> claims saying what happened
    for b, c in grouped:
        if b.outcome and not b.vague:
            for amount in c.amounts:
                by_amount.setdefault((b.pool, b.unit, b.status, amount), []).append(c)
    out = []
    for bucket, claim in grouped:
        if bucket.outcome or bucket.vague:  # "thousands of civilians" matches any thousands
            out.append((bucket, claim))
            continue
        some = min(claim.amounts)
        fits = [
            c for c in by_amount.get((bucket.pool, bucket.unit, bucket.status, some), [])
            if claim.amounts <= c.amounts and _overlaps(claim, c) and _places_fit(claim.places, c.places, same_place)
        ]  # fmt: skip
        if len(fits) == 1:
            for f in claim.figs:
                fits[0].add(f)
        else:
            out.append((bucket, claim))
    return out


def _overlaps(a: Claim, b: Claim) -> bool:
    if a.first is None or a.last is None or b.first is None or b.last is None:
        return False
    return a.first <= b.last and b.first <= a.last


def _places_fit(a: tuple, b: tuple, same_place: Callable[[str, str], bool]) -> bool:
    return all(x is None or y is None or x == y or same_place(x, y) for x, y in zip(a, b, strict=True))


def _gap(f: Fig, claim: Claim) -> float:
    """How far the figure's number is from the claim's (0: one it holds already)."""
    if f.amount in claim.amounts:
        return 0.0
    size = max(f.size, 1e-9)
    return abs(math.log(size / max(claim.nearest(size), 1e-9))) + 0.01


# ------------------------------------------------------------------ one claim's row


def agreement(figs: list[Fig]) -> str:
    """single (one report), agree (one number fits every report's figure) or conflict."""
    if len({f.article_id for f in figs}) <= 1:
        return "single"
    low = max(f.reading()[0] for f in figs)
    high = min(f.reading()[1] for f in figs)
    return "agree" if low <= high * (1 + 1e-9) else "conflict"


def agreement_of(rows: pd.DataFrame) -> str:
    """`agreement` of figures given as table rows (article_id, value, low, high, qualifier): the
    verdict of a claim restated from some of its figures (a filtered view)."""
    figs = [
        Fig(0, "", str(r.article_id), "", r.qualifier or "", (None, None, None), None, None,
            _num(r.value), _num(r.low) or 0.0, _num(r.high) or 0.0, "", "", "count", "occurred", "", "other", None)
        for r in rows[["article_id", "value", "low", "high", "qualifier"]].astype(object).where(rows.notna(), None).itertuples()
    ]  # fmt: skip
    return agreement(figs)


def claim_row(claim: Claim, bucket: Bucket, used: set[str]) -> dict:
    """The claim's row (schema.CLAIMS's columns)."""
    figs = claim.figs
    if len(figs) == 1:
        return _single_row(figs[0], claim, bucket, used)
    subject = _mode([f.subject for f in figs])
    stated = {f.qualifier for f in figs if f.qualifier}
    status = agreement(figs)
    place = next((p for p in claim.places if p), None)
    firsts = [f.first for f in figs if f.first]
    lasts = [f.last for f in figs if f.last]
    first_day = min(firsts).isoformat() if firsts else None
    return {
        "claim_id": _claim_id(bucket, claim, first_day, used),
        "subject": subject or None,
        "outcome": _mode([f.outcome for f in figs]) or bucket.outcome or None,
        "unit": bucket.unit or None,
        "place_id": place,
        "label": label(figs, subject, bucket),
        "value_min": min(f.amount[0] for f in figs) if not bucket.vague else min(f.low for f in figs),
        "value_max": max(f.amount[-1] for f in figs),
        "qualifier": stated.pop() if len(stated) == 1 else None,
        "n_figures": len(figs),
        "n_sources": len(claim.articles),
        "status": status,
        "figure_status": _mode([f.status for f in figs]),
        "measure": _mode([f.measure for f in figs]) or bucket.measure,
        "kind": "enumeration" if all(f.kind == "enumeration" for f in figs) else "count",
        "date_min": first_day,
        "date_max": max(lasts).isoformat() if lasts else None,
        "why": why(figs, status, claim, place),
        "claimants": "; ".join(dict.fromkeys(f.claimant for f in figs if f.claimant)) or None,
        "claimant_kinds": "; ".join(sorted({f.claimant_kind for f in figs if f.claimant_kind})) or None,
        "weight": weight(bucket, figs),
        "series_id": None,
    }


def _single_row(f: Fig, claim: Claim, bucket: Bucket, used: set[str]) -> dict:
    """The row of a claim one figure makes (most claims): what claim_row says, made cheaply."""
    first_day = f.first.isoformat() if f.first else None
    return {
        "claim_id": _claim_id(bucket, claim, first_day, used),
        "subject": f.subject or None,
        "outcome": f.outcome or bucket.outcome or None,
        "unit": bucket.unit or None,
        "place_id": next((p for p in f.places if p), None),
        "label": label([f], f.subject, bucket),
        "value_min": f.low if bucket.vague else f.amount[0],
        "value_max": f.amount[-1],
        "qualifier": f.qualifier or None,
        "n_figures": 1,
        "n_sources": 1,
        "status": "single",
        "figure_status": f.status,
        "measure": f.measure,
        "kind": f.kind,
        "date_min": first_day,
        "date_max": f.last.isoformat() if f.last else None,
        "why": "one report",
        "claimants": f.claimant or None,
        "claimant_kinds": f.claimant_kind or None,
        "weight": weight(bucket, [f]),
        "series_id": None,
    }


def _claim_id(bucket: Bucket, claim: Claim, first_day: str | None, used: set[str]) -> str:
    p, o, d = claim.places
    lowest = min(f.amount for f in claim.figs)
    key = f"{bucket.pool}|{bucket.outcome}|{bucket.unit}|{bucket.measure}|{bucket.status}|{not bucket.vague}|{p}|{o}|{d}|{first_day}|{lowest}"
    claim_id = "c" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
    candidate, n = claim_id, 1
    while candidate in used:
        n += 1
        candidate = f"{claim_id}-{n}"
    used.add(candidate)
    return candidate


def _mode(values: list[str]) -> str:
    """The most frequent value; ties go to the alphabetically first (deterministic)."""
    counts = Counter(v for v in values if v)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else ""


def why(figs: list[Fig], status: str, claim: Claim, place: str | None) -> str:
    """The claim's grouping and verdict in words: "2 reports, same day, same place (aleppo); values
    14,000 vs 15,000"."""
    reports = len({f.article_id for f in figs})
    if reports == 1:
        return "one report"
    when = _when_words(claim)
    where = f"same place ({place})" if place else "no place named"
    numbers = sorted({_figure_words(f) for f in figs}, key=lambda w: w.lower())
    if status == "agree":
        verdict = "the figures fit one number: " + " and ".join(numbers[:4])
    else:
        verdict = "values " + " vs ".join(numbers[:4])
    return f"{reports} reports, {when}, {where}; {verdict}"


def _when_words(claim: Claim) -> str:
    if claim.first is None or claim.last is None:
        return "undated"
    if claim.first == claim.last:
        return f"same day ({claim.first.isoformat()})"
    return f"same time ({claim.first.isoformat()} to {claim.last.isoformat()})"


def _figure_words(f: Fig) -> str:
    if f.value is None:
        return describe_vague(f.low, f.high) or f"{format_number(f.low)}–{format_number(f.high)}"
    return " ".join(w for w in (f.qualifier, format_number(f.value)) if w)


def label(figs: list[Fig], subject: str, bucket: Bucket) -> str:
    """One line for the numbers panel: "at least 82 civilians killed", "14,000 or 15,000 people want
    to leave", "tens of thousands of civilians evacuated"."""
    amounts = sorted({f.amount for f in figs}, key=lambda a: tuple(x or 0 for x in a))
    if bucket.vague:
        words = [describe_vague(lo, hi) or f"{format_number(lo)}–{format_number(hi)}" for lo, hi in amounts]
        number = " or ".join(words) if len(words) <= 3 else _span(amounts)
        if len(amounts) == 1 and describe_vague(*amounts[0]):
            number += " of"
    else:
        number = " or ".join(format_number(a[0]) for a in amounts) if len(amounts) <= 3 else _span(amounts)
        qualifier = _mode([f.qualifier for f in figs])
        if len(amounts) == 1 and qualifier and not qualifier.endswith(" of"):
            number = f"{qualifier} {number}"
    outcome = _mode([f.outcome for f in figs]) or bucket.outcome
    if bucket.unit == "%":
        what = f"{number}% of {subject}" if subject else f"{number}%"
    elif bucket.unit:
        what = f"{number} {bucket.unit}" + (f" ({subject})" if subject else "")
    else:
        what = f"{number} {subject}".strip()
    return f"{what} {outcome}".strip()


def _span(amounts: list[tuple]) -> str:
    return f"{format_number(min(a[0] for a in amounts))}–{format_number(max(a[-1] for a in amounts))}"


def weight(bucket: Bucket, figs: list[Fig]) -> float:
    """How much the claim matters among the key numbers (vocab/key_numbers.csv): what happened to
    people first (killed, wounded, displaced, evacuated, trapped …), occurred before planned,
    totals before single flows, more reports before fewer; enumerations and trivia last."""
    if all(f.kind == "enumeration" for f in figs):
        return 0.0
    outcome = _mode([f.outcome for f in figs]) or bucket.outcome
    base = _WEIGHT_OF_OUTCOME.get(outcome, 2.0 if outcome else 1.0)
    if bucket.unit and bucket.unit != "%":
        base = min(base, 1.0)
    kinds = {SUBJECTS[f.subject].kind for f in figs if f.subject in SUBJECTS}
    if kinds and kinds <= _PLACE_KINDS:
        base = min(base, 1.5)
    sources = len({f.article_id for f in figs})
    w = base * _WEIGHT_OF_MEASURE.get(bucket.measure, 0.5) * _WEIGHT_OF_STATUS.get(bucket.status, 1.0)
    return round(w * (1 + 0.25 * (sources - 1)), 4)


def _series(rows: list[dict], parents: Mapping[str, str]) -> None:
    """Stocks and totals of one quantity at one place over time: the claims of a series share an id."""
    top = _top_place(parents)
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        if row["measure"] in SERIES_MEASURES and row["figure_status"] == "occurred" and row["date_min"]:
            key = (
                subject_pool(row["subject"]),
                row["outcome"],
                row["unit"],
                row["measure"],
                top(row["place_id"]),
            )
            groups.setdefault(key, []).append(row)
    for key in [k for k in groups if k[-1] is None]:
        placed = [k for k in groups if k[:-1] == key[:-1] and k[-1] is not None]
        if len(placed) == 1:  # "the 250,000 civilians who remain" and "50,000 remain in Aleppo"
            groups[placed[0]] += groups.pop(key)
    for key, members in groups.items():
        if len({m["date_min"] for m in members}) < 2:
            continue  # one time: no series
        series = "s" + hashlib.sha1("|".join(map(str, key)).encode("utf-8")).hexdigest()[:10]
        for m in members:
            m["series_id"] = series


def _top_place(parents: Mapping[str, str]) -> Callable[[str | None], str | None]:
    """A place's city (a district's parent), so that a city's series takes in its districts."""

    def top(place: str | None) -> str | None:
        seen: set[str] = set()
        while place is not None and place in parents and place not in seen and len(seen) < 3:
            parent = parents[place]
            if parent == "syria" or parent.endswith(("_province", "_governorate")):
                break  # a city, not its province or its country
            seen.add(place)
            place = parent
        return place

    return top


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
