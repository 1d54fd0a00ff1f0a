"""The build: report files in, tidy tables out.

Two levels. Per report (`extract_report`), everything that depends only on the report's own
text: metadata, places, date references, figures — cached by content hash (and file name),
so an incremental build re-reads only new or changed reports. Across the corpus (`assemble`),
what needs the other reports: publication dates inferred from the dated reports, events
resolved against those dates, claims grouping figures from different reports, the places
table with its counts.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import os
import pickle
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from dashboard import schema
from dashboard import tables as store
from dashboard.extract import articles, claims, dates, events, figures, ingest, places
from dashboard.extract.ingest import Problem
from dashboard.extract.text import Document, sentences

CACHE_DIR = ".cache"
CACHE_FILE = "extract.pkl"
CACHE_BATCH = 1000  # reports per pickle in the journal: a smaller peak of memory when saving
CACHE_FORMAT = "3"  # bump when ReportResult changes shape: older entries are then ignored
SOURCES_FILE = "sources.csv"
SOURCES_COLUMNS = ("file", "outlet", "url", "published")
PROGRESS_MIN_REPORTS = 200  # a progress bar only where a build takes long enough to wonder
# The modules whose code decides what one report yields (the cache key covers them).
EXTRACTION_MODULES = ("text", "ingest", "articles", "dates", "places", "gazetteer", "numbers", "figures")


# A table's rows column-wise (name -> values): a report's rows are cached and tabulated in this
# form, as a few lists rather than a dict per row, which is what makes 10,000 cached reports
# quick to load and to turn into tables.
Columns = dict[str, list]

# The fields a report yields per row: the table's columns but those the corpus fills in.
MENTION_FIELDS = tuple(schema.MENTIONS.column_names[1:])  # but article_id
FIGURE_FIELDS = tuple(
    c for c in schema.FIGURES.column_names if c not in ("figure_id", "article_id", "date", "claim_id")
)
EVENT_FIELDS = tuple(schema.EVENTS.column_names[2:])  # but event_id, article_id
MOVEMENT_FIELDS = tuple(schema.MOVEMENTS.column_names[2:])  # but movement_id, article_id


def _to_columns(rows: list[dict], names: tuple[str, ...]) -> Columns:
    return {name: [row.get(name) for row in rows] for name in names}


def _to_rows(columns: Columns) -> list[dict]:
    return [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]


@dataclass
class ReportResult:
    """What one report yields on its own; picklable for the incremental cache.

    The text itself is not kept in the cache (it is the bulk of it): `document()` reads the
    file again in the rare case a later build needs it.
    """

    source_file: str
    article_id: str
    content_hash: str
    encoding: str
    doc: Document | None
    meta: dict
    mentions: Columns  # MENTION_FIELDS
    refs: list
    figures: Columns  # FIGURE_FIELDS
    movements: Columns  # MOVEMENT_FIELDS
    problems: list[Problem] = field(default_factory=list)
    cache_key: str = ""
    path: Path | None = None
    # Events depend on the publication date, which the corpus may infer: memo by date.
    dated_by_published: dict = field(default_factory=dict)
    days_by_published: dict = field(default_factory=dict)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "doc": None, "path": None}

    @property
    def n_figures(self) -> int:
        return len(self.figures["start"])

    def document(self) -> Document:
        if self.doc is None:
            ing, _ = ingest.read_report(self.source_file, self.path.read_bytes())
            self.doc = ing.doc
        return self.doc

    def days(self, published: date) -> list[date]:
        """The days the report's date references name, resolved against `published`."""
        if published not in self.days_by_published:
            resolved = (dates.resolve(ref, published) for ref in self.refs)
            self.days_by_published[published] = [date.fromisoformat(d) for d, _, p in resolved if p == "day"]
        return self.days_by_published[published]

    def dated(self, published: date | None) -> tuple[Columns, list[str | None]]:
        """(its events, the date of each figure) for a publication date: a figure takes the
        day of an event in its sentence, else the publication date."""
        if published not in self.dated_by_published:
            body = self.document().body
            evs = events.extract_events(body, sentences(body), self.refs, published, _to_rows(self.mentions))
            day_of_sentence = {e["quote_start"]: e["date"] for e in evs if e["date_precision"] == "day"}
            default = published.isoformat() if published else None
            when = [day_of_sentence.get(s) or default for s in self.figures["quote_start"]]
            self.dated_by_published[published] = (_to_columns(evs, EVENT_FIELDS), when)
        return self.dated_by_published[published]


