"""Joining claims that say less to the one claim that says the same of the very number: a claim
whose figures do not say what happened ("150,000 citizens") to the claim that does ("150,000 people
displaced"), and people counted by who they are ("275 militants") to the people of that number.
Equal exact numbers only, so joining never makes a conflict; none joins where two would fit. A vague
amount joins the one claim of exact numbers whose every reading it meets (`attach_vague`)."""

from __future__ import annotations

from dashboard.extract.claim_places import PlaceTest
from dashboard.extract.grouping import Bucket, Claim, StoryTest, meet, overlaps, places_fit
from dashboard.extract.subjects import KIN, SUBJECT_POOL, SUBJECTS
from dashboard.extract.vocab import read_vocab, words_of


def attach_unspecific(
    grouped: list[tuple[Bucket, Claim]], same_place: PlaceTest
) -> list[tuple[Bucket, Claim]]:
    """A claim whose figures do not say what happened ("150,000 citizens", "30,000 civilians from its
    main city") joins the one claim of the same subject, unit and status that says what happened to
    that very number at a fitting time (or in the same undated report) and place ("150,000 people
    displaced"). Equal exact numbers only
    (a vague amount proves nothing), so this never makes a conflict; none joins where two would fit."""
    return _attach_unique(
        grouped,
        holds=lambda b, c: bool(b.outcome) and not b.vague,
        held_key=lambda b: (b.pool, b.unit, b.status),
        joins=lambda b: not b.outcome and not b.vague,  # "thousands of civilians" matches any thousands
        fits=lambda claim, c: (
            (overlaps(claim, c) or _one_undated_report(claim, c))
            and places_fit(claim.places, c.places, same_place)
        ),
    )


def _attach_unique(grouped, holds, held_key, joins, fits) -> list[tuple[Bucket, Claim]]:
    """Claims whose bucket `joins` each join the one claim that `holds` their very numbers under the
    same `held_key` and `fits` them; none joins where two would fit. Equal exact numbers only, so
    joining never makes a conflict."""
    index: dict[tuple, list[Claim]] = {}
    for b, c in grouped:
        if holds(b, c):
            for amount in c.amounts:
                index.setdefault((*held_key(b), amount), []).append(c)
    out = []
    for bucket, claim in grouped:
        if not joins(bucket):
            out.append((bucket, claim))
            continue
        found = [
            c for c in index.get((*held_key(bucket), min(claim.amounts)), [])
            if c is not claim and claim.amounts <= c.amounts and fits(claim, c)
        ]  # fmt: skip
        _join_the_only(found, bucket, claim, out)
    return out


def _join_the_only(found: list[Claim], bucket: Bucket, claim: Claim, out: list[tuple[Bucket, Claim]]) -> None:
    """The claim's figures join the one claim found; where none or two were, it stands alone."""
    if len(found) == 1:
        for f in claim.figs:
            found[0].add(f)
    else:
        out.append((bucket, claim))


# Pools that count people by who they are ("275 militants", "400 fighters"), kind "person" in
# subjects.csv; families and households count homes, not people.
_MEMBER_POOLS = frozenset(
    SUBJECT_POOL.get(s.name, s.name) for s in SUBJECTS.values() if s.kind == "person"
) - {"people", "families", "households"}


_EVERYONE = frozenset(words_of(read_vocab("figure_words.csv"), "role", "everyone"))


def _everyone(subject: str) -> bool:
    """A noun that counts everyone ("people"), or people with their kin ("fighters and kin")."""
    return subject in _EVERYONE or subject.endswith(KIN)


def attach_members(
    grouped: list[tuple[Bucket, Claim]], same_place: PlaceTest, story: StoryTest | None = None
) -> list[tuple[Bucket, Claim]]:
    """A claim that counts people by who they are ("275 militants were evacuated") joins the one
    claim of people that says the same of that very number ("275 people left"): fighters are people,
    though not civilians (`_EVERYONE`: the nouns that count everyone).
    Equal exact numbers only, so this never makes a conflict; none joins where two would fit."""
    return _attach_unique(
        grouped,
        holds=lambda b, c: b.pool == "people" and not b.vague and all(_everyone(f.subject) for f in c.figs),
        held_key=lambda b: (b.outcome, b.unit, b.measure, b.status),
        joins=lambda b: b.pool in _MEMBER_POOLS and not b.vague,
        fits=lambda claim, c: places_fit(claim.places, c.places, same_place)
        and (overlaps(claim, c) or (story is not None and _one_undated(claim, c)
                                     and any(story.shared(a, c.articles) for a in claim.articles))),
    )  # fmt: skip


def _one_undated_report(a: Claim, b: Claim) -> bool:
    """Both claims of one undated report: its own time, whatever it is."""
    return a.first is None and b.first is None and len(a.articles | b.articles) == 1


def _one_undated(a: Claim, b: Claim) -> bool:
    return a.first is None or b.first is None


def attach_vague(grouped: list[tuple[Bucket, Claim]], same_place: PlaceTest) -> list[tuple[Bucket, Claim]]:
    """A claim of vague amounts and ranges ("several hundred people remain", "285,000 – 325,000
    displaced") joins the one claim of exact numbers that measures the same (subject pool, outcome,
    unit, measure, status: what happened, said; "hundreds of civilians" alone proves nothing) at a
    fitting time (not only its episode's weeks) and place, where each of its readings meets every
    reading there ("more than 200 civilians remain"; "up to 325,000"): they could all be one number,
    so joining never makes a conflict (intervals that meet pairwise share a number); none joins where
    two would fit."""
    exact: dict[tuple, list[Claim]] = {}
    for b, c in grouped:
        if not b.vague:
            exact.setdefault(_twin_key(b), []).append(c)
    out: list[tuple[Bucket, Claim]] = []
    for bucket, claim in grouped:
        found = [
            c for c in exact.get(_twin_key(bucket), [])
            if bucket.vague and bucket.outcome and _vague_fits(claim, c, same_place)
        ]  # fmt: skip
        _join_the_only(found, bucket, claim, out)
    return out


def _twin_key(b: Bucket) -> tuple:
    return (b.pool, b.outcome, b.unit, b.measure, b.status)


def _vague_fits(vague: Claim, claim: Claim, same_place: PlaceTest) -> bool:
    if vague.all_loose or claim.all_loose:
        return False  # a window of weeks is no evidence of one quantity
    if not (overlaps(vague, claim) or _one_undated_report(vague, claim)):
        return False
    if not places_fit(vague.places, claim.places, same_place) or vague.listed != claim.listed:
        return False
    if vague.stricts and claim.stricts and not vague.stricts & claim.stricts:
        return False  # a total so far and one day's flow
    if vague.batches != claim.batches:
        return False
    return all(meet(f.reading(), g.reading()) for f in vague.figs for g in claim.figs)
