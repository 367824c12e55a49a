"""``export_public``: the public subset as a static site, a sitemap and a JSON feed.

Everything is rendered into a staging folder next to the output first, where it becomes the
whole new export (unchanged files are the old ones, hard-linked; the website team's own files
are carried over); then the staging folder replaces the output by renames. Any failure before
that (a full disk, a read-only folder, an error in a page) leaves the previous export whole.
Files the previous export wrote (its ``manifest.json``) that are no longer produced are gone;
nothing outside the output is ever deleted.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin
from xml.sax.saxutils import escape

import brotli
from django.utils.html import escape as escape_html

from .links import HREF, ExportLinks, MissingStaticFile, public_url
from .rendering import render_public_index, render_public_page
from .selection import PublicPage, PublicSubset, public_subset

MANIFEST = "manifest.json"
# Text files get a .gz and a .br beside them, for a web server to send as they are
# (docs/public-export.md); fonts and images are compressed already.
COMPRESSIBLE = frozenset({".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map"})
BROTLI_QUALITY = 9  # 11 is a few per cent smaller and ten times slower
SITEMAP = "sitemap.xml"
FEED = "feed.json"
_MAIN = re.compile(r"<main\b[^>]*>(.*)</main>", re.DOTALL)
_SRC = re.compile(r'(\bsrc=")([^"]*)(")', re.IGNORECASE)


class ExportError(Exception):
    """Bad input (e.g. the output is a file, a static file is missing); the command shows it
    as one line."""


@dataclass
class ExportReport:
    pages: int = 0
    languages: int = 0
    files: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    held_back: list[str] = field(default_factory=list)

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
        return public_url(self.base_url, name)

    def run(self) -> ExportReport:
        if self.output.exists() and not self.output.is_dir():
            raise ExportError(f"{self.output} is a file, not a folder")
        if not self.output.parent.is_dir():
            raise ExportError(f"{self.output.parent} does not exist")
        subset = public_subset()
        staging = Path(tempfile.mkdtemp(prefix=".export_public-", dir=self.output.parent))
        try:
            try:
                files, held_back = self.render(subset, staging)
            except MissingStaticFile as error:
                raise ExportError(str(error)) from error
            report = self.commit(staging, files, subset)
            report.held_back = held_back
            return report
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    # Rendering into the staging folder

    def render(self, subset: PublicSubset, staging: Path) -> tuple[dict[str, str], list[str]]:
        """Every file of the export written below ``staging``; returns name → sha256, and the
        documents and images held back (changed since their page was approved)."""
        links = ExportLinks(subset, self.base_url)
        files: dict[str, str] = {}

        def write(name: str, data: bytes) -> None:
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            files[name] = digest = sha256(data)
            if Path(name).suffix in COMPRESSIBLE:
                for suffix, packed in self.compressed(name, data, digest).items():
                    (staging / f"{name}{suffix}").write_bytes(packed)
                    files[f"{name}{suffix}"] = sha256(packed)

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
        return files, links.held_back

    def compressed(self, name: str, data: bytes, digest: str) -> dict[str, bytes]:
        """``data`` gzipped and brotli-compressed; the previous export's copies when the file
        has not changed (compressing is most of the cost of an unchanged page)."""
        previous = self.output / name
        if file_sha256(previous) == digest:
            try:
                return {
                    suffix: Path(f"{previous}{suffix}").read_bytes() for suffix in (".gz", ".br")
                }
            except OSError:
                pass
        return {
            ".gz": gzip.compress(data, compresslevel=9, mtime=0),
            ".br": brotli.compress(data, quality=BROTLI_QUALITY),
        }

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
        """The previous export's manifest: names only used to tell our files from the website
        team's, never as paths to delete (a tampered manifest must not reach outside)."""
        try:
            files = json.loads((self.output / MANIFEST).read_text())["files"]
            return {str(name): str(digest) for name, digest in dict(files).items()}
        except (OSError, ValueError, KeyError, TypeError):
            return {}

    def commit(self, staging: Path, files: dict[str, str], subset: PublicSubset) -> ExportReport:
        """Make ``staging`` the whole new export, then swap it with the output.

        Unchanged files are the previous export's own (hard links: their modification time
        stays), files the website team put there are carried over, and the output folder is
        replaced by two renames in its parent; if the second fails the first is undone. Nothing
        outside the output is ever deleted, whatever the previous manifest says.
        """
        report = ExportReport(
            pages=len(subset.pages),
            languages=len({item.language for item in subset.pages}),
            files=len(files),
        )
        manifest = json.dumps({"files": dict(sorted(files.items()))}, indent=1).encode()
        (staging / MANIFEST).write_bytes(manifest)
        previous = self.previous_files()
        old_files = self.files_in_output()
        for name, digest in files.items():
            existing = self.output / name
            if not existing.is_symlink() and file_sha256(existing) == digest:
                self.reuse(self.output / name, staging / name)
                report.unchanged += 1
            else:
                report.written += 1
        if old_files.get(MANIFEST) and file_sha256(self.output / MANIFEST) == sha256(manifest):
            self.reuse(self.output / MANIFEST, staging / MANIFEST)
        for name in sorted(set(old_files) - set(files) - {MANIFEST}):
            if name in previous:
                report.removed += 1
            else:  # the website team's own file
                target = staging / name
                target.parent.mkdir(parents=True, exist_ok=True)
                self.reuse(self.output / name, target)
        self.swap(staging)
        return report

    def files_in_output(self) -> dict[str, bool]:
        """Every file and symbolic link below the output (links are not followed)."""
        found: dict[str, bool] = {}
        if not self.output.is_dir():
            return found
        for folder, folders, names in os.walk(self.output):
            for name in names + [f for f in folders if Path(folder, f).is_symlink()]:
                found[str(Path(folder, name).relative_to(self.output))] = True
        return found

    @staticmethod
    def reuse(source: Path, target: Path) -> None:
        """``target`` becomes ``source`` itself: a hard link, or the same symbolic link."""
        temporary = target.with_name(f".{target.name}.reuse")
        if source.is_symlink():
            os.symlink(os.readlink(source), temporary)
        else:
            os.link(source, temporary)
        os.replace(temporary, target)

    def swap(self, staging: Path) -> None:
        staging.chmod(self.output.stat().st_mode & 0o777 if self.output.is_dir() else 0o755)
        if not self.output.exists():
            os.rename(staging, self.output)
            return
        retired = self.output.with_name(f".{self.output.name}.old-{staging.name}")
        os.rename(self.output, retired)
        try:
            os.rename(staging, self.output)
        except OSError:
            os.rename(retired, self.output)
            raise
        shutil.rmtree(retired, ignore_errors=True)
