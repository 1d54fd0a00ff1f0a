"""Publication dates inferred from the other reports of the same episode, and nowhere else.

An analyst's folder mixes episodes of different years: weekday words matched against the whole
folder date a 2016 report in 2018. A report with no date of its own (published.py) is therefore
dated only against the reports of its episode (`members`): dated reports that name places it names
(countries aside) and people or bodies it names, not older than the latest absolute date it states
("on March 13, 2017", "in March 2017") nor more than a year after the latest year it states, all in
one cluster of days (reports of two clusters are two episodes: which is its own is not known, unless
its relative dates land on days that one cluster's reports speak of and on none of the others'). Within the
episode, `infer_published` fits its relative dates (weekdays, "yesterday", dates without a year) to
the days the episode's reports speak of, and only a single best day counts; the reports it leaned
on are recorded. A dateline's month and day ("HOMS, May 21 --") must be the day found.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from dashboard.extract import dates, resolve
from dashboard.extract.published import Partial

# Candidate publication days reach this far beyond the episode reports' days.
INFER_MARGIN_DAYS = 14
# A report may be published this long before the latest absolute date it states (a date just
# ahead, a time zone) and before its episode's first dated report.
WINDOW_BEFORE_DAYS = 7
# A report is of the latest year it states or of the next.
YEARS_AHEAD = 1
MIN_SHARED_PLACES = 1
MIN_SHARED_NAMES = 1
# Days this far apart that fit alike are one reading (written late, published the next day).
TIE_DAYS = 1
# Dated reports more than this many days apart, with none between, are of two episodes.
EPISODE_GAP_DAYS = 14
# Where an undated report's places and people are those of reports of several clusters of days, its
# relative dates must land on this many distinct days of one cluster's reports, and on none of the
# others', for that cluster to be its episode (one weekday fits some day of any busy week).
MIN_EPISODE_FIT_DAYS = 2


@dataclass(frozen=True)
class Dated:
    """A dated report as the episode test sees it."""

    article_id: str
    published: date
    places: frozenset[str]  # place ids it names, countries aside
    names: frozenset[str] | None  # people and bodies it names (None: not known, an earlier build's report)
    days: tuple[date, ...]  # the days its statements name, resolved against its date


@dataclass(frozen=True)
class Undated:
    article_id: str
    places: frozenset[str]
    names: frozenset[str]
    refs: tuple[dates.DateRef, ...]
    partial: Partial | None = None


def not_before(refs) -> date | None:
    """The day a report cannot be older than: the latest absolute date it states in the past
    ("on March 13, 2017", "in March 2017", "in 2017": its first day), less a week's slack; None
    when it states none."""
    latest = None
    for r in refs:
        if r.year is None or (r.month is None and r.kind != "year") or r.direction == "future":
            continue
        day = resolve.calendar_day(r.year, r.month or 1, r.day or 1)  # "in 2017": not before its first day
        if day is not None and (latest is None or day > latest):
            latest = day
    return None if latest is None else latest - timedelta(days=WINDOW_BEFORE_DAYS)


def not_after(refs) -> date | None:
    """The last day a report may be of: the end of the year after the latest year of the dates it
    states (a story of 2018 whose dates are all of 2016 is rare; one of 2017 is not)."""
    years = [r.year for r in refs if r.year is not None and r.month is not None]
    if not years:
        return None  # "since 2014" alone bounds nothing
    # but a later year it speaks of ("a deal struck in 2017") lifts the bound of "March 2011"
    return date(max(years + [r.year for r in refs if r.kind == "year"]) + YEARS_AHEAD, 12, 31)


def members(report: Undated, dated: list[Dated]) -> tuple[list[Dated], tuple[date, date] | None, str]:
    """The dated reports of the undated report's episode, the days its date may lie in, and why
    (when there are none).

    They share places and names with it, are not older than the absolute dates it states, and lie
    in one cluster of days (no gap of more than EPISODE_GAP_DAYS): reports of two clusters are two
    episodes, and which one it belongs to is not known, unless its relative dates fit the days of
    one cluster's reports and of no other's (`_only_fitting_cluster`).
    """
    sharing = [d for d in dated if _shares(report, d)]
    if not sharing:
        return [], None, "no dated report names the same places and people"
    floor, ceiling = not_before(report.refs), not_after(report.refs)
    sharing = [
        d
        for d in sharing
        if (floor is None or d.published >= floor) and (ceiling is None or d.published <= ceiling)
    ]
    if not sharing:
        return [], None, "no dated report of the same places and people in the years it states"
    clusters = _clusters(sorted(d.published for d in sharing))
    if report.partial is not None and len(clusters) > 1:
        # a dateline's month and day ("HOMS, May 21 --") lies in the days of its own episode only
        clusters = [c for c in clusters if _partial_day(report.partial, _cluster_span(c, floor))] or clusters
        sharing = [d for d in sharing if any(c[0] <= d.published <= c[-1] for c in clusters)]
    if len(clusters) > 1:
        fitting = _only_fitting_cluster(report, sharing, clusters, floor)
        if fitting is None:
            days = "; ".join(f"{c[0].isoformat()}..{c[-1].isoformat()}" for c in clusters[:3])
            return (
                [],
                None,
                f"its places and people are those of reports of {len(clusters)} episodes ({days})",
            )
        clusters = [fitting]
        sharing = [d for d in sharing if fitting[0] <= d.published <= fitting[-1]]
    return sharing, _cluster_span(clusters[0], floor), ""


def _only_fitting_cluster(
    report: Undated, sharing: list[Dated], clusters: list[list[date]], floor: date | None
) -> list[date] | None:
    """Of the clusters whose reports share the undated report's places and people, the one its
    relative dates fit: they land on at least MIN_EPISODE_FIT_DAYS distinct days its reports speak
    of ("began Wednesday", "on Thursday" on the 7th and 8th of May 2014), while on no day of every
    other cluster's (its weekdays fit no day the February 2014 or the 2017 reports speak of). Its
    episode's absolute date window, told by its own dates; None where that is not so clear."""
    movable = [r for r in report.refs if _movable(r)]
    if not movable:
        return None
    fits = []
    for cluster in clusters:
        own = [d for d in sharing if cluster[0] <= d.published <= cluster[-1]]
        anchors = Counter([when for d in own for when in (d.published, *d.days)])
        span = _cluster_span(cluster, floor)
        scored = _scored(list(report.refs), movable, anchors, span, report.partial)
        fits.append(max((len({when for _, when in hits}) for _, _, hits in scored), default=0))
    best = max(fits)
    if best < MIN_EPISODE_FIT_DAYS or sorted(fits)[-2] > 0:
        return None
    return clusters[fits.index(best)]


