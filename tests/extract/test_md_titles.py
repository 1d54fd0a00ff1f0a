"""A Markdown heading is a title (its words, without the "#" marks); the build says "unchanged" only of a rest."""

from __future__ import annotations

import pytest

from dashboard.extract import articles
from tests.extract.test_articles import STORY, doc_of


@pytest.mark.parametrize(
    "name, raw, title",
    [
        ("r.md", f"# Aleppo truce holds\n\n{STORY}", "Aleppo truce holds"),
        ("r.md", f"# Aleppo truce holds #\n\n{STORY}", "Aleppo truce holds"),
        ("r.md", f"## Aleppo truce holds for now\n\n{STORY}", "Aleppo truce holds for now"),
        # the level-one heading wins over a lower one before it (a Markdown page's <h1>)
        ("r.md", f"### News in brief today\n\n# Aleppo truce holds\n\n{STORY}", "Aleppo truce holds"),
        # a .txt written with Markdown marks: the first substantive line, without them
        ("r.txt", f"# Aleppo truce holds\n\n{STORY}", "Aleppo truce holds"),
        ("r.txt", f"Aleppo truce holds\n\n{STORY}", "Aleppo truce holds"),
        # '#' not followed by a space is no heading mark (a hashtag)
        ("r.md", f"#Aleppo truce holds today\n\n{STORY}", "#Aleppo truce holds today"),
    ],
)
def test_markdown_heading_is_the_title(name, raw, title):
    assert articles.article_meta(doc_of(raw, name))["title"] == title


@pytest.mark.parametrize(
    "fresh, read, words",
    [
        (5, 5, "5 reports extracted)"),
        (1, 1, "1 report extracted)"),
        (2, 5, "2 reports extracted, 3 unchanged)"),
        (0, 5, "all 5 reports unchanged)"),
        (0, 1, "the report unchanged)"),
        (3, None, "3 reports extracted, the rest unchanged)"),
    ],
)
def test_the_build_says_the_rest_unchanged_only_when_there_is_a_rest(fresh, read, words):
    from dashboard.extract.pipeline import BuildResult
    from tests.app_fixtures import make_tables

    assert BuildResult(make_tables(), fresh, read=read).summary().endswith(words)


@pytest.mark.parametrize(
    "line, words",
    [("# Title", "Title"), ("## Title ##", "Title"), ("   ### Title", "Title"), ("# C# code", "C# code"),
     ("#Tag", "#Tag"), ("Plain line", "Plain line"), ("# Title #   ", "Title"), ("#    ", "")],
)  # fmt: skip
def test_heading_words(line, words):
    assert articles._heading_words(line) == words


@pytest.mark.parametrize("name", ["r.md", "r.txt"])
def test_a_line_of_blanks_is_read_in_linear_time(name):
    import time

    def took(n: int) -> float:
        doc = doc_of("# " + " " * n + "x\n" + "#" + " " * n + "#\n" + " " * n + "\n\n" + STORY, name)
        start = time.perf_counter()
        articles._title(doc)
        return time.perf_counter() - start

    took(1000)
    small, big = min(took(50_000) for _ in range(3)), min(took(500_000) for _ in range(3))
    assert big < 30 * small + 0.02, (small, big)  # 10 x the input: not 100 x the time
