import csv
import io
import json

import pandas as pd
import pytest

from dashboard import schema
from dashboard.view import exports
from tests.app_fixtures import make_tables


@pytest.fixture(scope="module")
def tables():
    return make_tables()


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


def test_csv_round_trips_through_the_schema(tables):
    data = exports.to_csv(tables["figures"])
    back = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False).replace("", None)
    assert schema.enforce(back, schema.FIGURES).equals(tables["figures"])
    assert b"15000," in data and b"15000.0" not in data


@pytest.mark.parametrize(
    "table, column, tag",
    [
        ("places", "lat", "#geo+lat"),
        ("places", "lon", "#geo+lon"),
        ("places", "name", "#loc+name"),
        ("events", "date", "#date"),
        ("figures", "article_id", "#meta+source+code"),
        ("figures", "value", "#affected+num"),
        ("claims", "status", "#status"),
        ("articles", "outlet", "#meta+source+name"),
        # what a figure says of itself, and who says so
        ("figures", "status", "#status+figure"),
        ("figures", "measure", "#indicator+measure"),
        ("figures", "claimant_kind", "#org+type+claimant"),
        ("figures", "as_of", "#date+valid"),
        ("claims", "claimant_kinds", "#org+type+claimant"),
        ("claims", "series_id", "#meta+series"),
    ],
)
def test_hxl_row_tags_each_column(tables, table, column, tag):
    header, hashtags, *_ = rows(exports.to_hxl_csv(tables[table], table))
    assert hashtags[header.index(column)] == tag
    assert all(t.startswith("#") for t in hashtags)


def test_hxl_figures_get_a_column_per_outcome(tables):
    header, hashtags, *data = rows(exports.to_hxl_csv(tables["figures"], "figures"))
    assert "#affected+killed" in hashtags
    assert "#affected+want_to_leave" in hashtags
    killed = header.index("value_killed")
    assert [r[killed] for r in data if r[killed]] == ["82"]
    assert len(data) == len(tables["figures"])


def test_hxl_attribute():
    assert exports.hxl_attribute("Want to leave!") == "want_to_leave"
    assert exports.hxl_tag("figures", "new_column") == "#meta+new_column"


def test_places_geojson(tables):
    places = tables["places"].copy()
    places.loc[0, "lat"] = None  # unlocated: left out
    collection = json.loads(exports.places_geojson(places))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == len(places) - 1
    foua = next(f for f in collection["features"] if f["id"] == "gn:foua")
    assert foua["geometry"] == {"type": "Point", "coordinates": [36.7036, 35.9917]}
    assert foua["properties"]["name"] == "Foua" and foua["properties"]["parent"] is None
    assert isinstance(foua["properties"]["n_mentions"], int)


def test_empty_tables_export(tables):
    assert rows(exports.to_hxl_csv(schema.FIGURES.empty(), "figures"))[0] == schema.FIGURES.column_names
    assert json.loads(exports.places_geojson(schema.PLACES.empty()))["features"] == []


# ---------------------------------------------------------------- formula injection

FORMULAS = [
    '=HYPERLINK("http://127.0.0.1:9/x","Open")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
]
HARMLESS = ["Buses enter Aleppo", "1 = 1", "e-mail", "a@b.org", "'quoted", ""]


def _hostile_articles(tables) -> pd.DataFrame:
    arts = pd.concat([tables["articles"].iloc[:1]] * (len(FORMULAS) + len(HARMLESS)), ignore_index=True)
    arts["title"] = pd.array(FORMULAS + HARMLESS, dtype="string")
    arts["outlet"] = arts["title"]
    return arts


@pytest.mark.parametrize("export", ["csv", "hxl"])
def test_spreadsheet_downloads_neutralise_formulas(tables, export):
    arts = _hostile_articles(tables)
    data = exports.to_csv(arts) if export == "csv" else exports.to_hxl_csv(arts, "articles")
    got = rows(data)[1 if export == "csv" else 2 :]
    col = rows(data)[0].index("title")
    titles = [r[col] for r in got]
    assert titles == ["'" + f for f in FORMULAS] + HARMLESS
    assert all(r[rows(data)[0].index("outlet")] == r[col] for r in got)


def test_a_carriage_return_first_is_neutralised_too(tables):
    arts = tables["articles"].iloc[:1].copy()
    arts["title"] = pd.array(["\r=1+1"], dtype="string")
    assert exports.spreadsheet_safe(arts)["title"].iloc[0] == "'\r=1+1"


def test_numbers_stay_numbers(tables):
    figs = tables["figures"].copy()
    figs["value"] = pd.array([-5] * len(figs), dtype="Float64")
    assert exports.spreadsheet_safe(figs) is figs  # nothing to quote: no copy
    assert all(
        r[rows(exports.to_csv(figs))[0].index("value")] == "-5" for r in rows(exports.to_csv(figs))[1:]
    )


def test_the_tables_on_disk_stay_exact(tables, tmp_path):
    """data/*.csv is the offset contract: its cells are the words as written."""
    from dashboard import tables as store

    arts = _hostile_articles(tables)
    text = store.to_csv(arts)
    titles = [r[0] for r in csv.reader(io.StringIO(text))][1:]
    assert titles[0] == arts["article_id"].iloc[0]
    col = next(csv.reader(io.StringIO(text))).index("title")
    assert [r[col] for r in list(csv.reader(io.StringIO(text)))[1:]] == FORMULAS + HARMLESS


def test_every_table_can_be_downloaded():
    from dashboard.ui.sidebar import DOWNLOAD_TABLES

    assert set(DOWNLOAD_TABLES) == set(schema.TABLES) - {"geocode_cache"}
    for table in DOWNLOAD_TABLES:
        for column in schema.TABLES[table].column_names:
            assert exports.hxl_tag(table, column).startswith("#")
    assert exports.hxl_tag("movements", "origin_id") == "#loc+code+origin"
