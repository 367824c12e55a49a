from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every page shares: base mixins and blocks, navigation, the page cache, security
    headers, the health check."""

    name = "core"
    verbose_name = "Felles"

    def ready(self):
        from . import checks, page_cache

        checks.register()
        page_cache.connect_signals()