def _cluster_span(cluster: list[date], floor: date | None) -> tuple[date, date]:
    """The days a report of an episode (its reports' days) may be of."""
    first = cluster[0] - timedelta(days=WINDOW_BEFORE_DAYS)
    if floor is not None:
        first = max(first, floor)
    return first, cluster[-1] + timedelta(days=INFER_MARGIN_DAYS)


def _partial_day(partial: Partial, span: tuple[date, date]) -> date | None:
    """The one day of `span` with the dateline's month and day, if there is one."""
    found = [
        day
        for year in range(span[0].year, span[1].year + 1)
        if (day := resolve.calendar_day(year, partial.month, partial.day)) and span[0] <= day <= span[1]
    ]
    return found[0] if len(found) == 1 else None


def _shares(report: Undated, d: Dated) -> bool:
    if report.places.isdisjoint(d.places) or len(report.places & d.places) < MIN_SHARED_PLACES:
        return False
    if d.names is None or not report.names:  # an earlier build's report, or one that names nobody:
        return len(report.places & d.places) >= MIN_SHARED_PLACES + 1  # places alone, more of them
    return len(report.names & d.names) >= MIN_SHARED_NAMES


def _clusters(days: list[date]) -> list[list[date]]:
    out: list[list[date]] = []
    for day in days:
        if out and (day - out[-1][-1]).days <= EPISODE_GAP_DAYS:
            out[-1].append(day)
        else:
            out.append([day])
    return out


