"""python manage.py load_plan [--file PATH] [--overwrite]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from loading.plan import DEFAULT_DATA_FILE, PlanDataError, load_plan


class Command(BaseCommand):
    help = (
        "Build the action plan, legal duties, units, routines and help-service directory from "
        "the data file. Idempotent; existing content is kept unless --overwrite is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_DATA_FILE)
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace content that differs from the data file (as a new revision).",
        )

    def handle(self, *args, file: Path, overwrite: bool, **options):
        try:
            report = load_plan(file, overwrite=overwrite)
        except PlanDataError as exc:
            raise CommandError(f"load_plan: {exc}; nothing was changed") from exc
        self.stdout.write(f"load_plan: {report.summary()}")
        for item in report.kept_edited:
            self.stdout.write(f"  kept as edited: {item}")
