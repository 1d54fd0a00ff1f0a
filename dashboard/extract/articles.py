"""What a report is: its headline, outlet and publication date.

The publication date comes from the report's own evidence (published.py: stamps, bylines,
datelines, metadata, its URL). A report with no trustworthy date gets one only from
`infer_published`, which fits its weekday references to the dates the dated reports speak of.
"""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

from dashboard.extract import dates, published, resolve
from dashboard.extract.ingest import blank_markup
from dashboard.extract.text import Document, fold, sentences
from dashboard.extract.vocab import read_vocab

TITLE_MAX_CHARS = 200
BYLINE_MAX_WORDS = published.BYLINE_MAX_WORDS
# Candidate publication days reach this far beyond the dated reports' days.
INFER_MARGIN_DAYS = 14


_OUTLET_PATTERNS = [(row["where"], re.compile(row["pattern"])) for row in read_vocab("outlets.csv")]
_LINE = re.compile(r"[^\n]+")


# ------------------------------------------------------------------ metadata


def article_meta(doc: Document, refs: list[dates.DateRef] | None = None) -> dict:
    """Title, outlet and publication date (with how it was found) of one report; `refs`, its date
    references, tell a stamp that fits the story from a page clock (see published.py)."""
    visible = _visible(doc)
    found, partial = published.own_date(doc, visible, refs if refs is not None else _refs(doc))
    return {
        "title": _title(doc),
        "outlet": _outlet(doc, visible),
        "published": found.day if found else None,
        "published_basis": found.basis if found else "unknown",
        "published_text": found.text if found else None,
        "published_partial": partial,
        "page_url": published.page_url(doc),
    }


def _refs(doc: Document) -> list[dates.DateRef]:
    return dates.find_date_refs(doc.body, sentences(doc.body))


_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.I | re.S)
_OG_TITLE = re.compile(r"""<meta\b[^>]*\bproperty=["']og:title["'][^>]*\bcontent=["']([^"']+)["']""", re.I)
_TAGS = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][\w'’-]*")


def _title(doc: Document) -> str | None:
    """The headline: an HTML <h1> or og:title, else the first substantive line of the body."""
    for pattern in (_H1, _OG_TITLE):
        m = pattern.search(doc.raw)
        if m:
            title = fold(html.unescape(_TAGS.sub(" ", m.group(1))))
            if title:
                return _shorten(title)
    for m in _LINE.finditer(doc.body):
        line = fold(m.group())
        if _is_headline(line):
            return _shorten(line)
    return None


def _is_headline(line: str) -> bool:
    words = _WORD.findall(line)
    if len(words) < 3 or line.lower().startswith("by "):
        return False
    dated = any(p.search(line) for p in dates.DATE_PATTERNS)
    return not (dated and len(words) <= BYLINE_MAX_WORDS // 2)


def _shorten(text: str) -> str:
    if len(text) <= TITLE_MAX_CHARS:
        return text
    cut = text[: TITLE_MAX_CHARS - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _outlet(doc: Document, visible: str) -> str | None:
    """The publisher the page names: in its markup, masthead or furniture lines."""
    lines = _page_lines(doc, visible)
    for where, pattern in _OUTLET_PATTERNS:
        if where == "html":
            m = pattern.search(doc.raw) if "og:site_name" in doc.raw else None
        else:
            m = pattern.search(lines)
        if m:
            name = fold(html.unescape(m.group("outlet"))).strip(" .,:;|-")
            if name:
                return name
    return None


def _visible(doc: Document) -> str:
    """The page as a reader sees it, furniture included: the file itself, or for HTML its
    markup blanked the way the pipeline does (same offsets, block tags as line breaks)."""
    if not _TAGS.search(doc.raw, 0, 5000):
        return doc.raw
    return blank_markup(doc.raw)


def _page_lines(doc: Document, visible: str) -> str:
    """The page's first line and the lines blanked as furniture."""
    raw_lines, body_lines = visible.split("\n"), doc.body.split("\n")
    first = next((line for line in raw_lines if line.strip()), "")
    picked = [first] + [r for r, b in zip(raw_lines, body_lines, strict=False) if r != b and r is not first]
    return "\n".join(line.strip() for line in picked)


# ------------------------------------------------------------------ inference


def infer_published(refs: list[dates.DateRef], anchors: dict[date, int]) -> tuple[date | None, str]:
    """The publication day that makes a report's relative dates fall where the dated reports'
    statements fall, with the reasoning in words; (None, why) when nothing fits.

    Each candidate day D (the anchors' range ± INFER_MARGIN_DAYS) resolves the report's weekday,
    yesterday/today and year-less dates; D scores by how many land on an anchor day, then by the
    anchors' weights. Explicit dates with a year must sit on the side of D their tense says.
    """
    if not anchors:
        return None, "no dated reports to compare with"
    movable = [
        r for r in refs if r.kind in ("weekday", "relative_day") or (r.kind == "explicit" and not r.year)
    ]
    fixed = [r for r in refs if r.kind == "explicit" and r.year]
    if not movable:
        return None, "no date references that depend on the publication day (weekdays, yesterday, …)"
    first, last = (
        min(anchors) - timedelta(days=INFER_MARGIN_DAYS),
        max(anchors) + timedelta(days=INFER_MARGIN_DAYS),
    )
    scored = []
    for n in range((last - first).days + 1):
        day = first + timedelta(days=n)
        if not _tense_allows(fixed, day):
            continue
        hits = [(r, d) for r in movable if (d := resolve.resolve_day(r, day)) in anchors]
        weight = sum(anchors[d] for _, d in hits)
        scored.append(((len(hits), weight), day, hits))
    best = max((s[0] for s in scored), default=(0, 0))
    if best[0] == 0:
        return None, "no date references (weekdays, yesterday, …) fit the dates of the dated reports"
    tied = [s for s in scored if s[0] == best]
    later = not any(r.direction in ("past", "same") for r in movable)
    _, day, hits = tied[-1] if later else tied[0]
    return day, _reason(hits, movable, anchors)


def _tense_allows(fixed: list[dates.DateRef], day: date) -> bool:
    for r in fixed:
        assert r.year is not None and r.month is not None and r.day is not None  # fixed: an explicit date
        when = resolve.calendar_day(r.year, r.month, r.day)
        if when is None:
            continue
        if (r.direction == "past" and when > day) or (r.direction == "future" and when < day):
            return False
    return True


_KIND_WORDS = {"weekday": "weekday", "relative_day": "relative-day", "explicit": "date"}


def _reason(hits: list, movable: list[dates.DateRef], anchors: dict[date, int]) -> str:
    kinds = sorted({_KIND_WORDS[r.kind] for r, _ in hits})
    texts = list(dict.fromkeys(r.text.lower() if r.kind == "relative_day" else r.text for r, _ in hits))
    days = sorted({d for _, d in hits})
    statements = sum(anchors[d] for d in days)
    span = days[0].isoformat() if len(days) == 1 else _span(days[0], days[-1])
    return (
        f"{' and '.join(kinds)} references ({', '.join(texts[:6])}) fit the dates of {statements} statements "
        f"in dated reports, {span} ({len(hits)} of {len(movable)} references fit)"
    )


def _span(first: date, last: date) -> str:
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.isoformat()}..{last.day:02d}"
    return f"{first.isoformat()}..{last.isoformat()}"
