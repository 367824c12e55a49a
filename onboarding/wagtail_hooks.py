"""Admin: the follow-up of reading lists, «Vesentlig endring» and its history entry."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.action_menu import PublishMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogFormatter

from accounts.people import is_coordinator

from .admin_views import FollowUpCsvView, FollowUpView, MarkSignificantView, can_mark_significant
from .follow_up import leader_unit_ids
from .reading import SIGNIFICANT_CHANGE_ACTION, is_listed, mark_significant_change


@hooks.register("register_admin_urls")
def onboarding_urls():
    return [
        path("leselister/", FollowUpView.as_view(), name="vnr_reading_follow_up"),
        path(
            "leselister/leselister.csv", FollowUpCsvView.as_view(), name="vnr_reading_follow_up_csv"
        ),
        path(
            "vesentlig-endring/<int:page_id>/",
            MarkSignificantView.as_view(),
            name="vnr_mark_significant",
        ),
    ]


class FollowUpMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user) or bool(leader_unit_ids(request.user))


@hooks.register("register_admin_menu_item")
def follow_up_menu_item():
    return FollowUpMenuItem(
        gettext_lazy("Oppfølging av leselister"),
        reverse("vnr_reading_follow_up"),
        name="vnr-reading-follow-up",
        icon_name="list-ul",
        order=260,
    )


@hooks.register("register_page_header_buttons")
def mark_significant_button(page, user, view_name, next_url=None):
    if view_name == "edit" and is_listed(page) and can_mark_significant(user, page):
        yield Button(
            _("Vesentlig endring – be leserne lese på nytt"),
            url=reverse("vnr_mark_significant", args=[page.pk]),
            icon_name="warning",
            priority=67,
        )


class PublishSignificantMenuItem(PublishMenuItem):
    """«Publiser som vesentlig endring» beside «Publiser» on a listed page: posts
    ``action-publish`` (so Wagtail publishes) with this label as its value."""

    label = gettext_lazy("Publiser som vesentlig endring")
    template_name = "wagtailadmin/shared/action_menu/menu_item.html"
    icon_name = "warning"
    order = 31

    def is_shown(self, context):
        return (
            context["view"] == "edit" and super().is_shown(context) and is_listed(context["page"])
        )


@hooks.register("register_page_action_menu_item")
def publish_significant_menu_item():
    return PublishSignificantMenuItem()


@hooks.register("after_publish_page")
def record_significant_publish(request, page):
    """The page was published with «Publiser som vesentlig endring» (the plain «Publiser»
    posts ``action-publish=action-publish``)."""
    if request.POST.get("action-publish") not in (None, "", "action-publish"):
        mark_significant_change(page, request.user)


@hooks.register("register_log_actions")
def register_significant_change_action(actions):
    @actions.register_action(SIGNIFICANT_CHANGE_ACTION)
    class SignificantChangeFormatter(LogFormatter):
        label = gettext_lazy("Vesentlig endring")

        def format_message(self, log_entry):
            return _("Publisert versjon markert som vesentlig endring: leserne bes lese på nytt.")
