"""What one report yields on its own: metadata, place mentions, date references, figures and
movements, read from its text alone. Cached by content (see cache.py), so an incremental build
reads again only new or changed reports; events wait for the corpus (the publication date may be
inferred from the other reports).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dashboard import schema
from dashboard.extract import articles, dates, events, figures, ingest, movements, places, resolve
from dashboard.extract.ingest import Problem
from dashboard.extract.text import Document, sentences

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
            self.days_by_published[published] = [date.fromisoformat(d) for d, _, p in resolved if p == "day"]
        return self.days_by_published[published]

    def dated(self, published: date | None) -> tuple[Columns, list[str | None]]:
        """(its events, the date of each figure) for a publication date: a figure takes the
        day of an event in its sentence, else the publication date."""
        if published not in self.dated_by_published:
            body = self.document().body
            evs = events.extract_events(body, sentences(body), self.refs, published, to_rows(self.mentions))
            day_of_sentence = {e["quote_start"]: e["date"] for e in evs if e["date_precision"] == "day"}
            default = published.isoformat() if published else None
            when = [day_of_sentence.get(s) or default for s in self.figures["quote_start"]]
            self.dated_by_published[published] = (to_columns(evs, EVENT_FIELDS), when)
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
        mentions=to_columns(mentions, MENTION_FIELDS),
        refs=dates.find_date_refs(doc.body, sents),
        figures=to_columns(figures.extract_figures(doc.body, sents, mentions), FIGURE_FIELDS),
        movements=to_columns(movements.extract_movements(doc.body, sents, mentions), MOVEMENT_FIELDS),
    )
