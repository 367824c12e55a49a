"""What each exported page was made from, so that a re-run renders only what changed.

While a page is rendered for the export, every database row it reads is noted (Django's
``post_init`` fires for every model instance made from a row): its own row, the help services
a guide block names, the target groups and legal provisions it shows, the documents it links,
the children a listing shows. The manifest keeps those rows with the page, and a fingerprint:
a digest of each row's current values, of whether each page it names is public and where, of
its public children, of its translations and of the intranet links it resolved.

The next export compares: a page whose fingerprint still holds is taken over from the previous
export unrendered; any other is rendered again. A change to a row re-renders exactly the pages
that read it. What every page shows or depends on (the code and templates, the static files'
names, the sites, locales, view restrictions and site settings such as the emergency numbers)
makes up the export's ``signature``; when it changes, every page is rendered again.
See docs/public-export.md, «Incremental export».
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.signals import post_init
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Locale, Page, PageViewRestriction, Site, get_page_models

from core.memo import rows_reused

from .selection import PublicPage, PublicSubset

# Raise when the manifest's meaning or the rendering changes in a way the code digest misses.
FORMAT = 1
# Rows every page depends on: part of the signature, not of each page's sources (with the
# site settings, such as the emergency numbers, which are read through a cache).
GLOBAL_MODELS = (Site, Locale, PageViewRestriction, ContentType)
SETTINGS = (BaseSiteSetting, BaseGenericSetting)
NOT_RECORDED = (*GLOBAL_MODELS, *SETTINGS)
# A page row's fields that a draft changes: the export shows the live version only.
DRAFT_FIELDS = frozenset(
    {
        "draft_title",
        "latest_revision",
        "latest_revision_created_at",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)
CODE_SUFFIXES = frozenset({".py", ".html", ".txt", ".css", ".js", ".mo", ".json", ".svg"})
SKIPPED_FOLDERS = frozenset({".git", ".venv", "node_modules", "__pycache__", "var", "media"})

Source = tuple[str, str]  # (model label, primary key as text)


@contextmanager
def recording() -> Iterator[set[Source]]:
    """The rows read while the block runs, those of a remembered result used again
    (``core.memo``) included."""
    found: set[Source] = set()

    def seen(sender, instance, **kwargs):
        if instance.pk is not None and not isinstance(instance, NOT_RECORDED):
            found.add((instance._meta.label, str(instance.pk)))

    def reused(sender, instances, **kwargs):
        for instance in instances:
            seen(sender, instance)

    post_init.connect(seen, weak=False, dispatch_uid="public_site.sources")
    rows_reused.connect(reused, weak=False, dispatch_uid="public_site.sources")
    try:
        yield found
    finally:
        post_init.disconnect(dispatch_uid="public_site.sources")
        rows_reused.disconnect(dispatch_uid="public_site.sources")


def pack(sources: Iterable[Source]) -> dict[str, str]:
    """``sources`` as the manifest keeps them: model label → primary keys, space-separated
    (a guide page reads its 200 siblings; a list of pairs each would make the manifest slow
    to read)."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for label, pk in sorted(sources):
        by_label[label].append(pk)
    return {label: " ".join(pks) for label, pks in by_label.items()}


def unpack(packed: dict) -> list[Source]:
    return [(str(label), pk) for label, pks in dict(packed).items() for pk in str(pks).split()]


def _setting_models() -> list:
    return [model for model in apps.get_models() if issubclass(model, SETTINGS)]


def _code_files(root: Path) -> Iterator[Path]:
    for folder, folders, names in os.walk(root):
        folders[:] = sorted(f for f in folders if f not in SKIPPED_FOLDERS)
        for name in sorted(names):
            if Path(name).suffix in CODE_SUFFIXES:
                yield Path(folder, name)


def signature(base_url: str) -> str:
    """What every exported page depends on: the code, templates and built style sheets, the
    collected static files' names, the settings that shape URLs, and the rows of the sites,
    locales, view restrictions and site settings."""
    digest = hashlib.sha256(f"{FORMAT}\n{base_url}\n".encode())
    for name in ("LANGUAGE_CODE", "LANGUAGES", "STATIC_URL", "MEDIA_URL", "ALLOWED_HOSTS"):
        digest.update(repr(getattr(settings, name, None)).encode())
    base = Path(settings.BASE_DIR)
    built = [base / "var" / "bundle"]
    if settings.STATIC_ROOT:
        built.append(Path(settings.STATIC_ROOT) / "staticfiles.json")
    for path in [*_code_files(base), *(p for b in built for p in _code_files(b)), *built]:
        if path.is_file():
            digest.update(
                str(path.relative_to(base) if path.is_relative_to(base) else path).encode()
            )
            digest.update(path.read_bytes())
    for model in (*GLOBAL_MODELS, *_setting_models()):
        digest.update(model._meta.label.encode())
        for row in _rows(model._base_manager.order_by("pk")):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _fields(model) -> list[str]:
    return [
        field.attname for field in model._meta.concrete_fields if field.name not in DRAFT_FIELDS
    ]


def _rows(queryset) -> list[tuple]:
    """The rows of ``queryset``'s fields (a draft's left out) as the database gives them,
    without Django's conversions (a StreamField would be parsed, only to be digested)."""
    sql, params = queryset.values_list(*_fields(queryset.model)).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def row_digests(sources: Iterable[Source]) -> dict[Source, str]:
    """Each row's current digest; a row that is gone, or whose model is, has none."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for label, pk in sources:
        wanted[label].add(pk)
    found: dict[Source, str] = {}
    for label, pks in wanted.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        position = _fields(model).index(model._meta.pk.attname)
        keys = sorted(pks)
        for start in range(0, len(keys), 500):
            for row in _rows(model._base_manager.filter(pk__in=keys[start : start + 500])):
                digest = hashlib.sha256(repr(row).encode()).hexdigest()
                found[(label, str(row[position]))] = digest
    return found


class PageSources:
    """Fingerprints of the pages of one public subset."""

    def __init__(self, subset: PublicSubset):
        self.subset = subset
        self.page_labels = {model._meta.label for model in get_page_models()}
        self.subset_files = {item.file: item for item in subset.pages}
        self._translations: dict = {}
        self.children: dict[str, list[int]] = defaultdict(list)
        for item in subset.pages:
            self.children[item.page.path[: -Page.steplen]].append(item.page.pk)

    def fingerprint(
        self,
        item: PublicPage,
        sources: Iterable[Source],
        links: Iterable[str],
        digests: dict[Source, str],
        resolve,
    ) -> str:
        """``item``'s fingerprint: the digests of the rows it read (and, for pages, whether and
        where each is public), its public children, its translations, and where each intranet
        link it had resolves to (``resolve``: a path → an export file, or None)."""
        by_pk = self.subset.by_pk
        digest = hashlib.sha256()
        for label, pk in sorted(sources):
            public = None
            if label in self.page_labels and int(pk) in by_pk:
                public = by_pk[int(pk)].file
            digest.update(f"{label}\t{pk}\t{digests.get((label, pk))}\t{public}\n".encode())
        digest.update(f"children\t{self.children.get(item.page.path, [])}\n".encode())
        key = item.page.translation_key
        if key not in self._translations:  # the same for every page of the group
            self._translations[key] = [other.file for other in self.subset.translations(item)]
        digest.update(f"translations\t{self._translations[key]}\n".encode())
        for path in sorted(links):
            digest.update(f"link\t{path}\t{resolve(path)}\n".encode())
        return digest.hexdigest()
