"""Shared fixtures: a small but complete page tree, users and HTTP clients.

Every test runs against a real database (SQLite, or PostgreSQL when DATABASE_URL is set), inside
a transaction that is rolled back afterwards.

The site tree is built once for the run, in a transaction of its own that is rolled back after
the last test that shares it (they run one after the other); each test runs in a savepoint
inside it and gets the tree's objects fresh from the database, so what one test changes never
reaches the next. A module with transactional tests (live server, browser), or with tests that
ask for the loaded plan, builds the tree for each test instead.

The whole plan is loaded once for the run: the tests that ask for it (``loaded``,
``searchable_plan``) run one after the other, after the other rolled-back database tests and
before the transactional ones, in a transaction rolled back after the last of them.

Under pytest-xdist (``scripts/test`` runs a worker per core) each worker has a test database of
its own and runs its share of the tests in this same order, with gaps where another worker took
some, so each worker builds or loads what its share needs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, fields
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.db.models import Model
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
from loading.indexing import indexed_once_at_the_end
from loading.plan import load_plan
from tests import databases
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

    def reloaded(self) -> SiteTree:
        """The same tree with every object read again from the database."""

        def again(value):
            if isinstance(value, Model):
                return type(value)._default_manager.get(pk=value.pk)
            if isinstance(value, list):
                return [again(item) for item in value]
            if isinstance(value, dict):
                return {key: again(item) for key, item in value.items()}
            return value

        return SiteTree(**{each.name: again(getattr(self, each.name)) for each in fields(self)})


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_modify_db_settings, django_db_blocker):
    """Whether pytest-django keeps the test database (neither creates nor drops it): with
    ``--reuse-db``, and for a pytest-xdist worker on PostgreSQL, whose database is made here
    from the run's migrated template and dropped here after the run (tests/databases.py)."""
    reuse = bool(request.config.getvalue("reuse_db"))
    if reuse or not databases.made_from_template():
        yield reuse
        return
    with django_db_blocker.unblock():
        name, template = databases.make_worker_database()
    yield True
    with django_db_blocker.unblock():
        databases.drop_after_run(name, template)


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


