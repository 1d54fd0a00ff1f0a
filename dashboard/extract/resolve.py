"""Date references resolved to calendar days against the publication date of their report
(`dates.find_date_refs` reads the references; this turns one into a day, a week or a month)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from dashboard.extract.dates import DateRef


def resolve(ref: DateRef, published: date | None) -> tuple[str, str, str] | None:
    """(date, date_end, precision) of a reference written on `published`; None when the words
    name no day of the calendar ("29 February" in a report of 2018): they stay text.

    date is YYYY-MM-DD (day, week) or YYYY-MM (month); date_end the span's last day.
    `published` may be None only for absolute references (a year is written).
    """
    if ref.kind == "explicit":
        day = _explicit_day(ref, published)
        return None if day is None else (day.isoformat(), day.isoformat(), "day")
    if ref.kind == "month":
        return _month_span(ref, published)
    if ref.kind == "year":
        assert ref.year is not None  # a year reference names its year
        return f"{ref.year:04d}", f"{ref.year:04d}-12-31", "year"
    if ref.kind == "span":
        return _day_span(ref, published)
    if published is None:
        raise ValueError(f"{ref.text!r}: a relative date needs the publication date")
    if ref.kind == "weekday":
        day = _weekday_day(ref, published)
        if ref.end_weekday is not None and ref.weekday is not None:  # "on Saturday and Sunday"
            last = day + timedelta(days=(ref.end_weekday - ref.weekday) % 7)
            return day.isoformat(), last.isoformat(), "span"
        return day.isoformat(), day.isoformat(), "day"
    if ref.kind == "relative_day":
        day = published + timedelta(days=ref.offset)
        return day.isoformat(), day.isoformat(), "day"
    if ref.kind == "period":  # the days up to the report (or from it)
        first, last = sorted((published, published + timedelta(days=ref.offset)))
        return first.isoformat(), last.isoformat(), "span"
    first, last = _week_span(ref, published)
    return first.isoformat(), last.isoformat(), "week"


def resolve_day(ref: DateRef, published: date) -> date | None:
    """The single day a reference names, or None for a week or month or no day at all."""
    if ref.kind == "explicit":
        return _explicit_day(ref, published)
    if ref.kind == "weekday":
        return _weekday_day(ref, published)
    if ref.kind == "relative_day":
        return published + timedelta(days=ref.offset)
    return None


def _weekday_day(ref: DateRef, published: date) -> date:
    assert ref.weekday is not None  # a weekday reference names its day
    back = (published.weekday() - ref.weekday) % 7
    ahead = (ref.weekday - published.weekday()) % 7
    if ref.modifier == "last":
        back = back or 7
    elif ref.modifier == "next":
        return published + timedelta(days=ahead or 7)
    if ref.direction == "future":
        return published + timedelta(days=ahead)
    return published - timedelta(days=back)


def _explicit_day(ref: DateRef, published: date | None) -> date | None:
    """The day an explicit date names; None when it names none (29 February of a common year,
    31 April)."""
    assert ref.month is not None and ref.day is not None  # an explicit date names both
    if not 1 <= ref.month <= 12:
        return None
    if ref.year is not None:
        return calendar_day(ref.year, ref.month, ref.day)
    if published is None:
        raise ValueError(f"{ref.text!r}: a date without a year needs the publication date")
    # The year that puts the date nearest the report, the tense breaking a tie; the date must
    # exist in that year ("29 February" said in 2018 is no day, not 28 February).
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        last = calendar.monthrange(year, ref.month)[1]
        near = date(year, ref.month, min(ref.day, last))
        wrong_side = (near > published) if ref.direction == "past" else (near < published)
        candidates.append((abs((near - published).days), wrong_side and ref.direction != "same", year))
    return calendar_day(min(candidates)[2], ref.month, ref.day)


def calendar_day(year: int, month: int, day: int) -> date | None:
    """The date, or None where the calendar has no such day."""
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return date(year, month, day)


def _day_span(ref: DateRef, published: date | None) -> tuple[str, str, str] | None:
    """ "between 3 and 6 May": the first and last day, the year that puts the last nearest the report."""
    assert (
        ref.day is not None
        and ref.month is not None
        and ref.end_day is not None
        and ref.end_month is not None
    )
    end = _explicit_day(
        DateRef("explicit", ref.text, ref.start, ref.end, ref.sentence, ref.direction, day=ref.end_day,
                month=ref.end_month, year=ref.year),
        published,
    )  # fmt: skip
    if end is None:
        return None
    first = calendar_day(end.year - (ref.month > ref.end_month), ref.month, ref.day)
    if first is None:
        return None
    return first.isoformat(), end.isoformat(), "span"


def _month_span(ref: DateRef, published: date | None) -> tuple[str, str, str]:
    if ref.month is not None and ref.year_relative:  # "December last year"
        if published is None:
            raise ValueError(f"{ref.text!r}: a month of a relative year needs the publication date")
        year, month = published.year + ref.offset, ref.month
    elif ref.month is not None:
        year = ref.year if ref.year is not None else _month_year(ref, published)
        month = ref.month
    else:
        if published is None:
            raise ValueError(f"{ref.text!r}: a relative month needs the publication date")
        index = published.year * 12 + published.month - 1 + ref.offset
        year, month = divmod(index, 12)
        month += 1
    last_day = calendar.monthrange(year, month)[1]
    first_of_part, last_of_part = _PART_DAYS.get(ref.part or "", (1, last_day))
    first, last = date(year, month, first_of_part), date(year, month, min(last_of_part, last_day))
    if published is not None and (year, month) == (published.year, published.month):
        first, last = _clip(first, last, published, ref)
    return f"{year:04d}-{month:02d}", last.isoformat(), "month"


_PART_DAYS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}


def _month_year(ref: DateRef, published: date | None) -> int:
    assert ref.month is not None  # a named month
    if published is None:
        raise ValueError(f"{ref.text!r}: a month without a year needs the publication date")
    if ref.direction == "past" and ref.month > published.month:
        return published.year - 1
    if ref.direction == "future" and ref.month < published.month:
        return published.year + 1
    return published.year


def _week_span(ref: DateRef, published: date) -> tuple[date, date]:
    if ref.part == "past":
        return published - timedelta(days=6), published
    monday = published - timedelta(days=published.weekday()) + timedelta(weeks=ref.offset)
    if ref.part == "weekend" and ref.direction == "past" and ref.offset == 0 and published.weekday() < 5:
        monday -= timedelta(weeks=1)  # "over the weekend", said on a weekday: the one just gone
    first, last = {
        "early": (0, 2),
        "mid": (2, 4),
        "late": (3, 6),
        "weekend": (5, 6),
    }.get(ref.part or "", (0, 6))
    return _clip(monday + timedelta(days=first), monday + timedelta(days=last), published, ref)


def _clip(first: date, last: date, published: date, ref: DateRef) -> tuple[date, date]:
    """A span the report is inside of: what is past ends by it, what is to come starts at it."""
    if ref.part == "earlier" or (ref.direction == "past" and first <= published < last):
        last = max(first, published - timedelta(days=1) if ref.part == "earlier" else published)
    elif ref.part == "later" or (ref.direction == "future" and first < published <= last):
        first = min(last, published + timedelta(days=1) if ref.part == "later" else published)
    return first, last
