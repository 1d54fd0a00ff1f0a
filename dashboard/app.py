"""The dashboard: `streamlit run dashboard/app.py [-- --data DIR --seeds DIR]`.

Layout only; the panels are drawn by dashboard.ui, the figures built by dashboard.charts.
"""

import sys
from pathlib import Path

import streamlit as st

# `streamlit run` puts only this file's folder on the path; the package lives one up.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import ui  # noqa: E402

st.set_page_config(page_title="Crisis dashboard", page_icon=":material/map:", layout="wide")

ui.page_style()
# Arguments after `--` reach the script as sys.argv[1:]; under AppTest argv is another program's.
argv = sys.argv[1:] if sys.argv and Path(sys.argv[0]).resolve() == Path(__file__).resolve() else []
ctx = ui.build_context(argv)
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
