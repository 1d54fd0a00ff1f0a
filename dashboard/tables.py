"""The tables on disk (`data/`): written deterministically and atomically, read back typed.

One writer and one reader for every table the build makes and the app, the brief and the exports
read. No Streamlit here: the command line and the brief read tables without a web framework.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard import outdir, schema

CSV_CHUNK_ROWS = 20_000  # rows made into text at a time when writing a table
PYARROW_FROM_BYTES = 1 << 20  # table files larger than this are parsed by pyarrow
# Parquet row groups: the unit a query skips by its min/max statistics (DuckDB reads row groups
# in parallel and skips those whose article_id, date or place_id range cannot match).
PARQUET_ROW_GROUP_ROWS = 100_000
PARQUET_COMPRESSION = "zstd"
READ_ATTEMPTS = 5  # reads of a set that was replaced meanwhile before the last, unchecked one


class DataError(ValueError):
    """A table file exists but cannot be read as its table."""


# ---------------------------------------------------------------- writing


def write_tables(tables: dict[str, pd.DataFrame], out: Path) -> None:
    """The whole set of tables, written into a new folder beside `out` that then replaces it as
    one (see dashboard/outdir.py): a build killed at any moment, or a reader at any moment, finds
    the previous set or this one, never a mix. Each table is written twice: CSV (the small-corpus
    contract, committed) and Parquet (typed, for large corpora). Raises OSError (a full disk):
    `out` is as it was."""
    with outdir.new_set(out) as folder:
        for name, df in sorted(tables.items()):
            outdir.write_file(folder, f"{name}.csv", csv_chunks(df))
            to_parquet(df, schema.TABLES[name], parquet_path(folder, name))


def to_csv(df: pd.DataFrame) -> str:
    """Deterministic CSV: '\\n' line ends, floats without trailing zeros (15000, 2.5), empty
    where unknown, quotes only where needed: what pandas' to_csv writes, in half the time (cells are
    made a column at a time and joined, not written a value at a time)."""
    return "".join(csv_chunks(df))


def csv_chunks(df: pd.DataFrame) -> Iterator[str]:
    """`to_csv(df)` in pieces of CSV_CHUNK_ROWS rows, each ending in a line end: what the build
    writes, so a table's CSV is never held whole (as cells, lines and text it was three copies)."""
    if len(df.columns) < 2 or not all(d in _CELL_DTYPES for d in df.dtypes):
        yield _pandas_csv(df)  # what no table of ours holds: let pandas decide
        return
    yield ",".join(_quoted(str(c)) for c in df.columns) + "\n"
    for start in range(0, len(df), CSV_CHUNK_ROWS):  # in chunks: a cell is a Python string
        chunk = df.iloc[start : start + CSV_CHUNK_ROWS]
        lines = map(",".join, zip(*(_cells(chunk[c]) for c in chunk.columns), strict=True))
        yield "".join(line + "\n" for line in lines)


def _pandas_csv(df: pd.DataFrame) -> str:
    plain = df.astype({c: object for c in df.columns if isinstance(df[c].dtype, pd.StringDtype)})
    return plain.to_csv(index=False, lineterminator="\n", float_format="%.10g")


_CELL_DTYPES = {pd.api.types.pandas_dtype(d) for d in schema.DTYPES.values()}


def _quoted_by_csv(char: str) -> bool:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([f"a{char}b", ""])
    return out.getvalue().startswith('"')


# What makes a cell quoted: what makes pandas' writer (the csv module) quote it, and every line
# end, which the csv module of some Pythons leaves bare when the line terminator is '\n' (a bare
# '\r' splits the row for pandas' reader and the csv module's alike).
_NEEDS_QUOTES = re.compile("[" + "".join(c for c in ',"' if _quoted_by_csv(c)) + "\n\r]")


def _cells(column: pd.Series) -> list[str]:
    if column.dtype.kind == "f":
        return ["" if v is None else f"{v:.10g}" for v in column.to_numpy(dtype=object, na_value=None)]
    if column.dtype.kind in "iu":
        return ["" if v is None else str(v) for v in column.to_numpy(dtype=object, na_value=None)]
    text = column.fillna("")
    quote = text.str.contains(_NEEDS_QUOTES.pattern)
    if quote.any():
        text = text.mask(quote, '"' + text.str.replace('"', '""', regex=False) + '"')
    return text.tolist()


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if _NEEDS_QUOTES.search(text) else text


# ---------------------------------------------------------------- Parquet beside the CSV

_ARROW_TYPES = {"str": pa.string(), "int": pa.int64(), "float": pa.float64()}
PANDAS_TYPES = {
    pa.string(): pd.StringDtype(),
    pa.large_string(): pd.StringDtype(),
    pa.int64(): pd.Int64Dtype(),
    pa.float64(): pd.Float64Dtype(),
}


