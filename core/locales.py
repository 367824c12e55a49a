"""The site's content languages as cheap lookups: locale ids, the active language, text
direction. Cached until a Locale changes (languages.apps clears the cache)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language, get_language_info
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

LOCALE_IDS_CACHE_KEY = "languages:locale-ids"


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
