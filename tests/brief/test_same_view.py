"""The brief shows the view the app shows: for a table of view states, the claims listed, the places
on the map, the days on the timeline and the excerpts are the same in the app (AppTest) and the
brief, because both ask dashboard.view.panels what each panel holds."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.brief import page
from dashboard.ui import loaders
from dashboard.view import viewstate
from tests.app_fixtures import make_tables, texts, write_corpus

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")

VIEWS = [
    "",
    "place=gn:foua",
    "from=2016-12-14&to=2016-12-15",
    "claim=c-buses",
    "claim=c-buses&place=gn:aleppo",
    "sel=gn:foua",
    "days=2016-12-14",
    "source=b2&sel=gn:aleppo",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    data, seeds = write_corpus(tmp_path_factory.mktemp("corpus"))
    return data, seeds


def app_view(query: str, corpus, monkeypatch) -> dict:
    data, seeds = corpus
    monkeypatch.setenv(loaders.DATA_ENV, str(data))
    monkeypatch.setenv(loaders.SEEDS_ENV, str(seeds))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, values in viewstate.parse_view(query)[0].items():
        at.query_params[key] = values[0]
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    figures = {
        ("map" if "map-" in el.proto.id else "series" if "series" in el.proto.id else "timeline"): json.loads(
            el.proto.spec
        )
        for el in at.get("plotly_chart")
    }
    claims = [_claim_words(e.label) for e in at.expander if "badge[" in e.label]
    bodies = "\n".join(el.proto.body for el in at.get("html"))
    return {
        "claims": claims,
        "places": _places(figures["map"]["data"]),
        "days": _days(figures["timeline"]["data"]),
        "excerpts": _quotes(bodies),
    }


def brief_view(query: str) -> dict:
    params, _ = viewstate.parse_view(query)
    state, _ = viewstate.from_query(params)
    html_text = page.brief_html(make_tables(), state, text_of={k[:-4]: v for k, v in texts().items()}.get)
    rows = re.findall(r'<td class="value">(.*?)</td>\s*<td class="what">(.*?)<', html_text, re.S)
    return {
        "claims": [unescape(v) for v, _ in rows],
        "places": _places(json.loads(_figure(html_text, "brief-map"))),
        "days": _days(json.loads(_figure(html_text, "brief-timeline"))),
        "excerpts": _quotes(html_text),
    }


def _figure(html_text: str, div: str) -> str:
    return re.search(rf'Plotly\.newPlot\(\s*"{div}",\s*(\[.*?\]),\s*\{{', html_text, re.S).group(1)


def _claim_words(label: str) -> str:
    """The claim's number as the expander label shows it ("**at least 82**" -> "at least 82")."""
    return re.search(r"\*\*(.*?)\*\*", label).group(1).replace("\\", "")


def _places(traces: list[dict]) -> set[str]:
    return {
        str(v)
        for t in traces
        for c in (t.get("customdata") or [])
        for v in (c if isinstance(c, list) else [c])
        if v
    }


def _days(traces: list[dict]) -> set[str]:
    return {str(c[0])[:10] for t in traces for c in (t.get("customdata") or []) if isinstance(c, list) and c}


def _quotes(html_text: str) -> set[str]:
    """The excerpts' sentences, as text."""
    return {
        " ".join(re.sub(r"<[^>]+>", "", unescape(q)).split())
        for q in re.findall(r"<blockquote>(.*?)</blockquote>", html_text, re.S)
    }


@pytest.mark.parametrize("query", VIEWS, ids=lambda q: q or "default")
def test_the_brief_shows_the_apps_view(query, corpus, monkeypatch):
    app, brief = app_view(query, corpus, monkeypatch), brief_view(query)
    assert brief["claims"] == app["claims"][: len(brief["claims"])], "the same key numbers, in the same order"
    assert len(brief["claims"]) == min(len(app["claims"]), page.MAX_NUMBERS)
    assert brief["places"] == app["places"]
    assert brief["days"] == app["days"]
    assert brief["excerpts"] <= app["excerpts"], "the brief's top excerpts are among the app's"
    if len(app["excerpts"]) <= page.MAX_EXCERPTS:
        assert brief["excerpts"] == app["excerpts"]


def test_an_opened_claim_stays_among_the_others():
    """The defect this test was written for: with ?claim= the brief listed that claim alone."""
    claims = brief_view("claim=c-buses")["claims"]
    assert len(claims) > 1 and claims[0] == "5"
