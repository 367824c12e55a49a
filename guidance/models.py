"""The action plan, the legal duties and the units' routines."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from accounts.people import people_by_unit
from accounts.permissions import UnitPagePermissionTester
from accounts.roles import RESOURCE_PERSON
from core.blocks import RICH_TEXT_FEATURES, SOURCE_KINDS, SOURCE_KINDS_WITH_REFERENCE
from core.localize import localized_objects
from core.pages import BasePage, GuidancePage, OwnedPage
from core.visibility import visible_to

from .blocks import (
    AcuteSignsBlock,
    GuidanceBodyBlock,
    PathStepsBlock,
    RoutineContactsBlock,
    StepsBlock,
)

# Shared data (snippets)


class ResponsibleRole(TranslatableMixin, index.Indexed, models.Model):
    """A role the plan makes responsible for actions (*Ansvar*), e.g. Koordinator or NAV."""

    name = models.CharField(_("navn"), max_length=120)
    slug = models.SlugField(_("kortnavn"), max_length=120)
    description = models.TextField(_("beskrivelse"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("ansvarlig rolle")
        verbose_name_plural = _("ansvarlige roller")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_role_slug_per_locale")
        ]

    def __str__(self) -> str:
        return self.name


class LegalProvision(TranslatableMixin, index.Indexed, models.Model):
    """One section of a Norwegian act, with its Lovdata link and what replaced it, if anything."""

    key = models.SlugField(
        _("nøkkel"), max_length=60, help_text=_("Fast nøkkel som datafilen viser til.")
    )
    law_short_title = models.CharField(_("lovens korttittel"), max_length=120)
    law_title = models.CharField(_("lovens tittel"), max_length=255, blank=True)
    section = models.CharField(
        _("paragraf"),
        max_length=40,
        blank=True,
        help_text=_("F.eks. «§ 13-2»; tomt når det er loven som helhet (et lovnavn i planen)."),
    )
    section_title = models.CharField(_("paragrafens overskrift"), max_length=255, blank=True)
    summary = models.TextField(_("kort forklaring"), blank=True)
    lovdata_url = models.URLField(_("lenke til Lovdata"), blank=True)
    in_force_from = models.DateField(_("i kraft fra"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("erstattet av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )
    superseded_on = models.DateField(_("opphevet fra"), null=True, blank=True)
    verified = models.BooleanField(
        _("verifisert"),
        default=False,
        help_text=_("Kryss av når paragraf, overskrift og lenke er kontrollert mot Lovdata."),
    )
    last_verified = models.DateField(_("sist kontrollert"), null=True, blank=True)
    verified_by = models.CharField(
        _("kontrollert av"),
        max_length=120,
        blank=True,
        help_text=_("Rolle eller navn. Vises bare på intranettet, aldri på nettsiden."),
    )

    panels = [
        FieldPanel("key"),
        MultiFieldPanel(
            [
                FieldPanel("law_short_title"),
                FieldPanel("law_title"),
                FieldPanel("section"),
                FieldPanel("section_title"),
            ],
            heading=_("Bestemmelse"),
        ),
        FieldPanel("summary"),
        FieldPanel("lovdata_url"),
        MultiFieldPanel(
            [
                FieldPanel("in_force_from"),
                FieldPanel("superseded_by"),
                FieldPanel("superseded_on"),
                FieldPanel("verified"),
                FieldPanel("last_verified"),
                FieldPanel("verified_by"),
            ],
            heading=_("Gyldighet"),
        ),
    ]
    search_fields = [
        index.SearchField("law_short_title"),
        index.SearchField("section"),
        index.SearchField("section_title"),
        index.SearchField("summary"),
        index.AutocompleteField("law_short_title"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("lovbestemmelse")
        verbose_name_plural = _("lovbestemmelser")
        ordering = ["law_short_title", "section"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "locale"], name="unique_provision_key_per_locale"
            )
        ]

    def __str__(self) -> str:
        return self.citation

    @property
    def citation(self) -> str:
        """The short form used in running text, e.g. «barnevernsloven § 13-2»."""
        return f"{self.law_short_title} {self.section}".strip()

    @property
    def is_superseded(self) -> bool:
        return self.superseded_by_id is not None

    def clean(self):
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            raise ValidationError(
                {"superseded_by": _("En bestemmelse kan ikke erstatte seg selv.")}
            )


# The plan


class PlanPage(RoutablePageMixin, GuidancePage):
    """The action plan as adopted: its chapters and focus areas are children."""

    main_section = True  # a section of the main navigation (core.navigation)

    intro = RichTextField(_("ingress"), blank=True, features=RICH_TEXT_FEATURES)
    adopted = models.CharField(
        _("vedtatt"), max_length=120, blank=True, help_text=_("F.eks. «årsskiftet 2014/2015».")
    )
    revised = models.DateField(
        _("sist revidert"),
        null=True,
        blank=True,
        help_text=_("Vises som måned og år («mars 2017»), slik planen selv oppgir det."),
    )
    coordinator_name = models.CharField(_("koordinator"), max_length=120, blank=True)
    coordinator_unit = models.ForeignKey(
        "guidance.UnitPage",
        verbose_name=_("koordinatorens enhet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("adopted"),
                FieldPanel("revised"),
                FieldPanel("coordinator_name"),
                FieldPanel("coordinator_unit"),
            ],
            heading=_("Om planen"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["guidance.PlanChapterPage"]

    class Meta:
        verbose_name = _("handlingsplan")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["chapters"] = visible_to(
            PlanChapterPage.objects.live().child_of(self).order_by("path"), request
        )
        context["roles"] = ResponsibleRole.objects.filter(locale_id=self.locale_id)
        return context

    @path("ansvar/<slug:role_slug>/", name="role")
    def role_view(self, request, role_slug):
        """Everything one role is responsible for under this plan."""
        role = get_object_or_404(ResponsibleRole, slug=role_slug, locale_id=self.locale_id)
        actions = (
            visible_to(
                MeasureAction.objects.filter(roles=role, page__live=True), request, "page__path"
            )
            .filter(page__path__startswith=self.path)
            .select_related("page")
            .prefetch_related("roles")
            .order_by("page__path", "sort_order")
        )
        return self.render(
            request,
            context_overrides={"role": role, "actions": actions},
            template="guidance/plan_role.html",
        )


class PlanChapterPage(GuidancePage):
    """A numbered chapter of the plan (1.0–1.3, 2.0, 3.0); 2.0 holds the focus areas."""

    number = models.CharField(_("kapittelnummer"), max_length=10)
    body = StreamField(GuidanceBodyBlock(), verbose_name=_("innhold"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("number"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("number"),
        index.SearchField("body"),
    ]
    parent_page_types = ["guidance.PlanPage"]
    subpage_types = ["guidance.FocusAreaPage"]

    class Meta:
        verbose_name = _("kapittel i handlingsplanen")
        verbose_name_plural = _("kapitler i handlingsplanen")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["focus_areas"] = visible_to(
            FocusAreaPage.objects.live().child_of(self).order_by("number"), request
        )
        return context


class FocusAreaPage(GuidancePage):
    """One of the plan's four focus areas (*satsingsområder*) with its goal (*MÅL*)."""

    number = models.PositiveSmallIntegerField(_("nummer"))
    subtitle = models.CharField(
        _("undertittel"), max_length=60, blank=True, help_text=_("F.eks. «Før» eller «Etter».")
    )
    goal = models.TextField(_("mål"))

    content_panels = Page.content_panels + [
        FieldPanel("number"),
        FieldPanel("subtitle"),
        FieldPanel("goal"),
    ]
    search_fields = Page.search_fields + [index.SearchField("goal")]
    parent_page_types = ["guidance.PlanChapterPage"]
    subpage_types = ["guidance.MeasurePage"]

    class Meta:
        verbose_name = _("satsingsområde")
        verbose_name_plural = _("satsingsområder")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["measures"] = (
            visible_to(MeasurePage.objects.live(), request)
            .child_of(self)
            .order_by("path")
            .prefetch_related(
                Prefetch(
                    "actions",
                    queryset=MeasureAction.objects.order_by("sort_order").prefetch_related("roles"),
                )
            )
        )
        return context


