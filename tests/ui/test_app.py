"""The app end to end with Streamlit's AppTest: real script runs, no browser."""

from __future__ import annotations

import json
import os
import time
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import tables as store
from dashboard.ui import context, loaders
from dashboard.ui.untrusted import inert
from dashboard.view import viewstate
from dashboard.view.viewstate import ViewState
from tests.app_fixtures import (
    XSS_LINE,
    make_tables,
    open_uploader,
    run_app,
    use_committed_data,
    use_corpus,
    write_corpus,
)

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    return use_corpus(tmp_path, monkeypatch)


def run(params: dict | None = None) -> AppTest:
    return run_app(params)


def charts(at: AppTest) -> dict[str, dict]:
    """The plotly figures on the page, by the key prefix of their chart."""
    out = {}
    for el in at.get("plotly_chart"):
        name = "map" if "map-" in el.proto.id else "series" if "series" in el.proto.id else "timeline"
        out[name] = json.loads(el.proto.spec)
    return out


def html_bodies(at: AppTest) -> str:
    return "\n".join(el.proto.body for el in at.get("html"))


def panels(at: AppTest) -> dict:
    """What each panel shows, in a form two views can be compared by."""
    figs = charts(at)
    return {
        "map": sorted(str(v) for t in figs["map"]["data"] for c in (t.get("customdata") or []) for v in c),
        "timeline": sorted(str(x) for t in figs["timeline"]["data"] for x in (t.get("x") or []) if x),
        "numbers": [e.label for e in at.expander if "badge[" in e.label],
        "excerpts": html_bodies(at),
    }


# ---------------------------------------------------------------- runs


def test_runs_on_the_committed_data(monkeypatch):
    use_committed_data(monkeypatch)
    at = run()
    figs = charts(at)
    assert set(figs) == {"map", "timeline", "series"}  # the seeds' civilians remaining, Nov then Dec
    assert any("How many so far" in m.value for m in at.markdown)
    points = [t for t in figs["series"]["data"] if t.get("mode") == "markers+text"]
    assert sorted(y for t in points for y in t["y"]) == [50000, 250000]
    assert len(at.metric) >= 1
    assert "<mark" in html_bodies(at)  # excerpts with highlights
    ids = {c[0] for t in figs["map"]["data"] for c in (t.get("customdata") or [])}
    names = set(store.read_tables(ROOT / "data")["places"].set_index("place_id").loc[list(ids), "name"])
    assert {"Aleppo", "Foua", "Kefraya"} <= names


def test_runs_on_the_small_corpus(corpus):
    at = run()
    shown = panels(at)
    assert "gn:foua" in shown["map"] and "gn:syria" not in shown["map"]
    assert len(shown["numbers"]) == 6
    assert at.metric[0].value == "40,000–50,000"
    assert not at.warning  # the tables are newer than the reports


def test_empty_data_folder_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv(loaders.DATA_ENV, str(tmp_path / "nothing"))
    at = run()
    assert any("No reports" in i.value and "python -m dashboard build" in i.value for i in at.info)
    assert not at.get("plotly_chart")
    assert at.file_uploader  # reports can still be added


def test_small_and_large_table_files_read_alike(corpus, monkeypatch):
    data, _ = corpus
    small = store.read_tables(data)  # pandas' parser
    monkeypatch.setattr(store, "PYARROW_FROM_BYTES", 0)
    large = store.read_tables(data)  # pyarrow's
    for name, table in small.items():
        pd.testing.assert_frame_equal(table, large[name], obj=name)


def test_first_run_leaves_only_the_two_charts(corpus):
    # The first run's stand-in chart (it starts the chart library loading) is replaced by the map.
    at = run()
    assert at.session_state["_chart_library_sent"]
    assert len(at.get("plotly_chart")) == 2
    at.run()
    assert set(charts(at)) == {"map", "timeline"} and len(at.get("plotly_chart")) == 2


def test_unreadable_table_is_an_error_message(corpus):
    data, _ = corpus
    (data / "figures.csv").write_text("figure_id,value\nf1,not a number\n", encoding="utf-8")
    at = run()
    assert any("cannot be read" in e.value for e in at.error)


def test_data_folder_from_the_command_line(corpus, monkeypatch, tmp_path):
    data, seeds = corpus
    monkeypatch.setenv(loaders.DATA_ENV, str(tmp_path / "elsewhere"))
    assert loaders.data_dir(["--data", str(data)]) == data
    assert loaders.data_dir([str(data)]) == data
    assert loaders.data_dir(["--seeds", str(seeds)]) == tmp_path / "elsewhere"
    assert loaders.seeds_dir([f"--seeds={seeds}"]) == seeds
    assert loaders.data_dir([], environ={}) == ROOT / "data"


def test_stale_tables_tell_how_to_rebuild(corpus):
    data, seeds = corpus
    later = time.time() + 60
    os.utime(seeds / "b2.txt", (later, later))
    at = run()
    assert any(inert("b2.txt") in w.value and "dashboard build" in w.value for w in at.warning)


