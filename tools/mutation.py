"""Mutation score per module, from the results `mutmut run` left in mutants/.

    python tools/mutation_score.py            # every mutated module
    python tools/mutation_score.py dedupe     # one module, with its surviving mutants

A mutant counts as killed when a test failed on it (or it ran past the time limit, which
a test run would also notice). Mutants not run yet are listed as such, not counted.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter, defaultdict

KILLED = {"killed", "timeout", "caught by type check"}


def main(modules: list[str]) -> int:
    output = subprocess.run(
        ["mutmut", "results", "--all", "true"], capture_output=True, text=True, check=True
    ).stdout
    statuses: dict[str, Counter] = defaultdict(Counter)
    unkilled: dict[str, list[str]] = defaultdict(list)
    for line in output.splitlines():
        name, _, status = line.strip().rpartition(": ")
        module = name.split(".x_", 1)[0].split(".xǁ", 1)[0].removeprefix("generator.")
        if modules and module not in modules:
            continue
        statuses[module][status] += 1
        if status not in KILLED | {"not checked"}:
            unkilled[module].append(f"{name}: {status}")
    for module in sorted(statuses):
        counts = statuses[module]
        checked = sum(counts.values()) - counts["not checked"]
        killed = sum(counts[status] for status in KILLED)
        score = f"{100 * killed / checked:.1f}%" if checked else "-"
        others = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()) if s not in KILLED)
        print(f"{module}: {killed} / {checked} killed ({score}){'; ' + others if others else ''}")
        if modules:
            for line in sorted(unkilled[module]):
                print("    " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
