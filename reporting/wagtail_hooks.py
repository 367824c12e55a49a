"""Admin: «Rapportering» in the menu for the coordinators, and opening a reporting year."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import OpenPeriodView
from .permissions import may_follow_up


@hooks.register("register_admin_urls")
def reporting_urls():
    return [path("rapportering/apne/", OpenPeriodView.as_view(), name="reporting_open")]


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return may_follow_up(request.user)


@hooks.register("register_admin_menu_item")
def reporting_menu_item():
    return CoordinatorMenuItem(
        _("Rapportering"), reverse("reporting_open"), icon_name="tasks", order=260
    )
