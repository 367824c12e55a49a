"""``export_public``: the public subset as a static site, a sitemap and a JSON feed.

Pages whose sources have not changed since the previous export are kept as they are
(``public_site.sources``); the others, the index, the sitemap and the feed are rendered into a
staging folder next to the output first. Any failure there (a full disk, an error in a page)
leaves the previous export as it was. Then what changed is moved into the output, each old file
moved aside first, and put back if a move fails. Files the previous export wrote (its
``manifest.json``) that are no longer produced are gone; the website team's own files stay;
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
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.sax.saxutils import escape

import brotli
from django.db import connection, transaction
from django.utils.html import escape as escape_html

from core.memo import remembering

from .links import HREF, Asset, ExportLinks, MissingStaticFile, PublicLinks, public_url
from .rendering import render_public_index, render_public_page
from .selection import PublicPage, PublicSubset, full_pages, public_subset
from .sources import PageSources, pack, recording, row_digests, signature, unpack

MANIFEST = "manifest.json"
# Text files get a .gz and a .br beside them, for a web server to send as they are
# (docs/public-export.md); fonts and images are compressed already.
COMPRESSIBLE = frozenset({".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map"})
# Quality 6 is 1 % larger than 9 and five times faster (11: 10 % smaller, 20 times slower).
BROTLI_QUALITY = 6
COMPRESSING_THREADS = min(4, os.cpu_count() or 1)
# feed.json and the sitemap grow with the site (90 and 8 MB for 9 000 pages) and are written
# again whenever a page changes: compressed fast, for some more bytes.
LARGE_FILE = 1 << 20
LARGE_BROTLI_QUALITY = 1
SITEMAP = "sitemap.xml"
FEED = "feed.json"
# The "url" of a feed entry: an entry starts with its title, then its URL.
_FEED_URL = re.compile(r'^\{"title": "(?:[^"\\]|\\.)*", "url": "((?:[^"\\]|\\.)*)"')
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
    rendered: int = 0  # pages rendered; the others' sources had not changed
    rendered_files: list[str] = field(default_factory=list)
    held_back: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"export_public: {self.pages} pages in {self.languages} languages "
            f"({self.rendered} rendered), {self.files} files: "
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
    origin, folder = _split_url(url)

    def absolute(match):
        href = match.group(2)
        if origin and _PLAIN_RELATIVE.match(href):  # most links: to another file of the export
            joined = _joined(origin, folder, href)
        else:
            joined = escape_html(urljoin(url, href))
        return match.group(1) + joined + match.group(3)

    return _SRC.sub(absolute, HREF.sub(absolute, markup))


# A link the export wrote to one of its files: no scheme, host, query or leading slash.
_PLAIN_RELATIVE = re.compile(r"^(?:\.\./)*[\w.-]+(?:/[\w.-]+)*/?(?:#[\w-]*)?$")


def _split_url(url: str) -> tuple[str, list[str]]:
    """``https://host/a/b/index.html`` → (``https://host``, ``["a", "b"]``); ("", []) for any
    other URL (no http(s) scheme or host, as ``/vold/``; an empty, ``.`` or ``..`` folder, as
    ``https://host/vold//``), which is left to ``urljoin``."""
    parts = urlsplit(url)
    folder = parts.path.split("/")[1:-1]
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or not parts.path.startswith("/")
        or any(segment in ("", ".", "..") for segment in folder)
    ):
        return "", []
    return f"{parts.scheme}://{parts.netloc}", folder


def _joined(origin: str, folder: list[str], href: str) -> str:
    """``urljoin`` for a plain relative ``href`` (``_PLAIN_RELATIVE``), escaped, without
    parsing both URLs for each of a guide page's 200 links."""
    path, _, fragment = href.partition("#")
    segments = list(folder)
    for segment in path.split("/"):
        if segment == "..":
            if segments:
                segments.pop()
        elif segment != ".":
            segments.append(segment)
    if path.rpartition("/")[2] in (".", ".."):
        segments.append("")  # a folder: urljoin ends it with a slash
    ending = f"#{fragment}" if fragment else ""  # urljoin drops an empty fragment
    return escape_html(f"{origin}/{'/'.join(segments)}{ending}")


def _json_object(path: Path) -> dict:
    """The JSON object in ``path``; {} when there is none or it is unreadable."""
    try:
        value = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _sources_beside(folder: Path) -> Path:
    """The page sources file kept beside ``folder``, hidden: ``.nettside.sources.json``."""
    return folder.with_name(f".{folder.name}.sources.json")


