"""python manage.py send_review_reminders [--days N] [--dry-run]"""

from smtplib import SMTPException

from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError

from core.mixins import REVIEW_NOTICE_DAYS
from review.cycle import reminder_email, reminders


class Command(BaseCommand):
    help = (
        "E-mail the owners of guidance pages that are overdue, never reviewed or due for review: "
        "the owning unit's resource persons, or the coordinators where a unit has none. One "
        "e-mail per person; run it weekly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=REVIEW_NOTICE_DAYS,
            help=f"Include pages due within this many days (default {REVIEW_NOTICE_DAYS}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would be reminded; send nothing."
        )

    def handle(self, *args, days: int, dry_run: bool, **options):
        if days < 0:
            raise CommandError("send_review_reminders: --days must be 0 or more")
        to_send, unreached = reminders(notice_days=days)
        messages = [reminder_email(reminder) for reminder in to_send]
        pages = len({review.page.pk for reminder in to_send for review in reminder.reviews})
        if dry_run:
            for reminder, message in zip(to_send, messages, strict=True):
                self.stdout.write(f"  {message.to[0]}: {len(reminder.reviews)} pages")
            self.stdout.write(
                f"send_review_reminders: would send {len(messages)} e-mails about {pages} pages"
            )
        else:
            try:
                sent = get_connection(fail_silently=False).send_messages(messages) or 0
            except (OSError, SMTPException) as exc:
                raise CommandError(f"send_review_reminders: could not send e-mail: {exc}") from exc
            self.stdout.write(f"send_review_reminders: sent {sent} e-mails about {pages} pages")
        if unreached:
            raise CommandError(
                f"send_review_reminders: nobody to remind about {len(unreached)} due pages: "
                "the group Koordinator has no active member with an e-mail address"
            )
