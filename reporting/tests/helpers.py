"""Helpers for the reporting tests: users, clients and the POST of a unit's form."""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client

from reporting.models import ReportingPeriod, UnitReport, UnitReportingRoles
from tests import factories as f


@dataclass
class Year:
    period: ReportingPeriod
    barnevern: UnitReport
    nav: UnitReport
    units: object
    site_tree: object


def roles_for(unit, *roles):
    mapping, _ = UnitReportingRoles.objects.get_or_create(unit=unit)
    mapping.roles.set(roles)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(report: UnitReport, statuses=None, **evidence) -> dict:
    """The POST of ``report``'s form with ``statuses`` (in the form's order; blank by
    default) and ``evidence`` for the year's fields."""
    rows = list(report.actions.order_by("position"))
    statuses = statuses or [""] * len(rows)
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(len(rows)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "staff_meeting_on": "",
        "staff_meeting_participants": "",
        "routines_revised": "",
        "comment": "",
        **evidence,
    }
    for i, (row, status) in enumerate(zip(rows, statuses, strict=True)):
        data.update(
            {
                f"form-{i}-id": str(row.pk),
                f"form-{i}-status": status,
                f"form-{i}-done": f"Gjort i {report.unit_title}" if status else "",
                f"form-{i}-obstacles": "",
                f"form-{i}-next_step": "",
            }
        )
    return data


def leader_of(unit):
    return f.UnitLeaderFactory(unit=unit)


def form_url(report: UnitReport) -> str:
    return f"/rapportering/{report.period.year}/{report.unit.slug}/"


def submit(report: UnitReport, statuses, **evidence):
    client = client_for(leader_of(report.unit))
    return client.post(form_url(report), {**form_data(report, statuses, **evidence), "submit": ""})
