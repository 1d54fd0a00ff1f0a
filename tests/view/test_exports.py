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
