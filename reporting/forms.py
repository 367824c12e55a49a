"""The unit's form: a status and a few lines per action, and the year's evidence."""

from __future__ import annotations

from django import forms
from django.forms import modelformset_factory
from django.utils.translation import gettext_lazy as _

from .models import ActionReport, ProfessionalDay, UnitReport

PRIVACY_SHORT = _("Ikke navn på personer, og ingenting om enkeltsaker.")
PRIVACY_NOTE = _(
    "Skriv om enheten og tiltaket. Ikke skriv navn på brukere, klienter eller ansatte, og "
    "ingenting om enkeltsaker."
)


class ActionReportForm(forms.ModelForm):
    class Meta:
        model = ActionReport
        fields = ["status", "done", "obstacles", "next_step"]
        widgets = {
            "done": forms.Textarea(attrs={"rows": 2}),
            "obstacles": forms.Textarea(attrs={"rows": 2}),
            "next_step": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"done": PRIVACY_SHORT, "obstacles": PRIVACY_SHORT, "next_step": PRIVACY_SHORT}


class BaseActionReportFormSet(forms.BaseModelFormSet):
    """The rows of one report; a row of another report or unit is refused («Velg et gyldig
    valg»): Django's formset would accept the id of any row."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields[self.model._meta.pk.name].queryset = self.get_queryset()

    def require_every_status(self) -> bool:
        """On submit: every action has a status; marks the rows that lack one."""
        complete = True
        for form in self.forms:
            if not form.cleaned_data.get("status"):
                form.add_error("status", _("Velg status før du leverer."))
                complete = False
        return complete


ActionReportFormSet = modelformset_factory(
    ActionReport, form=ActionReportForm, formset=BaseActionReportFormSet, extra=0
)


class UnitReportForm(forms.ModelForm):
    class Meta:
        model = UnitReport
        fields = ["staff_meeting_on", "staff_meeting_participants", "routines_revised", "comment"]
        widgets = {
            "staff_meeting_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "routines_revised": forms.Textarea(attrs={"rows": 2}),
            "comment": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"comment": PRIVACY_NOTE, "routines_revised": PRIVACY_NOTE}

    def clean(self):
        cleaned = super().clean()
        held_on = cleaned.get("staff_meeting_on")
        participants = cleaned.get("staff_meeting_participants")
        if held_on and held_on.year != self.instance.period.year:
            self.add_error(
                "staff_meeting_on",
                _("Personalmøtet må være holdt i %(year)s.") % {"year": self.instance.period.year},
            )
        if bool(held_on) != (participants is not None):
            self.add_error(
                "staff_meeting_participants" if held_on else "staff_meeting_on",
                _("Fyll inn både dato og antall deltakere for personalmøtet."),
            )
        return cleaned


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor åpnes skjemaet igjen?"), widget=forms.Textarea(attrs={"rows": 2})
    )


class OpenPeriodForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2017, max_value=2100)
    deadline = forms.DateField(
        label=_("Frist"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class ProfessionalDayForm(forms.ModelForm):
    class Meta:
        model = ProfessionalDay
        fields = ["held_on", "participants"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
