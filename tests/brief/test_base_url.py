"""The brief's App link is a full URL when the app's address is known: --base-url, $CRISIS_APP_URL,
the address of a view given as a URL, or (in the app) the address it is served on."""

from __future__ import annotations

import html

import pytest

from dashboard.brief import command
from dashboard.view.viewstate import ViewState
from tests.app_fixtures import write_corpus


@pytest.mark.parametrize(
    "address, base",
    [
        ("https://name.streamlit.app/?place=gn:foua", "https://name.streamlit.app/"),
        ("http://127.0.0.1:8501", "http://127.0.0.1:8501/"),
        ("HTTPS://Name.example.org/dash/", "https://Name.example.org/dash/"),
        ("https://name.streamlit.app/#top", "https://name.streamlit.app/"),
        ("javascript:alert(1)", None),
        ("ftp://files.example.org/", None),
        ("https://", None),
        ("name.streamlit.app", None),
        ("", None),
        (None, None),
    ],
)
def test_app_base(address, base):
    assert command.app_base(address) == base


def test_app_link_is_the_view_at_the_base():
    state = ViewState(places=("gn:foua",))
    assert (
        command.app_link("https://name.streamlit.app/?old=1", state)
        == "https://name.streamlit.app/?place=gn:foua"
    )
    assert command.app_link("https://name.streamlit.app/", ViewState()) == "https://name.streamlit.app/"
    assert command.app_link(None, state) == ""


@pytest.fixture
def corpus(tmp_path):
    return write_corpus(tmp_path)


def _link(page: str) -> str:
    start = page.index("App link: ") + len("App link: ")
    return page[start : page.index("</p>", start)]


@pytest.mark.parametrize(
    "view, base_url, link",
    [
        (
            "place=gn:foua",
            "https://name.streamlit.app/",
            '<a href="https://name.streamlit.app/?place=gn:foua">',
        ),
        # a view given as a URL: its address, the parameters that were used (the unknown one is not)
        (
            "https://h.example.org/?place=gn:foua&zoom=3",
            None,
            '<a href="https://h.example.org/?place=gn:foua">',
        ),
        # --base-url wins over the address of the view's URL
        (
            "https://old.example.org/?place=gn:foua",
            "https://new.example.org/",
            '<a href="https://new.example.org/?place=gn:foua">',
        ),
        ("place=gn:foua", None, "?place=gn:foua"),  # no address known: the query alone, as text
    ],
)
def test_brief_link(corpus, tmp_path, view, base_url, link):
    data, seeds = corpus
    files, _ = command.make_brief(
        view, tmp_path / "b", data, seeds_dir=seeds, render_files=False, base_url=base_url
    )
    shown = _link(files.html.read_text())
    assert link in shown, shown
    if "<a " not in link:
        assert "<a " not in shown and html.escape(link) in shown


def test_the_command_takes_base_url_or_the_environment(corpus, tmp_path, monkeypatch):
    data, seeds = corpus
    argv = ["--view", "place=gn:foua", "--data", str(data), "--seeds", str(seeds), "--html-only"]
    assert (
        command.main([*argv, "--out", str(tmp_path / "a"), "--base-url", "https://name.streamlit.app"]) == 0
    )
    assert 'href="https://name.streamlit.app/?place=gn:foua"' in (tmp_path / "a.html").read_text()
    monkeypatch.setenv(command.APP_URL_ENV, "https://env.example.org/")
    assert command.main([*argv, "--out", str(tmp_path / "b")]) == 0
    assert 'href="https://env.example.org/?place=gn:foua"' in (tmp_path / "b.html").read_text()


def test_a_bad_base_url_is_bad_input(corpus, tmp_path, capsys):
    data, seeds = corpus
    argv = [
        "--out",
        str(tmp_path / "a"),
        "--data",
        str(data),
        "--html-only",
        "--base-url",
        "javascript:alert(1)",
    ]
    assert command.main(argv) == 2
    assert "not an http(s) address" in capsys.readouterr().err
