"""Work shared across the machine's cores: per-paper work in forked processes.

Tagging and rendering treat each paper on its own, so a large catalog is cut into one run
of papers per core. Workers are forked: they inherit the function and its inputs instead
of receiving them pickled, and send back only their results, in order, so the output is
the same as one process would give. Small catalogs, and systems where forking a running
program is not safe (anything but Linux), stay in one process. A worker that dies (killed
for memory, say) stops the build with a message instead of leaving it waiting.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from .model import CatalogError, Problem

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 4000  # below this, one process is faster than starting workers
_work: tuple[Callable, Sequence] | None = None  # what forked workers inherit


def workers() -> int:
    if sys.platform != "linux":
        return 1
    return len(os.sched_getaffinity(0))


def forking() -> multiprocessing.context.BaseContext:
    return multiprocessing.get_context("fork")


def died(error: BrokenProcessPool) -> CatalogError:
    return CatalogError(
        [
            Problem(
                "(build)",
                0,
                0,
                f"a worker process stopped before it finished ({error})",
                "it was most likely killed for lack of memory; free memory and build again",
            )
        ]
    )


def parallel_map(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """[function(item) for item in items], on every core for large inputs."""
    processes = min(workers(), len(items) // (MIN_ITEMS // 2) or 1)
    if processes < 2:
        return [function(item) for item in items]
    global _work
    _work = (function, items)
    try:
        step = -(-len(items) // processes)
        runs = [(start, min(start + step, len(items))) for start in range(0, len(items), step)]
        with ProcessPoolExecutor(processes, mp_context=forking()) as pool:
            parts = list(pool.map(_run, runs))
    except BrokenProcessPool as error:
        raise died(error) from None
    finally:
        _work = None
    return [result for part in parts for result in part]


def _run(run: tuple[int, int]) -> list:
    function, items = _work
    return [function(items[index]) for index in range(*run)]


class Worker:
    """One forked process that prepares (imports) now and computes later, while we go on.

    `prepare` runs in the child as soon as it starts (an import that takes a second);
    submit() sends it work, get() waits for the result. With one core, or without a safe
    fork, the work runs in get(), here.
    """

    def __init__(self, prepare: Callable[[], object]) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._call: tuple[Callable, tuple] | None = None
        self._pending: Future | None = None
        if workers() > 1:
            self._pool = ProcessPoolExecutor(1, mp_context=forking())
            self._pool.submit(prepare)  # starts the process now

    def submit(self, function: Callable[..., R], *args) -> None:
        """Start function(*args) in the worker; args are pickled, so keep them plain."""
        self._call = (function, args)
        if self._pool is not None:
            self._pending = self._pool.submit(function, *args)

    def get(self) -> R:
        if self._call is None:
            raise RuntimeError("nothing was submitted")
        if self._pending is None:
            function, args = self._call
            return function(*args)
        try:
            return self._pending.result()
        except BrokenProcessPool as error:
            raise died(error) from None
        finally:
            self.close()

    def close(self) -> None:
        """Stop the worker; one still working (the build failed meanwhile) is stopped now."""
        if self._pool is not None:
            if self._pending is None or not self._pending.done():
                for process in getattr(self._pool, "_processes", {}).values():
                    process.terminate()
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
