"""The build keeps its results on disk (cache.Spill): what it holds of every report at once is a
light copy, and the corpus stage reads each result whole once, to make its rows. Memory that
grows with the corpus is measured in bench/scale.py; these check the plumbing that bounds it."""

from __future__ import annotations

from pathlib import Path

from dashboard import tables as store
from dashboard.extract import cache, engines, pipeline

ROOT = Path(__file__).resolve().parents[2]
ROW_FIELDS = ("value", "subject", "surface")  # figure columns the corpus stage reads only whole


def _watch(monkeypatch) -> dict:
    seen: dict = {"held": [], "full": 0}
    real_assemble, real_full = pipeline.assemble, cache.Spill.full

    def assemble(results, *args, **kwargs):
        seen["held"] = list(results)
        return real_assemble(results, *args, **kwargs)

    def full(self, r):
        seen["full"] += 1
        return real_full(self, r)

    monkeypatch.setattr(pipeline, "assemble", assemble)
    monkeypatch.setattr(cache.Spill, "full", full)
    return seen


def test_the_build_holds_light_results_and_reads_each_whole_once(tmp_path, monkeypatch):
    seen = _watch(monkeypatch)
    built = pipeline.build(ROOT / "seeds", tmp_path / "data", progress=False)
    held = seen["held"]
    assert held and len(held) == len(built.tables["articles"])
    for r in held:
        assert r.doc is None and r.movements == {} and r.dated_by_published == {}
        assert set(r.figures) == {"start"} and set(r.mentions) == {"place_id"}
    assert seen["full"] == len(held)  # one read each, when its rows are made


def test_a_rebuild_from_the_journal_holds_light_results_too(tmp_path, monkeypatch):
    out = tmp_path / "data"
    pipeline.build(ROOT / "seeds", out, progress=False)
    first = store.read_tables(out)
    loaded = cache.load(out)
    # the journal is loaded as where each line lies, not as results
    assert loaded.entries and all(isinstance(v, tuple) for v in loaded.entries.values())
    seen = _watch(monkeypatch)
    again = pipeline.build(ROOT / "seeds", out, progress=False)
    assert again.reextracted == 0
    assert all(not any(f in r.figures for f in ROW_FIELDS) for r in seen["held"])
    for name, df in store.read_tables(out).items():
        assert df.equals(first[name]), name


def test_a_result_read_back_is_the_result_kept(tmp_path):
    from dashboard.extract import places
    from dashboard.schema import GEOCODE_CACHE

    gazetteer = places.load_gazetteer(GEOCODE_CACHE.empty())
    path = next(p for p in sorted((ROOT / "seeds").iterdir()) if p.suffix == ".txt")
    _, r = engines.extract_one(path.name, path.read_bytes(), gazetteer)
    assert r is not None
    r.cache_key, r.path = "k:" + path.name, path
    with cache.Spill() as spill:
        held = spill.add(r)
        whole = spill.full(held)
        assert cache.encode(whole) == cache.encode(r)  # the same record, byte for byte
        assert whole.path == path and whole.figures == r.figures and whole.mentions == r.mentions
        assert list(spill.lines([held])) == [cache.encode(r)]
        # a worker's line and light copy are kept as they came
        other = spill.add(cache.light(r), cache.encode(r))
        assert cache.encode(spill.full(other)) == cache.encode(r)
