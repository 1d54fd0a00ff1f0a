"""The dashboard's whole view state, and its round trip through the URL's query parameters.

A copied URL must reproduce a view exactly, and a hand-edited or stale one must never break
the app: `from_query` falls back to the default for anything it cannot read and says so in a
short notice. Lists travel comma-joined (`?place=a,b`); repeated keys are read too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from urllib.parse import parse_qs, urlencode, urlsplit

import pandas as pd

from dashboard.schema import CLAIMANT_KINDS, STATUSES
from dashboard.view import daterange, viewstate

UNATTRIBUTED = "unattributed"  # a figure no one is named for, as a "who says so" choice
MAP_STYLES = ("offline", "carto-positron", "open-street-map")
TIMELINE_ROWS = ("source", "place")
MAX_VALUES = 200  # per list parameter; more is not a view, it is an attack or a mistake
MAX_VALUE_CHARS = 200

# Query parameter name for each field, in the order they appear in a URL.
PARAMS = {
    "places": "place",
    "date_from": "from",
    "date_to": "to",
    "sources": "source",
    "subjects": "subject",
    "statuses": "status",
    "claimants": "who",
    "selected_places": "sel",
    "selected_days": "days",
    "claim": "claim",
    "report": "report",
    "map_style": "map",
    "timeline_by": "by",
}
FIELD_OF = {param: name for name, param in PARAMS.items()}


@dataclass(frozen=True)
class ViewState:
    """What the analyst looks at. Filters narrow every panel; selections (made on the map,
    the timeline or a claim) narrow the other panels."""

    places: tuple[str, ...] = ()  # filter: place ids (a city includes its districts)
    date_from: date | None = None  # filter: inclusive
    date_to: date | None = None  # filter: inclusive
    sources: tuple[str, ...] = ()  # filter: article ids
    subjects: tuple[str, ...] = ()  # filter: what is counted (civilians, buses …)
    statuses: tuple[str, ...] = ()  # filter: what the figures say happened (occurred, planned …)
    claimants: tuple[str, ...] = ()  # filter: who says so, by kind (un, government … unattributed)
    selected_places: tuple[str, ...] = ()  # selection on the map
    selected_days: tuple[date, date] | None = None  # selection on the timeline (first, last day)
    claim: str | None = None  # the claim opened in the numbers panel
    report: str | None = None  # the article shown in full
    map_style: str = "offline"
    timeline_by: str = "source"

    def __post_init__(self) -> None:
        # Sorted and deduplicated, so equal views have equal URLs.
        for name in ("places", "sources", "subjects", "statuses", "claimants", "selected_places"):
            object.__setattr__(self, name, tuple(sorted(set(getattr(self, name)))))

    @property
    def has_filters(self) -> bool:
        return bool(
            self.places or self.date_from or self.date_to or self.sources or self.subjects or self.statuses
            or self.claimants
        )  # fmt: skip

    @property
    def has_selection(self) -> bool:
        return bool(self.selected_places or self.selected_days or self.claim)

    def cleared_selection(self) -> ViewState:
        return replace(self, selected_places=(), selected_days=None, claim=None)


DEFAULT = ViewState()


def to_query(state: ViewState) -> dict[str, str]:
    """Query parameters for a view, defaults left out (the default view is a bare URL)."""
    out: dict[str, str] = {}
    for f in fields(ViewState):
        value = getattr(state, f.name)
        if value == getattr(DEFAULT, f.name):
            continue
        out[PARAMS[f.name]] = _format(value)
    return out


def _format(value) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple) and value and isinstance(value[0], date):
        first, last = value
        return first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"
    if isinstance(value, tuple):
        return ",".join(value)
    return str(value)


def from_query(params: Mapping[str, str | list[str]]) -> tuple[ViewState, list[str]]:
    """The view a URL describes, and a notice for each parameter that could not be used.

    Never raises: whatever cannot be read is left at its default.
    """
    values: dict = {}
    notices: list[str] = []
    for key in params:
        raw = params[key]
        items = [raw] if isinstance(raw, str) else [str(v) for v in (raw or [])]
        name = FIELD_OF.get(key)
        if name is None:
            notices.append(f"Ignored unknown parameter '{_short(key)}'.")
            continue
        try:
            values[name] = _PARSERS[name](items)
        except ValueError as err:
            notices.append(f"Ignored '{key}': {err}.")
    if values.get("date_from") and values.get("date_to") and values["date_from"] > values["date_to"]:
        values["date_from"], values["date_to"] = values["date_to"], values["date_from"]
        notices.append("'from' was after 'to': the two dates were swapped.")
    return ViewState(**values), notices


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"


def _list(items: list[str]) -> tuple[str, ...]:
    out = [v.strip() for item in items for v in item.split(",") if v.strip()]
    if len(out) > MAX_VALUES:
        raise ValueError(f"more than {MAX_VALUES} values")
    if any(len(v) > MAX_VALUE_CHARS for v in out):
        raise ValueError("a value is too long")
    return tuple(out)


def _single(items: list[str]) -> str | None:
    values = _list(items)
    if len(values) > 1:
        raise ValueError("expected one value")
    return values[0] if values else None


def _day(items: list[str]) -> date | None:
    value = _single(items)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{_short(value)}' is not a date (YYYY-MM-DD)") from None


def _days(items: list[str]) -> tuple[date, date] | None:
    value = _single(items)
    if value is None:
        return None
    first, _, last = value.partition("..")
    try:
        span = (date.fromisoformat(first), date.fromisoformat(last or first))
    except ValueError:
        raise ValueError(f"'{_short(value)}' is not a day or a span (YYYY-MM-DD..YYYY-MM-DD)") from None
    low, high = sorted(span)
    return low, high


def _choice(options: tuple[str, ...]):
    def parse(items: list[str]) -> str:
        value = _single(items)
        if value is None:
            return options[0]
        if value not in options:
            raise ValueError(f"'{_short(value)}' is not one of {', '.join(options)}")
        return value

    return parse


_PARSERS = {
    "places": _list,
    "date_from": _day,
    "date_to": _day,
    "sources": _list,
    "subjects": _list,
    "statuses": _list,
    "claimants": _list,
    "selected_places": _list,
    "selected_days": _days,
    "claim": _single,
    "report": _single,
    "map_style": _choice(MAP_STYLES),
    "timeline_by": _choice(TIMELINE_ROWS),
}


def validate(state: ViewState, tables: Mapping[str, pd.DataFrame]) -> tuple[ViewState, list[str]]:
    """Drop the ids the tables do not know (a link from another build) and keep dates within the
    data's days (daterange.clamp), with a notice each."""
    known = {
        "places": _ids(tables, "places", "place_id"),
        "selected_places": _ids(tables, "places", "place_id"),
        "sources": _ids(tables, "articles", "article_id"),
        "subjects": _ids(tables, "figures", "subject"),
        "statuses": set(STATUSES),
        "claimants": {*CLAIMANT_KINDS, UNATTRIBUTED},
    }
    changes: dict = {}
    notices: list[str] = []
    for name, ids in known.items():
        values = getattr(state, name)
        unknown = [v for v in values if v not in ids]
        if unknown:
            changes[name] = tuple(v for v in values if v in ids)
            notices.append(f"Ignored unknown {PARAMS[name]} {', '.join(_short(v) for v in unknown[:5])}.")
    for name, table, column in (("claim", "claims", "claim_id"), ("report", "articles", "article_id")):
        value = getattr(state, name)
        if value is not None and value not in _ids(tables, table, column):
            changes[name] = None
            notices.append(f"Ignored unknown {PARAMS[name]} {_short(value)}.")
    state, far = daterange.clamp(replace(state, **changes) if changes else state, tables)
    return state, notices + far


