"""The sidebar: filters, view options, downloads (tables and the brief of this view), the uploader."""

from __future__ import annotations

import importlib.util
import os
from dataclasses import replace
from datetime import date

import streamlit as st

from dashboard.brief import render
from dashboard.brief.command import APP_URL_ENV, AppBrief, app_link
from dashboard.extract import ingest
from dashboard.schema import CLAIMANT_KINDS, STATUSES
from dashboard.ui import loaders, uploads
from dashboard.ui.context import (
    K_BY,
    K_CLAIMANTS,
    K_DATES,
    K_MAP_STYLE,
    K_PLACES,
    K_SOURCES,
    K_STATUSES,
    K_SUBJECTS,
    MAX_OPTIONS,
    Context,
    date_bounds,
    n_reports,
    place_names,
    text_getter,
    value_counts,
)
from dashboard.ui.state import reset_view, sync, update
from dashboard.view import exports, viewstate, words
from dashboard.view.viewstate import UNATTRIBUTED, ViewState, view_query

MAP_STYLE_LABELS = {
    "offline": "Offline (Natural Earth)",
    "carto-positron": "CARTO Positron tiles (online)",
    "open-street-map": "OpenStreetMap tiles (online)",
}


BY_LABELS = {"source": "by report", "place": "by place"}

K_ADD_REPORTS = "add_reports"  # the sidebar's box of the uploader and the paste form

# Every table of the build but the geocoder's cache, in the order an analyst reaches for them.
DOWNLOAD_TABLES = ("figures", "claims", "events", "movements", "places", "articles", "mentions", "warnings")


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


def _filters(ctx: Context) -> None:
    t, s = ctx.tables, ctx.state
    names_of = place_names(t)
    place_options = sorted(names_of, key=lambda p: names_of[p].lower())
    sync(K_PLACES, list(s.places))
    st.multiselect(
        "Places", place_options, key=K_PLACES, format_func=lambda p: names_of.get(p, p),
        on_change=lambda: update(places=tuple(st.session_state[K_PLACES])),
        placeholder="All places", help="A city includes its districts. Figures and events count when their sentence names the place.",
    )  # fmt: skip
    bounds = date_bounds(t)
    if bounds:
        lo = min(bounds[0], s.date_from or bounds[0])
        hi = max(bounds[1], s.date_to or bounds[1])
        sync(K_DATES, (s.date_from or lo, s.date_to or hi))
        st.date_input(
            "Dates", key=K_DATES, min_value=lo, max_value=hi, format="YYYY-MM-DD",
            on_change=_on_dates, args=(lo, hi), help="Events whose dates overlap the range; figures dated in it.",
        )  # fmt: skip
    names = ctx.article_names
    options = ctx.report_options
    sync(K_SOURCES, list(s.sources))
    st.multiselect(
        "Sources", options, key=K_SOURCES, format_func=lambda a: names.get(a, a), placeholder="All reports",
        on_change=lambda: update(sources=tuple(st.session_state[K_SOURCES])),
        help=None if n_reports(t) <= MAX_OPTIONS else f"The latest {MAX_OPTIONS:,} reports are listed.",
    )  # fmt: skip
    subjects = value_counts(t, "figures", "subject")
    sync(K_SUBJECTS, list(s.subjects))
    st.multiselect(
        "What is counted", list(subjects.index), key=K_SUBJECTS, placeholder="Everything counted",
        format_func=lambda x: f"{x} ({subjects.get(x, 0)})",
        on_change=lambda: update(subjects=tuple(st.session_state[K_SUBJECTS])),
    )  # fmt: skip
    _counted_filters(t, s)
    if viewstate.to_query(replace(s, map_style="offline", timeline_by="source")):
        st.button("Reset the view", on_click=reset_view, key="reset_view", icon=":material/restart_alt:")


