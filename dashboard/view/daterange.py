"""Dates from a URL kept within the days the tables speak of.

A hand-edited or stale link can carry any date (`?days=9999-12-31`, `?from=0001-01-01`); the
charts compute a day either side of what they draw, which overflows at the ends of the calendar.
A date filter outside the data's days is clamped to the nearest day the tables hold; a selection
of days that covers none of them is dropped; either way with a notice. Tables with no dates at
all keep no date from the URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any, TypeVar

import pandas as pd

State = TypeVar("State")

# (table, column) whose values bound the data's days.
DATED = (("events", "date"), ("events", "date_end"), ("figures", "date"), ("articles", "published"))


def data_days(tables: Mapping[str, pd.DataFrame]) -> tuple[date, date] | None:
    """First and last day the tables speak of (ISO days or months; a month is its first day).
    Tables that can say so themselves (view/sql.py's Whole, in SQL) are asked."""
    if hasattr(tables, "data_days"):
        return tables.data_days()
    days: list[date] = []
    for table, column in DATED:
        df = tables.get(table)
        if df is None or column not in df or not df[column].notna().any():
            continue
        values = df[column].dropna().astype(str)
        for value in (values.min(), values.max()):
            day = _day(value)
            if day is not None:
                days.append(day)
    return (min(days), max(days)) if days else None


def day_of(value: str) -> date | None:
    """An ISO day or month ('2016-12': its first day) as a date; None if it is neither."""
    return _day(value)


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value + "-01" if len(value) == 7 else value[:10])
    except ValueError:
        return None


def clamp(state: State, tables: Mapping[str, pd.DataFrame]) -> tuple[State, list[str]]:
    """The state with its dates within the data's days, and a notice for each date changed."""
    bounds = data_days(tables)
    changes: dict[str, Any] = {}
    notices: list[str] = []
    for name, param in (("date_from", "from"), ("date_to", "to")):
        value = getattr(state, name)
        if value is None:
            continue
        if bounds is None:
            changes[name] = None
            notices.append(f"Ignored '{param}' {value.isoformat()}: the tables hold no dates.")
        elif not bounds[0] <= value <= bounds[1]:
            changes[name] = min(max(value, bounds[0]), bounds[1])
            notices.append(
                f"'{param}' {value.isoformat()} is outside the data's days ({_span(bounds)}): "
                f"{changes[name].isoformat()} is used."
            )
    days = getattr(state, "selected_days", None)
    if days is not None:
        first, last = days
        if bounds is None or last < bounds[0] or first > bounds[1]:
            changes["selected_days"] = None
            held = f"the data's days are {_span(bounds)}" if bounds else "the tables hold no dates"
            notices.append(f"Ignored 'days' {_span(days)}: {held}.")
        elif first < bounds[0] or last > bounds[1]:
            changes["selected_days"] = (max(first, bounds[0]), min(last, bounds[1]))
    return (replace(state, **changes) if changes else state), notices  # type: ignore[type-var]


def _span(days: tuple[date, date]) -> str:
    first, last = days
    return first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"
