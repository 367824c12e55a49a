"""Template helpers shared by every intranet template: phone and e-mail links, navigation.

Every phone number on the site is a ``tel:`` link with the country code (+47 for Norwegian
numbers), every e-mail address a ``mailto:`` link. The navigation helpers share one database
query per request, whatever the size of the tree.
"""

from __future__ import annotations

import operator
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import reduce
from urllib.parse import urlsplit

from django import template
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.functions import Substr
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
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


# Phone numbers as editors write them in running text: "22 70 55 80", "800 30 196", "116 006",
# optionally "+47 " in front; and the emergency numbers 110/112/113 or eight digits without
# spaces when introduced by «ring», «ring politiet på», «tlf.», «telefon» or «nødnummer».
# Deliberately conservative: a wrong tel: link is worse than none, so bare digit runs (dates,
# case numbers, paragraphs, organisation numbers) are left alone.
_SPACE = r"[ \u00a0]"
_TEXT_PHONE = re.compile(
    rf"(?<![\w+.,/-])(?P<number>(?:\+47{_SPACE}?)?"
    rf"(?:\d{{2}}{_SPACE}\d{{2}}{_SPACE}\d{{2}}{_SPACE}\d{{2}}|\d{{3}}{_SPACE}\d{{2}}{_SPACE}\d{{3}}"
    rf"|116{_SPACE}?\d{{3}}))(?![\w/-]|[.,]\d)"
    rf"|(?P<intro>\b(?:[Rr]ing(?:e|er)?(?:{_SPACE}+\w+{_SPACE}+på)?|[Tt]lf\.?|[Tt]elefon"
    rf"|[Nn]ødnummer(?:et)?|[Nn]ødnumrene){_SPACE}+)"
    rf"(?P<introduced>11[023]|\d{{8}})(?![\w/-]|[.,]\d)"
)
_TAG_OR_LINK = re.compile(r"(<a\b.*?</a\s*>|<[^>]*>)", re.IGNORECASE | re.DOTALL)


def _link_text_phones(text: str) -> str:
    def replace(match):
        if match.group("number"):
            number = match.group("number")
            return format_html('<a href="{}">{}</a>', tel_href(number), number)
        number = match.group("introduced")
        return format_html('{}<a href="{}">{}</a>', match.group("intro"), tel_href(number), number)

    return _TEXT_PHONE.sub(replace, text)


@register.filter(needs_autoescape=True)
def link_phone_numbers(value, autoescape=True):
    """Make the phone numbers in a text or in rendered rich text ``tel:`` links.

    Existing links and HTML tags are left untouched; plain text is escaped first.
    """
    if value is None:
        return ""
    if hasattr(value, "__html__"):  # SafeString, RichText, StreamValue …: already markup
        value = value.__html__()
    elif autoescape:
        value = conditional_escape(value)
    parts = _TAG_OR_LINK.split(str(value))
    # split() with one capture group alternates text, tag/link, text, …
    return mark_safe(
        "".join(part if i % 2 else _link_text_phones(part) for i, part in enumerate(parts))
    )


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
def page_type_label(page) -> str:
    """A page's type as editors name it («Hjelpetilbud», «Rutine»), without loading the
    specific page: ``specific_class`` comes from the cached content type."""
    model = getattr(page, "specific_class", None) or type(page)
    return str(model._meta.verbose_name)


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


# Navigation and the pages around the current one
#
# The header's main navigation, the breadcrumbs, the plan a measure belongs to, a measure's
# focus area and the units a page refers to (owning unit, coordinator's unit, the front page's
# concern guide) all come from ONE query per request, made the first time any of them is asked
# for and kept on the request. Pages come back as generic Page objects: title, URL and live
# state need nothing more, and ``specific_deferred`` turns one into its specific class without
# a query where a method of that class is needed (the plan's routes).

# Foreign keys to pages that templates show as links: ``related_page page "owning_unit"``.
RELATED_PAGE_FIELDS = ("owning_unit", "coordinator_unit", "concern_page")


@dataclass
class _PageFamily:
    navigation: list = field(default_factory=list)
    ancestors: list = field(default_factory=list)  # below the site root, top down
    related: dict = field(default_factory=dict)  # pk → Page
    translations: list = field(default_factory=list)  # the page's live translations
    root_depth: int = 2


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


def _active_language(context):
    """The reader's language: the request's (set by LocaleMiddleware from the URL), also
    inside a Norwegian page's content, which base.html renders with Norwegian active."""
    request = context.get("request")
    try:
        return get_supported_content_language_variant(
            getattr(request, "LANGUAGE_CODE", None) or get_language()
        )
    except LookupError:
        return None


def _page_family(context, page=None) -> _PageFamily:
    """Navigation, ancestors and related pages of ``page`` (or of the context's page)."""
    if page is None:
        page = context.get("page")
    if not isinstance(page, Page):
        page = None
    request = context.get("request")
    key = (getattr(page, "pk", None), _active_language(context))
    cached = getattr(request, "_intranet_page_family", None)
    if cached is not None and cached[0] == key:
        return cached[1]

    family = _compute_page_family(context, page)
    if request is not None:
        request._intranet_page_family = (key, family)
    return family


