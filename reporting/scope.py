"""Which actions a unit answers for: those with a responsible role among the unit's roles in
the plan (``UnitReportingRoles``), in the plan's order."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from wagtail.models import Locale

from guidance.models import FocusAreaPage, MeasureAction, UnitPage

from .models import UnitReportingRoles


@dataclass(frozen=True)
class PlannedAction:
    """A live action of the plan with what a form shows of it."""

    key: object  # MeasureAction.translation_key
    focus_area: str
    measure_number: str
    measure_title: str
    text: str
    position: int
    role_ids: frozenset[int]


def planned_actions() -> list[PlannedAction]:
    """Every action of the live Norwegian plan, in the plan's order; three queries."""
    locale = Locale.get_default()
    actions = list(
        MeasureAction.objects.filter(page__live=True, page__locale=locale)
        .select_related("page")
        .prefetch_related("roles")
        .order_by("page__path", "sort_order")
    )
    areas = {area.path: area for area in FocusAreaPage.objects.live().filter(locale=locale)}
    result = []
    for position, action in enumerate(actions):
        measure = action.page
        area = areas.get(measure.path[: -measure.steplen])
        result.append(
            PlannedAction(
                key=action.translation_key,
                focus_area=f"{area.number}. {area.title}" if area else "",
                measure_number=measure.number,
                measure_title=measure.title,
                text=action.text,
                position=position,
                role_ids=frozenset(role.pk for role in action.roles.all()),
            )
        )
    return result


def units_and_roles() -> list[tuple[UnitPage, frozenset[int]]]:
    """The live Norwegian units, each with the ids of the roles it answers for."""
    roles = defaultdict(set)
    for unit_id, role_id in UnitReportingRoles.roles.through.objects.values_list(
        "unitreportingroles__unit_id", "responsiblerole_id"
    ):
        roles[unit_id].add(role_id)
    units = UnitPage.objects.live().filter(locale=Locale.get_default()).order_by("title")
    return [(unit, frozenset(roles[unit.pk])) for unit in units]


def actions_for(role_ids: frozenset[int], actions: list[PlannedAction]) -> list[PlannedAction]:
    return [action for action in actions if action.role_ids & role_ids]
