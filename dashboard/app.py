"""The dashboard: `streamlit run dashboard/app.py [-- --data DIR --seeds DIR]`.

Layout only: the panels are drawn by dashboard.ui (what each holds is dashboard.view's to say).
"""

import sys
from pathlib import Path

import streamlit as st

st.set_page_config(page_title="Crisis dashboard", page_icon=":material/map:", layout="wide")

# Room for four panels at 1280 x 800: less padding, metric values that fit their cards; on a phone
# (Streamlit stacks columns under 640 px) the headline cards two by two. Sent first, so no chart is
# ever drawn at the default padding's narrower width.
PAGE_CSS = """<style>
[data-testid="stMainBlockContainer"] {padding-top: 3.9rem; padding-left: 1.6rem; padding-right: 1.6rem;
  padding-bottom: 2rem;}
[data-testid="stMetricValue"] {font-size: 1.55rem;}
[data-testid="stMetric"] {padding: 0.45rem 0.75rem;}
[data-testid="stSidebarHeader"] {height: 2.4rem; margin-bottom: 0;}
@media (max-width: 640px) {
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) {
    flex-wrap: wrap; gap: 0.5rem;}
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) > [data-testid="stColumn"] {
    flex: 1 1 calc(50% - 0.25rem) !important; min-width: calc(50% - 0.25rem) !important;
    width: calc(50% - 0.25rem) !important;}
  [data-testid="stMetricValue"] {font-size: 1.2rem;}
  [data-testid="stMetric"] {padding: 0.35rem 0.5rem;}
}
</style>"""
st.html(PAGE_CSS)

# The page's frame comes first, before the heavy imports. The browser fetches its chart library
# (~5 MB of JavaScript, most of a second to start) only when a chart arrives, so a session's
# first run puts an empty chart where the map goes: the library loads while the script reads
# the tables, and the map and timeline are drawn as soon as they come.
body = st.empty()  # the main area; with no tables it holds a message instead
with body.container():
    top = st.container()
    # Lazy tabs: only the open one is drawn on a run.
    dash_tab, table_tab = st.tabs(["Dashboard", "Table and search"], key="f_tab", on_change="rerun")
    with dash_tab:
        left, right = st.columns([3, 2], gap="medium")
        map_slot = left.empty()
if dash_tab.open and not st.session_state.get("_chart_library_sent"):
    st.session_state["_chart_library_sent"] = True
    map_slot.plotly_chart(
        {"data": [{"type": "scatter"}], "layout": {"xaxis": {"visible": False}, "yaxis": {"visible": False}}},
        config={"displayModeBar": False, "staticPlot": True},
    )

# `streamlit run` puts only this file's folder on the path; the package lives one up.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.ui import context, panels, sidebar  # noqa: E402

# Arguments after `--` reach the script as sys.argv[1:]; under AppTest argv is another program's.
argv = sys.argv[1:] if sys.argv and Path(sys.argv[0]).resolve() == Path(__file__).resolve() else []
ctx = context.build_context(argv)
sidebar.sidebar(ctx)
if ctx.empty:
    body.empty()
    panels.empty_page(ctx)
    st.stop()

with top:
    panels.notices(ctx)
    panels.header(ctx)
    panels.selection_bar(ctx)
if table_tab.open:
    with table_tab:
        panels.table_panel(ctx)
if dash_tab.open:
    with map_slot.container():
        panels.map_panel(ctx)
    with left:
        panels.unlocated_panel(ctx)
        panels.timeline_panel(ctx)
    with right:
        panels.numbers_panel(ctx)
        panels.series_panel(ctx)
        panels.excerpts_panel(ctx)
