"""The tables queried where they lie: DuckDB over the build's Parquet files, for corpora too large
to hold in pandas. The same rules as `filters.narrow` (see its docstring), written as SQL: the view's
rows are kept in the database, and what leaves it is what a panel draws (the narrowed rows, the map's
counts per place, the timeline's days, the ranked claims, the headline counts). The pandas path
(filters.py) stays for small corpora and uploads; tests/view/test_sql.py holds the two to the same
panels over a table of views.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from dashboard import schema
from dashboard import tables as store
from dashboard.extract.claims import agreement_of
from dashboard.view.filters import Criteria
from dashboard.view.viewstate import UNATTRIBUTED, ViewState

SQL_FROM_REPORTS = 20_000  # from this many reports on, the app's filters run in DuckDB
NARROWED = ("articles", "figures", "events", "mentions", "movements")


def _sql_type(dtype: str) -> str:
    return {"str": "VARCHAR", "int": "BIGINT", "float": "DOUBLE"}[dtype]


class Store:
    """A DuckDB database whose views are a folder's Parquet tables (an absent one: empty)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.con = duckdb.connect(":memory:")
        for name, table in schema.TABLES.items():
            path = store.parquet_path(self.folder, name)
            if path.exists():
                where = str(path).replace("'", "''")
                self.con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{where}')")
            else:
                cols = ", ".join(f"NULL::{_sql_type(c.dtype)} AS {c.name}" for c in table.columns)
                self.con.execute(f"CREATE VIEW {name} AS SELECT {cols} WHERE false")

    def n_reports(self) -> int:
        rows = self.con.sql("SELECT count(*) FROM articles").fetchall()
        return int(rows[0][0]) if rows else 0

    def narrow(self, criteria: Criteria) -> Narrowed:
        return Narrowed(self.con.cursor(), criteria)

    def apply(self, state: ViewState) -> Narrowed:
        """The view's filters (as filters.apply)."""
        return self.narrow(
            Criteria(
                frozenset(state.places),
                state.date_from,
                state.date_to,
                frozenset(state.sources),
                frozenset(state.subjects),
                statuses=frozenset(state.statuses),
                claimant_kinds=frozenset(state.claimants),
            )
        )


def wanted(folder: str | Path) -> bool:
    """Whether the app should query `folder` with DuckDB: its Parquet tables are current and large."""
    folder = Path(folder)
    if not all(store.parquet_current(folder, name) for name in ("articles", "figures", "events")):
        return False
    meta = pq.ParquetFile(store.parquet_path(folder, "articles")).metadata
    return meta.num_rows >= SQL_FROM_REPORTS


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'  # `end` is a keyword


def _day(col: str) -> str:
    """An ISO date column as a day: a month ('2016-12') read as its first day."""
    return f"CASE WHEN length({col}) = 7 THEN {col} || '-01' ELSE {col} END"


def _within(start: str, end: str, c: Criteria) -> str:
    out = [f"{start} IS NOT NULL"]
    if c.first:
        out.append(f"{end} >= $first")
    if c.last:
        out.append(f"{start} <= $last")
    return " AND ".join(out)


def _in(col: str, ids: str) -> str:
    return f"{col} IN (SELECT id FROM {ids})"


def _names_place(alias: str) -> str:
    """The row's sentence contains one of the kept mentions."""
    return (
        f"({alias}.quote_start IS NOT NULL AND {alias}.quote_end IS NOT NULL AND EXISTS (SELECT 1 FROM m0"
        f" WHERE m0.article_id = {alias}.article_id AND m0.start >= {alias}.quote_start"
        f" AND m0.start < {alias}.quote_end))"
    )


_RESTATED = ("n_figures", "n_sources", "value_min", "value_max", "date_min", "date_max", "qualifier")


