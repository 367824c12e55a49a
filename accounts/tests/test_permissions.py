"""Who may do what with which page: the roles × every page type × every action, through
Wagtail's permission API, then a sample through real requests to the admin."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, WorkflowState
from wagtail.permissions import page_permission_policy

from accounts.roles import COORDINATOR_WORKFLOW
from tests import factories as f
from tests.admin_forms import assert_refused, edit_url, editor_data, post_edit

# E view in the admin (explore), A add a child page, C change (edit), P publish, D delete,
# M move, L lock, U unlock, O take offline (unpublish or set an expiry date), R restrict who may
# see it (privacy); "-" nothing. The «own» unit is Barnevern, whose resource person
# and leader are the unit roles below; the «other» unit is NAV. A unit's people see the unit
# index in the admin's explorer (Wagtail shows them the parent of their unit, with only their
# unit in it) but cannot change it.
MATRIX = """
page          no_group staff resource_person unit_leader editor koordinator administrator superuser
home          -        -     -               -           EACL   EACPDMLUOR  EACPDMLUOR    EACPDMLUOR
content       -        -     -               -           EACL   EACPDMLUOR  EACPDMLUOR    EACPDMLUOR
plan          -        -     -               -           EACL   EACPDMLUOR  EACPDMLUOR    EACPDMLUOR
chapter       -        -     -               -           EACL   EACPDMLUOR  EACPDMLUOR    EACPDMLUOR
focus_area    -        -     -               -           EACL   EACPDMLUOR  EACPDMLUOR    EACPDMLUOR
measure       -        -     -               -           ECL    ECPDMLUOR   ECPDMLUOR     ECPDMLUOR
concern       -        -     -               -           EACL   EACPDMLUOR  EACPDMLUOR    EACPDMLUOR
duty          -        -     -               -           ECL    ECPDMLUOR   ECPDMLUOR     ECPDMLUOR
path          -        -     -               -           ECL    ECPDMLUOR   ECPDMLUOR     ECPDMLUOR
directory     -        -     -               -           EACL   EACPDMLUOR  EACPDMLUOR    EACPDMLUOR
service       -        -     -               -           ECL    ECPDMLUOR   ECPDMLUOR     ECPDMLUOR
unit_index    -        -     E               E           EACL   EACPDMLUOR  EACPDMLUOR    EACPDMLUOR
own_unit      -        -     EACPL           EACPLU      EACL   EACPDMLUOR  EACPDMLUOR    EACPDMLUOR
own_routine   -        -     ECPDMLOR        ECPDMLUOR   ECL    ECPDMLUOR   ECPDMLUOR     ECPDMLUOR
other_unit    -        -     -               -           EACL   EACPDMLUOR  EACPDMLUOR    EACPDMLUOR
other_routine -        -     -               -           ECL    ECPDMLUOR   ECPDMLUOR     ECPDMLUOR
"""
ACTIONS = {
    "E": "explore",
    "A": "add child",
    "C": "edit",
    "P": "publish",
    "D": "delete",
    "M": "move",
    "L": "lock",
    "U": "unlock",
    "O": "take offline (unpublish, or set an expiry date)",
    "R": "restrict who may see it (privacy)",
}


def parse_matrix(text: str) -> dict[str, dict[str, str]]:
    """``{role: {page: letters}}`` from the table above."""
    header, *rows = (line.split() for line in text.strip().splitlines())
    return {
        role: {row[0]: row[column] for row in rows}
        for column, role in enumerate(header[1:], start=1)
    }


EXPECTED = parse_matrix(MATRIX)


def make_user(role: str, units):
    return {
        "no_group": lambda: f.UserFactory(),
        "staff": lambda: f.StaffUserFactory(),
        "resource_person": lambda: f.ResourcePersonFactory(unit=units.barnevern),
        "unit_leader": lambda: f.UnitLeaderFactory(unit=units.barnevern),
        "editor": lambda: f.EditorFactory(),
        "koordinator": lambda: f.CoordinatorFactory(),
        "administrator": lambda: f.AdministratorFactory(),
        "superuser": lambda: f.SuperuserFactory(),
    }[role]()


def pages(site_tree, units) -> dict[str, Page]:
    return {
        "home": site_tree.home,
        "content": site_tree.content,
        "plan": site_tree.plan,
        "chapter": site_tree.chapter,
        "focus_area": site_tree.focus_area,
        "measure": site_tree.measure,
        "concern": site_tree.concern,
        "duty": site_tree.duty,
        "path": site_tree.path,
        "directory": site_tree.directory,
        "service": site_tree.services[0],
        "unit_index": site_tree.unit_index,
        "own_unit": units.barnevern,
        "own_routine": units.barnevern_routine,
        "other_unit": units.nav,
        "other_routine": units.nav_routine,
    }


def allowed(user, page) -> str:
    """The letters of the actions ``user`` may take on ``page``, asked of Wagtail."""
    tester = page.permissions_for_user(user)
    checks = {
        "E": lambda: (
            user.has_perm("wagtailadmin.access_admin")
            and page_permission_policy.explorable_instances(user).filter(pk=page.pk).exists()
        ),
        "A": tester.can_add_subpage,
        "C": tester.can_edit,
        "P": tester.can_publish,
        "D": tester.can_delete,
        "M": tester.can_move,
        "L": tester.can_lock,
        "U": tester.can_unlock,
        "O": tester.can_unpublish,
        "R": tester.can_set_view_restrictions,
    }
    return "".join(letter for letter, check in checks.items() if check()) or "-"


@pytest.mark.parametrize("role", list(EXPECTED))
def test_permission_matrix(role, site_tree, two_units):
    user = make_user(role, two_units)
    actual = {name: allowed(user, page) for name, page in pages(site_tree, two_units).items()}
    assert actual == EXPECTED[role], {
        name: {
            "expected": [ACTIONS[a] for a in EXPECTED[role][name] if a in ACTIONS],
            "actual": [ACTIONS[a] for a in actual[name] if a in ACTIONS],
        }
        for name in actual
        if actual[name] != EXPECTED[role][name]
    }


def test_a_unit_can_only_be_moved_within_reach_of_the_coordinator(site_tree, two_units):
    routine = two_units.barnevern_routine
    leader = f.UnitLeaderFactory(unit=two_units.barnevern)
    tester = routine.permissions_for_user(leader)
    assert tester.can_move_to(two_units.barnevern)
    assert not tester.can_move_to(two_units.nav)
    assert routine.permissions_for_user(f.CoordinatorFactory()).can_move_to(two_units.nav)


# Through the admin


@pytest.fixture
def barnevern_client(client, two_units):
    """Logged in to the admin as Enhet barnevern's resource person."""
    client.force_login(f.ResourcePersonFactory(unit=two_units.barnevern))
    return client


