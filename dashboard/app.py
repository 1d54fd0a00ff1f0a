"""The dashboard: `streamlit run dashboard/app.py [-- --data DIR --seeds DIR]`.

Layout only; the panels are drawn by dashboard.ui, the figures built by dashboard.charts.
"""

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(
    0, str(Path(__file__).resolve().parent.parent)
)  # `streamlit run` puts only this folder on the path

from dashboard import ui  # noqa: E402

st.set_page_config(page_title="Crisis dashboard", page_icon=":material/map:", layout="wide")

ui.page_style()
ctx = ui.build_context(sys.argv[1:])
ui.sidebar(ctx)
if ctx.empty:
    ui.empty_page(ctx)
    st.stop()

ui.notices(ctx)
ui.header(ctx)
ui.selection_bar(ctx)
left, right = st.columns([3, 2], gap="medium")
with left:
    ui.map_panel(ctx)
    ui.timeline_panel(ctx)
with right:
    ui.numbers_panel(ctx)
    ui.excerpts_panel(ctx)
