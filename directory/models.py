"""The help-service directory (chapter 3.0 of the plan and its link list)."""

from django.contrib import messages
from django.db import models
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from core.blocks import RICH_TEXT_FEATURES
from core.pages import GuidancePage, PublicPage
from core.visibility import visible_to

from .blocks import EmailAddressesBlock, PhoneNumbersBlock


class TargetGroup(TranslatableMixin, models.Model):
    """Who a service is for: barn og unge, voksne, eldre, kvinner, menn, voldsutøvere, pårørende."""

    name = models.CharField(_("navn"), max_length=80)
    slug = models.SlugField(_("kortnavn"), max_length=80)
    sort_order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_target_group_slug_per_locale"
            )
        ]

    def __str__(self) -> str:
        return self.name


class HelpServiceIndexPage(PublicPage):
    """The directory of help services, filterable by target group."""

    main_section = True  # a section of the main navigation (core.navigation)

    intro = RichTextField(_("ingress"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["directory.HelpServicePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("oversikt over hjelpetilbud")

    def serve(self, request, *args, **kwargs):
        """An unknown ``?malgruppe=`` goes to the whole list with a message: a redirect is
        never stored in the page cache, so junk values cannot fill it (and push out the login
        throttle's counters)."""
        response = super().serve(request, *args, **kwargs)
        if request.GET.get("malgruppe") and response.context_data["selected_group"] is None:
            messages.info(request, _("Fant ikke den målgruppen. Her er alle hjelpetilbudene."))
            return redirect(self.get_url(request))
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        groups = TargetGroup.objects.filter(locale_id=self.locale_id)
        selected = request.GET.get("malgruppe", "")
        services = (
            visible_to(HelpServicePage.objects.live(), request)
            .child_of(self)
            .order_by("path")
            .prefetch_related(Prefetch("target_groups", queryset=TargetGroup.objects.all()))
        )
        selected_group = next((g for g in groups if g.slug == selected), None)
        if selected_group is not None:
            services = services.filter(target_groups=selected_group)
        context.update(target_groups=groups, selected_group=selected_group, services=services)
        return context


class HelpServicePage(GuidancePage):
    """One help service: how to reach it, when, for whom, and whether it is free and anonymous."""

    default_review_interval_months = 6

    CATEGORIES = [
        ("akutt", _("Akutt hjelp")),
        ("krisesenter", _("Krisesenter")),
        ("eldre", _("Eldre")),
        ("overgrep", _("Voldtekt, incest og seksuelle overgrep")),
        ("tvangsekteskap", _("Tvangsekteskap og kjønnslemlestelse")),
        ("familiegjenforening", _("Familiegjenforening")),
        ("voldsutovere", _("Hjelp med volds- og aggresjonsproblemer")),
        ("kriminalitetsoffer", _("Kriminalitetsoffer")),
        ("andre", _("Andre aktuelle lenker")),
    ]

    summary = models.TextField(_("kort beskrivelse"))
    description = RichTextField(_("mer om tilbudet"), blank=True, features=RICH_TEXT_FEATURES)
    category = models.CharField(_("kategori"), max_length=30, choices=CATEGORIES, default="andre")
    phones = StreamField(PhoneNumbersBlock(), verbose_name=_("telefonnumre"), blank=True)
    emails = StreamField(EmailAddressesBlock(), verbose_name=_("e-postadresser"), blank=True)
    website = models.URLField(_("nettside"), blank=True)
    visiting_address = models.CharField(_("besøksadresse"), max_length=255, blank=True)
    postal_address = models.CharField(_("postadresse"), max_length=255, blank=True)
    opening_hours = models.CharField(_("åpningstid"), max_length=255, blank=True)
    open_around_the_clock = models.BooleanField(_("døgnåpent"), default=False)
    may_be_anonymous = models.BooleanField(_("du kan være anonym"), default=False)
    free_of_charge = models.BooleanField(_("gratis"), default=False)
    target_groups = ParentalManyToManyField(
        TargetGroup, verbose_name=_("målgrupper"), related_name="services", blank=True
    )
    source = models.CharField(
        _("kilde"), max_length=120, blank=True, help_text=_("F.eks. «Handlingsplan 2017».")
    )
    last_verified = models.DateField(_("kontaktinfo sist kontrollert"), null=True, blank=True)
    last_verified_by = models.CharField(
        _("kontrollert av"),
        max_length=120,
        blank=True,
        help_text=_("Rolle eller navn. Vises bare på intranettet, aldri på nettsiden."),
    )
    review_reason = models.TextField(
        _("må kontrolleres"),
        blank=True,
        help_text=_(
            "Hvorfor navn, nummer eller lenke kan være utdatert. Endre ikke innholdet uten en "
            "kilde; tøm feltet når det er kontrollert."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("category"),
        MultiFieldPanel(
            [
                FieldPanel("phones"),
                FieldPanel("emails"),
                FieldPanel("website"),
                FieldPanel("visiting_address"),
                FieldPanel("postal_address"),
            ],
            heading=_("Kontaktinformasjon"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("opening_hours"),
                FieldPanel("open_around_the_clock"),
                FieldPanel("may_be_anonymous"),
                FieldPanel("free_of_charge"),
                FieldPanel("target_groups"),
            ],
            heading=_("Tilgjengelighet og målgrupper"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("source"),
                FieldPanel("last_verified"),
                FieldPanel("last_verified_by"),
                FieldPanel("review_reason"),
            ],
            heading=_("Kilde og kontroll"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("phones"),
        index.FilterField("category"),
        index.RelatedFields("target_groups", [index.SearchField("name")]),
    ]
    parent_page_types = ["directory.HelpServiceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("hjelpetilbud")
        verbose_name_plural = _("hjelpetilbud")

    @property
    def main_phone(self):
        """The number to call: the first one that is not a fax (a StructValue), or None."""
        return next((block.value for block in self.phones if block.value["kind"] != "faks"), None)
