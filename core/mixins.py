"""Cross-cutting page behaviour shared by the page types: review cycle and owner, translation,
the public flag."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

from .blocks import SOURCE_KINDS, SOURCE_KINDS_WITH_REFERENCE
from .forms import PublicPageForm
from .locales import default_locale_id
from .relations import localize_snippet_relations

# The mixins are stacked onto Page (core.pages); the type checker is told so.
if TYPE_CHECKING:
    from wagtail.models import Page as _PageMixinBase
    from wagtail.models import Page as _PageModelMixinBase
else:
    _PageMixinBase = object
    _PageModelMixinBase = models.Model

# Pages are listed as due for review this many days before their next review date.
REVIEW_NOTICE_DAYS = 30


class ReviewState(models.TextChoices):
    NEVER = "aldri", _("Aldri gjennomgått")
    OVERDUE = "forfalt", _("Forfalt")
    DUE = "snart", _("Forfaller snart")
    CURRENT = "ok", _("Gjennomgått")


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


class ProvenanceMixin(_PageModelMixinBase):
    """Where a page's own text comes from: the action plan (2017), the law, an editorial
    addition or a unit's own routine. Its blocks may say otherwise for themselves
    (``core.blocks.SourceBlock``). Pages show a quiet marker for what is not from the plan
    (``components/source.html``); the public website does not (docs/content-model.md)."""

    source_kind = models.CharField(
        _("kilde"), max_length=10, choices=SOURCE_KINDS, default="tillegg"
    )
    source_reference = models.CharField(
        _("henvisning"),
        max_length=255,
        blank=True,
        help_text=_("F.eks. «straffeloven § 196 (Lovdata)» eller «Bufdir, bufdir.no»."),
    )

    synchronised_fields: tuple[str, ...] = ("source_kind", "source_reference")
    provenance_panels = [
        MultiFieldPanel(
            [FieldPanel("source_kind"), FieldPanel("source_reference")],
            heading=_("Hvor teksten kommer fra"),
        )
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.source_kind in SOURCE_KINDS_WITH_REFERENCE and not self.source_reference:
            raise ValidationError({"source_reference": _("Skriv hvor teksten kommer fra.")})

    @property
    def provenance(self) -> dict:
        return {"kind": self.source_kind, "reference": self.source_reference}


class ReviewedPageMixin(_PageModelMixinBase):
    """A guidance page with an owning unit and a review cycle (the plan asks for annual review).

    ``last_reviewed`` belongs to the page as a whole, not to a revision: «Marker som
    gjennomgått» (review.cycle) sets it on the live row without a new revision, and publishing
    or reverting to any revision keeps it.
    """

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
                FieldPanel(
                    "last_reviewed",
                    read_only=True,
                    help_text=_("Settes med «Marker som gjennomgått»."),
                ),
                FieldPanel("review_interval_months"),
            ],
            heading=_("Eierskap og gjennomgang"),
        )
    ]
    settings_panels = Page.settings_panels + review_panels + ProvenanceMixin.provenance_panels

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
        return self.review_state() == ReviewState.OVERDUE

    def review_state(
        self, today: datetime.date | None = None, notice_days: int = REVIEW_NOTICE_DAYS
    ) -> ReviewState:
        """Never reviewed, overdue, due within ``notice_days``, or current."""
        next_review = self.next_review
        if next_review is None:
            return ReviewState.NEVER
        today = today or timezone.localdate()
        if next_review < today:
            return ReviewState.OVERDUE
        if next_review <= today + datetime.timedelta(days=notice_days):
            return ReviewState.DUE
        return ReviewState.CURRENT

    def with_content_json(self, content):
        """The page built from a revision keeps the live row's review date."""
        page = super().with_content_json(content)
        page.last_reviewed = self.last_reviewed
        return page


class _SynchronisedFields:
    """wagtail-localize's ``override_translatable_fields`` for the page class it is read from:
    the slug, the fields a mixin names in ``synchronised_fields`` (the Norwegian source decides
    them), and every ParentalManyToManyField (which wagtail-localize would leave out)."""

    def __get__(self, instance, owner):
        names = ["slug"]
        names += [
            name for klass in owner.__mro__ for name in vars(klass).get("synchronised_fields", ())
        ]
        fields = [SynchronizedField(name, overridable=False) for name in names]
        fields += [
            SynchronizedField(field.name, overridable=False)
            for field in owner._meta.get_fields()
            if isinstance(field, ParentalManyToManyField)
        ]
        return fields


class TranslatedPageMixin(_PageMixinBase):
    """How a page type is translated with wagtail-localize (docs/translation.md).

    - The slug is the same in every language (``/veileder/``, ``/en/veileder/``): URLs stay
      parallel, so a missing translation falls back by path, and translators never meet a slug
      in the editor or a PO file (slugify would empty a slug written in Arabic script).
    - Many-to-many relations are copied from the source on every sync, and relations to
      translatable snippets then point at the snippets' translations in the page's language
      where they exist (``core.relations``).
    """

    override_translatable_fields = _SynchronisedFields()

    def clean(self):
        super().clean()
        if self.locale_id and self.locale_id != default_locale_id():
            localize_snippet_relations(self, self.locale_id)


class PublicPageMixin(_PageModelMixinBase):
    """A page type that may be published on the district's website; put it before ``Page``.

    Only the page types that hold public content get it. Whether a page really is exported is
    decided by ``public_site.selection`` (live, no view restriction, no internal ancestor).

    The Norwegian source decides the flag: wagtail-localize copies it on every sync and offers
    no override (``synchronised_fields``, read by ``TranslatedPageMixin``), and a
    translation's own edit form shows it read-only (``PublicPageForm``).
    """

    # Off for every new page: nothing reaches the website unless an editor (or the data file)
    # says so (docs/security.md).
    publish_on_website = models.BooleanField(
        _("Publiseres på bydelens nettside"),
        default=False,
        help_text=_(
            "Den publiserte versjonen av siden eksporteres til bydelens offentlige nettside "
            "med «export_public». Oversettelsene følger den norske siden."
        ),
    )

    synchronised_fields: tuple[str, ...] = ("publish_on_website",)
    base_form_class = PublicPageForm
    promote_panels = Page.promote_panels + [FieldPanel("publish_on_website")]

    class Meta:
        abstract = True
