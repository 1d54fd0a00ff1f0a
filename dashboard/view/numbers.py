"""What the numbers panel holds, for the app and the brief alike: the claims ranked as key numbers,
their words (range, dates, status), the headline metrics, each claim's figures and the counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import pandas as pd

from dashboard.view import words


def rank_claims(claims: pd.DataFrame, opened: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """The claims an analyst should see first, one order for the app and the brief: the one opened,
    then by weight (what matters in a crisis, occurred before planned: claims.weight), then the best
    attested (most reports), conflicts before agreements, most figures, the larger number."""
    if claims.empty:
        return claims
    order = claims.assign(
        _opened=claims["claim_id"].eq(opened or "").fillna(False).astype(int),
        _weight=claims["weight"].fillna(0) if "weight" in claims else 0,
        _conflict=claims["status"].eq("conflict").fillna(False).astype(int),
    )
    order = order.sort_values(
        ["_opened", "_weight", "n_sources", "_conflict", "n_figures", "value_max", "claim_id"],
        ascending=[False, False, False, False, False, False, True],
        kind="stable",
        na_position="last",
    )
    order = order if limit is None else order.head(limit)
    return order[claims.columns].reset_index(drop=True)


CLAIM_COLUMNS = ["claim_id", "label", "range", "n_sources", "n_figures", "status", "figure_status", "measure",
                 "qualifier", "subject", "outcome", "unit", "place", "dates", "as_of", "why", "claimants",
                 "weight"]  # fmt: skip


# Coarser first: a figure known only to a month makes "Dec 2016" of the whole claim, not "1–31 Dec".
_COARSE = ("year", "month", "week")


def _bounds(as_of: str, end: str) -> tuple[date, date] | None:
    """First and last day a figure holds for, from its as_of (YYYY-MM-DD, YYYY-MM or YYYY) and end."""
    try:
        if len(as_of) == 4:
            first = date(int(as_of), 1, 1)
            last = date(int(as_of), 12, 31)
        elif len(as_of) == 7:
            first = date.fromisoformat(as_of + "-01")
            last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        else:
            first = last = date.fromisoformat(as_of[:10])
        if len(end) >= 10:
            last = max(first, date.fromisoformat(end[:10]))
    except ValueError:
        return None
    return first, last


def _days(first: date, last: date) -> str:
    if first == last:
        return f"{first.day} {first:%b}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%b}"
    if first.year == last.year:
        return f"{first.day} {first:%b} – {last.day} {last:%b}"
    return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"


def as_of_words(figures: pd.DataFrame) -> str:
    """When a claim's figures hold, in words at their precision (as_of, as_of_end, as_of_precision):
    '15 Dec' (a day), '13–15 Dec' (days or a span), 'week of 12 Dec', 'Dec 2016' (a month),
    '2016', or 'date unknown'; ' (1 of 3 undated)' when only some say when. Figures dated only by
    their episode's window (as_of_basis 'episode') count only where no other figure is dated."""
    columns = [c for c in ("as_of", "as_of_end", "as_of_precision", "as_of_basis") if c in figures.columns]
    rows = figures[columns].to_dict("records") if len(figures) else []
    dated = [(r, b) for r in rows if (b := _bounds(words.text(r["as_of"]), words.text(r["as_of_end"])))]
    undated = len(rows) - len(dated)
    # a figure dated only by its episode's weeks says nothing of the day its claim's dated figures name
    used = [d for d in dated if words.text(d[0].get("as_of_basis")) != "episode"] or dated
    spans = [b for _, b in used]
    kinds = {words.text(r["as_of_precision"]) or "day" for r, _ in used}
    if not spans:
        return "date unknown"
    first, last = min(s[0] for s in spans), max(s[1] for s in spans)
    coarse = next((k for k in _COARSE if k in kinds), None)
    if coarse == "year":
        said = str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
    elif coarse == "month":
        same = (first.year, first.month) == (last.year, last.month)
        said = (
            f"{first:%b %Y}"
            if same
            else (
                f"{first:%b} – {last:%b %Y}" if first.year == last.year else f"{first:%b %Y} – {last:%b %Y}"
            )
        )
    elif coarse == "week" and len(spans) == 1:
        said = f"week of {first.day} {first:%b}"
    else:
        said = _days(first, last)
    return said + (f" ({undated} of {len(rows)} undated)" if undated else "")


def as_of_phrase(as_of: str) -> str:
    """'as of 15 Dec', or 'date unknown' as it is."""
    as_of = words.text(as_of) or "date unknown"
    return as_of if as_of.startswith("date unknown") else f"as of {as_of}"


def claim_as_of(tables: Mapping[str, pd.DataFrame], claim_ids) -> dict[str, str]:
    """as_of_words of each claim's figures."""
    figs = tables["figures"]
    figs = figs[figs["claim_id"].isin(list(claim_ids))]
    said = {str(c): as_of_words(g) for c, g in figs.groupby("claim_id", sort=False)}
    return {str(c): said.get(str(c), "date unknown") for c in claim_ids}