def _ids(tables: Mapping[str, pd.DataFrame], table: str, column: str) -> set[str]:
    df = tables.get(table)
    if df is None or column not in df:
        return set()
    return set(df[column].dropna().astype(str))


def from_selection(points: Iterable[Mapping]) -> tuple[str, ...]:
    """Place ids carried by selected map points (each point's customdata lists them)."""
    out: list[str] = []
    for point in points:
        data = point.get("customdata")
        if isinstance(data, str):
            data = [data]
        out += [str(v) for v in (data or []) if v]
    return tuple(out)


def days_from_selection(points: Iterable[Mapping]) -> tuple[date, date] | None:
    """The span of days covered by selected timeline points (customdata = [first, last])."""
    days: list[date] = []
    for point in points:
        data = point.get("customdata") or []
        for value in data[:2] if isinstance(data, list | tuple) else [data]:
            try:
                days.append(date.fromisoformat(str(value)[:10]))
            except ValueError:
                continue
    return (min(days), max(days)) if days else None


def parse_view(view: str) -> tuple[dict[str, list[str]], str]:
    """Query parameters of a view given as a query string (`?place=…`, `place=…`) or a full app
    URL, and the app link to print on the brief (the URL itself, or empty)."""
    text = view.strip()
    link = ""
    if text.lower().startswith(("http://", "https://")):
        parts = urlsplit(text)
        query, link = parts.query, text
    else:
        query = text.split("#", 1)[0].lstrip("?")
    return parse_qs(query, keep_blank_values=False), link


def view_query(state: viewstate.ViewState) -> str:
    """The view's query string (empty for the default view), as the app writes it."""
    params = viewstate.to_query(state)
    return "?" + urlencode(params, safe=",:") if params else ""


def filters_key(state: ViewState) -> str:
    """The map keeps the analyst's pan and zoom until the filters change."""
    return "|".join(
        map(str, (state.places, state.sources, state.subjects, state.statuses, state.claimants, state.date_from,
                  state.date_to))
    )  # fmt: skip
