"""Profile the build before MkDocs with cProfile, one profile per stage, and list hotspots.

    python benchmarks/profile_stages.py [--size 20000] [--seeds DIR] [--stats PREFIX]

Writes a synthetic catalog of --size papers (or uses --seeds as it is), runs the build up
to MkDocs (`build.build` without a site folder) in one process (so the profiler sees the
work a build shares among cores), with the Timings hooks starting a profiler for each
stage (read, dedupe, curate, metadata, tag, relate, render, write), and prints each
stage's top functions by own time and by cumulative time. Each stage's raw profile is
saved as PREFIX.<stage> for `python -m pstats` or snakeviz.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import sys
import tempfile
from pathlib import Path

from run import PROJECT, REAL_SEEDS, commit_seeds
from synthetic import write_synthetic

from generator import parallel
from generator.build import build
from generator.progress import Timings
from generator.site import copy_site_sources


class ProfiledTimings(Timings):
    """Timings that run each stage under its own profiler (begin and end are its hooks)."""

    def __init__(self) -> None:
        super().__init__()
        self.profiles: dict[str, cProfile.Profile] = {}

    def begin(self, name: str) -> None:
        self.profiles.setdefault(name, cProfile.Profile()).enable()

    def end(self, name: str, seconds: float) -> None:
        self.profiles[name].disable()
        super().end(name, seconds)


def top(profile: cProfile.Profile, sort: str, limit: int) -> str:
    stream = io.StringIO()
    pstats.Stats(profile, stream=stream).sort_stats(sort).print_stats(limit)
    text = stream.getvalue()
    return text[text.index("   ncalls") :].rstrip() if "   ncalls" in text else text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=20000, help="papers (default: 20000)")
    parser.add_argument("--seeds", type=Path, help="profile this seed folder instead")
    parser.add_argument("--limit", type=int, default=15, help="functions per list")
    parser.add_argument("--stats", default="/tmp/paper-catalog-profile", metavar="PREFIX")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="paper-catalog-profile-"))
    try:
        seeds = args.seeds
        if seeds is None:
            seeds = workdir / "seeds"
            write_synthetic(REAL_SEEDS, seeds, args.size)
            commit_seeds(seeds)
        timings = ProfiledTimings()
        # One process: work forked to other cores (tagging, paper pages, relate) would be
        # invisible to this process's profiler.
        parallel.workers = lambda: 1
        config = copy_site_sources(PROJECT / "mkdocs.yml", workdir / "project")
        build(seeds.resolve(), config, None, timings)
        for stage, profile in timings.profiles.items():
            profile.dump_stats(f"{args.stats}.{stage}")
            print(f"\n===== {stage}: {timings.seconds[stage]:.2f} s under the profiler =====")
            print("-- by own time --")
            print(top(profile, "tottime", args.limit))
            print("-- by cumulative time --")
            print(top(profile, "cumulative", args.limit))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
