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

    assert BuildResult(make_tables(), fresh, read).summary().endswith(words)