def _counted_filters(t, s: ViewState) -> None:
    """What the figures say happened, and who says so: each choice with how many figures it holds."""
    statuses = value_counts(t, "figures", "status", "occurred")
    sync(K_STATUSES, list(s.statuses))
    st.multiselect(
        "What happened", [x for x in STATUSES if x in statuses.index or x in s.statuses], key=K_STATUSES,
        placeholder="Everything the reports say", format_func=lambda x: f"{_status_words(x)} ({statuses.get(x, 0)})",
        on_change=lambda: update(statuses=tuple(st.session_state[K_STATUSES])),
        help="Figures by what their sentence says of them: happened, planned, expected, demanded, denied, did not happen.",
    )  # fmt: skip
    kinds = value_counts(t, "figures", "claimant_kind", UNATTRIBUTED)
    sync(K_CLAIMANTS, list(s.claimants))
    st.multiselect(
        "Who says so", [x for x in (*CLAIMANT_KINDS, UNATTRIBUTED) if x in kinds.index or x in s.claimants],
        key=K_CLAIMANTS, placeholder="Anyone", format_func=lambda x: f"{words.CLAIMANT_KIND_WORDS.get(x, x)} ({kinds.get(x, 0)})",
        on_change=lambda: update(claimants=tuple(st.session_state[K_CLAIMANTS])),
        help="Figures by the kind of body their sentence names as the source (according to the UN …).",
    )  # fmt: skip


def _status_words(status: str) -> str:
    return "happened" if status == "occurred" else words.FIGURE_STATUS_WORDS.get(status, status)


def _on_dates(lo: date, hi: date) -> None:
    picked = tuple(st.session_state.get(K_DATES) or ())
    if not picked:
        update(date_from=None, date_to=None)
        return
    first = picked[0]
    last = picked[1] if len(picked) > 1 else None
    update(date_from=None if first == lo else first, date_to=None if last in (None, hi) else last)


def _view_options(ctx: Context) -> None:
    s = ctx.state
    sync(K_BY, s.timeline_by)
    st.radio(
        "Timeline rows", list(viewstate.TIMELINE_ROWS), key=K_BY, format_func=BY_LABELS.__getitem__, horizontal=True,
        on_change=lambda: update(timeline_by=st.session_state[K_BY]),
    )  # fmt: skip
    sync(K_MAP_STYLE, s.map_style)
    st.selectbox(
        "Map background", list(viewstate.MAP_STYLES), key=K_MAP_STYLE, format_func=MAP_STYLE_LABELS.__getitem__,
        on_change=lambda: update(map_style=st.session_state[K_MAP_STYLE]),
        help="Tiles need the internet; without it the offline map shows through.",
    )  # fmt: skip


def _downloads(ctx: Context) -> None:
    st.markdown("**Download** (filtered)")
    t = ctx.filtered
    table = st.selectbox(
        "Table", list(DOWNLOAD_TABLES), key="dl_table",
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
    # The address the app is served on (as the viewer's browser sees it), else the configured one.
    served = getattr(st.context, "url", "") or os.environ.get(APP_URL_ENV, "")
    link = app_link(served, ctx.state) or view_query(ctx.state)
    b = AppBrief(ctx.tables, ctx.state, text_of=text_getter(ctx), link=link)
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
    return render.find_chromium() is not None and importlib.util.find_spec("playwright") is not None


def _uploader(ctx: Context) -> None:
    box = st.expander(
        "Add reports", icon=":material/upload_file:", expanded=not loaders.has_data(ctx.tables),
        key=K_ADD_REPORTS, on_change="rerun",
    )  # fmt: skip
    # Drawn only once opened (the uploader and the form cost a first visit ~0.1 s of the page), or
    # while it holds reports: an uploader not drawn would drop this session's files.
    if not (box.open or uploads.holds_reports()):
        return
    with box:
        # No `type=`: Streamlit would raise on a file name with a NUL byte before the script runs;
        # uploads.check_uploads refuses other types, and such names, with a message instead.
        st.file_uploader(
            f"Reports ({ingest.REPORT_KINDS}; up to {uploads.MAX_UPLOAD_FILES} files of "
            f"{uploads.MAX_UPLOAD_BYTES // 2**20} MB)",
            accept_multiple_files=True, key=uploads.K_UPLOAD, max_upload_size=ingest.MAX_REPORT_MB,
            help="Read by the same pipeline, shown with the rest for this session only; nothing is saved.",
        )  # fmt: skip
        uploads.show_messages(ctx.upload_messages)
        uploads.paste_form()
