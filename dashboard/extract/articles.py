"""What a report is: its headline, outlet and publication date.

The publication date comes from a byline or a
dateline, else from metadata ("Published: …", `<meta … published_time>`); a clock with seconds
or a date years away from what the report itself names is a page or crawl time, never the
publication date. A report with no trustworthy date gets one only from `infer_published`,
which fits its weekday references to the dates the dated reports speak of.
"""

from __future__ import annotations

import contextlib
import html
import re
from datetime import date, timedelta

from dashboard.extract import dates, resolve
from dashboard.extract.ingest import blank_markup
from dashboard.extract.text import Document, fold
from dashboard.extract.vocab import read_vocab

TITLE_MAX_CHARS = 200
# A byline or dateline sits near the top of the page.
BYLINE_MAX_LINES = 25
BYLINE_MAX_WORDS = 20
BYLINE_MAX_CHARS = 160  # characters other than spaces (HTML pages hold blanked markup)
# A date this many years from every year the report names is not its publication date.
EVIDENCE_MAX_YEARS = 1
# Candidate publication days reach this far beyond the dated reports' days.
INFER_MARGIN_DAYS = 14


_OUTLET_PATTERNS = [(row["where"], re.compile(row["pattern"])) for row in read_vocab("outlets.csv")]
_LINE = re.compile(r"[^\n]+")


# ------------------------------------------------------------------ metadata


def article_meta(doc: Document) -> dict:
    """Title, outlet and publication date (with how it was found) of one report."""
    visible = _visible(doc)
    published, basis, words = _published(doc, visible)
    return {
        "title": _title(doc),
        "outlet": _outlet(doc, visible),
        "published": published,
        "published_basis": basis,
        "published_text": words,
    }


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


def _title(doc: Document) -> str | None:
    """The headline: an HTML <h1> or og:title, else the first substantive line of the body."""
    for found in (_h1(doc.raw), _og_title(doc.raw)):
        if found is not None:
            title = fold(html.unescape(_TAGS.sub(" ", found)))
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
    dated = any(p.search(line) for p in _FULL_DATES)
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


# ------------------------------------------------------------------ publication date

_NUMERIC_DATE = re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>(?:19|20)\d{2})\b")
_FULL_DATES = dates.DATE_PATTERNS
_CLOCK_WITH_SECONDS = re.compile(r"\b\d{1,2}:\d{2}:\d{2}\b")
_TIME_AFTER = re.compile(
    r"\A,?[ \t]+(?:at[ \t]+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:[ \t]*[AaPp]\.?[Mm]\.?)?(?:[ \t]+\(?[A-Z]{2,5}\)?)?"
)
_LABEL = re.compile(
    r"^\W*(?:(?P<label>(?:first\s+)?published|posted|date\s+published|publication\s+date|"
    r"(?:last\s+)?updated|last\s+modified)(?:\s+on)?\s*[:\-–]?\s|(?P<bare>date)\s*:)",
    re.I,
)
_META_DATE = re.compile(  # attributes read to a bounded length, as in _OG_TITLE
    r"""(?:<meta\b[^>]{0,1000}\b(?:property|name|itemprop)=["'](?P<name>article:published_time|og:published_time|"""
    r"""datePublished|pubdate|publishdate|publish[-_]date|dc\.date\.issued|dcterms\.created|sailthru\.date|"""
    r"""parsely-pub-date|date)["'][^>]{0,1000}\bcontent=["']|"datePublished"\s*:\s*"|<time\b[^>]{0,1000}\bdatetime=["'])"""
    r"""(?P<iso>(?P<year>(?:19|20)\d{2})-(?P<mon>\d{2})-(?P<day>\d{2})[^"'<>]{0,20})""",
    re.I,
)
_ISO_DAY = re.compile(r"(?:19|20)\d{2}-\d{2}-\d{2}")
_UPDATE_LABEL = re.compile("updat|modified", re.I)
_YEAR_IN_TEXT = re.compile(r"\d{4}")  # filtered to 19xx/20xx by _years: a literal class scans fast


def _published(doc: Document, visible: str) -> tuple[date | None, str, str | None]:
    """A byline or a "Published:" line near the top, else a meta tag, else an "Updated:" line."""
    found, updated = _top_line_date(doc, visible)
    return found or _meta_tag_date(doc) or updated or (None, "unknown", None)


