"""One report never aborts or hangs a build: a stage that fails, or a report past its time budget,
is skipped with a warning naming the file and the stage; the others build (issue 12)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from dashboard import tables as store
from dashboard.extract import dates, figures, ingest, movements, pipeline, places, report

GOOD = """Thousands flee Aleppo as evacuation resumes

By Jane Doe December 16, 2016

Some 3,000 civilians left eastern Aleppo for Idlib province on Thursday, the Red Crescent said.
"""
POISON = "POISON"  # a report holding this word makes the patched stage misbehave
BAD = GOOD.replace("Some 3,000", f"{POISON} Some 4,000")


def corpus(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(GOOD, encoding="utf-8")
    (seeds / "b.txt").write_text(BAD, encoding="utf-8")
    return seeds


def _raise(*args, **kwargs):
    raise ValueError("min() arg is an empty sequence")


# (module, function, stage named in the warning): every stage of one report's extraction
STAGES = [
    (ingest, "blank", "ingest"),
    (places, "find_mentions", "places"),
    (dates, "find_date_refs", "dates"),
    (figures, "extract_figures", "figures"),
    (movements, "extract_movements", "movements"),
]


def _poisoned(original, action):
    def stage(*args, **kwargs):
        if any(isinstance(a, str) and POISON in a for a in args):
            return action(*args, **kwargs)
        return original(*args, **kwargs)

    return stage


@pytest.mark.parametrize(("module", "name", "stage"), STAGES, ids=[s[2] for s in STAGES])
def test_a_stage_that_raises_skips_its_report_only(monkeypatch, tmp_path, module, name, stage):
    monkeypatch.setattr(module, name, _poisoned(getattr(module, name), _raise))
    out = tmp_path / "data"
    result = pipeline.build(corpus(tmp_path), out, progress=False)
    assert list(result.tables["articles"]["source_file"]) == ["a.txt"]  # the good report built
    warnings = store.read_table(out, store.schema.WARNINGS)
    row = warnings[warnings["problem"] == "stage-failed"].iloc[0]
    assert row["source_file"] == "b.txt"
    assert f"the {stage} stage failed" in row["message"] and "b.txt" in row["message"]
    assert "Traceback" in row["detail"] and "min() arg is an empty sequence" in row["detail"]
    # read back with both readers, the multi-line traceback stays one row
    assert len(pd.read_csv(out / "warnings.csv")) == len(warnings)


def test_a_failing_corpus_stage_loses_that_reports_events_only(monkeypatch, tmp_path):
    from dashboard.extract import events

    monkeypatch.setattr(events, "extract_events", _poisoned(events.extract_events, _raise))
    result = pipeline.build(corpus(tmp_path), None, progress=False)
    tables = result.tables
    assert set(tables["articles"]["source_file"]) == {"a.txt", "b.txt"}
    ids = dict(zip(tables["articles"]["source_file"], tables["articles"]["article_id"], strict=True))
    assert ids["b.txt"] not in set(tables["events"]["article_id"])
    assert ids["a.txt"] in set(tables["events"]["article_id"])
    assert ids["b.txt"] in set(tables["figures"]["article_id"])  # dated by the report's day
    w = tables["warnings"]
    assert "the events stage failed" in w[w["source_file"] == "b.txt"]["message"].iloc[0]


def _spin(*args, **kwargs):
    while True:  # a stage that would never return
        pass


def test_a_report_past_its_time_budget_is_skipped(monkeypatch, tmp_path):
    monkeypatch.setattr(figures, "extract_figures", _poisoned(figures.extract_figures, _spin))
    t0 = time.monotonic()
    result = pipeline.build(corpus(tmp_path), None, progress=False, report_seconds=1.0)
    assert time.monotonic() - t0 < 20
    assert list(result.tables["articles"]["source_file"]) == ["a.txt"]
    w = result.tables["warnings"]
    message = w[(w["source_file"] == "b.txt") & (w["problem"] == "over-budget")]["message"].iloc[0]
    assert "b.txt" in message and "figures stage" in message


def test_off_the_main_thread_the_deadline_is_checked_between_stages(monkeypatch):
    """The app extracts uploads in a script thread, where no alarm can be set."""

    def slow(*args, **kwargs):
        time.sleep(0.5)
        return []

    monkeypatch.setattr(places, "find_mentions", _poisoned(places.find_mentions, slow))
    gazetteer = places.load_gazetteer(store.schema.GEOCODE_CACHE.empty())
    out: dict = {}

    def run():
        out["bad"] = report.read_and_extract("b.txt", BAD.encode(), gazetteer, seconds=0.2)
        out["good"] = report.read_and_extract("a.txt", GOOD.encode(), gazetteer, seconds=0.2)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    result, problems = out["bad"]
    assert result is None and problems[0].problem == "over-budget" and "places stage" in problems[0].message
    assert out["good"][0] is not None


def test_uploads_go_through_the_same_guard(monkeypatch, tmp_path):
    base = pipeline.build(corpus(tmp_path), None, progress=False).tables
    monkeypatch.setattr(figures, "extract_figures", _poisoned(figures.extract_figures, _raise))
    merged, messages = pipeline.add_reports(base, [("c.txt", BAD.encode())])
    assert any("c.txt: the figures stage failed" in m for m in messages)


def test_a_report_whose_events_run_past_the_budget_loses_its_events_only(monkeypatch, tmp_path):
    from dashboard.extract import events

    monkeypatch.setattr(report, "REPORT_SECONDS", 1.0)
    monkeypatch.setattr(events, "extract_events", _poisoned(events.extract_events, _spin))
    result = pipeline.build(corpus(tmp_path), None, progress=False)
    w = result.tables["warnings"]
    message = w[(w["source_file"] == "b.txt") & (w["problem"] == "over-budget")]["message"].iloc[0]
    assert "events stage" in message
    assert set(result.tables["articles"]["source_file"]) == {"a.txt", "b.txt"}


def test_off_the_main_thread_a_long_figures_stage_stops_at_a_sentence(monkeypatch):
    """A report of many sentences in the app's script thread: the deadline is checked per sentence."""
    from dashboard.extract import figures as figures_module

    read = figures_module.read_in_sentence

    def slow(*args, **kwargs):
        time.sleep(0.05)
        return read(*args, **kwargs)

    monkeypatch.setattr(figures_module, "read_in_sentence", slow)
    gazetteer = places.load_gazetteer(store.schema.GEOCODE_CACHE.empty())
    text = GOOD + "Some 3,000 civilians left Aleppo.\n" * 200
    out: dict = {}
    thread = threading.Thread(
        target=lambda: out.setdefault("r", report.read_and_extract("c.txt", text.encode(), gazetteer, 0.5))
    )
    t0 = time.monotonic()
    thread.start()
    thread.join(60)
    result, problems = out["r"]
    assert result is None and "figures stage" in problems[0].message
    assert time.monotonic() - t0 < 5  # not the 10 s the 200 sentences would take
