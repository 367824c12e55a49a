"""The pages around the current one: main navigation, breadcrumbs, related pages, translations.

The header's main navigation, the breadcrumbs, the ancestors (e.g. the plan a measure belongs
to), the pages a page refers to (owning unit, coordinator's unit, the front page's concern
guide) and the page's translations all come from ONE query per request, made the first time
any of them is asked for and kept on the request. Pages come back as generic Page objects:
title, URL and live state need nothing more, and ``specific_deferred`` turns one into its
specific class without a query where a method of that class is needed.

The main sections are the page types whose class says ``main_section = True`` (the plan, the
concern guide, the units, the directory), plus any child of the front page that editors mark
«Vis i menyer»; this module names no page type itself. They are the same on every page, so they
are fetched with the rest only when the cache does not hold them for the content generation
(``core.page_cache``): a search, which the page cache does not serve, then needs no query for
them.
"""

from __future__ import annotations

import operator
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, reduce

from django.apps import apps
from django.core.cache import cache as shared_cache
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.functions import Substr
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site

from .page_cache import content_generation
from .visibility import is_visible

# Foreign keys to pages that templates show as links: ``related_page page "owning_unit"``.
RELATED_PAGE_FIELDS = ("owning_unit", "coordinator_unit", "concern_page")


@dataclass
class PageFamily:
    navigation: list = field(default_factory=list)
    ancestors: list = field(default_factory=list)  # below the site root, top down
    related: dict = field(default_factory=dict)  # pk → Page
    translations: list = field(default_factory=list)  # the page's live translations
    root_depth: int = 2


@cache
def main_section_models() -> tuple[type[Page], ...]:
    """The page types that are sections of the main navigation (``main_section = True``)."""
    return tuple(
        model
        for model in apps.get_models()
        if issubclass(model, Page) and getattr(model, "main_section", False)
    )


def site_root(request):
    """The request's site root page (cached on the request by Wagtail), or None."""
    if request is None:
        return None
    try:
        site = Site.find_for_request(request)
    except Site.DoesNotExist:  # pragma: no cover - only without any Site
        return None
    return site.root_page if site else None


def reader_language(request) -> str | None:
    """The reader's language: the request's (set by LocaleMiddleware from the URL), also
    inside a Norwegian page's content, which base.html renders with Norwegian active."""
    try:
        return get_supported_content_language_variant(
            getattr(request, "LANGUAGE_CODE", None) or get_language()
        )
    except LookupError:
        return None


def page_family(request, page=None) -> PageFamily:
    """Navigation, ancestors, related pages and translations of ``page``, one query a request."""
    if not isinstance(page, Page):
        page = None
    key = (getattr(page, "pk", None), reader_language(request))
    cached = getattr(request, "_intranet_page_family", None)
    if cached is not None and cached[0] == key:
        return cached[1]

    family = _compute_page_family(request, page)
    if request is not None:
        request._intranet_page_family = (key, family)
    return family


def _navigation_key(root, language) -> str:
    return f"intranet:navigation:{content_generation()}:{root.pk}:{language}"


def _compute_page_family(request, page) -> PageFamily:
    root = site_root(request)
    root_depth = root.depth if root is not None else 2
    family = PageFamily(root_depth=root_depth)
    step = Page.steplen
    wanted = []

    navigation = None
    language = reader_language(request)
    # The main sections' candidates before the reader's view restrictions, by path.
    navigation_key = _navigation_key(root, language) if root is not None else None
    candidates = shared_cache.get(navigation_key) if navigation_key else None
    if root is not None and candidates is None:
        types = reduce(
            operator.or_,
            (
                Q(
                    content_type__app_label=model._meta.app_label,
                    content_type__model=model._meta.model_name,
                )
                for model in main_section_models()
            ),
            Q(show_in_menus=True),
        )
        root_paths = Page.objects.filter(translation_key=root.translation_key).values("path")
        navigation = (
            Q(live=True, depth=root_depth + 1, parent_path__in=root_paths)
            & types
            & (Q(locale__language_code=language) | Q(locale_id=root.locale_id))
        )
        wanted.append(navigation)

    ancestor_paths = []
    related_ids = []
    if page is not None:
        ancestor_paths = [page.path[: depth * step] for depth in range(root_depth + 1, page.depth)]
        related_ids = [
            getattr(page, f"{name}_id", None)
            for name in RELATED_PAGE_FIELDS
            if getattr(page, f"{name}_id", None)
        ]
        if ancestor_paths:
            wanted.append(Q(path__in=ancestor_paths))
        # The page in other languages, for the language switcher (languages.switcher).
        wanted.append(Q(translation_key=page.translation_key, live=True, alias_of=None))
        if related_ids:
            wanted.append(Q(pk__in=related_ids))
            if root is not None and page.locale_id != root.locale_id:
                # Their translations in the page's language, to link to instead.
                keys = Page.objects.filter(pk__in=related_ids).values("translation_key")
                wanted.append(Q(translation_key__in=keys, locale_id=page.locale_id, live=True))

    if not wanted:
        family.navigation = _visible_navigation(request, candidates, language, root)
        return family

    queryset = Page.objects.annotate(parent_path=Substr("path", 1, root_depth * step))
    if navigation is not None:
        queryset = queryset.annotate(
            in_navigation=ExpressionWrapper(navigation, output_field=BooleanField())
        )
    queryset = queryset.filter(reduce(operator.or_, wanted)).select_related("locale")
    fetched = list(queryset.order_by("path"))
    if navigation is not None:
        candidates = [p for p in fetched if p.in_navigation]
        shared_cache.set(navigation_key, candidates, 24 * 60 * 60)
    family.navigation = _visible_navigation(request, candidates, language, root)
    pages = [p for p in fetched if is_visible(p, request)]

    ancestor_set = set(ancestor_paths)
    family.ancestors = [p for p in pages if p.path in ancestor_set]
    if page is not None:
        family.translations = [
            p
            for p in pages
            if p.translation_key == page.translation_key
            and p.pk != page.pk
            and p.live
            and p.alias_of_id is None
        ]
        translations = {
            p.translation_key: p
            for p in pages
            if p.locale_id == page.locale_id and p.live and p.pk not in related_ids
        }
        family.related = {
            p.pk: translations.get(p.translation_key, p) for p in pages if p.pk in related_ids
        }
    return family


