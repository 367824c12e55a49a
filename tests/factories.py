"""factory_boy factories for every page type, snippet and user.

Page factories put the page in the tree with ``parent.add_child(instance=page)`` and publish it
(``page.save_revision().publish()``), as an editor would. Pass ``parent=`` to choose where; without
it each factory builds a sensible parent (a measure gets a focus area, which gets a chapter, which
gets a plan, under the site's HomePage). ``publish=False`` leaves a draft.

Inline children and many-to-many relations are passed as lists, as modelcluster allows::

    MeasurePageFactory(
        parent=focus_area,
        actions=[MeasureAction(text="…", roles=[role])],
    )
"""

from __future__ import annotations

import datetime

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from wagtail.contrib.search_promotions.models import Query as SearchQuery
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from accounts.models import StaffProfile, UnitRoles
from accounts.roles import (
    ADMINISTRATOR_GROUP,
    COORDINATOR_GROUP,
    EDITOR_GROUP,
    STAFF_GROUP,
    TRANSLATOR_GROUP,
)
from directory.models import HelpServiceIndexPage, HelpServicePage, TargetGroup
from guidance.models import (
    ConcernGuidePage,
    ConcernPathDuty,
    ConcernPathPage,
    ConcernPathService,
    FocusAreaPage,
    LegalDutyPage,
    LegalProvision,
    MeasureAction,
    MeasurePage,
    PlanChapterPage,
    PlanPage,
    ResponsibleRole,
    RoutinePage,
    UnitContact,
    UnitIndexPage,
    UnitPage,
)
from home.models import ContentPage, HomePage, PopulationGuidePage
from onboarding.models import ReadingListPage
from search.models import QueryDay, SynonymGroup

DEFAULT_PASSWORD = "riktig-hest-batteri-stift"
_NORWEGIAN = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def make_slug(text: str) -> str:
    """An ASCII slug that keeps Norwegian letters readable (Søndre → sondre)."""
    return slugify(text.translate(_NORWEGIAN))[:255]


def rich(text: str) -> str:
    return f"<p>{text}</p>"


def home_page() -> HomePage:
    """The default Site's root HomePage, created (replacing Wagtail's welcome page) if needed."""
    site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
    if site is not None and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    return HomePageFactory(set_as_site_root=True)


# Users


def add_groups(user, names) -> None:
    """Add ``user`` to the groups called ``names`` (created if the post_migrate signal has not)."""
    for name in names:
        user.groups.add(Group.objects.get_or_create(name=name)[0])


class UserFactory(DjangoModelFactory):
    """A user with no groups. ``groups=["Ansatte", …]`` adds groups. The password is
    ``DEFAULT_PASSWORD`` unless ``password=`` is given."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"ansatt{n}")
    first_name = "Kari"
    last_name = factory.Sequence(lambda n: f"Nordmann{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@bydel-sondre-nordstrand.oslo.kommune.no")
    password = factory.django.Password(DEFAULT_PASSWORD)
    is_active = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            add_groups(self, extracted)

    @factory.post_generation
    def unit(self, create, extracted, **kwargs):
        """``unit=<UnitPage>`` links the user to the unit they work in (StaffProfile)."""
        if create and extracted is not None:
            StaffProfile.objects.update_or_create(user=self, defaults={"unit": extracted})


class StaffUserFactory(UserFactory):
    """An ordinary intranet user: no admin rights, in the group «Ansatte»."""

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            add_groups(self, [STAFF_GROUP] if extracted is None else extracted)


class CoordinatorFactory(UserFactory):
    """The plan's coordinator: may use Wagtail's admin, in the group «Koordinator»."""

    username = factory.Sequence(lambda n: f"koordinator{n}")
    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            add_groups(self, [COORDINATOR_GROUP] if extracted is None else extracted)


class EditorFactory(UserFactory):
    """«Redaktør»: edits anywhere, publishes nothing; changes go through approval."""

    username = factory.Sequence(lambda n: f"redaktor{n}")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            add_groups(self, [EDITOR_GROUP] if extracted is None else extracted)


class TranslatorFactory(UserFactory):
    """«Oversetter»: translates and publishes translations; cannot change Norwegian pages."""

    username = factory.Sequence(lambda n: f"oversetter{n}")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            add_groups(self, [TRANSLATOR_GROUP] if extracted is None else extracted)


class AdministratorFactory(UserFactory):
    """«Administrator»: the coordinator's rights plus users, groups, sites and workflows."""

    username = factory.Sequence(lambda n: f"administrator{n}")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            add_groups(self, [ADMINISTRATOR_GROUP] if extracted is None else extracted)


