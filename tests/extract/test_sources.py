"""sources.csv: each line that cannot be used is named in the warning, the others are used."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.extract.sources import read_sources

HEADER = "file,outlet,url,published\n"


@pytest.mark.parametrize(
    "body, kept, named",
    [
        # an unclosed quote: the lines before it are used, the warning names where it starts
        ('a.txt,A,,2016-12-13\nb.txt,"B News,,2016-12-14\nc.txt,C,,\n', {"a.txt"}, ["line 3", "quote"]),
        # a file that is not in the folder
        ("a.txt,A,,\nzz.txt,Z,,\n", {"a.txt"}, ["line 3", "'zz.txt' is not in the reports folder"]),
        # a date that is not YYYY-MM-DD: the line is used without it
        ("a.txt,A,,13/12/2016\n", {"a.txt"}, ["line 2", "'13/12/2016' is not YYYY-MM-DD"]),
        ("a.txt,A,,2016-02-30\n", {"a.txt"}, ["line 2", "2016-02-30"]),
        # a line that names no file
        (",A,,\nb.txt,B,,\n", {"b.txt"}, ["line 2", "names no file"]),
        # a quoted field over two lines: the next record's line is still right
        ('a.txt,"A\nNews",,\nzz.txt,,,\n', {"a.txt"}, ["line 4", "zz.txt"]),
        # several problems, one warning naming each line
        ("zz.txt,,,\nb.txt,,,yesterday\n", {"b.txt"}, ["line 2", "line 3", "yesterday"]),
        ("a.txt,A,https://example.org/a,2016-12-13\nb.txt,,,\n", {"a.txt", "b.txt"}, []),
    ],
)
def test_malformed_lines_are_named(tmp_path, body, kept, named):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text("Aleppo\n")
    (tmp_path / "sources.csv").write_text(HEADER + body)
    out, problems = read_sources(tmp_path / "sources.csv")
    assert set(out) == kept
    if named:
        assert len(problems) == 1 and problems[0].problem == "bad-sources"
        for words in named:
            assert words in problems[0].message, problems[0].message
    else:
        assert not problems


def test_a_good_line_is_the_curation(tmp_path):
    (tmp_path / "a.txt").write_text("Aleppo\n")
    (tmp_path / "sources.csv").write_text(HEADER + "a.txt, Example News ,https://example.org/a,2016-12-13\n")
    out, _ = read_sources(tmp_path / "sources.csv")
    assert out == {
        "a.txt": {"outlet": "Example News", "url": "https://example.org/a", "published": date(2016, 12, 13)}
    }


def test_many_bad_lines_are_counted(tmp_path):
    (tmp_path / "sources.csv").write_text(HEADER + "".join(f"x{i}.txt,,,\n" for i in range(9)))
    _, (problem,) = read_sources(tmp_path / "sources.csv")
    assert (
        "line 6" in problem.message
        and "line 7" not in problem.message
        and "and 4 more lines" in problem.message
    )
