"""The links of a rendered public page, checked one by one.

Our templates and rich text link with intranet addresses. Every ``<a href>`` is rewritten:

- to a public page (or its Norwegian page, for a language prefix without a public translation):
  a link to that page's exported file (``ExportLinks``) or its preview (``PreviewLinks``);
- to a static file, a media file or a document: the exported copy, which is then exported;
- to anything else inside the intranet (a unit, a routine, the login, search, the admin, a
  page that is not public): its text only, without the link;
- anywhere else (other sites, ``mailto:``, ``tel:``, ``#anchors``): left as it is.

``src`` and ``srcset`` of images and scripts and ``href`` of ``<link>`` are treated as assets.
The rewriting works on our own templates' output (double-quoted attributes, no nested links),
with regular expressions: many times faster than an HTML parser over a thousand pages.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Site

from .approval import approved_for
from .selection import PublicPage, PublicSubset

_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL)
HREF = re.compile(r'(\bhref=")([^"]*)(")', re.IGNORECASE)
_ASSET_TAG = re.compile(r"<(?:img|script|link|source)\b[^>]*>", re.IGNORECASE)
_ASSET_ATTRIBUTE = re.compile(r'(\b(?:src|href|srcset)=")([^"]*)(")', re.IGNORECASE)
_DOCUMENT = re.compile(r"^/documents/(\d+)/")
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_KEPT_SCHEMES = {"mailto", "tel", "http", "https"}


@dataclass(frozen=True)
class Asset:
    """A file the exported site needs: ``name`` in the export, read from ``source``."""

    name: str
    source: Path | None = None
    storage_name: str = ""  # a file in Django's default storage (media) instead

    def read(self) -> bytes:
        if self.source is not None:
            return self.source.read_bytes()
        with default_storage.open(self.storage_name, "rb") as handle:
            return handle.read()


def intranet_url(item: PublicPage) -> str:
    """The page's address on the intranet (Norwegian without a prefix, as Wagtail serves it)."""
    prefix = "" if item.language == settings.LANGUAGE_CODE else f"/{item.language}"
    return f"{prefix}/{item.path}"


class MissingStaticFile(Exception):
    """A page needs a static file that is not there (Punkt's npm packages not installed)."""


def static_file(name: str) -> Path | None:
    """A static file by its name, from the apps' and project's folders or STATIC_ROOT."""
    found = finders.find(name)
    if found:
        return Path(found)
    if settings.STATIC_ROOT and staticfiles_storage.exists(name):
        return Path(staticfiles_storage.path(name))
    return None


