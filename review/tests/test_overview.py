"""The coordinator's overview in the admin: every unit, its people, its routines and their
review state, as a page and as CSV; and who may not see it."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import StaffProfile
from core.mixins import add_months
from guidance.models import RoutinePage
from tests import factories as f
from tests.admin_forms import assert_refused
from tests.helpers import page_text

OVERVIEW = "/admin/koordinator/"
CSV_URL = "/admin/koordinator/enheter-og-rutiner.csv"


@pytest.fixture
def people(site_tree, two_units):
    """Barnevern has a resource person and a leader, NAV no one; Helsestasjonen a resource
    person; a unit without routines."""
    person = f.ResourcePersonFactory(
        unit=two_units.barnevern,
        first_name="Kristel",
        last_name="Myrlund",
        email="kristel.myrlund@bsn.no",
    )
    StaffProfile.objects.filter(user=person).update(phone="23 42 99 99")
    f.UnitLeaderFactory(unit=two_units.barnevern, first_name="Berit", last_name="Leder")
    f.ResourcePersonFactory(unit=site_tree.unit, first_name="Heidi", last_name="Alexander")
    f.UnitPageFactory(parent=site_tree.unit_index, title="Enhet søknadskontor")
    RoutinePage.objects.filter(pk=two_units.nav_routine.pk).update(last_reviewed=None)
    return person


def coordinator_client(client):
    client.force_login(f.CoordinatorFactory())
    return client


def test_the_coordinator_sees_every_unit_its_people_and_its_routines(client, people):
    response = coordinator_client(client).get(OVERVIEW)
    assert response.status_code == 200
    text = page_text(response)
    for expected in (
        "Oppfølging av enheter",
        "Enhet barnevern",
        "Kristel Myrlund",
        "kristel.myrlund@bsn.no",
        "Berit Leder",
        "Rutine ved bekymring for et barn",
        "NAV Søndre Nordstrand",
        "Rutine ved vold i nære relasjoner",
        "Aldri gjennomgått",
        "Helsestasjonen",
        "Heidi Alexander",
        "Enhet søknadskontor",
        "Enheten har ingen rutiner.",
    ):
        assert expected in text, expected
    nav = text[text.index("NAV Søndre Nordstrand") :]
    assert "Ingen ressursperson med brukerkonto" in nav[: nav.index("Rutine ved vold")]
    assert "Last ned som CSV" in text


def read_csv(response) -> list[list[str]]:
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def test_the_overview_exports_as_csv_with_norwegian_headers(client, two_units, people):
    f.RoutinePageFactory(parent=two_units.nav, title='=HYPERLINK("https://example.com")')
    response = coordinator_client(client).get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="enheter-og-rutiner-')
    header, *rows = read_csv(response)
    assert header == [
        "Enhet",
        "Ressurspersoner",
        "E-post til ressurspersoner",
        "Enhetsledere",
        "Rutine",
        "Publisert",
        "Sist gjennomgått",
        "Neste gjennomgang",
        "Status",
    ]
    by_routine = {(row[0], row[4]): row for row in rows}
    routine = RoutinePage.objects.get(pk=two_units.barnevern_routine.pk)
    assert by_routine[("Enhet barnevern", "Rutine ved bekymring for et barn")] == [
        "Enhet barnevern",
        "Kristel Myrlund",
        "kristel.myrlund@bsn.no",
        "Berit Leder",
        "Rutine ved bekymring for et barn",
        "Ja",
        routine.last_reviewed.isoformat(),
        add_months(routine.last_reviewed, 12).isoformat(),
        "Gjennomgått",
    ]
    nav = by_routine[("NAV Søndre Nordstrand", "Rutine ved vold i nære relasjoner")]
    assert nav[1:4] == ["", "", ""]
    assert nav[6:] == ["", "", "Aldri gjennomgått"]
    assert by_routine[("Enhet søknadskontor", "")][4:] == ["", "", "", "", ""]
    # A title a spreadsheet would run as a formula is written as text.
    assert ("NAV Søndre Nordstrand", '\'=HYPERLINK("https://example.com")') in by_routine
    # Nothing beyond staff names and e-mail addresses.
    assert "23 42 99 99" not in response.content.decode()


@pytest.mark.parametrize("url", [OVERVIEW, CSV_URL])
@pytest.mark.parametrize("role", ["resource_person", "unit_leader", "editor"])
def test_other_admin_users_may_not_see_the_overview(client, two_units, url, role):
    user = {
        "resource_person": lambda: f.ResourcePersonFactory(unit=two_units.barnevern),
        "unit_leader": lambda: f.UnitLeaderFactory(unit=two_units.barnevern),
        "editor": lambda: f.EditorFactory(),
    }[role]()
    client.force_login(user)
    assert_refused(client.get(url))
    assert "/admin/koordinator/" not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("url", [OVERVIEW, CSV_URL])
def test_staff_and_anonymous_visitors_are_sent_to_the_admin_login(
    client, staff_client, site_tree, url
):
    for visitor in (client, staff_client):
        response = visitor.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")


@pytest.mark.parametrize(
    "factory", [f.CoordinatorFactory, f.AdministratorFactory, f.SuperuserFactory]
)
def test_the_overview_is_in_the_menu_of_coordinators_and_administrators(client, site_tree, factory):
    client.force_login(factory())
    assert "/admin/koordinator/" in client.get("/admin/").content.decode()
    assert client.get(OVERVIEW).status_code == 200


def test_the_overview_needs_the_same_queries_however_many_units(client, site_tree, people):
    client = coordinator_client(client)
    client.get(OVERVIEW)
    with CaptureQueriesContext(connection) as few:
        client.get(OVERVIEW)
    for n in range(4):
        unit = f.UnitPageFactory(parent=site_tree.unit_index, title=f"Enhet {n}")
        f.RoutinePageFactory(parent=unit)
        f.ResourcePersonFactory(unit=unit)
        f.UnitLeaderFactory(unit=unit)
    with CaptureQueriesContext(connection) as many:
        client.get(OVERVIEW)
    assert len(many) == len(few)