# ---------------------------------------------------------------- filters


@pytest.mark.parametrize(
    "widget, value",
    [
        ("f_places", ["gn:foua"]),
        ("f_sources", ["b2"]),
        ("f_subjects", ["buses"]),
    ],
)
def test_each_filter_changes_every_panel(corpus, widget, value):
    at = run()
    before = panels(at)
    at.multiselect(key=widget).set_value(value).run()
    after = panels(at)
    for panel in ("map", "timeline", "numbers", "excerpts"):
        assert after[panel] != before[panel], panel
    param = {"f_places": "place", "f_sources": "source", "f_subjects": "subject"}[widget]
    assert at.query_params[param] == ",".join(value)


def test_date_filter_changes_every_panel(corpus):
    at = run()
    before = panels(at)
    at.date_input(key="f_dates").set_value((date(2016, 12, 14), date(2016, 12, 14))).run()
    after = panels(at)
    for panel in ("map", "timeline", "numbers", "excerpts"):
        assert after[panel] != before[panel], panel
    assert (at.query_params["from"], at.query_params["to"]) == ("2016-12-14", "2016-12-14")


def test_view_options_change_the_charts(corpus):
    at = run()
    at.radio(key="f_by").set_value("place").run()
    rows = charts(at)["timeline"]["layout"]["yaxis"]["categoryarray"]
    assert "Eastern Aleppo" in rows and at.query_params["by"] == "place"
    at.selectbox(key="f_map_style").set_value("carto-positron").run()
    layers = charts(at)["map"]["layout"]["map"]["layers"]
    assert any(layer.get("sourcetype") == "raster" for layer in layers)
    assert any("CARTO" in c.value for c in at.caption)


def test_charts_take_selections(corpus):
    at = run()
    els = at.get("plotly_chart")
    modes = {("map" if "map-" in el.proto.id else "timeline"): list(el.proto.selection_mode) for el in els}
    assert len(modes["map"]) == 1 and len(modes["timeline"]) == 2  # points; points and box


# ---------------------------------------------------------------- deep links


FULL = ViewState(
    places=("gn:aleppo",),
    date_from=date(2016, 12, 13),
    date_to=date(2016, 12, 15),
    sources=("a1", "c3"),
    subjects=("civilians",),
    selected_places=("gn:east-aleppo",),
    selected_days=(date(2016, 12, 13), date(2016, 12, 15)),
    claim="c-remain",
    report="c3",
    map_style="open-street-map",
    timeline_by="place",
)


def test_query_params_round_trip(corpus):
    params = viewstate.to_query(FULL)
    at = run(params)
    assert dict(at.query_params) == params  # set -> view -> params
    assert at.multiselect(key="f_places").value == ["gn:aleppo"]
    assert at.multiselect(key="f_sources").value == ["a1", "c3"]
    assert at.date_input(key="f_dates").value == (date(2016, 12, 13), date(2016, 12, 15))
    assert at.radio(key="f_by").value == "place"
    assert at.selectbox(key="f_map_style").value == "open-street-map"
    assert at.selectbox(key="f_report").value == "c3"
    assert any(e.label.startswith(":orange-badge") or "40,000" in e.label for e in at.expander)
    claims = {e.label: e for e in at.expander if "badge[" in e.label}
    opened = [label for label, e in claims.items() if len(e.children)]  # content runs only when open
    assert len(opened) == 1 and "civilians remain" in opened[0]
    assert any(b.proto.body.count("<mark") for b in claims[opened[0]].get("html"))  # each report's excerpt
    assert any("Selection" in m.value for m in at.markdown)


def test_same_link_same_view(corpus):
    params = viewstate.to_query(FULL)
    first, second = run(params), run(params)
    assert panels(first) == panels(second)


def test_selection_narrows_the_other_panels(corpus):
    plain = panels(run())
    picked = run({"sel": "gn:foua"})
    shown = panels(picked)
    assert shown["map"] == plain["map"]  # the map keeps every place, highlighted
    assert shown["excerpts"] != plain["excerpts"] and "Foua" in shown["excerpts"]
    assert len(shown["numbers"]) == 1
    picked.button(key="clear_sel").click().run()
    assert "sel" not in picked.query_params
    assert panels(picked)["numbers"] == plain["numbers"]


@pytest.mark.parametrize(
    "params, kept",
    [
        ({"from": "yesterday", "place": "gn:foua"}, {"place": "gn:foua"}),
        ({"zoom": "12", "map": "satellite"}, {}),
        ({"place": "gn:nowhere,gn:foua", "claim": "c-nope"}, {"place": "gn:foua"}),
        ({"days": "2016-13-45", "by": "place"}, {"by": "place"}),
    ],
)
def test_bad_params_fall_back_with_a_notice(corpus, params, kept):
    at = run(params)
    assert any("Ignored" in i.value for i in at.info)
    assert dict(at.query_params) == kept  # the URL is put right


# ---------------------------------------------------------------- uploads, exports, safety