@lru_cache(maxsize=1 << 16)
def public_url(base_url: str, file: str) -> str:
    """The address of an exported ``file`` on the website at ``base_url`` (asked for each
    page's translations in every page, the sitemap and the feed: remembered)."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    return urljoin(base, file.removesuffix("index.html"))


class PublicLinks:
    """Base: decides what each link is; subclasses say where it goes."""

    def __init__(self, subset: PublicSubset):
        self.subset = subset
        self.pages = {intranet_url(item): item for item in subset.pages}
        self.hosts = set(Site.objects.values_list("hostname", flat=True))
        self.languages = {code for code, _name in settings.LANGUAGES}
        # The host pages are rendered for: the default site's, which makes Wagtail's own URLs
        # relative (looked up once, not for each page).
        site = Site.objects.filter(is_default_site=True).first()
        allowed = site is not None and site.hostname in settings.ALLOWED_HOSTS
        self.request_host = site.hostname if allowed else "localhost"

    def absolute_url(self, item: PublicPage) -> str | None:
        """The page's address on the website, for canonical and hreflang links; None where
        there is no website (the preview)."""
        return None

    # What a subclass decides

    def page_href(self, item: PublicPage, current: str) -> str:
        raise NotImplementedError

    def asset_href(self, url: str, current: str) -> str | None:
        """Where a static, media or document URL goes, or None to drop the link."""
        raise NotImplementedError

    def index_href(self, current: str) -> str:
        """The website's front page (every language's public pages), or "" for none."""
        raise NotImplementedError

    # The rewriting

    def internal_path(self, url: str) -> str | None:
        """The path of a link into the intranet, or None for a link that leaves it."""
        parts = urlsplit(url)
        if parts.scheme and parts.scheme not in _KEPT_SCHEMES:
            return ""  # javascript: and other schemes never survive
        if parts.netloc:
            return (parts.path or "/") if parts.hostname in self.hosts else None
        if parts.scheme or not parts.path.startswith("/"):
            return None  # mailto:, tel:, #anchor, or already a relative link of ours
        return parts.path

    def find_page(self, path: str) -> PublicPage | None:
        path = unquote(path)
        if path in self.pages:
            return self.pages[path]
        first, _slash, rest = path.lstrip("/").partition("/")
        if first in self.languages:  # a reader's prefix over a Norwegian page
            return self.pages.get("/" + rest)
        return None

    def is_asset(self, path: str) -> bool:
        return path.startswith((settings.STATIC_URL, settings.MEDIA_URL)) or bool(
            _DOCUMENT.match(path)
        )

    def link_target(self, url: str, current: str) -> str | None:
        """The rewritten href of a link, the URL itself to keep it, or None for plain text."""
        path = self.internal_path(url)
        if path is None:
            return url
        if not path:
            return None
        if self.is_asset(path):
            return self.asset_href(path, current)
        item = self.find_page(path)
        if item is None:
            return None
        fragment = urlsplit(url).fragment
        return self.page_href(item, current) + (f"#{fragment}" if fragment else "")

    def rewrite(self, markup: str, current: str) -> str:
        """``markup`` (a page rendered for the file ``current``) with every link checked."""

        def link(match):
            attributes, text = match.group(1), match.group(2)
            href = HREF.search(attributes)
            if href is None:
                return match.group(0)
            target = self.link_target(html.unescape(href.group(2)), current)
            if target is None:
                return text
            attributes = HREF.sub(
                lambda m: m.group(1) + html.escape(target) + m.group(3), attributes, count=1
            )
            return f"<a{attributes}>{text}</a>"

        def asset_tag(match):
            return _ASSET_ATTRIBUTE.sub(
                lambda m: (
                    m.group(1) + html.escape(self.asset_urls(m.group(2), current)) + m.group(3)
                ),
                match.group(0),
            )

        return _ASSET_TAG.sub(asset_tag, _LINK.sub(link, markup))

    def asset_urls(self, value: str, current: str) -> str:
        """One URL, or a ``srcset``'s list of «URL width» pairs."""
        rewritten = []
        for candidate in html.unescape(value).split(","):
            url, _space, width = candidate.strip().partition(" ")
            path = self.internal_path(url)
            if path and self.is_asset(path):
                url = self.asset_href(path, current) or ""
            rewritten.append(f"{url} {width}".strip())
        return ", ".join(rewritten)


def relative(target: str, current: str) -> str:
    """The export file ``target`` relative to the folder of the export file ``current``: what
    ``posixpath.relpath`` gives for such names (normalized, relative, no ``..``), without its
    two ``abspath`` calls (a guide page links to each of its 200 siblings)."""
    folder = current.rpartition("/")[0]
    start = folder.split("/") if folder else []
    parts = target.split("/")
    common = 0
    for mine, theirs in zip(start, parts, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + parts[common:]) or "."


def media_owner(name: str):
    """The image whose original or rendition is the media file ``name``, if any."""
    image_model = get_image_model()
    image = image_model.objects.filter(file=name).first()
    if image is None:
        rendition = (
            image_model.get_rendition_model()
            .objects.filter(file=name)
            .select_related("image")
            .first()
        )
        image = rendition.image if rendition is not None else None
    return image


