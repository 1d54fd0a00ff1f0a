"""What needs the whole corpus: publication dates inferred from the dated reports, events
resolved against those dates, claims grouping figures from different reports, the places table
with its counts, the warnings. One report's results come from report.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pandas as pd

from dashboard import schema
from dashboard.extract import claims, episodes, published, worldplaces
from dashboard.extract.ingest import Problem
from dashboard.extract.report import Columns, ReportResult, to_columns
from dashboard.extract.sources import SOURCES_FILE


def assemble(
    results: list[ReportResult],
    gazetteer,
    sources: dict[str, dict] | None = None,
    problems: list[Problem] | None = None,
    base: dict[str, pd.DataFrame] | None = None,
    full: Callable[[ReportResult], ReportResult] | None = None,
) -> dict[str, pd.DataFrame]:
    """All tables from per-report results; `base` holds tables built earlier (the app's
    uploads are assembled over the committed tables). `full`, when given, reads a result whole
    from the light copy in `results` (the build keeps results on disk, cache.Spill): each is read
    only when its rows are made, so the results are never all in memory at once."""
    problems = list(problems or [])
    results, dupes = _dedupe(results)
    sources = sources or {}
    countries = set(gazetteer.rows.loc[gazetteer.rows["kind"] == "country", "place_id"])
    published, windows, candidates = _published(results, sources, base, countries)
    for r in results:
        problems += _content_problems(r, published[r.article_id][0])
    tables = _report_tables(
        sorted(results, key=lambda r: r.article_id), published, dupes, sources, windows, candidates, full
    )
    problems += [p for r in results for p in r.stage_problems]  # a stage of the corpus that failed
    if base:
        for name in ("articles", "mentions", "events", "figures", "movements"):
            fresh = tables[name]
            keep = base[name][~base[name]["article_id"].isin(fresh["article_id"])]
            tables[name] = schema.enforce(pd.concat([keep, fresh], ignore_index=True), schema.TABLES[name])
    placed = gazetteer.rows.dropna(subset=["parent"]).set_index("place_id")
    claims_df, claim_ids = claims.group_claims(
        tables["figures"],
        place_parent=placed["parent"].to_dict(),
        place_kind=placed["kind"].to_dict(),
        article_places=_article_places(tables["mentions"]),
        countries=countries,
    )
    tables["figures"] = schema.enforce(tables["figures"].assign(claim_id=claim_ids), schema.FIGURES)
    tables["claims"] = schema.enforce(claims_df, schema.CLAIMS)
    tables["places"] = _places_table(gazetteer, tables["mentions"], tables["figures"], base)
    tables["warnings"] = _warnings_table(problems)
    return tables


def _article_places(mentions: pd.DataFrame) -> dict[str, frozenset[str]]:
    """The places each report names."""
    named = mentions[["article_id", "place_id"]].drop_duplicates()
    return {str(a): frozenset(g.astype(str)) for a, g in named.groupby("article_id")["place_id"]}


def _report_tables(
    results: list[ReportResult], published, dupes, sources, windows, candidates, full=None
) -> dict[str, pd.DataFrame]:
    """The articles, mentions, figures, events and movements tables. Results come in article_id order, so
    the rows come in key order and enforce() has nothing to sort."""
    article_rows = []
    cols: dict[str, Columns] = {
        name: {c: [] for c in schema.TABLES[name].column_names}
        for name in ("mentions", "figures", "events", "movements")
    }
    for held in results:
        r = full(held) if full is not None else held
        pub = published[r.article_id][0]
        article_rows.append(_article_row(r, published[r.article_id], dupes, sources))
        evs, figure_dates = r.dated(pub, candidates.get(r.article_id, ()))
        if r is not held:  # a stage that failed here is said with the results assemble holds
            held.stage_problems += r.stage_problems
        if pub is None and r.article_id in windows:
            window = _days_it_may_be_of(windows[r.article_id], candidates.get(r.article_id, ()))
            figure_dates = _in_episode(figure_dates, window)
        figure_rows = {k: v for k, v in r.figures.items() if k not in _PRIVATE}
        aid, n_m, n_e, n_f = r.article_id, len(r.mentions["start"]), len(evs["start"]), r.n_figures
        _extend(cols["mentions"], r.mentions, article_id=[aid] * n_m)
        _extend(cols["events"], evs, event_id=_ids(aid, "e", n_e), article_id=[aid] * n_e)
        n_mv = len(r.movements["start"])
        _extend(cols["movements"], r.movements, movement_id=_ids(aid, "m", n_mv), article_id=[aid] * n_mv)
        _extend(
            cols["figures"],
            figure_rows,
            figure_id=_ids(aid, "f", n_f),
            article_id=[aid] * n_f,
            claim_id=[None] * n_f,
            **figure_dates,
        )
    # each table's lists let go once it is a frame: never all tables twice over
    tables = {name: _frame(cols.pop(name), schema.TABLES[name]) for name in list(cols)}
    tables["articles"] = _frame(
        to_columns(article_rows, tuple(schema.ARTICLES.column_names)), schema.ARTICLES
    )
    return tables


def _days_it_may_be_of(window: tuple[date, date], candidates: tuple[date, ...]) -> tuple[date, date]:
    """The days an undated report's statement with no time words may hold on: from the day before
    the first day the report may be of to the last (its relative dates' best fits, "on Sunday" any
    Sunday of its episode), within its episode's days."""
    if not candidates:
        return window
    first = max(window[0], min(candidates) - timedelta(days=1))
    return first, min(window[1], max(candidates))