def claims_view(
    tables: Mapping[str, pd.DataFrame], limit: int | None = None, opened: str | None = None
) -> pd.DataFrame:
    """One row per claim for the numbers panel, ranked (rank_claims): label, range across sources,
    how many sources, status (agree / conflict / single), what the figures say happened, why, who.
    With `limit`, only the first claims (their words are made only for those)."""
    claims = rank_claims(tables["claims"], opened, limit)
    if claims.empty:
        return pd.DataFrame(columns=CLAIM_COLUMNS)
    names = tables["places"].set_index("place_id")["name"]
    out = claims.assign(
        label=claims["label"].fillna(claims["subject"]),
        range=[
            words.range_text(lo, hi, q, u)
            for lo, hi, q, u in zip(
                claims["value_min"], claims["value_max"], claims["qualifier"], claims["unit"], strict=True
            )
        ],
        place=_place_words(claims, names, listed_places(tables, claims, names)),
        dates=[_dates(a, b) for a, b in zip(claims["date_min"], claims["date_max"], strict=True)],
        as_of=claims["claim_id"].map(claim_as_of(tables, claims["claim_id"])),
    )
    return out[CLAIM_COLUMNS].reset_index(drop=True)


def _place_words(claims: pd.DataFrame, names: pd.Series, listed: dict[str, str]) -> list[object]:
    """A claim's one place by name, else the places its figures count together, else None (built
    in Python: filling a string column from a mapped one mixes array types in newer pandas)."""
    own = claims["place_id"].map(names)
    return [
        name if isinstance(name, str) else listed.get(claim_id)
        for name, claim_id in zip(own, claims["claim_id"], strict=True)
    ]


def listed_places(
    tables: Mapping[str, pd.DataFrame], claims: pd.DataFrame, names: pd.Series
) -> dict[str, str]:
    """The places the figures of `claims` with no one place of their own count together ("270,000
    in Daraa and Quneitra"), by claim id, in words ("Daraa and Quneitra")."""
    figs = tables["figures"]
    if "places_listed" not in figs.columns:
        return {}
    placeless = claims.loc[claims["place_id"].isna(), "claim_id"]
    listed = (
        figs[figs["claim_id"].isin(placeless)].dropna(subset=["places_listed"]).drop_duplicates("claim_id")
    )
    out = {}
    for claim_id, ids in zip(listed["claim_id"], listed["places_listed"], strict=True):
        said = [words.text(names.get(p)) or p for p in str(ids).split()]
        out[str(claim_id)] = ", ".join(said[:-1]) + " and " + said[-1] if len(said) > 1 else said[0]
    return out


def _dates(first, last) -> str:
    return words.span(first, last, weekday=True) if words.text(first) else ""


def headline(tables: Mapping[str, pd.DataFrame], n: int = 4, view: pd.DataFrame | None = None) -> list[dict]:
    """The most-reported claims as metrics: {label, value, help, when, flag} (`view`: claims_view,
    if at hand): `label` what is counted and, where the claim says, the place ('civilians killed ·
    eastern Aleppo'); `when` the figures hold ('as of 15 Dec', 'as of Dec 2016', 'date unknown'), `flag`
    what the figures say of it when it did not (yet) happen ('planned', 'expected'; else '')."""
    view = (claims_view(tables) if view is None else view).head(n)
    out = []
    for row in view.itertuples(index=False):
        what = " ".join(w for w in (words.text(row.subject), words.text(row.outcome)) if w) or words.text(
            row.label
        )
        if words.text(row.place):  # a folder of several stories: which place the number is of
            what = f"{what} · {words.text(row.place)}"
        badge = words.STATUS_WORDS.get(words.text(row.status), words.text(row.status))
        sources = f"{row.n_sources} source" + ("s" if row.n_sources != 1 else "")
        when = as_of_phrase(row.as_of)
        flag = words.FIGURE_STATUS_WORDS.get(words.text(row.figure_status), "")
        out.append(
            {"label": what, "value": row.range, "help": f"{row.label} — {sources}, {badge}; {when}",
             "when": when, "flag": flag}
        )  # fmt: skip
    return out


def claim_figures(tables: Mapping[str, pd.DataFrame], claim_id: str) -> pd.DataFrame:
    """Each report's figure behind a claim, with the report's title, outlet and date."""
    figs = tables["figures"]
    figs = figs[figs["claim_id"] == claim_id]
    arts = tables["articles"].set_index("article_id")
    out = figs.assign(
        figure=[words.figure_label(r) for r in figs.to_dict("records")],
        title=figs["article_id"].map(arts["title"]),
        outlet=figs["article_id"].map(arts["outlet"]),
        published=figs["article_id"].map(arts["published"]),
    )
    return out.sort_values(["published", "article_id", "start"], kind="stable").reset_index(drop=True)


def counts(tables: Mapping[str, pd.DataFrame]) -> dict[str, int]:
    return {
        "reports": len(tables["articles"]),
        "places": int((tables["places"]["kind"] != "country").fillna(True).sum()),
        "figures": len(tables["figures"]),
        "events": len(tables["events"]),
        "claims": len(tables["claims"]),
        "conflicts": int((tables["claims"]["status"] == "conflict").fillna(False).sum()),
    }