class ExportLinks(PublicLinks):
    """Links between the exported files; every asset used is recorded in ``assets``.

    A document or an image is exported only in the version its page was approved with
    (``public_site.approval``); one changed since is held back, its link left out, and named
    in ``held_back``."""

    def __init__(self, subset: PublicSubset, base_url: str):
        super().__init__(subset)
        self.base_url = base_url
        self.assets: dict[str, Asset] = {}
        self.held_back: list[str] = []
        self.pages_by_file = {item.file: item.page for item in subset.pages}
        self.current_page = None
        # What the page being rewritten links to (public_site.sources): the intranet paths it
        # looked up and the files it uses.
        self.looked_up: set[str] = set()
        self.used: set[str] = set()

    def find_page(self, path: str) -> PublicPage | None:
        self.looked_up.add(path)
        return super().find_page(path)

    def absolute_url(self, item: PublicPage) -> str | None:
        return public_url(self.base_url, item.file)

    def rewrite(self, markup: str, current: str) -> str:
        self.current_page = self.pages_by_file.get(current)
        self.looked_up, self.used = set(), set()
        return super().rewrite(markup, current)

    def approved(self, obj, name: str) -> bool:
        page = self.current_page
        if page is not None and approved_for(page, obj):
            return True
        where = f"«{page.title}»" if page is not None else "the index"
        self.held_back.append(f"{name} changed after {where} was published")
        return False

    def page_href(self, item: PublicPage, current: str) -> str:
        return relative(item.file, current)

    def index_href(self, current: str) -> str:
        return relative("index.html", current)

    def asset_href(self, path: str, current: str) -> str | None:
        asset = self.asset(path)
        if asset is None:
            return None
        self.used.add(asset.name)
        return relative(asset.name, current)

    def asset(self, path: str) -> Asset | None:
        path = unquote(path)
        if path.startswith(settings.STATIC_URL):
            name = path.removeprefix(settings.STATIC_URL)
            asset = self.static_asset(name)
            if asset is None:
                raise MissingStaticFile(
                    f"the static file {name} is missing (the npm packages and the built "
                    "stylesheets: run npm ci and node frontend/build.mjs, which scripts/serve "
                    "does); nothing was exported"
                )
            return asset
        if path.startswith(settings.MEDIA_URL):
            name = path.removeprefix(settings.MEDIA_URL)
            if not default_storage.exists(name):
                return None
            image = media_owner(name)
            if image is not None and not self.approved(image, f"media/{name}"):
                return None
            return self.add(Asset(name=f"media/{name}", storage_name=name))
        document = get_document_model().objects.filter(pk=_DOCUMENT.match(path).group(1)).first()
        if document is None or not document.file:
            return None
        if not self.approved(document, f"documents/{document.pk}"):
            return None
        filename = posixpath.basename(document.file.name)
        return self.add(
            Asset(name=f"documents/{document.pk}/{filename}", storage_name=document.file.name)
        )

    def static_asset(self, name: str) -> Asset | None:
        """A static file and, for a style sheet, the fonts and images it refers to."""
        if f"static/{name}" in self.assets:
            return self.assets[f"static/{name}"]
        source = static_file(name)
        if source is None:
            return None
        asset = self.add(Asset(name=f"static/{name}", source=source))
        if name.endswith(".css"):
            for url in _CSS_URL.findall(source.read_text(encoding="utf-8")):
                reference = urlsplit(url[1])
                if not reference.scheme and not reference.netloc and reference.path:
                    self.static_asset(posixpath.normpath(urljoin(name, reference.path)))
        return asset

    def add(self, asset: Asset) -> Asset:
        self.assets[asset.name] = asset
        return asset


class PreviewLinks(PublicLinks):
    """Links in the coordinator's preview: public pages to their previews, assets as served."""

    def page_href(self, item: PublicPage, current: str) -> str:
        return reverse("public_site_preview", args=[item.page.pk])

    def asset_href(self, path: str, current: str) -> str | None:
        return path

    def index_href(self, current: str) -> str:
        return ""
