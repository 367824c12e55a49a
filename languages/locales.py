"""The site's locales and their roots, created from settings by code (idempotent).

Every language in ``settings.WAGTAIL_CONTENT_LANGUAGES`` gets a Wagtail ``Locale``. Each locale
also gets a root: the site's front page in that language. Until someone translates the front
page, that root is an *alias* of the Norwegian one (what wagtail-localize creates by itself when
it needs a parent), so translated pages have a place to live and the «Oversetter» group has a
tree to hold its page permissions.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language, get_language_info
from wagtail.coreutils import get_content_languages, get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

LOCALE_IDS_CACHE_KEY = "languages:locale-ids"


def sync_locales() -> list[str]:
    """Create a Locale for every content language that has none; return the codes created."""
    existing = set(Locale.all_objects.values_list("language_code", flat=True))
    missing = [code for code in get_content_languages() if code not in existing]
    Locale.all_objects.bulk_create([Locale(language_code=code) for code in missing])
    if missing:
        forget_locale_ids()
    return missing


def forget_locale_ids(**kwargs) -> None:
    """Signal receiver: a Locale was saved or deleted (e.g. in the admin)."""
    cache.delete(LOCALE_IDS_CACHE_KEY)


def locale_ids() -> dict[str, int]:
    """Language code → Locale id, cached until a Locale changes."""
    ids = cache.get(LOCALE_IDS_CACHE_KEY)
    if ids is None:
        ids = dict(Locale.all_objects.values_list("language_code", "id"))
        cache.set(LOCALE_IDS_CACHE_KEY, ids, None)
    return ids


def language_of(locale_id: int) -> str:
    """The language code of a locale id, without a query once the ids are cached."""
    for code, pk in locale_ids().items():
        if pk == locale_id:
            return code
    return settings.LANGUAGE_CODE


def active_language() -> str:
    """The active content language: the request's language if it is one, else the default."""
    try:
        return get_supported_content_language_variant(get_language())
    except LookupError:
        return settings.LANGUAGE_CODE


def text_direction(language_code: str) -> str:
    """ "rtl" for the right-to-left languages (Arabic, Persian, Urdu), "ltr" for the others."""
    return "rtl" if get_language_info(language_code)["bidi"] else "ltr"


def default_locale_id() -> int | None:
    return locale_ids().get(settings.LANGUAGE_CODE)


def site_root():
    """The default site's root page (in the source language), or None."""
    site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
    return site.root_page.specific if site else None


def ensure_locale_roots() -> list[Page]:
    """Give every locale a root: an alias of the site's front page where it has no translation.

    Only once the front page is a HomePage (not Wagtail's welcome page). Returns the aliases
    created; grants the translators their page permissions on every root.
    """
    from home.models import HomePage
    from home.roles import sync_translator_group

    root = site_root()
    if not isinstance(root, HomePage):
        return []
    translated = set(root.get_translations(inclusive=True).values_list("locale_id", flat=True))
    created = [
        root.copy_for_translation(locale, alias=True)
        for locale in Locale.objects.exclude(pk__in=translated).order_by("pk")
    ]
    sync_translator_group()
    return created
