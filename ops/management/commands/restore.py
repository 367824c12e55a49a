"""python manage.py restore DIRECTORY"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database, which must "
        "be new and empty (do not migrate it first), and the empty media directory. See "
        "docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="a directory made by `manage.py backup`")

    def handle(self, *args, directory: Path, **options):
        try:
            manifest = restore(
                directory, connections["default"].settings_dict, Path(settings.MEDIA_ROOT)
            )
        except (BackupError, OSError) as error:
            raise CommandError(f"restore: {error}") from error
        self.stdout.write(
            f"restore: {manifest['wagtailcore_page']} pages, "
            f"{manifest['wagtailcore_revision']} revisions and {manifest['media_files']} media "
            f"files from the backup of {manifest['created']}"
        )
