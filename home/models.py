"""The intranet front page, general content pages and the population guide."""

import operator
from functools import reduce

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from core.blocks import RICH_TEXT_FEATURES, BodyBlock
from core.localize import prefer_language
from core.memo import remembered
from core.pages import BasePage, PublicPage
from core.visibility import audience_key, visible_to
from guidance.models import FocusAreaPage

from .blocks import GuideBodyBlock


class HomePage(BasePage):
    """Front page: search, the 'Jeg er bekymret' entry, focus areas and recent updates."""

    intro = RichTextField(_("ingress"), blank=True, features=RICH_TEXT_FEATURES)
    concern_page = models.ForeignKey(
        "guidance.ConcernGuidePage",
        verbose_name=_("«Jeg er bekymret»-side"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("concern_page")]
    subpage_types = [
        "guidance.PlanPage",
        "guidance.ConcernGuidePage",
        "guidance.UnitIndexPage",
        "directory.HelpServiceIndexPage",
        "home.ContentPage",
        "home.PopulationGuidePage",
        "onboarding.ReadingListPage",
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("forside")

    def route(self, request, path_components):
        """Find the deepest page on the path in one query, not two queries per level.

        In a language other than the source, the path is looked up in this language's tree and
        in the Norwegian tree at once (slugs are the same in every language): where a page has
        no translation, or only an alias that stands in for one, the Norwegian page is served,
        and its template says so (languages.templatetags). What is left of the path goes to
        that page's own ``route`` (e.g. a routable page's sub-URL), which raises Http404 as
        usual when nothing matches.
        """
        if not path_components and self.alias_of_id:
            # An untranslated front page: the Norwegian one (an alias has its source's type).
            return type(self).objects.get(pk=self.alias_of_id).route(request, path_components)
        roots = [self, *self.source_roots(request)]
        if not path_components and len(roots) == 1:
            return super().route(request, path_components)
        prefixes = [
            root.url_path + "".join(f"{component}/" for component in path_components[:n])
            for root in roots
            for n in range(len(path_components) + 1)
        ]
        candidates = Page.objects.filter(url_path__in=prefixes).select_related("alias_of")
        if not candidates:
            raise Http404
        deepest = max(candidates, key=lambda page: (page.depth, page.locale_id == self.locale_id))
        if deepest.alias_of_id and deepest.alias_of.locale_id != deepest.locale_id:
            deepest = deepest.alias_of
        remaining = path_components[deepest.depth - self.depth :]
        if deepest.depth == self.depth:
            if remaining:
                raise Http404
            return Page.route(self if deepest.pk == self.pk else deepest.specific, request, [])
        return deepest.specific.route(request, remaining)

    def source_roots(self, request) -> list[Page]:
        """The site's front page in the source language, if this is a translation of it."""
        site = Site.find_for_request(request)
        root = site.root_page if site else None
        if root is None or root.pk == self.pk or root.translation_key != self.translation_key:
            return []
        return [root]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        within = reduce(
            operator.or_,
            (Q(path__startswith=root.path) for root in [self, *self.source_roots(request)]),
        )
        context["focus_areas"] = prefer_language(
            visible_to(FocusAreaPage.objects.live().filter(within), request), self.locale_id
        ).order_by("number")
        below = visible_to(Page.objects.live().filter(within, depth__gt=self.depth), request)
        context["recently_updated"] = (
            prefer_language(below, self.locale_id)
            .exclude(last_published_at=None)
            .order_by("-last_published_at")[:6]
        )
        return context


class ContentPage(BasePage):
    """A general page of text, e.g. the accessibility statement."""

    intro = models.TextField(_("ingress"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("innhold"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    subpage_types = ["home.ContentPage"]

    class Meta:
        verbose_name = _("innholdsside")


class PopulationGuidePage(PublicPage):
    """A page of the guide for the district's residents (measure 2.2 of the plan).

    Plain language, no internal matters: this is the public part of the site, offered in
    every content language. The guide's first page sits below the front page; its other pages
    are its children, and every page lists them all.
    """

    intro = models.TextField(_("ingress"), blank=True)
    body = StreamField(GuideBodyBlock(), verbose_name=_("innhold"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["home.HomePage", "home.PopulationGuidePage"]
    subpage_types = ["home.PopulationGuidePage"]
    # The language switcher offers every content language here, not only the staff's.
    offered_in_every_language = True

    class Meta:
        verbose_name = _("side i veilederen for befolkningen")
        verbose_name_plural = _("sider i veilederen for befolkningen")

    @property
    def guide_root_path(self) -> str:
        """The tree path of the guide's first page (the one right below a front page)."""
        return self.path[: Page.steplen * 3]

    def get_context(self, request, *args, **kwargs):
        """The guide's pages for its table of contents (the same for each of its pages:
        remembered through a whole export, ``core.memo``) and the translations of the help
        services it names, whose specific versions are read only where translations exist."""
        context = super().get_context(request, *args, **kwargs)
        root_path = self.guide_root_path
        context["guide_pages"] = remembered(
            ("guide_pages", root_path, self.locale_id, audience_key(request)),
            lambda: list(
                visible_to(Page.objects.live(), request)
                .filter(Q(path=root_path) | Q(path__startswith=root_path, depth=4))
                .order_by("path")
            ),
        )
        linked = [
            block.value["service"]
            for block in self.body
            if block.block_type == "help_service" and block.value["service"] is not None
        ]
        others = {page.translation_key for page in linked if page.locale_id != self.locale_id}
        found = {}
        if others:
            translations = Page.objects.live().filter(
                translation_key__in=others, locale_id=self.locale_id
            )
            found = {
                page.translation_key: page for page in visible_to(translations, request).specific()
            }
        context["localized_pages"] = {p.pk: found.get(p.translation_key, p) for p in linked}
        return context
