"""`sources.csv`: the analyst's curation of the reports folder (outlet, URL, publication date
per file), which overrides what the reports' own text says."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from dashboard.extract.ingest import Problem

SOURCES_FILE = "sources.csv"
SOURCES_COLUMNS = ("file", "outlet", "url", "published")


def read_sources(path: Path) -> tuple[dict[str, dict], list[Problem]]:
    """The analyst's curation: file, outlet, url, published (YYYY-MM-DD) per report."""
    if not path.exists():
        return {}, []
    name = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
        reader = csv.DictReader(io.StringIO(text))
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        if "file" not in header:
            return {}, [
                Problem(
                    name, "bad-sources", f"{name}: no 'file' column (expected {SOURCES_COLUMNS}); ignored"
                )
            ]
        out, problems = {}, []
        for line, row in enumerate(reader, start=2):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
            entry, problem = _source_entry(name, line, row)
            if problem:
                problems.append(problem)
            if entry:
                out[row["file"]] = entry
        return out, problems
    except (UnicodeDecodeError, csv.Error) as err:
        return {}, [Problem(name, "bad-sources", f"{name}: unreadable ({err}); ignored")]


def _source_entry(name: str, line: int, row: dict) -> tuple[dict | None, Problem | None]:
    if not row.get("file"):
        return None, Problem(name, "bad-sources", f"{name}: line {line} names no file; skipped")
    entry = {"outlet": row.get("outlet") or None, "url": row.get("url") or None, "published": None}
    if row.get("published"):
        try:
            entry["published"] = date.fromisoformat(row["published"])
        except ValueError:
            msg = f"{name}: line {line}: published {row['published']!r} is not YYYY-MM-DD; ignored"
            return entry, Problem(name, "bad-sources", msg)
    return entry, None
