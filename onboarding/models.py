"""Reading lists for new hires (measure 1.1 of the plan) and the staff's read confirmations.

A confirmation is personal data: only the reader, their unit's leaders and the coordinators see
it (docs/onboarding.md), and ``purge_read_confirmations`` deletes those of people who have left.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin

from core.blocks import RICH_TEXT_FEATURES
from core.pages import BasePage


class ReadingListPage(BasePage):
    """An ordered list of pages a new employee must or should read: the list for all staff
    below the front page, and a unit's own list below its unit page."""

    intro = RichTextField(_("ingress"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("items", heading=_("Sider å lese"), label=_("side"), min_num=1),
    ]
    # Personal progress lives elsewhere; the list itself is internal and never searched.
    search_fields: list = []
    parent_page_types = ["home.HomePage", "guidance.UnitPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("leseliste")
        verbose_name_plural = _("leselister")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = self.items.select_related("page").order_by("sort_order")
        return context


class ReadingListItem(TranslatableMixin, Orderable):
    """A page on a reading list: required or recommended, why to read it, how long it takes.

    The page stays the Norwegian one in a translated list (as every page relation does).
    """

    reading_list = ParentalKey(ReadingListPage, on_delete=models.CASCADE, related_name="items")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("side"), on_delete=models.CASCADE, related_name="+"
    )
    required = models.BooleanField(
        _("påkrevd"), default=True, help_text=_("Uten hake er siden anbefalt lesing.")
    )
    why = models.CharField(_("hvorfor lese dette"), max_length=255, blank=True)
    minutes = models.PositiveSmallIntegerField(_("lesetid (minutter)"), default=5)

    panels = [
        PageChooserPanel("page"),
        FieldPanel("required"),
        FieldPanel("why"),
        FieldPanel("minutes"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("side på leselisten")
        verbose_name_plural = _("sider på leselisten")

    def __str__(self) -> str:
        return str(self.page)


class ReadConfirmation(models.Model):
    """«Jeg har lest»: who read which page, which revision of it, and when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruker"),
        on_delete=models.CASCADE,
        related_name="read_confirmations",
    )
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("side"), on_delete=models.CASCADE, related_name="+"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("versjon lest"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("bekreftet"))

    class Meta:
        verbose_name = _("lesebekreftelse")
        verbose_name_plural = _("lesebekreftelser")
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="one_confirmation_per_page")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.page}"


class OnboardingPeriod(models.Model):
    """When a member of staff started and by when their reading list should be read; without
    a row, the start is the day the user was created and the deadline
    ``ONBOARDING_DEADLINE_DAYS`` later."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruker"),
        on_delete=models.CASCADE,
        related_name="onboarding_period",
    )
    started_on = models.DateField(_("startdato"))
    deadline = models.DateField(_("frist for leselisten"))

    class Meta:
        verbose_name = _("opplæringsperiode")
        verbose_name_plural = _("opplæringsperioder")

    def __str__(self) -> str:
        return str(self.user)

    @staticmethod
    def default_deadline(started_on: datetime.date) -> datetime.date:
        return started_on + datetime.timedelta(days=settings.ONBOARDING_DEADLINE_DAYS)