def test_upload_adds_reports_for_the_session(monkeypatch):
    use_committed_data(monkeypatch)
    before = {p.name for p in (ROOT / "data").iterdir()}
    at = run()
    n = len(store.read_tables(ROOT / "data")["articles"])
    text = (
        "Convoy reaches Idlib\n\nBy Staff Writer December 16, 2016\n\n"
        "At least 3,000 people were evacuated from eastern Aleppo to Idlib province on Thursday.\n"
    )
    open_uploader(at)
    at.file_uploader(key="f_upload").set_value(("convoy.txt", text.encode(), "text/plain")).run()
    assert not at.exception
    assert any(f"{n + 1} reports" in m.value for m in at.markdown)
    assert any("Added 1 report" in s.value for s in at.success)
    assert {p.name for p in (ROOT / "data").iterdir()} == before  # nothing written


def test_upload_limits(monkeypatch):
    big = context.uploads.MAX_UPLOAD_BYTES + 1
    files = [(f"r{i}.txt", 10) for i in range(12)] + [("big.txt", big)]
    accepted, messages = context.check_uploads(files)
    assert accepted == list(range(10))
    assert "only the first 10" in messages[0]
    accepted, messages = context.check_uploads([("big.html", big), ("x.exe", 5), ("e.md", 0), ("ok.md", 9)])
    assert accepted == [3]
    assert any("over the 10 MB limit" in m for m in messages)
    assert any("not a .txt, .md, .html, .pdf or .docx" in m for m in messages)
    assert any("empty" in m for m in messages)


def test_add_uploaded_goes_through_the_pipeline():
    pipeline = pytest.importorskip("dashboard.extract.pipeline")
    assert callable(pipeline.add_reports)
    tables = make_tables()
    merged, messages, texts = context.add_uploaded(
        tables, [("new.txt", b"Aleppo\n\nSome 500 people left Aleppo.\n")]
    )
    assert len(merged["articles"]) == len(tables["articles"]) + 1
    assert messages[0].startswith("Added 1 report") and "new.txt" in texts
    same, messages, _ = context.add_uploaded(tables, [("x.exe", b"MZ")])
    assert same is tables and messages[0].startswith("No report was added") and "not a .txt" in messages[1]


def test_downloads_are_offered(corpus):
    at = run()
    labels = {b.label for b in at.get("download_button")}
    assert {"CSV", "CSV + HXL", "Places as GeoJSON"} <= labels


def test_xss_report_renders_as_text(tmp_path, monkeypatch):
    data, seeds = write_corpus(tmp_path, xss=True)
    monkeypatch.setenv(loaders.DATA_ENV, str(data))
    monkeypatch.setenv(loaders.SEEDS_ENV, str(seeds))
    at = run({"report": "c3"})
    body = html_bodies(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "<script>alert" not in body and XSS_LINE not in body
    for text in (
        [m.value for m in at.markdown] + [e.label for e in at.expander] + [c.value for c in at.caption]
    ):
        assert "<script>" not in text and "<img" not in text
    hover = json.dumps(charts(at)["timeline"])
    assert "<script>" not in hover and "<img" not in hover


def test_a_large_corpus_is_filtered_in_duckdb_with_the_same_panels(tmp_path, monkeypatch):
    """Past view.sql.SQL_FROM_REPORTS reports (here: 1) the app's filters run in DuckDB over the
    Parquet tables; every panel shows what the pandas path shows, for a filtered link too."""
    from dashboard.extract import pipeline
    from dashboard.view import sql

    pipeline.build(ROOT / "seeds", tmp_path, progress=False)
    monkeypatch.setenv(loaders.DATA_ENV, str(tmp_path))
    monkeypatch.setenv(loaders.SEEDS_ENV, str(ROOT / "seeds"))
    links = [{}, {"place": "aleppo", "from": "2016-12-15"}]
    by_pandas = [panels(run(q)) for q in links]
    monkeypatch.setattr(sql, "SQL_FROM_REPORTS", 1)
    loaders.sql_store.clear()
    assert loaders.sql_store(str(tmp_path), store.stamp(tmp_path)) is not None
    calls = []
    apply = sql.Store.apply
    monkeypatch.setattr(sql.Store, "apply", lambda self, state: calls.append(state) or apply(self, state))
    assert [panels(run(q)) for q in links] == by_pandas
    assert len(calls) >= len(links)  # the panels came from DuckDB


def test_what_happened_and_who_says_so_filter_the_figures(monkeypatch):
    use_committed_data(monkeypatch)
    at = run()
    every = {e.label for e in at.expander if "badge[" in e.label}
    at.multiselect(key="f_statuses").set_value(["planned"]).run()
    planned = {e.label for e in at.expander if "badge[" in e.label}
    assert at.query_params["status"] == "planned"
    assert 0 < len(planned) < len(every)
    at.multiselect(key="f_statuses").set_value([]).run()
    at.multiselect(key="f_claimants").set_value(["government"]).run()
    assert at.query_params["who"] == "government"
    said = {e.label for e in at.expander if "badge[" in e.label}
    assert 0 < len(said) < len(every)  # restated from the government's figures alone
