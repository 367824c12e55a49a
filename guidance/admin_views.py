"""«Bekreft rutinen» in the admin (guidance.confirmation)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .confirmation import can_confirm, confirm_routine
from .models import RoutinePage


class ConfirmRoutineView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "guidance/admin/confirm_routine.html"
    page_title = gettext_lazy("Bekreft rutinen")
    header_icon = "check"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(RoutinePage, pk=page_id)
        if not can_confirm(request.user, self.page):
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_context_data(self, **kwargs):
        return super().get_context_data(page=self.page, **kwargs)

    def post(self, request, page_id):
        confirm_routine(self.page, request.user)
        messages.success(
            request,
            _("«%(title)s» er bekreftet av enheten.")
            % {"title": self.page.get_admin_display_title()},
        )
        return redirect("wagtailadmin_pages:edit", self.page.pk)
