"""A public page rendered for the website: its public template, then its links checked.

The public templates (``public_site/pages/<model>.html``) are written for the population: no
review status, owning units, coordinator's name, unit routines, login, search or menu of the
intranet. They reuse the intranet's fragments that hold only public content (stream blocks,
steps, provisions, service badges, the emergency numbers).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language_info, gettext_lazy
from wagtail.models import Page, Site

from core.locales import text_direction
from core.memo import remembered

from .links import PublicLinks, public_url
from .selection import PublicPage

# Where «Forlat siden raskt» leads: a neutral, everyday Norwegian site (the weather), as
# GOV.UK's «Exit this page» leads to BBC Weather; nothing about violence or help.
QUICK_EXIT_URL = "https://www.yr.no/"


@dataclass(frozen=True)
class Alternate:
    language: str
    name: str
    href: str  # for the language switcher
    url: str  # for <link rel="alternate" hreflang>: absolute on the website
    direction: str
    current: bool


def public_request(language: str, host: str):
    """A GET request for rendering outside of a real request: anonymous, in ``language``, for
    ``host`` (``PublicLinks.request_host``). Within an export the Wagtail site it belongs to is
    looked up once (``core.memo``) and given to each page's request, as Wagtail's own lookup
    would keep it (``request._wagtail_site``)."""
    request = RequestFactory(SERVER_NAME=host, HTTP_HOST=host).get("/")
    request.user = AnonymousUser()
    request.LANGUAGE_CODE = language
    request._wagtail_site = remembered(
        ("wagtail_site", host), lambda: Site.find_for_request(request)
    )
    return request


def page_template(page) -> str:
    return f"public_site/pages/{page._meta.model_name}.html"


def public_context(
    language: str, current: str, links: PublicLinks, alternates=(), preview_note=""
) -> dict:
    return {
        "public": {
            "language": language,
            "direction": text_direction(language),
            "alternates": alternates,
            "quick_exit_url": QUICK_EXIT_URL,
            "home_href": links.index_href(current),
            "preview_note": preview_note,
            # What may be named or linked on the website (the {% listed %} tag).
            "page_ids": frozenset(links.subset.by_pk),
        }
    }


DESCRIPTION_LENGTH = 160
# The language choice's description for search engines.
INDEX_DESCRIPTION = gettext_lazy(
    "Hjelp og informasjon om vold i nære relasjoner fra Bydel Søndre Nordstrand i Oslo, på flere "
    "språk: hvor du får hjelp, og hva vold er."
)


def description(page) -> str:
    """The page's description for search engines: its search description, else its summary,
    introduction, goal, the beginning of its body or what its type says it is about
    (``description_text()``, e.g. a measure's actions) as plain text, at most 160 characters."""
    for name in ("search_description", "summary", "intro", "goal", "body", "description_text"):
        value = getattr(page, name, "") or ""
        value = value() if callable(value) else value
        text = " ".join(html.unescape(strip_tags(str(value))).split())
        if text:
            return Truncator(text).chars(DESCRIPTION_LENGTH)
    return ""


def alternates(item: PublicPage, links: PublicLinks) -> list[Alternate]:
    return [
        Alternate(
            language=other.language,
            name=get_language_info(other.language)["name_local"],
            href=links.page_href(other, item.file),
            url=links.absolute_url(other) or links.page_href(other, item.file),
            direction=text_direction(other.language),
            current=other.page.pk == item.page.pk,
        )
        for other in links.subset.translations(item)
    ]


def public_listings(context: dict, item: PublicPage, subset) -> None:
    """Keep only public pages in the lists a page's context holds (a directory's services, a
    guide's table of contents, a plan's chapters): the others must not even be named."""
    for key, value in list(context.items()):
        if key in ("page", "self"):
            continue
        if isinstance(value, QuerySet) and issubclass(value.model, Page):
            value = list(value)
        elif not (isinstance(value, list) and value and isinstance(value[0], Page)):
            continue
        context[key] = [
            page for page in value if page.pk in subset.by_pk or page.pk == item.page.pk
        ]


def render_public_page(item: PublicPage, links: PublicLinks, preview_note: str = "") -> str:
    """The page's HTML for the website (or the coordinator's preview), links checked."""
    request = public_request(item.language, links.request_host)
    with translation.override(item.language):
        context = item.page.get_context(request)
        public_listings(context, item, links.subset)
        context.update(
            public_context(item.language, item.file, links, alternates(item, links), preview_note)
        )
        context["public"]["canonical"] = links.absolute_url(item)
        context["public"]["description"] = description(item.page)
        markup = render_to_string(page_template(item.page), context, request=request)
    return links.rewrite(markup, item.file)


def render_public_index(languages: list[tuple[str, list[PublicPage]]], links: PublicLinks) -> str:
    """``index.html``: each language with its public pages that have no public parent."""
    request = public_request(settings.LANGUAGE_CODE, links.request_host)
    sections = [
        {
            "language": code,
            "name": get_language_info(code)["name_local"],
            "direction": text_direction(code),
            "pages": [(item, links.page_href(item, "index.html")) for item in items],
        }
        for code, items in languages
    ]
    with translation.override(settings.LANGUAGE_CODE):
        context = public_context(settings.LANGUAGE_CODE, "index.html", links)
        context["sections"] = sections
        context["public"]["description"] = INDEX_DESCRIPTION
        context["public"]["canonical"] = public_url(links.base_url, "index.html")
        markup = render_to_string("public_site/index.html", context, request=request)
    return links.rewrite(markup, "index.html")
