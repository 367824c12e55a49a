"""python manage.py create_search_config [--recreate]"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from search.services.pg_config import CONFIG, create_search_config


class Command(BaseCommand):
    help = (
        f"PostgreSQL: create the text-search configuration {CONFIG} (hunspell nb_no, then the "
        "norwegian stemmer) and trigram matching, as migration 0002 does. --recreate rebuilds "
        "them, e.g. after installing hunspell-no; then run update_index."
    )

    def add_arguments(self, parser):
        parser.add_argument("--recreate", action="store_true")

    def handle(self, *args, recreate, **options):
        if connection.vendor != "postgresql":
            raise CommandError("create_search_config: the database is not PostgreSQL")
        dictionary = create_search_config(connection, recreate=recreate)
        self.stdout.write(f"create_search_config: {CONFIG} uses {dictionary} first")
