"""What one report yields on its own: metadata, place mentions, date references, figures and
movements, read from its text alone. Cached by content (see cache.py), so an incremental build
reads again only new or changed reports; events wait for the corpus (the publication date may be
inferred from the other reports).
"""

from __future__ import annotations

import signal
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dashboard import schema
from dashboard.extract import articles, dates, episodes, events, figures, ingest, movements, places, resolve
from dashboard.extract.ingest import Problem
from dashboard.extract.text import Document, sentences

# A table's rows column-wise (name -> values): a report's rows are cached and tabulated in this
# form, as a few lists rather than a dict per row, which is what makes 10,000 cached reports
# quick to load and to turn into tables.
Columns = dict[str, list]

# The fields a report yields per row: the table's columns but those the corpus fills in.
MENTION_FIELDS = tuple(schema.MENTIONS.column_names[1:])  # but article_id
_DATED = ("as_of", "as_of_end", "as_of_precision", "as_of_basis", "date")  # resolved by the corpus
FIGURE_FIELDS = (
    *(c for c in schema.FIGURES.column_names if c not in ("figure_id", "article_id", "claim_id", *_DATED)),
    "as_of_ref",  # the date words that date the figure, an index into refs (-1: none)
    "as_of_mode",  # "since": from that day up to the report; "said": the day it was said
)
EVENT_FIELDS = tuple(schema.EVENTS.column_names[2:])  # but event_id, article_id
MOVEMENT_FIELDS = tuple(schema.MOVEMENTS.column_names[2:])  # but movement_id, article_id


def to_columns(rows: list[dict], names: tuple[str, ...]) -> Columns:
    return {name: [row.get(name) for row in rows] for name in names}


def to_rows(columns: Columns) -> list[dict]:
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
    dated_within: dict = field(default_factory=dict)  # by the days an undated report may be of (not cached)
    stage_problems: list[Problem] = field(default_factory=list)  # a stage of the corpus that failed

    def __getstate__(self) -> dict:
        return {**self.__dict__, "doc": None, "path": None}

    @property
    def n_figures(self) -> int:
        return len(self.figures["start"])

    def document(self) -> Document:
        if self.doc is None:
            if self.path is None:
                raise ValueError(f"{self.source_file}: no text and no file to read it from")
            ing, problems = ingest.read_report(self.source_file, self.path.read_bytes())
            if ing is None:
                raise ValueError(problems[0].message if problems else f"{self.source_file}: unreadable")
            self.doc = ing.doc
        return self.doc

    def days(self, published: date) -> list[date]:
        """The days the report's date references name, resolved against `published`."""
        if published not in self.days_by_published:
            resolved = (resolve.resolve(ref, published) for ref in self.refs)
            self.days_by_published[published] = [
                date.fromisoformat(r[0]) for r in resolved if r is not None and r[2] == "day"
            ]
        return self.days_by_published[published]

    def dated(self, published: date | None, candidates: tuple[date, ...] = ()) -> tuple[Columns, Columns]:
        """(its events, when each figure holds) for a publication date: a figure holds when the date
        words that govern it say (resolved like its events), else on the report's date. Without a
        date, `candidates` are the days it may be of (events.extract_events_within)."""
        memo = self.dated_by_published if published is not None or not candidates else self.dated_within
        key = published if published is not None or not candidates else candidates
        if key not in memo:
            try:
                with _alarm(REPORT_SECONDS):
                    memo[key] = self._dated(published, candidates)
            except Exception as err:  # one report's fault: its events are lost, not the build
                self.stage_problems.append(
                    over_budget(self.source_file, REPORT_SECONDS, "events")
                    if isinstance(err, OverBudget)
                    else stage_failed(self.source_file, "events", err)
                )
                when = [figure_as_of(self.refs, -1, None, published) for _ in self.figures["start"]]
                memo[key] = (to_columns([], EVENT_FIELDS), _as_of_columns(when))
        return memo[key]

    def _dated(self, published: date | None, candidates: tuple[date, ...] = ()) -> tuple[Columns, Columns]:
        body = self.document().body
        if published is None:
            evs = events.extract_events_within(
                body, sentences(body), self.refs, candidates, to_rows(self.mentions)
            )
        else:
            evs = events.extract_events(body, sentences(body), self.refs, published, to_rows(self.mentions))
        when = [
            figure_as_of(self.refs, ref, mode, published)
            for ref, mode in zip(self.figures["as_of_ref"], self.figures["as_of_mode"], strict=True)
        ]
        return to_columns(evs, EVENT_FIELDS), _as_of_columns(when)


AsOf = tuple[str | None, str | None, str | None, str]  # as_of, as_of_end, as_of_precision, as_of_basis


