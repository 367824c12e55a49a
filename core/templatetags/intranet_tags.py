"""Template tags shared by every intranet template: thin wrappers over core.links (phone and
e-mail links) and core.navigation (the pages around the current one)."""

from __future__ import annotations

import re

from django import template

from core import links, navigation
from core.models import emergency_numbers as current_emergency_numbers
from core.visibility import is_visible

register = template.Library()

register.filter("tel_href", links.tel_href)
register.simple_tag(links.phone_link, name="phone_link")
register.filter("link_phone_numbers", links.link_phone_numbers, needs_autoescape=True)
register.filter("mailto_href", links.mailto_href)
register.simple_tag(links.mailto, name="mailto")
register.filter("phone_kind_label", links.phone_kind_label)
register.filter("url_host", links.url_host)
register.filter("is_within", navigation.is_within)


@register.simple_tag(takes_context=True)
def listed(context, page):
    """``{% listed page as page %}``: ``page`` if this reader may meet it here, else None. On
    the website (``public`` in the context) only pages of the public subset; on the intranet
    live pages the reader may open (view restrictions, core.visibility)."""
    if page is None or not page.live:
        return None
    public = context.get("public")
    if public is not None:
        return page if page.pk in public["page_ids"] else None
    request = context.get("request")
    return page if request is None or is_visible(page, request) else None


@register.filter
def page_type_label(page) -> str:
    """A page's type as editors name it («Hjelpetilbud», «Rutine»), without loading the
    specific page: ``specific_class`` comes from the cached content type."""
    model = getattr(page, "specific_class", None) or type(page)
    return str(model._meta.verbose_name)


@register.filter
def measure_anchor(number) -> str:
    """The in-page anchor of a measure: "1.1" → "tiltak-1-1"."""
    return "tiltak-" + re.sub(r"[^0-9A-Za-z]+", "-", str(number)).strip("-")


@register.simple_tag
def emergency_numbers():
    """The emergency numbers, for templates rendered without context processors (500.html)."""
    return current_emergency_numbers()


@register.simple_tag(takes_context=True)
def main_navigation(context):
    return navigation.main_navigation(context.get("request"), context.get("page"))


@register.simple_tag(takes_context=True)
def main_section(context, model_name):
    return navigation.main_section(context.get("request"), context.get("page"), model_name)


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    return navigation.breadcrumbs(context.get("request"), page)


@register.simple_tag(takes_context=True)
def parent_page(context, page):
    return navigation.parent_page(context.get("request"), page)


@register.simple_tag(takes_context=True)
def related_page(context, page, name):
    return navigation.related_page(context.get("request"), page, name)


@register.simple_tag(takes_context=True)
def with_parents(context, pages):
    return navigation.with_parents(context.get("request"), pages)
