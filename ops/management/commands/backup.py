"""python manage.py backup DIRECTORY"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, or SQLite's online backup) and the media files into "
        "a new directory. See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="a new or empty directory")

    def handle(self, *args, directory: Path, **options):
        try:
            manifest = backup(directory, Path(settings.MEDIA_ROOT))
        except (BackupError, OSError) as error:
            raise CommandError(f"backup: {error}; nothing was backed up") from error
        self.stdout.write(
            f"backup: {manifest['wagtailcore_page']} pages, "
            f"{manifest['wagtailcore_revision']} revisions, {manifest['media_files']} media "
            f"files ({manifest['database']}) in {directory}"
        )
