"""The build writes every table as Parquet beside its CSV: typed from the schema, byte-stable,
read back as the same frames; a Parquet file older than its CSV is never read."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from dashboard import schema
from dashboard import tables as store
from dashboard.extract import pipeline

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("data")
    pipeline.build(ROOT / "seeds", out, progress=False)
    return out


def _csv_only(folder: Path, name: str) -> pd.DataFrame:
    pq_path = store.parquet_path(folder, name)
    os.utime(pq_path, ns=(0, 0))  # older than the CSV: the CSV is read
    try:
        return store.read_table(folder, schema.TABLES[name])
    finally:
        os.utime(pq_path)


def test_every_table_has_a_parquet_file_typed_from_the_schema(built):
    for name, table in schema.TABLES.items():
        arrow = pq.read_schema(store.parquet_path(built, name))
        assert arrow.names == table.column_names, name
        assert arrow == store.arrow_schema(table), name
        assert not arrow.metadata, name  # no pandas metadata, no version strings beyond the format's


@pytest.mark.parametrize("name", list(schema.TABLES))
def test_parquet_reads_back_as_the_csv_does(built, name):
    table = schema.TABLES[name]
    from_parquet = store.read_parquet(store.parquet_path(built, name), table)
    pd.testing.assert_frame_equal(from_parquet, _csv_only(built, name))
    pd.testing.assert_frame_equal(store.read_table(built, table), from_parquet)  # Parquet preferred


def test_two_builds_write_the_same_parquet_bytes(built, tmp_path):
    pipeline.build(ROOT / "seeds", tmp_path, progress=False)
    pipeline.build(ROOT / "seeds", tmp_path, progress=False)  # the second from the cache
    for name in schema.TABLES:
        a = store.parquet_path(built, name).read_bytes()
        assert store.parquet_path(tmp_path, name).read_bytes() == a, name


# missing values of every type, odd text, large and negative numbers: they survive the round trip
ROUND_TRIPS = [
    ("empty table", schema.FIGURES, schema.FIGURES.empty()),
    (
        "missing values of every type",
        schema.GEOCODE_CACHE,
        schema.enforce(
            pd.DataFrame(
                {
                    "query": ["a", 'b,"c"\n', "ü ✓"],
                    "name": [None, "", "x"],
                    "lat": [None, -89.5, 1e-9],
                    "lon": [180.0, None, -0.0],
                    "kind": [None, None, None],
                    "country_code": ["SY", None, "SY"],
                    "source": ["nominatim", None, None],
                }
            ),
            schema.GEOCODE_CACHE,
        ),
    ),
]


@pytest.mark.parametrize(("case", "table", "df"), ROUND_TRIPS, ids=[c for c, _, _ in ROUND_TRIPS])
def test_round_trip(tmp_path, case, table, df):
    store.to_parquet(df, table, tmp_path / "t.parquet")
    pd.testing.assert_frame_equal(store.read_parquet(tmp_path / "t.parquet", table), df)


def test_row_groups_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "PARQUET_ROW_GROUP_ROWS", 2)
    df = store.read_table(ROOT / "data", schema.ARTICLES)
    store.to_parquet(df, schema.ARTICLES, tmp_path / "a.parquet")
    meta = pq.ParquetFile(tmp_path / "a.parquet").metadata
    assert meta.num_row_groups == -(-len(df) // 2)
    assert meta.row_group(0).column(0).statistics.has_min_max  # what lets a query skip a group


def test_a_stale_parquet_file_is_not_read(built, tmp_path):
    for path in built.glob("articles.*"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    csv = tmp_path / "articles.csv"
    csv.write_text(csv.read_text().splitlines()[0] + "\n")  # the CSV replaced, after the Parquet
    os.utime(store.parquet_path(tmp_path, "articles"), ns=(0, 0))
    assert store.read_table(tmp_path, schema.ARTICLES).empty


def test_a_parquet_file_of_another_table_is_refused(built, tmp_path):
    (tmp_path / "articles.parquet").write_bytes(store.parquet_path(built, "places").read_bytes())
    with pytest.raises(store.DataError):
        store.read_table(tmp_path, schema.ARTICLES)
