"""Property-based fuzzing of one report's extraction (issue 12): whatever the text (random Unicode
with right-to-left scripts, combining marks, NUL and lone surrogates, very long lines, '1e309' and
400 nines, Arabic-Indic digits, nested HTML, real sentences spliced with junk) no stage raises,
every row's words are the text at its offsets, offsets lie in the text and every value is finite;
and extraction grows linearly: ten times the text takes at most fifteen times as long.

Bounded for CI (about a minute): a fixed number of examples, no per-example deadline (the
machine is shared; the growth test compares times on one machine, never an absolute time).
"""

from __future__ import annotations

import math
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import schema
from dashboard.extract import places, report
from dashboard.extract.corpus import assemble
from dashboard.extract.text import fold

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = date(2016, 12, 16)
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # the same examples on every run: a failure in CI is one to reproduce
)


@pytest.fixture(scope="module")
def gazetteer():
    return places.load_gazetteer(schema.GEOCODE_CACHE.empty())


def _seed_sentences() -> list[str]:
    out = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        out += [s.strip() + "." for s in path.read_text(encoding="utf-8").split(".") if 20 < len(s) < 300]
    return out[:200]


SENTENCES = _seed_sentences()
JUNK = [
    "1e309", "1.5e309", "9" * 400, "9" * 400 + ",000", "١٢٣٬٤٥٦", "۱۲۳", "٣٠٠٠ شخص", "אלף איש",
    "\u202e5000\u202c", "5\u0301000", "e\u0301\u0302\u0303", "\x00", "\r", "\r\n", "\u2028", "\t",
    " " * 300, "." * 200, ", according to" * 20, "<script>", "</script>", "<!--", "-->", "<div><p><b>",
    "</b></p></div>", "<meta property=", '<meta property="og:title" content="5000 fled">', "&amp;",
    "&#x0;", "&#1114112;", "<h1>", "</h1>", "thousands of ", "at least ", "Monday, December 12, ",
    "29 February", "between 10 and ", "-", "%", "$3bn", "\ud800", "\udfff", "\ufeff", "\U0001f600",
]  # fmt: skip
PIECE = st.one_of(
    st.sampled_from(SENTENCES),
    st.sampled_from(JUNK),
    st.text(max_size=40),  # any code point, surrogates included
    st.text(st.sampled_from("0123456789,. -"), max_size=30),
    st.integers(0, 10**12).map(lambda n: f"{n:,}"),
)
TEXT = st.one_of(
    st.lists(PIECE, max_size=40).map(" ".join),
    st.lists(PIECE, max_size=40).map("".join),
    st.builds(lambda p, n: p * n, PIECE, st.integers(1, 400)),  # a very long line of one piece
)
NAMES = st.sampled_from(["r.txt", "r.md", "r.html"])


def _extract(name: str, text: str, gazetteer):
    data = text.encode("utf-8", errors="surrogatepass")  # lone surrogates as the bytes they'd be
    result, problems = report.read_and_extract(name, data, gazetteer, seconds=None)
    failed = [p for p in problems if p.problem == "stage-failed"]
    assert not failed, failed[0].detail
    return result


def _rows_hold_their_words(body: str, rows: list[dict], words: str | None) -> None:
    for row in rows:
        assert 0 <= row["start"] <= row["end"] <= len(body), row
        if (
            words is not None and row.get("date_basis") != "report_date"
        ):  # dated by the report: no words of its own
            assert row[words] == body[row["start"] : row["end"]], row
        if "quote_start" in row:
            assert 0 <= row["quote_start"] <= row["quote_end"] <= len(body), row
            assert row["quote"] == fold(body[row["quote_start"] : row["quote_end"]]), row


@FUZZ
@given(name=NAMES, text=TEXT)
def test_no_text_breaks_extraction_and_every_row_holds_its_words(gazetteer, name, text):
    result = _extract(name, text, gazetteer)
    if result is None:
        return  # refused with a warning (empty, binary): nothing to check
    body = result.document().body
    assert len(body) == len(result.document().raw)
    _rows_hold_their_words(body, report.to_rows(result.figures), "text")
    _rows_hold_their_words(body, report.to_rows(result.mentions), "surface")
    _rows_hold_their_words(body, report.to_rows(result.movements), "text")
    for column in ("value", "low", "high"):
        assert all(math.isfinite(v) for v in result.figures[column] if v is not None), column
    for published in (PUBLISHED, None):
        events, _ = result.dated(published)
        assert not result.stage_problems, result.stage_problems[0].detail
        _rows_hold_their_words(body, report.to_rows(events), "date_text")


@settings(FUZZ, max_examples=15)
@given(text=TEXT)
def test_the_corpus_stage_takes_any_report(gazetteer, text):
    result = _extract("r.txt", text, gazetteer)
    tables = assemble([result] if result else [], gazetteer)
    assert "stage-failed" not in set(tables["warnings"]["problem"])


# ------------------------------------------------------------------ growth

LEAD = "Aleppo, Syria (Reuters) Thursday, December 15, 2016\n\n"
STATEMENT = "On Monday 1,200 civilians were evacuated from Aleppo to Idlib, the UN said."
# name -> (file name, text of about n characters): the shapes that once grew faster than the text
SHAPES = {
    "number+blanks": ("r.txt", lambda n: LEAD + "At least 5000" + " " * n + "civilians were evacuated.\n"),
    "unclosed-script": ("r.html", lambda n: "<p>5000 people left.</p>" + "<script>x " * (n // 10)),
    "unclosed-comment": ("r.html", lambda n: "<p>5000 people left.</p>" + "<!-- x " * (n // 7)),
    "meta-unclosed": ("r.html", lambda n: "<p>5000 people left.</p>" + "<meta property=" * (n // 15)),
    "dots": ("r.txt", lambda n: LEAD + "At least 5000 civilians were evacuated" + "." * n + "\n"),
    "numbers-run": ("r.txt", lambda n: LEAD + "12 " * (n // 3) + "civilians left.\n"),
    "number-words": ("r.txt", lambda n: LEAD + "thousands of " * (n // 13) + "civilians left.\n"),
    "place-list": ("r.txt", lambda n: LEAD + "5000 people left " + "Aleppo, " * (n // 8) + "and Idlib.\n"),
    "dates": ("r.txt", lambda n: LEAD + "5000 people left on " + "Monday, December 12, " * (n // 21) + ".\n"),
    "statement-per-line": ("r.txt", lambda n: LEAD + (STATEMENT + "\n") * (n // 76)),
}
SMALL, LARGE, MAX_RATIO = 4_000, 40_000, 15.0
FLOOR = 0.05  # seconds: below this a small report's time is noise


def _seconds(name: str, text: str, gazetteer, runs: int) -> float:
    best = math.inf
    for _ in range(runs):
        t0 = time.perf_counter()
        result = _extract(name, text, gazetteer)
        if result is not None:
            result.dated(PUBLISHED)
        best = min(best, time.perf_counter() - t0)
    return best


@pytest.mark.parametrize("shape", list(SHAPES))
def test_ten_times_the_text_takes_at_most_fifteen_times_as_long(gazetteer, shape):
    name, make = SHAPES[shape]
    small = max(_seconds(name, make(SMALL), gazetteer, runs=3), FLOOR)
    large = _seconds(name, make(LARGE), gazetteer, runs=2)
    if large / small > MAX_RATIO:  # a busy machine can slow one run: measure once more
        large = min(large, _seconds(name, make(LARGE), gazetteer, runs=1))
    assert large / small <= MAX_RATIO, f"{shape}: {small:.3f} s -> {large:.3f} s"
