"""Roles are groups kept in step by code: global roles, each unit's groups and workflows, and
the link from a user to their unit."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    PagePermissionTester,
    Task,
    Workflow,
    WorkflowPage,
)

from accounts.models import StaffProfile, UnitRoles
from accounts.roles import (
    ADMINISTRATOR_GROUP,
    COORDINATOR_GROUP,
    COORDINATOR_WORKFLOW,
    EDITOR_GROUP,
    STAFF_GROUP,
    WAGTAIL_DEFAULT_GROUPS,
    sync_roles,
)
from tests import factories as f
from tests.helpers import page_text


def page_codenames(group, page) -> set[str]:
    return set(
        GroupPagePermission.objects.filter(group=group, page=page).values_list(
            "permission__codename", flat=True
        )
    )


def publish_title(page, title):
    """Rename ``page`` as an editor would: a new revision, published."""
    draft = page.get_latest_revision_as_object()
    draft.title = title
    draft.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def test_the_global_roles_exist_after_migrate_and_wagtails_defaults_do_not(db):
    names = set(Group.objects.values_list("name", flat=True))
    assert {STAFF_GROUP, EDITOR_GROUP, COORDINATOR_GROUP, ADMINISTRATOR_GROUP} <= names
    assert not names & set(WAGTAIL_DEFAULT_GROUPS)
    root = Page.get_first_root_node()
    assert root.get_workflow().name == COORDINATOR_WORKFLOW
    assert list(Workflow.objects.filter(active=True).values_list("name", flat=True)) == [
        COORDINATOR_WORKFLOW
    ]
    task = root.get_workflow().tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [COORDINATOR_GROUP]


@pytest.mark.parametrize(
    ("group", "page_permissions", "model_permissions"),
    [
        (STAFF_GROUP, set(), set()),
        (EDITOR_GROUP, {"add_page", "change_page", "lock_page"}, {"access_admin"}),
        (
            COORDINATOR_GROUP,
            {
                "add_page",
                "change_page",
                "publish_page",
                "lock_page",
                "unlock_page",
                "bulk_delete_page",
            },
            {"access_admin", "coordinate_units", "change_legalprovision", "add_targetgroup"},
        ),
        (
            ADMINISTRATOR_GROUP,
            {
                "add_page",
                "change_page",
                "publish_page",
                "lock_page",
                "unlock_page",
                "bulk_delete_page",
            },
            {"access_admin", "coordinate_units", "change_user", "change_group", "add_workflow"},
        ),
    ],
)
def test_each_global_role_has_its_permissions_on_the_whole_tree(
    db, group, page_permissions, model_permissions
):
    group = Group.objects.get(name=group)
    assert page_codenames(group, Page.get_first_root_node()) == page_permissions
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert model_permissions <= codenames
    if not model_permissions:
        assert codenames == set()


def test_a_new_unit_gets_two_groups_with_rights_on_its_subtree_and_its_own_workflow(site_tree):
    unit = f.UnitPageFactory(parent=site_tree.unit_index, title="Enhet barnehager")
    roles = UnitRoles.objects.get(unit=unit)

    assert roles.resource_person_group.name == "Ressursperson – Enhet barnehager"
    assert roles.leader_group.name == "Enhetsleder – Enhet barnehager"
    publish = {"add_page", "change_page", "publish_page", "lock_page"}
    assert page_codenames(roles.resource_person_group, unit) == publish
    assert page_codenames(roles.leader_group, unit) == publish | {"unlock_page"}
    # Nowhere else: not on the plan, the duties, the directory or another unit.
    for group in (roles.resource_person_group, roles.leader_group):
        assert set(group.page_permissions.values_list("page_id", flat=True)) == {unit.pk}
        assert list(group.permissions.values_list("codename", flat=True)) == ["access_admin"]

    workflow = unit.get_workflow()
    assert workflow == roles.workflow
    assert workflow.name == "Godkjenning – Enhet barnehager"
    approvers = workflow.tasks.get().specific.groups.values_list("name", flat=True)
    assert set(approvers) == {"Enhetsleder – Enhet barnehager", COORDINATOR_GROUP}
    # A routine in the unit is under the unit's workflow, the plan under the coordinator's.
    routine = f.RoutinePageFactory(parent=unit)
    assert routine.get_workflow() == workflow
    assert site_tree.plan.get_workflow().name == COORDINATOR_WORKFLOW


def test_renaming_a_unit_renames_its_groups_and_workflow_and_keeps_the_members(site_tree):
    unit = site_tree.unit
    roles = UnitRoles.objects.get(unit=unit)
    person = f.ResourcePersonFactory(unit=unit)

    draft = unit.get_latest_revision_as_object()
    draft.title = "Helsestasjon for barn og unge"
    draft.save_revision()
    roles.refresh_from_db()
    assert roles.resource_person_group.name == "Ressursperson – Helsestasjonen", "not on a draft"

    publish_title(unit, "Helsestasjon for barn og unge")
    renamed = UnitRoles.objects.get(unit=unit)
    assert renamed.resource_person_group.pk == roles.resource_person_group.pk
    assert renamed.resource_person_group.name == "Ressursperson – Helsestasjon for barn og unge"
    assert renamed.leader_group.name == "Enhetsleder – Helsestasjon for barn og unge"
    assert renamed.workflow.name == "Godkjenning – Helsestasjon for barn og unge"
    assert renamed.approval_task.name == "Enhetsleder godkjenner – Helsestasjon for barn og unge"
    assert list(renamed.resource_person_group.user_set.all()) == [person]
    assert page_codenames(renamed.resource_person_group, unit) == {
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
    }


@pytest.mark.parametrize("deleted", ["unit", "unit_index"])
def test_deleting_a_unit_deletes_its_groups_workflow_and_task(site_tree, deleted):
    roles = UnitRoles.objects.get(unit=site_tree.unit)
    person = f.ResourcePersonFactory(unit=site_tree.unit)
    ids = (roles.resource_person_group_id, roles.leader_group_id)

    getattr(site_tree, deleted).delete()

    assert not UnitRoles.objects.exists()
    assert not Group.objects.filter(pk__in=ids).exists()
    assert not Workflow.objects.filter(pk=roles.workflow_id).exists()
    assert not Task.objects.filter(pk=roles.approval_task_id).exists()
    person.refresh_from_db()
    assert not person.groups.exists()
    assert Group.objects.filter(name=COORDINATOR_GROUP).exists()


def test_sync_roles_is_idempotent_and_puts_unit_groups_back_in_their_unit(site_tree):
    roles = UnitRoles.objects.get(unit=site_tree.unit)
    # Someone gave the unit's resource persons a right on the plan in the admin.
    GroupPagePermission.objects.create(
        group=roles.resource_person_group,
        page=site_tree.plan,
        permission=GroupPagePermission.objects.first().permission,
    )
    WorkflowPage.objects.filter(page=site_tree.unit).delete()

    sync_roles()
    counts = (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        Workflow.objects.count(),
        GroupApprovalTask.objects.count(),
    )
    sync_roles()

    assert (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        Workflow.objects.count(),
        GroupApprovalTask.objects.count(),
    ) == counts
    assert set(roles.resource_person_group.page_permissions.values_list("page_id", flat=True)) == {
        site_tree.unit.pk
    }
    assert site_tree.unit.get_workflow() == roles.workflow


def test_sync_roles_command_reports_in_one_line(site_tree, capsys):
    call_command("sync_roles")
    assert capsys.readouterr().out.strip() == (
        "sync_roles: 4 roles, 1 units with their groups and approval workflows"
    )


def test_units_with_the_same_title_get_distinct_group_names(site_tree):
    twin = f.UnitPageFactory(parent=site_tree.unit_index, title="Helsestasjonen", slug="hs2")
    names = {
        UnitRoles.objects.get(unit=site_tree.unit).resource_person_group.name,
        UnitRoles.objects.get(unit=twin).resource_person_group.name,
    }
    assert names == {
        "Ressursperson – Helsestasjonen",
        f"Ressursperson – Helsestasjonen ({twin.pk})",
    }


def test_an_alias_of_a_unit_gets_no_groups_of_its_own(site_tree):
    site_tree.unit.create_alias(update_slug="helsestasjonen-alias")
    assert UnitRoles.objects.count() == 1


def test_a_user_in_a_units_group_is_linked_to_that_unit(site_tree, two_units):
    person = f.ResourcePersonFactory(unit=two_units.barnevern)
    assert person.staff_profile.unit == two_units.barnevern

    # Someone already linked to a unit stays linked to it when they join another unit's group.
    leader = f.UnitLeaderFactory(unit=two_units.nav)
    leader.groups.add(UnitRoles.objects.get(unit=two_units.barnevern).leader_group)
    assert StaffProfile.objects.get(user=leader).unit == two_units.nav

    # Adding from the group's side links as well.
    colleague = f.UserFactory()
    UnitRoles.objects.get(unit=two_units.nav).resource_person_group.user_set.add(colleague)
    assert StaffProfile.objects.get(user=colleague).unit == two_units.nav


def test_the_unit_page_shows_its_linked_resource_persons_instead_of_the_plans_list(
    site_tree, staff_client
):
    unit = site_tree.unit
    before = page_text(staff_client.get(unit.url))
    assert "Ola Ressursperson" in before
    assert "Ressursperson oppdateres" in before

    person = f.ResourcePersonFactory(
        unit=unit, first_name="Heidi", last_name="Alexander", email="heidi.alexander@bsn.no"
    )
    StaffProfile.objects.filter(user=person).update(phone="23 42 50 10")
    f.UserFactory(
        first_name="Inaktiv",
        last_name="Bruker",
        is_active=False,
        groups=[UnitRoles.objects.get(unit=unit).resource_person_group.name],
    )
    for url in (unit.url, site_tree.unit_index.url):
        response = staff_client.get(url)
        text = page_text(response)
        assert "Heidi Alexander" in text
        assert 'href="mailto:heidi.alexander@bsn.no"' in response.content.decode()
        assert 'href="tel:+4723425010"' in response.content.decode()
        assert "Ola Ressursperson" not in text
        assert "Ressursperson oppdateres" not in text
        assert "Inaktiv Bruker" not in text


def test_administrators_set_a_users_unit_and_work_phone_in_the_user_form(
    site_tree, two_units, client
):
    client.force_login(f.AdministratorFactory())
    response = client.get("/admin/users/new/")
    assert response.status_code == 200
    assert 'name="unit"' in response.content.decode()

    response = client.post(
        "/admin/users/new/",
        {
            "username": "linda.oswald",
            "email": "linda.oswald@bsn.no",
            "first_name": "Linda",
            "last_name": "Oswald",
            "password1": "riktig-hest-batteri-stift",
            "password2": "riktig-hest-batteri-stift",
            "unit": two_units.nav.pk,
            "phone": "23 42 60 00",
            "groups": [UnitRoles.objects.get(unit=two_units.barnevern).resource_person_group.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    profile = StaffProfile.objects.get(user__username="linda.oswald")
    assert (profile.unit, profile.phone) == (two_units.nav, "23 42 60 00")

    edit_url = f"/admin/users/edit/{profile.user.pk}/"
    assert f'value="{two_units.nav.pk}" selected' in client.get(edit_url).content.decode()


def test_the_unit_page_permission_tester_is_used_for_generic_pages(site_tree):
    page = Page.objects.get(pk=site_tree.unit.pk)
    tester = page.permissions_for_user(f.UserFactory())
    assert type(tester).__name__ == "UnitPagePermissionTester"
    assert isinstance(tester, PagePermissionTester)