class ResourcePersonFactory(UserFactory):
    """A unit's resource person: ``ResourcePersonFactory(unit=unit)`` puts the user in the
    unit's «Ressursperson – <enhet>» group, which links them to the unit."""

    username = factory.Sequence(lambda n: f"ressursperson{n}")

    @factory.post_generation
    def unit(self, create, extracted, **kwargs):
        if create:
            self.groups.add(UnitRoles.objects.get(unit=extracted).resource_person_group)


class UnitLeaderFactory(UserFactory):
    """A unit's leader: ``UnitLeaderFactory(unit=unit)``, in «Enhetsleder – <enhet>»."""

    username = factory.Sequence(lambda n: f"enhetsleder{n}")

    @factory.post_generation
    def unit(self, create, extracted, **kwargs):
        if create:
            self.groups.add(UnitRoles.objects.get(unit=extracted).leader_group)


class SuperuserFactory(UserFactory):
    username = "admin"
    is_staff = True
    is_superuser = True


# Snippets


class ResponsibleRoleFactory(DjangoModelFactory):
    class Meta:
        model = ResponsibleRole

    name = factory.Sequence(lambda n: f"Ansvarlig rolle {n}")
    slug = factory.LazyAttribute(lambda o: make_slug(o.name))
    description = ""


class LegalProvisionFactory(DjangoModelFactory):
    class Meta:
        model = LegalProvision

    key = factory.Sequence(lambda n: f"bestemmelse-{n}")
    law_short_title = "barnevernsloven"
    law_title = "Lov om barnevern"
    section = factory.Sequence(lambda n: f"§ 13-{n}")
    section_title = "Opplysningsplikt til barneverntjenesten"
    summary = "Plikt til å melde fra til barneverntjenesten ved alvorlig bekymring."
    lovdata_url = "https://lovdata.no/lov/2021-06-18-97"
    in_force_from = datetime.date(2023, 1, 1)
    verified = True
    last_verified = datetime.date(2026, 1, 15)


class TargetGroupFactory(DjangoModelFactory):
    class Meta:
        model = TargetGroup

    name = factory.Sequence(lambda n: f"Målgruppe {n}")
    slug = factory.LazyAttribute(lambda o: make_slug(o.name))
    sort_order = factory.Sequence(int)


# Pages


class PageFactory(wagtail_factories.PageFactory):
    """Base for page factories: wagtail-factories' tree placement (``parent=``), plus a parent
    chosen by the factory when none is given and a published revision, as an editor would leave
    it (``publish=False``: a draft)."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Side {n}")
    slug = factory.LazyAttribute(lambda o: make_slug(o.title))

    @classmethod
    def default_parent(cls) -> Page:
        return home_page()

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        publish = kwargs.pop("publish", True)
        if parent is None:
            parent = cls.default_parent()
        page = model_class(**kwargs)
        page.live = publish
        parent.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        # Fresh from the database: live_revision, last_published_at and the children as stored.
        return model_class.objects.get(pk=page.pk)


class HomePageFactory(PageFactory):
    """The front page. ``set_as_site_root=True`` makes it the default Site's root page and
    deletes Wagtail's default welcome page."""

    class Meta:
        model = HomePage

    title = "Vold i nære relasjoner"
    slug = factory.Sequence(lambda n: f"forside-{n}")
    intro = rich("Handlingsplan mot vold i nære relasjoner i Bydel Søndre Nordstrand.")

    @classmethod
    def default_parent(cls) -> Page:
        return Page.get_first_root_node()

    @classmethod
    def _create(cls, model_class, *args, set_as_site_root=False, **kwargs):
        page = super()._create(model_class, *args, **kwargs)
        if set_as_site_root:
            site = Site.objects.filter(is_default_site=True).first()
            if site is None:
                site = Site(hostname="localhost", port=80, is_default_site=True)
            old_root_id = site.root_page_id
            site.root_page = page
            site.site_name = "Vold i nære relasjoner"
            site.save()
            if old_root_id and old_root_id != page.pk:
                old_root = Page.objects.filter(pk=old_root_id).first()
                if old_root is not None and not isinstance(old_root.specific, HomePage):
                    old_root.delete()
            page = model_class.objects.get(pk=page.pk)
        return page


