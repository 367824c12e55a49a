"""Saving and submitting a unit's form, with every change in its history."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.people import active_staff
from core.page_cache import content_changed
from onboarding.follow_up import follow_up

from .cycle import record
from .models import ReportEvent, UnitReport


def _changes(form) -> dict:
    return {
        name: [str(form.initial.get(name) or ""), str(form.cleaned_data.get(name) or "")]
        for name in form.changed_data
    }


def new_hires(report: UnitReport) -> tuple[int, int]:
    """The unit's staff who started in the report's year, and how many of them have read their
    reading list: from the reading-list follow-up, never typed in."""
    people = active_staff().filter(staff_profile__unit_id=report.unit_id)
    started = [
        row for row in follow_up(people) if row.progress.started_on.year == report.period.year
    ]
    return len(started), sum(row.progress.complete for row in started)


@transaction.atomic
def save(report: UnitReport, unit_form, formset, user, submit: bool) -> None:
    """Save the draft, or submit it (which locks it); one history entry either way."""
    changes = {"skjema": _changes(unit_form)} if unit_form.changed_data else {}
    for form in formset.forms:
        if form.changed_data:
            changes[str(form.instance.action_key)] = _changes(form)
    unit_form.save()
    formset.save()
    if not submit:
        record(report, ReportEvent.SAVED, user, changes=changes)
        return
    report.new_hires, report.new_hires_confirmed = new_hires(report)
    report.state, report.reopened = UnitReport.SUBMITTED, False
    report.submitted_at, report.submitted_by = timezone.now(), user
    report.save()
    record(report, ReportEvent.SUBMITTED, user, changes=changes)
    content_changed()  # the plan's pages show the submitted forms' status
