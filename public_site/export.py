"""``export_public``: the public subset as a static site, a sitemap and a JSON feed.

Everything is rendered into a staging folder next to the output first; only when that has
succeeded are the files moved into the output, each with an atomic rename and only where its
content changed. Files the previous export wrote (its ``manifest.json``) that are no longer
produced are removed; other files in the output are never touched. A failure while rendering
therefore leaves the previous export as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin
from xml.sax.saxutils import escape

from django.utils.html import escape as escape_html

from .links import HREF, ExportLinks
from .rendering import render_public_index, render_public_page
from .selection import PublicPage, PublicSubset, public_subset

MANIFEST = "manifest.json"
SITEMAP = "sitemap.xml"
FEED = "feed.json"
_MAIN = re.compile(r"<main\b[^>]*>(.*)</main>", re.DOTALL)
_SRC = re.compile(r'(\bsrc=")([^"]*)(")', re.IGNORECASE)


class ExportError(Exception):
    """Bad input (e.g. the output is a file); the command shows it as one line."""


@dataclass
class ExportReport:
    pages: int = 0
    languages: int = 0
    files: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0

    def __str__(self) -> str:
        return (
            f"export_public: {self.pages} pages in {self.languages} languages, {self.files} files: "
            f"{self.written} written, {self.unchanged} unchanged, {self.removed} removed"
        )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None


def absolute_links(markup: str, url: str) -> str:
    """``markup`` with its relative ``href`` and ``src`` made absolute against ``url``."""

    def absolute(match):
        return match.group(1) + escape_html(urljoin(url, match.group(2))) + match.group(3)

    return _SRC.sub(absolute, HREF.sub(absolute, markup))


class StaticSiteExport:
    def __init__(self, output: Path, base_url: str):
        self.output = Path(output)
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"

    def url(self, name: str) -> str:
        return urljoin(self.base_url, name.removesuffix("index.html"))

    def run(self) -> ExportReport:
        if self.output.exists() and not self.output.is_dir():
            raise ExportError(f"{self.output} is a file, not a folder")
        if not self.output.parent.is_dir():
            raise ExportError(f"{self.output.parent} does not exist")
        subset = public_subset()
        staging = Path(tempfile.mkdtemp(prefix=".export_public-", dir=self.output.parent))
        try:
            files = self.render(subset, staging)
            return self.commit(staging, files, subset)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    # Rendering into the staging folder

    def render(self, subset: PublicSubset, staging: Path) -> dict[str, str]:
        """Every file of the export written below ``staging``; returns name → sha256."""
        links = ExportLinks(subset)
        files: dict[str, str] = {}

        def write(name: str, data: bytes) -> None:
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            files[name] = sha256(data)

        feed = []
        for item in subset.pages:
            markup = render_public_page(item, links)
            write(item.file, markup.encode())
            feed.append(self.feed_entry(item, markup, subset))
        write("index.html", render_public_index(self.entry_points(subset), links).encode())
        for asset in sorted(links.assets.values(), key=lambda asset: asset.name):
            write(asset.name, asset.read())
        write(SITEMAP, self.sitemap(subset).encode())
        write(FEED, json.dumps(feed, ensure_ascii=False, indent=1).encode())
        return files

    @staticmethod
    def entry_points(subset: PublicSubset) -> list[tuple[str, list[PublicPage]]]:
        """Per language, the public pages whose parent is not public: the way in."""
        paths = {(item.language, item.page.path) for item in subset.pages}
        languages: dict[str, list[PublicPage]] = {}
        for item in subset.pages:
            if (item.language, item.page.path[: -item.page.steplen]) not in paths:
                languages.setdefault(item.language, []).append(item)
        return list(languages.items())

    def feed_entry(self, item: PublicPage, markup: str, subset: PublicSubset) -> dict:
        url = self.url(item.file)
        body = _MAIN.search(markup)
        published = item.page.last_published_at
        return {
            "title": item.page.title,
            "url": url,
            "locale": item.language,
            "translations": {
                other.language: self.url(other.file)
                for other in subset.translations(item)
                if other is not item
            },
            "last_published": published.isoformat() if published else None,
            "body_html": absolute_links(body.group(1).strip(), url) if body else "",
        }

    def sitemap(self, subset: PublicSubset) -> str:
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
        ]
        for item in subset.pages:
            lines.append(f"  <url><loc>{escape(self.url(item.file))}</loc>")
            if item.page.last_published_at:
                lines.append(
                    f"    <lastmod>{item.page.last_published_at.date().isoformat()}</lastmod>"
                )
            for other in subset.translations(item):
                lines.append(
                    f'    <xhtml:link rel="alternate" hreflang="{other.language}" '
                    f'href="{escape(self.url(other.file))}"/>'
                )
            lines.append("  </url>")
        lines.append("</urlset>")
        return "\n".join(lines) + "\n"

    # Moving the result into place

    def previous_files(self) -> dict[str, str]:
        try:
            return json.loads((self.output / MANIFEST).read_text())["files"]
        except (OSError, ValueError, KeyError, TypeError):
            return {}

    def commit(self, staging: Path, files: dict[str, str], subset: PublicSubset) -> ExportReport:
        report = ExportReport(
            pages=len(subset.pages),
            languages=len({item.language for item in subset.pages}),
            files=len(files),
        )
        previous = self.previous_files()
        self.output.mkdir(exist_ok=True)
        for name, digest in sorted(files.items()):
            target = self.output / name
            if file_sha256(target) == digest:
                report.unchanged += 1
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, target)
            report.written += 1
        for name in sorted(set(previous) - set(files)):
            target = self.output / name
            if target.is_file():
                target.unlink()
                report.removed += 1
                self.remove_empty_folders(target.parent)
        manifest = json.dumps({"files": dict(sorted(files.items()))}, indent=1).encode()
        if file_sha256(self.output / MANIFEST) != sha256(manifest):
            temporary = staging / MANIFEST
            temporary.write_bytes(manifest)
            os.replace(temporary, self.output / MANIFEST)
        return report

    def remove_empty_folders(self, folder: Path) -> None:
        while folder != self.output and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
