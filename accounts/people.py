"""Who is who: the units a user answers for, each unit's resource persons, the coordinators.

Roles are group memberships (see accounts.roles): a unit's resource persons are the active members
of its «Ressursperson – <enhet>» group, its leaders those of «Enhetsleder – <enhet>». Units are
matched by translation key, so a unit's translations show the same people.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import F, Q, QuerySet

from core.page_cache import content_generation

from .models import StaffProfile, UnitRoles
from .roles import COORDINATE_PERMISSION, COORDINATOR_GROUP

RESOURCE_PERSONS = "resource_persons_of"
LEADERS = "leaders_of"


def is_coordinator(user) -> bool:
    """Whether ``user`` follows up every unit (the Koordinator and Administrator groups and
    superusers): they see every page due for review and the coordinator's overview."""
    return user.is_active and user.has_perm(COORDINATE_PERMISSION)


def own_unit_id(user) -> int | None:
    """The unit ``user`` works in (their StaffProfile), from the cache until content changes:
    saving a profile starts a new content generation (accounts.apps)."""
    if not user.is_authenticated:
        return None
    key = f"intranet:own-unit:{content_generation()}:{user.pk}"
    found = cache.get(key)
    if found is None:
        found = {
            "unit": StaffProfile.objects.filter(user=user).values_list("unit_id", flat=True).first()
        }
        cache.set(key, found, 24 * 60 * 60)
    return found["unit"]


def unit_ids_of(user) -> set[int]:
    """The units ``user`` is a resource person or leader of (cached on the user object)."""
    cached = getattr(user, "_vnr_unit_ids", None)
    if cached is None:
        cached = set(
            UnitRoles.objects.filter(
                Q(resource_person_group__user=user) | Q(leader_group__user=user)
            ).values_list("unit_id", flat=True)
        )
        user._vnr_unit_ids = cached
    return cached


def active_staff() -> QuerySet:
    """Active users with their staff profiles, by name."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .select_related("staff_profile")
        .order_by("first_name", "last_name", "username")
    )


def people_by_unit(units, relation: str = RESOURCE_PERSONS) -> dict:
    """``{translation key: [user, …]}``: the resource persons (or with ``relation=LEADERS``
    the leaders) of ``units``, in one query."""
    path = f"groups__{relation}__unit__translation_key"
    people = defaultdict(list)
    users = active_staff().filter(**{f"{path}__in": {unit.translation_key for unit in units}})
    for user in users.annotate(unit_key=F(path)):
        people[user.unit_key].append(user)
    return dict(people)


def coordinators() -> list:
    """The active members of the Koordinator group, who are reminded where a unit has no one."""
    return list(active_staff().filter(groups__name=COORDINATOR_GROUP))