def figure_as_of(refs: list, index: int, mode: str | None, published: date | None) -> AsOf:
    """When a figure holds: the day, span or month its date words name ("since Thursday": from that
    day to the report), else the report's date; unknown when neither can be had."""
    ref = refs[index] if index is not None and 0 <= index < len(refs) else None
    resolved = (
        resolve.resolve(ref, published)
        if ref is not None and (published is not None or ref.absolute)
        else None
    )
    if resolved is not None:
        first, last, precision = resolved
        if mode == "since" and published is not None:
            return first, published.isoformat(), "span", "sentence"
        return first, last, precision, "said" if mode == "said" else "sentence"
    if published is not None:
        day = published.isoformat()
        return day, day, "day", "report_date"
    return None, None, None, "unknown"


def _as_of_columns(when: list[AsOf]) -> Columns:
    columns: Columns = {"as_of": [], "as_of_end": [], "as_of_precision": [], "as_of_basis": [], "date": []}
    for as_of, end, precision, basis in when:
        columns["as_of"].append(as_of)
        columns["as_of_end"].append(end)
        columns["as_of_precision"].append(precision)
        columns["as_of_basis"].append(basis)
        columns["date"].append(_first_day(as_of))
    return columns


def _first_day(as_of: str | None) -> str | None:
    """The first day of a day, month ('2016-12') or year ('2014')."""
    if as_of is None or len(as_of) >= 10:
        return as_of
    return as_of + ("-01" if len(as_of) == 7 else "-01-01")


def extract_report(ing: ingest.Ingested, gazetteer, stages: Stages | None = None) -> ReportResult:
    stages = stages or Stages()
    stage = stages.enter
    doc = ing.doc
    stage("sentences")
    sents = sentences(doc.body)
    stage("places")
    mentions = places.find_mentions(doc.body, gazetteer)
    stage("dates")
    refs = dates.find_date_refs(doc.body, sents)
    stage("articles")
    meta = {
        **articles.article_meta(doc, refs),
        "chars": len(doc.raw),
        "names": sorted(episodes.names_in(doc.body)),
    }
    stage("figures")
    found = figures.extract_figures(doc.body, sents, mentions, refs, stages.check, raw=doc.raw)
    stage("movements")
    moved = movements.extract_movements(doc.body, sents, mentions)
    stage("done")
    return ReportResult(
        source_file=doc.source_file,
        article_id=ingest.article_id(doc),
        content_hash=ing.content_hash,
        encoding=ing.encoding,
        doc=doc,
        meta=meta,
        mentions=to_columns(mentions, MENTION_FIELDS),
        refs=refs,
        figures=to_columns(found, FIGURE_FIELDS),
        movements=to_columns(moved, MOVEMENT_FIELDS),
    )


# ------------------------------------------------------------------ the budget of one report

# One report may take this long to read, or it is skipped with a warning (news reports take
# milliseconds; the stages are linear, so a report of the largest size allowed stays well within it).
REPORT_SECONDS = 60.0


class OverBudget(Exception):
    """A report took longer than its time budget."""


class Stages:
    """The stage a report's extraction is in, and its deadline, checked as each stage starts."""

    def __init__(self, seconds: float | None = None) -> None:
        self.name = "ingest"
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds if seconds else None

    def enter(self, name: str) -> None:
        self.check()
        self.name = name

    def check(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise OverBudget(self.name)


def stage_failed(source_file: str, stage: str, err: BaseException) -> Problem:
    detail = "".join(traceback.format_exception(err))
    message = f"{source_file}: the {stage} stage failed ({type(err).__name__}: {err}); skipped"
    return Problem(source_file, "stage-failed", message, detail)


def over_budget(source_file: str, seconds: float | None, stage: str) -> Problem:
    message = f"{source_file}: extraction took over {seconds:g} s (in the {stage} stage); skipped"
    return Problem(source_file, "over-budget", message)


def read_and_extract(
    name: str, data: bytes, gazetteer, seconds: float | None = REPORT_SECONDS
) -> tuple[ReportResult | None, list[Problem]]:
    """One report read and extracted within its budget: an error in any stage, or the budget
    spent, skips this report with a warning naming it and the stage; the others build on."""
    stages = Stages(seconds)
    try:
        with _alarm(seconds):
            ing, problems = ingest.read_report(name, data)
            if ing is None:
                return None, problems
            result = extract_report(ing, gazetteer, stages)
    except OverBudget:
        return None, [over_budget(name, seconds, stages.name)]
    except Exception as err:
        return None, [stage_failed(name, stages.name, err)]
    result.problems = problems
    return result, problems


@contextmanager
def _alarm(seconds: float | None) -> Iterator[None]:
    """A hard stop (SIGALRM) where the platform allows it: the build's main thread. Elsewhere (the
    app's script threads) the deadline is checked as each stage starts."""
    if (
        not seconds
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(signum, frame):
        raise OverBudget

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
