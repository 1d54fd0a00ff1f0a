"""The acceptance bars of the extraction issue, held on a fresh build of the seeds.

The scorer and the hand-made reference are copied from shared/acceptance (see
tests/acceptance/README.md); a fresher copy beside the repo wins when it is there.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from dashboard.extract import pipeline

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "acceptance"
LOCAL = Path(__file__).parent / "acceptance"
ACCEPTANCE = SHARED if (SHARED / "score.py").exists() else LOCAL

BARS = {  # summary key -> (minimum or maximum, bound)
    "published_accuracy": ("min", 1.0),
    "place_recall": ("min", 1.0),
    "place_geocode_accuracy": ("min", 1.0),
    "place_leaks": ("max", 0),
    "figure_recall": ("min", 0.95),
    "figure_precision": ("min", 0.90),
    "figure_subject_accuracy": ("min", 0.90),
    "figure_qualifier_accuracy": ("min", 0.90),
    "event_recall": ("min", 1.0),
    "event_dates_implausible": ("max", 0),
}


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    out = tmp_path_factory.mktemp("data")
    pipeline.build(ROOT / "seeds", out, progress=False)
    spec = importlib.util.spec_from_file_location("score", ACCEPTANCE / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    return score.score(out, ROOT / "seeds", ACCEPTANCE / "seeds_gold.json")


@pytest.mark.parametrize("key", sorted(BARS))
def test_acceptance_bar(scored, key):
    kind, bound = BARS[key]
    got = scored["summary"][key]
    problems = "\n".join(scored["problems"])
    if kind == "min":
        assert got is not None and got >= bound, f"{key} = {got}, needs ≥ {bound}\n{problems}"
    else:
        assert got <= bound, f"{key} = {got}, needs ≤ {bound}\n{problems}"
