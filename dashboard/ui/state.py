"""The view state in the URL: each run reads it from `st.query_params`, every widget writes it back
there in its callback (callbacks run before the script), so the URL always describes what is on
screen and a copied link reproduces it.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from dashboard.view import viewstate
from dashboard.view.viewstate import ViewState

K_GENERATION = "_chart_generation"  # bumped to reset the charts' own selection state


def read_state() -> tuple[ViewState, list[str]]:
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    return viewstate.from_query(params)


def write_state(state: ViewState) -> None:
    """Put the view in the URL (canonical form; only when it differs, to spare the browser)."""
    wanted = viewstate.to_query(state)
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    if current != {k: [v] for k, v in wanted.items()}:
        st.query_params.from_dict(wanted)


def update(**changes) -> None:
    state, _ = read_state()
    write_state(replace(state, **changes))


def reset_charts() -> None:
    st.session_state[K_GENERATION] = st.session_state.get(K_GENERATION, 0) + 1


def clear_selection() -> None:
    state, _ = read_state()
    write_state(state.cleared_selection())
    reset_charts()


def reset_view() -> None:
    write_state(ViewState())
    reset_charts()


def sync(key: str, value) -> None:
    """Widgets show the state from the URL (set before the widget is drawn)."""
    st.session_state[key] = value
