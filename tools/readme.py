"""README.md's generated parts: the command table (from the parser's --help) and the export
contract (from generator.exports.EXPORT_FIELDS). tests/test_docs.py fails when they drift.

    python tools/readme.py           # print what differs
    python tools/readme.py --write   # rewrite the generated blocks in README.md
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"(<!-- generated: (?P<name>[\w-]+) -->\n).*?(<!-- end: (?P=name) -->)", re.S)


def command_table() -> str:
    from generator.cli import parser

    commands = next(
        action for action in parser()._actions if isinstance(action, argparse._SubParsersAction)
    )
    rows = ["| command | what it does |", "|---|---|"]
    for choice in commands._choices_actions:
        usage = " ".join(commands.choices[choice.dest].format_usage().split())
        usage = usage.removeprefix("usage: ").replace(" [-h]", "").replace("|", "\\|")
        rows.append(f"| `{usage}` | {choice.help} |")
    return "\n".join(rows) + "\n"


def export_contract() -> str:
    from generator.exports import EXPORT_FIELDS

    rows = ["| field | type | what it is |", "|---|---|---|"]
    rows += [f"| `{name}` | {kind} | {meaning} |" for name, kind, meaning in EXPORT_FIELDS]
    return "\n".join(rows) + "\n"


GENERATORS = {"commands": command_table, "export-contract": export_contract}


def regenerated(text: str) -> str:
    return BLOCK.sub(lambda m: m.group(1) + GENERATORS[m["name"]]() + m.group(3), text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="rewrite README.md")
    args = parser.parse_args()
    text = README.read_text(encoding="utf-8")
    new = regenerated(text)
    if args.write:
        README.write_text(new, encoding="utf-8")
    elif new != text:
        print("README.md is out of date: run python tools/readme.py --write", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
