"""How many so far: running quantities (the stocks and totals of one subject at one place that
happened, a claim series: never a plan) drawn over days, one line per quantity through every report's point, each point with its
range and a badge naming who says so. Pure: tables in, a frame or a plotly figure out; the app's
panel and the brief draw the same figure.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from dashboard.view import words
from dashboard.view.plotting import OKABE_ITO, Traces

SERIES_SHOWN = 4
# Who says so, in a word on the point (claimants.CLAIMANT_KINDS).
BADGES = {
    "un": "UN",
    "icrc": "Red Cross",
    "ngo": "NGO",
    "government": "gov.",
    "opposition": "opp.",
    "state_media": "state media",
    "media": "media",
}
# An open bound reads as an arrow: "at least 50,000" may be more, "up to 50,000" less.
_SYMBOLS = {
    "at least": "triangle-up",
    "more than": "triangle-up",
    "up to": "triangle-down",
    "less than": "triangle-down",
}
_COLOURS = list(OKABE_ITO.values())
LOG_SPREAD = 30  # values further apart than this are drawn on a log axis

COLUMNS = [
    "series_id", "series", "claim_id", "figure_id", "article_id", "day", "first", "last", "value", "low",
    "high", "qualifier", "figure_status", "claimant", "badge", "source", "quote",
]  # fmt: skip


def series_view(tables: Mapping[str, pd.DataFrame], limit: int | None = SERIES_SHOWN) -> pd.DataFrame:
    """One row per figure of a series (the `limit` series that weigh most, among the tables'
    claims), in date order: when it holds (`day`, the middle of `first` to `last`), its value and
    range, who says so and where it was read. Undated figures have no point and are left out."""
    claims = tables["claims"]
    claims = claims[claims["series_id"].notna()]
    if claims.empty:
        return pd.DataFrame(columns=COLUMNS)
    weights = claims.groupby("series_id")["weight"].max().sort_values(ascending=False, kind="stable")
    chosen = list(weights.index[:limit] if limit is not None else weights.index)
    claims = claims[claims["series_id"].isin(chosen)]
    figs = tables["figures"]
    figs = figs[figs["claim_id"].isin(claims["claim_id"]) & figs["date"].notna()]
    if figs.empty:
        return pd.DataFrame(columns=COLUMNS)
    by_claim = claims.set_index("claim_id")
    out = figs.assign(
        series_id=figs["claim_id"].map(by_claim["series_id"]),
        figure_status=figs["claim_id"].map(by_claim["figure_status"]),
        first=figs["date"].astype(str),
        last=[_last_day(a, e) for a, e in zip(figs["as_of"], figs["as_of_end"], strict=True)],
    )
    out["day"] = [_middle(a, b) for a, b in zip(out["first"], out["last"], strict=True)]
    names = _series_names(claims, tables.get("places"))
    out["series"] = out["series_id"].map(names)
    out["badge"] = out["claimant_kind"].map(BADGES).fillna("")
    out["source"] = _sources(out["article_id"], tables["articles"])
    order = {s: i for i, s in enumerate(chosen)}
    out = out.assign(_order=out["series_id"].map(order)).sort_values(
        ["_order", "day", "figure_id"], kind="stable"
    )
    return out[COLUMNS].reset_index(drop=True)


def series_figure(tables: Mapping[str, pd.DataFrame], limit: int | None = SERIES_SHOWN) -> go.Figure:
    """A line per running quantity over days through the claims' values, every report's figure a
    point with its range (an arrow for an open bound) and a badge of who says so."""
    return series_chart(series_view(tables, limit))


def series_chart(rows: pd.DataFrame) -> go.Figure:
    """`series_figure` of rows already read by `series_view` (a caller that checks them first
    reads them once)."""
    fig = Traces()
    for i, (series_id, points) in enumerate(rows.groupby("series_id", sort=False)):
        colour = _COLOURS[i % len(_COLOURS)]
        name = words.clip(points["series"].iloc[0], 48)
        line = points.groupby("day", sort=True).apply(_middle_value, include_groups=False)
        fig.add_trace(
            dict(type="scatter", x=[_noon(d) for d in line.index], y=list(line.values), mode="lines",
                 line={"color": colour, "width": 2}, name=name, legendgroup=series_id, hoverinfo="skip")
        )  # fmt: skip
        fig.add_trace(_spans(points, colour, series_id))
        fig.add_trace(_points(points, colour, series_id, name))
    values = pd.concat([rows["low"], rows["high"], rows["value"]]).dropna()
    values = values[values > 0]
    log = not values.empty and values.max() / values.min() > LOG_SPREAD
    layout: dict = {
        "xaxis": {"type": "date", "title": None, "showgrid": True},
        "yaxis": {
            "title": None,
            "type": "log" if log else "linear",
            "rangemode": "tozero",
            "separatethousands": True,
        },
        "height": 300,
        "margin": {"l": 8, "r": 8, "t": 12, "b": 8},
        "legend": {"orientation": "h", "x": 0, "y": -0.18, "yanchor": "top", "font": {"size": 11}},
        "hoverlabel": {"align": "left"},
        "dragmode": "pan",
    }
    if rows.empty:
        layout["annotations"] = [
            {"text": "No running total or stock under this view", "showarrow": False, "xref": "paper",
             "yref": "paper", "x": 0.5, "y": 0.5, "font": {"color": "#666666"}}
        ]  # fmt: skip
        layout["xaxis"]["visible"] = layout["yaxis"]["visible"] = False
    return fig.figure(layout)


def _points(points: pd.DataFrame, colour: str, series_id: str, name: str) -> dict:
    y = points["value"].where(points["value"].notna(), (points["low"] + points["high"]) / 2)
    upper = (points["high"] - y).clip(lower=0).fillna(0)
    lower = (y - points["low"]).clip(lower=0).fillna(0)
    hover = [
        "<br>".join(
            [
                f"<b>{html.escape(words.span(r.first, r.last))}</b> · "
                f"{html.escape(words.range_text(r.low, r.high, r.qualifier) if pd.isna(r.value) else words.figure_value(r._asdict()))}",
                html.escape(words.clip(r.source, 70)) + (f" · {html.escape(words.clip(r.claimant, 60))}" if isinstance(r.claimant, str) else ""),
                f"“{words.wrap_html(words.clip(r.quote))}”",
            ]
        )
        for r in points.itertuples()
    ]  # fmt: skip
    return dict(
        type="scatter", x=[_noon(d) for d in points["day"]], y=list(y), mode="markers+text",
        marker={"color": colour, "size": 9,
                "symbol": [_SYMBOLS.get(q, "circle") for q in points["qualifier"].fillna("")],
                "line": {"width": 1.5, "color": colour}},
        error_y={"type": "data", "symmetric": False, "array": list(upper), "arrayminus": list(lower),
                 "color": colour, "thickness": 1, "width": 3},
        text=[html.escape(b) for b in points["badge"]], textposition="top center",
        textfont={"size": 10, "color": "#444444"}, name=name, legendgroup=series_id, showlegend=False,
        hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", customdata=list(points["claim_id"]),
    )  # fmt: skip


def _spans(points: pd.DataFrame, colour: str, series_id: str) -> dict:
    """The days a figure holds for, as a faint bar through its point ("before the end of November":
    the month)."""
    y = points["value"].where(points["value"].notna(), (points["low"] + points["high"]) / 2)
    xs: list[str | None] = []
    ys: list[float | None] = []
    for first, last, value in zip(points["first"], points["last"], y, strict=True):
        if last and last != first:
            xs += [f"{first}T00:00:00", f"{last}T23:59:59", None]
            ys += [value, value, None]
    return dict(
        type="scatter", x=xs, y=ys, mode="lines", line={"color": colour, "width": 6}, opacity=0.25,
        legendgroup=series_id, showlegend=False, hoverinfo="skip",
    )  # fmt: skip


def _middle_value(points: pd.DataFrame) -> float:
    """A day's point of the line: the middle of what that day's reports say."""
    y = points["value"].where(points["value"].notna(), (points["low"] + points["high"]) / 2)
    return float(y.median())


def _series_names(claims: pd.DataFrame, places: pd.DataFrame | None) -> dict[str, str]:
    names = (
        places.set_index("place_id")["name"]
        if places is not None and not places.empty
        else pd.Series(dtype=str)
    )
    out = {}
    for series_id, group in claims.groupby("series_id", sort=False):
        first = group.iloc[0]
        what = " ".join(w for w in (words.text(first["subject"]), words.text(first["outcome"])) if w)
        where = next(
            (words.text(names.get(p)) for p in group["place_id"].dropna() if words.text(names.get(p))), ""
        )
        out[series_id] = f"{what} · {where}" if where else what
    return out


def _sources(article_ids: pd.Series, articles: pd.DataFrame) -> list[str]:
    arts = articles.set_index("article_id")
    outlet = article_ids.map(arts["outlet"]) if "outlet" in arts else pd.Series(None, index=article_ids.index)
    title = article_ids.map(arts["title"])
    return [words.text(o) or words.text(t) for o, t in zip(outlet, title, strict=True)]


def _last_day(as_of, as_of_end) -> str:
    """The last day a figure holds for: its end, else the month's last day, else its day."""
    end = words.text(as_of_end)
    if end:
        return end[:10]
    start = words.text(as_of)
    if len(start) == 7:
        first = date.fromisoformat(start + "-01")
        return ((first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)).isoformat()
    return start[:10]


def _middle(first: str, last: str) -> str:
    a, b = date.fromisoformat(first[:10]), date.fromisoformat((last or first)[:10])
    return (a + (b - a) / 2).isoformat() if b >= a else a.isoformat()


def _noon(day: str) -> str:
    return f"{day}T12:00:00"
