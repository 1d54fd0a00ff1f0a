"""What a claim says, as its row of the claims table: its label, its verdict and why in words, who
says so, how much it weighs among the key numbers (vocab/key_numbers.csv), and the series that
stocks and totals of one quantity over time make.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import date

from dashboard.extract.claim_places import PlaceTest
from dashboard.extract.grouping import Bucket, Claim, Fig, agreement
from dashboard.extract.numbers import describe_vague, format_number
from dashboard.extract.subjects import SUBJECTS, subject_pool
from dashboard.extract.vocab import read_vocab

SERIES_MEASURES = ("stock", "total")
_KEY_ROWS = read_vocab("key_numbers.csv")
_WEIGHT_OF_OUTCOME = {r["outcome"]: float(r["weight"]) for r in _KEY_ROWS if r["outcome"]}
_WEIGHT_OF_MEASURE = {"total": 1.2, "stock": 1.1, "flow": 1.0, "capacity": 0.3, "other": 0.5}
_WEIGHT_OF_STATUS = {"occurred": 1.0, "planned": 0.45, "expected": 0.4, "possible": 0.35, "demanded": 0.5}
_WEIGHT_OF_STATUS |= {"denied": 0.3, "prevented": 0.4}
_PLACE_KINDS = {"place", "building"}  # counts of villages or schools weigh less than counts of people


def claim_row(claim: Claim, bucket: Bucket, used: set[str], places: PlaceTest | None = None) -> dict:
    """The claim's row (schema.CLAIMS's columns); `places` tells which of its places lies inside
    another (the claim is placed at the most precise)."""
    figs = claim.figs
    if len(figs) == 1:
        return _single_row(figs[0], claim, bucket, used)
    subject = _mode([f.subject for f in figs])
    stated = {f.qualifier for f in figs if f.qualifier}
    status = agreement(figs)
    place = _most_precise([f.places[0] for f in figs if f.places[0]], places) or next(
        (p for p in claim.places if p), None
    )
    timed = [f for f in figs if not f.loose] or figs  # an episode's window says less than a day
    firsts = [f.first for f in timed if f.first]
    lasts = [f.last for f in timed if f.last]
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


def _most_precise(ids: list[str], places: PlaceTest | None) -> str | None:
    """The place that lies inside the most of the others ("eastern Aleppo" before "Syria"), then
    the most named."""
    if not ids:
        return None
    distinct = set(ids)
    inside = {p: sum(places.within(p, q) for q in distinct) if places else 0 for p in distinct}
    best = max(inside.values())
    return _mode([p for p in ids if inside[p] == best]) or None


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


SERIES_GAP_DAYS = 45  # a quantity unreported this long is another episode's, not the same series


def series(rows: list[dict], parents: Mapping[str, str]) -> None:
    """Stocks and totals of one quantity at one place over time: the claims of a series share an id.

    A quantity says what state it counts (an outcome: remain, trapped, dead …; "5.5 million people"
    alone is no quantity to follow). Its claims form runs of time, a gap of SERIES_GAP_DAYS ending
    one (the dead of a 2019 cyclone and of a 2022 flood are two series); a run is a series when its
    claims hold at two or more times and never at the same time (two claims of one day are two
    quantities, not points of one line), and, for running totals, when the total never falls."""
    top = _top_place(parents)
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        if (
            row["measure"] in SERIES_MEASURES
            and row["figure_status"] == "occurred"
            and row["date_min"]
            and row["outcome"]
        ):
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
        for run in _runs(members):
            if len({m["date_min"] for m in run}) < 2 or _overlapping(run):
                continue  # one time, or two claims at one time: no line to draw
            if key[3] == "total" and _falls(run):
                continue  # a running total never falls: a smaller later one counts a part (a country of three)
            series = (
                "s"
                + hashlib.sha1("|".join(map(str, (*key, run[0]["date_min"]))).encode("utf-8")).hexdigest()[
                    :10
                ]
            )
            for m in run:
                m["series_id"] = series


def _runs(members: list[dict]) -> list[list[dict]]:
    """Claims in time order, cut where none holds for SERIES_GAP_DAYS."""
    ordered = sorted(members, key=lambda m: (m["date_min"], m["date_max"] or m["date_min"], m["claim_id"]))
    runs: list[list[dict]] = []
    last_day: date | None = None
    for m in ordered:
        first = date.fromisoformat(m["date_min"][:10])
        if last_day is None or (first - last_day).days > SERIES_GAP_DAYS:
            runs.append([])
        runs[-1].append(m)
        end = date.fromisoformat((m["date_max"] or m["date_min"])[:10])
        last_day = end if last_day is None else max(last_day, end)
    return runs


TOTAL_SLACK = 0.9  # a later total this much below an earlier one is no longer the same count


def _falls(run: list[dict]) -> bool:
    highest = 0.0
    for m in run:
        low, high = m["value_min"], m["value_max"]
        if high is not None and high < highest * TOTAL_SLACK:
            return True
        highest = max(highest, low or 0.0)
    return False


def _overlapping(run: list[dict]) -> bool:
    """Two claims holding at one time (in date order, neighbours overlap whenever any two do)."""
    return any(b["date_min"] <= (a["date_max"] or a["date_min"]) for a, b in zip(run, run[1:], strict=False))


def _top_place(parents: Mapping[str, str]) -> Callable[[str | None], str | None]:
    """A place's city (a district's parent), so that a city's series takes in its districts."""

    def top(place: str | None) -> str | None:
        seen: set[str] = set()
        while place is not None and place in parents and place not in seen and len(seen) < 3:
            seen.add(place)
            place = parents[place]  # only places inside a town have one here
        return place

    return top
