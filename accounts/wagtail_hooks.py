"""Admin: which app role in Entra ID gives which group (administrators only)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import AppRole


class AppRoleViewSet(ModelViewSet):
    """«Roller fra Entra ID» under Innstillinger: value → group, applied at every sign-in."""

    model = AppRole
    icon = "key"
    menu_label = _("Roller fra Entra ID")
    add_to_settings_menu = True
    form_fields = ["value", "group"]
    list_display = ["value", "group"]
    search_fields = ["value", "group__name"]
    ordering = ["value"]


@hooks.register("register_admin_viewset")
def register_app_roles():
    return AppRoleViewSet("approller")