class ContentPageFactory(PageFactory):
    class Meta:
        model = ContentPage

    title = factory.Sequence(lambda n: f"Innholdsside {n}")
    intro = "En side med tekst."
    body = factory.LazyFunction(
        lambda: [
            ("heading", "Om siden"),
            ("paragraph", RichText(rich("Innhold på en vanlig side."))),
        ]
    )


class PlanPageFactory(PageFactory):
    class Meta:
        model = PlanPage

    title = factory.Sequence(lambda n: f"Handlingsplan {n}")
    intro = rich("Handlingsplan mot vold i nære relasjoner.")
    adopted = "årsskiftet 2014/2015"
    revised = datetime.date(2017, 6, 1)
    coordinator_name = "Kari Koordinator"
    last_reviewed = factory.LazyFunction(datetime.date.today)


class PlanChapterPageFactory(PageFactory):
    class Meta:
        model = PlanChapterPage

    number = factory.Sequence(lambda n: f"{n % 9 + 1}.0")
    title = factory.LazyAttribute(lambda o: f"Kapittel {o.number}")
    body = factory.LazyFunction(lambda: [("paragraph", RichText(rich("Kapittelets innhold.")))])

    @classmethod
    def default_parent(cls) -> Page:
        return PlanPageFactory()


class FocusAreaPageFactory(PageFactory):
    class Meta:
        model = FocusAreaPage

    number = factory.Sequence(lambda n: n % 4 + 1)
    title = factory.Sequence(lambda n: f"Satsingsområde {n}")
    subtitle = "Før"
    goal = "Ansatte skal ha kunnskap om vold i nære relasjoner."

    @classmethod
    def default_parent(cls) -> Page:
        return PlanChapterPageFactory(number="2.0")


def measure_actions(count: int = 2, roles_per_action: int = 1) -> list[MeasureAction]:
    """``count`` unsaved actions, each with ``roles_per_action`` new roles."""
    return [
        MeasureAction(
            text=f"Bydelens tiltak nummer {i + 1}",
            roles=ResponsibleRoleFactory.create_batch(roles_per_action),
        )
        for i in range(count)
    ]


class MeasurePageFactory(PageFactory):
    class Meta:
        model = MeasurePage

    number = factory.Sequence(lambda n: f"{n // 9 + 1}.{n % 9 + 1}")
    title = factory.LazyAttribute(lambda o: f"{o.number} Tiltak om opplæring")
    slug = factory.LazyAttributeSequence(lambda o, n: f"{make_slug(o.title)}-{n}")
    actions = factory.LazyFunction(measure_actions)

    @classmethod
    def default_parent(cls) -> Page:
        return FocusAreaPageFactory()


class ConcernGuidePageFactory(PageFactory):
    class Meta:
        model = ConcernGuidePage

    title = "Jeg er bekymret – hva gjør jeg?"
    slug = factory.Sequence(lambda n: f"jeg-er-bekymret-{n}")
    intro = rich("Slik går du fram når du er bekymret for noen.")
    steps = factory.LazyFunction(
        lambda: [
            ("step", {"title": "Er noen i fare nå? Ring 112.", "text": RichText(rich("Akutt."))}),
            ("step", {"title": "Snakk med leder", "text": RichText(rich("Drøft saken."))}),
        ]
    )
    last_reviewed = factory.LazyFunction(datetime.date.today)


class LegalDutyPageFactory(PageFactory):
    class Meta:
        model = LegalDutyPage

    title = factory.Sequence(lambda n: f"Lovpålagt plikt {n}")
    summary = "Du har plikt til å melde fra."
    applies_to = rich("Alle ansatte i bydelen.")
    threshold = rich("Når det er grunn til å tro at et barn blir utsatt for vold.")
    steps = factory.LazyFunction(
        lambda: [("step", {"title": "Meld fra til barnevernet", "text": RichText(rich("Nå."))})]
    )
    precedence = rich("Går foran taushetsplikten.")
    provisions = factory.LazyFunction(list)

    @classmethod
    def default_parent(cls) -> Page:
        return ConcernGuidePageFactory()


def source(kind: str = "plan", reference: str = "") -> dict:
    return {"kind": kind, "reference": reference}


