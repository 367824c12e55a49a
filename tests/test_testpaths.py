"""Every room's tests run: pytest collects only the folders in ``testpaths`` (pyproject.toml),
and pytest-xdist shares them out in the order they need."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def test_every_rooms_tests_are_collected():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    testpaths = set(config["tool"]["pytest"]["ini_options"]["testpaths"])
    rooms_with_tests = {
        path.parent.name for path in REPO.glob("*/tests") if any(path.glob("test_*.py"))
    }
    assert rooms_with_tests <= testpaths, sorted(rooms_with_tests - testpaths)


@pytest.mark.parametrize(
    ("dist", "refused"),
    [("load", False), ("loadfile", True), ("loadscope", True), ("worksteal", True)],
)
def test_only_distributions_that_keep_the_order_are_accepted(dist, refused):
    """pytest-xdist's workers must run the tests in conftest.py's order (``_order``)."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", dist, "--collect-only", "-q"]
        + ["-p", "no:cacheprovider", "tests/test_testpaths.py"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
    )
    if refused:
        assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
        assert f"--dist {dist} runs the tests out of the order they need" in result.stderr
    else:
        assert result.returncode == pytest.ExitCode.OK, result.stdout + result.stderr
