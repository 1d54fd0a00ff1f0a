"""Streamlit rendering for the dashboard, one function per panel.

The view state lives in the URL: each run reads it from `st.query_params`, and every widget
writes it back there in its callback (callbacks run before the script), so the URL always
describes what is on screen and a copied link reproduces it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import tables as store
from dashboard.brief import chromium as browser
from dashboard.brief import page as brief
from dashboard.ui import loaders
from dashboard.view import charts, excerpts, exports, filters, viewstate
from dashboard.view.viewstate import ViewState

MAX_UPLOAD_FILES = 10
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
UPLOAD_TYPES = ("txt", "md", "html", "htm")
MAX_OPTIONS = 1000  # sources offered in the filter (latest first); more would weigh down every run
CLAIMS_SHOWN = 15
HEADLINE_METRICS = 4
EXCERPTS_SHOWN = 40
NUMBERS_HEIGHT = 330
EXCERPTS_HEIGHT = 300
REPORT_HEIGHT = 420

# Widget keys.
K_PLACES, K_DATES, K_SOURCES, K_SUBJECTS = "f_places", "f_dates", "f_sources", "f_subjects"
K_MAP_STYLE, K_BY, K_REPORT, K_UPLOAD = "f_map_style", "f_by", "f_report", "f_upload"
K_GENERATION = "_chart_generation"  # bumped to reset the charts' own selection state
K_UPLOAD_RESULT = "_upload_result"

MAP_STYLE_LABELS = {
    "offline": "Offline (Natural Earth)",
    "carto-positron": "CARTO Positron tiles (online)",
    "open-street-map": "OpenStreetMap tiles (online)",
}
BY_LABELS = {"source": "by report", "place": "by place"}


@dataclass
class Context:
    data_dir: Path
    seeds_dir: Path
    tables: dict[str, pd.DataFrame]
    state: ViewState = field(default_factory=ViewState)
    filtered: dict[str, pd.DataFrame] = field(default_factory=dict)
    focused: dict[str, pd.DataFrame] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    upload_messages: list[str] = field(default_factory=list)
    uploaded_texts: dict[str, str] = field(default_factory=dict)
    error: str | None = None

    @property
    def empty(self) -> bool:
        return self.error is not None or not loaders.has_data(self.tables)

    # Derived once per run, shared by the panels.
    @cached_property
    def numbers(self) -> dict[str, pd.DataFrame]:
        """What the numbers panel counts: the focus, but an open claim stays among the others."""
        return (
            filters.focus(self.filtered, self.state, ignore=("claim",)) if self.state.claim else self.focused
        )

    @cached_property
    def claims(self) -> pd.DataFrame:
        """The claims the numbers panel lists: the first CLAIMS_SHOWN, and the open one."""
        view = charts.claims_view(self.numbers, limit=CLAIMS_SHOWN)
        claim = self.state.claim
        if claim and claim not in set(view["claim_id"]):
            claims = self.numbers["claims"]
            opened = charts.claims_view({**self.numbers, "claims": claims[claims["claim_id"] == claim]})
            view = pd.concat([view, opened], ignore_index=True)
        return view

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


# ---------------------------------------------------------------- state <-> URL


def read_state() -> tuple[ViewState, list[str]]:
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    return viewstate.from_query(params)


def write_state(state: ViewState) -> None:
    """Put the view in the URL (canonical form; only when it differs, to spare the browser)."""
    wanted = viewstate.to_query(state)
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    if current != {k: [v] for k, v in wanted.items()}:
        st.query_params.from_dict(wanted)


def _update(**changes) -> None:
    state, _ = read_state()
    write_state(replace(state, **changes))


def _reset_charts() -> None:
    st.session_state[K_GENERATION] = st.session_state.get(K_GENERATION, 0) + 1


def clear_selection() -> None:
    state, _ = read_state()
    write_state(state.cleared_selection())
    _reset_charts()


def reset_view() -> None:
    write_state(ViewState())
    _reset_charts()


# ---------------------------------------------------------------- data


def build_context(argv: Sequence[str]) -> Context:
    """Tables (with this session's uploads), the view state from the URL, the filtered views."""
    data_dir, seeds_dir = loaders.data_dir(argv), loaders.seeds_dir(argv)
    try:
        base = loaders.load_tables(str(data_dir), store.stamp(data_dir))
    except store.DataError as err:
        return Context(data_dir, seeds_dir, filters.tables_or_empty({}), error=str(err))
    ctx = Context(data_dir, seeds_dir, base)
    _merge_uploads(ctx, base)
    state, notices = read_state()
    state, unknown = viewstate.validate(state, ctx.tables)
    ctx.state, ctx.notices = state, notices + unknown
    if loaders.has_data(ctx.tables):
        write_state(state)
        ctx.filtered = filters.apply(ctx.tables, state)
        ctx.focused = filters.focus(ctx.filtered, state)
    return ctx


def check_uploads(files: Sequence[tuple[str, int]]) -> tuple[list[int], list[str]]:
    """Which uploaded files to read (by index) and why the others are not."""
    messages = []
    if len(files) > MAX_UPLOAD_FILES:
        messages.append(f"{len(files)} files chosen: only the first {MAX_UPLOAD_FILES} are read.")
    accepted = []
    for i, (name, size) in enumerate(files[:MAX_UPLOAD_FILES]):
        if not name.lower().endswith(tuple(f".{t}" for t in UPLOAD_TYPES)):
            messages.append(f"{name}: not a .txt, .md or .html report; skipped.")
        elif size > MAX_UPLOAD_BYTES:
            messages.append(
                f"{name}: {size / 2**20:.1f} MB is over the {MAX_UPLOAD_BYTES // 2**20} MB limit; skipped."
            )
        elif size == 0:
            messages.append(f"{name}: the file is empty; skipped.")
        else:
            accepted.append(i)
    return accepted, messages


def add_uploaded(
    tables: dict[str, pd.DataFrame], files: Sequence[tuple[str, bytes]]
) -> tuple[dict[str, pd.DataFrame], list[str], dict[str, str]]:
    """Uploaded reports through the build's pipeline, in memory: merged tables, messages,
    and the reports' texts (for the excerpts)."""
    accepted, messages = check_uploads([(name, len(data)) for name, data in files])
    chosen = [files[i] for i in accepted]
    if not chosen:
        return tables, messages, {}
    from dashboard.extract import pipeline

    merged, warnings = pipeline.add_reports(tables, list(chosen))
    texts = {name: text for name, data in chosen if (text := loaders.report_text(name, data)) is not None}
    added = len(merged["articles"]) - len(tables["articles"])
    summary = (
        f"Added {added} report{'s' if added != 1 else ''} for this session (nothing is saved on the server)."
    )
    return merged, [summary, *messages, *warnings], texts


def _merge_uploads(ctx: Context, base: dict[str, pd.DataFrame]) -> None:
    files = st.session_state.get(K_UPLOAD) or []
    if not files:
        return
    named = [(f.name, f.getvalue()) for f in files]
    key = (str(ctx.data_dir), store.stamp(ctx.data_dir), *(hashlib.sha256(d).hexdigest() for _, d in named))
    cached = st.session_state.get(K_UPLOAD_RESULT)
    if cached is None or cached[0] != key:
        try:
            result = add_uploaded(base, named)
        except Exception as err:  # a report the pipeline cannot take must not take the app down
            result = (base, [f"The uploaded reports could not be read: {err}"], {})
        cached = (key, result)
        st.session_state[K_UPLOAD_RESULT] = cached
    ctx.tables, ctx.upload_messages, ctx.uploaded_texts = cached[1]


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


# ---------------------------------------------------------------- words


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


def md(text) -> str:
    """Report words made inert for Streamlit Markdown (labels, captions)."""
    return _MD_SPECIAL.sub(r"\\\1", "" if text is None or pd.isna(text) else str(text))


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _place_names(tables: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    places = tables["places"]
    return {
        pid: f"{name} ({kind})" if isinstance(kind, str) else str(name)
        for pid, name, kind in zip(places["place_id"], places["name"], places["kind"], strict=True)
    }


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


# ---------------------------------------------------------------- page parts


def empty_page(ctx: Context) -> None:
    st.title("Crisis dashboard")
    if ctx.error:
        st.error(f"The tables cannot be read: {ctx.error}")
        st.info(f"Rebuild them with `{loaders.rebuild_command(ctx.data_dir, ctx.seeds_dir)}`.")
        return
    st.info(
        f"No reports in `{ctx.data_dir}` yet. Build the tables with "
        f"`{loaders.rebuild_command(ctx.data_dir, ctx.seeds_dir)}`, or add reports with the uploader in "
        "the sidebar (they stay in this session only)."
    )


def notices(ctx: Context) -> None:
    stale = loaders.cached_staleness(str(ctx.data_dir), str(ctx.seeds_dir), store.stamp(ctx.data_dir))
    if stale:
        st.warning(stale, icon=":material/update:")
    if ctx.notices:
        st.info(" ".join(ctx.notices) + " Showing the rest of the view.", icon=":material/link_off:")


def header(ctx: Context) -> None:
    t = ctx.filtered
    c = charts.counts(t)
    bounds = date_bounds(t)
    span = f"{bounds[0]:%d %b %Y} – {bounds[1]:%d %b %Y}" if bounds else "no dates"
    filtered = " (filtered)" if ctx.state.has_filters else ""
    st.markdown(
        f"**Crisis dashboard** · {_plural(c['reports'], 'report')}{filtered} · {span} · "
        f"{_plural(c['places'], 'place')} · {_plural(c['figures'], 'figure')} in {_plural(c['claims'], 'claim')} "
        f"({c['conflicts']} in conflict) · {_plural(c['events'], 'dated statement')}"
    )
    metrics = charts.headline(ctx.numbers, n=HEADLINE_METRICS, view=ctx.claims)
    if metrics:  # always four columns, so one metric keeps a card's width
        for col, m in zip(st.columns(HEADLINE_METRICS), metrics, strict=False):
            col.metric(md(m["label"]), m["value"], help=m["help"], border=True)


def selection_bar(ctx: Context) -> None:
    s = ctx.state
    if not s.has_selection:
        return
    parts = []
    names = _place_names(ctx.tables)
    if s.selected_places:
        parts.append("places: " + ", ".join(md(names.get(p, p)) for p in s.selected_places))
    if s.selected_days:
        first, last = s.selected_days
        parts.append(f"days: {first:%d %b %Y}" + (f" – {last:%d %b %Y}" if last != first else ""))
    if s.claim:
        label = ctx.tables["claims"].set_index("claim_id")["label"].get(s.claim, s.claim)
        parts.append(f"claim: {md(label)}")
    left, right = st.columns([5, 1], vertical_alignment="center")
    left.markdown(":material/filter_alt: **Selection** — " + " · ".join(parts))
    right.button("Clear selection", on_click=clear_selection, key="clear_sel", width="stretch")


def sidebar(ctx: Context) -> None:
    with st.sidebar:
        st.markdown("### Filters")
        if loaders.has_data(ctx.tables):
            _filters(ctx)
            st.divider()
            _view_options(ctx)
            st.divider()
            _downloads(ctx)
            st.divider()
        _uploader(ctx)


def _sync(key: str, value) -> None:
    """Widgets show the state from the URL (set before the widget is drawn)."""
    st.session_state[key] = value


def _filters(ctx: Context) -> None:
    t, s = ctx.tables, ctx.state
    place_names = _place_names(t)
    place_options = sorted(place_names, key=lambda p: place_names[p].lower())
    _sync(K_PLACES, list(s.places))
    st.multiselect(
        "Places", place_options, key=K_PLACES, format_func=lambda p: place_names.get(p, p),
        on_change=lambda: _update(places=tuple(st.session_state[K_PLACES])),
        placeholder="All places", help="A city includes its districts. Figures and events count when their sentence names the place.",
    )  # fmt: skip
    bounds = date_bounds(t)
    if bounds:
        lo = min(bounds[0], s.date_from or bounds[0])
        hi = max(bounds[1], s.date_to or bounds[1])
        _sync(K_DATES, (s.date_from or lo, s.date_to or hi))
        st.date_input(
            "Dates", key=K_DATES, min_value=lo, max_value=hi, format="YYYY-MM-DD",
            on_change=_on_dates, args=(lo, hi), help="Events whose dates overlap the range; figures dated in it.",
        )  # fmt: skip
    names = ctx.article_names
    options = ctx.report_options
    _sync(K_SOURCES, list(s.sources))
    st.multiselect(
        "Sources", options, key=K_SOURCES, format_func=lambda a: names.get(a, a), placeholder="All reports",
        on_change=lambda: _update(sources=tuple(st.session_state[K_SOURCES])),
        help=None if len(t["articles"]) <= MAX_OPTIONS else f"The latest {MAX_OPTIONS:,} reports are listed.",
    )  # fmt: skip
    subjects = t["figures"]["subject"].dropna().value_counts()
    _sync(K_SUBJECTS, list(s.subjects))
    st.multiselect(
        "What is counted", list(subjects.index), key=K_SUBJECTS, placeholder="Everything counted",
        format_func=lambda x: f"{x} ({subjects.get(x, 0)})",
        on_change=lambda: _update(subjects=tuple(st.session_state[K_SUBJECTS])),
    )  # fmt: skip
    if viewstate.to_query(replace(s, map_style="offline", timeline_by="source")):
        st.button("Reset the view", on_click=reset_view, key="reset_view", icon=":material/restart_alt:")


def _on_dates(lo: date, hi: date) -> None:
    picked = tuple(st.session_state.get(K_DATES) or ())
    if not picked:
        _update(date_from=None, date_to=None)
        return
    first = picked[0]
    last = picked[1] if len(picked) > 1 else None
    _update(date_from=None if first == lo else first, date_to=None if last in (None, hi) else last)


def _view_options(ctx: Context) -> None:
    s = ctx.state
    _sync(K_BY, s.timeline_by)
    st.radio(
        "Timeline rows", list(viewstate.TIMELINE_ROWS), key=K_BY, format_func=BY_LABELS.get, horizontal=True,
        on_change=lambda: _update(timeline_by=st.session_state[K_BY]),
    )  # fmt: skip
    _sync(K_MAP_STYLE, s.map_style)
    st.selectbox(
        "Map background", list(viewstate.MAP_STYLES), key=K_MAP_STYLE, format_func=MAP_STYLE_LABELS.get,
        on_change=lambda: _update(map_style=st.session_state[K_MAP_STYLE]),
        help="Tiles need the internet; without it the offline map shows through.",
    )  # fmt: skip


def _downloads(ctx: Context) -> None:
    st.markdown("**Download** (filtered)")
    t = ctx.filtered
    table = st.selectbox(
        "Table", ["figures", "claims", "events", "places", "articles", "mentions"], key="dl_table",
        label_visibility="collapsed",
    )  # fmt: skip
    df = t[table]
    cols = st.columns(2)
    cols[0].download_button(
        "CSV", data=lambda: exports.to_csv(df), file_name=f"{table}.csv", mime="text/csv",
        on_click="ignore", key="dl_csv", icon=":material/download:", width="stretch",
    )  # fmt: skip
    cols[1].download_button(
        "CSV + HXL", data=lambda: exports.to_hxl_csv(df, table), file_name=f"{table}_hxl.csv", mime="text/csv",
        on_click="ignore", key="dl_hxl", icon=":material/download:", width="stretch",
        help="With a row of HXL hashtags (#geo+lat, #date, #affected+killed …) under the header.",
    )  # fmt: skip
    places = t["places"]
    st.download_button(
        "Places as GeoJSON", data=lambda: exports.places_geojson(places), file_name="places.geojson",
        mime="application/geo+json", on_click="ignore", key="dl_geojson", icon=":material/map:", width="stretch",
    )  # fmt: skip
    _brief_downloads(ctx)


def _brief_downloads(ctx: Context) -> None:
    """The stakeholder brief of this exact view; made only when a button is clicked."""
    st.markdown("**Brief** (this view)")
    link = (getattr(st.context, "url", "") or "").split("?", 1)[0] + brief.view_query(ctx.state)
    b = brief.AppBrief(ctx.tables, ctx.state, text_of=text_getter(ctx), link=link)
    st.download_button(
        "Brief (HTML)", data=b.html, file_name=b.file_name("html"), mime="text/html",
        on_click="ignore", key="dl_brief_html", icon=":material/description:", width="stretch",
    )  # fmt: skip
    if not _can_render_images():
        st.caption("PNG and PDF briefs need Chromium on the server: `apt-get install -y chromium`.")
        return
    cols = st.columns(2)
    cols[0].download_button(
        "PNG", data=b.png, file_name=b.file_name("png"), mime="image/png",
        on_click="ignore", key="dl_brief_png", icon=":material/image:", width="stretch",
    )  # fmt: skip
    cols[1].download_button(
        "PDF", data=b.pdf, file_name=b.file_name("pdf"), mime="application/pdf",
        on_click="ignore", key="dl_brief_pdf", icon=":material/picture_as_pdf:", width="stretch",
    )  # fmt: skip


def _can_render_images() -> bool:
    """Whether PNG and PDF briefs can be made here: a Chromium and the playwright package.
    The package is looked up, not imported (importing it takes ~0.15 s of the first page)."""
    return browser.find_chromium() is not None and importlib.util.find_spec("playwright") is not None


def _uploader(ctx: Context) -> None:
    with st.expander("Add reports", icon=":material/upload_file:", expanded=not loaders.has_data(ctx.tables)):
        st.file_uploader(
            f"Reports (.txt, .md, .html; up to {MAX_UPLOAD_FILES} files of {MAX_UPLOAD_BYTES // 2**20} MB)",
            type=list(UPLOAD_TYPES), accept_multiple_files=True, key=K_UPLOAD,
            help="Read by the same pipeline, shown with the rest for this session only; nothing is saved.",
        )  # fmt: skip
        for message in ctx.upload_messages:
            (st.success if message.startswith("Added") else st.warning)(message)


# ---------------------------------------------------------------- panels


def _selected_points(key: str) -> list[dict]:
    event = st.session_state.get(key)
    if not event:
        return []
    selection = event.get("selection") if isinstance(event, Mapping) else getattr(event, "selection", None)
    if not selection:
        return []
    return list(selection.get("points") or [])


def _on_map_select(key: str) -> None:
    _update(selected_places=viewstate.from_selection(_selected_points(key)))


def _on_timeline_select(key: str) -> None:
    _update(selected_days=viewstate.days_from_selection(_selected_points(key)))


def map_panel(ctx: Context) -> None:
    st.markdown("**Map** · where the reports place things")
    fig = charts.map_figure(ctx.filtered, ctx.state)
    key = f"map-{st.session_state.get(K_GENERATION, 0)}"
    st.plotly_chart(
        fig, key=key, on_select=lambda: _on_map_select(key), selection_mode="points", width="stretch",
        config={"scrollZoom": True, "displaylogo": False}, alt="Map of the places the reports name",
    )  # fmt: skip
    credit = charts.BASEMAP_CREDIT
    if ctx.state.map_style in charts.TILES:
        credit += f" Tiles: {charts.TILES[ctx.state.map_style][1]}."
    st.caption(
        "Size: how much the reports say there. Lines: movements; grey ring: a movement's other end unstated. "
        f"Click a place to narrow the other panels. {credit}"
    )


def numbers_panel(ctx: Context) -> None:
    view = ctx.claims
    total = len(ctx.numbers["claims"])
    st.markdown(f"**Numbers** · {_plural(total, 'claim')}, most-reported first")
    if view.empty:
        st.info("No figures under this view.")
        return
    text_of = ctx.text_of
    height = NUMBERS_HEIGHT if len(view) > 5 else "content"  # scroll only a long list
    with st.container(height=height, border=False):
        for row in view.to_dict("records"):
            _claim(ctx, row, text_of)
        if total > len(view):
            st.caption(f"{total - len(view):,} more claims: narrow the view or download the claims table.")


def _claim(ctx: Context, row: dict, text_of) -> None:
    badge, colour = charts.STATUS_BADGE.get(row["status"], (str(row["status"]), "gray"))
    what = " ".join(md(w) for w in (row["subject"], row["outcome"]) if isinstance(w, str))
    label = (
        f":{colour}-badge[{badge}] **{md(row['range'])}** {what} · {_plural(int(row['n_sources']), 'source')}"
    )
    key = f"claim-{row['claim_id']}"
    _sync(key, ctx.state.claim == row["claim_id"])
    box = st.expander(label, key=key, on_change=_on_claim, args=(key, row["claim_id"]))
    if not box.open:
        return
    with box:
        st.caption(md(row["label"]) + (f" · {md(row['dates'])}" if row["dates"] else ""))
        for fig in charts.claim_figures(ctx.tables, row["claim_id"]).to_dict("records"):
            who = (
                fig["outlet"] if isinstance(fig["outlet"], str) else charts._clip(charts._s(fig["title"]), 60)
            )
            when = fig["published"] if isinstance(fig["published"], str) else "undated"
            st.markdown(f"**{md(who)}**, {md(when)}: {md(fig['figure'])}")
            st.html(excerpts.figure_excerpt(ctx.tables, fig, text_of))


def _on_claim(key: str, claim_id: str) -> None:
    opened = bool(st.session_state.get(key))
    state, _ = read_state()
    if opened:
        write_state(replace(state, claim=claim_id))
    elif state.claim == claim_id:
        write_state(replace(state, claim=None))


def timeline_panel(ctx: Context) -> None:
    st.markdown("**Timeline** · when, according to each report")
    fig = charts.timeline_figure(ctx.filtered, ctx.state)
    key = f"timeline-{st.session_state.get(K_GENERATION, 0)}"
    st.plotly_chart(
        fig, key=key, on_select=lambda: _on_timeline_select(key), selection_mode=("points", "box"),
        width="stretch", config={"displaylogo": False}, alt="Timeline of dated statements by report",
    )  # fmt: skip
    st.caption(
        "Dots: statements dated to a day (hover for the words); bars: week or month; ticks: publication "
        "dates (faint: inferred). Click a dot or drag across days to narrow the other panels."
    )
    shown = filters.focus(ctx.filtered, ctx.state, ignore=("days", "claim"))
    if shown["events"].empty:
        st.caption(
            "No dated statement under this view names a day: the ticks show when the reports came out."
        )
    seq = charts.sequence_view(shown, days=8)
    if not seq.empty:
        _day_by_day(seq)


def _day_by_day(seq: pd.DataFrame, days: int = 8, per_day: int = 4) -> None:
    busiest = seq.groupby("date")["n_sources"].sum().nlargest(days).index
    lines = []
    for _, group in seq[seq["date"].isin(busiest)].groupby("date", sort=True):
        items = [
            md(charts._clip(w, 70)) + (f" ({n} reports)" if n > 1 else "")
            for w, n in zip(group["what"].head(per_day), group["n_sources"].head(per_day), strict=True)
        ]
        more = f" · +{len(group) - per_day} more" if len(group) > per_day else ""
        lines.append(f"- **{md(group['day'].iloc[0])}** — " + " · ".join(items) + more)
    with st.expander("Day by day", expanded=True, icon=":material/event_note:"):
        st.markdown("\n".join(lines))


def excerpts_panel(ctx: Context) -> None:
    text_of = ctx.text_of
    body, shown, total = excerpts.excerpts_html(ctx.focused, text_of, EXCERPTS_SHOWN, spans_from=ctx.tables)
    behind = "the selection" if ctx.state.has_selection else "the view"
    st.markdown(f"**Source excerpts** · {_plural(total, 'sentence')} behind {behind}")
    st.html(excerpts.legend_html())
    with st.container(height=EXCERPTS_HEIGHT, border=True):
        if total:
            st.html(body)
            if total > shown:
                st.caption(f"The first {shown} of {total} sentences; narrow the view to see the others.")
        else:
            st.caption("No sentence behind this view.")
    _full_report(ctx, text_of)


def _full_report(ctx: Context, text_of) -> None:
    names = ctx.article_names
    shown = set(ctx.focused["articles"]["article_id"])
    options = [a for a in ctx.report_options if a in shown or a == ctx.state.report]
    _sync(K_REPORT, ctx.state.report)
    report = st.selectbox(
        "Read a report in full", options, key=K_REPORT, format_func=lambda a: names.get(a, a),
        placeholder="Choose a report…", on_change=lambda: _update(report=st.session_state[K_REPORT]),
    )  # fmt: skip
    if report:
        with st.container(height=REPORT_HEIGHT, border=True):
            st.html(excerpts.report_html(ctx.tables, report, text_of(report)))
        st.button("Close the report", key="close_report", on_click=lambda: _update(report=None))
