"""The yearly cycle: the coordinator opens a year, every unit gets its form and its people an
e-mail; a reminder goes out before the deadline and a notice when it has passed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.people import LEADERS, RESOURCE_PERSONS, coordinators, people_by_unit
from core.page_cache import content_changed

from .models import ActionReport, ReportEvent, ReportingPeriod, UnitReport
from .scope import actions_for, planned_actions, units_and_roles

REMINDER_DAYS = 7


class ReportingError(Exception):
    """A reporting action that cannot be done; the message is Norwegian, for the user."""


@transaction.atomic
def open_period(year: int, deadline: datetime.date, user=None) -> ReportingPeriod:
    """Open ``year``: a form for every unit with the actions it answers for."""
    if ReportingPeriod.objects.filter(year=year).exists():
        raise ReportingError(_("Rapporteringsåret %(year)s er allerede åpnet.") % {"year": year})
    if deadline < timezone.localdate():
        raise ReportingError(_("Fristen kan ikke være passert når året åpnes."))
    period = ReportingPeriod.objects.create(year=year, deadline=deadline, opened_by=user)
    actions = planned_actions()
    rows = []
    for unit, role_ids in units_and_roles():
        own = actions_for(role_ids, actions)
        if not own:
            continue
        report = UnitReport.objects.create(period=period, unit=unit, unit_title=unit.title)
        rows += [action_row(report, action) for action in own]
    ActionReport.objects.bulk_create(rows)
    return period


def action_row(report: UnitReport, action) -> ActionReport:
    return ActionReport(
        report=report,
        action_key=action.key,
        focus_area=action.focus_area,
        measure_number=action.measure_number,
        measure_title=action.measure_title,
        action_text=action.text,
        position=action.position,
    )


def record(report: UnitReport, kind: str, user=None, reason: str = "", changes=None) -> None:
    ReportEvent.objects.create(
        report=report, kind=kind, user=user, reason=reason, changes=changes or {}
    )


def reopen(report: UnitReport, user, reason: str) -> None:
    """The coordinator reopens a submitted form; the reason is kept in its history."""
    if not reason.strip():
        raise ReportingError(_("Skriv hvorfor skjemaet åpnes igjen."))
    if not report.is_submitted:
        raise ReportingError(_("Skjemaet er ikke levert, og trenger ikke åpnes."))
    report.state, report.reopened = UnitReport.DRAFT, True
    report.save(update_fields=["state", "reopened"])
    record(report, ReportEvent.REOPENED, user, reason.strip())
    content_changed()  # the plan's pages count only submitted forms


# E-mails


@dataclass(frozen=True)
class Notice:
    recipient: object
    report: UnitReport
    kind: str  # "opened", "reminder" or "overdue"


def _form_url(report: UnitReport) -> str:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("reporting_form", args=[report.period.year, report.unit.slug])


def notices(reports, kind: str) -> list[Notice]:
    """One notice per leader and resource person of each report's unit (who have e-mail)."""
    units = [report.unit for report in reports]
    people = {}
    for relation in (LEADERS, RESOURCE_PERSONS):
        for key, users in people_by_unit(units, relation).items():
            people.setdefault(key, {}).update({user.pk: user for user in users})
    return [
        Notice(user, report, kind)
        for report in reports
        for user in people.get(report.unit.translation_key, {}).values()
        if user.email
    ]


SUBJECTS = {
    "opened": gettext_lazy(
        "Rapportering på handlingsplanen mot vold i nære relasjoner for %(year)s"
    ),
    "reminder": gettext_lazy("Påminnelse: rapporteringen for %(year)s har frist %(deadline)s"),
    "overdue": gettext_lazy("Fristen for rapporteringen for %(year)s er passert"),
}


def notice_email(notice: Notice) -> EmailMessage:
    period = notice.report.period
    context = {
        "recipient": notice.recipient,
        "report": notice.report,
        "period": period,
        "kind": notice.kind,
        "url": _form_url(notice.report),
    }
    subject = str(SUBJECTS[notice.kind]) % {
        "year": period.year,
        "deadline": period.deadline.strftime("%d.%m.%Y"),
    }
    body = render_to_string("reporting/email/notice.txt", context)
    return EmailMessage(subject, body, to=[notice.recipient.email])


def due_notices(today: datetime.date | None = None) -> list[tuple[ReportingPeriod, str, list]]:
    """The reminders and deadline notices due ``today`` for forms not yet submitted; each kind
    once per year."""
    today = today or timezone.localdate()
    due = []
    for period in ReportingPeriod.objects.filter(deadline__gte=today - datetime.timedelta(days=60)):
        open_reports = list(
            period.reports.exclude(state=UnitReport.SUBMITTED).select_related("unit", "period")
        )
        if not open_reports:
            continue
        if (
            period.reminder_sent_on is None
            and today <= period.deadline
            and (period.deadline - today).days <= REMINDER_DAYS
        ):
            due.append((period, "reminder", open_reports))
        elif period.overdue_notice_sent_on is None and today > period.deadline:
            due.append((period, "overdue", open_reports))
    return due


def coordinator_emails(period: ReportingPeriod, reports) -> list[EmailMessage]:
    """The coordinators hear which units have not submitted when the deadline has passed."""
    body = render_to_string(
        "reporting/email/overdue_coordinator.txt",
        {
            "period": period,
            "reports": reports,
            "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + reverse("reporting_evaluation", args=[period.year]),
        },
    )
    subject = str(SUBJECTS["overdue"]) % {"year": period.year}
    return [EmailMessage(subject, body, to=[user.email]) for user in coordinators() if user.email]
