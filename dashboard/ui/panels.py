"""The page's panels, one function each: header and headline metrics, the selection bar, the map, the
timeline, the numbers and the source excerpts. What each shows comes from dashboard.view.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard import tables as store
from dashboard.brief import static_map, tile_stacks
from dashboard.ui import loaders
from dashboard.ui.context import EXCERPTS_SHOWN, HEADLINE_METRICS, K_REPORT, Context, date_bounds, place_names
from dashboard.ui.state import K_GENERATION, clear_selection, read_state, sync, update, write_state
from dashboard.ui.untrusted import inert
from dashboard.view import (
    excerpts,
    filters,
    maps,
    numbers,
    series,
    table_view,
    timeline,
    unlocated,
    viewstate,
    words,
)

BADGE_COLOURS = {"agree": "green", "conflict": "orange", "single": "gray"}
MAP_WIDTH = 600  # px the offline map is framed for (the map column at 1400 px)


NARROWEST_MAP = 360  # px of the map on a 400 px phone: its names are placed so they do not collide there


EXCERPTS_FIRST = 8  # sentences shown in the page; the others in an expander below them


def md(text) -> str:
    """Report words made inert for Streamlit Markdown (labels, captions)."""
    return "" if text is None or pd.isna(text) else inert(text)


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
        st.info(inert(" ".join(ctx.notices)) + " Showing the rest of the view.", icon=":material/link_off:")


def header(ctx: Context) -> None:
    t = ctx.filtered
    c = numbers.counts(t)
    bounds = timeline.view_span(ctx.state, date_bounds(t))  # the filter's days, when it sets them
    span = words.span(bounds[0].isoformat(), bounds[1].isoformat()) if bounds else "no dates"
    filtered = " (filtered)" if ctx.state.has_filters else ""
    st.markdown(
        f"**Crisis dashboard** · {words.plural(c['reports'], 'report')}{filtered} · {span} · "
        f"{words.plural(c['places'], 'place')} · {words.plural(c['figures'], 'figure')} in {words.plural(c['claims'], 'claim')} "
        f"({c['conflicts']} in conflict) · {words.plural(c['events'], 'dated statement')}"
    )
    metrics = numbers.headline(ctx.numbers, n=HEADLINE_METRICS, view=ctx.claims)
    if metrics:  # always four columns, so one metric keeps a card's width
        for col, m in zip(st.columns(HEADLINE_METRICS), metrics, strict=False):
            flag = f" :orange-badge[{md(m['flag'])}]" if m["flag"] else ""
            col.metric(
                md(m["label"]) + flag, m["value"], delta=m["when"], delta_color="off", delta_arrow="off",
                help=m["help"], border=True,
            )  # fmt: skip


def selection_bar(ctx: Context) -> None:
    s = ctx.state
    if not s.has_selection:
        return
    parts = []
    names = place_names(ctx.tables)
    if s.selected_places:
        parts.append("places: " + ", ".join(md(names.get(p, p)) for p in s.selected_places))
    if s.selected_days:
        first, last = s.selected_days
        parts.append(f"days: {first:%d %b %Y}" + (f" – {last:%d %b %Y}" if last != first else ""))
    if s.claim:
        claims = ctx.rows_for(claim=s.claim, only=("claims",))["claims"]
        label = claims.set_index("claim_id")["label"].get(s.claim, s.claim)
        parts.append(f"claim: {md(label)}")
    left, right = st.columns([5, 1], vertical_alignment="center")
    left.markdown(":material/filter_alt: **Selection** — " + " · ".join(parts))
    right.button("Clear selection", on_click=clear_selection, key="clear_sel", width="stretch")


def _selected_points(key: str) -> list[dict]:
    event = st.session_state.get(key)
    if not event:
        return []
    selection = event.get("selection") if isinstance(event, Mapping) else getattr(event, "selection", None)
    if not selection:
        return []
    return list(selection.get("points") or [])


def _on_map_select(key: str) -> None:
    update(selected_places=viewstate.from_selection(_selected_points(key)))


def _on_timeline_select(key: str) -> None:
    update(selected_days=viewstate.days_from_selection(_selected_points(key)))


def map_panel(ctx: Context) -> None:
    st.markdown("**Map** · where the reports place things")
    fig = map_view(ctx)
    key = f"map-{st.session_state.get(K_GENERATION, 0)}"
    st.plotly_chart(
        fig, key=key, on_select=lambda: _on_map_select(key), selection_mode="points", width="stretch",
        config={"scrollZoom": True, "displaylogo": False}, alt="Map of the places the reports name",
    )  # fmt: skip
    credit = maps.BASEMAP_CREDIT
    if ctx.state.map_style in maps.TILES:
        credit += f" Tiles: {maps.TILES[ctx.state.map_style][1]}."
    st.caption(
        "Size: how much the reports say there; a place keeps its colour in every view. Arrows: movements, "
        "with their most-reported figure; grey ring: a movement's other end unstated; grey names: main cities "
        f"and places outside this view. Click a place to narrow the other panels. {credit}"
    )


def map_view(ctx: Context):
    """The map as the page draws it (screen_map) for this context."""
    return screen_map(ctx.filtered, ctx.tables, ctx.state, ctx.view.colours)


def screen_map(filtered, tables, state, colours=None):
    """The map offline: the map figure redrawn in SVG (dashboard.brief.static_map), so place names
    are written on it with no font server and do not collide, every named place is inside the
    frame, and a scale bar, the borders, governorate lines and the main cities (grey) give context.
    With a tile background (which needs the network anyway) the WebGL map, its stacked markers
    spread at the zoom it opens at (brief/tile_stacks.py). No Streamlit call: bench/browser.py's
    floor page draws this same figure."""
    shown = maps.drawable_places(filters.focus(filtered, state, ignore=("places", "claim")))
    fig = maps.map_figure(filtered, state, colours, places=shown)
    if state.map_style in maps.TILES:  # no marker on another at the zoom it opens at, as offline
        return tile_stacks.spread_tiles(fig, shown)
    named = {t.name for t in fig.data if t.type == "scattermap" and t.showlegend is not False}
    legend = shown[shown["name"].isin(named) | filters.isin(shown["place_id"], state.selected_places)]
    flat = static_map.static_map(
        fig, shown, width=MAP_WIDTH, height=maps.MAP_HEIGHT, framed_for=(maps.MAP_WIDTH_GUESS, maps.MAP_HEIGHT),
        must_show=zip(legend["lon"].astype(float), legend["lat"].astype(float), strict=True),
        context=maps.with_main_cities(tables["places"]), label_scale=NARROWEST_MAP / MAP_WIDTH,
        fixed_width=False,
    )  # fmt: skip
    flat.update_layout(clickmode="event+select", dragmode="pan", uirevision=fig.layout.uirevision)
    return flat


def screen_timeline(filtered, state):
    """The timeline as the page draws it: the caption is the key: a legend under the plot took a
    phone's plot height (four rows at 400 px) and over it the chart's toolbar covered it (the
    brief keeps the figure's legend)."""
    fig = timeline.timeline_figure(filtered, state)
    fig.update_layout(showlegend=False, margin={"b": 8})
    return fig


def numbers_panel(ctx: Context) -> None:
    view = ctx.claims
    total = len(ctx.numbers["claims"])
    st.markdown(
        f"**Numbers** · {words.plural(total, 'claim')}, what matters most first (killed, displaced …), then the best attested"
    )
    if view.empty:
        st.info("No figures under this view.")
        return
    text_of = ctx.text_of
    # No inner scroll box: an opened claim shows every source in the page's own flow.
    for row in view.to_dict("records"):
        _claim(ctx, row, text_of)
    if total > len(view):
        st.caption(
            f"{total - len(view):,} more claims: narrow the view, search the table view or download the claims table."
        )


def unlocated_panel(ctx: Context) -> None:
    """Places we could not locate: names in a place slot no gazetteer knows, with their words."""
    n = unlocated.count(ctx.filtered)
    if not n:
        return
    box = st.expander(
        f"Places we could not locate ({n}): not on the map", icon=":material/wrong_location:",
        key="unlocated", on_change="rerun",
    )  # fmt: skip
    if not box.open:
        return  # the reports' words are read only for an analyst who opens the list
    with box:
        lost = unlocated.unlocated_places(ctx.filtered, ctx.text_of)
        st.caption(
            "Names the reports use as places that no gazetteer here knows. They have no point on the map; "
            "`--online-geocoding` asks OpenStreetMap for exactly these."
        )
        for place in lost:
            st.markdown(
                f"**{md(place.name)}** · {words.plural(place.n_mentions, 'mention')} in "
                f"{words.plural(place.n_reports, 'report')}"
            )
            st.html(
                "".join(
                    f'<blockquote style="margin:0 0 .4rem 0;color:#333">{excerpt} '
                    f'<span style="color:#666">({words.esc(label)})</span></blockquote>'
                    for label, excerpt in place.excerpts
                )
            )


def series_panel(ctx: Context) -> None:
    """How many so far: the running quantities of the view over days (view/series.py)."""
    rows = series.series_view(ctx.numbers)
    if rows.empty:
        return  # no stock or total is stated twice over time under this view: nothing to draw
    st.markdown("**How many so far** · running totals and stocks, as each report gives them")
    fig = series.series_chart(rows)
    st.plotly_chart(
        fig, key="series", width="stretch", config={"displaylogo": False, "displayModeBar": False},
        alt="Running totals and stocks over days, one line per quantity",
    )  # fmt: skip
    st.caption(
        "Each point is one report's figure (hover for its words), the bar behind it the days it holds for; "
        "a triangle is an open bound (at least, up to); the label says who gives it. Plans are never "
        "points here: only what the reports say happened."
    )


def _claim(ctx: Context, row: dict, text_of) -> None:
    badge, colour = (
        words.STATUS_WORDS.get(row["status"], str(row["status"])),
        BADGE_COLOURS.get(row["status"], "gray"),
    )
    what = " ".join(md(w) for w in (row["subject"], row["outcome"]) if isinstance(w, str))
    if words.text(row.get("place")):  # which place the number is of, in a folder of several stories
        what += f" · {md(words.text(row['place']))}"
    happened = words.FIGURE_STATUS_WORDS.get(words.text(row.get("figure_status")))
    flag = f" :orange-badge[{md(happened)}]" if happened else ""
    label = (
        f":{colour}-badge[{badge}] **{md(row['range'])}** {what}{flag} · "
        f"{words.plural(int(row['n_sources']), 'source')} · {md(numbers.as_of_phrase(row['as_of']))}"
    )
    key = f"claim-{row['claim_id']}"
    sync(key, ctx.state.claim == row["claim_id"])
    box = st.expander(label, key=key, on_change=_on_claim, args=(key, row["claim_id"]))
    if not box.open:
        return
    with box:
        st.caption(md(row["label"]) + (f" · {md(row['dates'])}" if row["dates"] else ""))
        rows = ctx.rows_for(claim=row["claim_id"])  # its reports' rows only, past SQL_FROM_REPORTS
        for fig in numbers.claim_figures(rows, row["claim_id"]).to_dict("records"):
            who = (
                fig["outlet"] if isinstance(fig["outlet"], str) else words.clip(words.text(fig["title"]), 60)
            )
            when = fig["published"] if isinstance(fig["published"], str) else "undated"
            st.markdown(f"**{md(who)}**, {md(when)}: {md(fig['figure'])}")
            st.html(excerpts.figure_excerpt(rows, fig, text_of))


def _on_claim(key: str, claim_id: str) -> None:
    opened = bool(st.session_state.get(key))
    state, _ = read_state()
    if opened:
        write_state(replace(state, claim=claim_id))
    elif state.claim == claim_id:
        write_state(replace(state, claim=None))


def timeline_panel(ctx: Context) -> None:
    st.markdown("**Timeline** · when, according to each report")
    fig = screen_timeline(ctx.filtered, ctx.state)
    key = f"timeline-{st.session_state.get(K_GENERATION, 0)}"
    st.plotly_chart(
        fig, key=key, on_select=lambda: _on_timeline_select(key), selection_mode=("points", "box"),
        width="stretch", config={"displaylogo": False}, alt="Timeline of dated statements by report",
    )  # fmt: skip
    st.caption(
        "Blue dots: statements dated to a day (hover for the words); light bars: a week or a month; orange "
        "ticks: publication dates (faint: inferred; hover for the report's full name). Click a dot to narrow the other "
        "panels to its day, or pick the box tool (top right) and drag across days; drag to move in time."
    )
    shown = filters.focus(ctx.filtered, ctx.state, ignore=("days", "claim"))
    undated = timeline.undated_reports(shown)
    if undated:
        st.caption(f"Undated (no publication date found, no day in their words): {md('; '.join(undated))}")
    if shown["events"].empty:
        st.caption(
            "No dated statement under this view names a day: the ticks show when the reports came out."
        )
    seq = timeline.sequence_view(shown, days=8)
    if not seq.empty:
        _day_by_day(seq)


def _day_by_day(seq: pd.DataFrame, days: int = 8, per_day: int = 4) -> None:
    busiest = seq.groupby("date")["n_sources"].sum().nlargest(days).index
    lines = []
    for _, group in seq[seq["date"].isin(busiest)].groupby("date", sort=True):
        items = [
            md(words.clip(w, 70)) + (f" ({n} reports)" if n > 1 else "")
            for w, n in zip(group["what"].head(per_day), group["n_sources"].head(per_day), strict=True)
        ]
        more = f" · +{len(group) - per_day} more" if len(group) > per_day else ""
        lines.append(f"- **{md(group['day'].iloc[0])}** — " + " · ".join(items) + more)
    with st.expander("Day by day", expanded=True, icon=":material/event_note:"):
        st.markdown("\n".join(lines))


def excerpts_panel(ctx: Context) -> None:
    text_of = ctx.text_of
    sentences, total = ctx.view.sentences(EXCERPTS_SHOWN, text_of)
    shown = len(sentences)
    behind = "the selection" if ctx.state.has_selection else "the view"
    st.markdown(f"**Source excerpts** · {words.plural(total, 'sentence')} behind {behind}")
    st.html(excerpts.legend_html())
    if not total:
        st.caption("No sentence behind this view.")
    # No inner scroll box: the first sentences in the page, the others one click away.
    first, rest = sentences[:EXCERPTS_FIRST], sentences[EXCERPTS_FIRST:]
    spans = ctx.rows_for({x.article_id for x in sentences})  # the shown sentences' reports only
    if first:
        st.html(excerpts.CSS + excerpts.excerpt_blocks(first, ctx.focused, text_of, spans_from=spans))
    if rest:
        with st.expander(f"The other {words.plural(len(rest), 'sentence')}", icon=":material/format_quote:"):
            st.html(excerpts.CSS + excerpts.excerpt_blocks(rest, ctx.focused, text_of, spans_from=spans))
    if total > shown:
        st.caption(
            f"The first {shown} of {total} sentences; narrow the view or search the table view for the others."
        )
    _full_report(ctx, text_of)


def _full_report(ctx: Context, text_of) -> None:
    names = ctx.article_names
    shown = set(ctx.focused["articles"]["article_id"])
    options = [a for a in ctx.report_options if a in shown or a == ctx.state.report]
    sync(K_REPORT, ctx.state.report)
    report = st.selectbox(
        "Read a report in full", options, key=K_REPORT, format_func=lambda a: names.get(a, a),
        placeholder="Choose a report…", on_change=lambda: update(report=st.session_state[K_REPORT]),
    )  # fmt: skip
    if report:
        _report_dialog(ctx, report, text_of)


def _close_report() -> None:
    update(report=None)


def _report_dialog(ctx: Context, report: str, text_of) -> None:
    """The report in full in a wide dialog over the page (as wide as the page, no inner scroll box);
    closing it, by its cross or the button, clears the report from the view."""

    @st.dialog(
        md(words.clip(ctx.article_names.get(report, report), 90)), width="large", on_dismiss=_close_report
    )
    def reader() -> None:
        st.html(excerpts.report_html(ctx.rows_for([report]), report, text_of(report)))
        st.button("Close the report", key="close_report", on_click=_close_report)

    reader()


K_SEARCH = "f_search"


MATCHES_SHOWN = 20


FOUND_CSS = "<style>mark.cd-found{background:#ffe08a;padding:0 .1em;border-radius:2px}</style>"


def table_panel(ctx: Context) -> None:
    """The table view: the view's figures and claims, searchable and sortable (click a column),
    and the excerpts that hold the search's words, marked, each openable in its report."""
    t = ctx.focused
    st.markdown("**Table view** · the figures and claims under this view; click a column's name to sort")
    query = st.text_input(
        "Search figures, claims and excerpts", key=K_SEARCH,
        placeholder='words to find, all of them: evacuated Idlib · "at least 82"',
    )  # fmt: skip
    figs = table_view.search_rows(table_view.figure_rows(t), query)
    claims = table_view.search_rows(table_view.claim_rows(t), query)
    wide = st.column_config.TextColumn(width="large")
    st.markdown(f"**Figures** · {len(figs):,} of {len(t['figures']):,}")
    st.dataframe(
        figs, hide_index=True, column_order=table_view.FIGURE_COLUMNS,
        column_config={"quote": wide, "figure": st.column_config.TextColumn(width="medium")},
    )  # fmt: skip
    st.markdown(f"**Claims** · {len(claims):,} of {len(t['claims']):,}")
    st.dataframe(claims, hide_index=True, column_order=table_view.CLAIM_COLUMNS, column_config={"why": wide})
    _found_excerpts(ctx, query)
    if ctx.state.report:
        _report_dialog(ctx, ctx.state.report, ctx.text_of)


def _found_excerpts(ctx: Context, query: str) -> None:
    if not table_view.terms(query):
        st.caption(
            "Type words above to search the excerpts too; the sentences that hold them are listed here."
        )
        return
    matches, total = table_view.search_excerpts(ctx.focused, query, limit=MATCHES_SHOWN)
    st.markdown(f"**Excerpts** · {words.plural(total, 'sentence')} holding “{md(query)}”")
    names = ctx.article_names
    st.html(FOUND_CSS)
    previous = None
    for m in matches:
        if m.article_id != previous:  # a report's name once over its matches
            arts = ctx.rows_for([m.article_id], only=("articles",))["articles"]
            who = names.get(m.article_id) or table_view.article_name(arts, m.article_id)
            st.html(f"<b>{html.escape(who)}</b>")
            previous = m.article_id
        left, right = st.columns([6, 1], vertical_alignment="center")
        left.html(f'<blockquote class="cd-match">{m.html}</blockquote>')
        right.button(
            "Open in the report", key=f"open-{m.article_id}-{m.start}", on_click=update,
            kwargs={"report": m.article_id}, width="stretch",
        )  # fmt: skip
    if total > len(matches):
        st.caption(f"The first {len(matches)} of {total}: add words to narrow the search.")
