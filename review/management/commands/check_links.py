"""python manage.py check_links [--timeout 10] [--workers 8] [--fail-on-broken]"""

from django.core.management.base import BaseCommand, CommandError

from review.links import check_links
from review.models import LinkCheck


class Command(BaseCommand):
    help = (
        "Check every external link the intranet shows (help services, page text, the "
        "provisions' Lovdata URLs): redirects are reported as moved, errors and timeouts as "
        "broken. The result is in the admin under «Lenkesjekk»; run it weekly."
    )

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=10.0, help="Seconds per request.")
        parser.add_argument("--workers", type=int, default=8)
        parser.add_argument("--fail-on-broken", action="store_true")

    def handle(self, *args, timeout, workers, fail_on_broken, **options):
        rows = check_links(timeout=timeout, workers=workers)
        counts = {outcome: 0 for outcome, _label in LinkCheck.OUTCOMES}
        for row in rows:
            counts[row.outcome] += 1
            if row.outcome != LinkCheck.OK:
                detail = row.final_url if row.outcome == LinkCheck.MOVED else row.error
                self.stdout.write(f"{row.outcome:8} {row.url} {detail}")
        summary = (
            f"check_links: {len(rows)} links, {counts[LinkCheck.OK]} ok, "
            f"{counts[LinkCheck.MOVED]} moved, {counts[LinkCheck.BROKEN]} broken"
        )
        if fail_on_broken and counts[LinkCheck.BROKEN]:
            raise CommandError(summary)
        self.stdout.write(summary)
