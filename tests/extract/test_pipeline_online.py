"""`build --online-geocoding` against the fake Nominatim on 127.0.0.1: answers are cached in
data/, and a later offline build locates the same places from that cache."""

from __future__ import annotations

import pandas as pd

from dashboard.extract import pipeline
from tests.extract.test_geocoder_online import FakeNominatim, nominatim  # noqa: F401 (fixture)

REPORT = """Convoy reaches Anadan

By Staff December 20, 2016

Some 400 fighters left the town of Kafr Hamra for Anadan on Monday, a monitor said.
"""


def test_online_answers_are_cached_and_reused_offline(tmp_path, nominatim):  # noqa: F811
    seeds, out = tmp_path / "seeds", tmp_path / "data"
    seeds.mkdir()
    (seeds / "r.txt").write_text(REPORT, encoding="utf-8")
    online = pipeline.build(seeds, out, online_geocoding=True, progress=False, geocoder=nominatim)
    asked = sorted(r["q"] for r in FakeNominatim.requests)
    assert "Kafr Hamra" in asked and "Anadan" in asked
    assert "nominatim_kafr_hamra" in set(online.tables["mentions"]["place_id"])
    cached = pd.read_csv(out / "geocode_cache.csv")
    assert "Kafr Hamra" in set(cached["query"])

    FakeNominatim.requests.clear()
    offline = pipeline.build(seeds, out, progress=False)  # no --online-geocoding
    assert FakeNominatim.requests == []
    assert "nominatim_kafr_hamra" in set(offline.tables["mentions"]["place_id"])
    row = offline.tables["places"].set_index("place_id").loc["nominatim_kafr_hamra"]
    assert (row["lat"], row["lon"]) == (36.26, 37.09)
