"""App roles from the ID token → our groups, and the unit that follows a unit role."""

from __future__ import annotations

from anyascii import anyascii
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from ..models import AppRole, StaffProfile, UnitRoles

PREFIX = "VNR"


def default_value(role_name: str, unit_title: str | None = None) -> str:
    """The app role's value we propose for a role: «VNR.Redaktor», «VNR.Ressursperson.<enhet>».

    Entra ID's values take no spaces; ASCII keeps them easy to type in its portal.
    """
    parts = [PREFIX, slugify(anyascii(role_name)).replace("-", "").capitalize()]
    if unit_title is not None:
        parts.append(slugify(anyascii(unit_title)))
    return ".".join(parts)[:120]


def ensure_default(group: Group, value: str) -> None:
    """Give ``group`` an app role with ``value`` unless it has one (or the value is taken)."""
    if not group.app_roles.exists() and not AppRole.objects.filter(value=value).exists():
        AppRole.objects.create(group=group, value=value)


@transaction.atomic
def apply_app_roles(user, values) -> bool:
    """Make ``user``'s groups exactly those of the app roles in ``values``; the user's unit
    follows a unit role (a leader's role before a resource person's). Returns whether any
    value was known: a user without one gets no access."""
    groups = list(Group.objects.filter(app_roles__value__in=list(values or ())).distinct())
    user.groups.set(groups)
    unit_id = unit_of(groups)
    if unit_id is not None:
        profile, _ = StaffProfile.objects.get_or_create(user=user)
        if profile.unit_id != unit_id:
            profile.unit_id = unit_id
            profile.save(update_fields=["unit"])
    return bool(groups)


def unit_of(groups) -> int | None:
    ids = [group.pk for group in groups]
    rows = UnitRoles.objects.filter(
        Q(leader_group_id__in=ids) | Q(resource_person_group_id__in=ids)
    )
    leads = sorted(row.unit_id for row in rows if row.leader_group_id in ids)
    others = sorted(row.unit_id for row in rows)
    chosen = leads or others
    return chosen[0] if chosen else None