@dataclass(frozen=True)
class Inference:
    """An undated report's day from its episode (None: not known), why, the reports leaned on, and
    the days its episode allows (None: no episode of its own)."""

    day: date | None
    reason: str
    leaned: list[str]
    span: tuple[date, date] | None = None
    # the days it may be of, where it has no day: its relative dates' best fits, else its episode's days
    candidates: tuple[date, ...] = ()


def _days_of(span: tuple[date, date] | None) -> tuple[date, ...]:
    if span is None:
        return ()
    return tuple(span[0] + timedelta(days=n) for n in range((span[1] - span[0]).days + 1))


def infer(report: Undated, dated: list[Dated]) -> Inference:
    """The day of an undated report from its episode's dated reports (`members`, found once), or
    why it has none."""
    episode, span, why = members(report, dated)
    if not episode:
        return Inference(None, why, [], span)
    partial, partial_day = report.partial, None
    if partial is not None and span is not None:
        partial_day = _partial_day(partial, span)
    if not any(_movable(r) for r in report.refs):
        if (
            partial is not None
            and partial_day is not None
            and _tense_allows([r for r in report.refs if r.kind == "explicit" and r.year], partial_day)
        ):
            leaned = sorted(d.article_id for d in episode)
            reason = f"dateline {partial.text} in its episode's days; episode reports: {', '.join(leaned)}"
            return Inference(partial_day, reason, leaned, span)
        return Inference(
            None,
            "no date references that depend on the publication day (weekdays, yesterday, …)",
            [],
            span,
            _days_of(span),
        )
    anchors = Counter([when for d in episode for when in (d.published, *d.days)])
    day, reason, hits = infer_published(list(report.refs), anchors, span, report.partial)
    if day is None:
        # none of its relative dates fitting its episode's days casts doubt on the episode: no candidates
        return Inference(None, reason, [], span, best_days(list(report.refs), anchors, span, report.partial))
    hit = set(hits)
    leaned = sorted(d.article_id for d in episode if d.published in hit or not hit.isdisjoint(d.days))
    return Inference(day, f"{reason}; episode reports: {', '.join(leaned)}", leaned, span)


def _movable(r: dates.DateRef) -> bool:
    """A reference whose day depends on the publication day: weekdays, yesterday, dates without a year."""
    return r.kind in ("weekday", "relative_day") or (r.kind == "explicit" and not r.year)


def infer_published(
    refs: list[dates.DateRef],
    anchors: dict[date, int],
    span: tuple[date, date] | None = None,
    partial: Partial | None = None,
) -> tuple[date | None, str, list[date]]:
    """The publication day that makes a report's relative dates fall where the dated reports'
    statements fall, with the reasoning in words and the anchor days hit; (None, why, []) when
    nothing fits.

    Each candidate day D (the anchors' range ± INFER_MARGIN_DAYS, within `span`) resolves the
    report's weekday, yesterday/today and year-less dates; D scores by how many land on an anchor
    day. Explicit dates with a year must sit on the side of D their tense says; a dateline's month
    and day must be D's. Where days further apart than TIE_DAYS score alike the references do not
    tell: no day; two neighbouring days that do are the day written and the next (the earlier
    taken, the later where every reference looks ahead).
    """
    if not anchors:
        return None, "no dated reports to compare with", []
    movable = [r for r in refs if _movable(r)]
    if not movable:
        return None, "no date references that depend on the publication day (weekdays, yesterday, …)", []
    scored = _scored(refs, movable, anchors, span, partial)
    best = max((s[0][0] for s in scored), default=0)
    if best == 0:
        return None, "no date references (weekdays, yesterday, …) fit the dates of the dated reports", []
    tied = [s for s in scored if s[0][0] == best]
    if (tied[-1][1] - tied[0][1]).days > TIE_DAYS:
        days = ", ".join(d.isoformat() for _, d, _ in tied[:3])
        return (
            None,
            f"the date references fit {len(tied)} days equally ({days}{', …' if len(tied) > 3 else ''})",
            [],
        )
    later = not any(r.direction in ("past", "same") for r in movable)
    _, day, hits = tied[-1] if later else tied[0]
    return day, _reason(hits, movable, anchors), sorted({d for _, d in hits})


