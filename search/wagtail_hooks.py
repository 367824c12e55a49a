"""The search in Wagtail's admin: the synonym list (a snippet) and the search statistics."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from core.snippets import IntranetSnippetViewSet

from .admin_views import TopQueriesReport, ZeroResultQueriesReport
from .models import SynonymGroup


class SynonymGroupViewSet(IntranetSnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = _("Synonymer i søket")
    menu_order = 250
    add_to_admin_menu = False
    list_display = ["key", "__str__", "note"]
    search_fields = ["key", "terms", "note"]
    ordering = ["key"]


register_snippet(SynonymGroupViewSet)

statistics_urls = (
    [
        path("sokeord/", TopQueriesReport.as_view(), name="top"),
        path("sokeord/results/", TopQueriesReport.as_view(results_only=True), name="top_results"),
        path("uten-treff/", ZeroResultQueriesReport.as_view(), name="zero_results"),
        path(
            "uten-treff/results/",
            ZeroResultQueriesReport.as_view(results_only=True),
            name="zero_results_results",
        ),
    ],
    "search_statistics",
)


@hooks.register("register_admin_urls")
def register_statistics_urls():
    return [path("sokestatistikk/", include(statistics_urls))]


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("intranet_search.view_queryday")


@hooks.register("register_reports_menu_item")
def register_top_queries_menu_item():
    return StatisticsMenuItem(
        _("Søkeord"), reverse("search_statistics:top"), icon_name="search", order=1400
    )


@hooks.register("register_reports_menu_item")
def register_zero_result_menu_item():
    return StatisticsMenuItem(
        _("Søk uten treff"),
        reverse("search_statistics:zero_results"),
        icon_name="search",
        order=1410,
    )
