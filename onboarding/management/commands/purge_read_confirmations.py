"""Delete the read confirmations and onboarding dates of people who have left."""

from django.core.management.base import BaseCommand, CommandError

from onboarding.retention import purge_read_confirmations


class Command(BaseCommand):
    help = (
        "Delete the read confirmations and onboarding dates of deactivated users, and with "
        "--inactive-days N of users who have not logged in for N days. Deleted users' "
        "confirmations are deleted with them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--inactive-days", type=str, default=None)

    def handle(self, *args, inactive_days=None, **options):
        days = None
        if inactive_days is not None:
            try:
                days = int(inactive_days)
            except ValueError:
                days = -1
            if days < 1:
                raise CommandError(
                    "purge_read_confirmations: --inactive-days must be a whole number of days, "
                    f"1 or more, not {inactive_days!r}"
                )
        confirmations, people = purge_read_confirmations(inactive_days=days)
        self.stdout.write(
            f"purge_read_confirmations: deleted {confirmations} confirmations of {people} people"
        )