class Narrowed:
    """The rows a view keeps, as temporary tables k_<table> of one cursor; read what a panel needs."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, c: Criteria) -> None:
        self.cur, self.c = cur, c
        self.params: dict = {}
        if c.first:
            self.params["first"] = c.first.isoformat()
        if c.last:
            self.params["last"] = c.last.isoformat()
        if not c.anything:
            for name in (*NARROWED, "places", "claims"):
                self._run(f"CREATE OR REPLACE TEMP VIEW k_{name} AS SELECT * FROM {name}")
            return
        self._ids("p_sources", c.sources)
        self._ids("p_subjects", c.subjects)
        self._ids("p_statuses", c.statuses)
        self._ids("p_kinds", c.claimant_kinds)
        self._ids("p_claims", c.claims)
        self._ids("p_places", c.places)
        self._run(
            "CREATE OR REPLACE TEMP TABLE p_wanted AS WITH RECURSIVE w(id) AS (SELECT id FROM p_places"
            " UNION SELECT p.place_id FROM places p JOIN w ON p.parent = w.id) SELECT DISTINCT id FROM w"
        )
        self._matching()
        self._showing()
        self._kept()
        self._recount_places()
        self._recount_claims()

    def __enter__(self) -> Narrowed:
        return self

    def __exit__(self, *exc) -> None:
        self.cur.close()

    def _run(self, sql: str) -> None:
        used = {k: v for k, v in self.params.items() if f"${k}" in sql}
        self.cur.execute(sql, used)

    def _ids(self, name: str, values: Iterable[str]) -> None:
        self.cur.execute(
            f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT unnest($v::VARCHAR[]) AS id",
            {"v": sorted(values)},
        )

    def _table(self, name: str, where: list[str], alias: str = "") -> None:
        cond = " AND ".join(f"({w})" for w in where) or "true"
        self._run(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {alias} WHERE {cond}")

    def _matching(self) -> None:
        """The articles, figures, events and mentions that match each criterion (as _matching_rows)."""
        c = self.c
        src = [_in("article_id", "p_sources")] if c.sources else []
        figs, evs = list(src), list(src)
        if c.subjects:
            figs.append(_in("subject", "p_subjects"))
        if c.statuses:
            figs.append(_in("coalesce(status, 'occurred')", "p_statuses"))
        if c.claimant_kinds:
            figs.append(_in(f"coalesce(claimant_kind, '{UNATTRIBUTED}')", "p_kinds"))
        if c.claims:
            figs.append(_in("claim_id", "p_claims"))
        if c.dated:
            figs.append(_within(_day("date"), _day("date"), c))
            evs.append(_within(_day("date"), f"coalesce(date_end, {_day('date')})", c))
        self._table("a0", src, "articles")
        self._table("m0", src + ([_in("place_id", "p_wanted")] if c.places else []), "mentions")
        if c.places:
            at = " OR ".join(_in(col, "p_wanted") for col in ("place_id", "origin_id", "destination_id"))
            figs.append(f"{at} OR {_names_place('f')}")
            evs.append(f"{_in('place_id', 'p_wanted')} OR {_names_place('e')}")
        self._table("f0", figs, "figures f")
        self._table("e0", evs, "events e")

    def _showing(self) -> None:
        """The reports that still have something to show (as _reports_showing)."""
        c, keep = self.c, []
        in_f, in_e = _in("article_id", "f0_ids"), _in("article_id", "e0_ids")
        self._run("CREATE OR REPLACE TEMP TABLE f0_ids AS SELECT DISTINCT article_id AS id FROM f0")
        self._run("CREATE OR REPLACE TEMP TABLE e0_ids AS SELECT DISTINCT article_id AS id FROM e0")
        if c.counted or c.claims:
            keep.append(in_f)
        if c.places:
            self._run("CREATE OR REPLACE TEMP TABLE m0_ids AS SELECT DISTINCT article_id AS id FROM m0")
            keep.append(f"{_in('article_id', 'm0_ids')} OR {in_f} OR {in_e}")
        if c.dated:
            keep.append(f"{in_f} OR {in_e} OR ({_within(_day('published'), _day('published'), c)})")
        self._table("k_articles", keep, "a0")

    def _kept(self) -> None:
        """Rows of the kept reports; a claim's events in its sentences; the mentions in kept sentences."""
        c = self.c
        kept = _in("article_id", "(SELECT article_id AS id FROM k_articles)")
        self._table("k_figures", [kept], "f0")
        same = "EXISTS (SELECT 1 FROM k_figures f WHERE f.article_id = e.article_id AND f.quote_start IS NOT DISTINCT FROM e.quote_start)"
        self._table("k_events", [kept, *([same] if c.claims else [])], "e0 e")
        ments = [kept]
        if c.counted or c.claims or c.dated:
            self._run(
                "CREATE OR REPLACE TEMP TABLE k_sentences AS SELECT DISTINCT article_id, quote_start, quote_end"
                " FROM (SELECT article_id, quote_start, quote_end FROM k_figures UNION ALL"
                " SELECT article_id, quote_start, quote_end FROM k_events)"
                " WHERE article_id IS NOT NULL AND quote_start IS NOT NULL AND quote_end IS NOT NULL"
            )
            ments.append(
                "m.start IS NOT NULL AND EXISTS (SELECT 1 FROM k_sentences s WHERE s.article_id = m.article_id"
                " AND s.quote_start <= m.start AND m.start < s.quote_end)"
            )
        self._table("k_mentions", ments, "m0 m")
        moves = [kept]
        if c.places:
            moves.append(f"{_in('origin_id', 'p_wanted')} OR {_in('destination_id', 'p_wanted')}")
        if c.counted or c.claims or c.dated:  # a movement says no number and no day of its own
            moves.append(
                "EXISTS (SELECT 1 FROM k_sentences s WHERE s.article_id = movements.article_id"
                " AND s.quote_start = movements.quote_start)"
            )
        self._table("k_movements", moves, "movements")

    def _recount_places(self) -> None:
        """The places still spoken of, with their counts over the kept rows (as recount_places)."""
        self._run(
            "CREATE OR REPLACE TEMP TABLE k_by_figure AS SELECT id FROM (SELECT place_id AS id FROM k_figures"
            " UNION ALL SELECT origin_id FROM k_figures UNION ALL SELECT destination_id FROM k_figures)"
            " WHERE id IS NOT NULL"
        )
        counts = {
            "n_articles": "(SELECT place_id AS id, count(DISTINCT article_id) AS n FROM k_mentions GROUP BY 1)",
            "n_mentions": "(SELECT place_id AS id, count(*) AS n FROM k_mentions GROUP BY 1)",
            "n_figures": "(SELECT id, count(*) AS n FROM k_by_figure GROUP BY 1)",
        }
        cols = [
            f"coalesce({name}.n, 0)::BIGINT AS {name}" if name in counts else f"p.{name}"
            for name in schema.PLACES.column_names
        ]
        joins = " ".join(f"LEFT JOIN {q} {name} ON {name}.id = p.place_id" for name, q in counts.items())
        used = "SELECT place_id AS id FROM k_mentions UNION SELECT id FROM k_by_figure UNION SELECT id FROM p_places"
        self._run(
            f"CREATE OR REPLACE TEMP TABLE k_places AS SELECT {', '.join(cols)} FROM places p {joins}"
            f" WHERE p.place_id IN ({used})"
        )

    def _recount_claims(self) -> None:
        """Claims with figures left, restated where they lost some (as recount_claims); the verdict of a
        restated claim is the build's own rule (agreement_of), run on its few remaining figures."""
        self._run(
            "CREATE OR REPLACE TEMP TABLE k_now AS SELECT claim_id, count(*)::BIGINT AS n_figures,"
            " count(DISTINCT article_id)::BIGINT AS n_sources, min(low) AS value_min, max(high) AS value_max,"
            " min(date) AS date_min, max(date) AS date_max,"
            " CASE WHEN count(qualifier) = count(*) AND count(DISTINCT qualifier) = 1 THEN min(qualifier) END"
            " AS qualifier FROM k_figures WHERE claim_id IS NOT NULL GROUP BY claim_id"
        )
        self._run(
            "CREATE OR REPLACE TEMP TABLE k_changed AS SELECT n.claim_id AS id FROM k_now n JOIN"
            " (SELECT claim_id, count(*) AS n FROM figures WHERE claim_id IS NOT NULL GROUP BY 1) b"
            " USING (claim_id) WHERE n.n_figures <> b.n"
        )
        figs = self._frame(
            "SELECT claim_id, article_id, value, low, high, qualifier, text FROM k_figures"
            " WHERE claim_id IN (SELECT id FROM k_changed) ORDER BY figure_id"
        )
        verdicts = pd.DataFrame(
            [(cid, agreement_of(rows)) for cid, rows in figs.groupby("claim_id", sort=True)],
            columns=["claim_id", "status"],
        ).astype({"claim_id": "string", "status": "string"})
        self.cur.register("k_verdicts", verdicts)
        cols = []
        for name in schema.CLAIMS.column_names:
            if name in _RESTATED:
                cols.append(f"CASE WHEN ch.id IS NULL THEN c.{name} ELSE n.{name} END AS {name}")
            elif name == "status":
                cols.append("CASE WHEN ch.id IS NULL THEN c.status ELSE v.status END AS status")
            else:
                cols.append(f"c.{name}")
        self._run(
            f"CREATE OR REPLACE TEMP TABLE k_claims AS SELECT {', '.join(cols)} FROM claims c"
            " JOIN k_now n USING (claim_id) LEFT JOIN k_changed ch ON ch.id = c.claim_id"
            " LEFT JOIN k_verdicts v ON v.claim_id = c.claim_id"
        )

    # ------------------------------------------------------------ what leaves the database

    def _frame(self, sql: str) -> pd.DataFrame:
        used = {k: v for k, v in self.params.items() if f"${k}" in sql}
        arrow = self.cur.sql(sql, params=used or None).to_arrow_table()
        return arrow.to_pandas(types_mapper=store.PANDAS_TYPES.get)

    def table(self, name: str, columns: Iterable[str] | None = None) -> pd.DataFrame:
        """A narrowed table in key order, typed as the pandas path types it (`columns`: only those)."""
        t = schema.TABLES[name]
        cols = list(columns) if columns is not None else t.column_names
        df = self._frame(
            f"SELECT {', '.join(map(_quoted, cols))} FROM k_{name} ORDER BY {', '.join(t.primary_key)}"
        )
        return df.astype({c.name: schema.DTYPES[c.dtype] for c in t.columns if c.name in cols})

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table as filters.narrow gives it (the unnarrowed ones as they are)."""
        out = {name: self.table(name) for name in (*NARROWED, "places", "claims")}
        out.update({n: self.table_whole(n) for n in schema.TABLES if n not in out})
        return out

    def table_whole(self, name: str) -> pd.DataFrame:
        t = schema.TABLES[name]
        df = self._frame(f"SELECT * FROM {name} ORDER BY {', '.join(t.primary_key)}")
        return df.astype({c.name: schema.DTYPES[c.dtype] for c in t.columns})

    def counts(self) -> dict[str, int]:
        """The headline counts (as numbers.counts)."""
        rows = self.cur.sql(
            "SELECT (SELECT count(*) FROM k_articles), (SELECT count(*) FROM k_places WHERE kind IS DISTINCT"
            " FROM 'country'), (SELECT count(*) FROM k_figures), (SELECT count(*) FROM k_events),"
            " (SELECT count(*) FROM k_claims), (SELECT count(*) FROM k_claims WHERE status = 'conflict')"
        ).fetchall()
        row = rows[0] if rows else None
        names = ("reports", "places", "figures", "events", "claims", "conflicts")
        return dict(zip(names, (int(v) for v in row or (0,) * 6), strict=True))

    def map_counts(self) -> pd.DataFrame:
        """Per place still spoken of: reports, mentions and figures (what the map's markers weigh)."""
        return self.table("places", ["place_id", "n_articles", "n_mentions", "n_figures"])

    def timeline_days(self) -> pd.DataFrame:
        """Per day: the day-precision events and the reports that state them."""
        return self._frame(
            "SELECT date, count(*)::BIGINT AS n_events, count(DISTINCT article_id)::BIGINT AS n_reports"
            " FROM k_events WHERE date_precision = 'day' AND date IS NOT NULL GROUP BY date ORDER BY date"
        )

    def ranked_claims(self, opened: str | None = None, limit: int | None = None) -> pd.DataFrame:
        """The claims as numbers.rank_claims orders them, the first `limit` only."""
        self.params["opened"] = opened or ""
        sql = (
            "SELECT * FROM k_claims ORDER BY (claim_id = $opened) DESC, coalesce(weight, 0) DESC,"
            " n_sources DESC NULLS LAST, (status = 'conflict') IS TRUE DESC, n_figures DESC NULLS LAST,"
            " value_max DESC NULLS LAST, claim_id"
        ) + (f" LIMIT {int(limit)}" if limit is not None else "")
        df = self._frame(sql)
        return df.astype({c.name: schema.DTYPES[c.dtype] for c in schema.CLAIMS.columns})


def criteria(
    places: Iterable[str] = (),
    days: tuple[date | None, date | None] = (None, None),
    sources: Iterable[str] = (),
    subjects: Iterable[str] = (),
    claims: Iterable[str] = (),
    statuses: Iterable[str] = (),
    claimant_kinds: Iterable[str] = (),
) -> Criteria:
    """What filters.narrow takes as keywords, as Criteria."""
    return Criteria(
        frozenset(places), days[0], days[1], frozenset(sources), frozenset(subjects), frozenset(claims),
        frozenset(statuses), frozenset(claimant_kinds),
    )  # fmt: skip
