"""What each panel holds for tables and a view state: the one rule the app and the brief both follow,
so a brief shows the view the app shows.

- the map and the timeline: the filtered tables (each applies the other panels' selections itself);
- the numbers: the focused tables, but an opened claim stays among the others; the claims ranked as
  key numbers (view/numbers.py), the opened one among those listed; the headline cards;
- the excerpts: the sentences behind the focused tables, the ones that say most first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd

from dashboard.view import excerpts, filters, maps, numbers
from dashboard.view.viewstate import ViewState

CLAIMS_SHOWN = 15
HEADLINE_CARDS = 4


@dataclass(frozen=True)
class Panels:
    tables: Mapping[str, pd.DataFrame]  # every table, unfiltered
    state: ViewState
    store: Any = None  # a view.sql.Store over the same tables' Parquet files: the filters run there

    @cached_property
    def filtered(self) -> dict[str, pd.DataFrame]:
        """The filters applied: what the map and the timeline draw."""
        if self.store is not None:
            with self.store.apply(self.state) as narrowed:
                return narrowed.tables()
        return filters.apply(self.tables, self.state)

    @cached_property
    def focused(self) -> dict[str, pd.DataFrame]:
        """The filters and every selection: what the excerpts stand on."""
        return filters.focus(self.filtered, self.state)

    @cached_property
    def colours(self) -> dict[str, str]:
        """Each place's colour on the map, chosen over every place (maps.place_colours), so the
        same in every view."""
        return maps.place_colours(self.tables["places"])

    @cached_property
    def numbers(self) -> dict[str, pd.DataFrame]:
        """What the numbers panel counts: the focus, but an opened claim stays among the others."""
        if not self.state.claim:
            return self.focused
        return filters.focus(self.filtered, self.state, ignore=("claim",))

    def ranked(self, limit: int | None = CLAIMS_SHOWN) -> pd.DataFrame:
        """The claims' rows as listed: ranked as key numbers, the opened one first."""
        return numbers.rank_claims(self.numbers["claims"], self.state.claim, limit)

    def claims(self, limit: int | None = CLAIMS_SHOWN) -> pd.DataFrame:
        """The same claims in words, for the panel (numbers.claims_view)."""
        return numbers.claims_view(self.numbers, limit=limit, opened=self.state.claim)

    def headline(self, n: int = HEADLINE_CARDS) -> list[dict]:
        return numbers.headline(self.numbers, n=n, view=self.claims())

    def sentences(
        self, limit: int | None = None, text_of: excerpts.TextOf | None = None
    ) -> tuple[list[excerpts.Sentence], int]:
        """The excerpts: the sentences that say most (figures weigh double), shown in report order,
        and how many there are in all. With the reports' text, a place filtered or selected also
        brings the sentences that only name it (or a place inside it), after the others."""
        chosen = [*self.state.places, *self.state.selected_places]
        places = filters.with_children(self.tables["places"], chosen) if chosen else set()
        extra = excerpts.mention_keys(self.focused, places, text_of)
        return excerpts.top_sentences(self.focused, limit, extra)


def panels(tables: Mapping[str, pd.DataFrame], state: ViewState, store: Any = None) -> Panels:
    return Panels(filters.tables_or_empty(tables), state, store)
