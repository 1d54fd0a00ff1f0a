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
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard import outdir, schema
from dashboard import tables as store
from dashboard.extract import cache, engines, figures, ingest, movements, places
from dashboard.extract.corpus import assemble
from dashboard.extract.ingest import Problem
from dashboard.extract.report import (
    FIGURE_FIELDS,
    MENTION_FIELDS,
    MOVEMENT_FIELDS,
    REPORT_SECONDS,
    ReportResult,
    read_and_extract,
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
    notices: list[str] = field(default_factory=list)  # about the build, not the reports: a damaged cache
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
    engine: engines.Engine | None = None,
    lock_wait: float = outdir.LOCK_WAIT_S,
    report_seconds: float | None = REPORT_SECONDS,
) -> BuildResult:
    """Read every report in `seeds`, write the tables into `out` as one set, one build at a time
    (a second build into `out` waits up to `lock_wait` seconds). `engine` runs the per-report
    extraction (engines.py; default: in this process), entered here if not yet. Raises
    outdir.OutError when `out` cannot be built into or writing fails (a full disk): `out` is then
    as it was. A report that takes over `report_seconds` or fails in a stage is skipped with a
    warning; the others build."""
    if out is not None:
        outdir.check(out)
    # The cache and the rows are a few million small objects, none in a cycle: the cyclic
    # collector would only scan them again and again. They are freed before it resumes.
    with (
        _gc_paused(),
        outdir.locked(out, lock_wait) if out is not None else nullcontext(),
        engine or engines.SerialEngine(report_seconds) as running,
        cache.Spill() as spill,
    ):
        return _build(seeds, out, online_geocoding, progress, geocoder, running, spill)


def _build(
    seeds: Path, out: Path | None, online_geocoding: bool, progress, geocoder, engine, spill: cache.Spill
) -> BuildResult:
    """The results are kept on disk (`spill`) as they come and held light: the corpus stage reads
    each back whole only to make its rows, so the results are never all in memory at once."""
    paths = ingest.report_files(seeds)
    geocode_cache = store.read_table(out, schema.GEOCODE_CACHE) if out else schema.GEOCODE_CACHE.empty()
    sources, problems = read_sources(seeds / SOURCES_FILE)
    cached = cache.load(out)
    gazetteer = places.load_gazetteer(geocode_cache)
    results, fresh = _extract_all(paths, gazetteer, cached, problems, progress, engine, spill)
    if online_geocoding:
        geocode_cache, gazetteer, results = _geocode_online(
            results, geocode_cache, gazetteer, geocoder, spill
        )
    tables = assemble(results, gazetteer, sources, problems, full=spill.full)
    tables["geocode_cache"] = schema.enforce(geocode_cache, schema.GEOCODE_CACHE)
    notices = [cached.damage] if cached.damage else []
    if out is not None and not tables["articles"].empty:  # nothing read: keep the previous tables
        try:
            store.write_tables(tables, out)
        except OSError as err:  # a full disk, say: the previous tables are as they were
            raise outdir.OutError(outdir.describe(err, out)) from err
        try:
            cache.save(out, results, cached, spill)
        except OSError as err:  # the tables are written: a build without the cache is only slower
            notices.append(
                f"the incremental cache in {out} could not be saved ({outdir.reason(err)}); "
                "the next build reads these reports again"
            )
    return BuildResult(tables, fresh, notices, read=len(results))


def _extract_all(
    paths, gazetteer, cached, problems, progress, engine, spill: cache.Spill
) -> tuple[list[ReportResult], int]:
    """Each report's result in file order, light (kept whole in `spill`): from the cache, or
    extracted by the engine."""
    results, fresh = [], 0
    key_prefix = cache.fingerprint(gazetteer)
    slots = _slots(_progress(paths, progress), key_prefix, cached)
    for done in engine.run(slots, gazetteer, key_prefix):
        problems += done.problems
        if done.result is not None:
            results.append(spill.add(done.result, done.line))
        fresh += done.fresh
    return results, fresh


def _slots(paths, key_prefix: str, cached: cache.Loaded) -> Iterator[engines.Slot]:
    """Per file: its problems if it is no report, its cached result, or a job for the engine."""
    for path in paths:
        if not ingest.is_report_name(path.name):
            if path.name.lower() not in ingest.NOT_REPORTS:
                yield engines.Done(
                    [Problem(path.name, "not-a-report", f"{path.name}: not {ingest.REPORT_KINDS}; skipped")]
                )
            continue
        big = ingest.too_large(path)
        if big:
            yield engines.Done([big])
            continue
        data = path.read_bytes()
        # The name is part of the key: it is an input (the extension decides HTML) and the
        # result carries it (copies of one text under two names are two results).
        key = f"{key_prefix}{hashlib.sha256(data).hexdigest()}:{path.name}"
        if key in cached:
            r, line = cached.with_line(key)  # read from the journal now, one at a time
            r.path = path
            yield engines.Done(r.problems, cache.light(r), line=line)  # the line kept as it was
            continue
        yield engines.Job(path.name, data, key, path)


def _progress(paths, progress):
    if progress is None:
        progress = len(paths) >= PROGRESS_MIN_REPORTS and sys.stderr.isatty()
    if not progress:
        return paths
    from tqdm import tqdm

    return tqdm(paths, desc="reports", unit="report")


def _geocode_online(results, geocode_cache, gazetteer, geocoder, spill: cache.Spill):
    names: set[str] = set()
    for light in results:
        r = spill.full(light)
        names |= {n for n, _, _ in places.candidate_names(r.document().body, to_rows(r.mentions))}
    geocode_cache = places.geocode_online(sorted(names), geocode_cache, geocoder=geocoder)
    gazetteer = places.load_gazetteer(geocode_cache)
    return geocode_cache, gazetteer, [_refind(spill.full(light), gazetteer, spill) for light in results]


def _refind(r: ReportResult, gazetteer, spill: cache.Spill) -> ReportResult:
    """The gazetteer grew: a report's places (and what hangs on them) found again, kept anew."""
    body = r.document().body
    mentions = places.find_mentions(body, gazetteer)
    r.mentions = to_columns(mentions, MENTION_FIELDS)
    sents = sentences(body)
    r.figures = to_columns(figures.extract_figures(body, sents, mentions, r.refs), FIGURE_FIELDS)
    r.movements = to_columns(movements.extract_movements(body, sents, mentions), MOVEMENT_FIELDS)
    r.dated_by_published.clear()
    return spill.add(r)


def add_reports(
    tables: dict[str, pd.DataFrame],
    files: list[tuple[str, bytes]],
    sources: dict[str, dict] | None = None,
    seconds: float | None = REPORT_SECONDS,
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
        r, found = read_and_extract(name, data, gazetteer, seconds)
        problems += found
        if r is not None:
            results.append(r)
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
