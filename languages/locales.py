"""The site's locales and their roots, created from settings by code (idempotent).

Every language in ``settings.WAGTAIL_CONTENT_LANGUAGES`` gets a Wagtail ``Locale``. Each locale
also gets a root: the site's front page in that language. Until someone translates the front
page, that root is an *alias* of the Norwegian one (what wagtail-localize creates by itself when
it needs a parent), so translated pages have a place to live and the «Oversetter» group has a
tree to hold its page permissions.
"""

from __future__ import annotations

from wagtail.coreutils import get_content_languages
from wagtail.models import Locale, Page, Site

from accounts.roles import sync_translator_group
from core.locales import forget_locale_ids
from home.models import HomePage


def sync_locales() -> list[str]:
    """Create a Locale for every content language that has none; return the codes created."""
    existing = set(Locale.all_objects.values_list("language_code", flat=True))
    missing = [code for code in get_content_languages() if code not in existing]
    Locale.all_objects.bulk_create([Locale(language_code=code) for code in missing])
    if missing:
        forget_locale_ids()
    return missing


def site_root():
    """The default site's root page (in the source language), or None."""
    site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
    return site.root_page.specific if site else None


def ensure_locale_roots() -> list[Page]:
    """Give every locale a root: an alias of the site's front page where it has no translation.

    Only once the front page is a HomePage (not Wagtail's welcome page). Returns the aliases
    created; grants the translators their page permissions on every root.
    """
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
