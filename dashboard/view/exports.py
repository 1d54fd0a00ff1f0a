"""The filtered tables as files: CSV, CSV with an HXL hashtag row, places as GeoJSON.

HXL (Humanitarian Exchange Language, https://hxlstandard.org/standard/1-1final/) adds a
row of hashtags under the header so tools such as HDX read what each column holds. Figures
also get one column per outcome (`#affected+killed`, `#affected+evacuated` …) holding the
value of the rows with that outcome, so they pivot without a lookup.

The CSV downloads are opened in spreadsheets, which run a cell that begins with `=`, `+`, `-` or
`@` (or a tab or carriage return) as a formula: a report titled `=HYPERLINK("http://…","Open")`
would be one. Those text cells get a leading single quote (OWASP's advice for CSV injection), which
spreadsheets show as text. Numbers stay numbers. The tables in `data/` are not touched: they are
the offset contract, exact to the character.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pandas as pd

from dashboard import tables as store

_SPAN = {"start": "#meta+offset+start", "end": "#meta+offset+end"}
_QUOTE = {
    "quote": "#meta+quote",
    "quote_start": "#meta+offset+quote_start",
    "quote_end": "#meta+offset+quote_end",
}
_SOURCE = {"article_id": "#meta+source+code"}

HXL = {
    "articles": {
        **_SOURCE,
        "source_file": "#meta+source+file",
        "duplicate_files": "#meta+source+file+duplicate",
        "title": "#meta+source+title",
        "outlet": "#meta+source+name",
        "url": "#meta+source+url",
        "published": "#date+reported",
        "published_basis": "#meta+date+basis",
        "published_text": "#meta+date+text",
        "content_hash": "#meta+hash",
        "chars": "#meta+chars",
        "encoding": "#meta+encoding",
    },
    "places": {
        "place_id": "#loc+code",
        "name": "#loc+name",
        "lat": "#geo+lat",
        "lon": "#geo+lon",
        "kind": "#loc+type",
        "country_code": "#country+code+v_iso2",
        "parent": "#loc+code+parent",
        "precision": "#geo+precision",
        "source": "#meta+source",
        "n_articles": "#indicator+num+reports",
        "n_mentions": "#indicator+num+mentions",
        "n_figures": "#indicator+num+figures",
    },
    "mentions": {**_SOURCE, "place_id": "#loc+code", "surface": "#loc+name+as_written", **_SPAN},
    "figures": {
        "figure_id": "#meta+id",
        **_SOURCE,
        "value": "#affected+num",
        "low": "#affected+num+min",
        "high": "#affected+num+max",
        "unit": "#indicator+unit",
        "subject": "#affected+type",
        "qualifier": "#affected+qualifier",
        "outcome": "#affected+outcome",
        "status": "#status+figure",
        "measure": "#indicator+measure",
        "kind": "#meta+kind",
        "claimant": "#org+claimant",
        "claimant_kind": "#org+type+claimant",
        "place_id": "#loc+code",
        "origin_id": "#loc+code+origin",
        "destination_id": "#loc+code+destination",
        "places_listed": "#loc+code+list",
        "batch": "#meta+batch",
        "as_of": "#date+valid",
        "as_of_end": "#date+valid+end",
        "as_of_precision": "#date+valid+precision",
        "date": "#date",
        "text": "#meta+text",
        **_SPAN,
        **_QUOTE,
        "claim_id": "#meta+claim",
    },
    "events": {
        "event_id": "#meta+id",
        **_SOURCE,
        "date": "#date",
        "date_end": "#date+end",
        "date_precision": "#date+precision",
        "date_text": "#date+text",
        "what": "#event+description",
        "place_id": "#loc+code",
        **_SPAN,
        **_QUOTE,
    },
    "claims": {
        "claim_id": "#meta+claim",
        "subject": "#affected+type",
        "outcome": "#affected+outcome",
        "unit": "#indicator+unit",
        "place_id": "#loc+code",
        "label": "#description",
        "value_min": "#affected+num+min",
        "value_max": "#affected+num+max",
        "qualifier": "#affected+qualifier",
        "n_figures": "#indicator+num+figures",
        "n_sources": "#indicator+num+sources",
        "status": "#status",
        "figure_status": "#status+figure",
        "measure": "#indicator+measure",
        "kind": "#meta+kind",
        "date_min": "#date+start",
        "date_max": "#date+end",
        "why": "#description+why",
        "claimants": "#org+claimant",
        "claimant_kinds": "#org+type+claimant",
        "series_id": "#meta+series",
    },
    "movements": {
        "movement_id": "#meta+id",
        **_SOURCE,
        "origin_id": "#loc+code+origin",
        "destination_id": "#loc+code+destination",
        "outcome": "#affected+outcome",
        "text": "#meta+text",
        **_SPAN,
        **_QUOTE,
    },
    "warnings": {"source_file": "#meta+source+file", "problem": "#status+code", "message": "#description"},
}

_NOT_ATTRIBUTE = re.compile(r"[^a-z0-9_]+")
# What a spreadsheet reads as the start of a formula (OWASP, CSV injection).
FORMULA_START = r"[=+\-@\t\r]"
FORMULA_GUARD = "'"


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with each text cell that a spreadsheet would run as a formula quoted; the frame
    itself when there is none (no copy)."""
    out = df
    for column in df.columns:
        values = df[column]
        if values.dtype != object and not isinstance(values.dtype, pd.StringDtype):
            continue  # numbers and dates are never formulas
        text = values.astype("string")  # non-strings in an object column are never formulas
        risky = text.str.match(FORMULA_START).fillna(False).astype(bool)
        if values.dtype == object:
            risky &= values.map(type).eq(str)
        if not risky.any():
            continue
        if out is df:
            out = df.copy()
        out[column] = values.where(~risky, FORMULA_GUARD + text)
    return out


