"""The state of the plan as everyone sees it: for the latest year with submitted forms, how
many of the units that answer for each action have done it. Cached until content changes (a
submitted or reopened form starts a new content generation)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache

from core.page_cache import content_generation

from .evaluation import Completion
from .models import ActionReport, ReportingPeriod, UnitReport


@dataclass
class PlanStatus:
    year: int | None = None
    actions: dict[str, Completion] = field(default_factory=dict)  # action key → completion
    focus_areas: dict[str, Completion] = field(default_factory=dict)  # as the forms name them

    def for_action(self, action) -> Completion | None:
        return self.actions.get(str(action.translation_key))


def plan_status() -> PlanStatus:
    key = f"reporting:plan-status:{content_generation()}"
    status = cache.get(key)
    if status is None:
        status = _plan_status()
        cache.set(key, status, 24 * 60 * 60)
    return status


def _plan_status() -> PlanStatus:
    period = (
        ReportingPeriod.objects.filter(reports__state=UnitReport.SUBMITTED)
        .order_by("-year")
        .first()
    )
    if period is None:
        return PlanStatus()
    actions: dict[str, Completion] = defaultdict(Completion)
    areas: dict[str, Completion] = defaultdict(Completion)
    for row in ActionReport.objects.filter(
        report__period=period, report__state=UnitReport.SUBMITTED
    ).only("action_key", "focus_area", "status"):
        actions[str(row.action_key)].add(row)
        areas[row.focus_area].add(row)
    return PlanStatus(period.year, dict(actions), dict(sorted(areas.items())))