def _scored(refs, movable, anchors, span, partial) -> list:
    """((references that land on an anchor day, their weight), day, hits) of each candidate day."""
    fixed = [r for r in refs if r.kind == "explicit" and r.year]
    first = min(anchors) - timedelta(days=INFER_MARGIN_DAYS)
    last = max(anchors) + timedelta(days=INFER_MARGIN_DAYS)
    if span is not None:
        first, last = max(first, span[0]), min(last, span[1])
    scored = []
    for n in range((last - first).days + 1):
        day = first + timedelta(days=n)
        if not _tense_allows(fixed, day) or (
            partial and (day.month, day.day) != (partial.month, partial.day)
        ):
            continue
        hits = [(r, d) for r in movable if (d := resolve.resolve_day(r, day)) in anchors]
        weight = sum(anchors[d] for _, d in hits)
        scored.append(((len(hits), weight), day, hits))
    return scored


def best_days(
    refs: list[dates.DateRef],
    anchors: dict[date, int],
    span: tuple[date, date] | None = None,
    partial: Partial | None = None,
) -> tuple[date, ...]:
    """Every day that fits the report's relative dates best (as `infer_published` scores them), where
    too many fit alike for one to be its date: whichever it is, a reference that resolves to the same
    day on each still names that day ("on Tuesday", said on any day of the week after it)."""
    movable = [r for r in refs if _movable(r)]
    scored = _scored(refs, movable, anchors, span, partial) if movable and anchors else []
    best = max((s[0][0] for s in scored), default=0)
    return tuple(day for score, day, _ in scored if best and score[0] == best)


def _tense_allows(fixed: list[dates.DateRef], day: date) -> bool:
    for r in fixed:
        assert r.year is not None and r.month is not None and r.day is not None  # fixed: an explicit date
        when = resolve.calendar_day(r.year, r.month, r.day)
        if when is None:
            continue
        if (r.direction == "past" and when > day) or (r.direction == "future" and when < day):
            return False
    return True


_KIND_WORDS = {"weekday": "weekday", "relative_day": "relative-day", "explicit": "date"}


def _reason(hits: list, movable: list[dates.DateRef], anchors: dict[date, int]) -> str:
    kinds = sorted({_KIND_WORDS[r.kind] for r, _ in hits})
    texts = list(dict.fromkeys(r.text.lower() if r.kind == "relative_day" else r.text for r, _ in hits))
    days = sorted({d for _, d in hits})
    statements = sum(anchors[d] for d in days)
    span = days[0].isoformat() if len(days) == 1 else _span(days[0], days[-1])
    return (
        f"{' and '.join(kinds)} references ({', '.join(texts[:6])}) fit the dates of {statements} statements "
        f"in dated reports, {span} ({len(hits)} of {len(movable)} references fit)"
    )


def _span(first: date, last: date) -> str:
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.isoformat()}..{last.day:02d}"
    return f"{first.isoformat()}..{last.isoformat()}"


# ------------------------------------------------------------------ names


# A run of capitalised words inside a sentence: "Talal Barazi", "Red Crescent", "Celso Correia".
_NAME = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+(?:[ -](?:al-|el-|de |bin )?[A-Z][a-z]+)+")
_NOT_NAMES = frozenset(dates.WEEKDAYS) | frozenset(dates.MONTHS)
NAME_MAX = 200  # names kept per report: enough to tell episodes apart


# Spellings of one name across outlets: "Bashar Al-Assad" and "Bashar al-Assad", "Nour el-Din".
_PARTICLE = re.compile(r"\b(?:al|el|ad|an|ar|as|ash|at|az|ul|bin|de)[- ]")


def name_key(name: str) -> str:
    """A name as reports of one episode share it, whatever its case and article particles."""
    return _PARTICLE.sub("", name.casefold())


def names_in(body: str) -> frozenset[str]:
    """The multi-word names a report uses inside its sentences (people, bodies, places alike), as
    name_key gives them."""
    found: set[str] = set()
    for m in _NAME.finditer(body):
        words = m.group().split()
        if not any(w in _NOT_NAMES for w in words):
            found.add(name_key(m.group()))
        if len(found) >= NAME_MAX:
            break
    return frozenset(found)
