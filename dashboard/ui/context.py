"""What a run of the app works with: the tables (with this session's uploads), the view state from
the URL, and what each panel holds (dashboard.view.panels), derived once per run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

import pandas as pd

from dashboard import tables as store
from dashboard.ui import loaders, uploads
from dashboard.ui.state import read_state, write_state
from dashboard.ui.uploads import add_uploaded as add_uploaded  # re-exported for older callers
from dashboard.ui.uploads import check_uploads as check_uploads
from dashboard.view import filters, viewstate
from dashboard.view.panels import CLAIMS_SHOWN, Panels, panels
from dashboard.view.viewstate import ViewState

MAX_OPTIONS = 1000  # sources offered in the filter (latest first); more would weigh down every run


HEADLINE_METRICS = 4


EXCERPTS_SHOWN = 40


# Widget keys.
K_PLACES, K_DATES, K_SOURCES, K_SUBJECTS = "f_places", "f_dates", "f_sources", "f_subjects"
K_STATUSES, K_CLAIMANTS = "f_statuses", "f_claimants"


K_MAP_STYLE, K_BY, K_REPORT = "f_map_style", "f_by", "f_report"


@dataclass
class Context:
    data_dir: Path
    seeds_dir: Path
    tables: dict[str, pd.DataFrame]
    state: ViewState = field(default_factory=ViewState)
    notices: list[str] = field(default_factory=list)
    upload_messages: list[str] = field(default_factory=list)
    uploaded_texts: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    store: object = None  # a view.sql.Store for a large corpus: the filters run in DuckDB

    @property
    def empty(self) -> bool:
        return self.error is not None or not loaders.has_data(self.tables)

    # What each panel holds: the one rule the brief follows too (dashboard.view.panels).
    @cached_property
    def view(self) -> Panels:
        return panels(self.tables, self.state, store=self.store)

    @property
    def filtered(self) -> dict[str, pd.DataFrame]:
        return self.view.filtered

    @property
    def focused(self) -> dict[str, pd.DataFrame]:
        return self.view.focused

    @property
    def numbers(self) -> dict[str, pd.DataFrame]:
        return self.view.numbers

    @cached_property
    def claims(self) -> pd.DataFrame:
        """The claims the numbers panel lists: the first CLAIMS_SHOWN, the opened one first."""
        return self.view.claims(CLAIMS_SHOWN)

    @cached_property
    def report_options(self) -> list[str]:
        """Reports offered in the pickers, latest first (capped), those in the view first."""
        arts = self.tables["articles"].sort_values(
            "published", ascending=False, na_position="last", kind="stable"
        )
        keep = [*self.state.sources, *([self.state.report] if self.state.report else [])]
        return list(dict.fromkeys([*keep, *arts["article_id"].head(MAX_OPTIONS)]))

    @cached_property
    def article_names(self) -> dict[str, str]:
        arts = self.tables["articles"]
        return article_labels(arts[filters.isin(arts["article_id"], self.report_options)])

    @cached_property
    def text_of(self):
        return text_getter(self)


def build_context(argv: Sequence[str]) -> Context:
    """Tables (with this session's uploads), the view state from the URL, the filtered views."""
    data_dir, seeds_dir = loaders.data_dir(argv), loaders.seeds_dir(argv)
    try:
        base = loaders.load_tables(str(data_dir), store.stamp(data_dir))
    except store.DataError as err:
        return Context(data_dir, seeds_dir, filters.tables_or_empty({}), error=str(err))
    ctx = Context(data_dir, seeds_dir, base)
    ctx.tables, ctx.upload_messages, ctx.uploaded_texts = uploads.merge_uploads(data_dir, base)
    if ctx.tables is base:  # uploads are merged in pandas: their view is filtered there
        ctx.store = loaders.sql_store(str(data_dir), store.stamp(data_dir))
    state, notices = read_state()
    state, unknown = viewstate.validate(state, ctx.tables)
    ctx.state, ctx.notices = state, notices + unknown
    if loaders.has_data(ctx.tables):
        write_state(state)
    return ctx


def text_getter(ctx: Context):
    """article_id -> the report's cleaned text (uploads first, then the reports folder)."""
    files = ctx.tables["articles"].set_index("article_id")["source_file"]
    seeds = str(ctx.seeds_dir)

    seen: dict[str, str | None] = {}

    def text_of(article_id: str) -> str | None:
        if article_id not in seen:
            name = files.get(article_id)
            if name is None or pd.isna(name):
                seen[article_id] = None
            elif name in ctx.uploaded_texts:
                seen[article_id] = ctx.uploaded_texts[name]
            else:
                seen[article_id] = loaders.load_report_text(seeds, name, loaders.file_mtime(seeds, name))
        return seen[article_id]

    return text_of


def article_labels(arts: pd.DataFrame) -> dict[str, str]:
    """'title — outlet, date' for each article (vectorised: pickers may list a thousand)."""
    title = arts["title"].fillna(arts["source_file"]).fillna("untitled")
    title = title.where(title.str.len() <= 60, title.str.slice(0, 59) + "…")
    who = arts["outlet"].fillna(arts["source_file"]).fillna("")
    when = arts["published"].fillna("undated")
    labels = title + " — " + who + ", " + when
    return dict(zip(arts["article_id"], labels, strict=True))


def date_bounds(tables: Mapping[str, pd.DataFrame]) -> tuple[date, date] | None:
    """First and last day the tables speak of (ISO strings compare as dates)."""
    columns = [tables["events"]["date"], tables["events"]["date_end"], tables["figures"]["date"],
               tables["articles"]["published"]]  # fmt: skip
    days = [d for c in columns if c.notna().any() for d in (c.min(), c.max())]
    parsed = []
    for day in days:
        try:
            parsed.append(date.fromisoformat(day + "-01" if len(day) == 7 else day[:10]))
        except ValueError:
            continue
    return (min(parsed), max(parsed)) if parsed else None


def place_names(tables: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    places = tables["places"]
    return {
        pid: f"{name} ({kind})" if isinstance(kind, str) else str(name)
        for pid, name, kind in zip(places["place_id"], places["name"], places["kind"], strict=True)
    }