class ConcernPathPageFactory(PageFactory):
    """A decision-aid path; pass ``duties`` and ``services`` as lists of ConcernPathDuty and
    ConcernPathService rows (unsaved)."""

    class Meta:
        model = ConcernPathPage

    title = factory.Sequence(lambda n: f"Et barn eller en ungdom {n}")
    acute_signs = factory.LazyFunction(
        lambda: [
            (
                "sign",
                {
                    "text": "Barnet er redd for å dra hjem.",
                    "source": source("tillegg", "Bufdir (bufdir.no)"),
                },
            )
        ]
    )
    steps = factory.LazyFunction(
        lambda: [
            ("step", {"title": "Informer nærmeste leder.", "text": "", "source": source()}),
            (
                "step",
                {
                    "title": "Meld til barnevernstjenesten.",
                    "text": "Du trenger ikke samtykke.",
                    "source": source("lov", "barnevernsloven § 13-2"),
                },
            ),
        ]
    )
    trigger_words = "pappa slår\nbarnet"
    duties = factory.LazyFunction(list)
    services = factory.LazyFunction(list)
    last_reviewed = factory.LazyFunction(datetime.date.today)

    @classmethod
    def default_parent(cls) -> Page:
        return ConcernGuidePageFactory()


def path_duty(duty, threshold="Når det er grunn til å tro at barnet blir utsatt for vold."):
    return ConcernPathDuty(
        duty=duty,
        threshold=threshold,
        source_kind="lov",
        source_reference="barnevernsloven § 13-2",
    )


def path_service(service, acute=False):
    return ConcernPathService(service=service, acute=acute)


class UnitIndexPageFactory(PageFactory):
    class Meta:
        model = UnitIndexPage

    title = "Enheter og rutiner"
    slug = factory.Sequence(lambda n: f"enheter-{n}")
    intro = rich("Enhetene i bydelen og deres rutiner.")


def unit_contacts(count: int = 1) -> list[UnitContact]:
    return [
        UnitContact(
            name=f"Ressursperson {i + 1}",
            role="Ressursperson",
            phone=f"23 42 {i + 10:02d} 00",
            email=f"ressurs{i + 1}@bydel-sondre-nordstrand.oslo.kommune.no",
        )
        for i in range(count)
    ]


class UnitPageFactory(PageFactory):
    class Meta:
        model = UnitPage

    title = factory.Sequence(lambda n: f"Enhet {n}")
    part_of = "Enhet forebygging, frivillighet og folkehelse"
    abbreviation = factory.Sequence(lambda n: f"E{n}")
    intro = rich("Om enheten.")
    contacts = factory.LazyFunction(unit_contacts)

    @classmethod
    def default_parent(cls) -> Page:
        return UnitIndexPageFactory()


class RoutinePageFactory(PageFactory):
    class Meta:
        model = RoutinePage

    title = factory.Sequence(lambda n: f"Rutine {n}")
    summary = "Slik gjør vi det i enheten."
    steps = factory.LazyFunction(
        lambda: [
            ("step", {"title": "Snakk med barnet", "text": RichText(rich("Lytt."))}),
            ("step", {"title": "Dokumenter", "text": RichText(rich("Skriv ned."))}),
        ]
    )
    contacts = factory.LazyFunction(
        lambda: [
            (
                "contact",
                {"role": "Leder", "phone": "23 42 00 00", "email": "", "note": ""},
            )
        ]
    )
    legal_duties = factory.LazyFunction(list)
    last_reviewed = factory.LazyFunction(datetime.date.today)

    @classmethod
    def default_parent(cls) -> Page:
        return UnitPageFactory()


class HelpServiceIndexPageFactory(PageFactory):
    class Meta:
        model = HelpServiceIndexPage

    title = "Hjelpetilbud"
    slug = factory.Sequence(lambda n: f"hjelpetilbud-{n}")
    intro = rich("Hjelpetilbud for utsatte, voldsutøvere og pårørende.")
    publish_on_website = True  # as the loaded plan has it; a new page is not public


def phones(*numbers: str, kind: str = "telefon") -> list[tuple[str, dict]]:
    return [("phone", {"kind": kind, "number": n, "hours": "", "note": ""}) for n in numbers]


def emails(*addresses: str) -> list[tuple[str, dict]]:
    return [("email", {"label": "", "address": a}) for a in addresses]