def extract_report(ing: ingest.Ingested, gazetteer) -> ReportResult:
    doc = ing.doc
    sents = sentences(doc.body)
    mentions = places.find_mentions(doc.body, gazetteer)
    meta = {**articles.article_meta(doc), "chars": len(doc.raw)}
    return ReportResult(
        source_file=doc.source_file,
        article_id=ingest.article_id(doc),
        content_hash=ing.content_hash,
        encoding=ing.encoding,
        doc=doc,
        meta=meta,
        mentions=_to_columns(mentions, MENTION_FIELDS),
        refs=dates.find_date_refs(doc.body, sents),
        figures=_to_columns(figures.extract_figures(doc.body, sents, mentions), FIGURE_FIELDS),
        movements=_to_columns(figures.extract_movements(doc.body, sents, mentions), MOVEMENT_FIELDS),
    )


# ---------------------------------------------------------------- corpus level


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
    cols = {
        name: {c: [] for c in schema.TABLES[name].column_names}
        for name in ("mentions", "figures", "events", "movements")
    }
    for r in results:
        pub, basis, pub_text = published[r.article_id]
        article_rows.append(_article_row(r, pub, basis, pub_text, dupes, sources))
        evs, figure_dates = r.dated(pub)
        aid, n_m, n_e, n_f = r.article_id, len(r.mentions["start"]), len(evs["start"]), r.n_figures
        _extend(cols["mentions"], r.mentions, article_id=[aid] * n_m)
        _extend(cols["events"], evs, event_id=_ids(aid, "e", n_e), article_id=[aid] * n_e)
        n_mv = len(r.movements["start"])
        _extend(cols["movements"], r.movements, movement_id=_ids(aid, "m", n_mv), article_id=[aid] * n_mv)
        _extend(
            cols["figures"],
            r.figures,
            figure_id=_ids(aid, "f", n_f),
            article_id=[aid] * n_f,
            date=figure_dates,
            claim_id=[None] * n_f,
        )
    tables = {name: _frame(c, schema.TABLES[name]) for name, c in cols.items()}
    tables["articles"] = _frame(_to_columns(article_rows, schema.ARTICLES.column_names), schema.ARTICLES)
    return tables


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


# ---------------------------------------------------------------- sources.csv


def read_sources(path: Path) -> tuple[dict[str, dict], list[Problem]]:
    """The analyst's curation: file, outlet, url, published (YYYY-MM-DD) per report."""
    if not path.exists():
        return {}, []
    name = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
        reader = csv.DictReader(io.StringIO(text))
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        if "file" not in header:
            return {}, [
                Problem(
                    name, "bad-sources", f"{name}: no 'file' column (expected {SOURCES_COLUMNS}); ignored"
                )
            ]
        out, problems = {}, []
        for line, row in enumerate(reader, start=2):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
            entry, problem = _source_entry(name, line, row)
            if problem:
                problems.append(problem)
            if entry:
                out[row["file"]] = entry
        return out, problems
    except (UnicodeDecodeError, csv.Error) as err:
        return {}, [Problem(name, "bad-sources", f"{name}: unreadable ({err}); ignored")]


def _source_entry(name: str, line: int, row: dict) -> tuple[dict | None, Problem | None]:
    if not row.get("file"):
        return None, Problem(name, "bad-sources", f"{name}: line {line} names no file; skipped")
    entry = {"outlet": row.get("outlet") or None, "url": row.get("url") or None, "published": None}
    if row.get("published"):
        try:
            entry["published"] = date.fromisoformat(row["published"])
        except ValueError:
            msg = f"{name}: line {line}: published {row['published']!r} is not YYYY-MM-DD; ignored"
            return entry, Problem(name, "bad-sources", msg)
    return entry, None


