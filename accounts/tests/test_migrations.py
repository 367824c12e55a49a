"""A database migrated on the layout before accounts/ existed migrates forward with no data lost.

StaffProfile and UnitRoles moved from home to accounts keeping their tables: migrating back to
the old state and forward again must keep every row, and the coordinator's permission
«coordinate_units» (whose content type moves with the model) must stay granted.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import AppRole, StaffProfile, UnitRoles
from accounts.roles import COORDINATOR_GROUP
from tests import factories as f

BEFORE_ACCOUNTS = [("accounts", None)]
LAST_HOME_OWNED = ("home", "0004_page_publish_on_website")


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _rows() -> dict:
    return {
        "profiles": sorted(StaffProfile.objects.values_list("pk", "user_id", "unit_id", "phone")),
        "roles": sorted(
            UnitRoles.objects.values_list(
                "pk", "unit_id", "resource_person_group_id", "leader_group_id", "workflow_id"
            )
        ),
        "app_roles": sorted(AppRole.objects.values_list("value", "group__name")),
        "coordinators": sorted(
            Group.objects.filter(permissions__codename="coordinate_units").values_list(
                "name", "permissions__content_type__app_label"
            )
        ),
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_profiles_and_unit_roles_survive_the_move_to_accounts(home):
    unit = f.UnitPageFactory(parent=f.UnitIndexPageFactory(parent=home))
    f.ResourcePersonFactory(unit=unit)
    staff = f.StaffUserFactory()
    StaffProfile.objects.update_or_create(
        user=staff, defaults={"unit": unit, "phone": "23 45 67 89"}
    )
    before = _rows()
    app_roles = list(AppRole.objects.all())
    assert len(before["profiles"]) == 2 and len(before["roles"]) == 1
    assert (COORDINATOR_GROUP, "accounts") in before["coordinators"]

    executor = _migrate(BEFORE_ACCOUNTS)
    old = executor.loader.project_state(
        [LAST_HOME_OWNED, ("contenttypes", "0002_remove_content_type_name")]
    ).apps
    old_profiles = old.get_model("home", "StaffProfile").objects.values_list("pk", "phone")
    assert sorted(old_profiles) == sorted((pk, phone) for pk, _, _, phone in before["profiles"])
    assert old.get_model("home", "UnitRoles").objects.count() == 1
    content_types = old.get_model("contenttypes", "ContentType").objects
    assert content_types.filter(app_label="home", model="unitroles").exists()

    _migrate(executor.loader.graph.leaf_nodes())
    assert AppRole.objects.count() == 0, "a table accounts/ added later comes back empty"
    _restore(app_roles)
    assert _rows() == before


def _restore(app_roles) -> None:
    """Put the app roles back as they were, ids and the table's sequence included, so that the
    tests after this one find the database as it was (PostgreSQL's sequences start over when a
    table is made again; `migrate` itself would recreate the values through sync_roles)."""
    AppRole.objects.bulk_create(app_roles)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [AppRole]):
            cursor.execute(sql)
