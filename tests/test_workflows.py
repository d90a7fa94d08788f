"""Lint the GitHub Actions workflows with actionlint and zizmor, plus a few policy checks."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS_DIR = ROOT / ".github" / "workflows"
WORKFLOWS = sorted(WORKFLOWS_DIR.glob("*.y*ml"))
BLOCKING_SEVERITIES = {"Medium", "High"}


def find_tool(name: str) -> str:
    """Find a console script installed next to this interpreter, else on PATH.

    Fails (rather than skips) when missing: the tools are in the project's `test` extra.
    """
    bin_dir = Path(sys.executable).parent
    for candidate in (bin_dir / name, bin_dir / f"{name}.exe"):
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        pytest.fail(
            f"{name} not found; install the test extra: pip install -c constraints.txt -e '.[test]'"
        )
    return found


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)


def test_workflows_exist():
    names = {path.name for path in WORKFLOWS}
    assert {"ci.yml", "pages.yml"} <= names


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_actionlint(workflow: Path):
    result = run(find_tool("actionlint"), "-no-color", str(workflow.relative_to(ROOT)))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert output == "", output


def test_zizmor_has_no_medium_or_high_findings():
    result = run(
        find_tool("zizmor"),
        "--offline",
        "--no-progress",
        "--no-exit-codes",
        "--format=json",
        str(WORKFLOWS_DIR.relative_to(ROOT)),
    )
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)
    blocking = [
        describe(finding)
        for finding in findings
        if finding["determinations"]["severity"] in BLOCKING_SEVERITIES
        and not finding.get("ignored")
    ]
    assert not blocking, "\n".join(blocking)


def describe(finding: dict) -> str:
    where = []
    for location in finding["locations"]:
        path = location["symbolic"]["key"].get("Local", {}).get("verbatim_path", "?")
        row = location["concrete"]["location"]["start_point"]["row"] + 1
        where.append(f"{path}:{row}")
    severity = finding["determinations"]["severity"]
    return f"{finding['ident']} ({severity}): {finding['desc']} at {', '.join(where)}"


def load(workflow: Path) -> dict:
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    # PyYAML (YAML 1.1) reads the `on:` key as the boolean True.
    data["on"] = data.pop(True, data.get("on"))
    return data


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_no_write_all_permissions(workflow: Path):
    data = load(workflow)
    scopes = {"workflow": data.get("permissions")}
    scopes |= {f"job {name}": job.get("permissions") for name, job in data["jobs"].items()}
    offenders = [scope for scope, perms in scopes.items() if perms == "write-all"]
    assert not offenders, f"write-all permissions in {workflow.name}: {offenders}"


def test_pages_workflow_deploys_with_pages_actions():
    data = load(WORKFLOWS_DIR / "pages.yml")
    uses = [
        step["uses"].split("@")[0]
        for job in data["jobs"].values()
        for step in job.get("steps", [])
        if "uses" in step
    ]
    assert "actions/upload-pages-artifact" in uses
    assert "actions/deploy-pages" in uses
    assert "push" in data["on"]
    assert "workflow_dispatch" in data["on"]


def test_pages_deploys_only_what_the_tests_passed():
    """The build needs a job that runs the CI workflow, and the deploy needs the build."""
    jobs = load(WORKFLOWS_DIR / "pages.yml")["jobs"]
    testing = {
        name for name, job in jobs.items() if job.get("uses") == "./.github/workflows/ci.yml"
    }
    assert testing, "no job in pages.yml calls ci.yml"
    assert testing <= set(needs(jobs["build"]))
    assert "build" in needs(jobs["deploy"])
    assert "workflow_call" in load(WORKFLOWS_DIR / "ci.yml")["on"]


def test_pages_builds_with_the_last_builds_caches_restored_where_the_build_reads_them():
    """A push that changes a few papers reuses deduplication, the rules' tags and the
    similarities of the last deployed build (each checked against its inputs on use)."""
    from generator.site import CACHE_FOLDER

    steps = load(WORKFLOWS_DIR / "pages.yml")["jobs"]["build"]["steps"]
    names = [step.get("uses", step.get("run", "")).split("@")[0] for step in steps]
    cache = steps[names.index("actions/cache")]
    assert names.index("actions/cache") < names.index("paper-catalog build --site-dir site")
    assert cache["with"]["path"] == CACHE_FOLDER.as_posix()
    assert cache["with"]["key"] == "paper-catalog-build-${{ github.sha }}"
    assert cache["with"]["restore-keys"] == "paper-catalog-build-"


def test_ci_runs_on_pushes_to_every_branch_and_on_pull_requests():
    triggers = load(WORKFLOWS_DIR / "ci.yml")["on"]
    assert "pull_request" in triggers
    assert triggers["push"] is None, "push must not be filtered: main needs its CI run too"


def test_ci_tests_every_supported_python():
    strategy = load(WORKFLOWS_DIR / "ci.yml")["jobs"]["test"]["strategy"]
    assert strategy["matrix"]["python-version"] == ["3.11", "3.12", "3.13"]
    assert strategy["fail-fast"] is False


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_workflows_install_the_pinned_versions(workflow: Path):
    steps = [step for job in load(workflow)["jobs"].values() for step in job.get("steps", [])]
    installs = [step["run"] for step in steps if "pip install" in step.get("run", "")]
    unpinned = [run for run in installs if "-c constraints.txt" not in run]
    assert not unpinned, f"pip install without the constraints file: {unpinned}"
    caches = [
        step["with"]["cache-dependency-path"]
        for step in steps
        if step.get("uses", "").startswith("actions/setup-python@")
    ]
    assert caches and all(path == "constraints.txt" for path in caches), caches


def test_ci_script_runs_the_readme_test_command_with_the_pinned_versions():
    command = "pip install -c constraints.txt -e '.[test]' && pytest"
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert command in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()


def needs(job: dict) -> list[str]:
    value = job.get("needs", [])
    return [value] if isinstance(value, str) else value
