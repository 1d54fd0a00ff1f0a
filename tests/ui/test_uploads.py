"""Reports added in the app: names and words from files and URLs shown as written, uploads
checked and read for the session only."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.ui import loaders, uploads
from dashboard.ui.untrusted import REPLACEMENT, inert, plain
from tests.app_fixtures import open_uploader, use_corpus

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")

# Each shape of name that Markdown, Streamlit's extensions or a terminal would read as more than words.
HOSTILE = {
    "image": "![x](http://127.0.0.1:9/pixel).txt",
    "link": "[click](javascript:alert(1)).txt",
    "latex": "$\\frac{1}{0}$ cost.txt",
    "colour": ":red[ALERT] evacuate.txt",
    "icon": ":material/warning: x.md",
    "html": "<img src=x onerror=alert(1)>.html",
    "heading": "# Big\n===.txt",
    "entity": "&lt;b&gt;.txt",
    "emphasis": "**bold** _it_ ~~s~~ `code`.txt",
    "backslash": "a\\*b\\.txt",
    "bidi": "report\u202etxt.exe",
    "nul": "evil\x00.exe.txt",
}
# A raw Markdown construct left in a message (not preceded by a backslash).
_LIVE = re.compile(r"(?<!\\)(?:\\\\)*(?:!\[|\]\(|\$|:red\[|:material/|<img|\*\*|&lt;)")


def _unescape(markdown: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_inert_markdown_reads_as_the_words(name):
    text = HOSTILE[name]
    out = inert(text)
    assert not _LIVE.search(out), out
    # every ASCII punctuation character is escaped (an odd run of backslashes before it)
    for m in re.finditer(r"(\\*)([!-/:-@\[-`{-~])", out):
        if m.group(2) != "\\":
            assert len(m.group(1)) % 2 == 1, (out, m.start())
    assert "\n" not in out and "\x00" not in out and "\u202e" not in out
    assert _unescape(out) == plain(text)  # the words come back exactly, on one line


def test_plain_makes_invisible_characters_visible():
    assert plain("a\x00b\u202ec\nd") == f"a{REPLACEMENT}b{REPLACEMENT}c d"
    assert plain(None) == "" and plain(float("nan")) == ""
    assert plain("x" * 200, 10) == "x" * 9 + "…"


def test_nul_byte_in_a_name_is_refused_with_a_message():
    accepted, messages = uploads.check_uploads([("evil\x00.exe.txt", 10), ("ok.txt", 10)])
    assert accepted == [1]
    assert "NUL byte" in messages[0] and "\x00" not in messages[0]


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    return use_corpus(tmp_path, monkeypatch)


def _shown_markdown(at: AppTest) -> list[str]:
    """Every string Streamlit renders as Markdown on the page."""
    out = [m.value for m in at.markdown] + [c.value for c in at.caption]
    out += [e.label for e in at.expander]
    for kind in ("success", "warning", "info", "error"):
        out += [a.value for a in getattr(at, kind)]
    return out


# The raw forms of HOSTILE's constructs: none may reach a Markdown string on the page.
RAW = ["![x](", "[click](", "$\\frac", ":red[", ":material/warning: x", "<img src=x", "**bold**", "&lt;b&gt;"]


def _assert_inert_page(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    for text in _shown_markdown(at):
        assert not any(raw in text for raw in RAW), text


def test_hostile_file_names_are_shown_as_written(corpus):
    at = AppTest.from_file(APP, default_timeout=60)
    open_uploader(at.run())
    report = b"Aleppo\n\nSome 500 people left Aleppo on 3 May 2016.\n"
    files = [(name, report + name.encode("utf-8", "replace"), "text/plain") for name in HOSTILE.values()]
    files[list(HOSTILE).index("html")] = (HOSTILE["html"], b"", "text/html")  # refused: empty, so named
    at.file_uploader(key=uploads.K_UPLOAD).set_value(files[: uploads.MAX_UPLOAD_FILES]).run()
    _assert_inert_page(at)
    assert any(s.value.startswith("Added") for s in at.success)
    warnings = " ".join(w.value for w in at.warning)
    assert inert(plain(HOSTILE["html"])) in warnings  # named as written
    at.file_uploader(key=uploads.K_UPLOAD).set_value(files[uploads.MAX_UPLOAD_FILES :]).run()
    _assert_inert_page(at)
    warnings = " ".join(w.value for w in at.warning)
    assert "NUL byte" in warnings
    assert inert(plain(HOSTILE["bidi"])) in warnings


def test_hostile_url_parameters_are_shown_as_written(corpus):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["![x](http://127.0.0.1:9/p)"] = "1"
    at.query_params["place"] = ":red[x]$\\frac{1}{2}$"
    at.run()
    assert any("Ignored" in i.value for i in at.info)
    _assert_inert_page(at)


# ---------------------------------------------------------------- pasted reports

PASTED = (
    "At least 3,000 people were evacuated from eastern Aleppo to Idlib province on Thursday.\n"
    "Buses left Foua on Friday."
)


@pytest.mark.parametrize(
    "fields, ok, words",
    [
        ({"text": PASTED, "title": "Convoy reaches Idlib"}, True, []),
        ({"text": "   \n "}, False, ["Paste the report's text first."]),
        ({"text": PASTED, "url": "javascript:alert(1)"}, True, ["not an http(s) address"]),
        ({"text": "x" * (uploads.MAX_UPLOAD_BYTES + 1)}, False, ["over the"]),
    ],
)
def test_pasted_report_cases(fields, ok, words):
    report, messages = uploads.pasted_report(**fields)
    assert (report is not None) == ok
    for w in words:
        assert any(w in m for m in messages), messages
    if report is not None:
        assert report.name.startswith("pasted-") and report.name.endswith(".txt")
        assert re.fullmatch(r"pasted-[a-z0-9-]+-[0-9a-f]{8}\.txt", report.name)
        assert report.curation["url"] is None or report.curation["url"].startswith("http")


def test_a_pasted_report_joins_the_session(corpus):
    at = AppTest.from_file(APP, default_timeout=60)
    open_uploader(at.run())
    at.text_area(key="paste_text").input(PASTED)
    at.text_input(key="paste_title").input("Convoy reaches Idlib")
    at.text_input(key="paste_outlet").input("Field Desk")
    at.date_input(key="paste_published").set_value(date(2016, 12, 16))
    at.text_input(key="paste_url").input("https://example.org/convoy")
    next(b for b in at.button if b.label == "Add this report").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(s.value.startswith("Added 1 report") for s in at.success), [s.value for s in at.success]
    assert any("4 reports" in m.value for m in at.markdown)
    assert any("1 pasted report" in c.value for c in at.caption)
    tables = at.session_state[uploads.K_UPLOAD_RESULT][1][0]
    art = tables["articles"][tables["articles"]["source_file"].str.startswith("pasted-")].iloc[0]
    assert (art["title"], art["outlet"], art["url"], art["published"]) == (
        "Convoy reaches Idlib", "Field Desk", "https://example.org/convoy", "2016-12-16"
    )  # fmt: skip
    assert 3000 in set(tables["figures"]["value"].dropna().astype(int))
    next(b for b in at.button if b.label == "Remove the pasted reports").click().run()
    assert any("3 reports" in m.value for m in at.markdown)


# ---------------------------------------------------------------- one size limit, honest summaries


def test_one_size_limit_for_the_server_the_app_and_the_build():
    import tomllib

    from dashboard.extract import ingest

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == ingest.MAX_REPORT_MB
    assert uploads.MAX_UPLOAD_BYTES == ingest.MAX_REPORT_BYTES == ingest.MAX_REPORT_MB * 2**20
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert f"over the {ingest.MAX_REPORT_MB} MB limit" in readme
    assert f"up to {uploads.MAX_UPLOAD_FILES} a batch" in readme
    budget = f"over {uploads.worker.TIME_BUDGET_S:.0f} s or {uploads.worker.MEMORY_BUDGET_BYTES // 2**30} GB"
    assert budget in readme
    size = ingest.MAX_REPORT_BYTES + 1
    _, (upload,) = uploads.check_uploads([("big.txt", size)])
    build = ingest._too_large("big.txt", size).message
    assert upload.rstrip(".") == build  # the same words in the app and the build
    report, messages = uploads.pasted_report("x" * size)
    assert report is None and f"{ingest.MAX_REPORT_MB} MB limit" in messages[0]


NEW = b"Aleppo\n\nSome 500 people left Aleppo on 3 May 2016.\n"
OTHER = b"Idlib\n\nSome 700 people reached Idlib on 4 May 2016.\n"


@pytest.mark.parametrize(
    "files, first",
    [
        ([("again.txt", NEW)], "No report was added: the same words as reports already shown."),
        ([("x.exe", b"MZ")], uploads.NOTHING_ADDED),
        ([("x.pdf", b"not a pdf")], uploads.NOTHING_ADDED),
        ([("other.txt", OTHER), ("again.txt", NEW)], "Added 1 report for this session; 1 was already shown"),
        ([("other.txt", OTHER), ("copy.txt", OTHER)], "Added 1 report for this session; 1 was already shown"),
        ([("other.txt", OTHER)], "Added 1 report for this session (nothing"),
    ],
)
def test_a_batch_says_what_it_added(files, first):
    from tests.app_fixtures import make_tables

    base, _, _ = uploads.add_uploaded(make_tables(), [("new.txt", NEW)])
    _, messages, _ = uploads.add_uploaded(base, files)
    assert messages[0].startswith(first), messages


def test_nothing_added_is_a_warning_not_a_success(tmp_path, monkeypatch):
    from dashboard.extract import pipeline

    seeds, data = tmp_path / "seeds", tmp_path / "data"
    seeds.mkdir()
    (seeds / "new.txt").write_bytes(NEW)
    pipeline.build(seeds, data, progress=False)
    monkeypatch.setenv(loaders.DATA_ENV, str(data))
    monkeypatch.setenv(loaders.SEEDS_ENV, str(seeds))
    at = AppTest.from_file(APP, default_timeout=60)
    open_uploader(at.run())
    at.file_uploader(key=uploads.K_UPLOAD).set_value(("copy.txt", NEW, "text/plain")).run()
    assert not at.exception
    assert not at.success
    assert any(w.value.startswith("No report was added") for w in at.warning)


def test_the_add_reports_box_is_drawn_only_once_opened(corpus):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.file_uploader and not at.text_area  # a first visit draws neither
    assert "Add reports" in [e.label for e in at.expander]
    open_uploader(at)
    assert at.file_uploader(key=uploads.K_UPLOAD) is not None and at.text_area(key="paste_text") is not None
    at.file_uploader(key=uploads.K_UPLOAD).set_value(("r.txt", PASTED.encode(), "text/plain")).run()
    at.session_state["add_reports"] = False  # closed while it holds a file: the file stays
    at.run()
    assert at.file_uploader(key=uploads.K_UPLOAD).value
