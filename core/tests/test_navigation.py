"""The main navigation is kept in the cache for the content generation: pages the page cache
does not serve (search) need no query for it, and a change to the sections shows at once."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests import factories as f

SEARCH = "/search/?q=tvangsekteskap"


def sections(client: Client, url: str = SEARCH) -> list[str]:
    """The titles in the header's main navigation."""
    response = client.get(url)
    assert response.status_code == 200
    nav = re.search(r'<nav class="site-nav".*?</nav>', response.content.decode(), re.S)
    assert nav is not None
    return re.findall(r'class="site-nav__link"[^>]*>([^<]+)</a>', nav.group(0))


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_search_page_reads_the_navigation_from_the_cache(site_tree, staff_client):
    with CaptureQueriesContext(connection) as queries:
        first = sections(staff_client)
    assert any('"in_navigation"' in q["sql"] for q in queries)
    assert site_tree.plan.title in first and site_tree.directory.title in first
    with CaptureQueriesContext(connection) as queries:
        assert sections(staff_client) == first
    # The navigation's query selects whether each page is in it (core.navigation).
    assert not any('"in_navigation"' in q["sql"] for q in queries)


@pytest.mark.parametrize(
    "change, shown",
    [
        ("a new section is published", True),
        ("a section is unpublished", False),
        ("a section is taken out of the menus", False),
    ],
)
def test_a_change_to_the_sections_shows_at_once(site_tree, staff_client, change, shown):
    section = f.ContentPageFactory(parent=site_tree.home, title="Kaffekroken", show_in_menus=True)
    if change == "a new section is published":
        section.unpublish()
    assert ("Kaffekroken" in sections(staff_client)) is not shown

    if change == "a new section is published":
        section.save_revision().publish()
    elif change == "a section is unpublished":
        section.unpublish()
    else:
        section.show_in_menus = False
        section.save_revision().publish()
    assert ("Kaffekroken" in sections(staff_client)) is shown


def test_a_restricted_section_stays_hidden_when_its_group_filled_the_cache(site_tree):
    insiders = Group.objects.create(name="Lukket gruppe")
    section = f.ContentPageFactory(parent=site_tree.home, title="Lukket rom", show_in_menus=True)
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(insiders)
    member = f.StaffUserFactory()
    member.groups.add(insiders)

    assert "Lukket rom" in sections(logged_in(member))
    assert "Lukket rom" not in sections(logged_in(f.StaffUserFactory()))


def test_each_language_has_its_own_navigation(site_tree, staff_client):
    norwegian = sections(staff_client)
    f.translate(site_tree.home, "en")
    f.translate(site_tree.directory, "en", {site_tree.directory.title: "Help directory"})

    english = sections(staff_client, f"/en{SEARCH}")
    assert "Help directory" in english and site_tree.directory.title not in english
    assert sections(staff_client) == norwegian
