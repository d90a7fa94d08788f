"""The command line: the export contract, help that teaches, errors without tracebacks."""

import json
import subprocess
import sys

import pytest
from conftest import ABSTRACT_A, HEADER, PROJECT, REAL_SEEDS

from generator.cli import main, parser


def run(*args, cwd=PROJECT):
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True, text=True
    )


def test_export_prints_the_catalog(capsys):
    assert main(["export", "--seeds", str(REAL_SEEDS)]) == 0
    papers = json.loads(capsys.readouterr().out)
    assert len(papers) == 628
    assert sum(len(p["sources"]) for p in papers) == 684


def test_export_without_curation_files_uses_derived_titles(seed_dir, capsys):
    folder = seed_dir({"000_list.txt": f"Abstract:{ABSTRACT_A}\n"})
    assert main(["export", "--seeds", str(folder)]) == 0
    [paper] = json.loads(capsys.readouterr().out)
    assert paper["title"].startswith("We introduce a simple architecture")
    assert paper["title_derived"] is True
    assert paper["sources"] == [{"file": "000_list.txt", "line": 1}]
    assert paper["arxiv_id"] is None


@pytest.mark.parametrize("command", ["build", "serve", "export", "validate"])
def test_every_command_has_help_with_an_example(command):
    sub = parser()._subparsers._group_actions[0].choices[command]
    text = sub.format_help()
    assert "Example: paper-catalog" in text
    assert sub.description


def test_bad_seed_prints_file_and_line_without_traceback(seed_dir):
    folder = seed_dir(
        {"001_latin1.txt": (HEADER + "A Title\nCaf\xe9 " + ABSTRACT_A + "\n").encode("latin-1")}
    )
    result = run("export", "--seeds", str(folder))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{folder}/001_latin1.txt:4:4: error: the file is not valid UTF-8" in result.stderr
    assert result.stdout == ""


def test_warnings_name_file_and_line(seed_dir, capsys):
    folder = seed_dir({"001_x.txt": HEADER + f"Orphan Title Here\nA Real Title\n{ABSTRACT_A}\n"})
    assert main(["export", "--seeds", str(folder)]) == 0
    err = capsys.readouterr().err
    assert f"{folder}/001_x.txt:3:1: warning: title has no abstract after it" in err
