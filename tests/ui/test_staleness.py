"""The "reports folder has changed" notice: by content hash, never by file time (git keeps none)."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import schema
from dashboard.ui import loaders
from dashboard.ui.untrusted import inert
from tests.app_fixtures import write_corpus

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def _articles(folder: Path, names: list[str], dupes: str | None = None) -> pd.DataFrame:
    rows = [
        {"source_file": n, "content_hash": hashlib.sha256((folder / n).read_bytes()).hexdigest(),
         "duplicate_files": dupes if i == 0 else None}
        for i, n in enumerate(names)
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["source_file", "content_hash", "duplicate_files"])


def _later(path: Path, seconds: float = 60) -> None:
    t = time.time() + seconds
    os.utime(path, (t, t))


@pytest.fixture
def folder(tmp_path) -> Path:
    for name, text in {"a.txt": "one", "b.txt": "two", "c.txt": "three"}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


# Each case: what happens to the folder after the build, and what the notice names.
CASES = [
    ("fresh clone: every file newer, same bytes", lambda f: [_later(p) for p in f.iterdir()], []),
    ("nothing happened", lambda f: None, []),
    ("a report's words changed", lambda f: (f / "b.txt").write_text("two!", encoding="utf-8"), ["b.txt"]),
    ("a report added", lambda f: (f / "d.txt").write_text("four", encoding="utf-8"), ["d.txt"]),
    ("a report removed", lambda f: (f / "c.txt").unlink(), ["c.txt"]),
    ("the curation file is no report", lambda f: (f / "sources.csv").write_text("x", encoding="utf-8"), []),
    ("a known duplicate", lambda f: (f / "a-copy.txt").write_text("one", encoding="utf-8"), []),
    ("a file the build skipped", lambda f: (f / "bad.txt").write_text("", encoding="utf-8"), []),
]


@pytest.mark.parametrize("case, change, expected", CASES, ids=[c[0] for c in CASES])
def test_changed_reports_by_content(folder, case, change, expected):
    articles = _articles(folder, ["a.txt", "b.txt", "c.txt"], dupes="a-copy.txt")
    built = time.time() - 5  # the tables are older than every file, as after a clone
    change(folder)
    assert loaders.changed_reports(articles, {"bad.txt"}, folder, built) == expected


def test_files_older_than_the_tables_are_not_hashed(folder, monkeypatch):
    articles = _articles(folder, ["a.txt", "b.txt", "c.txt"])
    monkeypatch.setattr(loaders, "_sha256", lambda p: pytest.fail(f"hashed {p.name}"))
    assert loaders.changed_reports(articles, set(), folder, built=time.time() + 3600) == []


def _corpus_with_hashes(tmp_path, monkeypatch) -> tuple[Path, Path]:
    data, seeds = write_corpus(tmp_path)
    arts = pd.read_csv(data / "articles.csv", dtype=str)
    arts["content_hash"] = [hashlib.sha256((seeds / f).read_bytes()).hexdigest() for f in arts["source_file"]]
    arts.to_csv(data / "articles.csv", index=False)
    monkeypatch.setenv(loaders.DATA_ENV, str(data))
    monkeypatch.setenv(loaders.SEEDS_ENV, str(seeds))
    return data, seeds


def _warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def test_fresh_clone_shows_no_rebuild_notice(tmp_path, monkeypatch):
    _, seeds = _corpus_with_hashes(tmp_path, monkeypatch)
    for p in seeds.iterdir():
        _later(p)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert not [w for w in _warnings(at) if "has changed" in w]


def test_an_edited_report_asks_for_a_rebuild(tmp_path, monkeypatch):
    _, seeds = _corpus_with_hashes(tmp_path, monkeypatch)
    (seeds / "b2.txt").write_text("Other words entirely.", encoding="utf-8")
    _later(seeds / "b2.txt")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert any(inert("b2.txt") in w and "dashboard build" in w for w in _warnings(at)), _warnings(at)


def test_the_committed_tables_match_the_committed_reports():
    root = Path(__file__).resolve().parents[2]
    assert loaders.staleness(root / "data", root / "seeds") is None
    assert "content_hash" in schema.ARTICLES.column_names


def test_readme_says_what_starting_the_app_does():
    """Headless (a server, CI, a container) Streamlit opens no browser: it prints the address."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set up", 1)[1].split("```", 1)[0]
    assert "http://localhost:8501" in setup and "prints" in setup and "headless" in setup
    assert "opens on http" not in readme
