"""Places we could not locate: the names the reports put in a place slot that no gazetteer knows
(precision `unlocated`, no coordinates), with the words they stand in, so an analyst sees what the
map leaves out instead of a guess. Pure: tables (and a way to read a report's text) in, rows out;
the app's panel and the brief list the same rows.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.view import words

EXCERPTS_PER_PLACE = 2
AROUND = 90  # characters of context either side of the name


@dataclass(frozen=True)
class Unlocated:
    place_id: str
    name: str
    n_mentions: int
    n_reports: int
    excerpts: tuple[tuple[str, str], ...]  # (report label, escaped excerpt with the name marked)


def unlocated_places(
    tables: Mapping[str, pd.DataFrame],
    text_of: Callable[[str], str | None] | None = None,
    per_place: int = EXCERPTS_PER_PLACE,
) -> list[Unlocated]:
    """The view's places with no location, most-mentioned first, each with its first excerpts."""
    lost, ments = _lost(tables)
    if lost.empty:
        return []
    arts = tables["articles"].set_index("article_id")
    by_place = dict(tuple(ments.groupby("place_id", sort=False)))
    out = []
    for row in lost.itertuples():
        mine = by_place.get(row.place_id)
        if mine is None:
            continue
        shown = []
        for m in mine.head(per_place).itertuples():
            label = _label(arts, m.article_id)
            text = text_of(m.article_id) if text_of is not None else None
            shown.append((label, _excerpt(text, int(m.start), int(m.end), m.surface)))
        out.append(
            Unlocated(
                str(row.place_id),
                words.text(row.name),
                len(mine),
                int(mine["article_id"].nunique()),
                tuple(shown),
            )
        )
    return sorted(out, key=lambda u: (-u.n_mentions, u.name.lower(), u.place_id))


def count(tables: Mapping[str, pd.DataFrame]) -> int:
    """How many of the view's places have no location (and a mention to show)."""
    return int(_lost(tables)[1]["place_id"].nunique())


def _lost(tables: Mapping[str, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The unlocated places, and their mentions in report order."""
    places = tables["places"]
    lost = places[(places["precision"] == "unlocated").fillna(False)]
    ments = tables["mentions"]
    ments = ments[ments["place_id"].isin(lost["place_id"])].sort_values(
        ["article_id", "start"], kind="stable"
    )
    return lost, ments


def _label(arts: pd.DataFrame, article_id: str) -> str:
    if article_id not in arts.index:
        return article_id
    art = arts.loc[article_id]
    return words.text(art.get("outlet")) or words.clip(words.text(art.get("title")), 60) or article_id


def _excerpt(text: str | None, start: int, end: int, surface) -> str:
    """The words around a mention, escaped, the name marked; the name alone when the text is not at hand."""
    if not text or not (0 <= start < end <= len(text)):
        return f"<mark>{words.esc(surface)}</mark>"
    lo, hi = max(0, start - AROUND), min(len(text), end + AROUND)
    before, name, after = text[lo:start], text[start:end], text[end:hi]
    if lo > 0:
        before = "…" + before.split(" ", 1)[-1]
    if hi < len(text):
        after = after.rsplit(" ", 1)[0] + "…"
    fold = " ".join
    return f"{html.escape(fold(before.split()))} <mark>{html.escape(name)}</mark> {html.escape(fold(after.split()))}".strip()
