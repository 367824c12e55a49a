from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: backup, restore and the first administrator."""

    name = "ops"
    verbose_name = "Drift"
