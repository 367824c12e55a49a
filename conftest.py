"""Shared fixtures: a small but complete page tree, users and HTTP clients.

Every test runs against a real database (SQLite, or PostgreSQL when DATABASE_URL is set), inside
a transaction that is rolled back afterwards.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from wagtail.models import Page
from wagtail.rich_text import RichText

from directory.models import HelpServiceIndexPage, HelpServicePage, TargetGroup
from guidance.models import (
    ConcernGuidePage,
    ConcernPathPage,
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
from loading.plan import load_plan
from tests import factories as f


@dataclass
class SiteTree:
    """One published page of every type, plus the snippets they refer to."""

    home: HomePage
    content: ContentPage
    plan: PlanPage
    chapter: PlanChapterPage
    focus_area: FocusAreaPage
    measure: MeasurePage
    concern: ConcernGuidePage
    duty: LegalDutyPage
    unit_index: UnitIndexPage
    unit: UnitPage
    routine: RoutinePage
    directory: HelpServiceIndexPage
    services: list[HelpServicePage]
    roles: dict[str, ResponsibleRole]
    provisions: dict[str, LegalProvision]
    target_groups: dict[str, TargetGroup]
    guide: PopulationGuidePage | None = None
    path: ConcernPathPage | None = None
    extra: dict = field(default_factory=dict)

    @property
    def pages(self) -> dict[str, Page]:
        """Every page, keyed by its model's name (one of each type)."""
        pages = [
            self.home,
            self.content,
            self.plan,
            self.chapter,
            self.focus_area,
            self.measure,
            self.concern,
            self.duty,
            self.unit_index,
            self.unit,
            self.routine,
            self.directory,
            self.services[0],
            self.guide,
            self.path,
        ]
        return {type(page).__name__: page for page in pages if page is not None}


