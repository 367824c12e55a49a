"""Admin: the review panel on the dashboard, «Marker som gjennomgått», the coordinator's
overview, and the history entry a review leaves."""

import datetime

from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogFormatter

from accounts.people import is_coordinator
from core.mixins import REVIEW_NOTICE_DAYS, ReviewedPageMixin

from .admin_views import (
    CoordinatorOverviewCsvView,
    CoordinatorOverviewView,
    LinkReportView,
    MarkReviewedView,
)
from .cycle import REVIEWED_ACTION, can_mark_reviewed, reviews_for_user


@hooks.register("register_admin_urls")
def review_urls():
    return [
        path("gjennomgang/<int:page_id>/", MarkReviewedView.as_view(), name="vnr_mark_reviewed"),
        path("koordinator/", CoordinatorOverviewView.as_view(), name="vnr_coordinator_overview"),
        path(
            "koordinator/enheter-og-rutiner.csv",
            CoordinatorOverviewCsvView.as_view(),
            name="vnr_coordinator_overview_csv",
        ),
        path("lenkesjekk/", LinkReportView.as_view(), name="vnr_link_report"),
    ]


class ReviewPanel(Component):
    """«Sider du skal gjennomgå»: the user's pages that are overdue, never reviewed or due
    within REVIEW_NOTICE_DAYS; every page's for a coordinator."""

    name = "vnr_review"
    template_name = "review/admin/review_panel.html"
    order = 150

    def __init__(self, reviews, coordinator: bool):
        self.reviews = reviews
        self.coordinator = coordinator

    def get_context_data(self, parent_context):
        return {
            "reviews": self.reviews,
            "coordinator": self.coordinator,
            "notice_days": REVIEW_NOTICE_DAYS,
            "next": reverse("wagtailadmin_home"),
        }


@hooks.register("construct_homepage_panels")
def add_review_panel(request, panels):
    reviews = reviews_for_user(request.user)
    if reviews is not None:
        panels.append(ReviewPanel(reviews, is_coordinator(request.user)))


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


@hooks.register("register_admin_menu_item")
def coordinator_menu_item():
    return CoordinatorMenuItem(
        gettext_lazy("Oppfølging av enheter"),
        reverse("vnr_coordinator_overview"),
        name="vnr-coordinator-overview",
        icon_name="group",
        order=250,
    )


@hooks.register("register_admin_menu_item")
def link_report_menu_item():
    return CoordinatorMenuItem(
        gettext_lazy("Lenkesjekk"),
        reverse("vnr_link_report"),
        name="vnr-link-report",
        icon_name="link",
        order=255,
    )


@hooks.register("register_page_header_buttons")
def mark_reviewed_button(page, user, view_name, next_url=None):
    if not issubclass(page.specific_class or type(page), ReviewedPageMixin):
        return
    page = page.specific_deferred
    if can_mark_reviewed(user, page):
        url = reverse("vnr_mark_reviewed", args=[page.pk])
        if next_url:
            url += "?" + urlencode({"next": next_url})
        yield Button(_("Marker som gjennomgått"), url=url, icon_name="check", priority=66)


@hooks.register("register_log_actions")
def register_review_action(actions):
    @actions.register_action(REVIEWED_ACTION)
    class ReviewedFormatter(LogFormatter):
        label = gettext_lazy("Marker som gjennomgått")

        def format_message(self, log_entry):
            try:
                next_review = datetime.date.fromisoformat(log_entry.data["next_review"])
            except (KeyError, TypeError, ValueError):
                return _("Markert som gjennomgått.")
            return _("Markert som gjennomgått. Neste gjennomgang: %(date)s.") % {
                "date": date_format(next_review)
            }