def _in_episode(when: Columns, window: tuple[date, date]) -> Columns:
    """An undated report's figures with no date of their own hold somewhere in its episode's days
    (as_of_basis 'episode'): claims let such a figure join only the same number (grouping.py)."""
    out = {name: list(values) for name, values in when.items()}
    for i, basis in enumerate(when["as_of_basis"]):
        if when["as_of"][i] is None and basis == "unknown":
            out["as_of"][i], out["date"][i] = window[0].isoformat(), window[0].isoformat()
            out["as_of_end"][i], out["as_of_precision"][i], out["as_of_basis"][i] = (
                window[1].isoformat(),
                "span",
                "episode",
            )
    return out


_PRIVATE = ("as_of_ref", "as_of_mode")  # how a report's figures are dated, resolved into as_of


def _ids(article_id: str, letter: str, n: int) -> list[str]:
    return [f"{article_id}-{letter}{k:03d}" for k in range(1, n + 1)]


def _extend(table: Columns, part: Columns, **own: list) -> None:
    """Add a report's rows to a table; `own` holds the columns the report's rows lack."""
    for name, values in table.items():
        values += own[name] if name in own else part[name]


def _dedupe(results: list[ReportResult]) -> tuple[list[ReportResult], dict[str, list[str]]]:
    """One article per distinct text; the first file by name speaks for its copies."""
    kept: dict[str, ReportResult] = {}
    copies: dict[str, list[str]] = {}
    for r in sorted(results, key=lambda r: r.source_file):
        if r.article_id in kept:
            copies.setdefault(r.article_id, []).append(r.source_file)
        else:
            kept[r.article_id] = r
    return list(kept.values()), copies


# A report's date: the day, its basis, the words or reasoning, the reports an inference leaned on.
Dating = tuple[date | None, str, str | None, list[str]]


def _published(
    results: list[ReportResult],
    sources: dict[str, dict],
    base: dict[str, pd.DataFrame] | None,
    countries: set[str],
) -> tuple[dict[str, Dating], dict[str, tuple[date, date]], dict[str, tuple[date, ...]]]:
    """Publication date of each report: the curated sources.csv, then the report's own evidence
    (published.py), then inference from the dated reports of its episode (episodes.py); else unknown.
    With it, the days of the episode of each report that stays undated but has one, and the days
    it may be of (its relative dates' best fits, else its episode's days)."""
    out: dict[str, Dating] = {}
    windows: dict[str, tuple[date, date]] = {}
    candidates: dict[str, tuple[date, ...]] = {}  # the days an undated report may be of
    for r in results:
        source = sources.get(r.source_file, {})
        if source.get("published"):
            out[r.article_id] = (
                source["published"],
                "metadata",
                f"{SOURCES_FILE}: {source['published'].isoformat()}",
                [],
            )
            continue
        day, basis, text = published.decide(r.meta, source.get("url"), r.refs)
        if day is not None:
            out[r.article_id] = (day, basis, text, [])
    dated = _dated([r for r in results if r.article_id in out], out, countries) + _base_dated(base, countries)
    for r in results:
        if r.article_id in out:
            continue
        undated = episodes.Undated(
            r.article_id,
            _places_of(r.mentions["place_id"], countries),
            frozenset(r.meta.get("names", ())),
            tuple(r.refs),
            r.meta.get("published_partial"),
        )
        found = episodes.infer(undated, dated)  # its episode's members found once
        if found.day is not None:
            out[r.article_id] = (found.day, "inferred", found.reason, found.leaned)
        else:
            out[r.article_id] = (None, "unknown", found.reason, [])
            if found.span is not None:
                windows[r.article_id] = found.span
            if found.candidates:
                candidates[r.article_id] = found.candidates
    return out, windows, candidates


def _places_of(place_ids, countries: set[str]) -> frozenset[str]:
    return frozenset(p for p in place_ids if not pd.isna(p) and p not in countries)


