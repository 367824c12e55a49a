"""Admin: the report of translations whose source changed since they were synced."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .status import out_of_date_sources

SUBMIT_TRANSLATION = "wagtail_localize.submit_translation"


class OutOfDateTranslationsView(WagtailAdminTemplateMixin, TemplateView):
    """«Oversettelser som må synkroniseres»: for each changed source, its translations and a
    button to sync them (wagtail-localize's update view, which keeps finished translations)."""

    template_name = "languages/admin/out_of_date.html"
    page_title = gettext_lazy("Oversettelser som må synkroniseres")
    header_icon = "resubmit"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(SUBMIT_TRANSLATION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(sources=out_of_date_sources(), next=reverse("vnr_out_of_date_translations"))
        return context
