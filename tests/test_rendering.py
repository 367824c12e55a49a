"""Every page type renders for staff and shows what staff come for."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from core.emergency import EMERGENCY_NUMBERS

from . import factories as f
from .admin_forms import editor_data
from .helpers import assert_in_order, between, page_text

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


def get_page(site_tree, name):
    return site_tree.services[0] if name == "service" else getattr(site_tree, name)


def render(client, url):
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return response


def tel_href(number: str) -> str:
    """The ``tel:`` link of a Norwegian number: "22 48 03 80" → "tel:+4722480380"."""
    return "tel:+47" + re.sub(r"\D", "", number)


@pytest.mark.parametrize("name", PAGE_ATTRIBUTES)
def test_every_page_is_norwegian_with_title_and_emergency_numbers(name, site_tree, staff_client):
    page = get_page(site_tree, name)
    response = render(staff_client, page.url)
    content = response.content.decode()

    assert '<html lang="nb"' in content
    assert page.title in page_text(response)
    # The emergency strip: every number as a tel: link (112, 113, 110, 116 006, …).
    for emergency in EMERGENCY_NUMBERS:
        digits = re.sub(r"\D", "", emergency.number)
        assert re.search(rf'href="tel:(\+47)?{digits}"', content), emergency.number


def test_home_page_shows_focus_areas_and_the_concern_guide(site_tree, staff_client):
    response = render(staff_client, site_tree.home.url)
    content = response.content.decode()
    assert site_tree.focus_area.title in page_text(response)
    assert f'href="{site_tree.focus_area.url}"' in content
    assert f'href="{site_tree.concern.url}"' in content


def test_content_page_shows_its_body(site_tree, staff_client):
    text = page_text(render(staff_client, site_tree.content.url))
    assert_in_order(text, site_tree.content.title, "Om siden", "Innhold på en vanlig side.")


def test_plan_page_lists_chapters_and_roles(site_tree, staff_client):
    response = render(staff_client, site_tree.plan.url)
    text = page_text(response)
    assert site_tree.chapter.title in text
    assert f'href="{site_tree.chapter.url}"' in response.content.decode()
    for role in site_tree.roles.values():
        assert role.name in text


def test_chapter_page_lists_its_focus_areas(site_tree, staff_client):
    response = render(staff_client, site_tree.chapter.url)
    assert site_tree.focus_area.title in page_text(response)
    assert f'href="{site_tree.focus_area.url}"' in response.content.decode()


def assert_actions_with_roles(text: str, actions) -> None:
    """Each action's text is followed by its roles' names, before the next action starts."""
    actions = list(actions)
    for action, following in zip(actions, actions[1:] + [None], strict=True):
        roles_part = between(text, action.text, following.text if following else None)
        for role in action.roles.all():
            assert role.name in roles_part, f"{role.name!r} not after {action.text!r}"


def test_focus_area_page_shows_goal_measures_actions_and_roles(site_tree, staff_client):
    text = page_text(render(staff_client, site_tree.focus_area.url))
    measure = site_tree.measure
    assert site_tree.focus_area.goal in text
    assert measure.number in text
    assert measure.title.removeprefix(f"{measure.number} ") in text
    assert_actions_with_roles(text, measure.actions.order_by("sort_order"))


def test_measure_page_shows_number_title_actions_and_roles(site_tree, staff_client):
    measure = site_tree.measure
    text = page_text(render(staff_client, measure.url))
    assert_in_order(text, measure.number, measure.title.removeprefix(f"{measure.number} "))
    actions = measure.actions.order_by("sort_order")
    assert_in_order(text, *[action.text for action in actions])
    assert_actions_with_roles(text, actions)


def test_plan_role_page_lists_the_roles_actions(site_tree, staff_client):
    role = site_tree.roles["koordinator"]
    text = page_text(render(staff_client, f"{site_tree.plan.url}ansvar/{role.slug}/"))
    assert role.name in text
    assert "Handlingsplanen gjennomgås på introduksjonskurs for nyansatte." in text
    assert "Enhetene presenterer planen på personalmøte hvert år." not in text


def test_plan_role_page_for_an_unknown_role_is_404(site_tree, staff_client):
    response = staff_client.get(f"{site_tree.plan.url}ansvar/finnes-ikke/")
    assert response.status_code == 404


def test_concern_guide_shows_steps_and_duties(site_tree, staff_client):
    response = render(staff_client, site_tree.concern.url)
    text = page_text(response)
    assert_in_order(text, "Er noen i fare nå? Ring 112.", "Snakk med leder")
    assert site_tree.duty.title in text
    assert f'href="{site_tree.duty.url}"' in response.content.decode()


def test_legal_duty_shows_superseded_provision_marked_and_the_current_one(site_tree, staff_client):
    response = render(staff_client, site_tree.duty.url)
    text = page_text(response)
    superseded = site_tree.provisions["superseded"]
    current = site_tree.provisions["current"]

    assert site_tree.duty.summary in text
    assert superseded.citation in text
    assert current.citation in text
    # The superseded provision carries a mark («Opphevet …») after its citation.
    assert re.search(re.escape(superseded.citation) + r".{0,300}?opphevet", text, re.I | re.S)
    # The current provision's Lovdata link is there; only the superseded one is marked.
    assert f'href="{current.lovdata_url}"' in response.content.decode()
    assert not re.search(
        re.escape(f"{current.citation} – {current.section_title}") + r"\s*Opphevet", text
    )


def test_unit_index_lists_units_with_contacts(site_tree, staff_client):
    response = render(staff_client, site_tree.unit_index.url)
    text = page_text(response)
    assert site_tree.unit.title in text
    assert f'href="{site_tree.unit.url}"' in response.content.decode()
    assert "Ola Ressursperson" in text


def test_unit_page_shows_contacts_routines_and_vacancies(site_tree, staff_client):
    response = render(staff_client, site_tree.unit.url)
    content = response.content.decode()
    text = page_text(response)
    assert "Ola Ressursperson" in text
    assert f'href="{tel_href("23 42 50 00")}"' in content
    assert 'href="mailto:ola.ressursperson@bydel-sondre-nordstrand.oslo.kommune.no"' in content
    assert "oppdateres" in text.lower()  # the vacant resource person
    assert f'href="{site_tree.routine.url}"' in content


def test_routine_page_shows_steps_contacts_duties_and_services(site_tree, staff_client):
    response = render(staff_client, site_tree.routine.url)
    content = response.content.decode()
    text = page_text(response)
    assert_in_order(text, "Snakk med barnet", "Dokumenter")
    assert site_tree.unit.title in text
    assert f'href="{tel_href("23 42 50 01")}"' in content
    assert f'href="{site_tree.duty.url}"' in content
    assert f'href="{site_tree.services[0].url}"' in content


def test_directory_lists_services_with_phone_links_and_target_groups(site_tree, staff_client):
    response = render(staff_client, site_tree.directory.url)
    content = response.content.decode()
    text = page_text(response)
    for service in site_tree.services:
        assert service.title in text
        assert f'href="{service.url}"' in content
    assert f'href="{tel_href("22 48 03 80")}"' in content
    assert f'href="{tel_href("22 08 98 00")}"' in content
    for group in site_tree.target_groups.values():
        assert group.name in text


def test_directory_filters_by_target_group(site_tree, staff_client):
    text = page_text(render(staff_client, f"{site_tree.directory.url}?malgruppe=voldsutovere"))
    assert "Alternativ til Vold" in text
    assert "Krisesenteret i Oslo" not in text


def test_help_service_page_links_phones_and_emails(site_tree, staff_client):
    service = site_tree.services[0]
    response = render(staff_client, service.url)
    content = response.content.decode()
    text = page_text(response)
    assert service.summary in text
    assert f'href="{tel_href("22 48 03 80")}"' in content
    assert f'href="{tel_href("22 48 03 90")}"' in content
    assert 'href="mailto:post@krisesenteret.no"' in content
    for group in service.target_groups.all():
        assert group.name in text


def test_search_finds_pages(site_tree, staff_client):
    response = render(staff_client, "/search/?q=krisesenteret")
    assert f'href="{site_tree.services[0].url}"' in response.content.decode()


# Wagtail's preview renders a page from the editor's form, with relations held in memory


@pytest.mark.parametrize(
    "name",
    [
        "ContentPage",
        "MeasurePage",
        "LegalDutyPage",
        "UnitPage",
        "RoutinePage",
        "HelpServicePage",
        "ConcernPathPage",
    ],
)
def test_every_page_type_renders_in_the_editors_preview(site_tree, name):
    page = site_tree.pages[name]
    client = Client()
    client.force_login(f.SuperuserFactory())
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])

    posted = client.post(url, editor_data(client, page))
    assert posted.status_code == 200 and posted.json()["is_valid"], posted.content[:500]
    response = client.get(url)

    assert response.status_code == 200
    assert page.title in response.content.decode()