def _dated(results: list[ReportResult], published: dict, countries: set[str]) -> list[episodes.Dated]:
    """The dated reports as the episode test sees them (inference leans on their own dates only)."""
    out = []
    for r in results:
        pub = published[r.article_id][0]
        places = _places_of(r.mentions["place_id"], countries)
        names = frozenset(r.meta.get("names", ()))
        out.append(episodes.Dated(r.article_id, pub, places, names, tuple(r.days(pub))))
    return out


def _base_dated(base: dict[str, pd.DataFrame] | None, countries: set[str]) -> list[episodes.Dated]:
    """The reports of an earlier build that carry a date of their own (the app's uploads are dated
    against them); their names are not kept, so places and the window decide."""
    if not base:
        return []
    known = base["articles"].dropna(subset=["published"])
    known = known[known["published_basis"] != "inferred"]
    places = base["mentions"].groupby("article_id")["place_id"].agg(lambda s: _places_of(s, countries))
    ev = base["events"]
    ev = ev[ev["date_precision"] == "day"]
    days = ev.groupby("article_id")["date"].agg(lambda s: tuple(date.fromisoformat(d) for d in s))
    return [
        episodes.Dated(
            aid,
            date.fromisoformat(pub),
            places.get(aid, frozenset()),
            None,
            days.get(aid, ()),
        )
        for aid, pub in zip(known["article_id"], known["published"], strict=True)
    ]


def _article_row(r: ReportResult, dating: Dating, dupes, sources) -> dict:
    curated = sources.get(r.source_file, {})
    pub, basis, pub_text, leaned = dating
    return {
        "article_id": r.article_id,
        "source_file": r.source_file,
        "duplicate_files": ";".join(dupes.get(r.article_id, [])) or None,
        "title": r.meta.get("title"),
        "outlet": curated.get("outlet") or r.meta.get("outlet"),
        "url": curated.get("url"),
        "published": pub.isoformat() if pub else None,
        "published_basis": basis,
        "published_text": pub_text,
        "published_from": ";".join(leaned) or None,
        "content_hash": r.content_hash,
        "chars": r.meta["chars"],
        "encoding": r.encoding,
    }


def _content_problems(r: ReportResult, pub: date | None) -> list[Problem]:
    out = list(r.problems)
    if pub is None:
        out.append(
            Problem(r.source_file, "no-date", f"{r.source_file}: no publication date found or inferred")
        )
    if not r.n_figures:
        out.append(Problem(r.source_file, "no-figures", f"{r.source_file}: no figures found"))
    return out


def _frame(columns: Columns, table: schema.Table) -> pd.DataFrame:
    """A table from its columns, typed as declared (so enforce() has nothing to cast)."""
    typed = {c.name: pd.array(columns[c.name], dtype=schema.DTYPES[c.dtype]) for c in table.columns}
    return schema.enforce(pd.DataFrame(typed), table)


def _places_table(gazetteer, mentions: pd.DataFrame, figs: pd.DataFrame, base) -> pd.DataFrame:
    rows = gazetteer.rows.set_index("place_id")
    if base is not None:  # places only the earlier build knew (e.g. from an older gazetteer)
        older = base["places"].set_index("place_id")
        rows = pd.concat([rows, older[~older.index.isin(rows.index)]])
    by_figure = pd.concat([figs["place_id"], figs["origin_id"], figs["destination_id"]]).dropna()
    # unique() first: the few distinct ids, not every value, become Python strings
    used = sorted(set(mentions["place_id"].dropna().unique()) | set(by_figure.unique()))
    table = rows.reindex(used).rename_axis("place_id").reset_index()
    surfaces = mentions.drop_duplicates("place_id").set_index("place_id")["surface"].to_dict()
    table = worldplaces.fill_rows(table, schema.PLACES.column_names, surfaces)  # sites, world, unlocated
    table["n_articles"] = (
        table["place_id"].map(mentions.groupby("place_id")["article_id"].nunique()).fillna(0)
    )
    table["n_mentions"] = table["place_id"].map(mentions["place_id"].value_counts()).fillna(0)
    table["n_figures"] = table["place_id"].map(by_figure.value_counts()).fillna(0)
    return schema.enforce(table[schema.PLACES.column_names], schema.PLACES)


def _warnings_table(problems: list[Problem]) -> pd.DataFrame:
    rows = {(p.source_file, p.problem): (p.message, p.detail or None) for p in problems}
    df = pd.DataFrame(
        [{"source_file": f, "problem": k, "message": m, "detail": d} for (f, k), (m, d) in rows.items()],
        columns=schema.WARNINGS.column_names,
    )
    return schema.enforce(df, schema.WARNINGS)
