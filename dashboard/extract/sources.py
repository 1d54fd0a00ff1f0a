"""`sources.csv`: the analyst's curation of the reports folder (outlet, URL, publication date
per file), which overrides what the reports' own text says.

A malformed file never stops a build: each line that cannot be used is named in one warning
(an unclosed quote, a file that is not in the folder, a date that is not YYYY-MM-DD), and the
other lines are used.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from dashboard.extract.ingest import Problem

SOURCES_FILE = "sources.csv"
SOURCES_COLUMNS = ("file", "outlet", "url", "published")
LINES_NAMED = 5  # a warning names the first few bad lines, then counts the others


def read_sources(path: Path) -> tuple[dict[str, dict], list[Problem]]:
    """The analyst's curation: file, outlet, url, published (YYYY-MM-DD) per report."""
    if not path.exists():
        return {}, []
    name = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        return {}, [Problem(name, "bad-sources", f"{name}: not UTF-8 text ({err.reason}); ignored")]
    reader = csv.DictReader(io.StringIO(text), strict=True)
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as err:
        return {}, [Problem(name, "bad-sources", f"{name}: line 1: {err}; ignored")]
    if "file" not in header:
        return {}, [
            Problem(name, "bad-sources", f"{name}: no 'file' column (expected {SOURCES_COLUMNS}); ignored")
        ]
    out, issues = _entries(reader, path.parent)
    return out, [_problem(name, issues)] if issues else []


def _entries(reader: csv.DictReader, folder: Path) -> tuple[dict[str, dict], list[str]]:
    """The usable lines, and what is wrong with each of the others ('line 4: …')."""
    out: dict[str, dict] = {}
    issues: list[str] = []
    line = reader.line_num + 1  # where the next record starts
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            issues.append(f"line {line}: {err} (a quote not closed?); it and the lines after it are ignored")
            break
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
        entry, issue = _source_entry(row, folder)
        if issue:
            issues.append(f"line {line}: {issue}")
        if entry:
            out[row["file"]] = entry
        line = reader.line_num + 1
    return out, issues


def _source_entry(row: dict, folder: Path) -> tuple[dict | None, str | None]:
    file = row.get("file")
    if not file:
        return None, "names no file; skipped"
    if not (folder / file).is_file():
        return None, f"{file!r} is not in the reports folder; skipped"
    entry = {"outlet": row.get("outlet") or None, "url": row.get("url") or None, "published": None}
    if row.get("published"):
        try:
            entry["published"] = date.fromisoformat(row["published"])
        except ValueError:
            return entry, f"published {row['published']!r} is not YYYY-MM-DD; the date is ignored"
    return entry, None


def _problem(name: str, issues: list[str]) -> Problem:
    named = "; ".join(issues[:LINES_NAMED])
    more = f"; and {len(issues) - LINES_NAMED} more lines" if len(issues) > LINES_NAMED else ""
    return Problem(name, "bad-sources", f"{name}: {named}{more}")
