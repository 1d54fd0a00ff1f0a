"""Selecting (or filtering to) a place brings the sentences that only name it: a place spoken of
with no figure or date is still something the reports say of it ("0 sentences" was wrong)."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import schema
from dashboard.view import panels
from dashboard.view.viewstate import ViewState

PLACES = [
    ("aleppo", "Aleppo", 36.2, 37.13, "city", None),
    ("east", "eastern Aleppo", 36.21, 37.18, "district", "aleppo"),
    ("idlib", "Idlib", 35.93, 36.63, "city", None),
    ("homs", "Homs", 34.73, 36.71, "city", None),
]


def _tables(text: str, names: dict[str, str], figure: str | None = None) -> dict[str, pd.DataFrame]:
    """One report `r1` with `text`; every occurrence of each name in `names` (surface -> place id,
    longest first) a mention; `figure` (words in the text) one figure in its sentence."""
    ments, taken = [], []
    for surface, pid in names.items():
        pos = text.find(surface)
        while pos >= 0:
            if not any(s <= pos < e for s, e in taken):
                taken.append((pos, pos + len(surface)))
                ments.append({"article_id": "r1", "place_id": pid, "surface": surface, "start": pos,
                              "end": pos + len(surface)})  # fmt: skip
            pos = text.find(surface, pos + 1)
    figs = []
    if figure:
        start = text.index(figure)
        qs, qe = text.rfind("\n", 0, start) + 1, text.find("\n", start)
        figs.append({"figure_id": "r1-f1", "article_id": "r1", "value": 5.0, "subject": "buses",
                     "text": figure, "start": start, "end": start + len(figure), "quote": text[qs:qe],
                     "quote_start": qs, "quote_end": qe, "place_id": "homs", "claim_id": "c1"})  # fmt: skip
    places = pd.DataFrame(PLACES, columns=["place_id", "name", "lat", "lon", "kind", "parent"])
    mdf = pd.DataFrame(ments, columns=["article_id", "place_id", "surface", "start", "end"])
    places["n_mentions"] = places["place_id"].map(mdf["place_id"].value_counts()).fillna(0)
    places["n_articles"] = (places["n_mentions"] > 0).astype(int)
    places["n_figures"] = 0
    raw = {
        "articles": pd.DataFrame([{"article_id": "r1", "source_file": "r1.txt", "title": "R", "chars": len(text)}]),
        "places": places, "mentions": mdf, "figures": pd.DataFrame(figs),
        "claims": pd.DataFrame([{"claim_id": "c1", "subject": "buses", "n_figures": 1, "n_sources": 1}]) if figs
        else pd.DataFrame(),
    }  # fmt: skip
    out = {}
    for name, table in schema.TABLES.items():
        df = raw.get(name, pd.DataFrame())
        for col in table.column_names:
            if col not in df:
                df[col] = None
        out[name] = schema.enforce(df[table.column_names], table)
    return out


NAMES = {"eastern Aleppo": "east", "Aleppo": "aleppo", "Idlib": "idlib", "Homs": "homs"}

# text, selected place, figure words (or None), the sentences expected (in report order)
CASES = [
    ("a place named once, nothing else said",
     "Title\n\nThe convoy left for Idlib at dawn.\nFive buses waited in Homs.\n", "idlib", "Five buses",
     ["The convoy left for Idlib at dawn."]),
    ("named twice in one sentence: one excerpt",
     "Title\n\nFrom Idlib to Idlib city is no distance.\n", "idlib", None,
     ["From Idlib to Idlib city is no distance."]),
    ("two sentences of one line, the one naming it",
     "Title\n\nRain fell. Families reached Idlib late. Roads closed.\n", "idlib", None,
     ["Families reached Idlib late."]),
    ("a city brings its districts' sentences",
     "Title\n\nShelling hit eastern Aleppo overnight.\nAleppo was quiet by noon.\n", "aleppo", None,
     ["Shelling hit eastern Aleppo overnight.", "Aleppo was quiet by noon."]),
    ("a figure's sentence first in rank, both shown in report order",
     "Title\n\nPeople in Homs talked of Idlib.\nFive buses reached Homs.\n", "homs", "Five buses",
     ["People in Homs talked of Idlib.", "Five buses reached Homs."]),
    ("a place not selected brings nothing of its own",
     "Title\n\nThe convoy left for Idlib at dawn.\nFive buses waited in Homs.\n", "homs", "Five buses",
     ["Five buses waited in Homs."]),
]  # fmt: skip


def _said(tables, text, state: ViewState, with_text: bool = True) -> list[str]:
    shown, total = panels.panels(tables, state).sentences(None, {"r1": text}.get if with_text else None)
    assert total == len(shown)
    return [text[s.start : s.end] for s in shown]


@pytest.mark.parametrize("case, text, place, figure, expected", CASES, ids=[c[0] for c in CASES])
def test_a_selected_place_brings_the_sentences_that_name_it(case, text, place, figure, expected):
    tables = _tables(text, NAMES, figure)
    assert _said(tables, text, ViewState(selected_places=(place,))) == expected


@pytest.mark.parametrize("case, text, place, figure, expected", CASES, ids=[c[0] for c in CASES])
def test_a_place_filter_brings_them_too(case, text, place, figure, expected):
    tables = _tables(text, NAMES, figure)
    assert _said(tables, text, ViewState(places=(place,))) == expected


def test_without_a_place_chosen_only_sentences_that_say_something():
    text = CASES[0][1]
    assert _said(_tables(text, NAMES, "Five buses"), text, ViewState()) == ["Five buses waited in Homs."]


def test_without_the_reports_text_no_sentence_is_made_up():
    text = CASES[0][1]
    tables = _tables(text, NAMES, "Five buses")
    assert _said(tables, text, ViewState(selected_places=("idlib",)), with_text=False) == []
