"""The build end to end on small corpora of our own: bad input, curation, incremental, atomic."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from dashboard import cli, schema
from dashboard import tables as store
from dashboard.extract import cache, pipeline

ROOT = Path(__file__).resolve().parents[2]

REPORT = """Thousands flee Aleppo as evacuation resumes

By Jane Doe December 16, 2016

Some 3,000 civilians left eastern Aleppo for Idlib province on Thursday, the Red Crescent said.
At least 20 ambulances took the wounded from Foua and Kefraya, according to a local official.
"""

HTML_REPORT = """<!DOCTYPE html><html><head><title>Buses reach Ramouseh</title>
<meta property="article:published_time" content="2016-12-17T08:00:00Z"></head>
<body><script>var x = "1,000 people";</script>
<h1>Buses reach Ramouseh</h1>
<p>More than 40 buses carried 2,500 people out of eastern Aleppo on Friday &amp; Saturday.</p>
</body></html>
"""


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


@pytest.fixture
def corpus(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write(seeds, "a.txt", REPORT)
    return seeds


def warnings_of(result) -> dict[str, set[str]]:
    w = result.tables["warnings"]
    return {f: set(g["problem"]) for f, g in w.groupby("source_file")}


def test_build_writes_every_table(corpus, tmp_path):
    out = tmp_path / "data"
    result = pipeline.build(corpus, out, progress=False)
    for name, table in schema.TABLES.items():
        df = pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)
        assert list(df.columns) == table.column_names
    figs = result.tables["figures"]
    assert {3000, 20} <= set(figs["value"].dropna().astype(int))
    raw = REPORT
    for row in figs.itertuples():
        assert raw[row.start : row.end].strip(), "every figure points at words"
    assert result.tables["articles"]["published"].tolist() == ["2016-12-16"]


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", "", "empty"),
        ("blank.md", "  \n\n ", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary"),
        (
            "latin.txt",
            "Some 500 civilians fled Aleppo \u2013 caf\u00e9 owners said on Monday.".encode("cp1252"),
            "not-utf8",
        ),
        ("notes.docx", b"PK\x03\x04", "unreadable"),
        ("notes.odt", b"PK\x03\x04", "not-a-report"),
        ("quiet.txt", "A calm day in Aleppo.\n\nNothing was counted.", "no-figures"),
    ],
)
def test_bad_input_is_named_and_the_rest_builds(corpus, tmp_path, name, content, problem):
    write(corpus, name, content)
    result = pipeline.build(corpus, tmp_path / "data", progress=False)
    assert problem in warnings_of(result).get(name, set())
    message = result.tables["warnings"].query("source_file == @name")["message"].iloc[0]
    assert name in message
    assert "a.txt" in set(result.tables["articles"]["source_file"])


def test_undecodable_text_is_still_read(corpus, tmp_path):
    write(corpus, "latin.txt", "Some 500 civilians fled Aleppo \u2013 said on Monday.".encode("cp1252"))
    result = pipeline.build(corpus, tmp_path / "data", progress=False)
    art = result.tables["articles"].set_index("source_file").loc["latin.txt"]
    assert art["encoding"] == "cp1252"
    assert 500 in set(result.tables["figures"]["value"].dropna().astype(int))


def test_huge_file_is_refused_unread(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline.ingest, "MAX_REPORT_BYTES", 1000)
    write(corpus, "huge.txt", "x" * 5000)
    result = pipeline.build(corpus, tmp_path / "data", progress=False)
    assert "too-large" in warnings_of(result)["huge.txt"]


def test_fifty_megabytes_is_over_the_documented_limit(corpus, tmp_path):
    with (corpus / "scrape.html").open("wb") as fh:
        fh.truncate(50 * 2**20)  # sparse: cheap to make, never read
    result = pipeline.build(corpus, tmp_path / "data", progress=False)
    assert "too-large" in warnings_of(result)["scrape.html"]


def test_html_is_reduced_to_text_with_offsets_into_the_file(corpus, tmp_path):
    write(corpus, "b.html", HTML_REPORT)
    result = pipeline.build(corpus, tmp_path / "data", progress=False)
    arts = result.tables["articles"].set_index("source_file")
    figs = result.tables["figures"][
        result.tables["figures"]["article_id"] == arts.loc["b.html", "article_id"]
    ]
    assert set(figs["value"].dropna().astype(int)) == {40, 2500}, "script text is not report text"
    for row in figs.itertuples():
        assert HTML_REPORT[row.start : row.end] == row.text


def test_identical_reports_become_one_article(corpus, tmp_path):
    write(corpus, "copy.txt", REPORT.replace("\n\n", "\n\n\n"))
    result = pipeline.build(corpus, tmp_path / "data", progress=False)
    arts = result.tables["articles"]
    assert len(arts) == 1
    assert arts["duplicate_files"].iloc[0] == "copy.txt"


def test_sources_csv_overrides_the_text(corpus, tmp_path):
    write(
        corpus,
        "sources.csv",
        "file,outlet,url,published\na.txt,Example News,https://example.org/a,2016-12-17\n",
    )
    art = pipeline.build(corpus, tmp_path / "data", progress=False).tables["articles"].iloc[0]
    assert (art["outlet"], art["url"], art["published"]) == (
        "Example News",
        "https://example.org/a",
        "2016-12-17",
    )
    assert art["published_basis"] == "metadata"


@pytest.mark.parametrize(
    "content",
    [
        "name,site\na.txt,x\n",  # no file column
        "file,outlet,url,published\na.txt,X,,13/12/2016\n",  # a date that is not ISO
        b"file,outlet\n\xff\xfe\x00bad",  # not text
    ],
)
def test_malformed_sources_csv_is_a_warning(corpus, tmp_path, content):
    write(corpus, "sources.csv", content)
    result = pipeline.build(corpus, tmp_path / "data", progress=False)
    assert "bad-sources" in warnings_of(result)["sources.csv"]
    assert len(result.tables["articles"]) == 1


def test_exit_code_is_nonzero_only_when_nothing_builds(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write(seeds, "empty.txt", "")
    assert cli.main(["build", "--seeds", str(seeds), "--out", str(tmp_path / "d")]) == 1
    assert "empty.txt" in capsys.readouterr().err
    write(seeds, "a.txt", REPORT)
    assert cli.main(["build", "--seeds", str(seeds), "--out", str(tmp_path / "d")]) == 0
    assert "1 articles" in capsys.readouterr().out


def test_incremental_build_reextracts_only_new_reports(corpus, tmp_path):
    out = tmp_path / "data"
    assert pipeline.build(corpus, out, progress=False).reextracted == 1
    assert pipeline.build(corpus, out, progress=False).reextracted == 0
    write(corpus, "b.html", HTML_REPORT)
    assert pipeline.build(corpus, out, progress=False).reextracted == 1


def test_a_build_killed_while_writing_leaves_the_old_tables(corpus, tmp_path, monkeypatch):
    out = tmp_path / "data"
    pipeline.build(corpus, out, progress=False)
    before = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    write(corpus, "b.html", HTML_REPORT)
    calls = {"n": 0}
    real = store.csv_chunks

    def dies_on_the_fourth_table(df):
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        yield from real(df)

    monkeypatch.setattr(store, "csv_chunks", dies_on_the_fourth_table)
    with pytest.raises(KeyboardInterrupt):
        pipeline.build(corpus, out, progress=False)
    assert {p.name: p.read_bytes() for p in out.glob("*.csv")} == before
    assert not list(out.glob(".*.tmp")), "no half-written files left behind"


def test_add_reports_merges_uploads_without_writing(tmp_path):
    data = ROOT / "data"
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    tables = {name: store.read_table(copy, t) for name, t in schema.TABLES.items()}
    merged, messages = pipeline.add_reports(tables, [("up.txt", REPORT.encode()), ("bad.txt", b"")])
    assert len(merged["articles"]) == len(tables["articles"]) + 1
    assert any("bad.txt" in m for m in messages)
    assert 3000 in set(merged["figures"]["value"].dropna().astype(int))
    assert {p.name: p.read_bytes() for p in copy.glob("*.csv")} == {
        p.name: p.read_bytes() for p in data.glob("*.csv")
    }


# ---------------------------------------------------------------- speed-minded code, same output


def test_copies_of_a_text_stay_apart_when_rebuilt_from_the_cache(corpus, tmp_path):
    write(corpus, "copy.txt", REPORT)
    fresh = pipeline.build(corpus, tmp_path / "fresh", progress=False).tables["articles"]
    cached = pipeline.build(corpus, tmp_path / "fresh", progress=False).tables["articles"]
    assert (fresh["source_file"].tolist(), fresh["duplicate_files"].tolist()) == (["a.txt"], ["copy.txt"])
    assert cached.equals(fresh)


def test_a_changed_date_in_sources_csv_redates_cached_reports(corpus, tmp_path):
    out = tmp_path / "data"
    pipeline.build(corpus, out, progress=False)
    write(corpus, "sources.csv", "file,outlet,url,published\na.txt,,,2016-12-20\n")
    result = pipeline.build(corpus, out, progress=False)
    assert result.reextracted == 0
    assert result.tables["articles"]["published"].tolist() == ["2016-12-20"]
    assert "2016-12-15" in set(result.tables["events"]["date"]), "Thursday before the 20th"
    rebuilt = pipeline.build(corpus, tmp_path / "fresh", progress=False)
    for name in ("events", "figures"):
        assert result.tables[name].equals(rebuilt.tables[name]), name


def test_a_cache_of_another_format_is_not_used(corpus, tmp_path, monkeypatch):
    out = tmp_path / "data"
    pipeline.build(corpus, out, progress=False)
    monkeypatch.setattr(cache, "CACHE_FORMAT", "an older one")
    assert pipeline.build(corpus, out, progress=False).reextracted == 1


AWKWARD = pd.DataFrame(
    {
        "text": pd.array(
            ["plain", 'say "hi"', "a, b", "two\nlines", "cr\rhere", "café – ok", None, " lead"],
            dtype="string",
        ),
        "count": pd.array([0, -3, 15000, None, 7, 2**40, 1, 2], dtype="Int64"),
        "value": pd.array([15000.0, 2.5, None, 1e-7, 1234567.891234, 1e16, -0.0, 1 / 3], dtype="Float64"),
    }
)


@pytest.mark.parametrize(
    "df",
    [
        AWKWARD,
        AWKWARD.iloc[:0],
        schema.enforce(
            pd.DataFrame(
                {"source_file": ["x.txt"], "problem": ["empty"], "message": [None], "detail": [None]}
            ),
            schema.WARNINGS,
        ),
        pd.DataFrame({"only": pd.array(["", None], dtype="string")}),  # one column: pandas' own way
        pd.DataFrame({"obj": ["a", None], "n": [1.5, float("nan")]}),  # untyped: pandas' own way
    ],
)
@pytest.mark.parametrize("chunk_rows", [3, 20_000])
def test_to_csv_writes_what_pandas_writes(df, chunk_rows, monkeypatch):
    monkeypatch.setattr(store, "CSV_CHUNK_ROWS", chunk_rows)
    plain = df.astype({c: object for c in df.columns if isinstance(df[c].dtype, pd.StringDtype)})
    expected = plain.to_csv(index=False, lineterminator="\n", float_format="%.10g")
    if len(df.columns) > 1 and not store._quoted_by_csv(
        "\r"
    ):  # this Python leaves a lone \r bare: we quote it
        expected = expected.replace(",cr\rhere,", ',"cr\rhere",').replace("\ncr\rhere,", '\n"cr\rhere",')
    assert store.to_csv(df) == expected


@pytest.mark.parametrize(
    "order",
    [[0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1]],
)
def test_enforce_sorts_by_the_key_whatever_the_order_given(order):
    rows = pd.DataFrame(
        {
            "article_id": ["a", "a", "b", "b"],
            "place_id": ["aleppo", "idlib", "homs", "aleppo"],
            "surface": ["Aleppo", "Idleb", "Homs", "Halab"],
            "start": [5, 40, 3, 12],
            "end": [11, 45, 7, 17],
        }
    )
    out = schema.enforce(rows.iloc[order], schema.MENTIONS)
    assert list(zip(out["article_id"], out["start"], strict=True)) == [
        ("a", 5),
        ("a", 40),
        ("b", 3),
        ("b", 12),
    ]
    assert out.index.tolist() == [0, 1, 2, 3]
    assert str(out["start"].dtype) == "Int64"


@pytest.mark.parametrize(
    "keys",
    [
        [("a", 5), ("a", 5)],  # in order, repeated
        [("a", 5), ("b", 1), ("a", 5)],  # out of order, repeated
        [("a", 5), ("a", None), ("a", None)],  # an unknown offset, twice
    ],
)
def test_enforce_refuses_a_repeated_key_sorted_or_not(keys):
    rows = pd.DataFrame(
        {
            "article_id": [a for a, _ in keys],
            "place_id": "aleppo",
            "surface": "Aleppo",
            "start": [s for _, s in keys],
            "end": 0,
        }
    )
    with pytest.raises(schema.SchemaError, match="duplicate primary key"):
        schema.enforce(rows, schema.MENTIONS)
