"""Every room's tests run: pytest collects only the folders in ``testpaths`` (pyproject.toml),
and pytest-xdist shares them out in the order they need."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import conftest as root_conftest

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
def test_only_distributions_that_keep_the_order_are_accepted(request, monkeypatch, dist, refused):
    """pytest-xdist's workers must run the tests in conftest.py's order (``_order``): the root
    conftest's ``pytest_configure``, given this run's configuration with ``--dist`` set."""
    monkeypatch.setattr(request.config.option, "dist", dist)
    if refused:
        with pytest.raises(pytest.UsageError, match=f"--dist {dist} runs the tests out of"):
            root_conftest.pytest_configure(request.config)
    else:
        root_conftest.pytest_configure(request.config)
