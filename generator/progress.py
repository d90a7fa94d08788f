"""Telling the user where a long build is: bars on a terminal, plain log lines elsewhere (CI)."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from .model import Problem


def interactive() -> bool:
    return sys.stderr.isatty()


def log(message: str) -> None:
    """A plain progress line for logs (CI); silent on a terminal, where bars show instead."""
    if not interactive():
        print(f"paper-catalog: {message}", file=sys.stderr, flush=True)


def report(problems: Sequence[Problem], stream=None) -> None:
    """Problems as file:line:col: message (hint); inside GitHub Actions, also as workflow
    commands, which GitHub shows on the pull request's diff."""
    stream = stream or sys.stderr
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        print(problem, file=stream)
        if github and problem.severity in ("error", "warning"):
            # A workflow command: GitHub shows it on the pull request's diff.
            location = f"file={problem.file}"
            if problem.line:
                location += f",line={problem.line}"
                if problem.col:
                    location += f",col={problem.col}"
            message = problem.message + (f" ({problem.hint})" if problem.hint else "")
            message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            print(f"::{problem.severity} {location}::{message}", file=stream)


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


@dataclass
class Timings:
    """Wall seconds per stage, in the order the stages ran (a stage may run in two parts).

    Benchmarks and profilers subclass it: `begin` and `end` are called around each stage.
    """

    seconds: dict[str, float] = field(default_factory=dict)
    log: bool = False  # a plain line per stage when not on a terminal (builds in CI)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.begin(name)
        start = time.perf_counter()
        try:
            yield
        finally:
            seconds = time.perf_counter() - start
            self.seconds[name] = self.seconds.get(name, 0.0) + seconds
            self.end(name, seconds)

    def begin(self, name: str) -> None:
        pass

    def end(self, name: str, seconds: float) -> None:
        if self.log:
            log(f"{name} done in {seconds:.2f}s")