def to_csv(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV, '\\n' line ends, floats without trailing zeros (15000, 2.5), formula cells quoted."""
    return store.to_csv(spreadsheet_safe(df)).encode("utf-8")


def hxl_attribute(text: str) -> str:
    """'want to leave' -> 'want_to_leave' (HXL attributes are lowercase words)."""
    return _NOT_ATTRIBUTE.sub("_", str(text).lower()).strip("_")


def hxl_tag(table: str, column: str) -> str:
    return HXL.get(table, {}).get(column) or f"#meta+{hxl_attribute(column)}"


def with_outcome_columns(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures plus one `value_<outcome>` column per outcome present."""
    out = figures.copy()
    outcomes = sorted(set(figures["outcome"].dropna()))
    for outcome in outcomes:
        column = f"value_{hxl_attribute(outcome)}"
        if column in out:
            continue
        out[column] = figures["value"].where(figures["outcome"] == outcome)
    return out


def to_hxl_csv(df: pd.DataFrame, table: str) -> bytes:
    """CSV with the HXL hashtag row under the header."""
    if table == "figures" and "outcome" in df and "value" in df:
        df = with_outcome_columns(df)
    tags = []
    for column in df.columns:
        if table == "figures" and column.startswith("value_"):
            tags.append(f"#affected+{column.removeprefix('value_')}")
        else:
            tags.append(hxl_tag(table, column))
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(tags)
    body = store.to_csv(spreadsheet_safe(df))
    header, _, rows = body.partition("\n")
    return f"{header}\n{buf.getvalue()}{rows}".encode()


def places_geojson(places: pd.DataFrame) -> bytes:
    """Located places as a GeoJSON FeatureCollection of points (WGS84, lon/lat order)."""
    features = []
    located = places[places["lat"].notna() & places["lon"].notna()]
    for row in located.to_dict("records"):
        props = {k: _plain(v) for k, v in row.items() if k not in ("lat", "lon")}
        features.append(
            {
                "type": "Feature",
                "id": props.get("place_id"),
                "geometry": {"type": "Point", "coordinates": [float(row["lon"]), float(row["lat"])]},
                "properties": props,
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, indent=1).encode("utf-8")


def _plain(value):
    """JSON-ready: pandas NA to null, numpy numbers to Python numbers."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value
