"""One wording for the app and the brief: numbers and amounts, days and spans, counts of things,
claim and figure statuses, and text cut to a length. Report text stays untrusted: `esc` and
`wrap_html` escape it for HTML.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date

import pandas as pd

QUOTE_CHARS = 160

# What a claim's status says, in words, everywhere.
STATUS_WORDS = {"agree": "reports agree", "conflict": "reports disagree", "single": "one report"}
# What a figure says happened, in words (occurred needs none).
FIGURE_STATUS_WORDS = {
    "planned": "planned",
    "expected": "expected",
    "possible": "possible",
    "demanded": "demanded",
    "denied": "denied",
    "prevented": "did not happen",
}
# Who says so, by kind of claimant, in words (claimants.CLAIMANT_KINDS).
CLAIMANT_KIND_WORDS = {
    "un": "UN agencies",
    "icrc": "Red Cross / Red Crescent",
    "ngo": "NGOs and monitors",
    "government": "governments and armies",
    "opposition": "opposition and rebels",
    "state_media": "state media",
    "media": "news media",
    "other": "others named",
    "unattributed": "no one named",
}
_VAGUE_BASE = {"tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000, "millions": 10**6}
_SCALE_WORDS = {100: "hundreds", 1000: "thousands", 10**6: "millions"}


def text(value) -> str:
    """A cell as text: '' for a missing one."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def esc(value) -> str:
    return html.escape(text(value))


def fmt_number(value) -> str:
    """15000 -> '15,000'; 2.5 -> '2.5'; missing -> ''."""
    if value is None or pd.isna(value):
        return ""
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def plural(n: int, word: str) -> str:
    """'1 report', '1,204 reports'."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def figure_label(row: Mapping) -> str:
    """'at least 82 civilians killed', '15,000 people evacuated', 'tens of thousands of civilians'."""
    unit = text(row.get("unit"))
    number = fmt_number(row.get("value"))
    amount = f"{number} {unit}".strip() if number else ""
    words = [text(row.get("qualifier")), amount, text(row.get("subject")), text(row.get("outcome"))]
    label = " ".join(w for w in words if w) or text(row.get("text"))
    batch = text(row.get("batch"))
    return f"{label} ({BATCH_WORDS.get(batch, batch + ' group')})" if batch and label else label


# which of several groups a figure counts (figures.batch), in the words of a label
BATCH_WORDS = {"another": "one more group", "last": "the last group"}


def figure_value(row: Mapping) -> str:
    """One figure as a number with its qualifier and unit ('at least 82'), or its own words
    for a vague amount ('tens of thousands')."""
    number = fmt_number(row.get("value"))
    if not number:
        return text(row.get("text")) or "an unstated number"
    words = [text(row.get("qualifier")), number, text(row.get("unit"))]
    return " ".join(w for w in words if w)


def range_text(low, high, qualifier=None, unit=None) -> str:
    """A claim's value across sources: 'at least 82', '14,000–15,000', 'tens of thousands'."""
    qualifier, unit = text(qualifier), text(unit)
    lo, hi = fmt_number(low), fmt_number(high)
    if qualifier.endswith(" of"):  # a vague amount: said in words, its bounds are not a reading
        return _vague(qualifier, low)
    if not lo and not hi:
        return qualifier or "amount not stated"
    number = lo if lo == hi or not hi else (hi if not lo else f"{lo}–{hi}")
    return " ".join(w for w in (qualifier, number, unit) if w)


def _vague(qualifier: str, low) -> str:
    """'tens of' with a lower bound of 10,000 reads 'tens of thousands of'."""
    base = _VAGUE_BASE.get(qualifier.split()[0].lower())
    if base and low is not None and not pd.isna(low):
        scale = _SCALE_WORDS.get(round(float(low) / base))
        if scale:
            return f"{qualifier} {scale} of"
    return qualifier


def day(value, weekday: bool = False) -> str:
    """'2016-12-14' -> '14 Dec 2016' (weekday: 'Wed 14 Dec 2016'); '2016-12' -> 'Dec 2016';
    anything else as it is."""
    words = text(value)
    try:
        if len(words) == 7:
            return date.fromisoformat(words + "-01").strftime("%b %Y")
        when = date.fromisoformat(words[:10])
    except ValueError:
        return words
    return f"{when:%a} {when.day} {when:%b %Y}" if weekday else f"{when.day} {when:%b %Y}"


def span(first, last, weekday: bool = False) -> str:
    """A span of days in words: '13–16 Dec 2016', '30 Nov – 2 Dec 2016', one day, or 'dates unknown'."""
    first, last = text(first), text(last)
    if not first:
        return "dates unknown"
    if not last or first == last:
        return day(first, weekday)
    try:
        a, b = date.fromisoformat(first[:10]), date.fromisoformat(last[:10])
    except ValueError:
        return f"{day(first, weekday)} – {day(last, weekday)}"
    if weekday:
        return f"{day(first, True)} – {day(last, True)}"
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{b.day} {b:%b %Y}"
    if a.year == b.year:
        return f"{a.day} {a:%b} – {b.day} {b:%b %Y}"
    return f"{day(first)} – {day(last)}"


def clip(value, n: int = QUOTE_CHARS) -> str:
    """White space folded, cut at a word to n characters ('…' where cut)."""
    words = " ".join(text(value).split())
    if len(words) <= n:
        return words
    cut = words[: n - 1].rsplit(" ", 1)[0] if " " in words[: n - 1] else words[: n - 1]
    return cut.rstrip(" ,;:") + "…"


def label_lines(value, width: int = 24, lines: int = 2) -> str:
    """A short label broken at words into at most `lines` lines of about `width` characters,
    escaped and joined by <br>; what does not fit ends in '…' after a whole word (a word is never
    cut: one longer than the width has a line of its own)."""
    out: list[str] = []
    rest = " ".join(text(value).split())
    while rest and len(out) < lines:
        if len(rest) <= width:
            out.append(rest)
            rest = ""
            break
        head = rest[: width + 1].rsplit(" ", 1)[0] if " " in rest[: width + 1] else rest.split(" ", 1)[0]
        out.append(head)
        rest = rest[len(head) :].strip()
    if rest:
        last = out[-1]
        while last and len(last) + 1 > width and " " in last:
            last = last.rsplit(" ", 1)[0]
        out[-1] = last.rstrip(" ,;:·-") + "…"
    return "<br>".join(html.escape(x) for x in out)


def shorten(value: str, around: str = "", limit: int = 180) -> str:
    """At most `limit` characters of a sentence, keeping `around` (the figure's words) in view."""
    words = " ".join(value.split())
    if len(words) <= limit:
        return words
    pos = words.find(around) if around else -1
    start = 0 if pos < 0 else max(0, min(pos - limit // 3, len(words) - limit))
    piece = words[start : start + limit].strip()
    return ("…" if start > 0 else "") + piece + ("…" if start + limit < len(words) else "")


def wrap_html(value: str, width: int = 60) -> str:
    """Escaped, broken into hover lines."""
    lines, line = [], ""
    for word in value.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return "<br>".join(html.escape(x) for x in lines)
