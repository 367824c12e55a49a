"""The yearly reporting in a real browser (issue 15): a leader fills in and submits the form,
the coordinator reads the evaluation; each page checked with axe-core."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from reporting.cycle import open_period
from reporting.models import UnitReport, UnitReportingRoles
from tests import factories as f

from .conftest import axe_violations, describe

pytestmark = pytest.mark.browser


@pytest.fixture
def period(site_tree):
    mapping = UnitReportingRoles.objects.create(unit=site_tree.unit)
    mapping.roles.set(site_tree.roles.values())
    return open_period(timezone.localdate().year, timezone.localdate() + datetime.timedelta(days=9))


def test_a_leader_fills_in_and_submits_the_form(site_tree, period, page, log_in):
    log_in(f.UnitLeaderFactory(unit=site_tree.unit))
    page.goto("/rapportering/")
    assert page.locator("h1").inner_text().startswith(f"Rapport {period.year}")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    statuses = page.get_by_label("Status")
    for i in range(statuses.count()):
        statuses.nth(i).select_option(label="Gjennomført")
    page.get_by_label("Hva er gjort").first.fill("Gjennomgått på personalmøtet.")
    page.get_by_role("button", name="Lever rapporten").click()
    assert page.get_by_text("Rapporten er levert og låst.").is_visible()
    assert UnitReport.objects.get(period=period).is_submitted
    assert not page.get_by_role("button", name="Lagre utkast").count()  # locked


def test_the_evaluation_and_its_printable_report_are_accessible(site_tree, period, page, log_in):
    log_in(f.CoordinatorFactory())
    for url in [f"/rapportering/{period.year}/", f"/rapportering/{period.year}/utskrift/"]:
        page.goto(url)
        violations = axe_violations(page)
        assert not violations, f"{url}:\n{describe(violations)}"
