"""Wagtail's user admin, with the employee's unit and work phone (StaffProfile) on the form."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from guidance.models import UnitPage
from onboarding.forms import OnboardingPeriodFormMixin

from .models import StaffProfile


class StaffProfileFormMixin(forms.Form):
    """Adds the unit and work phone to a user form and saves them with the user."""

    unit = forms.ModelChoiceField(
        queryset=UnitPage.objects.none(),
        required=False,
        label=_("Enhet"),
        help_text=_(
            "Enheten den ansatte jobber i. Ressurspersoner og enhetsledere velges under "
            "«Roller» (gruppene «Ressursperson – …» og «Enhetsleder – …»)."
        ),
    )
    phone = forms.CharField(required=False, max_length=40, label=_("Telefon på jobb"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = UnitPage.objects.filter(
            locale=Locale.get_default(), alias_of__isnull=True
        ).order_by("title")
        profile = StaffProfile.objects.filter(user_id=self.instance.pk).first()
        if profile is not None:
            self.initial.setdefault("unit", profile.unit_id)
            self.initial.setdefault("phone", profile.phone)

    def save(self, commit=True):
        user = super().save(commit=False)
        if commit:
            user.save()
            StaffProfile.objects.update_or_create(
                user=user,
                defaults={"unit": self.cleaned_data["unit"], "phone": self.cleaned_data["phone"]},
            )
            # After the profile: joining a unit's group fills in an empty unit (home.roles).
            self.save_m2m()
        return user


class StaffUserCreationForm(OnboardingPeriodFormMixin, StaffProfileFormMixin, UserCreationForm):
    pass


class StaffUserEditForm(OnboardingPeriodFormMixin, StaffProfileFormMixin, UserEditForm):
    pass


class UserViewSet(WagtailUserViewSet):
    create_template_name = "home/users/create.html"
    edit_template_name = "home/users/edit.html"

    def get_form_class(self, for_update=False):
        return StaffUserEditForm if for_update else StaffUserCreationForm
