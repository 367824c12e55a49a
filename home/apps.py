from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete
from wagtail.users.apps import WagtailUsersAppConfig


def _sync_roles(sender, **kwargs):
    from .roles import sync_roles

    sync_roles()


def _user_saved(sender, update_fields=None, **kwargs):
    """Staff names and e-mail addresses show on unit pages; a login changes nothing shown."""
    if update_fields is None or set(update_fields) - {"last_login"}:
        from .page_cache import content_changed

        content_changed()


class HomeConfig(AppConfig):
    default = True
    name = "home"
    verbose_name = "Forside og felles"

    def ready(self):
        from django.contrib.auth import get_user_model

        from guidance.models import UnitPage

        from . import auth, checks, page_cache, review, roles
        from .models import StaffProfile

        checks.register()
        page_cache.connect_signals()
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="home.sync_roles")
        post_save.connect(roles.unit_saved, sender=UnitPage, dispatch_uid="home.unit_saved")
        pre_delete.connect(roles.unit_deleted, sender=UnitPage, dispatch_uid="home.unit_deleted")
        m2m_changed.connect(
            roles.user_groups_changed,
            sender=get_user_model().groups.through,
            dispatch_uid="home.user_groups_changed",
        )
        # Cached pages show who the units' resource persons are and when pages were reviewed.
        for signal, sender in (
            (post_save, StaffProfile),
            (post_delete, StaffProfile),
            (m2m_changed, get_user_model().groups.through),
            (review.page_reviewed, None),
        ):
            signal.connect(page_cache.content_changed, sender=sender, dispatch_uid="home.people")
        post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid="home.people")
        # The logged-in user is read from the cache (home/auth.py); a change drops the copy.
        for signal in (post_save, post_delete):
            signal.connect(auth.forget_user, sender=get_user_model(), dispatch_uid="home.auth")


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin with the employee's unit and work phone on the user form."""

    user_viewset = "home.users.UserViewSet"
