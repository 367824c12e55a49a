from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """The yearly reporting on the plan's actions (measure 1.2): forms, evaluation, status."""

    name = "reporting"
    verbose_name = _("Rapportering")
    default_auto_field = "django.db.models.BigAutoField"