def arrow_schema(table: schema.Table) -> pa.Schema:
    """The table's columns as Arrow types (string, int64, float64, all nullable), no metadata."""
    return pa.schema([pa.field(c.name, _ARROW_TYPES[c.dtype]) for c in table.columns])


def parquet_path(folder: str | Path, name: str) -> Path:
    return Path(folder) / f"{name}.parquet"


def to_parquet(df: pd.DataFrame, table: schema.Table, where) -> None:
    """The table as Parquet, typed from the schema, in the rows' key order. Byte-stable: no
    pandas metadata, no timestamps; the same rows and the same pyarrow give the same bytes."""
    arrow = pa.Table.from_pandas(df, schema=arrow_schema(table), preserve_index=False)
    pq.write_table(
        arrow.replace_schema_metadata(None),
        where,
        row_group_size=PARQUET_ROW_GROUP_ROWS,
        compression=PARQUET_COMPRESSION,
        write_statistics=True,
    )


def read_parquet(path: Path, table: schema.Table) -> pd.DataFrame:
    """A Parquet table read back into the schema's pandas types (the CSV reader's types)."""
    arrow = pq.read_table(path)
    if arrow.schema.names != table.column_names:
        raise DataError(f"{path}: columns {arrow.schema.names} are not the {table.name} table's")
    return arrow.to_pandas(types_mapper=PANDAS_TYPES.get)


def parquet_current(folder: Path, name: str) -> bool:
    """Whether the table's Parquet file is there and not older than its CSV (a CSV replaced by
    hand or by a checkout makes the Parquet beside it stale: the CSV is then read)."""
    pq_path, csv_path = parquet_path(folder, name), Path(folder) / f"{name}.csv"
    if not pq_path.exists():
        return False
    return not csv_path.exists() or pq_path.stat().st_mtime_ns >= csv_path.stat().st_mtime_ns


# ---------------------------------------------------------------- reading


def read_tables(folder: str | Path) -> dict[str, pd.DataFrame]:
    """Every schema table from `<folder>/<name>.csv`; a missing file is an empty table. All from
    one set: were the set replaced while it was read (a build finishing), it is read again."""
    folder = Path(folder)
    for _ in range(READ_ATTEMPTS):
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            break  # no folder: empty tables
        try:
            tables = {name: read_table(folder, table) for name, table in schema.TABLES.items()}
            if os.fstat(fd).st_ino == os.stat(folder).st_ino:  # the folder we held is still the set
                return tables
        except (OSError, DataError):
            if os.fstat(fd).st_ino == os.stat(folder).st_ino:
                raise
        finally:
            os.close(fd)
    return {name: read_table(folder, table) for name, table in schema.TABLES.items()}


def read_table(folder: Path, table: schema.Table) -> pd.DataFrame:
    """One table. The build writes each file in the schema's column order and types, so it
    is read straight into those types (fast, and light on memory: 10,000 reports' tables
    in a fifth of a second); anything else goes through `schema.enforce` or is refused.
    Small files go through pandas' own parser: pyarrow's is faster only past ~1 MB, and its
    start-up (~30 ms) would fall on the first page a visitor waits for. Where the build also
    wrote the table as Parquet (and the CSV has not changed since), the Parquet file is read."""
    if parquet_current(Path(folder), table.name):
        return read_parquet(parquet_path(folder, table.name), table)
    path = Path(folder) / f"{table.name}.csv"
    if not path.exists():
        return table.empty()
    dtypes = {c.name: schema.DTYPES[c.dtype] for c in table.columns}
    try:
        with path.open(encoding="utf-8") as fh:
            header = fh.readline().rstrip("\r\n").split(",")
        if header == table.column_names:
            engine = "pyarrow" if path.stat().st_size > PYARROW_FROM_BYTES else "c"
            return pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""], engine=engine)
    except (ValueError, TypeError, UnicodeDecodeError, pd.errors.ParserError):
        pass  # not as the build writes it: the careful path says what is wrong
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        return schema.enforce(df.replace("", None), table)
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError) as err:
        raise DataError(f"{path}: cannot be read as the {table.name} table ({err})") from err


def stamp(folder: str | Path) -> tuple:
    """Modification stamps of the table files and of the set: part of a cache key, so a rebuild shows."""
    folder = Path(folder)
    out: list[tuple] = []
    with contextlib.suppress(OSError):
        out.append(("set", os.stat(folder).st_ino))
    for name in schema.TABLES:
        for path in (folder / f"{name}.csv", parquet_path(folder, name)):
            if path.exists():
                info = path.stat()
                out.append((path.name, info.st_mtime_ns, info.st_size))
    return tuple(out)