class MeasurePage(GuidancePage):
    """A numbered measure (*tiltak*, e.g. 1.1) with the district's actions and who is responsible.

    The page title carries the number: «1.1 Nyansatte skal opplyses om …».
    """

    number = models.CharField(_("tiltaksnummer"), max_length=10)

    content_panels = Page.content_panels + [
        FieldPanel("number"),
        InlinePanel("actions", heading=_("Bydelens tiltak"), label=_("tiltak"), min_num=1),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("number"),
        index.RelatedFields(
            "actions",
            [index.SearchField("text"), index.RelatedFields("roles", [index.SearchField("name")])],
        ),
    ]
    parent_page_types = ["guidance.FocusAreaPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")

    def clean(self):
        super().clean()
        if self.number and not self.title.startswith(f"{self.number} "):
            raise ValidationError(
                {
                    "title": _("Tittelen må begynne med tiltaksnummeret, f.eks. «%(n)s …».")
                    % {"n": self.number}
                }
            )

    def description_text(self) -> str:
        """What the measure is about, for a search engine's description: its actions."""
        return " ".join(action.text for action in self.actions.order_by("sort_order"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["actions"] = self.actions.order_by("sort_order").prefetch_related("roles")
        return context


class MeasureAction(TranslatableMixin, Orderable, ClusterableModel):
    """One of the district's actions (*Bydelens tiltak*) under a measure, with its roles."""

    page = ParentalKey(MeasurePage, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField(_("tiltak"))
    roles = ParentalManyToManyField(
        ResponsibleRole, verbose_name=_("ansvar"), related_name="actions", blank=True
    )

    panels = [FieldPanel("text"), FieldPanel("roles")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("bydelens tiltak")
        verbose_name_plural = _("bydelens tiltak")

    def __str__(self) -> str:
        return self.text[:80]


# What to do when worried, and the legal duties


class ConcernGuidePage(GuidancePage):
    """«Jeg er bekymret – hva gjør jeg?»: the first steps, then the legal duties as children."""

    main_section = True  # a section of the main navigation (core.navigation)

    intro = RichTextField(_("ingress"), blank=True, features=RICH_TEXT_FEATURES)
    steps = StreamField(StepsBlock(), verbose_name=_("steg"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("steps")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("steps"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["guidance.ConcernPathPage", "guidance.LegalDutyPage"]

    class Meta:
        verbose_name = _("«Jeg er bekymret»-veiledning")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["paths"] = visible_to(
            ConcernPathPage.objects.live().child_of(self).order_by("path"), request
        )
        context["duties"] = visible_to(
            LegalDutyPage.objects.live().child_of(self).order_by("path"), request
        )
        context["units"] = visible_to(
            UnitPage.objects.live().filter(locale_id=self.locale_id).order_by("title"), request
        )
        return context


class LegalDutyPage(GuidancePage):
    """A legal duty (e.g. avvergelsesplikt): who, when, what to do and what takes precedence."""

    summary = models.TextField(_("kort forklaring"))
    applies_to = RichTextField(_("hvem gjelder plikten for"), features=RICH_TEXT_FEATURES)
    threshold = RichTextField(_("når gjelder plikten (terskel)"), features=RICH_TEXT_FEATURES)
    steps = StreamField(StepsBlock(), verbose_name=_("slik gjør du det"), blank=True)
    precedence = RichTextField(
        _("forholdet til andre plikter"), blank=True, features=RICH_TEXT_FEATURES
    )
    provisions = ParentalManyToManyField(
        LegalProvision, verbose_name=_("lovbestemmelser"), related_name="duties", blank=True
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("applies_to"),
        FieldPanel("threshold"),
        FieldPanel("steps"),
        FieldPanel("precedence"),
        FieldPanel("provisions"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("applies_to"),
        index.SearchField("threshold"),
        index.SearchField("steps"),
        index.SearchField("precedence"),
        index.RelatedFields(
            "provisions",
            [
                index.SearchField("law_short_title"),
                index.SearchField("section"),
                index.SearchField("section_title"),
            ],
        ),
    ]
    parent_page_types = ["guidance.ConcernGuidePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lovpålagt plikt")
        verbose_name_plural = _("lovpålagte plikter")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Through the ids: in a preview ``self.provisions`` is modelcluster's in-memory set,
        # which cannot order by an expression.
        ids = self.provisions.values_list("id", flat=True)
        context["provisions"] = (
            LegalProvision.objects.filter(pk__in=ids)
            .select_related("superseded_by")
            .order_by(
                models.F("superseded_by_id").asc(nulls_first=True),
                "-verified",
                "law_short_title",
                "section",
            )
        )
        return context


# The decision aid: one path per whom the reader is worried about


class ConcernPathPage(GuidancePage):
    """One answer to «Hvem er du bekymret for?»: when it is acute and whom to call, the duties
    that apply, the steps, the help services for the group and the reader's own unit."""

    acute_signs = StreamField(AcuteSignsBlock(), verbose_name=_("tegn på akutt fare"), blank=True)
    steps = StreamField(PathStepsBlock(), verbose_name=_("slik går du fram"))
    trigger_words = models.TextField(
        _("søkeord"),
        blank=True,
        help_text=_(
            "Ord og uttrykk som skal vise denne veien øverst i søket, ett per linje, slik ansatte "
            "skriver dem («slår», «truet av kjæresten»). Bøyde former og små skrivefeil finnes "
            "av seg selv."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("acute_signs"),
        InlinePanel("services", heading=_("Hjelpetilbud"), label=_("hjelpetilbud")),
        InlinePanel("duties", heading=_("Pliktene som gjelder"), label=_("plikt")),
        FieldPanel("steps"),
        FieldPanel("trigger_words"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("acute_signs"),
        index.SearchField("steps"),
        # The trigger words are not indexed: they bring the answer card (search.services.
        # answers), and as text they would make every path match every word about violence.
        index.RelatedFields("duties", [index.SearchField("threshold")]),
    ]
    parent_page_types = ["guidance.ConcernGuidePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("vei i «Jeg er bekymret»")
        verbose_name_plural = _("veier i «Jeg er bekymret»")

    def trigger_phrases(self) -> list[str]:
        """The search words, one phrase per line or comma."""
        return [
            phrase.strip()
            for line in self.trigger_words.splitlines()
            for phrase in line.split(",")
            if phrase.strip()
        ]

    def _shown_rows(self, rows, field: str, request) -> list:
        """The rows whose page (at ``field``) is live and visible to the reader, each with
        ``shown`` set to that page in the path's language where translated and published."""
        rows = list(rows)
        if not rows:
            return []
        model = rows[0]._meta.get_field(field).related_model
        ids = {getattr(row, f"{field}_id") for row in rows}
        pages = localized_objects(
            visible_to(model.objects.live().filter(pk__in=ids), request), self.locale_id
        )
        for row in rows:
            row.shown = pages.get(getattr(row, f"{field}_id"))
        return [row for row in rows if row.shown is not None]

    def path_duties(self, request) -> list:
        """The duties that apply, with their thresholds, as the reader may see them."""
        return self._shown_rows(self.duties.order_by("sort_order"), "duty", request)

    def path_services(self, request) -> list:
        """The path's help services, as the reader may see them."""
        return self._shown_rows(self.services.order_by("sort_order"), "service", request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        services = self.path_services(request)
        context.update(
            path_duties=self.path_duties(request),
            acute_services=[row.shown for row in services if row.acute],
            other_services=[row.shown for row in services if not row.acute],
        )
        return context


class SourcedRow(models.Model):
    """Where a row's text comes from (``core.blocks.SourceBlock`` as two fields)."""

    source_kind = models.CharField(_("kilde"), max_length=10, choices=SOURCE_KINDS, default="plan")
    source_reference = models.CharField(_("henvisning"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.source_kind in SOURCE_KINDS_WITH_REFERENCE and not self.source_reference:
            raise ValidationError({"source_reference": _("Skriv hvor teksten kommer fra.")})

    @property
    def source(self) -> dict:
        return {"kind": self.source_kind, "reference": self.source_reference}


class ConcernPathDuty(TranslatableMixin, Orderable, SourcedRow):
    """A legal duty that applies on a path, with its threshold in one sentence."""

    page = ParentalKey(ConcernPathPage, on_delete=models.CASCADE, related_name="duties")
    duty = models.ForeignKey(
        LegalDutyPage, verbose_name=_("plikt"), on_delete=models.CASCADE, related_name="+"
    )
    threshold = models.CharField(
        _("når gjelder den (én setning)"),
        max_length=300,
        help_text=_("F.eks. «Når det er grunn til å tro at barnet blir utsatt for vold.»"),
    )

    panels = [
        FieldPanel("duty"),
        FieldPanel("threshold"),
        FieldPanel("source_kind"),
        FieldPanel("source_reference"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("plikt på veien")
        verbose_name_plural = _("plikter på veien")

    def __str__(self) -> str:
        return self.threshold[:80]


class ConcernPathService(TranslatableMixin, Orderable):
    """A help service for a path's group, from the directory (its numbers are never typed
    twice); the acute ones are whom to call at once and go on search's answer card."""

    page = ParentalKey(ConcernPathPage, on_delete=models.CASCADE, related_name="services")
    service = models.ForeignKey(
        "directory.HelpServicePage",
        verbose_name=_("hjelpetilbud"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    acute = models.BooleanField(
        _("ring ved akutt fare"),
        default=False,
        help_text=_("Vises under «Er det akutt?» og på svarkortet øverst i søket."),
    )

    panels = [FieldPanel("service"), FieldPanel("acute")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("hjelpetilbud på veien")
        verbose_name_plural = _("hjelpetilbud på veien")

    def __str__(self) -> str:
        return str(self.service)


# Units and their routines


class UnitIndexPage(BasePage):
    """«Enheter og rutiner»: every unit that has a resource person in the plan."""

    main_section = True  # a section of the main navigation (core.navigation)

    intro = RichTextField(_("ingress"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["guidance.UnitPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("enhetsoversikt")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        units = list(
            visible_to(UnitPage.objects.live().child_of(self), request)
            .order_by("title")
            .prefetch_related("contacts")
        )
        people = people_by_unit(units)
        context["units"] = [
            (unit, unit.contact_people(unit.contacts.all(), people.get(unit.translation_key, [])))
            for unit in units
        ]
        return context


@dataclass(frozen=True)
class ContactPerson:
    """A resource person with a user account, shown like one of the plan's UnitContacts."""

    name: str
    role: str
    phone: str = ""
    email: str = ""

    @classmethod
    def for_user(cls, user) -> ContactPerson:
        profile = getattr(user, "staff_profile", None)
        return cls(
            name=user.get_full_name() or user.get_username(),
            role=RESOURCE_PERSON.name,
            phone=profile.phone if profile else "",
            email=user.email,
        )


class UnitPage(BasePage):
    """A unit (*enhet*) or service of the district, its resource persons and its routines."""

    part_of = models.CharField(
        _("del av"),
        max_length=160,
        blank=True,
        help_text=_("Overordnet enhet, f.eks. «Enhet forebygging, frivillighet og folkehelse»."),
    )
    abbreviation = models.CharField(_("forkortelse"), max_length=20, blank=True)
    intro = RichTextField(_("om enheten"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [
        FieldPanel("part_of"),
        FieldPanel("abbreviation"),
        FieldPanel("intro"),
        InlinePanel("contacts", heading=_("Kontaktpersoner"), label=_("kontaktperson")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("part_of"),
        index.SearchField("abbreviation"),
        index.SearchField("intro"),
    ]
    parent_page_types = ["guidance.UnitIndexPage"]
    subpage_types = ["guidance.RoutinePage", "onboarding.ReadingListPage"]

    class Meta:
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")

    def permissions_for_user(self, user):
        return UnitPagePermissionTester(user, self)

    @staticmethod
    def contact_people(contacts, resource_persons) -> list:
        """Who to contact in the unit: the resource persons linked to it as users, then the
        plan's contacts, whose resource-person rows (a 2017 snapshot, or a vacancy) give way
        once the unit has a linked resource person."""
        if not resource_persons:
            return list(contacts)
        return [ContactPerson.for_user(user) for user in resource_persons] + [
            contact
            for contact in contacts
            if contact.role.strip().casefold() != RESOURCE_PERSON.name.casefold()
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["contacts"] = self.contact_people(
            self.contacts.order_by("sort_order"), people_by_unit([self]).get(self.translation_key)
        )
        context["routines"] = visible_to(
            RoutinePage.objects.live().child_of(self).order_by("path"), request
        )
        return context


class UnitContact(TranslatableMixin, Orderable):
    """A unit's resource person or other contact; a vacancy is shown as «oppdateres»."""

    page = ParentalKey(UnitPage, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(
        _("navn"), max_length=120, blank=True, help_text=_("Tomt når vervet ikke er besatt.")
    )
    role = models.CharField(_("rolle"), max_length=120, default=RESOURCE_PERSON.name)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("phone"), FieldPanel("email")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")

    def __str__(self) -> str:
        return f"{self.name or _('Ikke besatt')} ({self.role})"


class RoutinePage(OwnedPage):
    """A unit's routine for violence in close relationships: steps, contacts and legal duties."""

    summary = models.TextField(_("kort forklaring"), blank=True)
    steps = StreamField(StepsBlock(), verbose_name=_("steg"))
    contacts = StreamField(RoutineContactsBlock(), verbose_name=_("kontakter"), blank=True)
    legal_duties = ParentalManyToManyField(
        LegalDutyPage, verbose_name=_("lovpålagte plikter"), related_name="routines", blank=True
    )
    # The starting routines load_plan writes are proposals until the unit confirms them
    # (guidance.confirmation); on the live row, not in the revisions.
    confirmed_at = models.DateTimeField(_("bekreftet av enheten"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bekreftet av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    exclude_fields_in_copy = ["confirmed_at", "confirmed_by"]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("steps"),
        FieldPanel("contacts"),
        FieldPanel("legal_duties"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("steps"),
    ]
    parent_page_types = ["guidance.UnitPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("rutine")
        verbose_name_plural = _("rutiner")

    def clean(self):
        """A routine belongs to the unit it lies under unless another owner is chosen."""
        super().clean()
        if self.owning_unit_id is None and self.path:
            self.owning_unit_id = (
                UnitPage.objects.filter(path=self.path[: -self.steplen]).values_list(
                    "pk", flat=True
                )
            ).first()

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def may_be_confirmed_by(self, user) -> bool:
        """The unit's resource persons and leaders, and the coordinator: those who may publish
        it."""
        return user.is_authenticated and self.permissions_for_user(user).can_publish()

    def with_content_json(self, content):
        """The page built from a revision keeps the live row's confirmation: a new version
        of a confirmed routine stays confirmed."""
        page = super().with_content_json(content)
        page.confirmed_at, page.confirmed_by_id = self.confirmed_at, self.confirmed_by_id
        return page

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["unit"] = self.get_parent()
        # The duties are the Norwegian pages (page relations are not translated); a translated
        # routine shows their translations where they are published.
        # Through the ids: a preview holds the relation in memory, without ``live()``.
        ids = self.legal_duties.values_list("id", flat=True)
        duties = visible_to(
            LegalDutyPage.objects.live().filter(pk__in=ids).order_by("path"), request
        )
        context["duties"] = list(localized_objects(duties, self.locale_id).values())
        return context
