"""axe-core over Wagtail's page editor for a routine, with every tab open.

What our own panels and blocks would cause must be fixed; what Wagtail's admin reports by
itself is listed in docs/accessibility.md («Known problems in Wagtail's admin»). The test fails
on any violation not on that list, and on a listed one that is no longer reported, so the list
stays true.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import factories as f

from .conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parent.parent.parent / "docs" / "accessibility.md"
# A row of the table: | `rule-id` | `part of the element's CSS selector` | … |
KNOWN_ROW = re.compile(r"^\|\s*`([\w-]+)`\s*\|\s*`([^`]+)`\s*\|", re.MULTILINE)


def known_admin_violations() -> set[tuple[str, str]]:
    section = DOCS.read_text(encoding="utf-8").split("## Known problems in Wagtail's admin")[1]
    return set(KNOWN_ROW.findall(section.split("\n## ")[0]))


def test_routine_editor_has_only_wagtails_documented_violations(site_tree, page, log_in):
    known = known_admin_violations()
    assert known, "docs/accessibility.md lists no known admin problems; the parser is broken"
    log_in(f.SuperuserFactory())
    response = page.goto(f"/admin/pages/{site_tree.routine.pk}/edit/")
    assert response.status == 200
    page.wait_for_load_state("networkidle")

    unknown, seen = [], set()
    tabs = page.get_by_role("tab")
    assert tabs.count() >= 2  # content and settings (ownership and review)
    for index in range(tabs.count()):
        tab = tabs.nth(index)
        tab.click()
        page.wait_for_timeout(200)
        for violation in axe_violations(page):
            for target in violation["targets"]:
                match = next(
                    (
                        (rule, part)
                        for rule, part in known
                        if rule == violation["id"] and part in target
                    ),
                    None,
                )
                if match:
                    seen.add(match)
                else:
                    unknown.append(f"{tab.inner_text()}: {violation['id']} at {target}")
        screenshot(page, f"admin-rutine-{tab.inner_text().lower()}")

    assert not unknown, "Not documented as Wagtail's own:\n  " + "\n  ".join(unknown)
    assert seen == known, f"Listed in docs/accessibility.md but not reported: {known - seen}"
    assert page.csp_violations == []
