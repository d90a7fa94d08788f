"""The code stays ruff-clean (lint and format), as pyproject.toml configures it."""

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT


def ruff() -> str:
    beside_python = Path(sys.executable).with_name("ruff")
    return str(beside_python) if beside_python.exists() else shutil.which("ruff") or "ruff"


def test_ruff_check():
    result = subprocess.run(
        [ruff(), "check", "generator", "tests"], cwd=PROJECT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format():
    result = subprocess.run(
        [ruff(), "format", "--check", "generator", "tests"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
