"""Admin: following up the new hires, and marking a published revision a significant change."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Page

from accounts.people import is_coordinator

from .follow_up import follow_up, people_followed_up_by, write_csv
from .reading import mark_significant_change


class FollowUpMixin:
    """Only coordinators and unit leaders; each sees only the people they follow up."""

    def dispatch(self, request, *args, **kwargs):
        self.people = people_followed_up_by(request.user)
        if self.people is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class FollowUpView(FollowUpMixin, WagtailAdminTemplateMixin, TemplateView):
    """Every person's progress on their reading list, overdue first within each unit."""

    template_name = "onboarding/admin/follow_up.html"
    page_title = gettext_lazy("Oppfølging av leselister")
    header_icon = "list-ul"

    def get_header_buttons(self):
        return [
            HeaderButton(
                _("Last ned som CSV"),
                url=reverse("vnr_reading_follow_up_csv"),
                icon_name="download",
            )
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = follow_up(self.people)
        context["coordinator"] = is_coordinator(self.request.user)
        return context


class FollowUpCsvView(FollowUpMixin, View):
    def get(self, request):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"leselister-{timezone.localdate().isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        # A byte-order mark, so that spreadsheets read the file as UTF-8 (æ, ø, å).
        response.write("\ufeff")
        write_csv(follow_up(self.people), response)
        return response


def can_mark_significant(user, page) -> bool:
    return page.live and (is_coordinator(user) or page.permissions_for_user(user).can_publish())


class MarkSignificantView(WagtailAdminTemplateMixin, TemplateView):
    """«Vesentlig endring»: readers who confirmed the page before are asked to read it again."""

    template_name = "onboarding/admin/mark_significant.html"
    page_title = gettext_lazy("Vesentlig endring")
    header_icon = "warning"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not can_mark_significant(request.user, self.page):
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = self.page
        context["edit_url"] = reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        return context

    def post(self, request, page_id):
        mark_significant_change(self.page, request.user)
        messages.success(
            request,
            _("«%(title)s» er markert som vesentlig endret. Leserne bes lese den på nytt.")
            % {"title": self.page.get_admin_display_title()},
        )
        return redirect("wagtailadmin_pages:edit", self.page.pk)
