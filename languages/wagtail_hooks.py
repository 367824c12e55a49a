"""Admin: the report and dashboard panel of translations that must be synced."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from .admin_views import SUBMIT_TRANSLATION, OutOfDateTranslationsView
from .status import out_of_date_sources


@hooks.register("register_admin_urls")
def translation_status_urls():
    return [
        path(
            "oversettelser/utdaterte/",
            OutOfDateTranslationsView.as_view(),
            name="vnr_out_of_date_translations",
        ),
    ]


class TranslatorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(SUBMIT_TRANSLATION)


@hooks.register("register_reports_menu_item")
def out_of_date_menu_item():
    return TranslatorMenuItem(
        gettext_lazy("Oversettelser som må synkroniseres"),
        reverse("vnr_out_of_date_translations"),
        name="vnr-out-of-date-translations",
        icon_name="resubmit",
        order=9010,
    )


class OutOfDatePanel(Component):
    """On the dashboard of whoever may translate: how many translated pages and snippets
    changed since they were synced, with a link to the report."""

    name = "vnr_out_of_date_translations"
    template_name = "languages/admin/out_of_date_panel.html"
    order = 160

    def __init__(self, count: int):
        self.count = count

    def get_context_data(self, parent_context):
        return {"count": self.count, "url": reverse("vnr_out_of_date_translations")}


@hooks.register("construct_homepage_panels")
def add_out_of_date_panel(request, panels):
    if request.user.has_perm(SUBMIT_TRANSLATION):
        count = len(out_of_date_sources())
        if count:
            panels.append(OutOfDatePanel(count))
