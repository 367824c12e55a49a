"""Deployment checks of our own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core import checks

LOCAL_MEMORY_CACHE = "django.core.cache.backends.locmem.LocMemCache"


def shared_cache_check(app_configs, **kwargs):
    """With a cache in local memory every worker process has its own: login attempts are
    counted per process and a publish empties only one process's page cache."""
    if settings.CACHES["default"]["BACKEND"] != LOCAL_MEMORY_CACHE:
        return []
    return [
        checks.Warning(
            "The cache is in local memory (REDIS_URL is not set).",
            hint=(
                "Set REDIS_URL when running more than one worker process: login throttling "
                "and the page cache's invalidation only work across processes with Redis."
            ),
            id="intranet.W001",
        )
    ]


def register() -> None:
    checks.register(shared_cache_check, checks.Tags.caches, deploy=True)
