"""A report's publication date from its own evidence: stamps, bylines, datelines, metadata, URL.

The evidence, in the order it is taken (the first that fits the story wins):

1. a byline or a labelled stamp near the top: "By Jane Doe December 13, 2016", "Published June 4,2019",
   "Tue Jun 04 09:12:51 EAT 2019", "AFP | 2019-06-04 09:12:51.0", "4th June 2019", " date 2019-06-04 …";
2. HTML metadata: `article:published_time` and its kin, JSON-LD `datePublished`, `<time datetime>`;
3. an "Updated: 04-06-2019" stamp (a day-first reading where the separator is '-' or '.');
4. the report's URL ("/2019/06/04/", "/20190604/", "/2019/Jun-04/", "…-4-june-2019"), from sources.csv or
   the page's own canonical address (`decide`);
5. a dateline ("HOMS, June 4 (Reuters) -") or a year-less stamp ("Oct 17, 6:19 AM EDT"): month and day
   only, dated when the URL gives the year; the years a story names never stand in for it;
6. the story's own news day (`named_day`, basis `story`): the first weekday its story names ("continued
   to stream out on Wednesday") is the day of a date it states with its year ("arrive at the airport on
   April 26, 2023"), the latest it states: the report is of that day (or, written late, of the next:
   the earlier is taken, as an inference from other reports takes it).

A candidate must fit the story (`_fits`): not years after every year the report names (a re-publication
stamp; unless the story's own year-less "Monday, July 2" falls on that weekday in the byline's year), no past-tense date of the story after it, and not weeks after the story's latest dated statement
while the story speaks of "Saturday" or "tomorrow" (a page-view clock: "Mon 22 Jul 2024" on a story of
April 2022). A live clock ("11/21/2024 04:10:56 pm") is no stamp.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import date

from dashboard.extract import dates, resolve
from dashboard.extract.text import Document, fold

# A byline or dateline sits near the top of the page.
BYLINE_MAX_LINES = 25
BYLINE_MAX_WORDS = 20
BYLINE_MAX_CHARS = 160  # characters other than spaces (HTML pages hold blanked markup)
BYLINE_MAX_LOWER = 2  # lower-case words a byline may hold besides its labels ("By staff writers")
# A date this many years from every year the report names is not its publication date.
EVIDENCE_MAX_YEARS = 1
# A stamp this many days after the story's latest dated statement, in a story that speaks of
# weekdays and "tomorrow", is the time the page was viewed.
STALE_DAYS = 45
# A past-tense date of the story may lie this far after the stamp (time zones, late editions).
TENSE_SLACK_DAYS = 1
# A dateline's day lies this near the first of the month its URL names.
PARTIAL_NEAR_DAYS = 40
# A year-less date with its weekday this few days before a byline bears out the byline's year.
CORROBORATE_DAYS = 14


@dataclass(frozen=True)
class Found:
    """A publication date and the evidence for it."""

    day: date
    basis: str  # byline | metadata | url | dateline
    text: str


@dataclass(frozen=True)
class Partial:
    """A month and day without a year (a dateline, a year-less stamp)."""

    month: int
    day: int
    text: str


_FULL_DATES = dates.DATE_PATTERNS
_MON = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
# "Tue Jun 04 09:12:51 EAT 2019": the clock and zone stand between the day and the year.
_UNIX_STAMP = re.compile(
    rf"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+(?P<mon>{_MON})\s+(?P<day>\d{{1,2}})\s+"
    r"\d{1,2}:\d{2}(?::\d{2})?(?:\s+[A-Z]{2,5})?\s+(?P<year>(?:19|20)\d{2})\b"
)
_STAMP_DATES = (*_FULL_DATES, _UNIX_STAMP)
_NUMERIC_DATE = re.compile(r"\b(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d{2})\b")
_RANGE_BEFORE = re.compile(r"\d(?:st|nd|rd|th)?\s*(?:-|–|—|to|until)\s*\Z")
_RANGE_AFTER = re.compile(r"\s*(?:-|–|—|to|until)\s*\d{1,2}\b(?![:.]\d)")
_LIVE_CLOCK = re.compile(r"\b\d{1,2}:\d{2}:\d{2}\s*[AaPp]\.?[Mm]\b")
_TIME_AFTER = re.compile(
    r"\A,?[ \t]+(?:at[ \t]+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:[ \t]*[AaPp]\.?[Mm]\.?)?(?:[ \t]+\(?[A-Z]{2,5}\)?)?"
)
# A label and the date right after it: "Published: …", "Updated 04-06-2019", " date 2019-06-04".
_LABEL = re.compile(
    r"^\W*(?:(?P<label>(?:first\s+|originally\s+)?published|posted|date\s+published|publication\s+date|"
    r"(?:last\s+)?updated|last\s+modified)(?:\s+on)?\s*[:\-–|]?\s|(?P<bare>date)\s*(?::\s*|\s+(?=\d)))",
    re.I,
)
_LABEL_REACH = 40  # the stamp's date starts within this many characters of its label
_UPDATE_LABEL = re.compile("updat|modified", re.I)
_ISO_DAY = re.compile(r"(?:19|20)\d{2}-\d{2}-\d{2}")
_META_DATE = re.compile(
    r"""(?:<meta\b[^>]{0,1000}\b(?:property|name|itemprop)=["'](?P<name>article:published_time|og:published_time|"""
    r"""datePublished|pubdate|publishdate|publish[-_]date|dc\.date\.issued|dcterms\.created|sailthru\.date|"""
    r"""parsely-pub-date|date)["'][^>]{0,1000}\bcontent=["']|"datePublished"\s*:\s*"|<time\b[^>]{0,1000}\bdatetime=["'])"""
    r"""(?P<iso>(?P<year>(?:19|20)\d{2})-(?P<mon>\d{2})-(?P<day>\d{2})[^"'<>]{0,20})""",
    re.I,
)
# "HOMS, June 4 (Reuters) -", "BEIRUT, Lebanon, February 11 (UNHCR)", "London, May 9:", "May 1 (Reuters) -":
# a place in capitals (or a name and a colon or dash after the date), the month and day, an agency.
_DATELINE = re.compile(
    rf"^\W*(?:(?P<caps>[A-Z][A-Z.'’ -]{{2,30}})|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?"
    rf"(?:,\s*[A-Z][A-Za-z.'’ -]{{1,30}}){{0,2}},?\s*"
    rf"(?P<mon>{_MON})\s+(?P<day>\d{{1,2}})(?:,?\s*(?P<year>(?:19|20)\d{{2}}))?\b"
    r"(?:\s*\((?P<agency>[A-Za-z][\w .&-]{1,30})\))?(?P<end>\s*(?:--|[-–—:]))?"
)
# "Oct 17, 6:19 AM EDT" alone on its line: a stamp that names no year.
_YEARLESS_STAMP = re.compile(
    rf"^\W*(?P<mon>{_MON})\s+(?P<day>\d{{1,2}}),?\s+\d{{1,2}}:\d{{2}}\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{{2,5}})?\W*$"
)
_YEAR_IN_TEXT = re.compile(r"\d{4}")  # filtered to 19xx/20xx by _years: a literal class scans fast
_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][\w'’-]*")
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


# ------------------------------------------------------------------ a report's own evidence


def own_date(doc: Document, visible: str, refs: list[dates.DateRef]) -> tuple[Found | None, Partial | None]:
    """The publication date the page itself states (else None), and a month and day it states
    without a year (a dateline, a year-less stamp), for the URL to complete."""
    stamped, updated, partial = _top_line_dates(doc, visible, refs)
    return stamped or _meta_tag_date(doc, refs) or updated, partial


def _top_line_dates(
    doc: Document, visible: str, refs: list
) -> tuple[Found | None, Found | None, Partial | None]:
    """(a byline or "Published:" stamp, an "Updated:" stamp, a dateline) among the top lines."""
    updated = partial = None
    for line, where in _top_lines(visible):
        partial = partial or _partial(line)
        found = _stamp(line)
        if found is None or not _fits(found, doc.body, where, refs):
            continue
        if found.basis == "updated":
            updated = updated or Found(found.day, "metadata", found.text)
            continue
        return found, updated, partial
    return None, updated, partial


def _stamp(line: str) -> Found | None:
    """The date a top line stamps: after a label, or alone with names and a time (a byline)."""
    label = _LABEL.match(line)
    if label is not None:
        found = _line_date(line[label.end() :], within=_LABEL_REACH)
        if found is None:
            return None
        kind = "updated" if _UPDATE_LABEL.search(label.group("label") or "") else "metadata"
        return Found(found[0], kind, fold(line[: label.end()] + found[1]))
    dateline = _dateline(line)
    if dateline is not None and dateline.group("year"):
        day = _named_day(dateline)
        text = fold(line[dateline.start("mon") : dateline.end()]).rstrip(" -–—:")
        return Found(day, "dateline", text) if day is not None else None
    if len(line.split()) > BYLINE_MAX_WORDS or not _YEAR_IN_TEXT.search(line) or _LIVE_CLOCK.search(line):
        return None  # a story paragraph, no year to date it, or a live clock
    found = _line_date(line)
    if found is None or not _byline_shaped(line, found[1]):
        return None  # a story sentence that names a date
    return Found(found[0], "byline", found[1])


def _dateline(line: str) -> re.Match | None:
    """A dateline opening the line: a place in capitals, an agency, or a dash or colon after the date."""
    m = _DATELINE.match(line)
    return m if m and (m.group("caps") or m.group("agency") or m.group("end")) else None


def _partial(line: str) -> Partial | None:
    m = _dateline(line)
    if m is not None and not m.group("year"):
        return _partial_of(m, line)
    m = _YEARLESS_STAMP.match(line)
    return _partial_of(m, line) if m else None


def _partial_of(m: re.Match, line: str) -> Partial | None:
    month, day = dates.month_number(m.group("mon")[:3]), int(m.group("day"))
    if resolve.calendar_day(2000, month, day) is None:  # 2000: a leap year
        return None
    return Partial(month, day, fold(line[m.start("mon") : m.end()]).rstrip(" -–—:"))


def _meta_tag_date(doc: Document, refs: list) -> Found | None:
    if not any(tag in doc.raw for tag in ("<meta", "<time", "datePublished")) or not _ISO_DAY.search(doc.raw):
        return None  # a tag's date is an ISO day: a page of tags without one is not searched tag by tag
    for m in _META_DATE.finditer(doc.raw):
        day = resolve.calendar_day(int(m.group("year")), int(m.group("mon")), int(m.group("day")))
        found = (
            Found(day, "metadata", f"{m.group('name') or 'datePublished'}: {m.group('iso')}") if day else None
        )
        if found is not None and _fits(found, doc.body, (m.start(), m.end()), refs):
            return found
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
        if len(line) - line.count(" ") <= BYLINE_MAX_CHARS or _LABEL.match(line):
            yield fold(line), m.span()  # longer lines are story paragraphs, unless a stamp opens them
        if seen >= BYLINE_MAX_LINES:
            return


def _byline_shaped(line: str, date_words: str) -> bool:
    """Besides its date and time, a byline holds names, labels and separators, few words."""
    rest = _BRACKETED.sub(" ", line.replace(date_words, " "))
    words = _WORD.findall(rest)
    lower = [w for w in words if w[0].islower() and w.lower() not in _BYLINE_WORDS]
    return len(words) <= BYLINE_MAX_WORDS // 2 and len(lower) <= BYLINE_MAX_LOWER


def _line_date(line: str, within: int | None = None) -> tuple[date, str] | None:
    """The first full date (with its year) a line states, and the words with any time after it;
    with `within`, only a date that starts that near the line's start."""
    hits = [m for p in _STAMP_DATES for m in p.finditer(line) if m.group("year")]
    numeric = _NUMERIC_DATE.search(line)
    if numeric:
        hits.append(numeric)
    for m in sorted(hits, key=lambda m: m.start()):
        if within is not None and m.start() > within:
            return None
        if _RANGE_BEFORE.search(line, 0, m.start()) or _RANGE_AFTER.match(line, m.end()):
            continue  # "(1 - 20 October 2017)": the days a report covers, not its date
        day = _numeric_day(m) if "sep" in m.re.groupindex else _named_day(m)
        if day is not None:
            return day, _with_time(line, m.start(), m.end())
    return None


def _named_day(m: re.Match) -> date | None:
    with contextlib.suppress(KeyError):
        return resolve.calendar_day(
            int(m.group("year")), dates.month_number(m.group("mon")), int(m.group("day"))
        )
    return None


def _numeric_day(m: re.Match) -> date | None:
    """25/12/2016, 12/25/2016; 04-06-2019 and 04.06.2019 read day first (the usage of those separators);
    None when a slash date reads both ways (03/04/2016)."""
    a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("year"))
    day_first = resolve.calendar_day(year, b, a)
    if m.group("sep") in "-.":
        return day_first
    readings = {d for d in (day_first, resolve.calendar_day(year, a, b)) if d is not None}
    return readings.pop() if len(readings) == 1 else None


