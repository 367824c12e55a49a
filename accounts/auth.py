"""The logged-in user, read from the cache rather than the database on every request."""

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

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
