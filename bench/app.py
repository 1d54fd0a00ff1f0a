"""Dashboard benchmark: server-side time of a cold run and of reruns, and peak memory.

    python bench/app.py [--corpus bench/out] [--runs 7]

Runs the app with Streamlit's AppTest (the real script runner, in this process) on the
seeds' tables (data/) and on the 10,000-report corpus that `bench/extract.py` leaves in
bench/out/data. Without it, a corpus of the same size is made by recombining the seed
tables with shifted ids and dates (`--synthetic`). Times are measured inside the script run
(server side, no browser): the median of several reruns.
Targets (issue 3): rerun <= 150 ms on the seeds, <= 500 ms on 10,000 reports; cold <= 2 s;
peak memory <= 600 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from dashboard import schema  # noqa: E402
from dashboard import tables as store  # noqa: E402
from dashboard.ui import loaders  # noqa: E402

APP = ROOT / "dashboard" / "app.py"
TIMER_KEY = "_bench_seconds"


def _script() -> None:
    """The app, timed from inside the script run (AppTest's own polling left out). AppTest
    runs this function's source alone, so it imports what it uses."""
    import runpy
    import sys
    import time

    import streamlit as st

    sys.argv = ["dashboard/app.py"]
    start, cpu = time.perf_counter(), time.thread_time()
    try:
        runpy.run_path(st.session_state["_bench_app"], run_name="__main__")
    finally:
        st.session_state["_bench_seconds"] = (time.perf_counter() - start, time.thread_time() - cpu)


def synthetic_tables(seed_data: Path, reports: int) -> dict[str, pd.DataFrame]:
    """The seed tables recombined: each copy gets new ids and its dates shifted by whole days
    (made whole-column at once: 300,000 reports in a minute or two)."""
    base = store.read_tables(seed_data)
    copies = max(1, reports // max(1, len(base["articles"])))
    tables = dict(base)
    for name in ("articles", "mentions", "figures", "events", "claims", "movements"):
        df = base[name]
        n = np.repeat(np.arange(copies), len(df))
        big = df.iloc[np.tile(np.arange(len(df)), copies)].reset_index(drop=True)
        suffix = pd.Series(n, dtype="int64").astype(str).radd("-").astype("string")
        for col in ("article_id", "figure_id", "event_id", "claim_id", "movement_id"):
            if col in big:
                big[col] = big[col] + suffix
        shift = pd.to_timedelta((n % 60) - 30, unit="D")
        for col in ("published", "date", "date_end", "date_min", "date_max"):
            if col in big:
                big[col] = _shift(big[col], shift)
        tables[name] = big
    return {name: schema.enforce(df, schema.TABLES[name]) for name, df in tables.items()}


def _shift(values: pd.Series, by) -> pd.Series:
    days = values.astype("string")
    full = (days.str.len() == 10).fillna(False).to_numpy(bool)
    moved = (pd.to_datetime(days.where(full), errors="coerce") + by).dt.strftime("%Y-%m-%d")
    return days.where(~full, moved.astype("string"))


def write_tables(tables: dict[str, pd.DataFrame], folder: Path) -> None:
    """CSV and Parquet, as the build writes them (the Parquet after the CSV: current, so past
    view/sql.py's SQL_FROM_REPORTS the app queries it with DuckDB)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        df = df.sort_values(list(schema.TABLES[name].primary_key), kind="stable", ignore_index=True)
        df.to_csv(folder / f"{name}.csv", index=False)
        store.to_parquet(df, schema.TABLES[name], store.parquet_path(folder, name))


def measure(data: Path, seeds: Path, runs: int) -> dict[str, float]:
    os.environ[loaders.DATA_ENV] = str(data)
    os.environ[loaders.SEEDS_ENV] = str(seeds)
    at = AppTest.from_function(_script, default_timeout=300)
    at.session_state["_bench_app"] = str(APP)
    at.run()
    if at.exception:
        raise RuntimeError(f"the app failed on {data}: {at.exception[0].message}")
    cold = at.session_state[TIMER_KEY][0]
    reruns = []
    for _ in range(runs):
        at.run()
        reruns.append(at.session_state[TIMER_KEY])
    places = at.multiselect(key="f_places")
    top = store.read_table(data, schema.PLACES).sort_values("n_mentions", ascending=False)["place_id"].iloc[0]
    filtered = []
    for i in range(runs):  # alternate a place filter on and off: every run filters afresh
        places.set_value([top] if i % 2 == 0 else [])
        at.run()
        filtered.append(at.session_state[TIMER_KEY])
        places = at.multiselect(key="f_places")
    return {
        "cold": cold,
        "rerun": statistics.median(r[0] for r in reruns),
        "filter": statistics.median(r[0] for r in filtered),
        "rerun_cpu": statistics.median(r[1] for r in reruns),
        "filter_cpu": statistics.median(r[1] for r in filtered),
        "reports": _n_reports(data),
    }


def _n_reports(data: Path) -> int:
    if store.parquet_path(data, "articles").exists():
        return pq.ParquetFile(store.parquet_path(data, "articles")).metadata.num_rows
    return len(pd.read_csv(data / "articles.csv", usecols=["article_id"]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "bench" / "out", help="bench/extract.py's --out")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--reports", type=int, default=10_000, help="size of the synthetic corpus, if made")
    ap.add_argument(
        "--synthetic", action="store_true", help="recombine the seed tables even if a corpus exists"
    )
    ap.add_argument("--write-synthetic", type=Path, help="make the synthetic tables in this folder and stop")
    ap.add_argument(
        "--tables", type=Path, help="measure only this tables folder (the seeds' reports as text)"
    )
    args = ap.parse_args()
    if args.write_synthetic:
        write_tables(synthetic_tables(ROOT / "data", args.reports), args.write_synthetic)
        return
    if args.tables:  # one folder, alone in this process: its peak memory is the app's on it
        r = measure(args.tables, ROOT / "seeds", args.runs)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(_line(str(args.tables), r, args.runs))
        print(f"peak memory: {peak:.0f} MB (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        return

    rows = [("seeds", measure(ROOT / "data", ROOT / "seeds", args.runs))]
    big, seeds = args.corpus / "data", args.corpus / "corpus"
    with tempfile.TemporaryDirectory() as tmp:
        if args.synthetic or not (big / "articles.csv").exists():
            big, seeds = Path(tmp) / "data", ROOT / "seeds"
            # Made in a child process, so its memory does not count as the app's.
            make = [sys.executable, __file__, "--write-synthetic", str(big), "--reports", str(args.reports)]
            subprocess.run(make, check=True)
            label = "synthetic (seed tables recombined)"
        else:
            label = "bench/extract.py corpus"
        rows.append((label, measure(big, seeds, args.runs)))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for name, r in rows:
        print(_line(name, r, args.runs))
    print(f"peak memory: {peak:.0f} MB (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    seeds_r, big_r = rows[0][1], rows[1][1]
    met = (
        max(seeds_r["rerun"], seeds_r["filter"]) <= 0.150
        and max(big_r["rerun"], big_r["filter"]) <= 0.500
        and max(seeds_r["cold"], big_r["cold"]) <= 2.0
        and peak <= 600
    )
    print(
        f"targets: rerun <= 150 ms (seeds), <= 500 ms (10k); cold <= 2 s; <= 600 MB -> {'met' if met else 'NOT met'}"
    )


def _line(name: str, r: dict, runs: int) -> str:
    return (
        f"{name}: {r['reports']:,} reports — cold run {r['cold'] * 1000:.0f} ms, rerun {r['rerun'] * 1000:.0f} ms, "
        f"filter rerun {r['filter'] * 1000:.0f} ms (median of {runs}; CPU of the script thread: "
        f"rerun {r['rerun_cpu'] * 1000:.0f} ms, filter {r['filter_cpu'] * 1000:.0f} ms)"
    )


if __name__ == "__main__":
    main()
