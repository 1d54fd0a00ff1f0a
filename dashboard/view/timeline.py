"""The timeline: dated statements by report (or by place), day events as dots, week and month spans
as bars, publication dates as ticks; and the day-by-day sequence. Pure: tables and a view state in.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from dashboard.view import filters, words
from dashboard.view.plotting import OKABE_ITO, Traces
from dashboard.view.viewstate import ViewState, filters_key

MAX_TIMELINE_ROWS = 24


QUOTE_CHARS = 160


LEGEND_GAP_PX = 34  # the legend sits this far under the plot, below the day labels


ROW_LABEL_CHARS = 22  # a row's report name: two lines of this many characters, broken at words


def sequence_view(tables: Mapping[str, pd.DataFrame], days: int | None = None) -> pd.DataFrame:
    """Day-precision events, day by day: what happened and how many reports say so (the
    `days` days with most statements, if given)."""
    evs = tables["events"]
    evs = evs[(evs["date_precision"] == "day").fillna(False) & evs["date"].notna()]
    if days is not None:
        evs = evs[evs["date"].isin(evs["date"].value_counts().head(days).index)]
    if evs.empty:
        return pd.DataFrame(columns=["date", "day", "what", "n_sources"])
    what = evs["what"].copy()
    missing = what.isna()
    what[missing] = evs.loc[missing, "quote"].map(lambda q: words.clip(q, 80))
    g = evs.assign(what=what.str.strip()).groupby(["date", "what"], sort=True)["article_id"].nunique()
    out = g.rename("n_sources").reset_index()
    out["day"] = out["date"].map(lambda d: words.day(d, weekday=True))
    return out.sort_values(["date", "n_sources"], ascending=[True, False], kind="stable")[
        ["date", "day", "what", "n_sources"]
    ].reset_index(drop=True)


def view_span(state: ViewState, bounds: tuple[date, date] | None) -> tuple[date, date] | None:
    """The days a view covers: the date filter's ends where it sets them, else the first and last
    day the (filtered) tables speak of. The header says this span and the timeline draws it."""
    if not (state.date_from or state.date_to):
        return bounds
    first = state.date_from or (bounds[0] if bounds else state.date_to)
    last = state.date_to or (bounds[1] if bounds else state.date_from)
    assert first is not None and last is not None
    return (first, last) if first <= last else (last, first)


def timeline_figure(tables: Mapping[str, pd.DataFrame], state: ViewState) -> go.Figure:
    """Events by date, one row per report (or per place): day events as points (hover: the
    quotes), week and month events as spans, publication dates as ticks. `tables` come
    from `filters.apply`; the map's selected places narrow them here, the timeline's own
    selected days are shaded."""
    t = filters.focus(tables, state, ignore=("days", "claim"))
    evs, arts = t["events"], t["articles"]
    rows, labels = _timeline_rows(t, state.timeline_by)
    fig = Traces()
    if state.timeline_by == "source":  # first, so day events are drawn over the date ticks
        _add_published(fig, arts, labels)
    if not evs.empty:
        # Keys only (no quotes) until the few rows a hover shows are known: at 10,000 reports
        # moving the quote column around costs more than everything else here.
        key = evs["article_id"] if state.timeline_by == "source" else evs["place_id"].fillna("")
        start = filters.day_start(evs["date"])
        slim = pd.DataFrame(
            {
                "row": key.map(labels).fillna(labels.get("*", "")),
                "first": start,
                "last": filters.day_end(start, evs["date_end"]),
                "start": evs["start"],
                "article_id": evs["article_id"],
            },
            index=evs.index,
        )
        spans = filters.isin(evs["date_precision"], ["week", "month"])
        _add_spans(fig, slim[spans], evs)
        _add_days(fig, slim[~spans], evs, arts)
    shapes = []
    if state.selected_days:
        first, last = state.selected_days
        shapes.append(
            {"type": "rect", "xref": "x", "yref": "paper", "x0": first.isoformat(), "y0": 0, "y1": 1,
             "x1": (last + timedelta(days=1)).isoformat(), "fillcolor": OKABE_ITO["orange"], "opacity": 0.18,
             "line": {"width": 0}, "layer": "below"}
        )  # fmt: skip
    x_range = _filter_range(state) or _x_range(t)
    height = int(min(620, max(230, 120 + 36 * len(rows))))
    return fig.figure(
        {
            # Every row named (plotly would skip categories whose names it finds crowded).
            "yaxis": {"categoryorder": "array", "categoryarray": list(reversed(rows)), "title": None,
                      "automargin": True, "fixedrange": True, "tickmode": "linear", "tick0": 0, "dtick": 1},
            "xaxis": {"type": "date", "title": None, "range": x_range, "showgrid": True, **_day_ticks(x_range)},
            "shapes": shapes,
            "height": height,
            "margin": {"l": 8, "r": 8, "t": 12, "b": 8 + LEGEND_GAP_PX},
            # Below the plot: over it, the chart's toolbar covered the legend.
            "legend": {"orientation": "h", "x": 0, "y": -LEGEND_GAP_PX / height, "yanchor": "top", "font": {"size": 11}},
            "hoverlabel": {"align": "left"},
            # A click on a dot selects its day: Streamlit keeps click-selection only outside the
            # select and lasso drag modes, so a drag pans through time (the toolbar's box tool
            # selects a span of days).
            "clickmode": "event+select",
            "dragmode": "pan",
            "selectdirection": "h",
            "uirevision": filters_key(state) + state.timeline_by,
        }
    )  # fmt: skip


def undated_reports(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """Titles (else file names) of the reports with no publication date and no dated statement:
    the timeline has no row for them, so the page names them instead of guessing a day."""
    arts, evs = tables["articles"], tables["events"]
    undated = arts[arts["published"].isna() & ~filters.isin(arts["article_id"], evs["article_id"])]
    return [words.text(r.title) or r.source_file for r in undated.itertuples()]


def _timeline_rows(t: Mapping[str, pd.DataFrame], by: str) -> tuple[list[str], dict[str, str]]:
    """Row labels top to bottom, and the label of each key (article id or place id); past
    MAX_TIMELINE_ROWS the least eventful share one last row (key '*')."""
    evs = t["events"]
    if by == "place":
        n_events = evs["place_id"].fillna("").value_counts()
        keys = list(n_events.index)
    else:
        arts = t["articles"].sort_values(["published", "article_id"], kind="stable", na_position="last")
        n_events = evs["article_id"].value_counts()
        # A report with no day and no dated statement has nothing to draw: it is listed as undated.
        drawn = arts["published"].notna() | filters.isin(arts["article_id"], n_events.index)
        keys = list(arts.loc[drawn, "article_id"])
    rest = 0
    if len(keys) > MAX_TIMELINE_ROWS:
        counts = n_events.to_dict()
        busiest = set(sorted(keys, key=lambda k: -counts.get(k, 0))[: MAX_TIMELINE_ROWS - 1])
        rest = len(keys) - len(busiest)
        keys = [k for k in keys if k in busiest]
    if by == "place":
        names = t["places"].set_index("place_id")["name"]
        label_of = {k: html.escape(words.text(names.get(k)) or k) if k else "(no place named)" for k in keys}
    else:
        label_of = _source_labels(arts[filters.isin(arts["article_id"], keys)])
    rows = [label_of[k] for k in keys]
    if rest:
        label_of["*"] = f"{rest} other {'reports' if by == 'source' else 'places'}"
        rows.append(label_of["*"])
    return rows, label_of


def _source_labels(arts: pd.DataFrame) -> dict[str, str]:
    """Short unique row labels: outlet (or title) on up to two lines broken at words, and the
    publication day (escaped HTML; the full title is in the hover of the row's publication tick)."""
    out: dict[str, str] = {}
    seen: dict[str, int] = {}
    for row in arts.to_dict("records"):
        name = words.text(row["outlet"]) or words.text(row["title"]) or words.text(row["source_file"])
        day = words.text(row["published"])
        when = f" · {date.fromisoformat(day):%d %b}" if len(day) == 10 else ""
        label = words.label_lines(name, ROW_LABEL_CHARS) + html.escape(when)
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            label = f"{label} ({seen[label]})"
        out[row["article_id"]] = label
    return out


def _add_days(fig: Traces, slim: pd.DataFrame, evs: pd.DataFrame, arts: pd.DataFrame) -> None:
    """One dot per row and day, sized by how many statements, the first three quoted."""
    if slim.empty:
        return
    slim = slim.sort_values(["first", "start"], kind="stable")
    keys = ["row", "first"]
    counts = slim.groupby(keys, sort=False).size()
    shown = slim.groupby(keys, sort=False).head(3)  # only the quoted rows reach Python
    quoted = evs.loc[shown.index, "quote"]
    titles = arts.set_index("article_id")["title"]
    quotes: dict[tuple, list[str]] = {}
    first_article: dict[tuple, str] = {}
    for row, day, article, quote in zip(
        shown["row"], shown["first"], shown["article_id"], quoted, strict=True
    ):
        quotes.setdefault((row, day), []).append(f"“{words.wrap_html(words.clip(quote))}”")
        first_article.setdefault((row, day), article)
    xs, ys, sizes, hover, custom = [], [], [], [], []
    for (row, day), n in counts.items():
        xs.append(_noon(day))
        ys.append(row)
        sizes.append(min(22, 9 + 3 * (int(n) - 1)))
        title = words.text(titles.get(first_article[(row, day)]))
        more = [f"… and {n - 3} more"] if n > 3 else []
        head = f"<b>{html.escape(words.day(day, weekday=True))}</b> · {html.escape(words.clip(title, 70))}"
        hover.append("<br>".join([head, *quotes[(row, day)], *more]))
        custom.append([day, day])
    fig.add_trace(
        dict(
            type="scatter",
            x=xs, y=ys, mode="markers", name="day",
            marker={"size": sizes, "color": OKABE_ITO["blue"], "line": {"width": 1, "color": "#ffffff"}},
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", customdata=custom,
        )
    )  # fmt: skip


def _add_spans(fig: Traces, slim: pd.DataFrame, evs: pd.DataFrame) -> None:
    """Week and month statements as bars from their first to their last day (one per row and span)."""
    if slim.empty:
        return
    slim = slim.sort_values("first", kind="stable")
    counts = slim.groupby(["row", "first", "last"], sort=False).size()
    firsts = slim.drop_duplicates(["row", "first", "last"])
    said = evs.loc[firsts.index, ["date_text", "date_precision", "quote"]]
    xs, ys, mid_x, mid_y, hover, custom = [], [], [], [], [], []
    for row, first_day, last_day, text, precision, quote, n in zip(
        firsts["row"], firsts["first"], firsts["last"], said["date_text"], said["date_precision"], said["quote"],
        counts.to_numpy(), strict=True,
    ):  # fmt: skip
        first, last = date.fromisoformat(first_day), date.fromisoformat(last_day)
        xs += [first.isoformat(), (last + timedelta(days=1)).isoformat(), None]
        ys += [row, row, None]
        mid_x.append((first + (last - first) / 2).isoformat())
        mid_y.append(row)
        head = f"<b>{html.escape(words.text(text))}</b> ({words.text(precision)}: {first:%d %b} – {last:%d %b %Y})"
        more = f"<br>… and {n - 1} more" if n > 1 else ""
        hover.append(f"{head}<br>“{words.wrap_html(words.clip(quote))}”{more}")
        custom.append([first.isoformat(), last.isoformat()])
    colour = OKABE_ITO["sky"]
    fig.add_trace(
        dict(
            type="scatter",
            x=xs, y=ys, mode="lines", line={"width": 9, "color": colour}, opacity=0.55, hoverinfo="skip",
            name="week / month", legendgroup="span",
        )
    )  # fmt: skip
    fig.add_trace(
        dict(
            type="scatter",
            x=mid_x, y=mid_y, mode="markers", marker={"size": 9, "color": colour, "symbol": "square"},
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", customdata=custom, showlegend=False,
            legendgroup="span",
        )
    )  # fmt: skip


def _add_published(fig: Traces, arts: pd.DataFrame, labels: dict[str, str]) -> None:
    arts = arts[arts["published"].notna() & filters.isin(arts["article_id"], labels)]
    if arts.empty:
        return
    inferred = (arts["published_basis"] == "inferred").fillna(False)
    for subset, opacity, name in ((arts[~inferred], 1.0, "published"),
                                  (arts[inferred], 0.45, "published (inferred)")):  # fmt: skip
        if subset.empty:
            continue
        hover = [
            f"<b>{html.escape(words.clip(words.text(r['title']), 70))}</b><br>{html.escape(words.text(r['outlet']) or 'outlet unknown')}"
            f" · published {html.escape(words.day(words.text(r['published']), weekday=True))} ({html.escape(words.text(r['published_basis']))})"
            for r in subset.to_dict("records")
        ]
        fig.add_trace(
            dict(
                type="scatter",
                x=subset["published"].map(_noon), y=subset["article_id"].map(labels), mode="markers", name=name,
                marker={"symbol": "line-ns-open", "size": 24, "opacity": opacity, "color": OKABE_ITO["vermillion"],
                        "line": {"width": 3, "color": OKABE_ITO["vermillion"]}},
                hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
                customdata=[[d, d] for d in subset["published"]],
            )
        )  # fmt: skip


def _x_range(t: Mapping[str, pd.DataFrame]) -> list[str] | None:
    """The story's days: every report's publication day (a folder of several years shows them
    all) and the day events between their 5th and 95th percentiles (an aside about 2012 does not
    squash December), with a margin either side so no dot is cut at the edge."""
    evs = t["events"]
    events = _days(evs.loc[evs["date_precision"] == "day", "date"])
    published = _days(t["articles"]["published"])
    ends = [d for d in (events.quantile(0.05), events.quantile(0.95)) if not events.empty]
    ends += [d for d in (published.min(), published.max()) if not published.empty]
    if not ends:
        return None
    lo, hi = min(ends), max(ends)
    margin = max(pd.Timedelta(days=1), (hi - lo) * X_MARGIN)
    return [(lo - margin).strftime("%Y-%m-%d"), (hi + margin + pd.Timedelta(days=0.5)).strftime("%Y-%m-%d")]


X_MARGIN = 0.02  # of the span, either side: a dot at either end is drawn whole


def _days(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values.dropna().astype(str).str[:10], errors="coerce").dropna()


def _filter_range(state: ViewState) -> list[str] | None:
    """With both ends of a date filter set, the timeline shows those days whole: from the first
    day's midnight to the midnight after the last (so the last day is never cut off)."""
    if not (state.date_from and state.date_to):
        return None
    first, last = sorted((state.date_from, state.date_to))
    return [first.isoformat(), (last + timedelta(days=1)).isoformat()]


def _noon(day: str) -> str:
    """A day's point sits mid-day, inside its column between the midnight grid lines."""
    return f"{day[:10]} 12:00"


def _day_ticks(x_range: list[str] | None) -> dict:
    """One tick a day over a few weeks (never the same day twice), a week over months."""
    if not x_range:
        return {}
    days = (date.fromisoformat(x_range[1]) - date.fromisoformat(x_range[0])).days
    if days <= 21:
        return {"dtick": 86_400_000, "tickformat": "%a %d %b", "ticklabelmode": "period"}
    if days <= 120:
        return {"dtick": 7 * 86_400_000, "tickformat": "%d %b %Y"}
    return {}
