"""Briefs: a dashboard view as one self-contained page for stakeholders.

`brief_html(tables, state)` builds the page: title, dates and sources covered, the key numbers
footnoted with their source and date (conflicts shown as conflicts), the map, the timeline, the
top excerpts, when it was made and the credits. plotly.js is inlined once and every figure is
drawn in SVG (the map too: see static_map.py), so the file opens anywhere with no network. Report
text is untrusted: everything from the tables is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from dashboard.brief.render import VIEWPORT
from dashboard.brief.static_map import MAP_HEIGHT, PAGE_WIDTH, daily_ticks, sized, static_map
from dashboard.view import excerpts, numbers, viewstate, words
from dashboard.view.maps import MAP_WIDTH_GUESS, map_figure
from dashboard.view.panels import Panels, panels
from dashboard.view.series import series_chart, series_view
from dashboard.view.timeline import timeline_figure
from dashboard.view.unlocated import unlocated_places
from dashboard.view.viewstate import view_query

MAX_NUMBERS = 8
MAX_EXCERPTS = 6
TITLE_PLACES = 4
QUOTE_CHARS = 180  # a footnote quotes at most this much of its sentence
CREDITS = (
    "Basemap: Natural Earth (public domain: borders, coastline, lakes, governorates); rivers from "
    "GSHHG / World Data Bank II (P. Wessel and W. H. F. Smith, LGPL-3.0-or-later). "
    "Place coordinates: GeoNames (CC BY 4.0). Figures, dates and quotes: the reports listed above."
)


@dataclass
class Footnotes:
    """Numbered notes, each cited once however often it is used."""

    items: list[str] = field(default_factory=list)
    _index: dict[tuple, int] = field(default_factory=dict)

    def cite(self, key: tuple, note_html: str) -> int:
        if key not in self._index:
            self.items.append(note_html)
            self._index[key] = len(self.items)
        return self._index[key]


def source_label(article: Mapping) -> str:
    """'Outlet, “Title”, published 14 Dec 2016 (byline)', escaped."""
    outlet = words.text(article.get("outlet")) or "outlet unknown"
    title = words.text(article.get("title")) or words.text(article.get("source_file")) or "untitled report"
    published = words.text(article.get("published"))
    basis = words.text(article.get("published_basis"))
    when = (
        f"published {words.day(published)}" + (f" ({basis})" if basis else "")
        if published
        else "date unknown"
    )
    return f"{html.escape(outlet)}, “{html.escape(title)}”, {html.escape(when)}"


def _articles_by_id(tables: Mapping[str, pd.DataFrame]) -> dict[str, dict]:
    arts = tables["articles"]
    return {str(r["article_id"]): r for r in arts.to_dict("records")}


def numbers_section(view: Panels, notes: Footnotes) -> str:
    """The key numbers, the app's own list (view.panels): each with every report's figure footnoted
    with its source, date and words, the status of what the figures say happened, and the verdict."""
    claims = view.ranked(MAX_NUMBERS)
    if claims.empty:
        return '<section class="numbers"><h2>Key numbers</h2><p class="empty">No figures in this view.</p></section>'
    figs = view.numbers["figures"]
    arts = _articles_by_id(view.numbers)
    rows = [
        _claim_row(claim, figs[figs["claim_id"] == claim["claim_id"]], arts, notes)
        for claim in claims.to_dict("records")
    ]
    more = len(view.numbers["claims"]) - len(claims)
    tail = f'<p class="more">{words.plural(more, "more claim")} in the dashboard.</p>' if more > 0 else ""
    return (
        '<section class="numbers"><h2>Key numbers</h2>'
        "<table><thead><tr><th>Number</th><th>What</th><th>Each report’s figure</th><th>Status</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{tail}</section>"
    )


def _claim_row(claim: dict, support: pd.DataFrame, arts: dict[str, dict], notes: Footnotes) -> str:
    support = support.sort_values(["date", "article_id", "start"])
    cites = []
    for fig in support.to_dict("records"):
        art = arts.get(str(fig["article_id"]), {"source_file": fig["article_id"]})
        quote = words.shorten(words.text(fig.get("quote")), words.text(fig.get("text")), QUOTE_CHARS)
        note = f"{source_label(art)}; figure dated {html.escape(words.day(fig.get('date')) or 'unknown')}: “{html.escape(quote)}”"
        cites.append(
            f"{html.escape(words.figure_value(fig))}<sup>[{notes.cite(('figure', fig['figure_id']), note)}]</sup>"
        )
    status = words.text(claim.get("status")) or "single"
    value = words.range_text(
        claim.get("value_min"), claim.get("value_max"), claim.get("qualifier"), claim.get("unit")
    )
    when = numbers.as_of_phrase(numbers.as_of_words(support))  # when the figures hold, at their precision
    joiner = " <span class='vs'>vs</span> " if status == "conflict" else " · "
    happened = words.FIGURE_STATUS_WORDS.get(words.text(claim.get("figure_status")))
    reports = int(claim.get("n_sources") or 0)
    why = (
        f'<div class="why">{words.esc(claim.get("why"))}</div>' if reports > 1 else ""
    )  # one report: nothing to weigh
    flag = f' <span class="badge planned">{html.escape(happened)}</span>' if happened else ""
    return (
        "<tr>"
        f'<td class="value">{html.escape(value)}</td>'
        f'<td class="what">{words.esc(claim.get("label"))}{flag}<div class="when">{html.escape(when)}</div>'
        f"{why}</td>"
        f'<td class="cites">{joiner.join(cites)}</td>'
        f'<td><span class="badge {html.escape(status)}">{html.escape(words.STATUS_WORDS.get(status, status).capitalize())}</span>'
        f'<div class="count">{words.plural(int(claim.get("n_sources") or 0), "report")}</div></td>'
        "</tr>"
    )


def unlocated_section(tables: Mapping[str, pd.DataFrame], text_of: Callable[[str], str | None]) -> str:
    """Places we could not locate: what the map leaves out, each with its words."""
    lost = unlocated_places(tables, text_of)
    if not lost:
        return ""
    items = "".join(
        f"<li><b>{html.escape(p.name)}</b> · {html.escape(words.plural(p.n_mentions, 'mention'))} in "
        f"{html.escape(words.plural(p.n_reports, 'report'))}"
        + "".join(
            f"<blockquote>{excerpt} <small>({html.escape(label)})</small></blockquote>"
            for label, excerpt in p.excerpts
        )
        + "</li>"
        for p in lost
    )
    return (
        '<section class="unlocated"><h2>Places we could not locate</h2><p class="caption">Names the reports '
        "use as places that no gazetteer here knows: they are not on the map.</p>"
        f"<ul>{items}</ul></section>"
    )


def sources_section(tables: Mapping[str, pd.DataFrame]) -> str:
    arts = tables["articles"].sort_values(["published", "article_id"], na_position="last", kind="stable")
    if arts.empty:
        return '<section class="sources"><h2>Sources covered</h2><p class="empty">No report in this view.</p></section>'
    items = "".join(f"<li>{source_label(a)} <span class='file'>{words.esc(a.get('source_file'))}</span></li>"
                    for a in arts.to_dict("records"))  # fmt: skip
    return f'<section class="sources"><h2>Sources covered ({len(arts)})</h2><ol>{items}</ol></section>'


def excerpts_section(view: Panels, text_of: Callable[[str], str | None]) -> str:
    """The top sentences behind the view, each with all its words highlighted (the highlights come
    from the unfiltered tables, so a place filter does not hide the others)."""
    top, total = view.sentences(MAX_EXCERPTS, text_of)
    if not top:
        return '<section class="excerpts"><h2>Top excerpts</h2><p class="empty">No sentence in this view.</p></section>'
    blocks = excerpts.excerpt_blocks(top, view.focused, text_of, spans_from=view.tables)
    more = total - len(top)
    tail = f'<p class="more">{words.plural(more, "more sentence")} in the dashboard.</p>' if more > 0 else ""
    return f'<section class="excerpts"><h2>Top excerpts</h2>{excerpts.legend_html()}{blocks}{tail}</section>'


CSS = """
*{box-sizing:border-box}
body{margin:0;background:#fff;color:#1b1f24;font:15px/1.45 "DejaVu Sans","Liberation Sans",Arial,sans-serif}
main{width:%(w)dpx;margin:0 auto;padding:24px 0 32px}
header h1{font-size:26px;line-height:1.2;margin:0 0 6px}
header .sub{color:#444;margin:0 0 4px}
header .view{color:#555;font-size:13px;margin:4px 0 0;word-break:break-all}
.notice{background:#fff4d6;border:1px solid #e6c15a;padding:6px 10px;margin:10px 0;font-size:13px}
h2{font-size:18px;margin:22px 0 8px;padding-bottom:4px;border-bottom:2px solid #0b5cad;break-after:avoid}
.cd-meta{break-after:avoid}
section{break-inside:avoid-page}
section.excerpts,section.numbers,section.notes{break-inside:auto}
table{width:100%%;border-collapse:collapse;font-size:14px}
th{text-align:left;font-weight:600;color:#444;border-bottom:1px solid #bbb;padding:4px 6px}
td{vertical-align:top;border-bottom:1px solid #e3e3e3;padding:6px}
tr{break-inside:avoid}
td.value{font-size:19px;font-weight:700;white-space:nowrap}
td.cites{font-size:13px}
td .when,td .count{color:#666;font-size:12px}
.vs{color:#b3261e;font-weight:700}
sup{font-size:10px;color:#0b5cad}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap}
.badge.conflict{background:#fde7e4;color:#8f1d14;border:1px solid #d9534f}
.badge.agree{background:#e3f4ea;color:#17603a;border:1px solid #3a9d63}
.badge.single{background:#eef1f5;color:#3a4350;border:1px solid #a7b0bd}
.badge.planned{background:#fff4d6;color:#6b4e00;border:1px solid #e6c15a;margin-left:6px}
td .why{color:#666;font-size:12px}
.figure{margin:4px 0}
.caption{color:#555;font-size:12px;margin:2px 0 0}
ol{margin:0;padding-left:24px}
li{margin:2px 0}
.file{color:#777;font-size:12px}
.notes ol{font-size:12px;color:#333}
.excerpt{break-inside:avoid}
.more,.empty{color:#555;font-size:13px}
footer{margin-top:24px;border-top:1px solid #bbb;padding-top:8px;color:#555;font-size:12px}
@page{size:A4;margin:10mm}
@media print{main{padding:0}}
"""


def _title(tables: Mapping[str, pd.DataFrame], state: viewstate.ViewState, frame: tuple | None = None) -> str:
    """'Brief: ' and the places the view is about: those it filters or selects, else the
    places on the map most reports speak of (a district is named through its city; regions and
    countries are too vague to name a story)."""
    places = tables["places"]
    names = dict(zip(places["place_id"], places["name"], strict=False))
    chosen = [*state.places, *state.selected_places]
    if chosen:
        picked = [names.get(p, p) for p in dict.fromkeys(chosen)]
    else:
        ranked = places[~places["kind"].isin(["country", "region"]).fillna(False)]
        if frame:
            (x0, x1), (y0, y1) = frame
            ranked = ranked[ranked["lon"].between(x0, x1) & ranked["lat"].between(y0, y1)]
        ranked = ranked.sort_values(
            ["n_articles", "n_figures", "n_mentions", "name"],
            ascending=[False, False, False, True],
            kind="stable",
        )
        picked, taken = [], set()
        for row in ranked.to_dict("records"):
            if len(picked) == TITLE_PLACES:
                break
            if words.text(row["parent"]) in taken or row["place_id"] in taken:
                continue
            taken |= {row["place_id"], *ranked.loc[ranked["parent"] == row["place_id"], "place_id"]}
            picked.append(row["name"])
    where = ", ".join(str(p) for p in picked) if picked else "all places"
    return f"Brief: {where}"


def _points(tables: Mapping[str, pd.DataFrame], place_ids: Iterable[str]) -> list[tuple[float, float]]:
    places = tables["places"]
    rows = places[places["place_id"].isin(list(place_ids))].dropna(subset=["lon", "lat"])
    return [(float(x), float(y)) for x, y in zip(rows["lon"], rows["lat"], strict=True)]


def date_span(tables: Mapping[str, pd.DataFrame], state: viewstate.ViewState) -> tuple[str, str]:
    """First and last day the view covers: its timeline selection or date filter where set, else
    the days its rows name exactly (a 'December' would stretch the span to the whole month)."""
    evs = tables["events"]
    days = pd.concat(
        [
            evs.loc[evs["date_precision"] == "day", "date"].astype("string"),
            tables["figures"].loc[tables["figures"]["as_of_precision"] == "day", "date"].astype("string"),
            tables["articles"]["published"].astype("string"),
        ]
    ).dropna()
    days = days[days.str.len() == 10]
    first = state.date_from.isoformat() if state.date_from else (days.min() if len(days) else "")
    last = state.date_to.isoformat() if state.date_to else (days.max() if len(days) else "")
    if state.selected_days:
        first, last = (d.isoformat() for d in state.selected_days)
    return first, last


def describe_view(state: viewstate.ViewState, tables: Mapping[str, pd.DataFrame]) -> str:
    """The view's filters and selections in words (names, not ids)."""
    names = dict(zip(tables["places"]["place_id"], tables["places"]["name"], strict=False))
    titles = dict(zip(tables["articles"]["article_id"], tables["articles"]["title"], strict=False))
    parts = []
    if state.places:
        parts.append("places: " + ", ".join(words.text(names.get(p, p)) for p in state.places))
    if state.date_from or state.date_to:
        parts.append(f"dates: {state.date_from or '…'} to {state.date_to or '…'}")
    if state.sources:
        parts.append("reports: " + ", ".join(words.text(titles.get(s, s)) for s in state.sources))
    if state.subjects:
        parts.append("counting: " + ", ".join(state.subjects))
    if state.statuses:
        parts.append(
            "what happened: "
            + ", ".join(words.FIGURE_STATUS_WORDS.get(x, "happened") for x in state.statuses)
        )
    if state.claimants:
        parts.append(
            "who says so: " + ", ".join(words.CLAIMANT_KIND_WORDS.get(x, x) for x in state.claimants)
        )
    if state.selected_places:
        parts.append(
            "selected on the map: " + ", ".join(words.text(names.get(p, p)) for p in state.selected_places)
        )
    if state.selected_days:
        parts.append("selected on the timeline: " + " to ".join(d.isoformat() for d in state.selected_days))
    if state.claim:
        parts.append(f"claim: {state.claim}")
    return "; ".join(parts) if parts else "the default view (everything in the tables)"


def figure_html(fig: go.Figure, div_id: str) -> str:
    """A figure's div and script; it counts itself drawn in `window.__briefDrawn`."""
    return pio.to_html(
        fig,
        full_html=False,
        include_plotlyjs=False,
        div_id=div_id,
        config={"displayModeBar": False, "responsive": False},
        post_script="window.__briefDrawn = (window.__briefDrawn || 0) + 1;",
    )


def brief_html(
    tables: Mapping[str, pd.DataFrame],
    state: viewstate.ViewState = viewstate.DEFAULT,
    *,
    made_at: datetime | None = None,
    link: str = "",
    notices: Iterable[str] = (),
    title: str | None = None,
    text_of: Callable[[str], str | None] | None = None,
) -> str:
    """The brief of a view as one self-contained HTML page (plotly.js inlined once, no network)."""
    view = panels(tables, state)
    made = (made_at or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    notes = Footnotes()
    numbers = numbers_section(view, notes)  # first: the notes are numbered as the page reads
    map_fig = _map(view)
    heading = title or _title(view.focused, state, (map_fig.layout.xaxis.range, map_fig.layout.yaxis.range))
    timeline_fig = daily_ticks(sized(timeline_figure(view.filtered, state), PAGE_WIDTH))
    figures = 2
    series_section = ""
    rows = series_view(view.numbers)
    if not rows.empty:
        series_fig = sized(series_chart(rows), PAGE_WIDTH)
        series_section = _figure_section(
            "series", "How many so far", figure_html(series_fig, "brief-series"), SERIES_CAPTION
        )
        figures += 1
    body = "\n".join(
        [
            _header(view, heading, made, link),
            "".join(f'<div class="notice">{html.escape(n)}</div>' for n in notices),
            numbers,
            _figure_section("map", "Map", figure_html(map_fig, "brief-map"), _MAP_CAPTION),
            _figure_section("timeline", "Timeline", figure_html(timeline_fig, "brief-timeline")),
            series_section,
            unlocated_section(view.filtered, text_of or (lambda _aid: None)),
            excerpts_section(view, text_of or (lambda _aid: None)),
            sources_section(view.focused),
            f'<section class="notes"><h2>Notes</h2><ol>{"".join(f"<li>{n}</li>" for n in notes.items)}</ol></section>',
            f"<footer>Made {made}. {html.escape(CREDITS)}</footer>",
        ]
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width={VIEWPORT["width"]}">
<title>{html.escape(heading)}</title>
<style>{CSS % {"w": PAGE_WIDTH}}</style>
<script type="text/javascript">{get_plotlyjs()}</script>
</head><body><main>
{body}
</main>
<script>window.__briefFigures = {figures};</script>
</body></html>
"""


SERIES_CAPTION = (
    "Running totals and stocks of one quantity at one place over days: a line through what the reports "
    "say each day, each report's figure a point with its range (a triangle: at least / up to), labelled "
    "with who says so; plans are never points here."
)

_MAP_CAPTION = (
    "Markers: places the reports name, sized by how much they say there; lines: movements the reports "
    "record. Scale bar bottom left."
)


def _map(view: Panels) -> go.Figure:
    """The app's map, redrawn as SVG and framed on what the view shows."""
    app_map = map_figure(view.filtered, view.state, view.colours)
    return static_map(
        app_map,
        view.filtered["places"],
        framed_for=(MAP_WIDTH_GUESS, app_map.layout.height or MAP_HEIGHT),
        must_show=_points(view.tables, view.state.selected_places),
        context=view.tables["places"],
    )


def _figure_section(name: str, heading: str, figure: str, caption: str = "") -> str:
    note = f'<p class="caption">{html.escape(caption)}</p>' if caption else ""
    return f'<section class="{name}"><h2>{heading}</h2><div class="figure" id="brief-{name}-box">{figure}</div>{note}</section>'


def _header(view: Panels, heading: str, made: str, link: str) -> str:
    """Title, the days and the reports covered, the view in words and its app link, when made."""
    first, last = date_span(view.focused, view.state)
    arts = view.focused["articles"]
    outlets = sorted({o for o in arts["outlet"].dropna()})
    unknown = len(arts) - int(arts["outlet"].notna().sum())
    sources = ", ".join([*outlets, *([f"{unknown} of unknown outlet"] if unknown and outlets else [])])
    sub = f"{html.escape(words.span(first, last))} · {words.plural(len(arts), 'report')}" + (
        f" ({html.escape(sources)})" if outlets else ""
    )
    query = view_query(view.state)
    link_html = (
        f'<a href="{html.escape(link, quote=True)}">{html.escape(link)}</a>'
        if link.lower().startswith(("http://", "https://"))
        else html.escape(query or "the app's bare URL (no parameters)")
    )
    return (
        f'<header>\n<h1>{html.escape(heading)}</h1>\n<p class="sub">{sub}</p>\n'
        f'<p class="view">View: {html.escape(describe_view(view.state, view.tables))}. App link: {link_html}</p>\n'
        f'<p class="view">Made {made} with the crisis dashboard.</p>\n</header>'
    )
