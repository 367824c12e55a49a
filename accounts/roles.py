"""Roles as groups, created and kept in step by code, so every environment has the same roles.

Global roles, with page permissions on the whole tree:

- «Ansatte»: read the intranet; no admin.
- «Redaktør»: edit anywhere and submit changes for approval; cannot publish.
- «Koordinator»: everything with pages, snippets (the directory's target groups, the plan's
  roles, the legal provisions), images and documents; approves changes; sees every unit.
- «Administrator»: as the coordinator, plus users, groups, sites, workflows and languages.
- «Oversetter»: translates pages (wagtail-localize's editor and PO files) and publishes the
  translations; page rights only on the other languages' trees, none on the Norwegian pages.

Each unit (a UnitPage in the default language) has two groups with permissions on the unit's
page and everything below it, kept exact by code so that they never reach outside the unit:

- «Ressursperson – <enhet>»: add, edit, publish and lock pages in the unit.
- «Enhetsleder – <enhet>»: the same, plus unlocking and approving the unit's changes.

Changes to pages in a unit can be sent to «Godkjenning – <enhet>» (the unit's leaders or the
coordinator approve); everywhere else to «Godkjenning av koordinator». Groups and workflows are
keyed to the unit (UnitRoles), so renaming the unit renames them and keeps their members;
deleting the unit deletes them. See docs/roles.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import StaffProfile, UnitRoles
from .sso.roles import default_value, ensure_default

STAFF_GROUP = "Ansatte"
EDITOR_GROUP = "Redaktør"
COORDINATOR_GROUP = "Koordinator"
ADMINISTRATOR_GROUP = "Administrator"

COORDINATOR_WORKFLOW = "Godkjenning av koordinator"
COORDINATOR_TASK = "Koordinator godkjenner"
UNIT_WORKFLOW = "Godkjenning – {unit}"
UNIT_TASK = "Enhetsleder godkjenner – {unit}"

# Created by Wagtail's own migrations; replaced by the roles here.
WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"
RETIRED_WORKFLOW = "Wagtails standardgodkjenning (ikke i bruk)"

ACCESS_ADMIN = "wagtailadmin.access_admin"
# wagtail-localize: start translations, sync them after a change, upload PO files.
TRANSLATE = "wagtail_localize.submit_translation"
# Following up every unit: the coordinator's overview, every page due for review.
COORDINATE_PERMISSION = "accounts.coordinate_units"
EDIT_PAGES = ("add_page", "change_page", "lock_page")
PUBLISH_PAGES = (*EDIT_PAGES, "publish_page")
ALL_PAGES = (*PUBLISH_PAGES, "unlock_page", "bulk_delete_page")
USE_MEDIA = (
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
)
ALL_MEDIA = (
    *USE_MEDIA,
    "wagtailimages.change_image",
    "wagtailimages.delete_image",
    "wagtaildocs.change_document",
    "wagtaildocs.delete_document",
)


def all_of(*models: str) -> tuple[str, ...]:
    """Every default permission of the models named "app_label.model"."""
    return tuple(
        f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
        for label in models
        for action in ("add", "change", "delete", "view")
    )


SNIPPETS = all_of("guidance.responsiblerole", "guidance.legalprovision", "directory.targetgroup")
# The search's synonym list and promoted results; the anonymous search statistics (docs/search.md).
SNIPPETS += (
    *all_of("intranet_search.synonymgroup", "wagtailsearchpromotions.searchpromotion"),
    "intranet_search.view_queryday",
)
# The emergency numbers on every page (core.models.EmergencyNumbers).
SITE_SETTINGS = ("core.change_emergencynumbers",)
ADMINISTRATION = all_of(
    "auth.user",
    "auth.group",
    "accounts.staffprofile",
    "wagtailcore.site",
    "wagtailcore.workflow",
    "wagtailcore.task",
    "wagtailcore.locale",
    "wagtailcore.collection",
    "wagtailredirects.redirect",
    "accounts.approle",
)


@dataclass(frozen=True)
class Role:
    """A group's permissions: on pages (where the role applies and below), on the root
    collection, and on models ("app_label.codename")."""

    name: str
    page_permissions: tuple[str, ...] = ()
    collection_permissions: tuple[str, ...] = ()
    model_permissions: tuple[str, ...] = ()


GLOBAL_ROLES = (
    Role(STAFF_GROUP),
    Role(EDITOR_GROUP, EDIT_PAGES, USE_MEDIA, (ACCESS_ADMIN,)),
    Role(
        COORDINATOR_GROUP,
        ALL_PAGES,
        ALL_MEDIA,
        (ACCESS_ADMIN, COORDINATE_PERMISSION, TRANSLATE, *SNIPPETS, *SITE_SETTINGS),
    ),
    Role(
        ADMINISTRATOR_GROUP,
        ALL_PAGES,
        ALL_MEDIA,
        (
            ACCESS_ADMIN,
            COORDINATE_PERMISSION,
            TRANSLATE,
            *SNIPPETS,
            *SITE_SETTINGS,
            *ADMINISTRATION,
        ),
    ),
)
RESOURCE_PERSON = Role("Ressursperson", PUBLISH_PAGES, USE_MEDIA, (ACCESS_ADMIN,))
TRANSLATOR_GROUP = "Oversetter"
TRANSLATOR = Role(
    TRANSLATOR_GROUP,
    ("change_page", "lock_page", "publish_page"),
    (),
    (ACCESS_ADMIN, TRANSLATE),
)
LEADER = Role("Enhetsleder", (*PUBLISH_PAGES, "unlock_page"), USE_MEDIA, (ACCESS_ADMIN,))


@dataclass
class SyncReport:
    roles: int
    units: int

    def summary(self) -> str:
        return f"{self.roles} roles, {self.units} units with their groups and approval workflows"


# Synchronising everything (post_migrate and `manage.py sync_roles`)


def sync_roles() -> SyncReport:
    """Create or complete every role, the approval workflows and each unit's groups.

    Global roles only gain permissions (an administrator may add more in the admin); the
    units' groups get exactly theirs.
    """
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    with transaction.atomic():
        root_page = Page.get_first_root_node()
        root_collection = Collection.get_first_root_node()
        for role in GLOBAL_ROLES:
            group, _ = Group.objects.get_or_create(name=role.name)
            apply_role(group, role, root_page, root_collection, exact=False)
            ensure_default(group, default_value(role.name))
        _retire_wagtail_defaults()
        if root_page is not None:
            _assign_workflow(
                root_page, COORDINATOR_WORKFLOW, COORDINATOR_TASK, [coordinator_group()]
            )
        units = [unit for unit in _unit_model().objects.all() if is_source_unit(unit)]
        for unit in units:
            sync_unit(unit, permissions=True)
        ensure_default(sync_translator_group(), default_value(TRANSLATOR_GROUP))
    return SyncReport(roles=len(GLOBAL_ROLES), units=len(units))


def apply_role(group, role: Role, page, collection, *, exact: bool) -> None:
    """Give ``group`` the role's permissions on ``page`` (and below) and ``collection``;
    ``exact`` also removes every other permission the group has."""
    model_permissions = find_permissions(role.model_permissions)
    if exact:
        group.permissions.set(model_permissions)
    else:
        group.permissions.add(*model_permissions)
    if page is not None:
        _grant(
            GroupPagePermission,
            group,
            "page",
            page,
            find_permissions(role.page_permissions, "wagtailcore"),
            exact,
        )
    if collection is not None:
        _grant(
            GroupCollectionPermission,
            group,
            "collection",
            collection,
            find_permissions(role.collection_permissions),
            exact,
        )


def _grant(model, group, target_name: str, target, wanted: list, exact: bool) -> None:
    existing = model.objects.filter(group=group)
    if exact:
        existing.exclude(**{target_name: target}, permission__in=wanted).delete()
    have = set(existing.filter(**{target_name: target}).values_list("permission_id", flat=True))
    model.objects.bulk_create(
        [
            model(group=group, permission=p, **{target_name: target})
            for p in wanted
            if p.pk not in have
        ]
    )


def find_permissions(names, app_label: str | None = None) -> list[Permission]:
    """The Permission objects for "app_label.codename" names (or bare codenames of
    ``app_label``); a name that does not exist is a programming error."""
    keys = {tuple(name.split(".", 1)) if app_label is None else (app_label, name) for name in names}
    if not keys:
        return []
    query = Q()
    for label, codename in keys:
        query |= Q(content_type__app_label=label, codename=codename)
    found = list(Permission.objects.filter(query).select_related("content_type"))
    missing = keys - {(p.content_type.app_label, p.codename) for p in found}
    if missing:
        raise ImproperlyConfigured(f"Unknown permissions: {sorted(missing)}")
    return found


def sync_translator_group() -> Group:
    """«Oversetter» with its page rights on the root of every language but the default one
    (languages.locales.ensure_locale_roots creates those roots)."""
    group, _ = Group.objects.get_or_create(name=TRANSLATOR_GROUP)
    roots = Page.objects.filter(depth=2).exclude(locale=Locale.get_default())
    for root in list(roots) or [None]:
        apply_role(group, TRANSLATOR, root, None, exact=False)
    return group


def coordinator_group() -> Group:
    return Group.objects.get_or_create(name=COORDINATOR_GROUP)[0]


def _retire_wagtail_defaults() -> None:
    """Remove Wagtail's default Editors and Moderators groups and retire its default workflow,
    which would give page rights outside the roles here; its English name goes too (editors
    still meet it in the lists of workflows and tasks)."""
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).delete()
    for workflow in Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW):
        tasks = list(workflow.tasks)
        workflow.deactivate()
        workflow.name = RETIRED_WORKFLOW
        workflow.save(update_fields=["name"])
        for task in tasks:
            task.specific.deactivate()
            task.name = RETIRED_WORKFLOW
            task.save(update_fields=["name"])


def _assign_workflow(page, workflow_name: str, task_name: str, approvers, roles=None) -> None:
    """One workflow with one group-approval step, assigned to ``page`` and its subtree.

    For a unit, the workflow and task are found through ``roles`` (so a rename finds them);
    the coordinator's by name.
    """
    if roles is not None:
        task, workflow = roles.approval_task, roles.workflow
    else:
        task = GroupApprovalTask.objects.filter(name=task_name).first()
        workflow = Workflow.objects.filter(name=workflow_name).first()
    task = task or GroupApprovalTask.objects.create(name=task_name)
    workflow = workflow or Workflow.objects.create(name=workflow_name)
    for item in (task, workflow):
        if not item.active:
            item.active = True
            item.save(update_fields=["active"])
    task.groups.set(approvers)
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    if roles is not None and (roles.workflow_id, roles.approval_task_id) != (workflow.pk, task.pk):
        roles.workflow, roles.approval_task = workflow, task
        roles.save(update_fields=["workflow", "approval_task"])


# Units


def _unit_model():
    return apps.get_model("guidance", "UnitPage")


def is_source_unit(unit) -> bool:
    """Units in the default language carry the groups; translations and aliases follow them."""
    return unit.alias_of_id is None and unit.locale_id == Locale.get_default().pk


def group_name(role: Role, unit) -> str:
    return f"{role.name} – {unit.title}"


def _free_group_name(name: str, unit, group=None) -> str:
    """``name`` cut to the column's length, made unique with the unit's id if another group
    already has it (two units with the same title)."""
    name = name[:150]
    taken = Group.objects.filter(name=name)
    if group is not None:
        taken = taken.exclude(pk=group.pk)
    return f"{name[:140]} ({unit.pk})" if taken.exists() else name


def sync_unit(unit, *, permissions: bool = True) -> UnitRoles:
    """Create the unit's groups and workflow, or bring their names in line with its title;
    with ``permissions`` (always for a new unit) also set their permissions exactly."""
    roles = (
        UnitRoles.objects.filter(unit=unit)
        .select_related("resource_person_group", "leader_group", "workflow", "approval_task")
        .first()
    )
    if roles is None:
        roles = UnitRoles.objects.create(
            unit=unit,
            resource_person_group=Group.objects.create(
                name=_free_group_name(group_name(RESOURCE_PERSON, unit), unit)
            ),
            leader_group=Group.objects.create(
                name=_free_group_name(group_name(LEADER, unit), unit)
            ),
        )
        permissions = True
    else:
        _rename(roles, unit)
    if permissions:
        for role, group in (
            (RESOURCE_PERSON, roles.resource_person_group),
            (LEADER, roles.leader_group),
        ):
            ensure_default(group, default_value(role.name, unit.title))
        collection = Collection.get_first_root_node()
        apply_role(roles.resource_person_group, RESOURCE_PERSON, unit, collection, exact=True)
        apply_role(roles.leader_group, LEADER, unit, collection, exact=True)
        _assign_workflow(
            unit,
            UNIT_WORKFLOW.format(unit=unit.title),
            UNIT_TASK.format(unit=unit.title),
            [roles.leader_group, coordinator_group()],
            roles,
        )
    return roles


def _rename(roles: UnitRoles, unit) -> None:
    for role, group in (
        (RESOURCE_PERSON, roles.resource_person_group),
        (LEADER, roles.leader_group),
    ):
        wanted = group_name(role, unit)[:150]
        if group.name != wanted and not group.name.startswith(f"{wanted[:140]} ("):
            group.name = _free_group_name(wanted, unit, group)
            group.save(update_fields=["name"])
    for item, pattern in ((roles.workflow, UNIT_WORKFLOW), (roles.approval_task, UNIT_TASK)):
        if item is not None and item.name != pattern.format(unit=unit.title):
            item.name = pattern.format(unit=unit.title)
            item.save(update_fields=["name"])


def remove_unit_roles(unit) -> None:
    """Delete the unit's groups (and so their members' rights), workflow and approval task."""
    roles = UnitRoles.objects.filter(unit=unit).first()
    if roles is None:
        return
    Group.objects.filter(pk__in=[roles.resource_person_group_id, roles.leader_group_id]).delete()
    if roles.workflow_id:
        Workflow.objects.filter(pk=roles.workflow_id).delete()
    if roles.approval_task_id:
        Task.objects.filter(pk=roles.approval_task_id).delete()


# Signal receivers, connected in HomeConfig.ready()


def unit_saved(sender, instance, created, update_fields=None, raw=False, **kwargs) -> None:
    """A new unit gets its groups; a published new title renames them."""
    if raw or (not created and update_fields is not None and "title" not in update_fields):
        return
    if is_source_unit(instance):
        sync_unit(instance, permissions=created)


def unit_deleted(sender, instance, **kwargs) -> None:
    remove_unit_roles(instance)


def user_groups_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """A user added to a unit's group is linked to that unit, unless already linked to one."""
    if action != "post_add" or not pk_set:
        return
    group_ids = {instance.pk} if reverse else pk_set
    user_ids = pk_set if reverse else {instance.pk}
    unit_id = (
        UnitRoles.objects.filter(
            Q(resource_person_group_id__in=group_ids) | Q(leader_group_id__in=group_ids)
        )
        .values_list("unit_id", flat=True)
        .first()
    )
    if unit_id is None:
        return
    for user_id in user_ids:
        profile, _ = StaffProfile.objects.get_or_create(user_id=user_id)
        if profile.unit_id is None:
            profile.unit_id = unit_id
            profile.save(update_fields=["unit"])
