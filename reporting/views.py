"""/rapportering/: a unit's form for its leader and resource persons, the coordinator's
evaluation with its spreadsheet and printable report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import cycle, filling
from .evaluation import STATUS_LABELS, evaluate
from .export import workbook
from .forms import ActionReportFormSet, ProfessionalDayForm, ReopenForm, UnitReportForm
from .models import ReportEvent, ReportingPeriod, UnitReport
from .permissions import ADJUST, EDIT, REOPEN, SUBMIT, VIEW, allowed, may_follow_up, unit_roles
from .scope import actions_for, planned_actions, units_and_roles


def my_report(request):
    """The reader's unit's form for the latest year; the coordinator's evaluation; or a page
    saying whom reporting is for."""
    period = ReportingPeriod.objects.order_by("-year").first()
    reports = (
        list(period.reports.filter(unit_id__in=unit_roles(request.user)).order_by("unit_title"))
        if period
        else []
    )
    if len(reports) == 1:
        return redirect("reporting_form", period.year, reports[0].unit.slug)
    if not reports and period and may_follow_up(request.user):
        return redirect("reporting_evaluation", period.year)
    return TemplateResponse(
        request,
        "reporting/start.html",
        {"period": period, "reports": reports, "follow_up": may_follow_up(request.user)},
    )


def _report(request, year: int, unit: str) -> tuple[UnitReport, set[str]]:
    report = get_object_or_404(
        UnitReport.objects.select_related("period", "unit"), period__year=year, unit__slug=unit
    )
    rights = allowed(request.user, report)
    if VIEW not in rights:
        raise PermissionDenied
    return report, rights


def report_form(request, year: int, unit: str):
    report, rights = _report(request, year, unit)
    rows = report.actions.order_by("position")
    if request.method == "POST":
        submit = "submit" in request.POST
        if EDIT not in rights or (submit and SUBMIT not in rights):
            return _refused(request, report, submit)
        unit_form = UnitReportForm(request.POST, instance=report)
        formset = ActionReportFormSet(request.POST, queryset=rows)
        valid = unit_form.is_valid() and formset.is_valid()
        if valid and (not submit or formset.require_every_status()):
            filling.save(report, unit_form, formset, request.user, submit)
            messages.success(
                request, _("Rapporten er levert og låst.") if submit else _("Utkastet er lagret.")
            )
            return redirect("reporting_form", year, unit)
        messages.error(request, _("Skjemaet har feil. Se merknadene ved feltene."))
    else:
        unit_form = UnitReportForm(instance=report)
        formset = ActionReportFormSet(queryset=rows)
    return _render_form(request, report, rights, unit_form, formset)


def _refused(request, report: UnitReport, submit: bool):
    if report.is_submitted:
        message = _("Rapporten er levert og låst. Koordinatoren kan åpne den igjen.")
    elif report.period.deadline_passed and not report.reopened:
        message = _("Fristen er passert. Be koordinatoren åpne skjemaet igjen.")
    elif submit:
        message = _("Bare enhetens leder kan levere rapporten.")
    else:
        message = _("Du kan ikke endre denne rapporten.")
    messages.error(request, message)
    response = redirect("reporting_form", report.period.year, report.unit.slug)
    response.status_code = 303
    return response


def _render_form(request, report, rights, unit_form, formset):
    evidence_hires = filling.new_hires(report) if not report.is_submitted else None
    context = {
        "report": report,
        "period": report.period,
        "rights": rights,
        "can_edit": EDIT in rights,
        "unit_form": unit_form,
        "formset": formset,
        "events": report.events.select_related("user"),
        "new_hires": evidence_hires,
        "reopen_form": ReopenForm() if REOPEN in rights else None,
        "adjust": _adjust_choices(report) if ADJUST in rights else None,
        "status_labels": STATUS_LABELS,
    }
    return TemplateResponse(request, "reporting/form.html", context)


def _adjust_choices(report: UnitReport) -> list[tuple[object, bool]]:
    """Every action of the plan, ticked where it is on the unit's form."""
    on_form = {row.action_key for row in report.actions.all()}
    return [(action, action.key in on_form) for action in planned_actions()]


@require_POST
def reopen(request, year: int, unit: str):
    report, rights = _report(request, year, unit)
    if REOPEN not in rights:
        raise PermissionDenied
    form = ReopenForm(request.POST)
    if form.is_valid():
        cycle.reopen(report, request.user, form.cleaned_data["reason"])
        messages.success(request, _("Skjemaet er åpnet igjen."))
    else:
        messages.error(request, _("Skriv hvorfor skjemaet åpnes igjen."))
    return redirect("reporting_form", year, unit)


@require_POST
@transaction.atomic
def adjust(request, year: int, unit: str):
    """The coordinator adds or removes actions on a unit's form (a draft only)."""
    report, rights = _report(request, year, unit)
    if ADJUST not in rights:
        raise PermissionDenied
    wanted = set(request.POST.getlist("action"))
    actions = {str(action.key): action for action in planned_actions()}
    if not wanted <= set(actions):
        messages.error(request, _("Ukjent tiltak. Ingenting er endret."))
        return redirect("reporting_form", year, unit)
    current = {str(row.action_key): row for row in report.actions.all()}
    removed = [current[key] for key in set(current) - wanted]
    added = [cycle.action_row(report, actions[key]) for key in wanted - set(current)]
    for row in removed:
        row.delete()
    report.actions.model.objects.bulk_create(added)
    cycle.record(
        report,
        ReportEvent.ADJUSTED,
        request.user,
        changes={
            "lagt til": [row.action_text for row in added],
            "fjernet": [row.action_text for row in removed],
        },
    )
    messages.success(request, _("Tiltakslisten er oppdatert."))
    return redirect("reporting_form", year, unit)


def _follow_up_only(request):
    if not may_follow_up(request.user):
        raise PermissionDenied


def evaluation(request, year: int):
    _follow_up_only(request)
    period = get_object_or_404(ReportingPeriod, year=year)
    if request.method == "POST":
        form = ProfessionalDayForm(request.POST)
        if form.is_valid():
            form.instance.period = period
            form.save()
            messages.success(request, _("Fagdagen er registrert."))
            return redirect("reporting_evaluation", year)
    else:
        form = ProfessionalDayForm()
    return TemplateResponse(
        request,
        "reporting/evaluation.html",
        {
            "evaluation": evaluate(period),
            "period": period,
            "years": ReportingPeriod.objects.values_list("year", flat=True),
            "day_form": form,
        },
    )


def printable(request, year: int):
    _follow_up_only(request)
    period = get_object_or_404(ReportingPeriod, year=year)
    return TemplateResponse(
        request,
        "reporting/print.html",
        {"evaluation": evaluate(period), "period": period},
    )


def export(request, year: int):
    _follow_up_only(request)
    period = get_object_or_404(ReportingPeriod, year=year)
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="rapportering-{year}.xlsx"'
    workbook(evaluate(period)).save(response)
    return response


def units_for_opening():
    """What opening a year would give each unit (for the admin's confirmation)."""
    actions = planned_actions()
    return [(unit, len(actions_for(roles, actions))) for unit, roles in units_and_roles()]
