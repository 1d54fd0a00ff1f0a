"""Places we could not locate: listed with their words in the app and the brief, never on the map."""

from __future__ import annotations

import pytest

from dashboard import tables as store
from dashboard.extract import pipeline
from dashboard.view.unlocated import unlocated_places

REPORT = """Shelling hits villages near Idlib

IDLIB, Syria, 14 December 2016 - Shelling on Foua, Zarzour and Kafr Hamra went on on Wednesday.
Families arrived in Zarzour on Tuesday, where <b>aid</b> was short, a doctor said.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[dict, dict]:
    seeds = tmp_path_factory.mktemp("seeds")
    (seeds / "r1.txt").write_text(REPORT, encoding="utf-8")
    out = tmp_path_factory.mktemp("data")
    pipeline.build(seeds, out, progress=False)
    tables = store.read_tables(out)
    aid = tables["articles"]["article_id"].iloc[0]
    return tables, {aid: (seeds / "r1.txt").read_text(encoding="utf-8")}


def test_each_unlocated_place_with_its_words(built):
    tables, texts = built
    lost = unlocated_places(tables, texts.get)
    names = [p.name for p in lost]
    assert names[0] == "Zarzour" and "Kafr Hamra" in names  # the most mentioned first
    assert "Foua" not in names and "Idlib" not in names  # located places are on the map
    zarzour = lost[0]
    assert (zarzour.n_mentions, zarzour.n_reports) == (2, 1)
    assert all("<mark>Zarzour</mark>" in excerpt for _, excerpt in zarzour.excerpts)
    assert all("<b>" not in excerpt for _, excerpt in zarzour.excerpts)  # report text is escaped


def test_without_the_text_the_name_alone(built):
    tables, _ = built
    assert unlocated_places(tables)[0].excerpts[0][1] == "<mark>Zarzour</mark>"


def test_the_brief_lists_them(built):
    from dashboard.brief.page import brief_html

    tables, texts = built
    page = brief_html(tables, text_of=texts.get)
    assert "Places we could not locate" in page and "<mark>Zarzour</mark>" in page


def test_the_app_lists_them(tmp_path, monkeypatch):
    from dashboard.ui import loaders
    from tests.app_fixtures import run_app

    data, seeds = tmp_path / "data", tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "r1.txt").write_text(REPORT, encoding="utf-8")
    pipeline.build(seeds, data, progress=False)
    monkeypatch.setenv(loaders.DATA_ENV, str(data))
    monkeypatch.setenv(loaders.SEEDS_ENV, str(seeds))
    at = run_app()
    box = next(e for e in at.expander if "Places we could not locate" in e.label)
    assert "(2)" in box.label
    assert "<mark>Zarzour</mark>" not in "\n".join(el.proto.body for el in at.get("html"))  # read when opened
    at.session_state["unlocated"] = True
    at.run()
    shown = "\n".join(el.proto.body for el in at.get("html"))
    assert "<mark>Zarzour</mark>" in shown