@contextmanager
def snapshot():
    """One view of the database for the whole rendering, so that each page's fingerprint
    describes the rows it was rendered from even when an editor publishes meanwhile: a
    transaction, REPEATABLE READ on PostgreSQL. Inside a transaction already (a test), that
    one's view is used."""
    if transaction.get_connection().in_atomic_block:
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


class StagingFiles:
    """The files written into the staging folder, name → sha256. A text file's .gz and .br
    copies are made in threads while the next pages render (zlib and brotli let go of the
    GIL): compressing took a fifth of a full export."""

    def __init__(self, folder: Path, compressed):
        self.folder = folder
        self.compressed = compressed  # (name, data, digest) → {suffix: bytes}
        self.files: dict[str, str] = {}
        self.pool = ThreadPoolExecutor(COMPRESSING_THREADS, thread_name_prefix="export-compress")
        self.compressing: list[Future[dict[str, str]]] = []

    def write(self, name: str, data: bytes) -> None:
        target = self.folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.files[name] = digest = sha256(data)
        if Path(name).suffix in COMPRESSIBLE:
            self.compressing.append(self.pool.submit(self.write_compressed, name, data, digest))

    def write_compressed(self, name: str, data: bytes, digest: str) -> dict[str, str]:
        written = {}
        for suffix, packed in self.compressed(name, data, digest).items():
            (self.folder / f"{name}{suffix}").write_bytes(packed)
            written[f"{name}{suffix}"] = sha256(packed)
        return written

    def finish(self) -> dict[str, str]:
        """Every file written, once the compressed copies are; a failure in one is raised."""
        for job in self.compressing:
            self.files.update(job.result())
        return self.files

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


