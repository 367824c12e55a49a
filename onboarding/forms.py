"""The start date and reading-list deadline on Wagtail's user form (accounts.users)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from .models import OnboardingPeriod
from .reading import forget_progress


class OnboardingPeriodFormMixin(forms.Form):
    """Adds «Startdato» and «Frist for leselisten» to a user form and saves them with it."""

    started_on = forms.DateField(
        required=False,
        label=_("Startdato"),
        widget=AdminDateInput,
        help_text=_("Første arbeidsdag. Tomt betyr dagen brukeren ble opprettet."),
    )
    deadline = forms.DateField(
        required=False,
        label=_("Frist for leselisten"),
        widget=AdminDateInput,
        help_text=_("Tomt betyr 30 dager etter startdatoen."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        period = OnboardingPeriod.objects.filter(user_id=self.instance.pk).first()
        if period is not None:
            self.initial.setdefault("started_on", period.started_on)
            self.initial.setdefault("deadline", period.deadline)

    def clean(self):
        cleaned = super().clean()
        started_on, deadline = cleaned.get("started_on"), cleaned.get("deadline")
        if started_on and deadline and deadline < started_on:
            self.add_error("deadline", _("Fristen kan ikke være før startdatoen."))
        return cleaned

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            started_on = self.cleaned_data.get("started_on")
            deadline = self.cleaned_data.get("deadline")
            if started_on or deadline:
                started_on = started_on or timezone.localtime(user.date_joined).date()
                OnboardingPeriod.objects.update_or_create(
                    user=user,
                    defaults={
                        "started_on": started_on,
                        "deadline": deadline or OnboardingPeriod.default_deadline(started_on),
                    },
                )
            else:
                OnboardingPeriod.objects.filter(user=user).delete()
            forget_progress(user.pk)
        return user
