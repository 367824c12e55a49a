"""A unit's starting routine is a proposal until the unit confirms it (issue 17)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import PageLogEntry

from guidance.confirmation import CONFIRMED_ACTION

from . import factories as f

PROPOSAL = "Forslag – ikke bekreftet av enheten."
BUTTON = "Bekreft rutinen"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def confirm_url(routine) -> str:
    return reverse("vnr_confirm_routine", args=[routine.pk])


def confirmed(routine) -> bool:
    return type(routine).objects.get(pk=routine.pk).is_confirmed


# Who may confirm Barnevern's routine: its own resource persons and leaders, the coordinator.
WHO_MAY_CONFIRM = [
    ("own resource person", lambda units: f.ResourcePersonFactory(unit=units.barnevern), True),
    ("own unit leader", lambda units: f.UnitLeaderFactory(unit=units.barnevern), True),
    ("coordinator", lambda units: f.CoordinatorFactory(), True),
    (
        "another unit's resource person",
        lambda units: f.ResourcePersonFactory(unit=units.nav),
        False,
    ),
    ("another unit's leader", lambda units: f.UnitLeaderFactory(unit=units.nav), False),
    ("editor", lambda units: f.EditorFactory(), False),
    ("staff", lambda units: f.StaffUserFactory(), False),
]


@pytest.mark.parametrize(
    ("who", "make", "may"), WHO_MAY_CONFIRM, ids=[w[0] for w in WHO_MAY_CONFIRM]
)
def test_who_may_confirm_a_routine(two_units, who, make, may):
    routine = two_units.barnevern_routine
    client = client_for(make(two_units))

    form = client.get(confirm_url(routine))
    response = client.post(confirm_url(routine))

    assert (form.status_code == 200 and BUTTON in form.content.decode()) is may
    if may:
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[routine.pk])
    else:
        assert response.status_code in (302, 403)
    assert confirmed(routine) is may


def test_the_editor_offers_the_confirmation_only_while_it_is_a_proposal(two_units):
    routine = two_units.barnevern_routine
    client = client_for(f.ResourcePersonFactory(unit=two_units.barnevern))
    edit = reverse("wagtailadmin_pages:edit", args=[routine.pk])
    assert confirm_url(routine) in client.get(edit).content.decode()

    client.post(confirm_url(routine))

    assert confirm_url(routine) not in client.get(edit).content.decode()
    assert client.get(confirm_url(routine)).status_code in (302, 403)  # already confirmed


def test_confirming_removes_the_proposal_notice_for_everyone_at_once(two_units):
    routine, unit = two_units.barnevern_routine, two_units.barnevern
    reader = client_for(f.StaffUserFactory())
    assert PROPOSAL in reader.get(routine.url).content.decode()  # now in the page cache
    assert "Forslag – ikke bekreftet" in reader.get(unit.url).content.decode()

    leader = f.UnitLeaderFactory(unit=unit)
    client_for(leader).post(confirm_url(routine))

    assert PROPOSAL not in reader.get(routine.url).content.decode()
    assert "Forslag – ikke bekreftet" not in reader.get(unit.url).content.decode()
    saved = type(routine).objects.get(pk=routine.pk)
    assert saved.confirmed_by == leader and saved.confirmed_at is not None
    entry = PageLogEntry.objects.get(page=routine, action=CONFIRMED_ACTION)
    assert entry.user == leader


def test_a_confirmation_survives_a_new_version_of_the_routine(two_units):
    routine = two_units.barnevern_routine
    client_for(f.ResourcePersonFactory(unit=two_units.barnevern)).post(confirm_url(routine))

    edited = type(routine).objects.get(pk=routine.pk).get_latest_revision_as_object()
    edited.summary = "Revidert av enheten."
    edited.save_revision().publish()

    assert confirmed(routine)
    assert not routine.copy(update_attrs={"slug": "kopi"}).is_confirmed


def test_the_coordinators_overview_lists_the_unconfirmed_routines(two_units):
    coordinator = client_for(f.CoordinatorFactory())
    client_for(f.ResourcePersonFactory(unit=two_units.nav)).post(confirm_url(two_units.nav_routine))

    html = coordinator.get(reverse("vnr_coordinator_overview")).content.decode()

    section = html.split('id="ikke-bekreftet"')[1].split("</section>")[0]
    assert "Enhet barnevern" in section and "Rutine ved bekymring for et barn" in section
    assert "NAV Søndre Nordstrand" not in section