class StaticSiteExport:
    def __init__(self, output: Path, base_url: str, full: bool = False):
        self.output = Path(output)
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.full = full  # render every page, even those whose sources did not change
        self.reused: set[str] = set()  # files taken over from the previous export as they were

    def url(self, name: str) -> str:
        return public_url(self.base_url, name)

    def run(self) -> ExportReport:
        if self.output.exists() and not self.output.is_dir():
            raise ExportError(f"{self.output} is a file, not a folder")
        if not self.output.parent.is_dir():
            raise ExportError(f"{self.output.parent} does not exist")
        staging = Path(tempfile.mkdtemp(prefix=".export_public-", dir=self.output.parent))
        written = StagingFiles(staging, self.compressed)
        try:
            try:
                with snapshot(), remembering():
                    subset = public_subset()
                    files, held_back = self.render(subset, written)
            except MissingStaticFile as error:
                raise ExportError(str(error)) from error
            report = self.commit(staging, files, subset)
            report.held_back = held_back
            report.rendered_files = [
                item.file for item in subset.pages if item.file not in self.reused
            ]
            report.rendered = len(report.rendered_files)
            return report
        finally:
            written.close()
            shutil.rmtree(staging, ignore_errors=True)
            _sources_beside(staging).unlink(missing_ok=True)

    # Rendering into the staging folder

    def render(
        self, subset: PublicSubset, written: StagingFiles
    ) -> tuple[dict[str, str], list[str]]:
        """Every file of the export written into the staging folder; returns name → sha256, and
        the documents and images held back (changed since their page was approved). A page whose
        sources have not changed since the previous export (``public_site.sources``) is taken
        over from it unrendered."""
        links = ExportLinks(subset, self.base_url)
        files, write = written.files, written.write
        sources = PageSources(subset)
        resolve = self.resolve(links)
        self.signature = signature(self.base_url)
        self.pages: dict[str, dict] = {}
        feed = self.keep_unchanged(subset, sources, resolve, links, files)
        rendered = {}
        to_render = [item for item, entry in zip(subset.pages, feed, strict=True) if entry is None]
        full = full_pages([item.page for item in to_render])
        for position, item in enumerate(subset.pages):
            if feed[position] is not None:
                continue
            held_back = len(links.held_back)
            with recording() as read:
                markup = render_public_page(replace(item, page=full[item.page.pk]), links)
            read.add((item.page._meta.label, str(item.page.pk)))
            write(item.file, markup.encode())
            feed[position] = json.dumps(self.feed_entry(item, markup, subset), ensure_ascii=False)
            rendered[item.file] = (item, read)
            self.pages[item.file] = {
                "sources": pack(read),
                "links": sorted(links.looked_up),
                "assets": sorted(links.used),
                "held_back": links.held_back[held_back:],
            }
        digests = row_digests(source for _item, read in rendered.values() for source in read)
        for file, (item, read) in rendered.items():
            self.pages[file]["fingerprint"] = sources.fingerprint(
                item, read, self.pages[file]["links"], digests, resolve
            )
        write("index.html", render_public_index(self.entry_points(subset), links).encode())
        for asset in sorted(links.assets.values(), key=lambda asset: asset.name):
            if asset.name not in files:
                write(asset.name, asset.read())
        write(SITEMAP, self.sitemap(subset).encode())
        # One entry per line, so that the next export takes a kept page's entry over as text.
        write(FEED, ("[\n" + ",\n".join(feed) + "\n]\n").encode())
        return written.finish(), links.held_back

    def keep_unchanged(
        self, subset: PublicSubset, sources: PageSources, resolve, links: ExportLinks, files: dict
    ) -> list[str | None]:
        """Keep the pages whose fingerprint still holds as they are; their feed entries (JSON),
        in the subset's order, with None for each page to render."""
        unchanged = {} if self.full else self.unchanged_pages(sources, resolve)
        previous_feed = self.previous_feed() if unchanged else {}
        feed: list[str | None] = []
        for item in subset.pages:
            kept = unchanged.get(item.file)
            entry = previous_feed.get(self.url(item.file))
            if kept is not None and entry is not None and self.take_over(item, kept, links, files):
                self.pages[item.file] = kept
                feed.append(entry)
            else:
                feed.append(None)
        return feed

    @staticmethod
    def resolve(links: ExportLinks):
        """path → the export file a link to it goes to, or None (remembered: most pages link
        to the same few)."""
        found: dict[str, str | None] = {}

        def file(path: str) -> str | None:
            if path not in found:
                item = PublicLinks.find_page(links, path)
                found[path] = item.file if item is not None else None
            return found[path]

        return file

    def unchanged_pages(self, sources: PageSources, resolve) -> dict[str, dict]:
        """The previous export's pages whose fingerprint still holds, by file."""
        previous = self.previous_sources
        if previous.get("signature") != self.signature:
            return {}
        pages = {
            str(file): page
            for file, page in dict(previous.get("pages") or {}).items()
            if isinstance(page, dict) and str(file) in sources.subset_files
        }
        try:
            read = {file: unpack(page["sources"]) for file, page in pages.items()}
            digests = row_digests(source for each in read.values() for source in each)
            return {
                file: page
                for file, page in pages.items()
                if sources.fingerprint(
                    sources.subset_files[file],
                    read[file],
                    page["links"],
                    digests,
                    resolve,
                )
                == page["fingerprint"]
            }
        except (KeyError, TypeError, ValueError):
            return {}

    def take_over(self, item: PublicPage, kept: dict, links: ExportLinks, files: dict) -> bool:
        """The previous export's file of ``item``, its compressed copies and the files it uses
        kept as they are in the new one; False (nothing kept) when one of them is not there as
        the previous manifest says."""
        previous = self.previous_files
        names = [item.file, f"{item.file}.gz", f"{item.file}.br"]
        if any(name not in previous for name in names):
            return False
        if not os.path.isfile(os.path.join(self.output, item.file)):
            return False
        assets = []
        for name in kept["assets"]:
            if name.startswith("static/"):
                asset = links.static_asset(name.removeprefix("static/"))
            elif (self.output / name).is_file():
                asset = Asset(name=name, source=self.output / name)
            else:
                asset = None
            if asset is None:
                return False
            assets.append(asset)
        for asset in assets:
            links.assets.setdefault(asset.name, asset)
        for name in names:
            files[name] = previous[name]
            self.reused.add(name)
        links.held_back.extend(kept["held_back"])
        return True

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
        large = len(data) > LARGE_FILE
        return {
            ".gz": gzip.compress(data, compresslevel=1 if large else 9, mtime=0),
            ".br": brotli.compress(data, quality=LARGE_BROTLI_QUALITY if large else BROTLI_QUALITY),
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

    @property
    def sources_file(self) -> Path:
        """Beside the output, never in it: each page's sources name intranet paths and rows
        that must not reach the website."""
        return _sources_beside(self.output)

    @cached_property
    def previous_manifest(self) -> dict:
        """The previous export's manifest; {} when there is none or it is unreadable."""
        return _json_object(self.output / MANIFEST)

    @cached_property
    def previous_sources(self) -> dict:
        """The previous export's signature and pages' sources; {} when there are none."""
        return _json_object(self.sources_file)

    @cached_property
    def previous_files(self) -> dict[str, str]:
        """The previous export's files and their digests: names only used to tell our files
        from the website team's and to take unchanged pages over, never as paths to delete (a
        tampered manifest must not reach outside)."""
        try:
            files = self.previous_manifest["files"]
            return {str(name): str(digest) for name, digest in dict(files).items()}
        except (KeyError, TypeError, ValueError):
            return {}

    def previous_feed(self) -> dict[str, str]:
        """The previous export's feed entries (each a line of JSON) by URL."""
        try:
            text = (self.output / FEED).read_text(encoding="utf-8")
        except (OSError, ValueError):
            return {}
        entries = {}
        for line in text.split("\n"):  # not splitlines(): a body may hold U+2028
            found = _FEED_URL.search(line)
            if found:
                entries[json.loads(f'"{found.group(1)}"')] = line.rstrip(",")
        return entries

    def commit(self, staging: Path, files: dict[str, str], subset: PublicSubset) -> ExportReport:
        """Move what changed from ``staging`` into the output, and take away what the previous
        export wrote that is no longer produced.

        Unchanged files are not touched (their modification time stays), files the website
        team put in the output themselves are left alone, and a name from the previous manifest
        is only removed when it lies inside the output without passing a symbolic link (a
        tampered manifest must not reach outside). Every replaced or removed file is first
        moved aside; if a move fails, all of them are put back. The first export is the
        staging folder itself, renamed.
        """
        report = ExportReport(
            pages=len(subset.pages),
            languages=len({item.language for item in subset.pages}),
            files=len(files),
        )
        manifest = json.dumps({"files": dict(sorted(files.items()))}).encode()
        (staging / MANIFEST).write_bytes(manifest)
        sources = _sources_beside(staging)
        sources.write_text(
            json.dumps({"signature": self.signature, "pages": dict(sorted(self.pages.items()))})
        )
        # Gone while the output changes: an export that stops halfway renders all next time.
        self.sources_file.unlink(missing_ok=True)
        if not self.output.exists():
            report.written = len(files)
            staging.chmod(0o755)
            os.rename(staging, self.output)
        else:
            self.commit_changes(staging, files, manifest, report)
        os.replace(sources, self.sources_file)
        return report

    def commit_changes(
        self, staging: Path, files: dict[str, str], manifest: bytes, report: ExportReport
    ) -> None:
        """Move the changed files into the existing output; count them in ``report``."""
        changed = []
        for name, digest in files.items():
            existing = os.path.join(self.output, name)
            if name in self.reused or (
                not os.path.islink(existing) and file_sha256(Path(existing)) == digest
            ):
                report.unchanged += 1
            else:
                report.written += 1
                changed.append(name)
        if file_sha256(self.output / MANIFEST) != sha256(manifest):
            changed.append(MANIFEST)  # last: it describes the rest
        removed = [
            name
            for name in self.previous_files
            if name not in files and name != MANIFEST and self.ours(name)
        ]
        report.removed = len(removed)
        self.apply(staging, changed, removed)

    def ours(self, name: str) -> bool:
        """Whether the previous manifest's ``name`` is a file inside the output, reached
        without a symbolic link: only such a file may be removed."""
        parts = Path(name).parts
        if not parts or Path(name).is_absolute() or any(part in ("", ".", "..") for part in parts):
            return False
        path = self.output
        for part in parts:
            path = path / part
            if path.is_symlink():
                return False
        return path.is_file()

    def apply(self, staging: Path, changed: list[str], removed: list[str]) -> None:
        """Move ``changed`` from ``staging`` into the output and ``removed`` out of it, each
        old file first into a folder beside the output; on any failure, undo every move."""
        aside = Path(tempfile.mkdtemp(prefix=".export_public-old-", dir=self.output.parent))
        done: list[tuple[str, bool, bool]] = []  # (name, old file moved aside, new file placed)
        made: list[Path] = []  # folders created in the output
        try:
            for name in removed:
                self.move(self.output / name, aside / name)
                done.append((name, True, False))
            for name in changed:
                target = self.output / name
                had = target.exists() or target.is_symlink()
                if had:
                    self.move(target, aside / name)
                done.append((name, had, False))
                made += self.make_folders(target.parent)
                os.replace(staging / name, target)
                done[-1] = (name, had, True)
        except OSError:
            for name, had, placed in reversed(done):
                if placed:
                    os.unlink(self.output / name)
                if had:
                    os.replace(aside / name, self.output / name)
            for folder in reversed(made):
                folder.rmdir()
            raise
        finally:
            shutil.rmtree(aside, ignore_errors=True)
        for name in removed:
            self.prune(self.output / name)

    @staticmethod
    def move(source: Path, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)

    def make_folders(self, folder: Path) -> list[Path]:
        """Create ``folder`` and its missing parents inside the output; the ones created."""
        missing = []
        while not folder.exists() and folder != self.output:
            missing.append(folder)
            folder = folder.parent
        for each in reversed(missing):
            each.mkdir()
        return list(reversed(missing))

    def prune(self, removed: Path) -> None:
        """Take away the folders a removed file leaves empty, up to the output."""
        folder = removed.parent
        while folder != self.output and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
