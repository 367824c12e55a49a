"""The logged-in user, read from the cache rather than the database on every request; the local
password sign-in, which single sign-on leaves to one break-glass administrator."""

import logging

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

logger = logging.getLogger("intranet.security")

# A safety net for changes that bypass save() (QuerySet.update); saves drop the copy at once.
USER_CACHE_SECONDS = 5 * 60


def user_cache_key(user_id) -> str:
    return f"intranet:user:{user_id}"


class CachedModelBackend(ModelBackend):
    """Django's ModelBackend, whose ``get_user`` (run on every request of a logged-in user)
    reads the user from the cache.

    The copy is dropped whenever the user is saved or deleted: a new password (which also ends
    the user's other sessions), deactivation, a new name. Permissions and groups are never
    cached with it; they are read from the database when asked for, as before. With a page from
    the page cache, a request then needs no database query at all.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        """A user name and password; with single sign-on on, only the break-glass
        administrator's (``SSO_BREAK_GLASS_USERNAME``), and every such sign-in is logged."""
        break_glass = settings.SSO_BREAK_GLASS_USERNAME
        is_break_glass = bool(
            username and break_glass and username.strip().lower() == break_glass.lower()
        )
        if settings.OIDC_OP_ISSUER and not is_break_glass:
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and settings.OIDC_OP_ISSUER:
            logger.warning("break-glass sign-in with the local account (user id %s)", user.pk)
        return user

    def get_user(self, user_id):
        key = user_cache_key(user_id)
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                cache.set(key, user, USER_CACHE_SECONDS)
        return user if user is not None and self.user_can_authenticate(user) else None


def forget_user(sender, instance, **kwargs) -> None:
    """post_save and post_delete of the user model: drop the cached copy."""
    cache.delete(user_cache_key(instance.pk))
