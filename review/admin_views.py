"""Admin views for the review cycle and the coordinator's overview."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Page

from accounts.people import is_coordinator
from core.mixins import add_months

from .cycle import can_mark_reviewed, mark_reviewed
from .models import LinkCheck
from .overview import unit_overview, write_csv


class MarkReviewedView(WagtailAdminTemplateMixin, TemplateView):
    """«Marker som gjennomgått»: a confirmation, then the date and a history entry."""

    template_name = "review/admin/mark_reviewed.html"
    page_title = gettext_lazy("Marker som gjennomgått")
    header_icon = "check"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not can_mark_reviewed(request.user, self.page):
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def next_url(self) -> str:
        url = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(url, {self.request.get_host()}):
            return url
        return reverse("wagtailadmin_pages:edit", args=[self.page.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page=self.page,
            next=self.next_url(),
            next_review_if_marked=add_months(timezone.localdate(), self.page.review_interval),
        )
        return context

    def post(self, request, page_id):
        mark_reviewed(self.page, request.user)
        messages.success(
            request,
            _("«%(title)s» er markert som gjennomgått. Neste gjennomgang: %(date)s.")
            % {
                "title": self.page.get_admin_display_title(),
                "date": date_format(self.page.next_review),
            },
        )
        return redirect(self.next_url())


class CoordinatorRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CoordinatorOverviewView(CoordinatorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Every unit, its resource persons and leaders, its routines and their review state."""

    template_name = "review/admin/coordinator_overview.html"
    page_title = gettext_lazy("Oppfølging av enheter")
    header_icon = "group"

    def get_header_buttons(self):
        return [
            HeaderButton(
                _("Last ned som CSV"),
                url=reverse("vnr_coordinator_overview_csv"),
                icon_name="download",
            )
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = rows = unit_overview()
        context["unconfirmed"] = [(row.unit, review) for row in rows for review in row.unconfirmed]
        context["next"] = self.request.get_full_path()
        return context


class CoordinatorOverviewCsvView(CoordinatorRequiredMixin, View):
    def get(self, request):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"enheter-og-rutiner-{timezone.localdate().isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        # A byte-order mark, so that spreadsheets read the file as UTF-8 (æ, ø, å).
        response.write("\ufeff")
        write_csv(unit_overview(), response)
        return response


class LinkReportView(CoordinatorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """«Lenkesjekk»: the broken and moved links of the last ``check_links`` run, and where
    they are used."""

    template_name = "review/admin/link_report.html"
    page_title = gettext_lazy("Lenkesjekk")
    header_icon = "link"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        checks = list(LinkCheck.objects.all())
        context.update(
            broken=[c for c in checks if c.outcome == LinkCheck.BROKEN],
            moved=[c for c in checks if c.outcome == LinkCheck.MOVED],
            ok=sum(c.outcome == LinkCheck.OK for c in checks),
            checked_at=max((c.checked_at for c in checks), default=None),
        )
        return context
