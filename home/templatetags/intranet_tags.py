"""Template helpers shared by every intranet template: phone and e-mail links, navigation.

Every phone number on the site is a ``tel:`` link with the country code (+47 for Norwegian
numbers), every e-mail address a ``mailto:`` link. The navigation helpers each cost at most one
database query, whatever the size of the tree.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django import template
from django.db.models import Q
from django.db.models.functions import Substr
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site

from directory.blocks import PHONE_KINDS
from home.emergency import EMERGENCY_NUMBERS

register = template.Library()

NORWEGIAN_COUNTRY_CODE = "47"

# The sections of the main navigation, by page type (app_label, model).
MAIN_NAVIGATION_TYPES = (
    ("guidance", "planpage"),
    ("guidance", "concernguidepage"),
    ("guidance", "unitindexpage"),
    ("directory", "helpserviceindexpage"),
)

_PHONE_KIND_LABELS = dict(PHONE_KINDS)


# Phone numbers and e-mail addresses


def _international_number(number) -> str:
    """``number`` in E.164 form ("+4722705580"), or "" when it holds no digits.

    Norwegian numbers are written without a country code ("22 70 55 80", "116 006", "112");
    numbers starting with "+" or "00" already carry one and keep it.
    """
    raw = str(number or "").strip()
    digits = re.sub(r"\D", "", raw)
    if not digits:
        return ""
    if raw.startswith("+"):
        return "+" + digits
    if digits.startswith("00"):
        return "+" + digits[2:]
    return "+" + NORWEGIAN_COUNTRY_CODE + digits


@register.filter
def tel_href(number) -> str:
    """``"22 70 55 80"`` → ``"tel:+4722705580"``; ``"+46 8 123 45"`` → ``"tel:+46812345"``."""
    international = _international_number(number)
    return f"tel:{international}" if international else ""


@register.simple_tag
def phone_link(number, label="", css_class=""):
    """A ``tel:`` link showing the number as written: ``<a href="tel:+4722705580">22 70 55 80</a>``.

    ``label`` (e.g. «Barnevernvakten») is prepended for screen readers only, so that the link
    makes sense out of context («Ring Barnevernvakten: 22 70 55 80»). The visible number stays
    part of the accessible name.
    """
    href = tel_href(number)
    if not href:
        return ""
    shown = " ".join(str(number).split())
    class_attr = format_html(' class="{}"', css_class) if css_class else ""
    if label:
        return format_html(
            '<a href="{}"{}><span class="pkt-sr-only">{} </span>{}</a>',
            href,
            class_attr,
            _("Ring %(label)s:") % {"label": label},
            shown,
        )
    return format_html('<a href="{}"{}>{}</a>', href, class_attr, shown)


@register.filter
def mailto_href(address) -> str:
    address = str(address or "").strip()
    return f"mailto:{address}" if address else ""


@register.simple_tag
def mailto(address, label="", css_class=""):
    """A ``mailto:`` link showing the address; ``label`` is prepended for screen readers only."""
    href = mailto_href(address)
    if not href:
        return ""
    class_attr = format_html(' class="{}"', css_class) if css_class else ""
    if label:
        return format_html(
            '<a href="{}"{}><span class="pkt-sr-only">{} </span>{}</a>',
            href,
            class_attr,
            _("Send e-post til %(label)s:") % {"label": label},
            address.strip(),
        )
    return format_html('<a href="{}"{}>{}</a>', href, class_attr, address.strip())


@register.filter
def phone_kind_label(kind) -> str:
    """The Norwegian label of a phone number's kind ("vakttelefon" → «Vakttelefon»)."""
    return str(_PHONE_KIND_LABELS.get(kind, _PHONE_KIND_LABELS["telefon"]))


@register.filter
def url_host(url) -> str:
    """The host name of a URL without "www.", for showing where an external link goes."""
    host = urlsplit(str(url or "")).hostname or ""
    return host.removeprefix("www.")


@register.filter
def measure_anchor(number) -> str:
    """The in-page anchor of a measure: "1.1" → "tiltak-1-1"."""
    return "tiltak-" + re.sub(r"[^0-9A-Za-z]+", "-", str(number)).strip("-")


@register.simple_tag
def emergency_numbers():
    """The emergency numbers, for templates rendered without context processors (500.html)."""
    return EMERGENCY_NUMBERS


# Navigation


def _site_root(context):
    """The request's site root page (cached on the request by Wagtail), or None."""
    request = context.get("request")
    if request is None:
        return None
    try:
        site = Site.find_for_request(request)
    except Site.DoesNotExist:  # pragma: no cover - only without any Site
        return None
    return site.root_page if site else None


@register.simple_tag(takes_context=True)
def main_navigation(context):
    """The main sections: live children of the site root in the active language, by path.

    One query: children of every translation of the site root, in the active language or the
    root's own; the active language wins when it has any. Sections are the plan, the concern
    guide, the unit index and the help-service directory, plus any other child page the editors
    have marked «Vis i menyer».
    """
    root = _site_root(context)
    if root is None:
        return []
    try:
        language = get_supported_content_language_variant(get_language())
    except LookupError:
        language = None
    type_filter = None
    for app_label, model in MAIN_NAVIGATION_TYPES:
        condition = Q(content_type__app_label=app_label, content_type__model=model)
        type_filter = condition if type_filter is None else type_filter | condition
    step = Page.steplen
    pages = list(
        Page.objects.live()
        .annotate(parent_path=Substr("path", 1, root.depth * step))
        .filter(
            depth=root.depth + 1,
            parent_path__in=Page.objects.filter(translation_key=root.translation_key).values(
                "path"
            ),
        )
        .filter(type_filter | Q(show_in_menus=True))
        .filter(Q(locale__language_code=language) | Q(locale_id=root.locale_id))
        .select_related("locale")
        .order_by("path")
    )
    active = [p for p in pages if p.locale.language_code == language]
    return active or [p for p in pages if p.locale_id == root.locale_id]


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    """The ancestors of ``page`` below the site root, top down, in one query.

    None when ``page`` is the site root (or a translation of it) or lies outside it, so
    templates can tell «no breadcrumbs» from «directly below the front page» (an empty list).
    """
    if not isinstance(page, Page):
        return None
    root = _site_root(context)
    root_depth = root.depth if root is not None else 2
    if page.depth <= root_depth:
        return None
    return list(page.get_ancestors().filter(depth__gt=root_depth).order_by("depth"))


@register.simple_tag
def plan_for(page):
    """The live action plan ``page`` belongs to (a specific PlanPage), or None. One query."""
    from guidance.models import PlanPage

    if not isinstance(page, Page):
        return None
    if isinstance(page, PlanPage):
        return page
    return PlanPage.objects.live().ancestor_of(page).first()


@register.filter
def is_within(page, section) -> bool:
    """Whether ``page`` is ``section`` or lies below it in the tree (no query)."""
    page_path = getattr(page, "path", None)
    section_path = getattr(section, "path", None)
    return bool(page_path and section_path and page_path.startswith(section_path))
