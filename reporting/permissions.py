"""Who may do what with a unit's report: the unit's resource persons fill it in, its leaders
fill it in and submit it, the coordinators (and administrators) read every report, reopen a
submitted one, adjust the list of actions and export the evaluation. Nobody else sees a report.
"""

from __future__ import annotations

from accounts.models import UnitRoles
from accounts.people import is_coordinator

from .models import UnitReport

VIEW, EDIT, SUBMIT, REOPEN, ADJUST = "view", "edit", "submit", "reopen", "adjust"


def unit_roles(user) -> dict[int, set[str]]:
    """``{unit id: {"leader", "resource person"}}`` for the units ``user`` has a role in."""
    if not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, "_vnr_reporting_roles", None)
    if cached is None:
        cached = {}
        for unit_id in UnitRoles.objects.filter(leader_group__user=user).values_list(
            "unit_id", flat=True
        ):
            cached.setdefault(unit_id, set()).add("leader")
        for unit_id in UnitRoles.objects.filter(resource_person_group__user=user).values_list(
            "unit_id", flat=True
        ):
            cached.setdefault(unit_id, set()).add("resource person")
        user._vnr_reporting_roles = cached
    return cached


def may_follow_up(user) -> bool:
    """The coordinators: every report, reopening, the evaluation and its exports."""
    return user.is_authenticated and is_coordinator(user)


def is_open_for_changes(report: UnitReport) -> bool:
    """A draft before the deadline, or one the coordinator has reopened."""
    return not report.is_submitted and (report.reopened or not report.period.deadline_passed)


def allowed(user, report: UnitReport) -> set[str]:
    roles = unit_roles(user).get(report.unit_id, set())
    result = set()
    if roles or may_follow_up(user):
        result.add(VIEW)
    if roles and is_open_for_changes(report):
        result.add(EDIT)
        if "leader" in roles:
            result.add(SUBMIT)
    if may_follow_up(user):
        if report.is_submitted:
            result.add(REOPEN)
        if not report.is_submitted:
            result.add(ADJUST)
    return result
