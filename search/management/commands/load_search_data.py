"""python manage.py load_search_data [--overwrite] [--synonyms PATH] [--promotions PATH]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from search.services.seed import (
    PROMOTIONS_FILE,
    SYNONYMS_FILE,
    SearchDataError,
    load_search_data,
)


class Command(BaseCommand):
    help = (
        "Seed the search's synonym groups and promoted results from data/search/. Idempotent; "
        "what editors changed is kept unless --overwrite is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--synonyms", type=Path, default=SYNONYMS_FILE)
        parser.add_argument("--promotions", type=Path, default=PROMOTIONS_FILE)
        parser.add_argument(
            "--overwrite", action="store_true", help="Replace what differs from the files."
        )

    def handle(self, *args, synonyms, promotions, overwrite, **options):
        try:
            report = load_search_data(synonyms, promotions, overwrite=overwrite)
        except SearchDataError as exc:
            raise CommandError(f"load_search_data: {exc}; nothing was changed") from exc
        self.stdout.write(f"load_search_data: {report.summary()}")
