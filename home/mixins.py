"""Cross-cutting page behaviour shared by the guidance and directory page types."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved ``months`` calendar months ahead, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


class ReviewedPageMixin(models.Model):
    """A guidance page with an owning unit and a review cycle (the plan asks for annual review)."""

    default_review_interval_months = 12

    owning_unit = models.ForeignKey(
        "guidance.UnitPage",
        verbose_name=_("ansvarlig enhet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_reviewed = models.DateField(_("sist gjennomgått"), null=True, blank=True)
    review_interval_months = models.PositiveSmallIntegerField(
        _("gjennomgås hver (måneder)"),
        null=True,
        blank=True,
        help_text=_("Tomt betyr standard for sidetypen."),
    )

    review_panels = [
        MultiFieldPanel(
            [
                FieldPanel("owning_unit"),
                FieldPanel("last_reviewed"),
                FieldPanel("review_interval_months"),
            ],
            heading=_("Eierskap og gjennomgang"),
        )
    ]

    class Meta:
        abstract = True

    @property
    def review_interval(self) -> int:
        return self.review_interval_months or self.default_review_interval_months

    @property
    def next_review(self) -> datetime.date | None:
        if self.last_reviewed is None:
            return None
        return add_months(self.last_reviewed, self.review_interval)

    @property
    def review_overdue(self) -> bool:
        next_review = self.next_review
        return next_review is not None and next_review < timezone.localdate()
