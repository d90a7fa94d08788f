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
        pytest.fail(f"{name} not found; install the test extra: pip install -e '.[test]'")
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
