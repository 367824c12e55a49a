"""Template tags for the page's languages (switcher, alternates, fallback note) and for
showing related content in the page's language."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from wagtail.models import Page

from core.locales import active_language, language_of, text_direction
from core.localize import localized_objects
from core.navigation import page_translations
from languages.switcher import PageLanguages
from languages.switcher import page_languages as _page_languages

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context, page=None):
    """The PageLanguages of the request's page, computed once per request."""
    request = context.get("request")
    if request is None:
        language = active_language()
        return PageLanguages(active_language=language, content_language=language)
    key = getattr(page, "pk", None)
    cached = getattr(request, "_page_languages", None)
    if cached is None or cached[0] != key:
        translations = page_translations(request, page) if isinstance(page, Page) else ()
        cached = (key, _page_languages(request, page, translations))
        request._page_languages = cached
    return cached[1]


@register.simple_tag(takes_context=True)
def localized(context, obj):
    """``obj`` (a page or snippet) in the language of the page being shown, where it is
    translated (and live); the object itself otherwise. Pages may hand over a prepared map
    ``localized_pages`` (pk → object) so that a list costs one query."""
    if obj is None:
        return None
    prepared = context.get("localized_pages") or {}
    if obj.pk in prepared:
        return prepared[obj.pk]
    page = context.get("page")
    return localized_objects([obj], getattr(page, "locale_id", None))[obj.pk]


def _reader_language(context) -> str:
    """The language the reader asked for (the URL's), even inside a Norwegian page's content,
    which base.html renders with Norwegian active."""
    return getattr(context.get("request"), "LANGUAGE_CODE", None) or active_language()


@register.simple_tag(takes_context=True)
def lang_if_other(context, obj, reader=False):
    """` lang="nb" dir="ltr"` when ``obj`` is in another language than the page being shown
    (a Norwegian help service named in the English guide), or with ``reader`` than the
    reader's language (a Norwegian section in the English menu); nothing otherwise."""
    locale_id = getattr(obj, "locale_id", None)
    if locale_id is None:
        return ""
    code = language_of(locale_id)
    if reader:
        other = _reader_language(context)
    else:
        page = context.get("page")
        other = language_of(page.locale_id) if isinstance(page, Page) else code
    if code == other:
        return ""
    return format_html(' lang="{}" dir="{}"', code, text_direction(code))


@register.simple_tag(takes_context=True)
def reader_url(context, page):
    """``page``'s URL in the reader's language, without a query: its own URL when it is in
    that language, else the same path under the reader's language prefix, where HomePage.route
    serves the translation or the Norwegian page with a note. Keeps a reader of the English or
    Urdu site in their language while moving through pages that are not translated."""
    request = context.get("request")
    url = page.get_url(request)
    reader = _reader_language(context)
    language = language_of(page.locale_id)
    if not url or language == reader or reader not in dict(settings.WAGTAIL_CONTENT_LANGUAGES):
        return url
    with translation.override(language):
        return translate_url(url, reader)