@pytest.fixture
def admin_data(site_tree):
    """Reads a page editor's form as a superuser, for posting as someone who may not open it."""
    from django.test import Client

    client = Client()
    client.force_login(f.SuperuserFactory())
    return lambda page: editor_data(client, page)


def revision_count(page) -> int:
    return page.revisions.count()


def test_a_resource_person_edits_and_publishes_their_units_routine_directly(
    barnevern_client, two_units
):
    routine = two_units.barnevern_routine
    response = post_edit(
        barnevern_client, routine, title="Rutine ved bekymring for et barn (revidert 2026)"
    )
    assert response.status_code == 302
    routine.refresh_from_db()
    assert routine.title == "Rutine ved bekymring for et barn (revidert 2026)"
    assert routine.live and not routine.has_unpublished_changes
    assert not WorkflowState.objects.exists()


def test_a_resource_person_cannot_post_an_edit_to_another_units_routine(
    barnevern_client, two_units, admin_data
):
    routine = two_units.nav_routine
    data = admin_data(routine)
    before = revision_count(routine)

    response = post_edit(barnevern_client, routine, data=data, title="Endret av barnevernet")

    assert_refused(response)
    routine.refresh_from_db()
    assert routine.title == "Rutine ved vold i nære relasjoner"
    assert routine.get_latest_revision_as_object().title == "Rutine ved vold i nære relasjoner"
    assert revision_count(routine) == before
    assert_refused(barnevern_client.get(edit_url(routine)))


@pytest.mark.parametrize("page", ["plan", "duty", "service", "unit_index"])
def test_a_resource_person_cannot_edit_the_plan_the_duties_or_the_directory(
    barnevern_client, site_tree, admin_data, page
):
    page = site_tree.services[0] if page == "service" else getattr(site_tree, page)
    before = revision_count(page)
    response = post_edit(barnevern_client, page, data=admin_data(page), title="Endret")
    assert_refused(response)
    assert revision_count(page) == before
    assert type(page).objects.get(pk=page.pk).title != "Endret"


def routine_form(title: str) -> dict:
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    return nested_form_data(
        {
            "title": title,
            "slug": "ny-rutine",
            "summary": "Slik går vi fram.",
            "steps": streamfield(
                [
                    (
                        "step",
                        {
                            "title": "Snakk med lederen",
                            "text": rich_text("<p>Samme dag.</p>"),
                            "source": {"kind": "enhet", "reference": ""},
                        },
                    )
                ]
            ),
            "contacts": streamfield([]),
            # A unit's own routine says so (docs/content-model.md).
            "source_kind": "enhet",
            "action-publish": "action-publish",
        }
    )


