"""Telling the user where a long build is: bars on a terminal, plain log lines elsewhere (CI)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tqdm import tqdm


def interactive() -> bool:
    return sys.stderr.isatty()


def log(message: str) -> None:
    """A plain progress line for logs (CI); silent on a terminal, where bars show instead."""
    if not interactive():
        print(f"paper-catalog: {message}", file=sys.stderr, flush=True)


def bar(items: Iterable, total: int, description: str) -> Iterator:
    """Iterate with a progress bar on a terminal; plain iteration otherwise."""
    return iter(
        tqdm(
            items,
            total=total,
            desc=description,
            unit="file",
            disable=not interactive(),
            leave=False,
        )
    )


@contextmanager
def watch_folder(folder: Path, pattern: str, total: int, description: str):
    """A bar that follows files appearing in a folder, for work we cannot hook into (MkDocs)."""
    if not interactive():
        yield
        return
    done = threading.Event()

    def follow() -> None:
        with tqdm(total=total, desc=description, unit="page", leave=False) as progress:
            while not done.wait(0.25):
                count = sum(1 for _ in folder.glob(pattern))
                progress.update(max(0, min(count, total) - progress.n))

    watcher = threading.Thread(target=follow, daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()
