"""How long read confirmations are kept (docs/onboarding.md): while the person works here.

A deleted user's confirmations go with them (on_delete=CASCADE); a deactivated user's, and
with ``inactive_days`` those of users who have not logged in for that long, are deleted by
``manage.py purge_read_confirmations``.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import OnboardingPeriod, ReadConfirmation


def people_who_left(inactive_days: int | None = None):
    """Deactivated users, and those who have not logged in for ``inactive_days`` days (never
    logged in counts from when the user was created)."""
    left = Q(is_active=False)
    if inactive_days is not None:
        cutoff = timezone.now() - datetime.timedelta(days=inactive_days)
        left |= Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    return get_user_model().objects.filter(left)


@transaction.atomic
def purge_read_confirmations(inactive_days: int | None = None) -> tuple[int, int]:
    """Delete the confirmations and onboarding dates of people who have left; returns the
    number of confirmations deleted and of people they belonged to."""
    users = people_who_left(inactive_days).values("pk")
    confirmations = ReadConfirmation.objects.filter(user__in=users)
    people = confirmations.values("user").distinct().count()
    deleted, _ = confirmations.delete()
    OnboardingPeriod.objects.filter(user__in=users).delete()
    return deleted, people