@pytest.fixture(autouse=True)
def _clear_cache():
    """Wagtail caches the sites' root paths in Django's cache; database rollbacks between tests
    do not reach it, so start every test with an empty cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db) -> HomePage:
    """A HomePage as the default Site's root (Wagtail's welcome page removed)."""
    return f.home_page()


@pytest.fixture
def site_tree(home) -> SiteTree:
    roles = {
        "koordinator": f.ResponsibleRoleFactory(name="Koordinator", slug="koordinator"),
        "enhetsledere": f.ResponsibleRoleFactory(name="Enhetsledere", slug="enhetsledere"),
        "nav": f.ResponsibleRoleFactory(name="NAV", slug="nav"),
    }
    current = f.LegalProvisionFactory(
        key="barnevernsloven-13-2",
        law_short_title="barnevernsloven",
        section="§ 13-2",
        section_title="Opplysningsplikt til barnevernstjenesten",
        lovdata_url="https://lovdata.no/lov/2021-06-18-97/§13-2",
        in_force_from=datetime.date(2023, 1, 1),
    )
    superseded = f.LegalProvisionFactory(
        key="barnevernloven-6-4",
        law_short_title="barnevernloven",
        section="§ 6-4",
        section_title="Opplysningsplikt til barneverntjenesten (opphevet)",
        lovdata_url="https://lovdata.no/lov/1992-07-17-100/§6-4",
        in_force_from=datetime.date(1993, 1, 1),
        superseded_by=current,
        superseded_on=datetime.date(2023, 1, 1),
    )
    groups = {
        "barn-og-unge": f.TargetGroupFactory(
            name="Barn og unge", slug="barn-og-unge", sort_order=1
        ),
        "voksne": f.TargetGroupFactory(name="Voksne", slug="voksne", sort_order=2),
        "voldsutovere": f.TargetGroupFactory(
            name="Voldsutøvere", slug="voldsutovere", sort_order=3
        ),
    }

    content = f.ContentPageFactory(
        parent=home, title="Tilgjengelighetserklæring", slug="tilgjengelighet"
    )

    plan = f.PlanPageFactory(
        parent=home, title="Handlingsplan mot vold i nære relasjoner", slug="handlingsplan"
    )
    chapter = f.PlanChapterPageFactory(
        parent=plan, number="2.0", title="Satsingsområder", slug="satsingsomrader"
    )
    focus_area = f.FocusAreaPageFactory(
        parent=chapter,
        number=1,
        title="Kompetanse",
        slug="kompetanse",
        subtitle="Før",
        goal="Alle ansatte skal kjenne handlingsplanen og vite hva de skal gjøre.",
    )
    measure = f.MeasurePageFactory(
        parent=focus_area,
        number="1.1",
        title="1.1 Nyansatte skal opplyses om handlingsplanen",
        slug="nyansatte",
        actions=[
            MeasureAction(
                text="Handlingsplanen gjennomgås på introduksjonskurs for nyansatte.",
                roles=[roles["koordinator"]],
            ),
            MeasureAction(
                text="Enhetene presenterer planen på personalmøte hvert år.",
                roles=[roles["enhetsledere"], roles["nav"]],
            ),
        ],
    )

    concern = f.ConcernGuidePageFactory(parent=home, slug="jeg-er-bekymret")
    duty = f.LegalDutyPageFactory(
        parent=concern,
        title="Opplysningsplikt til barnevernet",
        slug="opplysningsplikt",
        summary="Du skal melde fra til barnevernet ved alvorlig bekymring for et barn.",
        provisions=[superseded, current],
    )

    directory = f.HelpServiceIndexPageFactory(parent=home, slug="hjelpetilbud")
    services = [
        f.HelpServicePageFactory(
            parent=directory,
            title="Krisesenteret i Oslo",
            slug="krisesenteret",
            category="krisesenter",
            phones=f.phones("22 48 03 80") + f.phones("22 48 03 90", kind="vakttelefon"),
            emails=f.emails("post@krisesenteret.no"),
            target_groups=[groups["voksne"], groups["barn-og-unge"]],
        ),
        f.HelpServicePageFactory(
            parent=directory,
            title="Alternativ til Vold",
            slug="atv",
            category="voldsutovere",
            summary="Behandling for den som utøver vold.",
            phones=f.phones("22 08 98 00"),
            emails=f.emails("oslo@atv-stiftelsen.no"),
            target_groups=[groups["voldsutovere"]],
        ),
    ]

    unit_index = f.UnitIndexPageFactory(parent=home, slug="enheter")
    unit = f.UnitPageFactory(
        parent=unit_index,
        title="Helsestasjonen",
        slug="helsestasjonen",
        abbreviation="HS",
        contacts=[
            UnitContact(
                name="Ola Ressursperson",
                role="Ressursperson",
                phone="23 42 50 00",
                email="ola.ressursperson@bydel-sondre-nordstrand.oslo.kommune.no",
            ),
            UnitContact(name="", role="Ressursperson"),
        ],
    )
    routine = f.RoutinePageFactory(
        parent=unit,
        title="Rutine ved mistanke om vold",
        slug="rutine",
        legal_duties=[duty],
        contacts=[
            ("contact", {"role": "Leder", "phone": "23 42 50 01", "email": "", "note": ""}),
            ("service", services[0]),
        ],
    )

    # A decision-aid path for children, with the duty and the crisis centre's number.
    path = f.ConcernPathPageFactory(
        parent=concern,
        title="Et barn eller en ungdom",
        slug="barn-og-unge",
        trigger_words="pappa slår\nbarnet",
        duties=[f.path_duty(duty)],
        services=[f.path_service(services[0], acute=True), f.path_service(services[1])],
    )

    # The population guide, naming a help service in its own words.
    guide = f.PopulationGuidePageFactory(
        parent=home,
        title="Her får du hjelp",
        slug="veileder",
        body=[
            ("paragraph", RichText(f.rich("Hjelpen er ofte gratis, og du kan være anonym."))),
            ("help_service", {"service": services[0], "text": "For deg som er utsatt for vold."}),
            ("emergency_numbers", {"heading": "Viktige telefonnumre"}),
        ],
    )

    # The front page points to the concern guide; publish that change like an editor would.
    home.concern_page = concern
    home.save_revision().publish()
    home = HomePage.objects.get(pk=home.pk)

    return SiteTree(
        home=home,
        content=content,
        plan=plan,
        chapter=chapter,
        focus_area=focus_area,
        measure=measure,
        concern=concern,
        duty=duty,
        unit_index=unit_index,
        unit=unit,
        routine=routine,
        directory=directory,
        services=services,
        roles=roles,
        provisions={"current": current, "superseded": superseded},
        target_groups=groups,
        guide=guide,
        path=path,
    )


@pytest.fixture
def staff_user(db):
    """An ordinary employee: logged in, no admin rights."""
    return f.StaffUserFactory(username="kari.ansatt")


@pytest.fixture
def staff_client(staff_user) -> Client:
    client = Client()
    client.force_login(staff_user)
    return client


@pytest.fixture
def anonymous_client(db) -> Client:
    return Client()


@dataclass
class TwoUnits:
    """Two units with a routine each, besides the site tree's Helsestasjonen: one to act in,
    one to be kept out of."""

    barnevern: UnitPage
    barnevern_routine: RoutinePage
    nav: UnitPage
    nav_routine: RoutinePage


@pytest.fixture
def two_units(site_tree) -> TwoUnits:
    barnevern = f.UnitPageFactory(
        parent=site_tree.unit_index, title="Enhet barnevern", slug="barnevern", abbreviation="BV"
    )
    nav = f.UnitPageFactory(
        parent=site_tree.unit_index, title="NAV Søndre Nordstrand", slug="nav", abbreviation="NAV"
    )
    return TwoUnits(
        barnevern=barnevern,
        barnevern_routine=f.RoutinePageFactory(
            parent=barnevern, title="Rutine ved bekymring for et barn", slug="rutine"
        ),
        nav=nav,
        nav_routine=f.RoutinePageFactory(
            parent=nav, title="Rutine ved vold i nære relasjoner", slug="rutine"
        ),
    )


@pytest.fixture(scope="module")
def loaded_once(django_db_setup, django_db_blocker):
    """The whole plan loaded once for the module that asks, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_plan()
        transaction.set_rollback(True)


@pytest.fixture
def loaded(loaded_once, db):
    """The report of the module's plan load; the test itself runs in a transaction too."""
    return loaded_once
