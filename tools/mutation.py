"""Mutation testing of the core modules, one module at a time (CONTRIBUTING.md).

    python tools/mutation.py dedupe              # a fresh mutmut run on generator/dedupe.py
    python tools/mutation.py text escape         # several modules in one run
    python tools/mutation.py --score dedupe      # the last run's score, no new run

A run starts from a fresh mutants/ folder (mutmut copies templates and data files only
once, so a stale copy would test old ones), runs every mutant of the modules against the
tests that call the mutated function ([tool.mutmut] in pyproject.toml), and prints per
module the mutants killed out of those tried, then the survivors: `mutmut show NAME` gives
a survivor's diff. A mutant counts as killed when a test failed on it, or when it ran past
mutmut's time limit (a test run would notice that too).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
KILLED = {"killed", "timeout", "caught by type check"}


def mutated_modules() -> list[str]:
    config = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    paths = config["tool"]["mutmut"]["only_mutate"]
    return [Path(path).stem for path in paths]


def run(modules: list[str]) -> int:
    shutil.rmtree(PROJECT / "mutants", ignore_errors=True)
    names = [f"generator.{module}.*" for module in modules]
    return subprocess.run(["mutmut", "run", *names], cwd=PROJECT).returncode


def score(modules: list[str]) -> None:
    output = subprocess.run(
        ["mutmut", "results", "--all", "true"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    statuses: dict[str, Counter] = defaultdict(Counter)
    survivors: dict[str, list[str]] = defaultdict(list)
    for line in output.splitlines():
        name, _, status = line.strip().rpartition(": ")
        # generator.dedupe.x_judge__mutmut_3, generator.dedupe.xǁUnionFindǁjoin__mutmut_9
        module = name.removeprefix("generator.").split(".", 1)[0]
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
        others = "".join(f", {n} {s}" for s, n in sorted(counts.items()) if s not in KILLED)
        print(f"{module}: {killed} / {tried} killed ({share}){others}")
        for survivor in sorted(survivors[module], key=_natural):
            print("    " + survivor)


def _natural(name: str) -> tuple:
    head, _, number = name.partition(": ")[0].rpartition("_")
    return (head, int(number) if number.isdigit() else 0)


def main(argv: list[str]) -> int:
    only_score = "--score" in argv
    modules = [arg for arg in argv if arg != "--score"]
    known = mutated_modules()
    unknown = [module for module in modules if module not in known]
    if not modules or unknown:
        print(
            f"name modules among: {', '.join(known)} "
            "(pyproject.toml, [tool.mutmut] only_mutate)"
            + (f"; not {', '.join(map(repr, unknown))}" if unknown else ""),
            file=sys.stderr,
        )
        return 2
    if not only_score and run(modules) != 0:
        return 1
    score(modules)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
