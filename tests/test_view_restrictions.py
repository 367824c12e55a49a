"""A page restricted to some staff is never listed to others (issue 13, finding 1).

Wagtail refuses a restricted page when it is opened; these tests check every place that lists
pages by title: search (HTML and JSON, promotions, the unit filter), the navigation, the front
page, the plan's lists, the unit index and a unit's routines, the directory and the reading
lists, through the shared page cache too. Each surface is checked both ways: a member of the
restriction's group sees the page there (so the test is not vacuous), someone else does not.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, RequestFactory
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from core.visibility import hidden_restrictions, restrictions
from guidance.models import MeasureAction
from onboarding.models import ReadingListItem
from tests import factories as f

SECRET = "Sjiraffbesøk"


@dataclass(frozen=True)
class Surface:
    """Where a restricted page would show: how to make the page, and the URL that lists it."""

    name: str
    make: Callable
    url: Callable


def _routine(tree):
    return f.RoutinePageFactory(parent=tree.unit, title=f"Rutine ved {SECRET}")


def _unit(tree):
    return f.UnitPageFactory(parent=tree.unit_index, title=f"Enhet for {SECRET}")


def _measure(tree):
    return f.MeasurePageFactory(
        parent=tree.focus_area,
        number="1.9",
        title=f"1.9 {SECRET}",
        actions=[MeasureAction(text=f"Tiltak om {SECRET}", roles=[tree.roles["nav"]])],
    )


def _focus_area(tree):
    return f.FocusAreaPageFactory(parent=tree.chapter, number=9, title=SECRET, slug="sjiraff")


def _section(tree):
    return f.ContentPageFactory(parent=tree.home, title=SECRET, show_in_menus=True)


def _listed_page(tree):
    page = f.ContentPageFactory(parent=tree.content, title=f"Om {SECRET}")
    f.ReadingListPageFactory(
        parent=tree.home, items=[ReadingListItem(page=page, required=True, why="", minutes=5)]
    )
    return page


def _promoted(tree):
    page = _routine(tree)
    f.SearchPromotionFactory(query="kaffe", page=page)
    return page


SURFACES = [
    Surface("a unit's routines", _routine, lambda t: t.unit.url),
    Surface("search", _routine, lambda t: "/search/?q=rutine"),
    Surface("search as JSON", _routine, lambda t: "/search/?q=rutine&format=json"),
    Surface("a search promotion", _promoted, lambda t: "/search/?q=kaffe"),
    Surface("the unit index", _unit, lambda t: t.unit_index.url),
    Surface("the concern guide's units", _unit, lambda t: t.concern.url),
    Surface("search's unit filter", _unit, lambda t: "/search/?q=vold"),
    Surface("a focus area's measures", _measure, lambda t: t.focus_area.url),
    Surface("a role's actions", _measure, lambda t: f"{t.plan.url}ansvar/nav/"),
    Surface("the front page's recent changes", _measure, lambda t: t.home.url),
    Surface("a chapter's focus areas", _focus_area, lambda t: t.chapter.url),
    Surface("the front page's focus areas", _focus_area, lambda t: t.home.url),
    Surface(
        "the concern guide's duties",
        lambda t: f.LegalDutyPageFactory(parent=t.concern, title=f"Plikt ved {SECRET}"),
        lambda t: t.concern.url,
    ),
    Surface(
        "the directory",
        lambda t: f.HelpServicePageFactory(parent=t.directory, title=f"Tilbud ved {SECRET}"),
        lambda t: t.directory.url,
    ),
    Surface("the navigation", _section, lambda t: t.content.url),
    Surface("the reading list", _listed_page, lambda t: "/min-leseliste/"),
]


@pytest.fixture
def insiders(db) -> Group:
    return Group.objects.create(name="Barnevernet – lukket")


def restrict(page: Page, group: Group) -> PageViewRestriction:
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    return restriction


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def shows_secret(client: Client, url: str) -> bool:
    response = client.get(url)
    assert response.status_code == 200, url
    return SECRET.lower() in response.content.decode().lower()


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
def test_a_restricted_page_is_listed_only_to_its_group(site_tree, insiders, surface):
    restrict(surface.make(site_tree), insiders)
    member = f.StaffUserFactory()
    member.groups.add(insiders)
    url = surface.url(site_tree)

    # The member first, so that a page they saw is in the shared page cache.
    assert shows_secret(client_for(member), url)
    assert not shows_secret(client_for(f.StaffUserFactory()), url)


def test_a_restriction_on_an_ancestor_hides_the_pages_below_it(site_tree, insiders):
    _routine(site_tree)
    restrict(site_tree.unit, insiders)

    assert not shows_secret(client_for(f.StaffUserFactory()), "/search/?q=rutine")


def test_a_login_restriction_hides_nothing_from_staff(site_tree):
    PageViewRestriction.objects.create(
        page=_routine(site_tree), restriction_type=PageViewRestriction.LOGIN
    )

    assert shows_secret(client_for(f.StaffUserFactory()), site_tree.unit.url)


def test_a_password_restriction_lists_the_page_once_the_password_is_given(site_tree):
    page = _routine(site_tree)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="sjiraff"
    )
    client = client_for(f.StaffUserFactory())
    assert not shows_secret(client, site_tree.unit.url)

    form = client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk]),
        {"password": "sjiraff", "return_url": page.url},
    )
    assert form.status_code == 302
    assert shows_secret(client, site_tree.unit.url)


# The same verdict as Wagtail's own check, for every kind of restriction and reader

READERS = ["anonymous", "staff", "member", "superuser"]
KINDS = [
    PageViewRestriction.NONE,
    PageViewRestriction.LOGIN,
    PageViewRestriction.GROUPS,
    PageViewRestriction.PASSWORD,
]


def _reader(kind: str, group: Group):
    if kind == "anonymous":
        return AnonymousUser()
    if kind == "superuser":
        return f.SuperuserFactory()
    user = f.StaffUserFactory()
    if kind == "member":
        user.groups.add(group)
    return user


@pytest.mark.parametrize(
    ("restriction_type", "reader", "password_given"),
    list(itertools.product(KINDS, READERS, [False, True])),
)
def test_the_verdict_is_wagtails(site_tree, insiders, restriction_type, reader, password_given):
    restriction = PageViewRestriction.objects.create(
        page=site_tree.routine, restriction_type=restriction_type, password="x"
    )
    restriction.groups.add(insiders)
    request = RequestFactory().get("/")
    request.user = _reader(reader, insiders)
    request.session = SessionStore()
    if password_given:
        restriction.mark_as_passed(request)

    hidden = restriction.pk in {r.pk for r in hidden_restrictions(request)}

    assert hidden is not restriction.accept_request(request)


def test_the_groups_of_a_restriction_count_when_only_they_change(site_tree):
    """Wagtail's privacy form saves the restriction, then its groups: a change of the groups
    alone starts a new content generation, so no process keeps the old groups."""
    first, second = Group.objects.create(name="Første"), Group.objects.create(name="Andre")
    restriction = PageViewRestriction.objects.create(
        page=site_tree.unit, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([first])
    assert [r.group_ids for r in restrictions()] == [frozenset({first.pk})]
    restriction.groups.set([second])
    assert [r.group_ids for r in restrictions()] == [frozenset({second.pk})]
