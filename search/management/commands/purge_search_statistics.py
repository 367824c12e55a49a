"""python manage.py purge_search_statistics [--days N]"""

from django.core.management.base import BaseCommand, CommandError

from search.services.analytics import purge, retention_days


class Command(BaseCommand):
    help = (
        "Delete the daily search counts older than the retention period "
        "(SEARCH_STATISTICS_RETENTION_DAYS, 180 days unless set). Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Keep this many days.")

    def handle(self, *args, days, **options):
        days = retention_days() if days is None else days
        if days < 0:
            raise CommandError("purge_search_statistics: --days must be 0 or more")
        deleted = purge(days)
        self.stdout.write(
            f"purge_search_statistics: deleted {deleted} entries older than {days} days"
        )
