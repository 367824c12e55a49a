from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete
from wagtail.users.apps import WagtailUsersAppConfig

UNIT_MODEL = "guidance.UnitPage"


def _sync_roles(sender, **kwargs):
    from .roles import sync_roles

    sync_roles()


def _user_saved(sender, update_fields=None, **kwargs):
    """Staff names and e-mail addresses show on unit pages; a login changes nothing shown."""
    if update_fields is None or set(update_fields) - {"last_login"}:
        from core.page_cache import content_changed

        content_changed()


class AccountsConfig(AppConfig):
    """Staff, their units and roles, sign-in and sessions."""

    default = True
    name = "accounts"
    verbose_name = "Ansatte og roller"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_out

        from core import page_cache

        from . import auth, roles
        from .models import StaffProfile
        from .sso.views import forget_provider_session

        user_groups = get_user_model().groups.through
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="accounts.sync_roles")
        # The unit model is named by string: accounts sits below the content apps.
        post_save.connect(roles.unit_saved, sender=UNIT_MODEL, dispatch_uid="accounts.unit_saved")
        pre_delete.connect(
            roles.unit_deleted, sender=UNIT_MODEL, dispatch_uid="accounts.unit_deleted"
        )
        m2m_changed.connect(
            roles.user_groups_changed, sender=user_groups, dispatch_uid="accounts.user_groups"
        )
        # Cached pages show who the units' resource persons are.
        for signal, sender in (
            (post_save, StaffProfile),
            (post_delete, StaffProfile),
            (m2m_changed, user_groups),
        ):
            signal.connect(
                page_cache.content_changed, sender=sender, dispatch_uid="accounts.people"
            )
        post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid="accounts.people")
        user_logged_out.connect(forget_provider_session, dispatch_uid="accounts.sso")
        # The logged-in user is read from the cache (accounts/auth.py); a change drops the copy.
        for signal in (post_save, post_delete):
            signal.connect(auth.forget_user, sender=get_user_model(), dispatch_uid="accounts.auth")


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin with the employee's unit and work phone on the user form."""

    user_viewset = "accounts.users.UserViewSet"
