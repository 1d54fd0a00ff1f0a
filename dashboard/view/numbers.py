"""What the numbers panel holds, for the app and the brief alike: the claims ranked as key numbers,
their words (range, dates, status), the headline metrics, each claim's figures and the counts.
"""

from __future__ import annotations

from collections.abc import Mapping

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
                 "qualifier", "subject", "outcome", "unit", "place", "dates", "why", "claimants", "weight"]  # fmt: skip


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
        place=claims["place_id"].map(names),
        dates=[_dates(a, b) for a, b in zip(claims["date_min"], claims["date_max"], strict=True)],
    )
    return out[CLAIM_COLUMNS].reset_index(drop=True)


def _dates(first, last) -> str:
    return words.span(first, last, weekday=True) if words.text(first) else ""


def headline(tables: Mapping[str, pd.DataFrame], n: int = 4, view: pd.DataFrame | None = None) -> list[dict]:
    """The most-reported claims as metrics: {label, value, help} (`view`: claims_view, if at hand)."""
    view = (claims_view(tables) if view is None else view).head(n)
    out = []
    for row in view.itertuples(index=False):
        what = " ".join(w for w in (words.text(row.subject), words.text(row.outcome)) if w) or words.text(
            row.label
        )
        badge = words.STATUS_WORDS.get(words.text(row.status), words.text(row.status))
        sources = f"{row.n_sources} source" + ("s" if row.n_sources != 1 else "")
        out.append({"label": what, "value": row.range, "help": f"{row.label} — {sources}, {badge}"})
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
