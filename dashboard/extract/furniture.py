"""Page furniture: what a page holds besides the report (reading-time notes, share buttons,
donation banners, image credits, a page clock, an e-mail address the site hid).

Found line by line with the patterns of `vocab/furniture.csv`; ingest blanks it (keeping offsets)
so no later stage reads it as a place, a figure or a date.
"""

from __future__ import annotations

import re

from dashboard.extract.vocab import read_vocab

# Lines longer than this are story paragraphs, never furniture (captions included).
FURNITURE_MAX_LINE = 500
SHORT_LINE = 160  # most furniture lines are shorter; longer lines meet only the patterns that allow them
_EDGE_SPACE = " \t\r\u00a0\u200b\ufeff"


class _Furniture:
    """The furniture patterns. Those that fail fast at a line's first characters form one
    alternation (a shorter one for long lines, which only a few kinds of furniture reach);
    those that look inside a line are tried only when it holds one of their words."""

    def __init__(self, rows: list[dict[str, str]]) -> None:
        self.keyed, inline, anchored = [], [], []
        for row in rows:
            pattern = ("(?i:" if row["case"] == "i" else "(?:") + row["pattern"] + ")"
            max_chars = int(row["max_chars"])
            if row["scope"] == "inline":
                inline.append(pattern)
            elif row["needs"]:
                needles = row["needs"].split("|")
                contains = tuple(n for n in needles if not n.startswith("$"))
                ends = tuple(n[1:] for n in needles if n.startswith("$"))  # "$source": the line ends so
                self.keyed.append((max_chars, contains, ends, re.compile(pattern), row["reason"]))
            else:
                anchored.append((max_chars, pattern, row["reason"]))
        self.reasons = [why for _, _, why in anchored]
        self.short = self._alternation(anchored, 0)
        self.long = self._alternation(anchored, SHORT_LINE)
        self.inline = re.compile("|".join(inline))
        self.keyed_max = max((k[0] for k in self.keyed), default=0)

    @staticmethod
    def _alternation(anchored: list[tuple[int, str, str]], min_chars: int) -> re.Pattern:
        parts = [f"(?P<f{i}>{p})" for i, (max_chars, p, _) in enumerate(anchored) if max_chars > min_chars]
        return re.compile("|".join(parts))

    def reason(self, line: str) -> str | None:
        hit = (self.short if len(line) <= SHORT_LINE else self.long).fullmatch(line)
        if hit:
            return self.reasons[int((hit.lastgroup or "f0")[1:])]
        if len(line) > self.keyed_max:
            return None
        lower = line.lower()
        tail = lower.rstrip(" .!")
        for max_chars, contains, ends, pattern, why in self.keyed:
            if (
                len(line) <= max_chars
                and (tail.endswith(ends) or any(n in lower for n in contains))
                and pattern.fullmatch(line)
            ):
                return why
        return None


_FURNITURE = _Furniture(read_vocab("furniture.csv"))


def _folded(line: str) -> str:
    return " ".join(line.replace("\u2019", "'").split()).casefold()


def furniture_lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, reason) of each piece of page furniture, in order.

    Besides the patterns, a later line that repeats the page's first line (the headline, shown
    again above the story or in a share box) is furniture: the headline itself (the first line that is no furniture) is read once."""
    found = []
    pos = 0
    headline = None
    for line in text.split("\n"):
        stripped = line.strip(_EDGE_SPACE)
        if stripped and len(stripped) <= FURNITURE_MAX_LINE:
            why = _FURNITURE.reason(stripped)
            if why is None and headline is None:
                headline = _folded(stripped)
            elif why is None and _folded(stripped) == headline:
                why = "a repeat of the headline"
            if why:
                start = pos + len(line) - len(line.lstrip(_EDGE_SPACE))
                found.append((start, start + len(stripped), why))
        pos += len(line) + 1
    if "protected]" in text:
        for m in _FURNITURE.inline.finditer(text):
            if not any(s <= m.start() < e for s, e, _ in found):
                found.append((m.start(), m.end(), "an e-mail address the site hid"))
    return sorted(found)


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Spans of page furniture in a text (the pipeline blanks them, keeping offsets)."""
    return [(s, e) for s, e, _ in furniture_lines(text)]
