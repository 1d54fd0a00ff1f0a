"""The vocabularies: cited CSV files, one per kind of word list (see README.md here for each
file's source), the function that reads them and two helpers over their rows."""

from __future__ import annotations

import csv
import re
from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def read_vocab(name: str) -> list[dict[str, str]]:
    """Rows of a vocabulary CSV of this folder: lines starting with '#' (the file's source and
    notes) are skipped; values are stripped of surrounding white space, empty cells are ''."""
    with (FOLDER / name).open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in csv.DictReader(lines)]


def alternation(phrases: list[str]) -> str:
    """Longest first; the spaces inside a phrase match any run of spaces or tabs."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"[ \t\u00a0]+".join(re.escape(w) for w in p.split()) for p in ordered)


def words_of(rows: list[dict[str, str]], column: str, value: str, key: str = "word") -> list[str]:
    """The `key` cells of the rows whose `column` is `value`."""
    return [r[key] for r in rows if r[column] == value]
