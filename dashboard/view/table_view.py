"""The table view: every figure and claim of a view as rows an analyst can search and sort (status,
claimant, date, place, quote), and full-text search over the excerpts, matches marked. Pure:
tables in, frames and escaped HTML out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.view import filters, words

FIGURE_COLUMNS = ["figure", "status", "claim", "claimant", "date", "place", "report", "published", "quote"]


CLAIM_COLUMNS = ["claim", "verdict", "value", "reports", "claimants", "dates", "place", "why"]


_SENTENCE_TABLES = (("figures", "figure"), ("events", "date"), ("movements", "movement"))


def figure_rows(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per figure: what it says, its status, the claim it is part of (and that claim's
    verdict), who says so, its day, its place, the report and the sentence; plus article_id."""
    figs = tables["figures"]
    if figs.empty:
        return pd.DataFrame(columns=[*FIGURE_COLUMNS, "article_id"])
    places = tables["places"].set_index("place_id")["name"]
    arts = tables["articles"].set_index("article_id")
    claims = tables["claims"].set_index("claim_id")
    verdict = claims["status"].map(lambda s: words.STATUS_WORDS.get(s, words.text(s)))
    where = figs["place_id"].fillna(figs["destination_id"]).fillna(figs["origin_id"])
    out = pd.DataFrame(
        {
            "figure": [words.figure_label(r) for r in figs.to_dict("records")],
            "status": figs["status"].map(lambda s: words.FIGURE_STATUS_WORDS.get(s, "occurred") if pd.notna(s) else ""),
            "claim": (figs["claim_id"].map(claims["label"]).fillna("") + " · " + figs["claim_id"].map(verdict).fillna(""))
            .str.strip(" ·"),
            "claimant": figs["claimant"].fillna(""),
            "date": figs["date"].fillna(""),
            "place": where.map(places).fillna(""),
            "report": figs["article_id"].map(_report_names(arts)).fillna(""),
            "published": figs["article_id"].map(arts["published"]).fillna(""),
            "quote": figs["quote"].fillna("").map(lambda q: " ".join(str(q).split())),
            "article_id": figs["article_id"],
        }
    )  # fmt: skip
    return out.sort_values(["published", "article_id"], kind="stable").reset_index(drop=True)


def claim_rows(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per claim: its label, verdict, value across reports, how many reports, claimants,
    its days, its place and why the verdict."""
    claims = tables["claims"]
    if claims.empty:
        return pd.DataFrame(columns=CLAIM_COLUMNS)
    places = tables["places"].set_index("place_id")["name"]
    records = claims.to_dict("records")
    out = pd.DataFrame(
        {
            "claim": claims["label"].fillna(""),
            "verdict": claims["status"].map(lambda s: words.STATUS_WORDS.get(s, words.text(s))),
            "value": [words.range_text(r["value_min"], r["value_max"], r["qualifier"], r["unit"]) for r in records],
            "reports": claims["n_sources"].fillna(0).astype(int),
            "claimants": claims["claimants"].fillna(""),
            "dates": [words.span(r["date_min"], r["date_max"]) for r in records],
            "place": claims["place_id"].map(places).fillna(""),
            "why": claims["why"].fillna(""),
        }
    )  # fmt: skip
    return out.sort_values(["reports", "claim"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )


def _report_names(arts: pd.DataFrame) -> pd.Series:
    title = arts["title"].fillna(arts["source_file"]).fillna("untitled")
    return title + " — " + arts["outlet"].fillna("outlet unknown")


def terms(query: str) -> list[str]:
    """The words of a search, each matched on its own (all must match); quotes keep a phrase."""
    found = re.findall(r'"([^"]+)"|(\S+)', query or "")
    return [" ".join((a or b).split()).lower() for a, b in found if (a or b).strip()]


def search_rows(rows: pd.DataFrame, query: str, columns: list[str] | None = None) -> pd.DataFrame:
    """The rows whose text (any of `columns`, all by default) holds every term of the query,
    case-insensitively."""
    wanted = terms(query)
    if not wanted or rows.empty:
        return rows
    cols = [c for c in (columns or list(rows.columns)) if c != "article_id"]
    hay = rows[cols].astype(str).agg(" ".join, axis=1).str.lower()
    keep = pd.Series(True, index=rows.index)
    for term in wanted:
        keep &= hay.str.contains(term, regex=False)
    return rows[keep]


@dataclass(frozen=True)
class Match:
    article_id: str
    start: int  # the sentence's offsets in the report
    end: int
    html: str  # the sentence escaped, the matches marked


def search_excerpts(
    tables: Mapping[str, pd.DataFrame], query: str, limit: int = 50
) -> tuple[list[Match], int]:
    """The sentences behind the view (those the excerpts draw on: of figures, dated statements and
    movements) that hold every term, in report order, marked; and how many there are."""
    wanted = terms(query)
    if not wanted:
        return [], 0
    frames = [
        filters.complete(tables[name][["article_id", "quote_start", "quote_end", "quote"]])
        for name, _ in _SENTENCE_TABLES
        if name in tables and not tables[name].empty
    ]
    if not frames:
        return [], 0
    quotes = pd.concat(frames, ignore_index=True).drop_duplicates(["article_id", "quote_start"])
    folded = quotes["quote"].astype(str).map(lambda q: " ".join(q.split()))
    low = folded.str.lower()
    keep = pd.Series(True, index=quotes.index)
    for term in wanted:
        keep &= low.str.contains(term, regex=False)
    hits = quotes[keep].assign(quote=folded[keep])
    order = tables["articles"].sort_values(["published", "article_id"], kind="stable")["article_id"]
    rank = {a: i for i, a in enumerate(order)}
    hits = hits.assign(_r=hits["article_id"].map(rank).fillna(len(rank))).sort_values(["_r", "quote_start"])
    out = [
        Match(str(r.article_id), int(r.quote_start), int(r.quote_end), mark(r.quote, wanted))
        for r in hits.head(limit).itertuples(index=False)
    ]
    return out, len(hits)


def mark(text: str, wanted: list[str]) -> str:
    """The text as HTML with every occurrence of the terms in <mark>: the matches are found in the
    words as written, and every piece is escaped before a mark goes round it (a term never
    matches inside an entity, and no report text becomes markup)."""
    if not wanted:
        return html.escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(wanted, key=len, reverse=True)), re.IGNORECASE)
    out, at = [], 0
    for m in pattern.finditer(text):
        out.append(html.escape(text[at : m.start()]))
        out.append(f'<mark class="cd-found">{html.escape(m.group(0))}</mark>')
        at = m.end()
    out.append(html.escape(text[at:]))
    return "".join(out)


def article_name(arts: pd.DataFrame, article_id: str) -> str:
    """'title — outlet' of one report (for a report outside the pickers' list)."""
    names = _report_names(arts[arts["article_id"] == article_id].set_index("article_id"))
    return str(names.iloc[0]) if len(names) else article_id
