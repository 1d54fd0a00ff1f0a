"""Date expressions in a report, and their resolution against its publication date.

`find_date_refs` reads the words only ("on Wednesday", "yesterday", "early this week",
"end of November", "December 13, 2016") and decides from the sentence's tense whether the
date lies before or after the report was written; `resolve` turns one reference into a
calendar date once the publication date is known (or inferred, see `episodes.infer`).

A reference in a byline or dateline sentence ("By Jane Doe December 13, 2016", a line holding
only a date and a time) is left out: it is the publication date itself, which
`published.own_date` reads, not a statement of the story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dashboard.extract import stamps
from dashboard.extract.numbers import ONES
from dashboard.extract.text import sentence_at
from dashboard.extract.times import attached_time
from dashboard.extract.vocab import read_vocab

KINDS = ("weekday", "relative_day", "week", "month", "explicit", "period", "span", "year")
DIRECTIONS = ("past", "future", "same")


@dataclass(frozen=True)
class DateRef:
    """One date expression as written, with what is needed to resolve it."""

    kind: str  # weekday | relative_day | week | month | explicit | period | span | year
    text: str  # the date words as written
    start: int  # offsets of the date words in the body
    end: int
    sentence: tuple[int, int]  # the sentence holding them
    direction: str  # past | future | same: where the sentence's tense puts the date
    weekday: int | None = None  # 0 = Monday (weekday refs, explicit dates naming a day)
    offset: int = 0  # days (relative_day, period), weeks (week) or months (month) from the report's own
    part: str | None = None  # early | mid | late | earlier | later | weekend | past: part of a week/month
    modifier: str | None = None  # last | next | this, before a weekday
    day: int | None = None  # explicit day of month
    month: int | None = None  # explicit or named month
    year: int | None = None  # explicit year
    time: str | None = None  # a time of day the sentence ties to the date ("6pm local time")
    end_day: int | None = None  # a span's last day and month ("between 3 and 6 May": 6, 5)
    end_month: int | None = None
    end_weekday: int | None = None  # a period of weekdays' last ("on Saturday and Sunday": 6)
    year_relative: bool = (
        False  # a month of the report's year or the one before or after ("December last year")
    )

    @property
    def absolute(self) -> bool:
        """True when the words alone fix the date (no publication date needed)."""
        return self.year is not None and (self.month is not None or self.kind == "year")


# ------------------------------------------------------------------ vocabulary


def _load_words() -> dict[str, frozenset[str]]:
    roles: dict[str, set[str]] = {}
    for row in read_vocab("event_words.csv"):
        roles.setdefault(row["word"].lower(), set()).add(row["role"])
    return {w: frozenset(r) for w, r in roles.items()}


WORD_ROLES = _load_words()

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WD_ABBR = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6}  # fmt: skip
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
_MONTH_NUM = {m.lower(): i for i, m in enumerate(MONTHS, 1)}
_MONTH_NUM.update({m[:3].lower(): i for i, m in enumerate(MONTHS, 1)})
_MONTH_NUM["sept"] = 9
# "two weeks ago", "a day ago": counts of days and weeks, spelt out (one to ten) or "a".
_NUMBER_WORDS = {"a": 1, **{w: n for w, n in ONES.items() if 1 <= n <= 10}}

# ------------------------------------------------------------------ patterns

_WD = "|".join(WEEKDAYS)
_WD_ANY = _WD + r"|Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun"
_MONTH_FULL = "|".join(MONTHS)
# A full name, or an abbreviation with its optional period ("Dec.", but not the period after "March").
_MONTH_ANY = rf"(?:{_MONTH_FULL})\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
_YEAR = r"(?:19|20)\d{2}"
_ORD = r"(?:st|nd|rd|th)?"
_DAY_PREFIX = rf"(?:(?P<wd>{_WD_ANY})\.?,?\s+)?"

# Each pattern's whole match is the date words; builders read the named groups.
_EXPLICIT_MDY = re.compile(
    rf"\b{_DAY_PREFIX}(?P<mon>{_MONTH_ANY})\s+(?P<day>\d{{1,2}}){_ORD}\b(?!:)"
    rf"(?:(?:,?\s+|,)(?P<year>{_YEAR})\b)?"  # "June 4, 2019", "June 4 2019", "June 4,2019"
)
_EXPLICIT_DMY = re.compile(
    rf"\b{_DAY_PREFIX}(?:the\s+)?(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon>{_MONTH_ANY})"
    rf"(?:,?\s+(?P<year>{_YEAR})\b)?"
)
_EXPLICIT_ISO = re.compile(rf"\b(?P<year>{_YEAR})-(?P<mon>\d{{2}})-(?P<day>\d{{2}})\b")
# Patterns of a written date (groups mon, day, year), for bylines (articles.py).
DATE_PATTERNS = (_EXPLICIT_MDY, _EXPLICIT_DMY, _EXPLICIT_ISO)
_PART = r"(?P<part>(?i:early|mid|late|end\s+of|beginning\s+of|start\s+of|middle\s+of))"
# "between 3 and 6 May", "from 3 to 6 May", "3-6 May 2018", "2 to 6 April", "May 3-6", "Jun. 15 - 30, 2018",
# "between 28 April and 2 May": the days of a period.
_TO = r"\s*(?:-|–|—|\bto\b|\band\b|\buntil\b|\btill\b|\bthrough\b)\s*"
_SPAN_DMY = re.compile(
    rf"\b(?:(?P<lead>(?i:between|from))\s+)?(?:the\s+)?(?P<day>\d{{1,2}}){_ORD}(?:\s+(?:of\s+)?(?P<mon1>{_MONTH_ANY}))?"
    rf"{_TO}(?:the\s+)?(?P<day2>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon>{_MONTH_ANY})(?:,?\s+(?P<year>{_YEAR})\b)?"
)
_SPAN_MDY = re.compile(
    rf"\b(?:(?P<lead>(?i:between|from))\s+)?(?P<mon1>{_MONTH_ANY})\s+(?P<day>\d{{1,2}}){_ORD}"
    rf"{_TO}(?:(?P<mon>{_MONTH_ANY})\s+)?(?P<day2>\d{{1,2}}){_ORD}\b(?!:)(?:,?\s+(?P<year>{_YEAR})\b)?"
)
_MONTH_NAMED = re.compile(
    rf"\b(?:{_PART}[\s-]+|(?P<prep>(?i:in|since|during|until|till|through|throughout|by|from|last|next|this|"
    rf"of|before|after))\s+)?(?P<mon>{_MONTH_FULL})\b(?!\s+\d{{1,2}}\b)"
    # "October 2021", "October of 2021"; "December last year", "March this year"
    rf"(?:,?\s+(?:of\s+)?(?P<year>{_YEAR})\b|\s+(?P<which_year>(?i:last|this|next))\s+year\b)?"
)
_RELATIVE_DAY = re.compile(
    r"\b(?P<rel>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow|"
    r"tonight|last\s+night|this\s+morning|this\s+afternoon|this\s+evening|overnight|"
    r"(?:through|throughout|during)\s+the\s+night))\b"
    r"(?:['’]s)?(?:\s+(?P<pod>morning|afternoon|evening|night)\b)?"
    r"|\b(?P<n>\d{1,2}|(?i:a|one|two|three|four|five|six|seven|eight|nine|ten))\s+days?\s+ago\b"
)
_WEEK = re.compile(
    r"\b(?:(?P<part>(?i:early|earlier|late|later|mid|end\s+of|start\s+of|beginning\s+of))\s+)?"
    r"(?P<which>(?i:this|last|next|past|previous|coming))\s+(?P<unit>week(?:end)?)\b"
    r"|\b(?P<over>(?i:over|at|during))\s+the\s+weekend\b"
)
_MONTH_RELATIVE = re.compile(
    r"\b(?:(?P<part>(?i:early|earlier|late|later|mid|end\s+of|start\s+of|beginning\s+of))\s+)?"
    r"(?P<which>(?i:this|last|next|past|previous|coming))\s+month\b"
)
_TOKEN = re.compile(r"\b[A-Za-z][A-Za-z'’-]*")
_TENSE_CHARS = 100  # how far a tense cue is looked for on each side of the date words


# ------------------------------------------------------------------ finding


def find_date_refs(body: str, sents: list[tuple[int, int]]) -> list[DateRef]:
    """Every date expression of a body, in order, not overlapping, datelines left out."""
    refs: list[DateRef] = []
    last_end = -1
    found = sorted(_candidates(body), key=lambda c: (c[0], -c[1]))
    starts = [c[0] for c in found]
    for start, end, fields in found:
        if start < last_end:
            continue
        sent = sentence_at(sents, start)
        if sent[0] == sent[1] or stamps.is_stamp(body, sent, start, end, fields, (found, starts)):
            continue
        last_end = end
        direction = fields.pop("direction", None) or _direction(body, sent, start, end)
        refs.append(
            DateRef(
                text=body[start:end],
                start=start,
                end=end,
                sentence=sent,
                direction=direction,
                time=attached_time(body, sent, start, end),
                **fields,
            )
        )
    return refs


def _candidates(body: str):
    """(start, end, fields) of every date expression around a trigger word.

    Scanning a whole report with each date pattern is slow in Python's regex engine; the
    trigger words are found fast (capitalized weekday and month names by one regex whose
    first letters the engine skips to, the lower-case ones by plain string search), and only
    the patterns that fit the word around a trigger run, in a small window. Weekdays, the
    commonest, are read with string operations alone.
    """
    seen: set[tuple[int, int]] = set()
    words = [
        m.span() for m in _CAPITAL_TRIGGER.finditer(body) if not (m.start() and body[m.start() - 1].isalpha())
    ]
    for trigger in _LOWER_TRIGGERS:
        at = body.find(trigger)
        while at >= 0:
            words.append(_word_around(body, at, len(trigger)))
            at = body.find(trigger, words[-1][1])
    for start, end in words:
        word = body[start:end]
        if word in WEEKDAYS:
            found = _weekday_at(body, start, end)
            if found:
                yield found
            continue
        for builder, pattern, before, after, digit in _BY_WORD.get(word.lower(), ()):
            if digit and not _DIGIT.search(body, max(0, start - 12), end + 8):
                continue  # an explicit date needs its day number next to the month
            for m in pattern.finditer(body, max(0, start - before), end + after):
                if m.start() <= start < m.end() and m.span() not in seen:
                    fields = builder(m, body)
                    if fields is not None:
                        seen.add(m.span())
                        yield fields.pop("_start", m.start()), m.end(), fields
    yield from _iso_dates(body)
    yield from _year_refs(body)


# "since 2014", "in early 2011", "by the end of 2016", "mid-2013": a year with the words that make
# it a time ("the 2011 uprising", "2011 people" are not).
_YEAR_LEAD = re.compile(
    r"\b(?:(?P<prep>(?i:in|since|during|until|till|through|throughout|by|from|before|after|of))\s+"
    r"(?:the\s+)?)?(?P<part>(?i:early|mid|late|end\s+of|beginning\s+of|start\s+of|middle\s+of)[\s-]+)?\Z"
)
_YEAR_WORD = re.compile(r"(?<![\d,.])(?:19|20)\d{2}\b(?![,.]?\d|\s*(?:[-–/]|%))")


def _year_refs(body: str):
    for m in _YEAR_WORD.finditer(body):
        lead = _YEAR_LEAD.search(body, max(0, m.start() - 24), m.start())
        if lead is None or not (lead.group("prep") or lead.group("part")):
            continue
        prep = (lead.group("prep") or "").lower()
        fields = {"kind": "year", "year": int(m.group()), "part": _part_name(lead.group("part"))}
        if prep in ("since", "after", "from"):
            fields["direction"] = "past"
        start = lead.start("part") if lead.group("part") else m.start()
        yield start, m.end(), fields


def _iso_dates(body: str):
    """2016-12-13: found from its hyphens, far fewer than the positions a regex scan would try."""
    at = body.find("-", 4)
    while at >= 0:
        if body[at - 4 : at].isdigit() and body[at + 1 : at + 3].isdigit():
            m = _EXPLICIT_ISO.match(body, at - 4)
            fields = _explicit(m, body) if m else None
            if m is not None and fields is not None:
                yield m.start(), m.end(), fields
        at = body.find("-", at + 1)


_WEEKDAY_TO = re.compile(
    rf"[ \t]+(?P<to>and|to|through|until|till|-|–)[ \t]+(?:on[ \t]+)?(?P<wd2>{_WD})\b(?!['’]s)"
)
_NOT_A_DAY_BEFORE = frozenset({"Good", "Black", "Holy", "Cyber", "Super", "Ash", "Maundy"})
_PART_OF_DAY = re.compile(r"[ \t]+(?:morning|afternoon|evening|night)\b")


def _weekday_at(body: str, start: int, end: int) -> tuple[int, int, dict] | None:
    """'Tuesday', 'last Friday', 'early Wednesday', "Tuesday's", 'Tuesday evening'."""
    weekday = WEEKDAYS.index(body[start:end])
    gap = start
    while gap > 0 and body[gap - 1] in " \t":
        gap -= 1
    word_start = gap
    while word_start > 0 and body[word_start - 1].isalpha():
        word_start -= 1
    before = body[word_start:gap] if gap < start else ""
    if before in _NOT_A_DAY_BEFORE:
        return None  # Good Friday, Black Friday: named days, not dates
    lead = before.lower()
    mod = lead if lead in ("last", "next", "this") else None
    first = word_start if mod or lead in ("early", "late") else start
    if body.startswith(("'s", "’s"), end):
        end += 2
    part = _PART_OF_DAY.match(body, end)
    if part:
        end = part.end()
    fields = {"kind": "weekday", "weekday": weekday, "modifier": mod}
    joined = _WEEKDAY_TO.match(body, end)
    if joined:
        last = WEEKDAYS.index(joined.group("wd2"))
        days = (last - weekday) % 7
        if days == 1 or (days and joined.group("to").lower() != "and"):
            # "on Saturday and Sunday", "from Friday to Monday": a period; "Monday and Wednesday": two days
            fields["end_weekday"] = last
            end = joined.end()
    if mod == "last" or lead == "since":
        fields["direction"] = "past"
    elif mod == "next":
        fields["direction"] = "future"
    return first, end, fields


def _word_around(text: str, at: int, length: int) -> tuple[int, int]:
    start, end = at, at + length
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    while end < len(text) and text[end].isalpha():
        end += 1
    return start, end


def month_number(mon: str) -> int:
    """1..12 from "12", "December", "Dec" or "Dec."."""
    return int(mon) if mon.isdigit() else _MONTH_NUM[mon.lower().rstrip(".")]


def _explicit(m: re.Match, body: str) -> dict | None:
    month = month_number(m.group("mon"))
    day = int(m.group("day"))
    year = int(m.group("year")) if m.group("year") else None
    try:
        date(year or 2000, month, day)  # 2000: a leap year, so 29 February stands without a year
    except ValueError:
        return None
    wd_text = m.groupdict().get("wd")
    weekday = _weekday_number(wd_text) if wd_text else None
    return {"kind": "explicit", "day": day, "month": month, "year": year, "weekday": weekday}


def _span(m: re.Match, body: str) -> dict | None:
    """A period of days: its first day and month, its last day and month, a year if written."""
    joined = body[m.end("day") : m.start("day2")].lower()
    if " and " in f" {joined} " and not m.group("lead"):
        return None  # "3 and 6 May" without "between": two days, not a period
    last_month = month_number(m.group("mon") or m.group("mon1"))
    first_month = month_number(m.group("mon1") or m.group("mon"))
    first, last, year = int(m.group("day")), int(m.group("day2")), m.group("year")
    probe = int(year) if year else 2000  # a leap year: 29 February stands without a year
    a = _calendar(probe - (first_month > last_month), first_month, first)
    b = _calendar(probe, last_month, last)
    if a is None or b is None or not a < b or (b - a).days > _SPAN_MAX_DAYS:
        return None
    return {
        "kind": "span",
        "day": first,
        "month": first_month,
        "end_day": last,
        "end_month": last_month,
        "year": int(year) if year else None,
    }


_SPAN_MAX_DAYS = 92  # a longer "period" of days is no period ("1 to 30 June" is; "2 to 6 April" is)


def _calendar(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_named(m: re.Match, body: str) -> dict | None:
    part, prep, year = m.group("part"), m.group("prep"), m.group("year")
    which_year = (m.group("which_year") or "").lower()
    if which_year:  # "in December last year": a month of the year before the report's
        return {
            "kind": "month",
            "month": _MONTH_NUM[m.group("mon").lower()],
            "offset": {"last": -1, "this": 0, "next": 1}[which_year],
            "part": _part_name(part),
            "direction": {"last": "past", "next": "future"}.get(which_year, "same"),
            "year_relative": True,
            **({"_start": m.start("mon")} if prep else {}),
        }
    if not (part or prep or year):
        return None  # a bare month name: "May" may be a verb, "March" a noun
    if not (part or prep) and _DAY_BEFORE.search(body, max(0, m.start() - 12), m.start()):
        return None  # "29 February 2018": a day the calendar lacks, not the month
    if (
        m.group("mon") == "May"
        and not (part or year)
        and prep.lower() in ("by", "of", "this", "last", "next")
    ):
        return None
    fields = {
        "kind": "month",
        "month": _MONTH_NUM[m.group("mon").lower()],
        "year": int(year) if year else None,
    }
    fields["part"] = _part_name(part)
    if prep:
        fields["_start"] = m.start("mon")  # "in May": the date words are "May"
    if prep and prep.lower() in ("last", "since"):
        fields["direction"] = "past"
    elif prep and prep.lower() == "next":
        fields["direction"] = "future"
    return fields


_DAY_BEFORE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?\Z")

_REL_OFFSETS = {
    "the day before yesterday": -2,
    "yesterday": -1,
    "last night": -1,
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "tomorrow": 1,
    "the day after tomorrow": 2,
}


def _relative_day(m: re.Match, body: str) -> dict | None:
    if m.group("n"):
        n = m.group("n").lower()
        offset = -(int(n) if n.isdigit() else _NUMBER_WORDS[n])
    else:
        word = " ".join(m.group("rel").lower().split())
        if word == "today" and _after_capitalized_name(body, m.start()):
            return None  # "USA Today", "Russia Today": a name, not a day
        if word == "overnight" or word.endswith("the night"):
            return {"kind": "period", "offset": -1, "direction": "past"}  # the night up to the report
        offset = _REL_OFFSETS[word]
    direction = "past" if offset < 0 else "future" if offset > 0 else "same"
    return {"kind": "relative_day", "offset": offset, "direction": direction}


_WHICH_OFFSET = {"this": 0, "last": -1, "previous": -1, "next": 1, "coming": 1, "past": 0}


def _week(m: re.Match, body: str) -> dict | None:
    if m.group("over"):
        return {"kind": "week", "offset": 0, "part": "weekend", "direction": "past"}
    which = m.group("which").lower()
    part = "weekend" if m.group("unit").lower() == "weekend" else _part_name(m.group("part"))
    if which == "past" and part != "weekend":
        part = "past"  # "the past week": the seven days up to the report
    fields = {"kind": "week", "offset": _WHICH_OFFSET[which], "part": part}
    return _with_direction(fields, which, part)


def _with_direction(fields: dict, which: str, part: str | None) -> dict:
    """ "last week", "earlier this month" look back; "next week", "later this month" ahead."""
    if which in ("last", "previous", "past") or part == "earlier":
        fields["direction"] = "past"
    elif which in ("next", "coming") or part == "later":
        fields["direction"] = "future"
    return fields


def _month_relative(m: re.Match, body: str) -> dict | None:
    which = m.group("which").lower()
    part = _part_name(m.group("part"))
    if which == "past":
        part = part or "past"
    fields = {"kind": "month", "offset": _WHICH_OFFSET[which], "part": part}
    return _with_direction(fields, which, part)


_PERIOD = re.compile(
    r"\b(?i:over|in|during|within|for)\s+(?:the\s+(?P<which>(?i:past|last|previous|preceding|next|coming|following))"
    r"\s+(?:(?P<n>\d{1,3}|(?i:a|one|two|three|four|five|six|seven|eight|nine|ten|twelve|few|several))\s+)?"
    r"|(?:the\s+)?(?P<recent>(?i:recent))\s+)"  # "in recent days": a few days up to the report
    r"(?P<unit>(?i:hours?|days?))\b"
)
_FEW = {"few": 3, "several": 5}


def _period(m: re.Match, body: str) -> dict | None:
    """ "over the past 24 hours", "in the last three days", "within the next 48 hours", "in recent
    days": a span of days that ends (or starts) at the report."""
    n = (m.group("n") or ("few" if m.group("recent") else "one")).lower()
    count = int(n) if n.isdigit() else _FEW.get(n) or _NUMBER_WORDS.get(n) or {"twelve": 12}.get(n, 1)
    days = max(1, -(-count // 24)) if m.group("unit").lower().startswith("hour") else count
    ahead = (m.group("which") or "past").lower() in ("next", "coming", "following")
    return {"kind": "period", "offset": days if ahead else -days, "direction": "future" if ahead else "past"}


# The words that may be part of a date: capitalized weekday and month names, and these.
_CAPITAL_TRIGGER = re.compile(
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*"
)
# Word endings, so that "Yesterday" and "yesterday" are found alike without lower-casing the report.
_LOWER_TRIGGERS = (
    "esterday",
    "oday",
    "omorrow",
    "night",
    "orning",
    "fternoon",
    "vening",
    "eek",
    "onth",
    "ago",
    "hour",
    "days",
)
# (builder, pattern, chars looked at before and after the word, whether a digit must be near).
# The windows hold the longest lead-in ("Wednesday, the 13th of", "the beginning of", "the day
# before") and tail (", 2016", "'s evening"). A weekday followed by a date is found from the month.
_EXPLICIT = (
    (_explicit, _EXPLICIT_MDY, 26, 12, True),
    (_explicit, _EXPLICIT_DMY, 26, 12, True),
    (_span, _SPAN_DMY, 40, 12, True),
    (_span, _SPAN_MDY, 16, 40, True),
)
_RELATIVE = ((_relative_day, _RELATIVE_DAY, 16, 12, False),)
_BY_WORD: dict[str, tuple] = {
    **{w: _RELATIVE for w in ("yesterday", "today", "tomorrow", "tonight", "night", "overnight", "ago")},
    **{w: _RELATIVE for w in ("morning", "afternoon", "evening")},
    "week": ((_week, _WEEK, 24, 2, False),),
    "weekend": ((_week, _WEEK, 24, 2, False),),
    "month": ((_month_relative, _MONTH_RELATIVE, 24, 2, False),),
    **{u: ((_period, _PERIOD, 40, 2, False),) for u in ("hour", "hours", "day", "days")},
    **{m.lower(): (*_EXPLICIT, (_month_named, _MONTH_NAMED, 18, 14, False)) for m in MONTHS},
    **{
        a: _EXPLICIT
        for a in ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
    },
}
_DIGIT = re.compile(r"\d")


def _part_name(part: str | None) -> str | None:
    if not part:
        return None
    word = part.lower().split()[0]
    return {"end": "late", "beginning": "early", "start": "early", "middle": "mid"}.get(word, word)


def _weekday_number(text: str) -> int:
    text = text.lower().rstrip(".")
    return _WD_ABBR[text] if text in _WD_ABBR else WEEKDAYS.index(text.capitalize())


def _after_capitalized_name(body: str, start: int) -> bool:
    before = body[max(0, start - 30) : start].rstrip()
    word = before.rsplit(None, 1)[-1] if before.split() else ""
    return bool(word) and word[0].isupper() and not before.endswith((".", ":", '"', "“"))


# ------------------------------------------------------------------ tense


def _direction(body: str, sent: tuple[int, int], start: int, end: int) -> str:
    """Past, future or same, from the nearest tense cue before the date words (else after).

    "said on Tuesday" → past; "would begin at 6am on Thursday" → future; "On Tuesday, the UN
    voiced concern" has no cue before the date, so the verb after it decides.
    """
    lo, hi = max(sent[0], start - _TENSE_CHARS), min(sent[1], end + _TENSE_CHARS)
    before = [w.lower() for w in _TOKEN.findall(body, lo, start)]
    if lo > sent[0] and body[lo - 1].isalpha():
        before = before[1:]  # a word cut by the window
    for i in range(len(before) - 1, -1, -1):
        cue = _cue(before[i], before[i - 1] if i else "", before[i + 1] if i + 1 < len(before) else "")
        if cue:
            return cue
    after = [w.lower() for w in _TOKEN.findall(body, end, hi)]
    for i, word in enumerate(after):
        cue = _cue(word, after[i - 1] if i else "", after[i + 1] if i + 1 < len(after) else "")
        if cue:
            return cue
    return "same"


def _cue(word: str, prev: str, nxt: str) -> str | None:
    word = word.replace("’", "'")
    roles = WORD_ROLES.get(word, _NO_ROLES)
    if "future_to" in roles and (nxt == "to" or (nxt in ("for", "on", "") and not roles & _AUXILIARY_ROLES)):
        return "future"  # "expected to", "is to"; "scheduled for Friday", "due Friday" (nxt "" = the date)
    if "future" in roles or word.endswith("'ll"):
        return "past" if nxt == "have" else "future"
    if "present" in roles:
        return "same"
    if "past" in roles or _looks_past_participle(word, roles):
        # "will be evacuated", "to be held": the auxiliary before the participle decides
        return None if prev in ("be", "being") else "past"
    return None


_NO_ROLES: frozenset[str] = frozenset()
_AUXILIARY_ROLES = frozenset({"past", "present"})


def _looks_past_participle(word: str, roles: frozenset[str]) -> bool:
    return len(word) > 4 and word.endswith("ed") and "-" not in word and "not_past" not in roles