def _uses_database(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and any(marker.kwargs.get(k) for k in ("transaction", "reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def _module_shares_site_tree(items: list[pytest.Item]) -> bool:
    """Whether a module's tests can share the site tree: none of them commits or empties the
    database (transactional), and none keeps a loaded plan for the rest of the module."""
    return not any(
        _is_transactional(item) or "loaded_once" in getattr(item, "fixturenames", ())
        for item in items
    )


def _items_by_module(items: list[pytest.Item]) -> dict[object, list[pytest.Item]]:
    modules: dict[object, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(getattr(item, "module", None), []).append(item)
    return modules


def _restores_snapshots(item: pytest.Item) -> bool:
    """Whether a test commits and has the database put back to a snapshot after it
    (tests/browser/conftest.py): those run first among the transactional tests, which leave
    the database empty or loaded again, while it is as migrated."""
    return "_committed" in getattr(item, "fixturenames", ())


def _needs_the_plan(item: pytest.Item) -> bool:
    return "loaded_once" in getattr(item, "fixturenames", ())


def _asks_for_the_tree(item: pytest.Item) -> bool:
    return "site_tree" in getattr(item, "fixturenames", ())


# How pytest-xdist may share the tests out among its workers: each worker must run its tests in
# the order ``_order`` gives (monotone, with gaps), as ``load`` does, always handing out the
# first tests not yet given. ``loadscope``, ``loadfile`` and ``loadgroup`` run a module's tests
# together out of that order, and ``worksteal`` gives a worker that ran out the last tests of
# another's share, earlier in the order than those it ran.
ORDER_KEEPING_DISTRIBUTIONS = ("no", "load")


def pytest_configure(config: pytest.Config) -> None:
    dist = config.getoption("dist", default="no")
    if dist not in ORDER_KEEPING_DISTRIBUTIONS:
        raise pytest.UsageError(
            f"--dist {dist} runs the tests out of the order they need (conftest.py, _order); "
            f"use one of: {', '.join(ORDER_KEEPING_DISTRIBUTIONS)}"
        )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """Order the tests (``_order``) once every other plugin has reordered or deselected them
    (pytest-django; ``--ff``, ``--nf`` and ``--lf`` reorder after collection hooks) and before
    a pytest-xdist worker reports what it collected, then start what runs beside them: the
    several-servers check, when its tests are among them (``tests/test_several_servers.py``,
    ``start_early``)."""
    _order(session.items)
    early = {getattr(getattr(item, "module", None), "start_early", None) for item in session.items}
    for start in early - {None}:
        start()


def _order(items: list[pytest.Item]) -> None:
    """Order the tests as pytest-django does (rolled-back database tests, then transactional
    ones, then those without the database), the transactional ones that restore snapshots
    (``_restores_snapshots``) before the others, and the rolled-back ones so that each finds
    the database as it would alone and what many need is built once:

    1. those that ask for neither the site tree nor the loaded plan;
    2. those that ask for the site tree in a module that cannot share it (each builds its own);
    3. those that share the site tree (``_SharedTree``): built before the first, rolled back
       after the last;
    4. those that ask for the loaded plan (``_PlanLoad``): loaded before the first, rolled back
       after the last.

    Sorting keeps the order within each group (``--ff`` puts failed tests first in theirs). A
    module whose tests fall in two groups has its module-scoped fixtures set up again for the
    second."""
    sharing = {
        module
        for module, module_items in _items_by_module(items).items()
        if _module_shares_site_tree(module_items)
    }

    def key(item: pytest.Item) -> tuple[int, int]:
        if _restores_snapshots(item):
            return (1, 0)
        if _is_transactional(item):
            return (1, 1)
        if not _uses_database(item):
            return (2, 0)
        if _needs_the_plan(item):
            return (0, 4)
        if not _asks_for_the_tree(item):
            return (0, 1)
        return (0, 3 if getattr(item, "module", None) in sharing else 2)

    if any(_needs_the_plan(item) and _is_transactional(item) for item in items):
        raise pytest.UsageError("a test that asks for the loaded plan must not be transactional")
    items.sort(key=key)
    _SharedTree.modules = sharing
    _SharedTree.users = {item.nodeid for item in items if key(item) == (0, 3)}


class _HeldTransaction:
    """A transaction held open across tests, from the first that needs what it holds until the
    last (they run one after the other: ``_order``), then rolled back; what a subclass holds
    is asked for after that only when the order is wrong, which fails the test."""

    what = ""
    atomic: transaction.Atomic | None = None
    blocker = None
    done = False

    @classmethod
    def begin(cls, blocker) -> None:
        cls.blocker = blocker
        with blocker.unblock():
            cls.atomic = transaction.atomic()
            cls.atomic.__enter__()

    @classmethod
    def roll_back(cls) -> None:
        if cls.atomic is None:
            return
        with cls.blocker.unblock():
            transaction.set_rollback(True)
            cls.atomic.__exit__(None, None, None)
        cls.atomic, cls.done = None, True
        cache.clear()

    @classmethod
    def check(cls) -> None:
        if cls.done:
            pytest.fail(f"{cls.what} was asked for after it was rolled back (test order)")


class _SharedTree(_HeldTransaction):
    """The site tree shared by the rolled-back tests of every module that can share it
    (``modules``; its tests are ``users``). Each test runs in a savepoint inside the
    transaction and gets the tree's objects fresh from the database, so what one test changes
    never reaches the next."""

    what = "the shared site tree"
    modules: set[object] = set()
    users: set[str] = set()
    tree: SiteTree | None = None

    @classmethod
    def get(cls, blocker) -> SiteTree:
        cls.check()
        if cls.tree is None:
            cls.begin(blocker)
            with blocker.unblock():
                cls.tree = build_site_tree(f.home_page())
        return cls.tree

    @classmethod
    def roll_back(cls) -> None:
        super().roll_back()
        cls.tree = None


@pytest.fixture(scope="module")
def _module_site_tree(request, django_db_setup, django_db_blocker):
    """The shared site tree for a module whose tests can share it, built outside any test's
    transaction (a module-scoped fixture is set up before the test's ``db``); None for a module
    whose tests each build their own (``_module_shares_site_tree``)."""
    if request.module not in _SharedTree.modules:
        return None
    return _SharedTree.get(django_db_blocker)


@pytest.fixture
def site_tree(_module_site_tree, home) -> SiteTree:
    """One published page of every type (SiteTree), fresh from the database for this test."""
    if _module_site_tree is None:
        return build_site_tree(home)
    return _module_site_tree.reloaded()


def build_site_tree(home: HomePage) -> SiteTree:
    """Build the SiteTree under ``home``. Each object is indexed (search, references) once, at
    the end, as ``load_plan`` does, rather than at each of its saves; in one transaction, so a
    transactional (browser) test commits once, not at each of some 500 writes."""
    with transaction.atomic(), indexed_once_at_the_end():
        return _build_site_tree(home)


def _build_site_tree(home: HomePage) -> SiteTree:
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
    with transaction.atomic(), indexed_once_at_the_end():
        return _two_units(site_tree)


def _two_units(site_tree: SiteTree) -> TwoUnits:
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


class _PlanLoad(_HeldTransaction):
    """The transaction the session's plan load runs in."""

    what = "the loaded plan"


@pytest.fixture(scope="session")
def loaded_once(django_db_setup, django_db_blocker):
    """The whole plan, loaded once for the tests that ask for it; rolled back after the last."""
    _PlanLoad.begin(django_db_blocker)
    with django_db_blocker.unblock():
        report = load_plan()
    yield report
    _PlanLoad.roll_back()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """After the last test that shares the site tree, roll the tree back; after the last that
    asks for the loaded plan, roll the load back."""
    yield
    if _SharedTree.atomic is not None and (
        nextitem is None or nextitem.nodeid not in _SharedTree.users
    ):
        _SharedTree.roll_back()
    if _PlanLoad.atomic is not None and (nextitem is None or not _needs_the_plan(nextitem)):
        _PlanLoad.roll_back()


@pytest.fixture
def loaded(loaded_once, db):
    """The report of the session's plan load; the test itself runs in a transaction too."""
    _PlanLoad.check()
    return loaded_once


@pytest.fixture(scope="module")
def searchable_once(loaded_once, django_db_blocker):
    """The loaded plan with the search data (synonyms, promotions) loaded too, for the module."""
    _PlanLoad.check()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_search_data", stdout=StringIO())
        yield loaded_once
        transaction.set_rollback(True)


@pytest.fixture
def searchable_plan(searchable_once, db):
    """The report of the plan load, with the search data loaded."""
    return searchable_once
