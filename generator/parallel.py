"""Work shared across the machine's cores: per-paper work in forked processes.

Tagging and rendering treat each paper on its own, so a large catalog is cut into one run
of papers per core. Workers are forked: they inherit the function and its inputs instead
of receiving them pickled, and send back only their results, in order, so the output is
the same as one process would give. Small catalogs, and systems without fork, stay in one
process (starting workers would cost more than it saves).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 4000  # below this, one process is faster than starting workers
_work: tuple[Callable, Sequence] | None = None  # what forked workers inherit


def workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def parallel_map(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """[function(item) for item in items], on every core for large inputs."""
    processes = min(workers(), len(items) // (MIN_ITEMS // 2) or 1)
    if processes < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    global _work
    _work = (function, items)
    try:
        step = -(-len(items) // processes)
        runs = [(start, min(start + step, len(items))) for start in range(0, len(items), step)]
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            parts = pool.map(_run, runs)
    finally:
        _work = None
    return [result for part in parts for result in part]


def _run(run: tuple[int, int]) -> list:
    function, items = _work
    return [function(items[index]) for index in range(*run)]


class Worker:
    """One forked process that prepares (imports) now and computes later, while we go on.

    `prepare` runs in the child as soon as it starts (an import that takes a second);
    submit() sends it work, get() waits for the result. With one core, or without fork,
    the work runs in get(), here.
    """

    def __init__(self, prepare: Callable[[], object]) -> None:
        self._pool = None
        self._call: tuple[Callable, tuple] | None = None
        if workers() > 1 and "fork" in multiprocessing.get_all_start_methods():
            self._pool = multiprocessing.get_context("fork").Pool(1, initializer=prepare)

    def submit(self, function: Callable[..., R], *args) -> None:
        """Start function(*args) in the worker; args are pickled, so keep them plain."""
        self._call = (function, args)
        if self._pool is not None:
            self._pending = self._pool.apply_async(function, args)

    def get(self) -> R:
        if self._call is None:
            raise RuntimeError("nothing was submitted")
        if self._pool is None:
            function, args = self._call
            return function(*args)
        try:
            return self._pending.get()
        finally:
            self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
