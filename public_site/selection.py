"""Which pages go to the district's website: the public subset of the intranet.

A Norwegian page is public when all of these hold:

- its type may be public (``PublicPageMixin``) and its flag «Publiseres på bydelens nettside»
  is on;
- it is live and not expired, and not an alias: its page row then holds the published
  revision (drafts and scheduled revisions live only in revisions);
- neither it nor an ancestor has a view restriction;
- every ancestor is live and, below the language's front page, of a type that may be public
  itself: nothing under a unit, a routine, a reading list or any other internal page.

A translation is public when its Norwegian source is (the source decides; a translation's own
copy of the flag is ignored) and the translation itself passes the same checks, in its own
language's tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction, get_page_models

from core.locales import default_locale_id
from core.mixins import PublicPageMixin
from home.models import HomePage

FRONT_PAGE_DEPTH = 2  # the front page of each language, right below Wagtail's root


def public_page_models() -> list[type[Page]]:
    return [model for model in get_page_models() if issubclass(model, PublicPageMixin)]


def bodies(model) -> list[str]:
    """The model's stream and rich-text fields: read only for the pages that are rendered
    (``full_pages``), not for the thousands an export keeps as they were."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, (StreamField, RichTextField))
    ]


def full_pages(pages: list[Page]) -> dict[int, Page]:
    """``pages`` read again with every field, by primary key: one query per page type."""
    by_model: dict[type[Page], list[int]] = {}
    for page in pages:
        by_model.setdefault(type(page)._meta.concrete_model, []).append(page.pk)
    found: dict[int, Page] = {}
    for model, pks in by_model.items():
        for start in range(0, len(pks), 500):
            chunk = pks[start : start + 500]
            found.update(model.objects.select_related("locale").in_bulk(chunk))
    return found


def export_path(page: Page) -> str:
    """The page's path below its language's front page, e.g. ``veileder/hjelp/``."""
    segments = page.url_path.strip("/").split("/")[1:]
    return "".join(f"{segment}/" for segment in segments)


@dataclass(frozen=True)
class PublicPage:
    page: Page  # the specific page, as published
    language: str
    path: str  # below the language's folder, e.g. "veileder/hjelp/"

    @property
    def file(self) -> str:
        return f"{self.language}/{self.path}index.html"


@dataclass
class PublicSubset:
    """The public pages, with lookups for links between them."""

    pages: list[PublicPage] = field(default_factory=list)

    def __post_init__(self):
        self.by_pk = {item.page.pk: item for item in self.pages}
        self.by_key = {(item.language, item.path): item for item in self.pages}
        self.by_translation = {}
        for item in self.pages:
            self.by_translation.setdefault(item.page.translation_key, []).append(item)

    def translations(self, item: PublicPage) -> list[PublicPage]:
        """``item`` and its public translations, in the order of the languages' locales."""
        others = [
            other
            for other in self.by_translation.get(item.page.translation_key, [])
            if other.page.pk != item.page.pk
        ]
        return sorted([item, *others], key=lambda other: other.page.locale_id)

    def __contains__(self, page) -> bool:
        return getattr(page, "pk", None) in self.by_pk


def _ancestor_paths(path: str) -> list[str]:
    step = Page.steplen
    return [path[:end] for end in range(step, len(path), step)]


def _allowed_by_tree(page: Page, ancestors: dict, restricted: list[str], allowed_types) -> bool:
    if any(page.path.startswith(prefix) for prefix in restricted):
        return False
    for path in _ancestor_paths(page.path):
        depth = len(path) // Page.steplen
        if depth < FRONT_PAGE_DEPTH:
            continue
        ancestor = ancestors.get(path)
        if ancestor is None or not ancestor["live"]:
            return False
        if depth > FRONT_PAGE_DEPTH and ancestor["content_type_id"] not in allowed_types:
            return False
    return True


def public_subset() -> PublicSubset:
    """Every public page in every language (see the module's docstring). A handful of queries
    whatever the number of pages: one per public page type, one for the ancestors, one for the
    view restrictions."""
    models = public_page_models()
    content_types = ContentType.objects.get_for_models(*models, HomePage)
    front_page_type = content_types.pop(HomePage).pk
    allowed_types = {content_type.pk for content_type in content_types.values()}
    candidates = [
        page
        for model in models
        for page in model.objects.live()
        .filter(expired=False, alias_of__isnull=True)
        .select_related("locale")
        .defer(*bodies(model))
    ]
    paths = {path for page in candidates for path in _ancestor_paths(page.path)}
    ancestors = {
        row["path"]: row
        for row in Page.objects.filter(path__in=paths).values("path", "live", "content_type_id")
    }
    restricted = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    front_pages = {
        path for path, row in ancestors.items() if row["content_type_id"] == front_page_type
    }
    allowed = [
        page
        for page in candidates
        if page.path[: FRONT_PAGE_DEPTH * Page.steplen] in front_pages
        and _allowed_by_tree(page, ancestors, restricted, allowed_types)
    ]
    source_locale = default_locale_id()
    public_sources = {
        page.translation_key
        for page in allowed
        if page.locale_id == source_locale and page.publish_on_website
    }
    pages = [
        PublicPage(page=page, language=page.locale.language_code, path=export_path(page))
        for page in sorted(allowed, key=lambda page: (page.locale_id, page.path))
        if page.translation_key in public_sources
    ]
    return PublicSubset(pages=pages)
