"""Who may do what with a unit's report, through real requests: each role × its own unit or
another × view, edit (save a draft), submit, reopen and export (issue 15)."""

from __future__ import annotations

import pytest

from reporting.models import ActionReport, UnitReport
from tests import factories as f

from .helpers import client_for, form_data, form_url

pytestmark = pytest.mark.django_db

# V view the form, E save a draft, S submit, R reopen a submitted form, X export the year's
# evaluation (XLSX); "-" nothing. «own» is NAV, the unit the role belongs to; «other» Barnevern.
MATRIX = """
role             own    other
staff            -      -
resource_person  VE     -
unit_leader      VES    -
editor           -      -
koordinator      VRX    VRX
administrator    VRX    VRX
superuser        VRX    VRX
"""


def parse(text: str) -> dict[tuple[str, str], str]:
    header, *rows = (line.split() for line in text.strip().splitlines())
    return {(row[0], target): row[i] for row in rows for i, target in enumerate(header[1:], 1)}


EXPECTED = parse(MATRIX)


def make_user(role: str, units):
    return {
        "staff": lambda: f.StaffUserFactory(unit=units.nav),
        "resource_person": lambda: f.ResourcePersonFactory(unit=units.nav),
        "unit_leader": lambda: f.UnitLeaderFactory(unit=units.nav),
        "editor": lambda: f.EditorFactory(),
        "koordinator": lambda: f.CoordinatorFactory(),
        "administrator": lambda: f.AdministratorFactory(),
        "superuser": lambda: f.SuperuserFactory(),
    }[role]()


def may_view(client, report) -> bool:
    return client.get(form_url(report)).status_code == 200


def may_edit(client, report) -> bool:
    data = form_data(report, [ActionReport.PLANNED] * report.actions.count())
    client.post(form_url(report), data)
    return report.actions.filter(status=ActionReport.PLANNED).exists()


def may_submit(client, report) -> bool:
    data = form_data(report, [ActionReport.DONE] * report.actions.count())
    client.post(form_url(report), {**data, "submit": ""})
    return UnitReport.objects.get(pk=report.pk).is_submitted


def may_reopen(client, report) -> bool:
    UnitReport.objects.filter(pk=report.pk).update(state=UnitReport.SUBMITTED)
    client.post(form_url(report) + "apne/", {"reason": "Test"})
    return not UnitReport.objects.get(pk=report.pk).is_submitted


def may_export(client, report) -> bool:
    response = client.get(f"/rapportering/{report.period.year}/rapportering.xlsx")
    return response.status_code == 200


CHECKS = {"V": may_view, "E": may_edit, "S": may_submit, "R": may_reopen, "X": may_export}


@pytest.mark.parametrize(("role", "target"), list(EXPECTED))
def test_reporting_permission_matrix(year, role, target):
    client = client_for(make_user(role, year.units))
    actual = ""
    for letter, check in CHECKS.items():
        report = UnitReport.objects.get(pk=(year.nav if target == "own" else year.barnevern).pk)
        report.actions.update(status="")
        UnitReport.objects.filter(pk=report.pk).update(state=UnitReport.DRAFT, reopened=False)
        if check(client, report):
            actual += letter
    assert (actual or "-") == EXPECTED[(role, target)]


def test_anonymous_visitors_are_sent_to_login(year, anonymous_client):
    for url in ["/rapportering/", form_url(year.nav), f"/rapportering/{year.period.year}/"]:
        response = anonymous_client.get(url)
        assert response.status_code == 302 and "/logg-inn/" in response["Location"]
