"""Uploads are read in a worker process with a time and a memory budget, so one hostile report
neither freezes the server's other sessions nor takes its memory."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest

from dashboard.ui import uploads, worker
from tests.app_fixtures import open_uploader

ROOT = Path(__file__).resolve().parents[2]


def test_a_result_comes_back():
    outcome = worker.run(sum, [1, 2, 3])
    assert outcome.ok and outcome.value == 6


def test_past_its_time_the_worker_is_killed():
    start = time.monotonic()
    outcome = worker.run(time.sleep, 60, seconds=1)
    assert outcome.problem == "time" and "1 s" in outcome.detail
    assert time.monotonic() - start < 10
    assert not [p for p in multiprocessing.active_children() if p.is_alive()]


@pytest.mark.skipif(not worker.RLIMIT_AS, reason="no address-space limit on this system")
def test_past_its_memory_the_worker_fails_alone():
    outcome = worker.run(bytearray, 8 * 2**30, memory=512 * 2**20)
    assert outcome.problem == "memory", outcome
    assert worker.run(sum, [1]).value == 1  # the next job runs as usual


def test_an_error_in_the_job_is_words_not_an_exception():
    outcome = worker.run(int, "not a number")
    assert outcome.problem == "error" and "ValueError" in outcome.detail


def test_the_job_runs_in_another_process():
    """So the server's interpreter stays free for the other sessions while it runs."""
    assert worker.run(os.getpid).value != os.getpid()


def test_the_app_reads_uploads_in_the_worker(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from dashboard.ui import loaders
    from tests.app_fixtures import write_corpus

    data, seeds = write_corpus(tmp_path)
    monkeypatch.setenv(loaders.DATA_ENV, str(data))
    monkeypatch.setenv(loaders.SEEDS_ENV, str(seeds))
    calls = []
    real = worker.run

    def recording(fn, *args, **kw):
        calls.append(fn.__name__)
        return real(fn, *args, **kw)

    monkeypatch.setattr(uploads.worker, "run", recording)
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
    open_uploader(at.run())
    report = b"Aleppo\n\nSome 500 people left Aleppo on 3 May 2016.\n"
    at.file_uploader(key=uploads.K_UPLOAD).set_value(("r.txt", report, "text/plain")).run()
    assert not at.exception
    assert calls == ["add_uploaded"]
    assert any(s.value.startswith("Added 1 report") for s in at.success)


def test_an_upload_over_its_time_adds_nothing_and_says_why(monkeypatch):
    from tests.app_fixtures import make_tables

    monkeypatch.setattr(uploads, "TIME_BUDGET_S", 0.0)
    outcome = worker.run(uploads.add_uploaded, make_tables(), [("slow.txt", b"x")], None, seconds=0.0)
    message = uploads.budget_message(outcome, [("slow.txt", b"x")])
    assert outcome.problem == "time"
    assert message.startswith("No report was added: slow.txt took over 0 s")


def test_the_parent_script_is_not_run_again_in_the_worker(tmp_path, monkeypatch):
    """Under `streamlit run`, __main__ is the app's script: the worker must not import it."""
    import sys
    import types

    script = tmp_path / "page.py"
    script.write_text("raise SystemExit('the page ran again in the worker')\n")
    main = types.ModuleType("__main__")
    main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", main)
    outcome = worker.run(sum, [1, 2])
    assert outcome.ok and outcome.value == 3, outcome
    assert sys.modules["__main__"] is main


def test_a_job_yields_the_cpu_to_the_server():
    assert worker.run(os.nice, 0).value >= min(19, os.nice(0) + worker.NICENESS)