# ---------------------------------------------------------------- the build


@dataclass
class BuildResult:
    tables: dict[str, pd.DataFrame]
    reextracted: int  # reports read afresh (the rest came from the cache)

    def summary(self) -> str:
        t = self.tables
        counts = ", ".join(
            f"{len(t[name])} {name}"
            for name in ("articles", "places", "figures", "events", "claims", "warnings")
        )
        return f"built {counts} ({self.reextracted} reports extracted, the rest unchanged)"


def build(
    seeds: Path,
    out: Path | None = None,
    online_geocoding: bool = False,
    progress: bool | None = None,
    geocoder=None,
) -> BuildResult:
    """Read every report in `seeds`, write the tables into `out` atomically."""
    # The cache and the rows are a few million small objects, none in a cycle: the cyclic
    # collector would only scan them again and again. They are freed before it resumes.
    with _gc_paused():
        return _build(seeds, out, online_geocoding, progress, geocoder)


def _build(seeds: Path, out: Path | None, online_geocoding: bool, progress, geocoder) -> BuildResult:
    paths = ingest.report_files(seeds)
    geocode_cache = store.read_table(out, schema.GEOCODE_CACHE) if out else schema.GEOCODE_CACHE.empty()
    sources, problems = read_sources(seeds / SOURCES_FILE)
    cache = _load_cache(out)
    gazetteer = places.load_gazetteer(geocode_cache)
    results, fresh = _extract_all(paths, gazetteer, cache, problems, progress)
    if online_geocoding:
        geocode_cache, gazetteer, results = _geocode_online(results, geocode_cache, gazetteer, geocoder)
    tables = assemble(results, gazetteer, sources, problems)
    tables["geocode_cache"] = schema.enforce(geocode_cache, schema.GEOCODE_CACHE)
    if out is not None and not tables["articles"].empty:  # nothing read: keep the previous tables
        store.write_tables(tables, out)
        _save_cache(out, results, cache)
    return BuildResult(tables, fresh)


def _extract_all(paths, gazetteer, cache, problems, progress) -> tuple[list[ReportResult], int]:
    results, fresh = [], 0
    key_prefix = _code_fingerprint(gazetteer)
    for path in _progress(paths, progress):
        if not ingest.is_report_name(path.name):
            if path.name.lower() not in ingest.NOT_REPORTS:
                problems.append(
                    Problem(path.name, "not-a-report", f"{path.name}: not .txt, .md or .html; skipped")
                )
            continue
        big = ingest.too_large(path)
        if big:
            problems.append(big)
            continue
        data = path.read_bytes()
        # The name is part of the key: it is an input (the extension decides HTML) and the
        # result carries it (copies of one text under two names are two results).
        key = f"{key_prefix}{hashlib.sha256(data).hexdigest()}:{path.name}"
        if key in cache:
            cache[key].path = path
            results.append(cache[key])
            problems += cache[key].problems
            continue
        ing, found = ingest.read_report(path.name, data)
        problems += found
        if ing is None:
            continue
        r = extract_report(ing, gazetteer)
        r.problems = found
        r.cache_key = key
        r.path = path
        results.append(r)
        fresh += 1
    return results, fresh


def _progress(paths, progress):
    if progress is None:
        progress = len(paths) >= PROGRESS_MIN_REPORTS and sys.stderr.isatty()
    if not progress:
        return paths
    from tqdm import tqdm

    return tqdm(paths, desc="reports", unit="report")


