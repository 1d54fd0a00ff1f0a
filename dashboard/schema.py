"""The tidy tables, declared once as data.

Every stage ends with `enforce(df, TABLE)`; the app and the exports import column names
from here. The contract the acceptance scorer reads (shared/acceptance/README.md) is a
subset of these columns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# pandas dtypes by our short names; nullable so that "unknown" stays empty, not 0 or "nan".
DTYPES = {"str": "string", "int": "Int64", "float": "Float64"}


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # a key of DTYPES
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    primary_key: tuple[str, ...]
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def empty(self) -> pd.DataFrame:
        return enforce(pd.DataFrame(columns=self.column_names), self)


def _cols(*specs: tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*s) for s in specs)


# Offsets shared by every row that points at words: character positions in the file's
# text as read (decoded, before any cleaning), end exclusive.
_SPAN = (
    ("start", "int", "offset of the first character of the matched words"),
    ("end", "int", "offset just past the last character of the matched words"),
)
_QUOTE = (
    ("quote", "str", "the sentence the row came from, white space folded"),
    ("quote_start", "int", "offset of the sentence's first character"),
    ("quote_end", "int", "offset just past the sentence's last character"),
)

ARTICLES = Table(
    "articles",
    "One row per distinct report (identical texts are one article).",
    ("article_id",),
    _cols(
        ("article_id", "str", "stable id: a hash of the report's folded text"),
        ("source_file", "str", "file name inside the seeds folder"),
        ("duplicate_files", "str", "other files with the same text, ';'-separated"),
        ("title", "str", "the report's headline"),
        ("outlet", "str", "publisher, where the page or sources.csv names it"),
        ("url", "str", "address, where sources.csv gives it"),
        ("published", "str", "publication date YYYY-MM-DD, empty when unknown"),
        ("published_basis", "str", "byline, metadata, dateline, url, story, inferred or unknown"),
        ("published_text", "str", "the words or the reasoning the date came from"),
        (
            "published_from",
            "str",
            "the reports an inferred date leans on (article ids of its episode, ';'-separated)",
        ),
        ("content_hash", "str", "sha256 of the file's bytes, for incremental builds"),
        ("chars", "int", "length of the text as read"),
        ("encoding", "str", "how the bytes were decoded"),
    ),
)

PLACES = Table(
    "places",
    "Every place the reports name, located through the gazetteer (or the cached online geocoder).",
    ("place_id",),
    _cols(
        ("place_id", "str", "stable id from the gazetteer"),
        ("name", "str", "canonical English name"),
        ("lat", "float", "latitude, WGS84"),
        ("lon", "float", "longitude, WGS84"),
        ("kind", "str", "city, town, village, district, region, country, crossing, camp …"),
        ("country_code", "str", "ISO 3166-1 alpha-2"),
        ("parent", "str", "the place_id this place lies in (district → city), if known"),
        (
            "precision",
            "str",
            "how finely the point locates the place: point, town, region, country; parent (a site at the place it stands in), unlocated (no coordinates)",
        ),
        ("source", "str", "where the row comes from (geonames:<id>, a cited source, nominatim)"),
        ("n_articles", "int", "how many reports name it"),
        ("n_mentions", "int", "how many times the reports name it"),
        ("n_figures", "int", "figures located there (place, origin or destination)"),
    ),
)

MENTIONS = Table(
    "mentions",
    "Each place name as written in a report.",
    ("article_id", "start"),
    _cols(
        ("article_id", "str", "the report"),
        ("place_id", "str", "the place named"),
        ("surface", "str", "the words as written"),
        *_SPAN,
    ),
)

FIGURES = Table(
    "figures",
    "Each number a report states, with what it counts and the words it came from.",
    ("figure_id",),
    _cols(
        ("figure_id", "str", "article id and a running number"),
        ("article_id", "str", "the report"),
        ("value", "float", "the number; empty for a vague amount"),
        ("low", "float", "lower bound (equals value when exact)"),
        ("high", "float", "upper bound (equals value when exact)"),
        ("unit", "str", "sq km, km, % … empty for a count"),
        ("subject", "str", "what is counted: civilians, fighters, people, buses …"),
        ("qualifier", "str", "at least, more than, about, up to, tens of, thousands of … or empty"),
        ("outcome", "str", "what happened to them: killed, evacuated, left, want to leave, trapped …"),
        (
            "status",
            "str",
            "occurred, planned, expected, possible, demanded, denied or prevented: what the verb group says",
        ),
        ("measure", "str", "stock (at a moment), flow (in an interval), total (so far), capacity or other"),
        ("kind", "str", "count, or enumeration (a number that counts things the sentence then names)"),
        ("claimant", "str", "who says so, where the sentence names it"),
        ("claimant_kind", "str", "un, icrc, ngo, government, opposition, state_media, media or other"),
        ("place_id", "str", "where, where the sentence names it"),
        ("origin_id", "str", "where a movement starts"),
        ("destination_id", "str", "where a movement goes"),
        (
            "places_listed",
            "str",
            "the places a figure counts together, space-separated ('270,000 in Daraa and Quneitra'); its place_id is then empty, as it is of no one of them",
        ),
        (
            "batch",
            "str",
            "which of several groups the figure counts, where its words say ('the first group of 100', 'another batch of 360', 'the last 250'): first, second … last, or another; empty for a count of all",
        ),
        ("as_of", "str", "when the figure holds: YYYY-MM-DD, or YYYY-MM for a month; empty when unknown"),
        ("as_of_end", "str", "last day the figure holds for (a span: since Thursday, the past 24 hours)"),
        ("as_of_precision", "str", "day, week, month, span or year"),
        (
            "as_of_basis",
            "str",
            "sentence (its own time words), said (its sentence dates only the saying: 'a spokesman said on Sunday'), report_date (the report's date), episode (an undated report: the days its episode's reports allow) or unknown",
        ),
        ("date", "str", "the first day of as_of (YYYY-MM-DD), for filtering by day"),
        ("text", "str", "the matched words of the figure"),
        *_SPAN,
        *_QUOTE,
        ("claim_id", "str", "the claim this figure supports"),
    ),
)

EVENTS = Table(
    "events",
    "Dated statements: a date expression resolved against the report's publication date.",
    ("event_id",),
    _cols(
        ("event_id", "str", "article id and a running number"),
        ("article_id", "str", "the report"),
        ("date", "str", "YYYY-MM-DD, YYYY-MM for a month, YYYY for a year"),
        ("date_end", "str", "last day of the span for week, month, span or year precision (YYYY-MM-DD)"),
        ("date_precision", "str", "day, week, month, span (a period of days) or year"),
        ("date_text", "str", "the date words as written (empty where the date is the report's)"),
        (
            "date_basis",
            "str",
            "sentence (its own date words), report_date (a lead statement with no date words whose tense says it is the day's news) or episode (an undated report's own date words, naming the same day whichever of its episode's days it is of)",
        ),
        ("what", "str", "the gist of the sentence"),
        ("place_id", "str", "the first place the sentence names, if any"),
        *_SPAN,
        *_QUOTE,
    ),
)

MOVEMENTS = Table(
    "movements",
    "Movements a report states, with or without a number: where people leave and where they go.",
    ("movement_id",),
    _cols(
        ("movement_id", "str", "article id and a running number"),
        ("article_id", "str", "the report"),
        ("origin_id", "str", "the place left, where the sentence says"),
        ("destination_id", "str", "the place reached, where the sentence says"),
        ("outcome", "str", "the movement: evacuated, left, want to leave, moved …"),
        ("text", "str", "the words from the verb to the places"),
        *_SPAN,
        *_QUOTE,
    ),
)

CLAIMS = Table(
    "claims",
    "Figures from different reports that speak of the same thing, grouped.",
    ("claim_id",),
    _cols(
        ("claim_id", "str", "stable id"),
        ("subject", "str", "what is counted"),
        ("outcome", "str", "what happened to them"),
        ("unit", "str", "unit of the figures"),
        ("place_id", "str", "where, if the figures say"),
        ("label", "str", "one line for the numbers panel, e.g. 'at least 82 civilians killed'"),
        ("value_min", "float", "smallest figure"),
        ("value_max", "float", "largest figure"),
        ("qualifier", "str", "the qualifier of the figures that state one, when they share it; else empty"),
        ("n_figures", "int", "figures grouped"),
        ("n_sources", "int", "distinct reports"),
        ("status", "str", "agree (one number fits every report), conflict or single (one report)"),
        ("figure_status", "str", "what the figures say happened: occurred, planned, expected, demanded …"),
        ("measure", "str", "stock, flow, total, capacity or other"),
        ("kind", "str", "count, or enumeration (a number that counts things the reports then name)"),
        ("date_min", "str", "first day the figures hold for"),
        ("date_max", "str", "last day the figures hold for"),
        (
            "why",
            "str",
            "the grouping and the verdict in words: same day, same place; values 14,000 vs 15,000",
        ),
        ("claimants", "str", "who says so, ';'-separated"),
        (
            "claimant_kinds",
            "str",
            "un, icrc, ngo, government, opposition, state_media, media, other; ';'-separated",
        ),
        ("weight", "float", "how much the claim matters among the key numbers (vocab/key_numbers.csv)"),
        ("series_id", "str", "stocks and totals of one quantity at one place over time share it"),
    ),
)

WARNINGS = Table(
    "warnings",
    "Problems met while reading the reports: each names the file and the problem.",
    ("source_file", "problem"),
    _cols(
        ("source_file", "str", "the file"),
        (
            "problem",
            "str",
            "short code: empty, binary, not-utf8, too-large, over-budget, stage-failed, no-date, no-figures …",
        ),
        ("message", "str", "what an analyst should know"),
        ("detail", "str", "for a stage that failed unexpectedly: the traceback, for whoever fixes it"),
    ),
)

GEOCODE_CACHE = Table(
    "geocode_cache",
    "Answers of the opt-in online geocoder, kept so later builds are reproducible offline.",
    ("query",),
    _cols(
        ("query", "str", "the name asked for"),
        ("name", "str", "the answer's display name, empty if none"),
        ("lat", "float", "latitude"),
        ("lon", "float", "longitude"),
        ("kind", "str", "the answer's type"),
        ("country_code", "str", "ISO 3166-1 alpha-2"),
        ("source", "str", "which service answered"),
    ),
)

TABLES = {
    t.name: t
    for t in (ARTICLES, PLACES, MENTIONS, FIGURES, EVENTS, MOVEMENTS, CLAIMS, WARNINGS, GEOCODE_CACHE)
}

# ---------------------------------------------------------------- what values a column may hold

STATUSES = ("occurred", "planned", "expected", "possible", "demanded", "denied", "prevented")
MEASURES = ("stock", "flow", "total", "capacity", "other")
CLAIMANT_KINDS = ("un", "icrc", "ngo", "government", "opposition", "state_media", "media", "other")
AS_OF_PRECISIONS = ("day", "week", "month", "span", "year")
# How a report's date was had: its own stamp or byline, its metadata, a dateline completed by the
# URL, the URL, inference from its episode's reports, or not at all.
PUBLISHED_BASES = ("byline", "metadata", "dateline", "url", "story", "inferred", "unknown")

# (table, column) -> the values it may hold (or empty); checked by enforce().
ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("articles", "published_basis"): PUBLISHED_BASES,
    ("figures", "status"): STATUSES,
    ("figures", "measure"): MEASURES,
    ("figures", "kind"): ("count", "enumeration"),
    ("figures", "claimant_kind"): CLAIMANT_KINDS,
    ("figures", "as_of_precision"): AS_OF_PRECISIONS,
    ("events", "date_precision"): AS_OF_PRECISIONS,
    ("events", "date_basis"): ("sentence", "report_date", "episode"),
    ("figures", "as_of_basis"): ("sentence", "said", "report_date", "episode", "unknown"),
    ("claims", "status"): ("agree", "conflict", "single"),
    ("claims", "figure_status"): STATUSES,
    ("claims", "measure"): MEASURES,
    ("claims", "kind"): ("count", "enumeration"),
}
# (table, column) -> (lowest, highest) a number may be; checked by enforce().
RANGES: dict[tuple[str, str], tuple[float, float]] = {
    ("places", "lat"): (-90.0, 90.0),
    ("places", "lon"): (-180.0, 180.0),
    ("figures", "low"): (0.0, float("inf")),
    ("figures", "high"): (0.0, float("inf")),
    ("claims", "weight"): (0.0, float("inf")),
}
# (table, column) -> the unit of its numbers, where it has one.
UNITS: dict[tuple[str, str], str] = {
    ("places", "lat"): "degrees north, WGS84",
    ("places", "lon"): "degrees east, WGS84",
    ("articles", "chars"): "characters",
    ("figures", "value"): "the figure's `unit` (a count where empty)",
    ("claims", "value_min"): "the claim's `unit` (a count where empty)",
    ("claims", "value_max"): "the claim's `unit` (a count where empty)",
}


class SchemaError(ValueError):
    pass


def enforce(df: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Columns in declared order and types, primary key unique, rows sorted by it.

    Extra columns are an error: a stage that adds one must declare it here first.
    """
    names = table.column_names
    missing = [c for c in names if c not in df.columns]
    extra = [c for c in df.columns if c not in names]
    if missing or extra:
        raise SchemaError(f"{table.name}: missing columns {missing}, undeclared columns {extra}")
    out = df[names].copy()
    for col in table.columns:
        series = out[col.name]
        cast = _cast(series, col.dtype)
        if cast is not series:
            out[col.name] = cast
    _check_values(out, table)
    key = list(table.primary_key)
    if _ascending(out, key):  # already sorted, no key twice: the usual case, made cheap
        return out.reset_index(drop=True)
    if out.duplicated(key).any():
        dupes = out[out.duplicated(key, keep=False)]
        raise SchemaError(f"{table.name}: duplicate primary key {table.primary_key}:\n{dupes.head()}")
    return out.sort_values(key, kind="stable").reset_index(drop=True)