def _visible_navigation(request, candidates, language, root) -> list:
    """The main sections ``request``'s reader may see, in the reader's language."""
    if root is None or candidates is None:
        return []
    visible = [p for p in candidates if is_visible(p, request)]
    return _in_language(visible, language, root.locale_id)


def _in_language(pages, language, source_locale_id) -> list:
    """The source-language ``pages`` in their order, each replaced by its translation into
    ``language`` where ``pages`` holds one; then those that exist only in ``language``."""
    translated = {p.translation_key: p for p in pages if p.locale.language_code == language}
    merged = [
        translated.pop(p.translation_key, p) for p in pages if p.locale_id == source_locale_id
    ]
    return merged + list(translated.values())


def page_translations(request, page) -> list:
    """``page``'s live translations (generic pages with their locale), from the one query."""
    return page_family(request, page).translations


def main_navigation(request, page=None) -> list:
    """The main sections: live children of the site root in the reader's language, by path.

    Children of every translation of the site root are fetched; each section is shown in the
    reader's language where it is translated, in Norwegian otherwise.
    """
    return page_family(request, page).navigation


def main_section(request, page, model_name: str):
    """The main navigation's section of one page type (``"helpserviceindexpage"``), or None."""
    for section in main_navigation(request, page):
        if section.specific_class and section.specific_class._meta.model_name == model_name:
            return section
    return None


def breadcrumbs(request, page):
    """The ancestors of ``page`` below the site root, top down.

    None when ``page`` is at the site root's level (the front page or a translation of it)
    or above, so templates can tell «no breadcrumbs» from «directly below the front page»
    (an empty list).
    """
    if not isinstance(page, Page):
        return None
    family = page_family(request, page)
    if page.depth <= family.root_depth:
        return None
    return family.ancestors


def parent_page(request, page):
    """``page``'s parent as a generic Page, without a query of its own when it lies below
    the site root."""
    if not isinstance(page, Page):
        return None
    ancestors = page_family(request, page).ancestors
    if ancestors and ancestors[-1].depth == page.depth - 1:
        return ancestors[-1]
    return page.get_parent()


def nearest_ancestor_of_type(request, page, model: type[Page]):
    """``page`` itself or its nearest live ancestor of type ``model`` (specific), or None."""
    if not isinstance(page, Page):
        return None
    if isinstance(page, model):
        return page
    for ancestor in reversed(page_family(request, page).ancestors):
        if ancestor.live and issubclass(ancestor.specific_class or Page, model):
            return ancestor.specific_deferred
    return None


def related_page(request, page, name: str):
    """The page that ``page.<name>`` points to (e.g. "owning_unit"), as a generic Page, or
    None; fetched with the navigation instead of one query per foreign key."""
    if name not in RELATED_PAGE_FIELDS or not isinstance(page, Page):
        return None
    related_id = getattr(page, f"{name}_id", None)
    if not related_id:
        return None
    related = page_family(request, page).related.get(related_id)
    if related is None:
        related = getattr(page, name)
        if related is not None and not is_visible(related, request):
            return None
    return related


def with_parents(request, pages) -> list:
    """``(page, parent, ambiguous)`` for each of ``pages``, the parents fetched in one query.

    ``parent`` is None for pages directly below the site root; ``ambiguous`` is true when
    another page in the list has the same title, so the link needs its parent's name to make
    sense (six units each have a «Rutine ved bekymring …»).
    """
    pages = list(pages)
    if not pages:
        return []
    root = site_root(request)
    root_depth = root.depth if root is not None else 2
    step = Page.steplen
    parent_paths = {p.path[:-step] for p in pages if p.depth - 1 > root_depth}
    parents = (
        {p.path: p for p in Page.objects.filter(path__in=parent_paths)} if parent_paths else {}
    )
    titles = Counter(p.title for p in pages)
    return [(p, parents.get(p.path[:-step]), titles[p.title] > 1) for p in pages]


def is_within(page, section) -> bool:
    """Whether ``page`` is ``section`` or lies below it in the tree (no query)."""
    page_path = getattr(page, "path", None)
    section_path = getattr(section, "path", None)
    return bool(page_path and section_path and page_path.startswith(section_path))
