"""The map draws the movements the reports state."""

from __future__ import annotations

from dashboard import tables as store
from dashboard.view import maps


def test_the_map_draws_the_movements_the_reports_state():
    """Routes come from the movements table: the seeds' evacuation from (eastern) Aleppo to Idlib."""
    from pathlib import Path

    from dashboard.view import filters
    from dashboard.view.viewstate import ViewState

    tables = store.read_tables(Path(__file__).resolve().parents[2] / "data")
    pairs = set(maps.routes(tables)[["origin_id", "destination_id"]].itertuples(index=False, name=None))
    assert {("aleppo", "idlib_province"), ("eastern_aleppo", "idlib")} <= pairs
    route = maps.routes(tables).set_index(["origin_id", "destination_id"]).loc[("aleppo", "idlib_province")]
    assert any("want to leave" in f for f in route["figures"]), "a route carries the figures of people moving"
    foua_only = filters.apply(tables, ViewState(places=("foua",)))
    assert set(foua_only["movements"]["origin_id"]) == {"foua"}
