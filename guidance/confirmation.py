"""The unit confirms its routine: the starting routines are proposals until then.

``load_plan`` writes the same starting routine, from measure 2.1 of the plan, below every
unit. The unit's resource persons and leaders (and the coordinator: whoever may publish the
routine) confirm it in the admin («Bekreft rutinen»), which records who and when on the live
row (``RoutinePage.confirmed_at``/``confirmed_by``, kept by every later version) and in the
page's history, and starts a new content generation so the «Forslag» notice goes at once.
"""

from __future__ import annotations

from django.utils import timezone
from wagtail.log_actions import log

from core.page_cache import content_changed

CONFIRMED_ACTION = "vnr.routine_confirmed"


def can_confirm(user, page) -> bool:
    """Whether ``user`` may confirm ``page``: a routine not confirmed yet that they may publish."""
    return (
        getattr(page, "confirmed_at", True) is None
        and user.is_authenticated
        and page.permissions_for_user(user).can_publish()
    )


def confirm_routine(routine, user) -> None:
    routine.confirmed_at = timezone.now()
    routine.confirmed_by = user
    routine.save(update_fields=["confirmed_at", "confirmed_by"], clean=False)
    log(instance=routine, action=CONFIRMED_ACTION, user=user, revision=routine.live_revision)
    content_changed()
