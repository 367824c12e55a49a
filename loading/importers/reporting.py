"""Which of the plan's responsible roles each unit answers for in the yearly reporting (the
``reporting`` app)."""

from __future__ import annotations

from reporting.models import UnitReportingRoles

from .. import schema
from ..context import LoadContext


def load_unit_roles(ctx: LoadContext, data: schema.Reporting) -> None:
    """Each unit's roles: those of every unit and its own. An existing set an editor has
    changed is kept unless ``overwrite`` is set."""
    common = ctx.refs("role", data.every_unit, data.at("every_unit"))
    for slug in data.units:
        ctx.ref("unit", slug, data.at(f"units.{slug}"))
    label = UnitReportingRoles._meta.verbose_name
    for slug, unit in ctx.loaded["unit"].items():
        own = ctx.refs("role", data.units.get(slug, []), data.at(f"units.{slug}"))
        wanted = {role.pk for role in [*common, *own]}
        roles, created = UnitReportingRoles.objects.get_or_create(unit=unit)
        current = set(roles.roles.values_list("pk", flat=True))
        if created or (current != wanted and ctx.overwrite):
            roles.roles.set(wanted)
            (ctx.report.created if created else ctx.report.updated)[label] += 1
        elif current != wanted:
            ctx.report.kept_edited.append(f"{label} {unit.title}")
        else:
            ctx.report.unchanged[label] += 1