def _with_time(line: str, start: int, end: int) -> str:
    t = _TIME_AFTER.match(line[end:])
    return line[start : end + (t.end() if t else 0)]


# ------------------------------------------------------------------ does it fit the story


def _fits(found: Found, body: str, where: tuple[int, int], refs: list) -> bool:
    """A byline must not lie years after every year the report names; a labelled stamp or a meta
    tag (the page says what it is) only not years after every year of its dated statements."""
    if found.basis == "byline":
        plausible = _plausible(found.day, body, where) or _weekday_corroborates(found.day, refs)
    else:
        years = [
            r.year
            for r in refs
            if r.month is not None and r.year is not None and not where[0] <= r.start < where[1]
        ]
        plausible = not years or found.day.year <= max(years) + EVIDENCE_MAX_YEARS
    return plausible and _fits_story(found.day, refs)


def _weekday_corroborates(day: date, refs: list) -> bool:
    """The story names a day with its weekday and no year ("as of Monday, July 2") that falls on
    that weekday in the candidate's year, days before it: the stamp's year is the story's, whatever
    older years its background names ("since March 2011"). A weekday fits a wrong year 1 time in 7."""
    for r in refs:
        if r.kind != "explicit" or r.year is not None or r.weekday is None:
            continue
        when = resolve.resolve_day(r, day)
        if when is not None and when.weekday() == r.weekday and 0 <= (day - when).days <= CORROBORATE_DAYS:
            return True
    return False


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


