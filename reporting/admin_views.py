"""«Åpne rapporteringsår» in the admin: the coordinator picks the year and the deadline, sees
what each unit's form will hold, and opens the year (the units' people get an e-mail)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.mail import get_connection
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .cycle import ReportingError, notice_email, notices, open_period
from .forms import OpenPeriodForm
from .models import ReportingPeriod
from .permissions import may_follow_up
from .views import units_for_opening


class OpenPeriodView(WagtailAdminTemplateMixin, FormView):
    template_name = "reporting/admin/open_period.html"
    form_class = OpenPeriodForm
    page_title = gettext_lazy("Åpne rapporteringsår")
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        if not may_follow_up(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(units=units_for_opening(), periods=ReportingPeriod.objects.all())
        return context

    def form_valid(self, form):
        try:
            period = open_period(
                form.cleaned_data["year"], form.cleaned_data["deadline"], self.request.user
            )
        except ReportingError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        reports = list(period.reports.select_related("unit", "period"))
        get_connection().send_messages([notice_email(n) for n in notices(reports, "opened")])
        messages.success(
            self.request,
            _("Rapporteringsåret %(year)s er åpnet: %(count)s skjemaer.")
            % {"year": period.year, "count": len(reports)},
        )
        return redirect("reporting_evaluation", period.year)
