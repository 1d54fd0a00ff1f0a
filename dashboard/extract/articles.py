"""What a report is: its headline, outlet and publication date.

The publication date comes from the report's own evidence (published.py: stamps, bylines,
datelines, metadata, its URL). A report with no trustworthy date gets one only from the reports
of its own episode (episodes.py).
"""

from __future__ import annotations

import html
import re

from dashboard.extract import dates, published
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
    refs = refs if refs is not None else _refs(doc)
    found, partial = published.own_date(doc, visible, refs)
    named = published.named_day(doc.body, refs)
    return {
        "title": _title(doc),
        "outlet": _outlet(doc, visible),
        "published": found.day if found else None,
        "published_basis": found.basis if found else "unknown",
        "published_text": found.text if found else None,
        "published_partial": partial,
        # the day the story's news weekday names with its year, as [ISO day, words] (decide weighs it)
        "published_named": [named.day.isoformat(), named.text] if named else None,
        "page_url": published.page_url(doc),
    }


def _refs(doc: Document) -> list[dates.DateRef]:
    return dates.find_date_refs(doc.body, sentences(doc.body))


_H1_OPEN, _H1_CLOSE = re.compile(r"<h1\b[^>]*>", re.I), re.compile(r"</h1\s*>", re.I)
# A tag's attributes are read to a length no real tag reaches, so that thousands of unclosed
# '<meta property=' cost each a bounded look, not a scan of the rest of the file.
_OG_TITLE = re.compile(
    r"""<meta\b[^>]{0,1000}\bproperty=["']og:title["'][^>]{0,1000}\bcontent=["']([^"']+)["']""", re.I
)
_TAGS = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][\w'’-]*")


def _h1(raw: str) -> str | None:
    """The words of the first <h1> closed after it (the first complete opening tag decides: no
    later one has a closing after it if this one has none)."""
    opening = _H1_OPEN.search(raw[: raw.rfind(">") + 1])  # no tag runs past the last '>'
    closing = _H1_CLOSE.search(raw, opening.end()) if opening else None
    return raw[opening.end() : closing.start()] if opening and closing else None


def _og_title(raw: str) -> str | None:
    m = _OG_TITLE.search(raw) if "og:title" in raw.lower() else None
    return m.group(1) if m else None


# Markdown headings: '# Title' (a level-one heading is a Markdown page's <h1>) and the marks of any
# heading level, which are no part of a title's words. Read with string methods past the opening
# marks, so a line of blanks costs its length once (no regex backtracking over it).
_MD_H1_START = re.compile(r"^#[ \t]", re.M)
_MD_OPENING = re.compile(r"[ \t]{0,3}#{1,6}[ \t]")


def _heading_words(line: str) -> str:
    """A line without its Markdown heading marks ('## Title ##' -> 'Title')."""
    opening = _MD_OPENING.match(line)
    if opening is None:
        return line
    words = line[opening.end() :].rstrip(" \t")
    closed = words.rstrip("#")
    if closed != words and (not closed or closed[-1] in " \t"):
        words = closed.rstrip(" \t")
    return words


def _md_h1(body: str) -> str | None:
    """The words of a Markdown page's first level-one heading ('# Title')."""
    for m in _MD_H1_START.finditer(body):
        end = body.find("\n", m.start())
        words = fold(_heading_words(body[m.start() : end if end >= 0 else len(body)]))
        if words:
            return words
    return None


def _title(doc: Document) -> str | None:
    """The headline: an HTML <h1> or og:title, a Markdown page's first '# ' heading, else the first
    substantive line of the body (a heading's '#' marks left out)."""
    for found in (_h1(doc.raw), _og_title(doc.raw)):
        if found is not None:
            title = fold(html.unescape(_TAGS.sub(" ", found)))
            if title:
                return _shorten(title)
    heading = _md_h1(doc.body) if doc.source_file.lower().endswith(".md") else None
    if heading:
        return _shorten(heading)
    for m in _LINE.finditer(doc.body):
        line = _LEADING_STAMP.sub("", fold(_heading_words(m.group())), count=1)
        if _is_headline(line):
            return _shorten(line)
    return None


# A page's date stamp glued before the headline on its line ("date 2017-03-18 Syrian rebels …").
_LEADING_STAMP = re.compile(
    r"^(?:date|published|posted|updated)\s*[:|–-]?\s*\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?\s+",
    re.I,
)


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
