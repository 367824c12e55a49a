"""python manage.py open_reporting_period YEAR --deadline YYYY-MM-DD [--no-email]"""

import datetime

from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError

from reporting.cycle import ReportingError, notice_email, notices, open_period


class Command(BaseCommand):
    help = (
        "Open a reporting year: every unit gets a form with the actions it answers for, and its "
        "leaders and resource persons an e-mail."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--deadline", required=True, help="The deadline, YYYY-MM-DD.")
        parser.add_argument("--no-email", action="store_true")

    def handle(self, *args, year, deadline, no_email, **options):
        try:
            day = datetime.date.fromisoformat(deadline)
        except ValueError:
            raise CommandError(f"open_reporting_period: not a date: {deadline!r}") from None
        try:
            period = open_period(year, day)
        except ReportingError as exc:
            raise CommandError(f"open_reporting_period: {exc}") from None
        reports = list(period.reports.select_related("unit", "period"))
        sent = 0
        if not no_email:
            sent = get_connection().send_messages(
                [notice_email(n) for n in notices(reports, "opened")]
            )
        rows = sum(report.actions.count() for report in reports)
        self.stdout.write(
            f"open_reporting_period: {year} opened, deadline {day}: {len(reports)} forms, "
            f"{rows} actions, {sent or 0} e-mails"
        )
