"""The docs cannot drift: generated README blocks are current, the export contract is what
the export holds, and the examples of README.md and CONTRIBUTING.md run."""

import json
import re
import shlex
import shutil
import sys

import pytest
from conftest import FROZEN_SEEDS, PROJECT, REAL_SEEDS

sys.path.insert(0, str(PROJECT / "tools"))
import readme

from generator.build import load_catalog
from generator.cli import main
from generator.exports import EXPORT_FIELDS, papers_json

FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)
TARGET = re.compile(r"^# (seeds/[\w.]+)")


def examples(document: str, language: str) -> list[str]:
    text = (PROJECT / document).read_text(encoding="utf-8")
    return [body for lang, body in FENCE.findall(text) if lang == language]


def test_readme_generated_blocks_are_current():
    text = readme.README.read_text(encoding="utf-8")
    assert readme.regenerated(text) == text, "run: python tools/readme.py --write"
    for name in readme.GENERATORS:
        assert f"<!-- generated: {name} -->" in text


def test_the_export_has_the_contracts_fields_in_order():
    papers = json.loads(papers_json(load_catalog(FROZEN_SEEDS).catalog))
    names = [name for name, _, _ in EXPORT_FIELDS]
    assert all(list(paper) == names for paper in papers)


CONTRIBUTING_YAML = examples("CONTRIBUTING.md", "yaml")


@pytest.mark.parametrize("example", CONTRIBUTING_YAML, ids=range(len(CONTRIBUTING_YAML)))
def test_contributing_yaml_examples_pass_validation(example, tmp_path):
    """Each example, pasted where its first line says, into a copy of the seeds."""
    target = TARGET.match(example)
    assert target, "a YAML example starts with a comment naming its file: # seeds/..."
    seeds = shutil.copytree(REAL_SEEDS, tmp_path / "seeds")
    path = seeds / target[1].removeprefix("seeds/")
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(existing.rstrip("\n") + "\n" + example, encoding="utf-8")
    load = load_catalog(seeds)  # raises CatalogError, with every problem, if it is invalid
    assert [w for w in load.warnings if w.file.endswith(path.name)] == []


def commands(document: str) -> list[str]:
    lines = [line for body in examples(document, "sh") for line in body.splitlines()]
    return [line.split("#")[0].strip() for line in lines if line.startswith("paper-catalog ")]


def test_the_documented_commands_run(capsys):
    """paper-catalog commands shown in README.md and CONTRIBUTING.md (build runs in
    tests/test_site.py and the README's set-up commands in CI itself)."""
    shown = commands("README.md") + commands("CONTRIBUTING.md")
    assert "paper-catalog validate" in shown
    for command in shown:
        argv = shlex.split(command)[1:]
        if argv[0] in ("build", "serve"):
            continue
        assert main([*argv, "--seeds", str(REAL_SEEDS)]) == 0, command
    capsys.readouterr()


def test_every_command_has_an_example_that_runs(capsys):
    """The example in each command's --help epilog."""
    from generator.cli import parser

    for name, sub in next(
        a for a in parser()._actions if hasattr(a, "choices") and a.choices
    ).choices.items():
        example = sub.epilog.removeprefix("Example: ")
        assert example.startswith(f"paper-catalog {name}"), name
        if name in ("export", "validate", "search"):
            argv = shlex.split(example.split(">")[0])[1:]
            assert main(argv) in (0, 1) and capsys.readouterr(), example
