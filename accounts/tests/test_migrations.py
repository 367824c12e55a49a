"""A database migrated on the layout before accounts/ existed migrates forward with no data lost.

StaffProfile and UnitRoles moved from home to accounts keeping their tables: migrating back to
the old state and forward again must keep every row, and the coordinator's permission
«coordinate_units» (whose content type moves with the model) must stay granted.
"""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import StaffProfile, UnitRoles
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
    assert _rows() == before