class HelpServicePageFactory(PageFactory):
    class Meta:
        model = HelpServicePage

    title = factory.Sequence(lambda n: f"Hjelpetilbud {n}")
    summary = "Råd og hjelp til deg som er utsatt for vold."
    description = rich("Mer om tilbudet.")
    category = "akutt"
    phones = factory.LazyFunction(lambda: phones("22 48 03 80"))
    emails = factory.LazyFunction(lambda: emails("post@example.no"))
    website = "https://www.example.no/"
    opening_hours = "Hele døgnet"
    open_around_the_clock = True
    may_be_anonymous = True
    free_of_charge = True
    target_groups = factory.LazyFunction(list)
    source = "Handlingsplan 2017"
    publish_on_website = True  # as the loaded plan has it; a new page is not public
    last_verified = factory.LazyFunction(datetime.date.today)
    last_reviewed = factory.LazyFunction(datetime.date.today)

    @classmethod
    def default_parent(cls) -> Page:
        return HelpServiceIndexPageFactory()


class PopulationGuidePageFactory(PageFactory):
    """A page of the population guide; the first one goes below the front page."""

    class Meta:
        model = PopulationGuidePage

    title = factory.Sequence(lambda n: f"Veileder {n}")
    intro = "Her står det hvor du kan få hjelp. Hjelpen er ofte gratis."
    publish_on_website = True  # as the loaded plan has it; a new page is not public
    body = factory.LazyFunction(
        lambda: [
            ("paragraph", RichText(rich("Du er ikke alene. Det finnes hjelp."))),
            ("emergency_numbers", {"heading": "Viktige telefonnumre"}),
        ]
    )


class ReadingListPageFactory(PageFactory):
    """A reading list (onboarding): ``items=[ReadingListItem(page=…, required=True), …]``;
    below the front page for all staff, or ``parent=unit`` for a unit's own list."""

    class Meta:
        model = ReadingListPage

    title = factory.Sequence(lambda n: f"Leseliste {n}")
    intro = rich("Les sidene og trykk «Jeg har lest».")
    items = factory.LazyFunction(list)


# Search


class SynonymGroupFactory(DjangoModelFactory):
    """A synonym group: ``SynonymGroupFactory(terms=["meldeplikt", "opplysningsplikt"])``."""

    class Meta:
        model = SynonymGroup
        django_get_or_create = ["key"]

    key = factory.Sequence(lambda n: f"synonymer-{n}")
    terms = factory.LazyFunction(lambda: ["meldeplikt", "opplysningsplikt"])
    note = ""

    @classmethod
    def _create(cls, model_class, *args, terms=(), **kwargs):
        return super()._create(model_class, *args, terms="\n".join(terms), **kwargs)


class SearchPromotionFactory(DjangoModelFactory):
    """A promoted result: ``SearchPromotionFactory(query="meldeplikt", page=duty)``."""

    class Meta:
        model = SearchPromotion

    query = "meldeplikt"
    description = "Anbefalt av koordinatoren."
    sort_order = 0

    @classmethod
    def _create(cls, model_class, *args, query, **kwargs):
        if isinstance(query, str):
            query = SearchQuery.get(query)
        return super()._create(model_class, *args, query=query, **kwargs)


class QueryDayFactory(DjangoModelFactory):
    """One day's anonymous count of a search."""

    class Meta:
        model = QueryDay

    date = factory.LazyFunction(datetime.date.today)
    query = factory.Sequence(lambda n: f"søk {n}")
    count = 1
    zero_results = False


# Translations (wagtail-localize)


def locale(language_code: str) -> Locale:
    """A content language's Locale (created for every language when the database is migrated)."""
    return Locale.objects.get(language_code=language_code)


def translate(
    instance, language_code: str, strings: dict | None = None, *, publish=True, user=None
):
    """Translate a page or snippet through wagtail-localize, as a translator does.

    ``strings`` maps source texts to their translations (texts as wagtail-localize segments
    them: a rich-text paragraph without its ``<p>``); the others stay in Norwegian, which is
    wagtail-localize's fallback. Parents missing in the language become aliases. wagtail-localize
    publishes on transaction commit, so the commit callbacks run here. Returns the translation,
    fresh from the database.
    """
    target = locale(language_code)
    source, _ = TranslationSource.update_or_create_from_instance(instance)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=target)
    for segment in source.stringsegment_set.select_related("string", "context"):
        text = (strings or {}).get(segment.string.data)
        if text is not None:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=target,
                context=segment.context,
                defaults={"data": text, "translation_type": "manual", "last_translated_by": user},
            )
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(user=user, publish=publish)
    return type(instance)._default_manager.get(
        translation_key=instance.translation_key, locale=target
    )