def _top_line_date(doc: Document, visible: str) -> tuple[tuple | None, tuple | None]:
    """(publication date of a byline or "Published:" line, date of an "Updated:" line)."""
    updated = None
    for line, where in _top_lines(visible):
        if len(line.split()) > BYLINE_MAX_WORDS or not _YEAR_IN_TEXT.search(line):
            continue  # a story paragraph, or no year to date it
        found = _line_date(line)
        if found is None or not _plausible(found[0], doc.body, where):
            continue
        day, words = found
        label = _LABEL.match(line)
        if label is None:
            if _CLOCK_WITH_SECONDS.search(line) or not _byline_shaped(line, words):
                continue  # a page clock or crawl time; a story sentence that names a date
            return (day, "byline", words), updated
        if _UPDATE_LABEL.search(label.group("label") or ""):
            updated = updated or (day, "metadata", fold(line))
            continue
        return (day, "metadata", fold(line)), updated
    return None, updated


def _meta_tag_date(doc: Document) -> tuple[date, str, str] | None:
    if not any(tag in doc.raw for tag in ("<meta", "<time", "datePublished")) or not _ISO_DAY.search(doc.raw):
        return None  # (a tag's date is an ISO day: a page of tags without one is not searched tag by tag)
    for m in _META_DATE.finditer(doc.raw):
        try:
            day = date(int(m.group("year")), int(m.group("mon")), int(m.group("day")))
        except ValueError:
            continue
        if _plausible(day, doc.body, (m.start(), m.end())):
            return day, "metadata", f"{m.group('name') or 'datePublished'}: {m.group('iso')}"
    return None


def _top_lines(text: str):
    """The first non-empty lines of the page with their spans (furniture included: a line
    blanked as furniture is still judged, and a page clock rejected by rule)."""
    seen = 0
    for m in _LINE.finditer(text):
        line = m.group()
        if line.isspace():
            continue
        seen += 1
        if len(line) - line.count(" ") <= BYLINE_MAX_CHARS:  # longer lines are story paragraphs
            yield fold(line), m.span()
        if seen >= BYLINE_MAX_LINES:
            return


_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_BYLINE_WORDS = frozenset(
    [
        "by",
        "and",
        "on",
        "at",
        "the",
        "of",
        "in",
        "for",
        "from",
        "with",
        "published",
        "updated",
        "posted",
        "last",
        "first",
        "am",
        "pm",
    ]
)
BYLINE_MAX_LOWER = 2  # lower-case words a byline may hold besides its labels ("By staff writers")


def _byline_shaped(line: str, date_words: str) -> bool:
    """Besides its date and time, a byline holds names, labels and separators, few words."""
    rest = _BRACKETED.sub(" ", line.replace(date_words, " "))
    words = _WORD.findall(rest)
    lower = [w for w in words if w[0].islower() and w.lower() not in _BYLINE_WORDS]
    return len(words) <= BYLINE_MAX_WORDS // 2 and len(lower) <= BYLINE_MAX_LOWER


def _line_date(line: str) -> tuple[date, str] | None:
    """The first full date (with its year) a line states, and the words with any time after it."""
    hits = [m for p in _FULL_DATES for m in p.finditer(line) if m.group("year")]
    for m in sorted(hits, key=lambda m: m.start()):
        try:
            month = dates.month_number(m.group("mon"))
            day = date(int(m.group("year")), month, int(m.group("day")))
        except (ValueError, KeyError):
            continue
        return day, _with_time(line, m.start(), m.end())
    numeric = _NUMERIC_DATE.search(line)
    if numeric:
        m = numeric
        found = _numeric_day(int(m.group("a")), int(m.group("b")), int(m.group("year")))
        if found:
            return found, _with_time(line, m.start(), m.end())
    return None


def _numeric_day(a: int, b: int, year: int) -> date | None:
    """12/25/2016 or 25/12/2016; None when both readings are valid and differ (03/04/2016)."""
    readings = set()
    for month, day in ((a, b), (b, a)):
        with contextlib.suppress(ValueError):  # not a date in this reading
            readings.add(date(year, month, day))
    return readings.pop() if len(readings) == 1 else None


def _with_time(line: str, start: int, end: int) -> str:
    t = _TIME_AFTER.match(line[end:])
    return line[start : end + (t.end() if t else 0)]


def _years(text: str) -> list[int]:
    """Years written in a text (four digits from 1900 to 2099 standing alone)."""
    found = []
    for m in _YEAR_IN_TEXT.finditer(text):
        s, e = m.span()
        if (
            text[s : s + 2] in ("19", "20")
            and not (s and text[s - 1].isalnum())
            and not text[e : e + 1].isalnum()
        ):
            found.append(int(m.group()))
    return found


def _plausible(day: date, body: str, where: tuple[int, int]) -> bool:
    """False when the date lies years after every year the report itself names: a page or
    crawl time stamped on an older story."""
    others = _years(body)
    for y in _years(body[where[0] : where[1]]):  # the candidate's own words are no evidence for it
        if y in others:
            others.remove(y)
    return not others or day.year <= max(others) + EVIDENCE_MAX_YEARS


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
        when = date(r.year, r.month, r.day)
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
