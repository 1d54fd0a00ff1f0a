"""Grouping figures into claims: what figures must share to measure the same quantity at all (a
`Bucket`), and the greedy clustering of a bucket's figures by time, place and number (`cluster`),
then the figures that say nothing of what happened joined to the one claim their number fits
(`attach_unspecific`); `agreement` is a claim's verdict. See claims.py for the rules in words.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

import pandas as pd

from dashboard.extract.claim_places import PlaceTest
from dashboard.extract.subjects import subject_pool
from dashboard.extract.vocab import read_vocab

_OUTCOME_POOLS = {r["outcome"]: r["pool"] for r in read_vocab("outcomes.csv")}
MAX_RATIO = 3.0  # numbers further apart count different things (a part and its whole, a day and a total)
FLOW_AS_TOTAL_RATIO = 1.25  # a flow stated with no time words is a running total only if this close
ABOUT = 0.10  # "about 15,000" holds for 13,500 to 16,500
REPORT_DAY_SLACK = 1  # a statement with no time words: the report's day or the day before
STATUS_POOL = {"possible": "expected"}  # "may leave" and "expected to leave" are one kind of claim
_UNBOUNDED = math.inf


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
    since: date | None = None  # the day a running total counts from, where its sentence says so
    rounding: float = 0.0  # half the last stated digit of a rounded amount ("1.8 million": 50,000)
    listed: str | None = None  # the places it counts together ("in Daraa and Quneitra"), if several
    batch: str | None = None  # which of several groups it counts ("the first group of"), if one

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
        return v - self.rounding, v + self.rounding


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
    sinces: set[date] = field(default_factory=set)  # the days its running totals count from
    measures: set[str] = field(default_factory=set)
    all_loose: bool = True  # every figure dated only by its episode's window
    lows: list[float] = field(default_factory=list)  # of vague amounts: the highest low, the lowest high
    highs: list[float] = field(default_factory=list)
    listed: str | None = None  # the places its figures count together, if several
    batches: set[str | None] = field(default_factory=set)  # the groups its figures count

    def add(self, f: Fig) -> None:
        self.figs.append(f)
        self.listed = self.listed or f.listed
        self.batches.add(f.batch)
        if f.strict is not None:
            self.stricts.add(f.strict)
        if f.since is not None:
            self.sinces.add(f.since)
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


def read_figures(df: pd.DataFrame):
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
        since = _since(r, first, last)
        if since is not None and last is not None:  # a running total holds on the day it is counted to
            first = max(since, last - timedelta(days=REPORT_DAY_SLACK))
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
            since=since,
            rounding=rounding(r.get("text")),
            listed=r.get("places_listed"),
            batch=r.get("batch"),
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
    "status", "outcome", "unit", "measure", "text", "places_listed", "batch",
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


def _since(r: dict, first: date | None, last: date | None) -> date | None:
    """ "displaced since 20 January", "without water since December": the start of a running total's
    count or of a state (which, like a total, is a point of its series on the day it is counted to)."""
    if r.get("measure") not in ("total", "stock") or r.get("as_of_basis") != "sentence" or first == last:
        return None
    return first


# "1.8 million", "2.5m", "1.13 billion": a decimal before a scale word is rounded to its last digit
_ROUNDED = re.compile(r"\d\.(\d+)\s*(million|billion|m|bn)\b", re.IGNORECASE)
_SCALES = {"million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}


@cache
def rounding(text: str | None) -> float:
    """Half the unit of the last digit of an amount written as a rounded decimal of a scale ("1.8
    million" holds 1.75 to 1.85 million, so 1.85 million agrees); 0 for every other amount (82 is 82)."""
    m = _ROUNDED.search(text or "")
    if m is None:
        return 0.0
    # just under half: "1.8 million" and "1.9 million" do not meet at 1.85 million
    return _SCALES[m.group(2).lower()] * 10.0 ** -len(m.group(1)) / 2 * 0.999


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


_SAID_ON_A_DAY = ("report_date", "said")  # a statement of a day's news: that day or the day before


def _window(r: dict) -> tuple[date | None, date | None]:
    """The days a figure holds for; a statement with no time words of its own (or only the saying's),
    its report's (or saying's) day or the day before."""
    first = _day(r.get("as_of") or r.get("date"))
    last = _day(r.get("as_of_end")) or first
    if first is None or last is None:
        return None, None
    if (r.get("as_of_basis") or "report_date") in _SAID_ON_A_DAY and first == last:
        first -= timedelta(days=REPORT_DAY_SLACK)
    return first, last


# ------------------------------------------------------------------ grouping


def cluster(
    figs: list[Fig], bucket: Bucket, same_place: PlaceTest, story: StoryTest | None = None
) -> list[Claim]:
    """Greedy grouping of one bucket's figures, in time order: each joins the open claim its time,
    places and number fit best, or opens one. A figure dated only by its episode's window (`loose`)
    comes after the dated ones and joins the one claim it fits, none where two would (weeks of
    window are no evidence of which of two days' counts it is). An undated figure (its report has no
    date) joins only the one claim that holds its very number in a report of the same story
    (`undated_claim`)."""
    claims: list[Claim] = []
    open_claims: list[Claim] = []
    may_differ = bucket.vague or bool(bucket.outcome)  # "5 buses", "20 buses": the same thing only if equal
    for f in [f for f in figs if not f.loose] + [f for f in figs if f.loose]:
        if f.first is None:
            best = undated_claim(f, claims, same_place, story) if story is not None else None
        elif f.loose:
            best = _only_claim(f, claims, may_differ, same_place)
        else:  # time order: a claim whose window closed before this figure stays closed
            open_claims = [c for c in open_claims if c.last is None or c.last >= f.first]
            best = _best_claim(f, open_claims, may_differ, same_place)
        if best is None:
            best = Claim()
            claims.append(best)
            if f.first is not None:
                open_claims.append(best)
        best.add(f)
    return claims


def _only_claim(f: Fig, claims: list[Claim], may_differ: bool, same_place) -> Claim | None:
    fits = [c for c in claims if _fits(f, c, may_differ, same_place)]
    return fits[0] if len(fits) == 1 else None


def undated_claim(f: Fig, claims: list[Claim], same_place: PlaceTest, story: StoryTest) -> Claim | None:
    """An undated figure says nothing of when, so only its number and story can tie it to a claim:
    the one claim holding the same exact amount (or the numbers a rounded one rounds: "1.1 million"
    and 1.13 million) at fitting places, in a report that names a place the figure's report names too. Two such claims, or none: it stands alone."""
    if f.value is None:  # "thousands" matches any thousands
        return None
    fits = [
        c for c in claims
        if (f.amount in c.amounts or _rounds(f, c))
        and places_fit(c.places, f.places, same_place, nested=True)
        and not (f.strict is not None and c.stricts and f.strict not in c.stricts)
        and story.shared(f.article_id, c.articles)
    ]  # fmt: skip
    return fits[0] if len(fits) == 1 else None


def _rounds(f: Fig, claim: Claim) -> bool:
    """A rounded amount ("1.1 million") that holds every number of the claim (1.13 million)."""
    return f.rounding > 0 and all(g.value is not None and _holds(*f.reading(), g.value) for g in claim.figs)


class StoryTest:
    """Whether reports tell one story: they name a town or region in common, or two countries in
    common ("Sudan" and "Chad"); one country alone is named by every story told in it."""

    STORY_COUNTRIES = 2

    def __init__(
        self, places_of: Mapping[str, frozenset[str]], countries: frozenset[str] | set[str] = frozenset()
    ):
        self.places_of = places_of
        self.countries = countries

    def shared(self, article: str, others: set[str]) -> bool:
        mine = self.places_of.get(article, frozenset())
        for other in others - {article}:
            common = mine & self.places_of.get(other, frozenset())
            if common - self.countries or len(common) >= self.STORY_COUNTRIES:
                return True
        return False


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
    if not places_fit(claim.places, f.places, same_place):
        # "82 civilians killed in eastern Aleppo" and "… in Syria": the same number only
        return f.amount in claim.amounts and places_fit(claim.places, f.places, same_place, nested=True)
    if f.strict is not None and claim.stricts and f.strict not in claim.stricts:
        return False  # a total so far and one day's flow are different quantities
    if f.amount in claim.amounts:
        return _lists_fit(f, claim)
    if not may_differ or not _lists_fit(f, claim) or _other_batch(f, claim):
        return False
    if _part_of_wide(f.places[0], claim.places[0], same_place) and not _compatible(f, claim):
        return False  # a number with no place may be a part ("401 deaths" in one province): no conflict
    return _another_number_fits(f, claim)


def _another_number_fits(f: Fig, claim: Claim) -> bool:
    """A different number of the same quantity at the same time and place: a rival count, unless
    the report restates itself, counts from another day, or the numbers are too far apart."""
    same_report = f.article_id in claim.articles
    if same_report and not _restates(f, claim):  # a report does not contradict itself
        return False
    if f.strict == "flow" and any(g.strict == "flow" and _day_and_days(f, g) for g in claim.figs):
        return False  # "126 evacuated in recent days" and "100 arrived on Tuesday": two flows
    if (
        f.since is not None
        and claim.sinces
        and all(abs((f.since - d).days) > REPORT_DAY_SLACK for d in claim.sinces)
    ):
        return False  # "since 20 January" and "since yesterday" are two running totals
    if (f.loose or claim.all_loose) and not (same_report and _restates(f, claim, mutual=True)):
        return False  # a window of weeks is no evidence of one quantity; a report's close restatement is
    totals = "total" in claim.measures
    if (totals and f.measure != "total") or (f.measure == "total" and claim.measures - {"total"}):
        # "killed more than 900" may be the toll of 937, not a toll of 2,000
        low, high = min(claim.low, f.size), max(claim.high, f.size)
        if high / max(low, 1e-9) > FLOW_AS_TOTAL_RATIO:
            return False
    return _within_ratio(f, claim)


def _other_batch(f: Fig, claim: Claim) -> bool:
    """ "the first group of about 100" and "the 300 who left": one group and all, or two groups
    ("another batch" is one more, never the same as another "another")."""
    return claim.batches != {f.batch} or f.batch == "another"


def _lists_fit(f: Fig, claim: Claim) -> bool:
    """A figure of several places together ("270,000 in Daraa and Quneitra") is of no one of them:
    it measures what a figure of the same places does, or one with no place whose reading meets it."""
    if f.listed == claim.listed:
        return True
    other = claim.places[0] if f.listed else f.places[0]
    return other is None and _compatible(f, claim)


def _day_and_days(f: Fig, g: Fig) -> bool:
    """One flow of a day (or the 24 hours up to it), the other of several days."""
    spans = sorted((x.last - x.first).days for x in (f, g) if x.first is not None and x.last is not None)
    return len(spans) == 2 and spans[0] <= 1 < spans[1]


def _part_of_wide(a: str | None, b: str | None, places: PlaceTest) -> bool:
    """One figure has no place, the other a country's or a region's."""
    return (a is None and places.wide(b)) or (b is None and places.wide(a))


def _compatible(f: Fig, claim: Claim) -> bool:
    """The figure's reading meets every reading in the claim (they could all be one number)."""
    reading = f.reading()
    return all(meet(reading, g.reading()) for g in claim.figs)


def meet(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Two readings (low, high) share a number."""
    return max(a[0], b[0]) <= min(a[1], b[1]) * (1 + 1e-9)


def _restates(f: Fig, claim: Claim, mutual: bool = False) -> bool:
    """A report's second number for one quantity restates its first when one reading holds the other
    ("more than 330,000" and "334,053"; "more than 750" and "a total of 761"); two bounds ("more
    than 100" and "more than 200", "up to 189,000" and "up to 248,000") count two things. `mutual`:
    each number within the other's reading, where nothing but the numbers ties them (an undated
    report's "about 300" and "about 360" are two groups; "more than 330,000" and "334,053" one)."""
    low, high = f.reading()
    for g in claim.figs:
        if g.article_id != f.article_id:
            continue
        g_low, g_high = g.reading()
        if not (_pointed(f) or _pointed(g)):
            return False  # "up to 189,000" and "up to 248,000": two bounds, two things
        if not meet((low, high), (g_low, g_high)):
            return False
        if mutual and not _mutual(f, g):
            return False
    return True


def _mutual(f: Fig, g: Fig) -> bool:
    """Each number within the other's reading; an exact number within the other's, which rounds it
    ("nearly 140" and "139": one count; "about 300" and "about 360": two)."""
    (f_low, f_high), (g_low, g_high) = f.reading(), g.reading()
    f_holds_g, g_holds_f = _holds(f_low, f_high, g.size), _holds(g_low, g_high, f.size)
    if f.qualifier == "" and g.qualifier != "":
        return g_holds_f
    if g.qualifier == "" and f.qualifier != "":
        return f_holds_g
    return f_holds_g and g_holds_f


def _holds(low: float, high: float, size: float) -> bool:
    return low * (1 - 1e-9) <= size <= high * (1 + 1e-9)


def _pointed(f: Fig) -> bool:
    """A figure that names a number, not a bound: exact, or "about"."""
    low, high = f.reading()
    return f.value is not None and high != _UNBOUNDED and high - low <= 2 * ABOUT * f.value + 1e-9


def _within_ratio(f: Fig, claim: Claim) -> bool:
    """Numbers within MAX_RATIO of each other; for vague amounts and ranges, their nearest ends
    ("thousands" and "tens of thousands" may be one count; "400 to 500" and "10,000 to 15,000" are not)."""
    if f.value is not None:
        low, high = min(claim.low, f.size), max(claim.high, f.size)
        return high / max(low, 1e-9) <= MAX_RATIO
    low, high = max([*claim.lows, f.low]), min([*claim.highs, f.high])
    return low / max(high, 1e-9) <= MAX_RATIO


def overlaps(a: Claim, b: Claim) -> bool:
    if a.first is None or a.last is None or b.first is None or b.last is None:
        return False
    return a.first <= b.last and b.first <= a.last


def places_fit(a: tuple, b: tuple, places: PlaceTest, nested: bool = False) -> bool:
    return places.fit(a, b, nested)


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
    """`agreement` of figures given as table rows (article_id, value, low, high, qualifier, text): the
    verdict of a claim restated from some of its figures (a filtered view)."""
    columns = ["article_id", "value", "low", "high", "qualifier", "text"]
    rows = rows.reindex(columns=columns)
    figs = [
        Fig(0, "", str(r.article_id), "", r.qualifier or "", (None, None, None), None, None,
            _num(r.value), _num(r.low) or 0.0, _num(r.high) or 0.0, "", "", "count", "occurred", "", "other", None,
            rounding=rounding(r.text))
        for r in rows.astype(object).where(rows.notna(), None).itertuples()
    ]  # fmt: skip
    return agreement(figs)
