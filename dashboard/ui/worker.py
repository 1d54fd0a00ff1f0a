"""Work on untrusted input in a child process with a time and a memory budget.

Streamlit runs every session's script in one server process, so an upload read in it holds the
interpreter for as long as extraction takes: one hostile report froze every other viewer. `run`
calls a function in a child process instead (forked from a forkserver that has the pipeline
imported, so a job starts in milliseconds, not the seconds an import takes) and waits on a pipe,
which leaves the interpreter to the other sessions. Past its time the child is killed; its
address space is capped (RLIMIT_AS) so a report that would take all memory fails alone, and it
runs at a lower priority (nice) than the server. At most `MAX_JOBS` children run at once (the
machine's cores are for the viewers too).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
import time
import traceback
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

TIME_BUDGET_S = 60.0
MEMORY_BUDGET_BYTES = 2 * 2**30  # beyond what the child starts with
MAX_JOBS = 2
NICENESS = 10  # a job yields the CPU to the server, which draws the other viewers' pages
PRELOAD = ["dashboard.ui.uploads"]  # imported once by the forkserver: each job forks ready

_slots = threading.BoundedSemaphore(MAX_JOBS)
_context_lock = threading.Lock()
_context: Any = None


@dataclass(frozen=True)
class Outcome:
    value: Any = None
    problem: str | None = None  # None when the call returned; else "time", "memory" or "error"
    detail: str = ""  # what went wrong, in words
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.problem is None


def _mp_context():
    """The forkserver (preloaded) where there is one, else spawn: never a bare fork of the
    server, whose other threads may hold locks the child would then wait on for ever."""
    global _context
    with _context_lock:
        if _context is None:
            methods = multiprocessing.get_all_start_methods()
            _context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
            if "forkserver" in methods:
                _context.set_forkserver_preload(PRELOAD)
        return _context


def run(
    fn: Callable[..., Any],
    *args: Any,
    seconds: float = TIME_BUDGET_S,
    memory: int | None = MEMORY_BUDGET_BYTES,
) -> Outcome:
    """`fn(*args)` in a child process within the budgets; never raises for what the child does.
    `fn` and its arguments and result must pickle (a module-level function)."""
    start = time.monotonic()
    if not _slots.acquire(timeout=seconds):
        return Outcome(problem="time", detail=f"the server was busy for {seconds:.0f} s", seconds=seconds)
    try:
        return _run_child(fn, args, seconds, memory, start)
    finally:
        _slots.release()


def _run_child(fn, args, seconds: float, memory: int | None, start: float) -> Outcome:
    ctx = _mp_context()
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(send, fn, args, memory), daemon=True)
    _start(child)
    send.close()
    try:
        left = max(0.0, seconds - (time.monotonic() - start))
        if receive.poll(left):
            kind, payload = receive.recv()
        else:
            kind, payload = "time", f"stopped after {seconds:.0f} s"
    except (EOFError, OSError):  # the child died without a word: killed by the system, or crashed
        kind, payload = "memory", f"the worker stopped (exit code {child.exitcode})"
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    took = time.monotonic() - start
    if kind == "ok":
        return Outcome(value=payload, seconds=took)
    return Outcome(problem=kind, detail=payload, seconds=took)


# While a child starts, `__main__` is a bare module: multiprocessing would otherwise have the child
# import the parent's main module again, and under `streamlit run` that is the app's script (the
# whole page would run in the worker). The window is the few milliseconds of `start`.
_NO_MAIN = types.ModuleType("__main__")
_start_lock = threading.Lock()


def _start(child) -> None:
    with _start_lock:
        main = sys.modules.get("__main__")
        sys.modules["__main__"] = _NO_MAIN
        try:
            child.start()
        finally:
            if sys.modules.get("__main__") is _NO_MAIN and main is not None:
                sys.modules["__main__"] = main


def _child(send, fn, args, memory: int | None) -> None:
    _limit_memory(memory)
    with contextlib.suppress(AttributeError, OSError):  # not on every system
        os.nice(NICENESS)
    try:
        message: tuple[str, Any] = ("ok", fn(*args))
    except MemoryError:
        message = ("memory", f"over the {memory / 2**30:.1f} GB memory budget" if memory else "out of memory")
    except BaseException as err:  # the job's own failure, reported to the parent as words
        message = ("error", f"{type(err).__name__}: {err}\n{traceback.format_exc(limit=-8)}")
    try:
        send.send(message)
    except MemoryError:
        send.send(("memory", "the result is over the memory budget"))
    finally:
        send.close()


try:
    import resource

    RLIMIT_AS: int | None = resource.RLIMIT_AS
except (ImportError, AttributeError):  # not a Unix: the time budget still bounds a job
    RLIMIT_AS = None


def _limit_memory(memory: int | None) -> None:
    if memory is None or RLIMIT_AS is None:
        return
    try:
        with open("/proc/self/statm") as fh:
            used = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(RLIMIT_AS, (used + memory, used + memory))
    except (OSError, ValueError):  # no /proc here: the time budget still bounds the job
        pass
