"""Wagtail's user admin, with the employee's unit and work phone (StaffProfile) on the form."""

from functools import cache
from typing import TYPE_CHECKING

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .models import StaffProfile

# Form mixins that features above this app add to the user form (onboarding's start date and
# deadline), registered from their AppConfig.ready() so this app never imports them.
_user_form_mixins: list[type[forms.Form]] = []


# The mixins are stacked onto Wagtail's user forms (user_form_class); the type checker is told so.
if TYPE_CHECKING:
    from wagtail.users.forms import UserEditForm as _UserFormBase
else:
    _UserFormBase = forms.Form


def register_user_form_mixin(mixin: type[forms.Form]) -> None:
    """Add ``mixin``'s fields to Wagtail's user create and edit forms."""
    if mixin not in _user_form_mixins:
        _user_form_mixins.append(mixin)
        user_form_class.cache_clear()


class StaffProfileFormMixin(_UserFormBase):
    """Adds the unit and work phone to a user form and saves them with the user."""

    unit = forms.ModelChoiceField(
        queryset=Page.objects.none(),
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
        unit_model = apps.get_model("guidance", "UnitPage")
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = unit_model.objects.filter(
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
            # After the profile: joining a unit's group fills in an empty unit (accounts.roles).
            self.save_m2m()
        return user


@cache
def user_form_class(for_update: bool) -> type[forms.Form]:
    """Wagtail's user form with the staff profile and the registered mixins."""
    base = UserEditForm if for_update else UserCreationForm
    name = "StaffUserEditForm" if for_update else "StaffUserCreationForm"
    return type(name, (*_user_form_mixins, StaffProfileFormMixin, base), {})


class UserViewSet(WagtailUserViewSet):
    create_template_name = "accounts/users/create.html"
    edit_template_name = "accounts/users/edit.html"

    def get_form_class(self, for_update=False):
        return user_form_class(for_update)
