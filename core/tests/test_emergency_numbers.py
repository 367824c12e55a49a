"""The emergency numbers are a setting the coordinator changes in the admin; every page, the
public export and the error page show the current list."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import nested_form_data, streamfield

from core.models import EmergencyNumbers, emergency_numbers
from tests import factories as f

EDIT_URL = reverse("wagtailsettings:edit", args=["core", "emergencynumbers"])


def post_numbers(client: Client, rows):
    setting = EmergencyNumbers.load()
    data = nested_form_data(
        {
            "numbers": streamfield(
                [
                    ("number", {"number": n, "label": label, "description": d})
                    for n, label, d in rows
                ]
            )
        }
    )
    return client.post(f"{EDIT_URL}{setting.pk}/", data)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_defaults_until_someone_changes_them(db):
    numbers = emergency_numbers()
    assert [n.number for n in numbers] == ["112", "113", "110", "116 006", "22 70 55 80"]
    assert numbers[0].label == "Politi"
    with translation.override("en"):
        assert emergency_numbers()[0].label == "Police"


def test_the_coordinator_changes_a_number_and_every_page_shows_it(site_tree, staff_client):
    # The front page is cached before the change; the change must reach it.
    assert "22 70 55 80" in staff_client.get(site_tree.home.url).content.decode()
    response = post_numbers(
        logged_in(f.CoordinatorFactory()),
        [
            ("112", "Politi", "Når noen er i fare nå"),
            ("22 70 55 99", "Barnevernvakten", "Akutt hjelp til barn, døgnåpen"),
        ],
    )
    assert response.status_code == 302

    for page in (site_tree.home, site_tree.measure, site_tree.guide):
        html = staff_client.get(page.url).content.decode()
        assert 'href="tel:+4722705599"' in html, page.title
        assert "22 70 55 80" not in html and "116 006" not in html, page.title
    assert [n.number for n in emergency_numbers()] == ["112", "22 70 55 99"]


def test_the_public_export_shows_the_current_numbers(site_tree, tmp_path):
    setting = EmergencyNumbers.load()
    setting.numbers = [
        ("number", {"number": "116 117", "label": "Legevakt", "description": "Natt"})
    ]
    setting.save()
    call_command("export_public", output=tmp_path / "nettside")
    html = (tmp_path / "nettside/nb/hjelpetilbud/index.html").read_text()
    assert 'href="tel:116117"' in html and "Legevakt" in html
    assert "22 70 55 80" not in html


def test_a_number_left_empty_is_refused_in_norwegian_and_nothing_changes(db):
    client = logged_in(f.CoordinatorFactory())
    response = post_numbers(client, [("", "Politi", "Når noen er i fare nå")])
    assert response.status_code == 200
    assert "Innstillingen kunne ikke lagres grunnet feil." in response.content.decode()
    assert [n.number for n in emergency_numbers()][0] == "112"
    assert len(emergency_numbers()) == 5


@pytest.mark.parametrize(
    ("role", "may_edit"),
    [
        ("coordinator", True),
        ("administrator", True),
        ("editor", False),
        ("translator", False),
        ("resource_person", False),
        ("staff", False),
    ],
)
def test_who_may_change_the_numbers(role, may_edit, two_units):
    users = {
        "coordinator": f.CoordinatorFactory,
        "administrator": f.AdministratorFactory,
        "editor": f.EditorFactory,
        "translator": f.TranslatorFactory,
        "resource_person": lambda: f.ResourcePersonFactory(unit=two_units.barnevern),
        "staff": f.StaffUserFactory,
    }
    client = logged_in(users[role]())
    response = post_numbers(client, [("999", "Falsk", "Skal ikke lagres")])
    location = response.get("Location", "")
    assert (response.status_code == 302 and location.startswith("/admin/settings/")) is may_edit
    assert ("999" in [n.number for n in emergency_numbers()]) is may_edit
