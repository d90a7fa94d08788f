"""The command line: the export contract, help that teaches, errors without tracebacks."""

import json
import subprocess
import sys

from conftest import ABSTRACT_A, FROZEN_SEEDS, HEADER, PROJECT, REAL_SEEDS

from generator.cli import main, parser


def run(*args, cwd=PROJECT):
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True, text=True
    )


def test_export_prints_the_catalog(capsys):
    assert main(["export", "--seeds", str(FROZEN_SEEDS)]) == 0
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


def test_every_command_has_help_with_an_example():
    commands = parser()._subparsers._group_actions[0].choices
    assert set(commands) >= {"build", "serve", "export", "validate", "search", "enrich"}
    for name, sub in commands.items():
        assert f"Example: paper-catalog {name}" in sub.format_help(), name
        assert sub.description, name


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


BAD_CURATION = "kan-networks-unknown: {add: [no-such-tag]}\nkan-networks-unknown: {add: [x]}\n"


def test_validate_reports_every_problem_as_file_line_col(seed_dir, capsys):
    folder = seed_dir(
        {"001_x.txt": HEADER + f"KAN Networks\n{ABSTRACT_A}\n", "curation.yml": BAD_CURATION}
    )
    assert main(["validate", "--seeds", str(folder)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[:2] == [
        f"{folder}/curation.yml:1:1: error: unknown paper id 'kan-networks-unknown' (did you mean 'kan-networks'?)",
        f"{folder}/curation.yml:2:1: error: duplicate key 'kan-networks-unknown' (first defined on line 1) (merge the two entries into one)",
    ]
    assert err[-1] == "paper-catalog: stopped on 2 error(s)."


def test_validate_prints_github_annotations_in_actions(seed_dir, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    folder = seed_dir(
        {
            "001_x.txt": HEADER + f"KAN Networks\n{ABSTRACT_A}\n",
            "curation.yml": "kan-networks: {add: [nope]}\n",
        }
    )
    assert main(["validate", "--seeds", str(folder)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert (
        f"::error file={folder}/curation.yml,line=1,col=22::unknown tag 'nope' in 'add' of paper 'kan-networks' (see seeds/taxonomy.yml for tags)"
        in err
    )


def test_validate_passes_on_the_real_seeds(capsys):
    assert main(["validate", "--seeds", str(REAL_SEEDS)]) == 0
    assert capsys.readouterr().out.startswith("OK: ")


def test_validate_counts_the_frozen_seeds(capsys):
    assert main(["validate", "--seeds", str(FROZEN_SEEDS)]) == 0
    assert capsys.readouterr().out == "OK: 628 papers, 0 tags, 0 topics; 0 warnings.\n"


def test_build_refuses_to_build_on_validation_errors(seed_dir, tmp_path):
    folder = seed_dir(
        {"001_x.txt": HEADER + f"KAN Networks\n{ABSTRACT_A}\n", "curation.yml": BAD_CURATION}
    )
    result = run("build", "--seeds", str(folder), "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "unknown paper id 'kan-networks-unknown'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_build_refuses_html_urls_that_would_break_every_generated_link(tmp_path):
    from conftest import copy_project

    config = copy_project(tmp_path / "project")
    text = config.read_text()
    config.write_text(text + "use_directory_urls: false\n")
    line = len(text.splitlines()) + 1
    result = run("build", "--config", str(config), "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 1
    assert f"{config}:{line}: error: use_directory_urls: false is not supported" in result.stderr
    assert "remove the use_directory_urls line" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()
