"""Which pages a reader may see: Wagtail's view restrictions applied to every listing.

Wagtail refuses a restricted page when it is opened, but a listing, the navigation or a search
result would still show its title, address and an excerpt. Every query that lists pages for a
reader goes through ``visible_to`` (or ``is_visible`` for pages already loaded), with the same
semantics as ``PageViewRestriction.accept_request``: a login restriction passes any signed-in
user, a group restriction its groups' members and superusers, a password restriction only a
session that has given the password. A restriction covers its page and every page below it.

The restrictions are few and change rarely: they are read once per content generation (a saved
or deleted restriction starts a new one, ``core.page_cache``), kept in each process for the
generation it saw last, and the reader's verdicts are worked out once per request.
``audience_key`` names what a reader may not see, so that the shared page cache keeps one copy
of a page per audience.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Q
from wagtail.models import PageViewRestriction

from .page_cache import content_generation

REQUEST_ATTRIBUTE = "_intranet_hidden_restrictions"
PASSED_KEY = PageViewRestriction.passed_view_restrictions_session_key


@dataclass(frozen=True)
class Restriction:
    pk: int
    path: str
    kind: str
    group_ids: frozenset[int]

    def accepts(self, user, group_ids: Collection[int], passed: Collection[int]) -> bool:
        """``PageViewRestriction.accept_request`` for a user in ``group_ids`` whose session
        has given the passwords of the restrictions in ``passed``."""
        if self.kind == PageViewRestriction.PASSWORD:
            return self.pk in passed
        if self.kind == PageViewRestriction.LOGIN:
            return user.is_authenticated
        if self.kind == PageViewRestriction.GROUPS:
            return user.is_superuser or not self.group_ids.isdisjoint(group_ids)
        return True

    def covers(self, path: str) -> bool:
        return path.startswith(self.path)


# The restrictions of the generation this process saw last, with that generation: every
# request asks for them, and they stay the same until the generation changes.
_last_seen: tuple[str, list[Restriction]] | None = None


def restrictions() -> list[Restriction]:
    """Every page view restriction, cached for the current content generation (in the shared
    cache, and in this process for the generation it saw last)."""
    global _last_seen
    generation = content_generation()
    last_seen = _last_seen
    # Without a shared cache (Redis down) there is no generation to tell a change by: read
    # them every time, as the cache's misses then do.
    if generation is not None and last_seen is not None and last_seen[0] == generation:
        return last_seen[1]
    key = f"intranet:view-restrictions:{generation}"
    found = cache.get(key)
    if found is None:
        found = [
            Restriction(
                r.pk, r.page.path, r.restriction_type, frozenset(g.pk for g in r.groups.all())
            )
            for r in PageViewRestriction.objects.select_related("page").prefetch_related("groups")
        ]
        cache.set(key, found, 24 * 3600)
    if generation is not None:
        _last_seen = (generation, found)
    return found


def _group_ids(user) -> frozenset[int]:
    """``user``'s groups, cached for the content generation (a change of membership starts a
    new one, accounts.apps), so a page from the page cache still needs no database query."""
    key = f"intranet:user-groups:{content_generation()}:{user.pk}"
    found = cache.get(key)
    if found is None:
        found = frozenset(user.groups.values_list("pk", flat=True))
        cache.set(key, found, 24 * 3600)
    return found


def hidden_from_users(users) -> dict[int, list[Restriction]]:
    """For each of ``users`` (by pk), the restrictions they do not pass outside a session (a
    password restriction hides its pages); one query for all their groups."""
    every = restrictions()
    users = list(users)
    if not every or not users:
        return {user.pk: [] for user in users}
    memberships = get_user_model().groups.through.objects.filter(
        user_id__in=[user.pk for user in users]
    )
    group_ids: dict[int, set[int]] = {}
    for user_id, group_id in memberships.values_list("user_id", "group_id"):
        group_ids.setdefault(user_id, set()).add(group_id)
    return {
        user.pk: [r for r in every if not r.accepts(user, group_ids.get(user.pk, ()), ())]
        for user in users
    }


def hidden_restrictions(request) -> list[Restriction]:
    """The restrictions ``request``'s reader does not pass, worked out once per request.

    Without a request (an evaluation, the search vocabulary) the reader is any member of staff
    in no group: only pages restricted to signed-in users are seen."""
    if request is None:
        return [r for r in restrictions() if r.kind != PageViewRestriction.LOGIN]
    hidden = getattr(request, REQUEST_ATTRIBUTE, None)
    if hidden is None:
        every = restrictions()
        user = request.user
        group_ids: Collection[int] = ()
        if every and user.is_authenticated:
            group_ids = _group_ids(user)
        session = getattr(request, "session", None)  # none in the public export's requests
        passed = session.get(PASSED_KEY) if session is not None else None
        hidden = [r for r in every if not r.accepts(user, group_ids, passed or ())]
        setattr(request, REQUEST_ATTRIBUTE, hidden)
    return hidden


def visible_to(queryset, request, path_field: str = "path"):
    """``queryset`` without the pages ``request``'s reader may not see; ``path_field`` leads
    to the page's path when the rows are not pages ("page__path" for a page's actions)."""
    hidden = hidden_restrictions(request)
    if not hidden:
        return queryset
    outside = Q()
    for restriction in hidden:
        outside |= Q(**{f"{path_field}__startswith": restriction.path})
    return queryset.exclude(outside)


def is_visible(page, request) -> bool:
    """Whether ``request``'s reader may see ``page`` (a loaded page) in a listing."""
    return not any(r.covers(page.path) for r in hidden_restrictions(request))


def audience_key(request) -> str:
    """What the reader may not see, as a short key ("" when they see everything)."""
    hidden = sorted(r.pk for r in hidden_restrictions(request))
    if not hidden:
        return ""
    return hashlib.sha256(",".join(map(str, hidden)).encode()).hexdigest()[:16]