def test_a_resource_person_creates_a_routine_in_their_unit_but_not_in_another(
    barnevern_client, two_units
):
    from guidance.models import RoutinePage

    response = barnevern_client.post(
        f"/admin/pages/add/guidance/routinepage/{two_units.barnevern.pk}/",
        routine_form("Rutine for samtaler med barn"),
    )
    assert response.status_code == 302
    created = RoutinePage.objects.get(title="Rutine for samtaler med barn")
    assert created.live
    assert created.get_parent().pk == two_units.barnevern.pk
    assert created.owning_unit_id == two_units.barnevern.pk

    response = barnevern_client.post(
        f"/admin/pages/add/guidance/routinepage/{two_units.nav.pk}/",
        routine_form("Rutine skrevet i feil enhet"),
    )
    assert_refused(response)
    assert not RoutinePage.objects.filter(title="Rutine skrevet i feil enhet").exists()


@pytest.mark.parametrize("page", ["plan", "duty", "service"])
def test_an_editors_change_to_the_plan_duties_or_directory_waits_for_the_coordinator(
    client, site_tree, page
):
    page = site_tree.services[0] if page == "service" else getattr(site_tree, page)
    title = page.title
    client.force_login(f.EditorFactory())

    # Pressing «Publiser» without the right saves a draft and publishes nothing.
    assert post_edit(client, page, "action-publish", title="Utkast").status_code == 302
    assert type(page).objects.get(pk=page.pk).title == title

    assert post_edit(client, page, "action-submit", title="Ny tittel").status_code == 302
    state = WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")
    assert state.workflow.name == COORDINATOR_WORKFLOW
    assert type(page).objects.get(pk=page.pk).title == title

    # Another editor cannot approve; the coordinator can, and that publishes the change.
    approve = f"/admin/pages/workflow/action/{page.pk}/approve/{state.current_task_state.pk}/"
    client.force_login(f.EditorFactory())
    assert_refused(client.post(approve))
    client.force_login(f.CoordinatorFactory())
    assert client.post(approve).status_code == 302
    assert type(page).objects.get(pk=page.pk).title == "Ny tittel"


def test_a_units_leader_approves_what_is_sent_to_the_unit_and_other_leaders_cannot(
    barnevern_client, client, two_units
):
    from django.test import Client

    routine = two_units.barnevern_routine
    response = post_edit(barnevern_client, routine, "action-submit", title="Til godkjenning")
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(routine.pk), status="in_progress")
    assert state.workflow.name == "Godkjenning – Enhet barnevern"
    approve = f"/admin/pages/workflow/action/{routine.pk}/approve/{state.current_task_state.pk}/"

    for refused in (
        f.UnitLeaderFactory(unit=two_units.nav),
        f.ResourcePersonFactory(unit=two_units.barnevern),
    ):
        other = Client()
        other.force_login(refused)
        assert_refused(other.post(approve))
    assert type(routine).objects.get(pk=routine.pk).title == "Rutine ved bekymring for et barn"

    client.force_login(f.UnitLeaderFactory(unit=two_units.barnevern))
    assert client.post(approve).status_code == 302
    assert type(routine).objects.get(pk=routine.pk).title == "Til godkjenning"


def test_staff_without_a_role_are_sent_to_the_admin_login(site_tree, staff_client):
    response = staff_client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


# Taking a unit page offline: privacy and expiry (issue 13, finding 7)


def privacy_url(page) -> str:
    return f"/admin/pages/{page.pk}/privacy/"


def test_a_resource_person_cannot_restrict_who_sees_their_unit_page(barnevern_client, two_units):
    unit = two_units.barnevern
    response = barnevern_client.post(privacy_url(unit), {"restriction_type": "login"})

    assert_refused(response)
    assert not PageViewRestriction.objects.filter(page=unit).exists()


def test_a_resource_person_may_restrict_their_units_routine(barnevern_client, two_units):
    routine = two_units.barnevern_routine
    response = barnevern_client.post(privacy_url(routine), {"restriction_type": "login"})

    assert response.status_code == 200
    assert PageViewRestriction.objects.filter(page=routine, restriction_type="login").exists()


@pytest.mark.parametrize(
    ("who", "page", "may"),
    [
        ("resource_person", "own_unit", False),
        ("unit_leader", "own_unit", False),
        ("resource_person", "own_routine", True),
        ("koordinator", "own_unit", True),
    ],
)
def test_an_expiry_date_takes_the_right_to_unpublish(client, site_tree, two_units, who, page, may):
    page = pages(site_tree, two_units)[page]
    client.force_login(make_user(who, two_units))
    expire_at = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")

    response = post_edit(client, page, expire_at=expire_at)

    page.refresh_from_db()
    if may:
        assert response.status_code == 302
        assert page.expire_at is not None
    else:
        assert response.status_code == 200
        assert "Du kan ikke sette en utløpsdato" in response.content.decode()
        assert page.expire_at is None and page.live
