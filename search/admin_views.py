"""Admin reports for the coordinator: the most frequent searches and those without results,
from the anonymous daily counts (search.models.QueryDay)."""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from django_filters import DateFromToRangeFilter
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from .models import QueryDay
from .services.analytics import query_totals


class QueryDayFilterSet(WagtailFilterSet):
    date = DateFromToRangeFilter(label=_("Periode"), widget=DateRangePickerWidget)

    class Meta:
        model = QueryDay
        fields = []


class SearchStatisticsReport(ReportView):
    """Searches per (anonymised) query over the chosen period, most frequent first."""

    header_icon = "search"
    permission_policy = ModelPermissionPolicy(QueryDay)
    permission_required = "view"
    filterset_class = QueryDayFilterSet
    is_searchable = True
    search_backend_name = None
    default_ordering = "-searches"
    columns = [
        Column("query", label=_("Søk"), sort_key="query"),
        NumberColumn("searches", label=_("Antall søk"), sort_key="searches"),
        NumberColumn(
            "zero_result_searches", label=_("Søk uten treff"), sort_key="zero_result_searches"
        ),
        NumberColumn("days", label=_("Dager"), sort_key="days"),
        DateColumn("last_searched", label=_("Sist søkt"), sort_key="last_searched"),
    ]
    list_export = ["query", "searches", "zero_result_searches", "days", "last_searched"]
    export_headings = {
        "query": _("Søk"),
        "searches": _("Antall søk"),
        "zero_result_searches": _("Søk uten treff"),
        "days": _("Dager"),
        "last_searched": _("Sist søkt"),
    }

    def get_queryset(self):
        days = self.filter_queryset(QueryDay.objects.all())
        if self.is_searching:
            days = days.filter(query__icontains=self.search_query)
        return self.order_queryset(self.restrict(query_totals(days)))

    def restrict(self, totals):
        return totals

    def get_page_subtitle(self):
        total = QueryDay.objects.aggregate(total=Sum("count"))["total"] or 0
        return _("%(total)s søk lagret, uten opplysninger om hvem som søkte") % {"total": total}


class TopQueriesReport(SearchStatisticsReport):
    page_title = _("Søkeord")
    index_url_name = "search_statistics:top"
    index_results_url_name = "search_statistics:top_results"


class ZeroResultQueriesReport(SearchStatisticsReport):
    """The searches that found nothing: candidates for synonyms and new content."""

    page_title = _("Søk uten treff")
    default_ordering = "-zero_result_searches"
    index_url_name = "search_statistics:zero_results"
    index_results_url_name = "search_statistics:zero_results_results"

    def restrict(self, totals):
        return totals.filter(zero_result_searches__gt=0)