def _fits_story(day: date, refs: list) -> bool:
    """No past-tense date of the story after the day; not weeks after its latest dated statement
    while the story speaks of days relative to its own ("on Saturday", "tomorrow")."""
    latest, relative = None, False
    for r in refs:
        if r.kind in ("weekday", "relative_day"):
            relative = True
        if r.kind != "explicit":
            continue
        when = resolve.resolve_day(r, day)
        if when is None:
            continue
        if r.year is not None and r.direction == "past" and (when - day).days > TENSE_SLACK_DAYS:
            return False
        latest = when if latest is None or when > latest else latest
    return not (relative and latest is not None and (day - latest).days > STALE_DAYS)


# ------------------------------------------------------------------ the URL


_URL_PATH = re.compile(r"^[a-z][a-z0-9+.-]*://[^/?#]*(?P<path>[^?#]*)", re.I)
_MONTH_WORD = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
# Each with groups year, mon (number or name) and day where it has them; the first that matches wins.
_URL_DATES = (
    re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<mon>\d{1,2})/(?P<day>\d{1,2})(?=[/_.-]|$)"),
    re.compile(
        rf"/(?P<year>(?:19|20)\d{{2}})/(?P<mon>{_MONTH_WORD})[-_/](?P<day>\d{{1,2}})(?=[/_.-]|$)", re.I
    ),
    re.compile(r"(?:^|[/_-])(?P<year>(?:19|20)\d{2})-?(?P<mon>[01]\d)-?(?P<day>[0-3]\d)(?=[/_.-]|$)"),
    # "-4-june-2019" at the end of a slug, not the end of a range ("1-20-october-2017")
    re.compile(
        rf"(?<![\d]-)(?<=[/_-])(?P<day>\d{{1,2}})-(?P<mon>{_MONTH_WORD})-(?P<year>(?:19|20)\d{{2}})(?=[/_.-]|$)",
        re.I,
    ),
    re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<mon>\d{1,2})(?=/)"),  # a year and month only
)


