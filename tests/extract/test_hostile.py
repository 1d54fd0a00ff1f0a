"""Hostile input, class by class (issue 12): carriage returns and other line ends, numbers that are
not finite, and the shapes of text that once took time growing faster than the text."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from dashboard import schema
from dashboard import tables as store
from dashboard.extract import ingest, pipeline, places, report
from dashboard.extract.text import fold, line_ends

LEAD = "Evacuation news\n\nBy Jane Doe December 16, 2016\n\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\rb", "a\nb"),  # a lone carriage return: an old Mac line end
        ("a\r\nb", "a \nb"),  # Windows: the return becomes a blank, the length is kept
        ("a\r\r\nb", "a\n \nb"),
        ("a\u2028b\u2029c", "a\nb\nc"),  # Unicode's line and paragraph separators
        ("plain\ntext", "plain\ntext"),
        ("", ""),
    ],
)
def test_line_ends_become_newlines_keeping_offsets(text, expected):
    assert line_ends(text) == expected
    assert len(line_ends(text)) == len(text)


def test_a_report_never_hands_a_stage_a_carriage_return():
    ing, _ = ingest.read_report("a.html", b"<p>At least 5000\rcivilians</p>\r\n<p>left.</p>")
    assert ing is not None and "\r" not in ing.doc.body and len(ing.doc.body) == len(ing.doc.raw)
    assert "\r" in ing.doc.raw  # the file as read is kept: offsets index it


@pytest.mark.parametrize(
    "sentence",
    [
        "At least 5000\rcivilians were evacuated from Aleppo on Thursday, the UN said.",
        "At least 5000 civilians were evacuated from Aleppo\r\non Thursday, the UN said.",
        "At least 5000 civilians,\rthe UN said,\u2028were evacuated from Aleppo on Thursday.",
    ],
)
def test_carriage_returns_never_split_a_tables_rows(tmp_path, sentence):
    seeds, out = tmp_path / "seeds", tmp_path / "data"
    seeds.mkdir()
    data = (LEAD + sentence + "\r\nSome 300 buses left Homs.\r").encode()
    (seeds / "a.txt").write_bytes(data)
    result = pipeline.build(seeds, out, progress=False)
    text = ingest.report_text("a.txt", data)
    assert text is not None and len(text) == len(data.decode())  # offsets index the file as read
    for name in ("figures", "events", "mentions", "articles", "movements"):
        table = result.tables[name]
        path = out / f"{name}.csv"
        assert len(pd.read_csv(path, dtype=str, keep_default_na=False)) == len(table), name
        with path.open(encoding="utf-8", newline="") as fh:
            assert len(list(csv.reader(fh))) == len(table) + 1, name
        assert len(store.read_table(out, schema.TABLES[name])) == len(table), name
    figs = result.tables["figures"]
    assert 300 in set(figs["value"].dropna())
    for row in figs.itertuples():
        assert row.text == text[row.start : row.end]
        assert row.quote == fold(text[row.quote_start : row.quote_end])


@pytest.mark.parametrize("cell", ["cr\rhere", "crlf\r\nhere", "lf\nhere", "\r", 'a "quote"\r'])
def test_every_cell_with_a_line_end_is_quoted(cell):
    df = schema.enforce(
        pd.DataFrame(
            {"source_file": [cell, "b"], "problem": ["x", "y"], "message": [cell, None], "detail": [cell, ""]}
        ),
        schema.WARNINGS,
    )
    written = store.to_csv(df)
    assert list(csv.reader(io.StringIO(written, newline="")))[1:] == [
        [str(v) if v is not pd.NA and v is not None else "" for v in row]
        for row in df.itertuples(index=False)
    ]
    back = pd.read_csv(io.StringIO(written, newline=""), dtype=str, keep_default_na=False)
    assert back["source_file"].tolist() == df["source_file"].tolist()


@pytest.fixture(scope="module")
def gazetteer():
    return places.load_gazetteer(schema.GEOCODE_CACHE.empty())


@pytest.mark.parametrize(
    "sentence",
    [
        "At least 1e309 civilians left Aleppo.",
        "At least 1.5e309 people were killed.",
        "At least " + "9" * 400 + " civilians left Aleppo.",
        "Some " + "9" * 400 + ",000 people fled.",
        "Some " + "9" * 310 + ".5 people fled.",
    ],
)
def test_a_number_that_is_not_finite_is_no_figure(gazetteer, sentence):
    result, problems = report.read_and_extract("a.txt", (LEAD + sentence).encode(), gazetteer)
    assert result is not None, problems
    values = [v for col in ("value", "low", "high") for v in result.figures[col] if v is not None]
    assert all(v == v and abs(v) != float("inf") for v in values)


def test_a_sentence_of_thousands_of_dates_gives_events_that_quote_their_stretch():
    from dashboard.extract import dates, events
    from dashboard.extract.text import fold, sentences

    body = "Lead.\n\n5000 people left on " + "Monday, December 12, 2016, " * 2000 + "the end.\n"
    sents = sentences(body)
    refs = dates.find_date_refs(body, sents)
    evs = events.extract_events(body, sents, refs, None, [])
    assert len(evs) >= 1000
    assert all(e["quote_end"] - e["quote_start"] <= 2 * events.GIST_REACH + 40 for e in evs)
    assert all(e["quote_start"] <= e["start"] < e["end"] <= e["quote_end"] for e in evs)
    assert all(e["quote"] == fold(body[e["quote_start"] : e["quote_end"]]) for e in evs[:50])
