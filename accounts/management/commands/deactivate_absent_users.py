"""python manage.py deactivate_absent_users [--days N]"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import ProviderSession, SignInIdentity


class Command(BaseCommand):
    help = (
        "Deactivate the users who signed in with the municipal account but whom Entra ID has "
        "not vouched for (sign-in or re-check) for --days days (SSO_ABSENT_DAYS), and forget "
        "provider sessions that have ended. Run nightly; see docs/sso.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.SSO_ABSENT_DAYS)

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError(f"--days must be at least 1, not {days}")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        absent = SignInIdentity.objects.filter(last_seen_at__lt=cutoff).values("user_id")
        users = get_user_model().objects.filter(pk__in=absent, is_active=True)
        deactivated = 0
        for user in users:
            user.is_active = False
            user.save(update_fields=["is_active"])
            deactivated += 1

        live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
        forgotten, _ = ProviderSession.objects.exclude(session_key__in=live).delete()
        self.stdout.write(
            f"deactivate_absent_users: deactivated {deactivated} users absent for {days} days, "
            f"forgot {forgotten} ended sessions"
        )