def _geocode_online(results, geocode_cache, gazetteer, geocoder):
    names = sorted(
        {n for r in results for n, _, _ in places.candidate_names(r.document().body, _to_rows(r.mentions))}
    )
    geocode_cache = places.geocode_online(names, geocode_cache, geocoder=geocoder)
    gazetteer = places.load_gazetteer(geocode_cache)
    for r in results:  # the gazetteer grew: places must be found again
        body = r.document().body
        mentions = places.find_mentions(body, gazetteer)
        r.mentions = _to_columns(mentions, MENTION_FIELDS)
        sents = sentences(body)
        r.figures = _to_columns(figures.extract_figures(body, sents, mentions), FIGURE_FIELDS)
        r.movements = _to_columns(figures.extract_movements(body, sents, mentions), MOVEMENT_FIELDS)
        r.dated_by_published.clear()
    return geocode_cache, gazetteer, results


def add_reports(
    tables: dict[str, pd.DataFrame], files: list[tuple[str, bytes]]
) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Reports uploaded in the app, assembled over the tables already built; nothing is
    written. Returns the merged tables and the warnings for the uploaded files."""
    cache_df = tables.get("geocode_cache")
    gazetteer = places.load_gazetteer(cache_df if cache_df is not None else schema.GEOCODE_CACHE.empty())
    problems: list[Problem] = []
    results = []
    for name, data in files:
        if not ingest.is_report_name(name):
            problems.append(Problem(name, "not-a-report", f"{name}: not .txt, .md or .html; skipped"))
            continue
        ing, found = ingest.read_report(name, data)
        problems += found
        if ing is not None:
            results.append(extract_report(ing, gazetteer))
    merged = assemble(results, gazetteer, problems=problems, base=tables)
    merged["warnings"] = schema.enforce(
        pd.concat([tables["warnings"], merged["warnings"]]).drop_duplicates(
            list(schema.WARNINGS.primary_key)
        ),
        schema.WARNINGS,
    )
    if cache_df is not None:
        merged["geocode_cache"] = cache_df
    fresh = {r.source_file for r in results} | {p.source_file for p in problems}
    return merged, [p.message for p in problems if p.source_file in fresh]


def _code_fingerprint(gazetteer) -> str:
    """Cached extractions are reused only by the same code, vocabularies and gazetteer."""
    h = hashlib.sha256(CACHE_FORMAT.encode())
    pkg = Path(__file__).parent
    code = [pkg / f"{name}.py" for name in EXTRACTION_MODULES]
    for path in sorted(p for p in [*code, *pkg.glob("vocab/*.csv")] if p.exists()):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    h.update(str(len(gazetteer.rows)).encode())
    h.update(pd.util.hash_pandas_object(gazetteer.rows, index=False).values.tobytes())
    return h.hexdigest()[:16] + ":"


def _load_cache(out: Path | None) -> dict:
    """The cache is a journal of pickled {key: ReportResult} batches, newest last."""
    path = out / CACHE_DIR / CACHE_FILE if out else None
    if path is None or not path.exists():
        return {}
    cache: dict = {}
    try:
        with path.open("rb") as fh:
            while True:
                cache.update(pickle.load(fh))
    except EOFError:
        return cache
    except Exception:  # a cache from other code or a torn write: rebuild, never fail
        return {}


def _save_cache(out: Path, results: list[ReportResult], loaded: dict) -> None:
    """Append the new extractions; rewrite the whole journal only when it is mostly stale
    (reports removed, code changed), so an incremental build writes a few KB, not all."""
    folder = out / CACHE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    current = {r.cache_key: r for r in results}
    fresh = {k: r for k, r in current.items() if k not in loaded}
    path = folder / CACHE_FILE
    if path.exists() and len(loaded) <= 2 * len(current):
        if fresh:
            with path.open("ab") as fh:
                _dump(fresh, fh)
        return
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        _dump(current, fh)
    os.replace(tmp, path)


def _dump(entries: dict, fh) -> None:
    """In batches: pickle holds on to every object of a batch until it is written."""
    items = list(entries.items())
    for i in range(0, len(items), CACHE_BATCH):
        pickle.dump(dict(items[i : i + CACHE_BATCH]), fh, protocol=pickle.HIGHEST_PROTOCOL)


@contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
