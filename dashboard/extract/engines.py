"""Where the per-report extraction runs: in this process (the default) or on a Dask cluster.

Reading one report is a pure function of its name, its bytes and the gazetteer, so the build maps
it over the reports the cache lacks. An engine takes the build's jobs in report order and gives
back what each yielded, in the same order: whichever engine and however many workers, the tables
are byte-identical. `DaskEngine` sends the reports' bytes (workers need no shared disk) in
batches to a `dask.distributed` cluster, a local one (`workers=N`) or one already running
(`scheduler="tcp://HOST:8786"`, whose workers have this package installed at the same version:
each checks the code fingerprint before it extracts anything).
"""

from __future__ import annotations

import gc
import logging
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from dashboard.extract import cache
from dashboard.extract.ingest import Problem
from dashboard.extract.report import REPORT_SECONDS, ReportResult, read_and_extract

DASK_BATCH = 100  # reports per task: large enough that scheduling costs little (~1 ms a task)
DASK_WAVE = 4_000  # reports submitted at once; two waves in flight bound the bytes held
DASK_LOCAL_WORKERS = 2


@dataclass
class Job:
    """A report to extract: the file's name and bytes, its cache key, where it lies."""

    name: str
    data: bytes
    key: str
    path: Path


@dataclass
class Done:
    """A slot of the build, in report order: a report read now or taken from the cache, or only
    the problems of a file that yields no report."""

    problems: list[Problem] = field(default_factory=list)
    result: ReportResult | None = None
    fresh: bool = False
    line: bytes | None = None  # the result's journal line, when a worker made it (`result` is then light)


Slot = Job | Done


def extract_one(
    name: str, data: bytes, gazetteer, seconds: float | None = REPORT_SECONDS
) -> tuple[list[Problem], ReportResult | None]:
    """What one report's bytes yield: the problems met reading it, and its result (None if no
    report, or if it failed or ran over its budget: then a problem says so)."""
    r, found = read_and_extract(name, data, gazetteer, seconds)
    if r is None:
        return found, None
    # A report that states its own date is dated here (its events, when its figures hold), so the
    # result need not carry its text: the build holds results, not texts, and reads a text again
    # only for the few reports the corpus dates otherwise (inferred, or curated in sources.csv).
    published = r.meta.get("published")
    if published is not None:
        r.days(published)
        r.dated(published)
    r.doc = None
    return found, r


def finish(job: Job, found: list[Problem], r: ReportResult | None, line: bytes | None = None) -> Done:
    if r is not None:
        r.cache_key, r.path = job.key, job.path
    return Done(found, r, fresh=r is not None, line=line)


class SerialEngine:
    """Every report in this process, one after another, as it comes (nothing held but its result),
    each within `seconds`."""

    def __init__(self, seconds: float | None = REPORT_SECONDS) -> None:
        self.seconds = seconds

    def run(self, slots: Iterable[Slot], gazetteer, fingerprint: str) -> Iterator[Done]:
        for slot in slots:
            if isinstance(slot, Job):
                yield finish(slot, *extract_one(slot.name, slot.data, gazetteer, self.seconds))
            else:
                yield slot

    def __enter__(self) -> SerialEngine:
        return self

    def __exit__(self, *exc) -> None:
        return None


_CHECKED: set[str] = set()  # fingerprints a worker process has checked against its own code


def extract_batch(batch: list[tuple[str, bytes, str]], gazetteer, fingerprint: str) -> list:
    """A task on a worker: the batch's reports (name, bytes, cache key) extracted, once the worker's
    code is known to be ours. Each comes back as its problems, its light copy and its journal line
    (cache.Spill): one bytes object to send and to write, not thousands of small ones to pickle,
    unpickle and encode again in the build's process (which runs the corpus stage alone)."""
    if fingerprint not in _CHECKED:
        own = cache.fingerprint(gazetteer)
        if own != fingerprint:
            raise RuntimeError(
                f"worker runs other extraction code (fingerprint {own}, build's {fingerprint})"
            )
        _CHECKED.add(fingerprint)
    enabled = gc.isenabled()
    gc.disable()  # as in the build: millions of small acyclic objects
    try:
        return [_encoded(key, *extract_one(name, data, gazetteer)) for name, data, key in batch]
    finally:
        if enabled:
            gc.enable()


def _encoded(key: str, found: list[Problem], r: ReportResult | None) -> tuple:
    if r is None:
        return found, None, None
    r.cache_key = key
    return found, cache.light(r), cache.encode(r)


class DaskEngine:
    """The reports in batches on a dask.distributed cluster: `scheduler` an address of a running
    one, else a local cluster of `workers` processes of one thread each."""

    def __init__(self, scheduler: str | None = None, workers: int | None = None) -> None:
        self.scheduler, self.workers = scheduler, workers or DASK_LOCAL_WORKERS
        self.client: Any = None  # a dask.distributed Client while entered
        self._entered = 0  # a cluster entered twice (a bench's builds) starts and stops once

    def __enter__(self) -> DaskEngine:
        from dask.distributed import Client, LocalCluster

        self._entered += 1
        if self.client is not None:
            return self
        if self.scheduler:
            self.client = Client(self.scheduler)
        else:
            cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # its status page on a free port
                silence_logs=logging.ERROR,
            )
            self.client = Client(cluster)
        return self

    def __exit__(self, *exc) -> None:
        self._entered -= 1
        if self.client is not None and not self._entered:
            cluster = self.client.cluster
            self.client.close()
            if cluster is not None and not self.scheduler:
                cluster.close()
            self.client = None

    def run(self, slots: Iterable[Slot], gazetteer, fingerprint: str) -> Iterator[Done]:
        """Waves of DASK_WAVE slots: a wave's jobs go out in batches while the one before is
        gathered, so the workers never wait for the build and at most two waves' bytes are held."""
        if self.client is None:
            raise RuntimeError("DaskEngine.run outside `with DaskEngine(...)`")
        gz = self.client.scatter(gazetteer, broadcast=True)
        slots = iter(slots)
        flight: deque = deque()
        while wave := list(islice(slots, DASK_WAVE)):
            flight.append(self._submit(wave, gz, fingerprint))
            if len(flight) == 2:
                yield from self._gather(*flight.popleft())
        while flight:
            yield from self._gather(*flight.popleft())

    def _submit(self, wave: list[Slot], gz, fingerprint: str) -> tuple[list[Slot], list]:
        jobs = [s for s in wave if isinstance(s, Job)]
        batches = [
            [(j.name, j.data, j.key) for j in jobs[i : i + DASK_BATCH]]
            for i in range(0, len(jobs), DASK_BATCH)
        ]
        assert self.client is not None
        futures = self.client.map(extract_batch, batches, gazetteer=gz, fingerprint=fingerprint, pure=False)
        return wave, futures

    def _gather(self, wave: list[Slot], futures: list) -> Iterator[Done]:
        assert self.client is not None
        outcomes = iter([o for batch in self.client.gather(futures) for o in batch])
        for slot in wave:
            yield finish(slot, *next(outcomes)) if isinstance(slot, Job) else slot


Engine = SerialEngine | DaskEngine


def make(name: str = "serial", scheduler: str | None = None, workers: int | None = None) -> Engine:
    """The engine the command line names: `serial` (the default) or `dask`."""
    if name == "serial":
        return SerialEngine()
    if name == "dask":
        return DaskEngine(scheduler=scheduler, workers=workers)
    raise ValueError(f"unknown engine {name!r}: serial or dask")
