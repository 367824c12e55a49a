"""The search form: the query and the filters by result type and unit (GET parameters)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .services.types import filter_choices


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Søk i veiledningen"), required=False)
    type = forms.MultipleChoiceField(
        label=_("Type innhold"),
        required=False,
        choices=filter_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Velg blant typene i listen.")},
    )
    enhet = forms.ChoiceField(
        label=_("Enhet"),
        required=False,
        error_messages={"invalid_choice": _("Velg en enhet fra listen.")},
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {unit.slug: unit for unit in units}
        self.fields["enhet"].choices = [("", _("Alle enheter"))] + [
            (unit.slug, unit.title) for unit in units
        ]

    @property
    def selected_unit(self):
        return self.units.get(self.cleaned_data.get("enhet") or "")

    @property
    def selected_types(self) -> tuple[str, ...]:
        return tuple(self.cleaned_data.get("type") or ())
