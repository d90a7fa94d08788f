"""Mutation testing of the core modules, one module at a time (CONTRIBUTING.md).

    python tools/mutation.py dedupe              # a fresh mutmut run on generator/dedupe.py
    python tools/mutation.py text escape         # several modules in one run
    python tools/mutation.py --score dedupe      # the last run's score, no new run
    python tools/mutation.py --sample 200 sources  # 200 of its mutants, drawn with seed 0

A run starts from a fresh mutants/ folder (mutmut copies templates and data files only
once, so a stale copy would test old ones), runs every mutant of the modules against the
tests that call the mutated function ([tool.mutmut] in pyproject.toml), and prints per
module the mutants killed out of those tried, then the survivors: `mutmut show NAME` gives
a survivor's diff. A mutant counts as killed when a test failed on it, or when it ran past
mutmut's time limit (a test run would notice that too).

`--sample N` runs N mutants of each module drawn at random (seed 0), for the modules whose
every mutant takes too long (sources: its property tests run for seconds): the share killed
in the sample estimates the module's score, printed with its 95% interval (Wilson).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
KILLED = {"killed", "timeout", "caught by type check"}
SAMPLE_SEED = 0


def mutated_modules() -> list[str]:
    config = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    paths = config["tool"]["mutmut"]["only_mutate"]
    return [Path(path).stem for path in paths]


def run(modules: list[str], sample: int | None) -> int:
    shutil.rmtree(PROJECT / "mutants", ignore_errors=True)
    if sample is None:
        names = [f"generator.{module}.*" for module in modules]
    else:
        # mutmut makes every mutant before it runs those named; named none that exists, it
        # stops there (with an error), and the mutants' names are in its .meta files.
        subprocess.run(["mutmut", "run", "generator.none.*"], cwd=PROJECT, capture_output=True)
        names = [name for module in modules for name in sampled(module, sample)]
    return subprocess.run(["mutmut", "run", *names], cwd=PROJECT).returncode


def sampled(module: str, size: int) -> list[str]:
    meta = PROJECT / "mutants" / "generator" / f"{module}.py.meta"
    names = sorted(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return random.Random(SAMPLE_SEED).sample(names, min(size, len(names)))


def wilson(killed: int, tried: int) -> tuple[float, float]:
    """The 95% interval of a share measured on a random sample."""
    z = 1.96
    share = killed / tried
    centre = (share + z * z / (2 * tried)) / (1 + z * z / tried)
    half = z * math.sqrt(share * (1 - share) / tried + z * z / (4 * tried * tried))
    return centre - half / (1 + z * z / tried), centre + half / (1 + z * z / tried)


def score(modules: list[str]) -> None:
    output = subprocess.run(
        ["mutmut", "results", "--all", "true"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    statuses: dict[str, Counter] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    survivors: dict[str, list[str]] = defaultdict(list)
    for line in output.splitlines():
        name, _, status = line.strip().rpartition(": ")
        # generator.dedupe.x_judge__mutmut_3, generator.dedupe.xǁUnionFindǁjoin__mutmut_9
        module = name.removeprefix("generator.").split(".", 1)[0]
        totals[module] += 1
        if module not in modules or status == "not checked":
            continue
        statuses[module][status] += 1
        if status not in KILLED:
            survivors[module].append(f"{name}: {status}")
    for module in modules:
        counts = statuses[module]
        tried = sum(counts.values())
        killed = sum(counts[status] for status in KILLED)
        share = f"{100 * killed / tried:.1f}%" if tried else "no mutant tried"
        if tried and tried < totals[module]:
            low, high = wilson(killed, tried)
            share += f", {tried} of {totals[module]}: 95% {100 * low:.0f}-{100 * high:.0f}%"
        others = "".join(f", {n} {s}" for s, n in sorted(counts.items()) if s not in KILLED)
        print(f"{module}: {killed} / {tried} killed ({share}){others}")
        for survivor in sorted(survivors[module], key=_natural):
            print("    " + survivor)


def _natural(name: str) -> tuple:
    head, _, number = name.partition(": ")[0].rpartition("_")
    return (head, int(number) if number.isdigit() else 0)


def main(argv: list[str]) -> int:
    known = mutated_modules()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="+", choices=known, metavar="MODULE")
    parser.add_argument("--score", action="store_true", help="the last run's score, no new run")
    parser.add_argument("--sample", type=int, metavar="N", help="N mutants of each module")
    args = parser.parse_args(argv)
    if not args.score and run(args.modules, args.sample) != 0:
        return 1
    score(args.modules)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