def _compute_page_family(context, page) -> _PageFamily:
    root = _site_root(context)
    root_depth = root.depth if root is not None else 2
    family = _PageFamily(root_depth=root_depth)
    step = Page.steplen
    wanted = []

    navigation = None
    language = _active_language(context)
    if root is not None:
        types = reduce(
            operator.or_,
            (
                Q(content_type__app_label=app_label, content_type__model=model)
                for app_label, model in MAIN_NAVIGATION_TYPES
            ),
        )
        root_paths = Page.objects.filter(translation_key=root.translation_key).values("path")
        navigation = (
            Q(live=True, depth=root_depth + 1, parent_path__in=root_paths)
            & (types | Q(show_in_menus=True))
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
        return family

    queryset = Page.objects.annotate(parent_path=Substr("path", 1, root_depth * step))
    if navigation is not None:
        queryset = queryset.annotate(
            in_navigation=ExpressionWrapper(navigation, output_field=BooleanField())
        )
    queryset = queryset.filter(reduce(operator.or_, wanted)).select_related("locale")
    pages = list(queryset.order_by("path"))

    if navigation is not None:
        candidates = [p for p in pages if p.in_navigation]
        family.navigation = _in_language(candidates, language, root.locale_id)
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


def _in_language(pages, language, source_locale_id) -> list:
    """The source-language ``pages`` in their order, each replaced by its translation into
    ``language`` where ``pages`` holds one; then those that exist only in ``language``."""
    translated = {p.translation_key: p for p in pages if p.locale.language_code == language}
    merged = [
        translated.pop(p.translation_key, p) for p in pages if p.locale_id == source_locale_id
    ]
    return merged + list(translated.values())


def page_translations(context, page) -> list:
    """``page``'s live translations (generic pages with their locale), from the one query."""
    return _page_family(context, page).translations


@register.simple_tag(takes_context=True)
def main_navigation(context):
    """The main sections: live children of the site root in the active language, by path.

    The sections are the plan, the concern guide, the unit index and the help-service
    directory, plus any other child of the front page the editors have marked «Vis i menyer»
    (so the accessibility statement stays out of the menu). Children of every translation of
    the site root are fetched; each section is shown in the active language where it is
    translated, in Norwegian otherwise. Part of the one query per request described above.
    """
    return _page_family(context).navigation


@register.simple_tag(takes_context=True)
def main_section(context, model_name):
    """The main navigation's section of one page type (``"helpserviceindexpage"``), or None;
    from the navigation's query, so in the reader's language where translated."""
    for section in _page_family(context).navigation:
        if section.specific_class and section.specific_class._meta.model_name == model_name:
            return section
    return None


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    """The ancestors of ``page`` below the site root, top down.

    None when ``page`` is at the site root's level (the front page or a translation of it)
    or above, so templates can tell «no breadcrumbs» from «directly below the front page»
    (an empty list).
    """
    if not isinstance(page, Page):
        return None
    family = _page_family(context, page)
    if page.depth <= family.root_depth:
        return None
    return family.ancestors


@register.simple_tag(takes_context=True)
def parent_page(context, page):
    """``page``'s parent as a generic Page, without a query of its own when it lies below
    the site root."""
    if not isinstance(page, Page):
        return None
    ancestors = _page_family(context, page).ancestors
    if ancestors and ancestors[-1].depth == page.depth - 1:
        return ancestors[-1]
    return page.get_parent()


@register.simple_tag(takes_context=True)
def plan_for(context, page):
    """The action plan ``page`` belongs to (a PlanPage, for ``routablepageurl``), or None."""
    from guidance.models import PlanPage

    if not isinstance(page, Page):
        return None
    if isinstance(page, PlanPage):
        return page
    for ancestor in reversed(_page_family(context, page).ancestors):
        if ancestor.live and issubclass(ancestor.specific_class or Page, PlanPage):
            return ancestor.specific_deferred
    return None


@register.simple_tag(takes_context=True)
def related_page(context, page, name):
    """The page that ``page.<name>`` points to (e.g. "owning_unit"), as a generic Page, or
    None; fetched with the navigation instead of one query per foreign key."""
    if name not in RELATED_PAGE_FIELDS or not isinstance(page, Page):
        return None
    related_id = getattr(page, f"{name}_id", None)
    if not related_id:
        return None
    related = _page_family(context, page).related.get(related_id)
    return related if related is not None else getattr(page, name)


@register.simple_tag(takes_context=True)
def with_parents(context, pages):
    """``(page, parent, ambiguous)`` for each of ``pages``, the parents fetched in one query.

    ``parent`` is None for pages directly below the site root; ``ambiguous`` is true when
    another page in the list has the same title, so the link needs its parent's name to make
    sense (six units each have a «Rutine ved bekymring …»).
    """
    pages = list(pages)
    if not pages:
        return []
    root = _site_root(context)
    root_depth = root.depth if root is not None else 2
    step = Page.steplen
    parent_paths = {p.path[:-step] for p in pages if p.depth - 1 > root_depth}
    parents = (
        {p.path: p for p in Page.objects.filter(path__in=parent_paths)} if parent_paths else {}
    )
    titles = Counter(p.title for p in pages)
    return [(p, parents.get(p.path[:-step]), titles[p.title] > 1) for p in pages]


@register.filter
def is_within(page, section) -> bool:
    """Whether ``page`` is ``section`` or lies below it in the tree (no query)."""
    page_path = getattr(page, "path", None)
    section_path = getattr(section, "path", None)
    return bool(page_path and section_path and page_path.startswith(section_path))
