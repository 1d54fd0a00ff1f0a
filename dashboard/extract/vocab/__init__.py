"""The vocabularies: cited CSV files, one per kind of word list (see README.md here for each
file's source), and the one function that reads them."""

from __future__ import annotations

import csv
from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def read_vocab(name: str) -> list[dict[str, str]]:
    """Rows of a vocabulary CSV of this folder: lines starting with '#' (the file's source and
    notes) are skipped; values are stripped of surrounding white space, empty cells are ''."""
    with (FOLDER / name).open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in csv.DictReader(lines)]
