from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet

from core.snippets import IntranetSnippetViewSet

from .admin_views import ConfirmRoutineView
from .confirmation import CONFIRMED_ACTION, can_confirm
from .models import LegalProvision, ResponsibleRole, RoutinePage


class ResponsibleRoleViewSet(IntranetSnippetViewSet):
    model = ResponsibleRole
    icon = "group"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class LegalProvisionViewSet(IntranetSnippetViewSet):
    model = LegalProvision
    icon = "doc-full"
    list_display = ["citation", "section_title", "superseded_by", "verified", "last_verified"]
    list_filter = ["verified", "law_short_title"]


register_snippet(ResponsibleRoleViewSet)
register_snippet(LegalProvisionViewSet)


@hooks.register("register_admin_urls")
def routine_urls():
    return [
        path(
            "rutiner/<int:page_id>/bekreft/",
            ConfirmRoutineView.as_view(),
            name="vnr_confirm_routine",
        )
    ]


@hooks.register("register_page_header_buttons")
def confirm_routine_button(page, user, view_name, next_url=None):
    if not issubclass(page.specific_class or type(page), RoutinePage):
        return
    page = page.specific_deferred
    if can_confirm(user, page):
        url = reverse("vnr_confirm_routine", args=[page.pk])
        yield Button(_("Bekreft rutinen"), url=url, icon_name="check", priority=65)


@hooks.register("register_log_actions")
def register_confirmed_action(actions):
    @actions.register_action(CONFIRMED_ACTION)
    class ConfirmedFormatter(LogFormatter):
        label = gettext_lazy("Rutinen bekreftet av enheten")

        def format_message(self, log_entry):
            return _("Bekreftet av enheten: ikke lenger et forslag.")
