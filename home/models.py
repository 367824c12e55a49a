"""The intranet front page and general content pages."""

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import RICH_TEXT_FEATURES, BodyBlock


class HomePage(Page):
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
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("forside")

    def route(self, request, path_components):
        """Find the deepest page on the path in one query, not two queries per level.

        What is left of the path goes to that page's own ``route`` (e.g. a routable page's
        sub-URL), which raises Http404 as usual when nothing matches.
        """
        if not path_components:
            return super().route(request, path_components)
        prefixes = [
            f"{self.url_path}{'/'.join(path_components[:n])}/"
            for n in range(1, len(path_components) + 1)
        ]
        deepest = (
            Page.objects.filter(url_path__in=prefixes, path__startswith=self.path)
            .order_by("-depth")
            .first()
        )
        if deepest is None:
            raise Http404
        return deepest.specific.route(request, path_components[deepest.depth - self.depth :])

    def get_context(self, request, *args, **kwargs):
        from guidance.models import FocusAreaPage

        context = super().get_context(request, *args, **kwargs)
        context["focus_areas"] = (
            FocusAreaPage.objects.live().descendant_of(self).specific().order_by("number")
        )
        context["recently_updated"] = (
            Page.objects.live()
            .descendant_of(self)
            .filter(locale_id=self.locale_id)
            .exclude(last_published_at=None)
            .order_by("-last_published_at")[:6]
        )
        return context


class ContentPage(Page):
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
