"""The languages a page is offered in: the language switcher, hreflang alternates and the
note shown where a page has no translation in the reader's language.

No query of its own: the page's translations come with the navigation's one query. URLs come
from Wagtail's cached site root paths; a language without a translation links to the same path
under its prefix, where HomePage.route serves the Norwegian page with a note.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import translate_url
from wagtail.models import Page

from core.locales import active_language, language_of, text_direction


@dataclass(frozen=True)
class LanguageChoice:
    code: str
    name: str
    url: str
    current: bool

    @property
    def direction(self) -> str:
        return text_direction(self.code)


@dataclass
class PageLanguages:
    """What base.html needs to know about the languages of the page being shown."""

    active_language: str
    content_language: str
    choices: list[LanguageChoice] = field(default_factory=list)
    alternates: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_fallback(self) -> bool:
        """The page is shown in another language than the reader asked for (no translation)."""
        return self.content_language != self.active_language

    @property
    def content_direction(self) -> str:
        return text_direction(self.content_language)


def offered_languages(page: Page | None, translated: set[str]) -> list[str]:
    """The staff's languages, every language the page is translated into, and every content
    language on pages offered to the whole population (``offered_in_every_language``)."""
    everyone = page is not None and getattr(page.specific_class, "offered_in_every_language", False)
    return [
        code
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
        if everyone or code in settings.STAFF_LANGUAGES or code in translated
    ]


def page_languages(request, page: Page | None, translations=()) -> PageLanguages:
    """The languages ``page`` (None for views that are not pages) is offered in, given its
    live translations (fetched with the navigation: core.templatetags.intranet_tags)."""
    active = active_language()
    if page is None or not isinstance(page, Page):
        path = request.get_full_path()
        return PageLanguages(
            active_language=active,
            content_language=active,
            choices=[
                LanguageChoice(code, _name(code), translate_url(path, code), code == active)
                for code in offered_languages(None, set())
            ],
        )

    content = language_of(page.locale_id)
    versions = {content: page}
    for translation in translations:
        versions[language_of(translation.locale_id)] = translation
    urls = {code: version.get_url(request) for code, version in versions.items()}
    path = request.path
    choices = [
        LanguageChoice(
            code=code,
            name=_name(code),
            url=urls.get(code) or translate_url(path, code),
            current=code == active,
        )
        for code in offered_languages(page, set(urls))
    ]
    alternates = [
        (code, request.build_absolute_uri(url)) for code, url in urls.items() if url and page.live
    ]
    default_url = urls.get(settings.LANGUAGE_CODE)
    if alternates and default_url:
        alternates.append(("x-default", request.build_absolute_uri(default_url)))
    return PageLanguages(
        active_language=active, content_language=content, choices=choices, alternates=alternates
    )


def _name(code: str) -> str:
    return dict(settings.WAGTAIL_CONTENT_LANGUAGES)[code]
