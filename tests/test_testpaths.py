"""Every room's tests run: pytest collects only the folders in ``testpaths`` (pyproject.toml)."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_every_rooms_tests_are_collected():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    testpaths = set(config["tool"]["pytest"]["ini_options"]["testpaths"])
    rooms_with_tests = {
        path.parent.name for path in REPO.glob("*/tests") if any(path.glob("test_*.py"))
    }
    assert rooms_with_tests <= testpaths, sorted(rooms_with_tests - testpaths)
