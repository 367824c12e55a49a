from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_groups(sender, **kwargs):
    from .roles import sync_groups

    sync_groups()


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Forside og felles"

    def ready(self):
        post_migrate.connect(_sync_groups, sender=self, dispatch_uid="home.sync_groups")
