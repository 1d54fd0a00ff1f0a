"""The per-report extraction on Dask: a local 2-worker cluster gives the serial build's tables,
byte for byte (CSV and Parquet), whatever the batching, with a cache or without."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from dashboard import cli, schema
from dashboard import tables as store
from dashboard.extract import cache, engines, pipeline
from tests.synthetic import bench_extract

ROOT = Path(__file__).resolve().parents[2]
SYNTHETIC = 60  # reports besides the seeds: enough for several batches and waves


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    bench = bench_extract()
    rng, paras = random.Random(5), bench.seed_paragraphs()
    for n in range(SYNTHETIC):
        (folder / f"s{n:03d}.txt").write_text(bench.synthetic_report(rng, paras, n), encoding="utf-8")
    for path in (ROOT / "seeds").iterdir():
        shutil.copy(path, folder / path.name)
    (folder / "empty.txt").write_bytes(b"")  # a problem, not a report: its warning in its place
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (folder / "notes.docx").write_bytes(b"PK")  # not a report name
    (folder / "copy.txt").write_bytes(
        (ROOT / "seeds" / sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))[0]).read_bytes()
    )
    return folder


@pytest.fixture(scope="module")
def serial(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("serial")
    pipeline.build(corpus, out, progress=False)
    return out


@pytest.fixture(scope="module")
def cluster():
    with engines.DaskEngine(workers=2) as engine:
        yield engine


def _same_tables(a: Path, b: Path) -> None:
    for name in schema.TABLES:
        for path in (a / f"{name}.csv", store.parquet_path(a, name)):
            assert (b / path.name).read_bytes() == path.read_bytes(), f"{path.name} differs"


# (case, reports per task, reports per wave): one batch; many small batches over several waves
BATCHINGS = [("one batch, one wave", 1000, 10_000), ("batches of 7, waves of 20", 7, 20)]


@pytest.mark.parametrize(("case", "batch", "wave"), BATCHINGS, ids=[c for c, _, _ in BATCHINGS])
def test_dask_gives_the_serial_tables(corpus, serial, cluster, tmp_path, monkeypatch, case, batch, wave):
    monkeypatch.setattr(engines, "DASK_BATCH", batch)
    monkeypatch.setattr(engines, "DASK_WAVE", wave)
    result = pipeline.build(corpus, tmp_path, progress=False, engine=cluster)
    assert result.reextracted == SYNTHETIC + len(list((ROOT / "seeds").glob("*.txt"))) + 1
    _same_tables(serial, tmp_path)
    assert cluster.client is not None  # the engine entered by the caller stays up


def test_dask_over_a_partial_cache(corpus, serial, cluster, tmp_path):
    """Half the reports from the cache, half extracted on the cluster: still the same tables."""
    half = tmp_path / "half"
    half.mkdir()
    for path in sorted(corpus.iterdir())[::2]:
        shutil.copy(path, half / path.name)
    out = tmp_path / "out"
    pipeline.build(half, out, progress=False)
    assert cache.load(out)
    result = pipeline.build(corpus, out, progress=False, engine=cluster)
    assert 0 < result.reextracted < SYNTHETIC
    _same_tables(serial, out)


def test_command_line_dask_with_local_workers(corpus, serial, tmp_path, capsys):
    assert (
        cli.main(
            [
                "build",
                "--seeds",
                str(corpus),
                "--out",
                str(tmp_path),
                "--engine",
                "dask",
                "--workers",
                "2",
                "--no-progress",
            ]
        )
        == 0
    )
    _same_tables(serial, tmp_path)


@pytest.mark.parametrize("flag", [["--workers", "2"], ["--scheduler", "tcp://127.0.0.1:1"]])
def test_cluster_flags_need_the_dask_engine(tmp_path, capsys, flag):
    assert cli.main(["build", "--seeds", str(ROOT / "seeds"), "--out", str(tmp_path), *flag]) == 2
    assert "--engine dask" in capsys.readouterr().err


def test_a_worker_with_other_code_refuses(corpus):
    from dashboard.extract import places

    gazetteer = places.load_gazetteer(schema.GEOCODE_CACHE.empty())
    with pytest.raises(RuntimeError, match="other extraction code"):
        engines.extract_batch([("a.txt", b"x", "key")], gazetteer, "0000000000000000:")