def url_date(url: str | None) -> tuple[date | None, tuple[int, int] | None]:
    """(the day a report's URL names, else None; its (year, month) where it names only those).
    Only the path counts: a query's time stamp ("CTIME=2012-05-01") is the crawler's."""
    m = _URL_PATH.match(url or "")
    path = m.group("path") if m else ""
    for pattern in _URL_DATES:
        found = pattern.search(path)
        if found is None:
            continue
        mon = found.group("mon")
        month = int(mon) if mon.isdigit() else dates.month_number(mon[:3])
        year = int(found.group("year"))
        if not 1 <= month <= 12:
            continue
        if "day" not in pattern.groupindex:
            return None, (year, month)
        day = resolve.calendar_day(year, month, int(found.group("day")))
        if day is not None:
            return day, (year, month)
    return None, None


_PAGE_URL = re.compile(
    r"""<link\b[^>]*\brel=["']canonical["'][^>]*\bhref=["'](?P<a>[^"'\s]+)|"""
    r"""<meta\b[^>]*\bproperty=["']og:url["'][^>]*\bcontent=["'](?P<b>[^"'\s]+)|"""
    r"""^\W*(?:(?:source|url|link|original(?:ly published at)?)\s*:\s*)?(?P<c>https?://[^\s"'<>]+)\s""",
    re.I | re.M,
)
PAGE_URL_CHARS = 3000  # the page's own address is stated in its head, not among related links


