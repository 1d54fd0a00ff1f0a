"""Claims: figures that measure the same quantity, grouped across reports, with whether they agree.

Two figures measure the same quantity when they count the same subject (civilians and people pool
together: `pool` in vocab/subjects.csv) with the same outcome (killed and dead are one), unit,
measure (a stock, a flow, a running total …) and status (what happened never groups with a plan),
at the same place (or one does not say; a district and its city are one place), over times that
overlap (`as_of` to `as_of_end`; a statement with no time words holds for its report's day or the
day before; in an undated report, the days its episode allows — a window of weeks that joins only
the same number). A report does not contradict itself: its different numbers count different things.
Numbers more than `MAX_RATIO` apart count different things; figures that do not say what happened
(no outcome) group only when their numbers are equal. A vague amount or a range ("several hundred",
"285,000 – 325,000") joins the one claim of exact numbers it meets, never where two would fit.

Within a claim the reports agree when one number fits what all of them say (a qualifier widens a
figure: "at least 82" and "82" agree, "about 15,000" and "14,500" agree); otherwise they conflict.
Each claim says why in words. Stocks and totals of one quantity over time form a series.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard import schema
from dashboard.extract.claim_joins import attach_members, attach_unspecific, attach_vague
from dashboard.extract.claim_places import PlaceTest
from dashboard.extract.claim_rows import claim_row, series
from dashboard.extract.grouping import (
    Bucket,
    Fig,
    StoryTest,
    agreement,
    agreement_of,
    cluster,
    read_figures,
)

__all__ = ["agreement", "agreement_of", "group_claims"]


# ------------------------------------------------------------------ entry point


def group_claims(
    figures_df: pd.DataFrame,
    place_parent: Mapping[str, str] | None = None,
    place_kind: Mapping[str, str] | None = None,
    article_places: Mapping[str, frozenset[str]] | None = None,
    countries: frozenset[str] | set[str] = frozenset(),
) -> tuple[pd.DataFrame, pd.Series]:
    """(claims table, claim_id of each figure aligned to figures_df's index).

    place_parent (optional, place_id -> parent place_id) and place_kind (place_id -> kind) let a
    district and its city count as the same place, and a city's figure agree with the same number
    given for its country. article_places (article_id -> the places it names) and countries let a
    figure of an undated report join the claim of the same number in a report of its story."""
    same_place = PlaceTest(place_parent or {}, {**(place_kind or {}), **dict.fromkeys(countries, "country")})
    story = StoryTest(article_places or {}, countries)
    buckets: dict[Bucket, list[Fig]] = {}
    for bucket, fig in read_figures(figures_df):
        buckets.setdefault(bucket, []).append(fig)
    rows: list[dict] = []
    ids: list[str | None] = [None] * len(figures_df)
    used: set[str] = set()
    grouped = [
        (bucket, claim)
        for bucket in sorted(buckets, key=lambda b: tuple(str(x) for x in vars(b).values()))
        for claim in cluster(buckets[bucket], bucket, same_place, story)
    ]
    for bucket, claim in attach_members(
        attach_vague(attach_unspecific(grouped, same_place), same_place), same_place, story
    ):
        row = claim_row(claim, bucket, used, same_place)
        rows.append(row)
        for f in claim.figs:
            ids[f.pos] = row["claim_id"]
    series(rows, same_place.town_parent)
    claims_df = schema.enforce(pd.DataFrame(rows, columns=schema.CLAIMS.column_names), schema.CLAIMS)
    return claims_df, pd.Series(ids, index=figures_df.index, dtype="string", name="claim_id")
