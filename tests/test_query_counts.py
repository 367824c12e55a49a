"""Rendering a page costs a bounded number of database queries, however many children it lists.

Each measurement follows a warm-up request for the same URL, so per-process caches (the sites'
root paths, the locale) are filled as they are in a running server. Pages are rendered without
the shared page cache (home/page_cache.py) unless a test asks for it: its warm-up request
would otherwise answer the measured one.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guidance.models import MeasureAction
from loading.indexing import indexed_once_at_the_end

from . import factories as f

MAX_QUERIES_PER_PAGE = 12
# From the page cache nothing comes from the database: the session, the user (home/auth.py)
# and the page are all in the cache.
MAX_QUERIES_FROM_PAGE_CACHE = 0

PAGE_ATTRIBUTES = [
    "home",
    "content",
    "plan",
    "chapter",
    "focus_area",
    "measure",
    "concern",
    "duty",
    "unit_index",
    "unit",
    "routine",
    "directory",
    "service",
    "guide",
    "path",
]


@pytest.fixture(autouse=True)
def without_page_cache(settings):
    settings.INTRANET_PAGE_CACHE_SECONDS = 0


def queries_to_render(client, url) -> CaptureQueriesContext:
    """The queries of one GET of ``url``, after a warm-up GET of the same URL."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return context


def describe(context: CaptureQueriesContext) -> str:
    return "\n".join(f"{i}. {q['sql'][:160]}" for i, q in enumerate(context.captured_queries, 1))


@pytest.mark.parametrize("name", PAGE_ATTRIBUTES)
def test_each_page_type_needs_few_queries(name, site_tree, staff_client):
    page = site_tree.services[0] if name == "service" else getattr(site_tree, name)
    context = queries_to_render(staff_client, page.url)
    assert len(context) <= MAX_QUERIES_PER_PAGE, (
        f"{type(page).__name__} at {page.url} took {len(context)} queries "
        f"(at most {MAX_QUERIES_PER_PAGE}):\n{describe(context)}"
    )


@pytest.mark.parametrize("name", PAGE_ATTRIBUTES)
def test_each_page_type_from_the_page_cache_needs_almost_no_queries(
    name, site_tree, staff_client, settings
):
    settings.INTRANET_PAGE_CACHE_SECONDS = 60
    page = site_tree.services[0] if name == "service" else getattr(site_tree, name)
    context = queries_to_render(staff_client, page.url)
    assert len(context) <= MAX_QUERIES_FROM_PAGE_CACHE, (
        f"{type(page).__name__} at {page.url} took {len(context)} queries from the page cache "
        f"(at most {MAX_QUERIES_FROM_PAGE_CACHE}):\n{describe(context)}"
    )


def test_plan_role_page_needs_few_queries(site_tree, staff_client):
    role = site_tree.roles["koordinator"]
    context = queries_to_render(staff_client, f"{site_tree.plan.url}ansvar/{role.slug}/")
    assert len(context) <= MAX_QUERIES_PER_PAGE, describe(context)


def assert_same_count(small: CaptureQueriesContext, large: CaptureQueriesContext) -> None:
    assert len(large) == len(small), (
        f"{len(small)} queries with few children, {len(large)} with many:\n"
        f"--- few:\n{describe(small)}\n--- many:\n{describe(large)}"
    )


def add_services(directory, count, groups):
    """``count`` services, indexed once at the end (as ``load_plan`` does)."""
    with indexed_once_at_the_end():
        for i in range(count):
            f.HelpServicePageFactory(
                parent=directory,
                phones=f.phones("22 48 03 80", f"4{i % 10}0 00 {i % 100:02d}"),
                emails=f.emails(f"tjeneste{i}@example.no"),
                target_groups=groups[: 1 + i % len(groups)],
            )


def test_directory_queries_do_not_grow_with_services(home, staff_client):
    directory = f.HelpServiceIndexPageFactory(parent=home)
    groups = f.TargetGroupFactory.create_batch(3)
    add_services(directory, 5, groups)
    few = queries_to_render(staff_client, directory.url)
    add_services(directory, 45, groups)
    many = queries_to_render(staff_client, directory.url)
    assert_same_count(few, many)
    # The filtered list costs the same too.
    filtered = queries_to_render(staff_client, f"{directory.url}?malgruppe={groups[0].slug}")
    assert len(filtered) == len(many), describe(filtered)


def add_measures(focus_area, count, roles):
    with indexed_once_at_the_end():
        for _ in range(count):
            f.MeasurePageFactory(
                parent=focus_area,
                actions=[
                    MeasureAction(text="Første tiltak", roles=roles[:2]),
                    MeasureAction(text="Andre tiltak", roles=roles[1:]),
                ],
            )


def test_focus_area_queries_do_not_grow_with_measures(home, staff_client):
    plan = f.PlanPageFactory(parent=home)
    chapter = f.PlanChapterPageFactory(parent=plan, number="2.0")
    focus_area = f.FocusAreaPageFactory(parent=chapter, number=1)
    roles = f.ResponsibleRoleFactory.create_batch(3)
    add_measures(focus_area, 2, roles)
    few = queries_to_render(staff_client, focus_area.url)
    add_measures(focus_area, 8, roles)
    many = queries_to_render(staff_client, focus_area.url)
    assert_same_count(few, many)


def test_unit_index_queries_do_not_grow_with_units(home, staff_client):
    unit_index = f.UnitIndexPageFactory(parent=home)
    for _ in range(2):
        f.UnitPageFactory(parent=unit_index, contacts=f.unit_contacts(2))
    few = queries_to_render(staff_client, unit_index.url)
    for _ in range(8):
        f.UnitPageFactory(parent=unit_index, contacts=f.unit_contacts(2))
    many = queries_to_render(staff_client, unit_index.url)
    assert_same_count(few, many)
