"""Page permission rules beyond Wagtail's groups."""

from wagtail.models import PagePermissionTester


class UnitPagePermissionTester(PagePermissionTester):
    """A unit's own groups edit and publish the unit page, but deleting, moving or unpublishing
    the unit, restricting who may see it, or setting its expiry date (``core.forms``) takes
    rights granted above it (the coordinator's): each would take the unit and its routines
    away from the staff, and a deletion their groups with it."""

    def _granted_above(self) -> PagePermissionTester:
        tester = PagePermissionTester(self.user, self.page)
        if self.user.is_active and not self.user.is_superuser:
            tester.permissions = {
                perm.permission.codename.rsplit("_", maxsplit=1)[0]
                for perm in self.permission_policy.get_cached_permissions_for_user(self.user)
                if self.page.path.startswith(perm.page.path) and perm.page_id != self.page.pk
            }
        return tester

    def can_delete(self, ignore_bulk=False):
        return self._granted_above().can_delete(ignore_bulk=ignore_bulk)

    def can_move(self):
        return self._granted_above().can_move()

    def can_unpublish(self):
        return self._granted_above().can_unpublish()

    def can_set_view_restrictions(self):
        return self._granted_above().can_set_view_restrictions()
