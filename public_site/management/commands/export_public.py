"""manage.py export_public --output DIR [--base-url URL] [--full]: docs/public-export.md."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from public_site.export import ExportError, StaticSiteExport

DEFAULT_BASE_URL = "http://localhost:8080/"


class Command(BaseCommand):
    help = "Export the public pages (every language) as a static site with sitemap and JSON feed."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path, help="Folder for the site.")
        parser.add_argument(
            "--base-url",
            default=os.environ.get("PUBLIC_SITE_BASE_URL", DEFAULT_BASE_URL),
            help="Where the website serves the folder (sitemap and feed URLs); "
            "default $PUBLIC_SITE_BASE_URL or " + DEFAULT_BASE_URL,
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="Render every page again, not only those whose sources changed.",
        )

    def handle(self, *args, output, base_url, full, **options):
        try:
            report = StaticSiteExport(output.resolve(), base_url, full=full).run()
        except ExportError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"{error}; the previous export is unchanged") from error
        self.stdout.write(str(report))
        for held_back in report.held_back:
            self.stderr.write(f"held back: {held_back}; approve the page again to publish it")
