"""python manage.py send_reporting_reminders [--today YYYY-MM-DD]: run it daily."""

import datetime

from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reporting.cycle import coordinator_emails, due_notices, notice_email, notices


class Command(BaseCommand):
    help = (
        "E-mail the leaders and resource persons of units that have not submitted: a reminder "
        "a week before the deadline and a notice (also to the coordinators) when it has passed; "
        "each once per year."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Pretend it is this day (YYYY-MM-DD).")

    def handle(self, *args, today, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"send_reporting_reminders: not a date: {today!r}") from None
        total = 0
        for period, kind, reports in due_notices(day):
            messages = [notice_email(n) for n in notices(reports, kind)]
            if kind == "overdue":
                messages += coordinator_emails(period, reports)
                period.overdue_notice_sent_on = day
            else:
                period.reminder_sent_on = day
            total += get_connection().send_messages(messages) or 0
            period.save(update_fields=["reminder_sent_on", "overdue_notice_sent_on"])
            self.stdout.write(f"{period.year}: {kind} for {len(reports)} units")
        self.stdout.write(f"send_reporting_reminders: {total} e-mails")