def page_url(doc: Document) -> str | None:
    """The address the page gives for itself: a canonical link, og:url, or a line that opens with it."""
    m = _PAGE_URL.search(doc.raw, 0, PAGE_URL_CHARS)
    return (m.group("a") or m.group("b") or m.group("c")) if m else None


def decide(meta: dict, url: str | None, refs: list) -> tuple[date | None, str, str | None]:
    """A report's publication date, basis and words: its own stamp, else the URL's day, else
    the dateline's month and day in the URL's year, else the day its news weekday names
    (`named_day`); (None, "unknown", None) when none fits."""
    if meta.get("published"):
        return meta["published"], meta["published_basis"], meta.get("published_text")
    for address in (url, meta.get("page_url")):
        day, year_month = url_date(address)
        if day is not None and _fits_story(day, refs):
            return day, "url", f"URL {address}"
        partial = meta.get("published_partial")
        if partial is not None and year_month is not None:
            done = _completed(partial, year_month, refs)
            if done is not None:
                return done, "dateline", f"{partial.text} (year from the URL {address})"
    named = meta.get("published_named")
    if named:
        day = date.fromisoformat(named[0])
        if _fits_story(day, refs):
            return day, "story", named[1]
    return None, "unknown", None


_SINCE = re.compile(r"\bsince\s+(?:the\s+)?\Z", re.I)


def named_day(body: str, refs: list) -> Found | None:
    """The day a report's news is of, in its own words: the first weekday its story names in the
    past or present ("said on Wednesday"; not "since Wednesday", which is where a period starts, nor
    "last" or "next" Wednesday) falls on the one date with its year the story states on that
    weekday, and no date it states in the past lies after that one. None otherwise."""
    first = next(
        (
            r
            for r in sorted(refs, key=lambda r: r.start)
            if r.kind == "weekday"
            and r.direction != "future"
            and r.modifier is None
            and r.end_weekday is None
            and not _SINCE.search(body, max(0, r.start - 12), r.start)
        ),
        None,
    )
    if first is None:
        return None
    stated = {
        (day, r.text)
        for r in refs
        if r.kind == "explicit"
        and r.year is not None
        and r.direction != "future"
        and (day := resolve.calendar_day(r.year, r.month, r.day)) is not None
    }
    on_it = {day for day, _ in stated if day.weekday() == first.weekday}
    if len(on_it) != 1:
        return None
    (day,) = on_it
    if any(other > day for other, _ in stated):
        return None  # the story states a later day: its news is not of this one
    words = min(text for other, text in stated if other == day)
    return Found(day, "story", f"{first.text} is {words}: the day the story's news is of")


def _completed(partial: Partial, year_month: tuple[int, int], refs: list) -> date | None:
    """The dateline's day in the URL's year, where it falls near the URL's month."""
    year, month = year_month
    day = resolve.calendar_day(year, partial.month, partial.day)
    if (
        day is None
        or abs((day - date(year, month, 1)).days) > PARTIAL_NEAR_DAYS
        or not _fits_story(day, refs)
    ):
        return None  # a dateline of another month than the URL's
    return day
