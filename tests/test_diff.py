"""paper-catalog diff: what a change does to the catalog, for a pull request's reviewer."""

import os
import shutil
import subprocess

import yaml
from conftest import ABSTRACT_A, ABSTRACT_B, HEADER, PROJECT

from generator.cli import main
from generator.diff import CatalogDiff, compare, markdown


def paper(paper_id, *sources, **fields):
    return {
        "id": paper_id,
        "title": fields.pop("title", paper_id),
        "tags": [],
        "topics": [],
        "authors": [],
        "sources": [{"file": f, "line": line} for f, line in sources],
        **fields,
    }


def test_compare_tells_added_removed_moved_merged_split_and_changed():
    before = [
        paper("a", ("1.txt", 1), tags=["x"]),
        paper("b", ("1.txt", 3)),
        paper("c", ("1.txt", 5)),
        paper("d", ("1.txt", 7), ("2.txt", 1)),
        paper("e", ("1.txt", 9), title="E"),
        paper("f", ("1.txt", 11)),
    ]
    after = [
        paper("a", ("1.txt", 1), tags=["y"], authors=["Ada Lovelace"]),  # changed
        paper("bc", ("1.txt", 3), ("1.txt", 5)),  # b and c merged
        paper("d1", ("1.txt", 7)),  # d split
        paper("d2", ("2.txt", 1)),
        paper("e2", ("1.txt", 9), title="E"),  # e has a new id
        paper("g", ("3.txt", 1)),  # added; f removed
    ]
    diff = compare(before, after)
    assert diff.added == ["g"] and diff.removed == ["f"]
    assert diff.merged == [(("b", "c"), "bc")]
    assert diff.split == [("d", ("d1", "d2"))]
    assert diff.moved == [("e", "e2")]
    assert diff.changed == {"a": {"tags": (["x"], ["y"]), "authors": ([], ["Ada Lovelace"])}}


def test_markdown_lists_every_change_and_shows_text_literally():
    diff = CatalogDiff(
        added=["new"],
        moved=[("old", "new-id")],
        changed={
            "p": {
                "tags": (["a", "b"], ["b", "c"]),
                "title": ("Old", "A *starred* <b>title</b>"),
                "venue": (None, {"name": "ICLR", "year": 2024, "type": "conference"}),
            }
        },
    )
    assert markdown(diff, "origin/main") == (
        "## Catalog changes against `origin/main`\n\n"
        "Papers: 1 added, 1 with a new id, 1 changed.\n\n"
        "- added: `new`\n"
        "- new id: `old` is now `new-id` (its old URL needs a redirect)\n"
        "- `p`:\n"
        "  - tags: +c -a\n"
        "  - title: Old → A \\*starred\\* &lt;b&gt;title&lt;/b&gt;\n"
        "  - venue: none → ICLR 2024\n"
    )
    assert markdown(CatalogDiff(), "main").endswith("No paper, tag, topic or metadata changes.\n")


def git(folder, *args):
    subprocess.run(
        ["git", *args],
        cwd=folder,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@t",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@t",
        },
    )


def project_repo(tmp_path):
    """A git repository with the project's code and two papers, the second curated."""
    repo = tmp_path / "repo"
    shutil.copytree(
        PROJECT / "generator", repo / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    seeds = repo / "seeds"
    seeds.mkdir()
    (seeds / "001_a.txt").write_text(
        HEADER + f"Mixing MLPs\n{ABSTRACT_A}\nLearning in Context\n{ABSTRACT_B}\n"
    )
    shutil.copy(PROJECT / "seeds" / "taxonomy.yml", seeds / "taxonomy.yml")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    (seeds / "curation.yml").write_text(
        'mixing-mlps: {authors: [Ada Lovelace], published: "2021"}\n'
    )
    return repo


def test_diff_against_a_commit_shows_a_curation_change(tmp_path, monkeypatch, capsys):
    repo = project_repo(tmp_path)
    monkeypatch.chdir(repo)
    assert main(["diff", "main"]) == 0
    out = capsys.readouterr().out
    assert out == (
        "## Catalog changes against `main`\n\n"
        "Papers: 1 changed.\n\n"
        "- `mixing-mlps`:\n"
        "  - authors: none → Ada Lovelace\n"
        "  - published: none → 2021\n"
    )


def test_diff_against_an_unknown_ref_says_what_to_do(tmp_path, monkeypatch, capsys):
    repo = project_repo(tmp_path)
    monkeypatch.chdir(repo)
    assert main(["diff", "no-such-branch"]) == 1
    err = capsys.readouterr().err
    assert "cannot read the git ref 'no-such-branch'" in err
    assert "give a branch, tag or commit of this repository" in err
    assert "Traceback" not in err


def test_ci_writes_the_diff_to_the_pull_requests_job_summary(tmp_path):
    """The CI step, run as GitHub runs it: its command, with the summary file and base ref."""
    workflow = yaml.safe_load((PROJECT / ".github" / "workflows" / "ci.yml").read_text())
    [step] = [
        step
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if "paper-catalog diff" in step.get("run", "")
    ]
    assert "pull_request" in step["if"]
    assert "permissions" not in workflow or workflow["permissions"] == {"contents": "read"}
    repo = project_repo(tmp_path)
    git(repo, "update-ref", "refs/remotes/origin/main", "main")  # what checkout fetches
    summary = tmp_path / "summary.md"
    summary.write_text("")
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "BASE_REF": "main"}
    subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, env=env, check=True)
    assert "- `mixing-mlps`:\n  - authors: none → Ada Lovelace\n" in summary.read_text()