_PANDAS_DTYPES = {name: pd.api.types.pandas_dtype(d) for name, d in DTYPES.items()}


def _cast(series: pd.Series, dtype: str) -> pd.Series:
    """The series as `dtype`; itself when it is already (casting 100,000s of values is not free)."""
    if dtype == "str":
        s = series if series.dtype == _PANDAS_DTYPES["str"] else series.astype("string")
        empty = s == ""
        return s.mask(empty) if empty.any() else s
    if series.dtype == _PANDAS_DTYPES[dtype]:
        return series
    if dtype == "int":
        return pd.to_numeric(series, errors="raise").round().astype("Int64")
    return pd.to_numeric(series, errors="raise").astype("Float64")


def _ascending(df: pd.DataFrame, key: list[str]) -> bool:
    """Whether each row's key is strictly greater than the previous row's (no NA in it)."""
    if df[key].isna().any(axis=None):
        return False
    if len(df) < 2:
        return True
    decided = np.zeros(len(df) - 1, dtype=bool)  # pairs already ordered by an earlier key column
    tied = np.ones(len(df) - 1, dtype=bool)
    for name in key:
        values = df[name].to_numpy(dtype=object)
        before, after = values[:-1], values[1:]
        decided |= tied & (before < after)
        tied &= before == after
    return bool(decided.all())


def _check_values(df: pd.DataFrame, table: Table) -> None:
    """Enumerated columns hold their values only; bounded numbers stay in range and finite."""
    for (name, column), allowed in ENUMS.items():
        if name == table.name and column in df:
            values = df[column].dropna()
            bad = values[~values.isin(allowed)]
            if not bad.empty:
                raise SchemaError(f"{name}.{column}: {sorted(set(bad))[:5]} not among {allowed}")
    for (name, column), (low, high) in RANGES.items():
        if name == table.name and column in df:
            values = df[column].dropna().astype(float)
            bad = values[(values < low) | (values > high) | ~np.isfinite(values)]
            if not bad.empty:
                raise SchemaError(f"{name}.{column}: {bad.head().tolist()} outside {low}..{high}")
