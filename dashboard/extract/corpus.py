"""What needs the whole corpus: publication dates inferred from the dated reports, events
resolved against those dates, claims grouping figures from different reports, the places table
with its counts, the warnings. One report's results come from report.py.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pandas as pd

from dashboard import schema
from dashboard.extract import articles, claims, worldplaces
from dashboard.extract.ingest import Problem
from dashboard.extract.report import Columns, ReportResult, to_columns
from dashboard.extract.sources import SOURCES_FILE


def assemble(
    results: list[ReportResult],
    gazetteer,
    sources: dict[str, dict] | None = None,
    problems: list[Problem] | None = None,
    base: dict[str, pd.DataFrame] | None = None,
) -> dict[str, pd.DataFrame]:
    """All tables from per-report results; `base` holds tables built earlier (the app's
    uploads are assembled over the committed tables)."""
    problems = list(problems or [])
    results, dupes = _dedupe(results)
    sources = sources or {}
    published = _published(results, sources, base)
    for r in results:
        problems += _content_problems(r, published[r.article_id][0])
    tables = _report_tables(sorted(results, key=lambda r: r.article_id), published, dupes, sources)
    if base:
        for name in ("articles", "mentions", "events", "figures", "movements"):
            fresh = tables[name]
            keep = base[name][~base[name]["article_id"].isin(fresh["article_id"])]
            tables[name] = schema.enforce(pd.concat([keep, fresh], ignore_index=True), schema.TABLES[name])
    parents = gazetteer.rows.dropna(subset=["parent"]).set_index("place_id")["parent"].to_dict()
    claims_df, claim_ids = claims.group_claims(tables["figures"], place_parent=parents)
    tables["figures"] = schema.enforce(tables["figures"].assign(claim_id=claim_ids), schema.FIGURES)
    tables["claims"] = schema.enforce(claims_df, schema.CLAIMS)
    tables["places"] = _places_table(gazetteer, tables["mentions"], tables["figures"], base)
    tables["warnings"] = _warnings_table(problems)
    return tables


def _report_tables(results: list[ReportResult], published, dupes, sources) -> dict[str, pd.DataFrame]:
    """The articles, mentions, figures, events and movements tables. Results come in article_id order, so
    the rows come in key order and enforce() has nothing to sort."""
    article_rows = []
    cols: dict[str, Columns] = {
        name: {c: [] for c in schema.TABLES[name].column_names}
        for name in ("mentions", "figures", "events", "movements")
    }
    for r in results:
        pub, basis, pub_text = published[r.article_id]
        article_rows.append(_article_row(r, pub, basis, pub_text, dupes, sources))
        evs, figure_dates = r.dated(pub)
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
    tables = {name: _frame(c, schema.TABLES[name]) for name, c in cols.items()}
    tables["articles"] = _frame(
        to_columns(article_rows, tuple(schema.ARTICLES.column_names)), schema.ARTICLES
    )
    return tables


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


def _published(
    results: list[ReportResult], sources: dict[str, dict], base: dict[str, pd.DataFrame] | None
) -> dict[str, tuple[date | None, str, str | None]]:
    """Publication date of each report: the curated sources.csv, then the page's own
    byline or metadata, then inference from the dated reports; else unknown."""
    out: dict[str, tuple[date | None, str, str | None]] = {}
    for r in results:
        curated = sources.get(r.source_file, {}).get("published")
        if curated:
            out[r.article_id] = (curated, "metadata", f"{SOURCES_FILE}: {curated.isoformat()}")
        elif r.meta.get("published"):
            out[r.article_id] = (r.meta["published"], r.meta["published_basis"], r.meta.get("published_text"))
    anchors = _anchors([r for r in results if r.article_id in out], out, base)
    for r in results:
        if r.article_id in out:
            continue
        guess, reason = articles.infer_published(r.refs, anchors) if anchors else (None, "no dated reports")
        out[r.article_id] = (guess, "inferred", reason) if guess else (None, "unknown", reason)
    return out


def _anchors(dated: list[ReportResult], published: dict, base: dict[str, pd.DataFrame] | None) -> Counter:
    """How many statements of the dated reports fall on each day."""
    anchors: Counter = Counter()
    for r in dated:
        pub = published[r.article_id][0]
        anchors[pub] += 1
        anchors.update(r.days(pub))
    if base:
        known = base["articles"].dropna(subset=["published"])
        known = known[known["published_basis"] != "inferred"]
        for day in pd.concat([known["published"], _event_days(base, set(known["article_id"]))]):
            anchors[date.fromisoformat(day)] += 1
    return anchors


def _event_days(base: dict[str, pd.DataFrame], article_ids: set[str]) -> pd.Series:
    ev = base["events"]
    ev = ev[ev["article_id"].isin(article_ids) & (ev["date_precision"] == "day")]
    return ev["date"].astype(str)


def _article_row(r: ReportResult, pub, basis, pub_text, dupes, sources) -> dict:
    curated = sources.get(r.source_file, {})
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
    rows = {(p.source_file, p.problem): p.message for p in problems}
    df = pd.DataFrame(
        [{"source_file": f, "problem": k, "message": m} for (f, k), m in rows.items()],
        columns=schema.WARNINGS.column_names,
    )
    return schema.enforce(df, schema.WARNINGS)
