"""The build: report files in, tidy tables out.

The stages in order (see dashboard/extract/__init__.py): each report alone (report.py, cached by
cache.py), then the corpus (corpus.py), then the tables written as one set (dashboard/tables.py).
`add_reports` runs the same stages in memory for the app's uploads.
"""

from __future__ import annotations

import gc
import hashlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard import schema
from dashboard import tables as store
from dashboard.extract import cache, figures, ingest, movements, places
from dashboard.extract.corpus import assemble
from dashboard.extract.ingest import Problem
from dashboard.extract.report import (
    FIGURE_FIELDS,
    MENTION_FIELDS,
    MOVEMENT_FIELDS,
    ReportResult,
    extract_report,
    to_columns,
    to_rows,
)
from dashboard.extract.sources import SOURCES_FILE, read_sources
from dashboard.extract.text import sentences

PROGRESS_MIN_REPORTS = 200  # a progress bar only where a build takes long enough to wonder


@dataclass
class BuildResult:
    tables: dict[str, pd.DataFrame]
    reextracted: int  # reports read afresh (the rest came from the cache)
    read: int | None = None  # reports read in all, afresh or from the cache (None: not counted)

    def summary(self) -> str:
        t = self.tables
        counts = ", ".join(
            f"{len(t[name])} {name}"
            for name in ("articles", "places", "figures", "events", "claims", "warnings")
        )
        return f"built {counts} ({self.freshness()})"

    def freshness(self) -> str:
        """'3 reports extracted, the rest unchanged'; 'the rest' only when there is one."""
        n = self.reextracted
        extracted = f"{n} report{'s' if n != 1 else ''} extracted"
        if self.read is None:
            return f"{extracted}, the rest unchanged"
        rest = self.read - n
        if n == 0 and rest:
            return f"all {rest} reports unchanged" if rest != 1 else "the report unchanged"
        return f"{extracted}, {rest} unchanged" if rest > 0 else extracted


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
    cached = cache.load(out)
    gazetteer = places.load_gazetteer(geocode_cache)
    results, fresh = _extract_all(paths, gazetteer, cached, problems, progress)
    if online_geocoding:
        geocode_cache, gazetteer, results = _geocode_online(results, geocode_cache, gazetteer, geocoder)
    tables = assemble(results, gazetteer, sources, problems)
    tables["geocode_cache"] = schema.enforce(geocode_cache, schema.GEOCODE_CACHE)
    if out is not None and not tables["articles"].empty:  # nothing read: keep the previous tables
        store.write_tables(tables, out)
        cache.save(out, results, cached)
    return BuildResult(tables, fresh, read=len(results))


def _extract_all(paths, gazetteer, cached, problems, progress) -> tuple[list[ReportResult], int]:
    results, fresh = [], 0
    key_prefix = cache.fingerprint(gazetteer)
    for path in _progress(paths, progress):
        if not ingest.is_report_name(path.name):
            if path.name.lower() not in ingest.NOT_REPORTS:
                problems.append(
                    Problem(path.name, "not-a-report", f"{path.name}: not {ingest.REPORT_KINDS}; skipped")
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
        if key in cached:
            cached[key].path = path
            results.append(cached[key])
            problems += cached[key].problems
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
        {n for r in results for n, _, _ in places.candidate_names(r.document().body, to_rows(r.mentions))}
    )
    geocode_cache = places.geocode_online(names, geocode_cache, geocoder=geocoder)
    gazetteer = places.load_gazetteer(geocode_cache)
    for r in results:  # the gazetteer grew: places must be found again
        body = r.document().body
        mentions = places.find_mentions(body, gazetteer)
        r.mentions = to_columns(mentions, MENTION_FIELDS)
        sents = sentences(body)
        r.figures = to_columns(figures.extract_figures(body, sents, mentions, r.refs), FIGURE_FIELDS)
        r.movements = to_columns(movements.extract_movements(body, sents, mentions), MOVEMENT_FIELDS)
        r.dated_by_published.clear()
    return geocode_cache, gazetteer, results


def add_reports(
    tables: dict[str, pd.DataFrame], files: list[tuple[str, bytes]], sources: dict[str, dict] | None = None
) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Reports uploaded (or pasted) in the app, assembled over the tables already built; nothing
    is written. `sources` is their curation, as sources.csv gives it (outlet, url, published per
    file). Returns the merged tables and the warnings for the uploaded files."""
    cache_df = tables.get("geocode_cache")
    gazetteer = places.load_gazetteer(cache_df if cache_df is not None else schema.GEOCODE_CACHE.empty())
    problems: list[Problem] = []
    results = []
    for name, data in files:
        if not ingest.is_report_name(name):
            problems.append(Problem(name, "not-a-report", f"{name}: not {ingest.REPORT_KINDS}; skipped"))
            continue
        ing, found = ingest.read_report(name, data)
        problems += found
        if ing is not None:
            results.append(extract_report(ing, gazetteer))
    merged = assemble(results, gazetteer, sources, problems=problems, base=tables)
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


@contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
