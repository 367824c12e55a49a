"""StreamField blocks for a help service's phone numbers and e-mail addresses."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from core.links import PHONE_KINDS, phone_problem


class PhoneBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=PHONE_KINDS, default="telefon", label=_("type"))
    number = blocks.RegexBlock(
        regex=r"^\+?[0-9 ]{3,20}$",
        label=_("nummer"),
        error_messages={"invalid": _("Skriv bare sifre og mellomrom, f.eks. «22 48 03 80».")},
    )
    hours = blocks.CharBlock(label=_("åpningstid"), required=False)
    note = blocks.CharBlock(label=_("merknad"), required=False)

    class Meta:
        icon = "mobile-alt"
        label = _("Telefonnummer")

    def clean(self, value):
        """The number must be one its kind can have: an emergency number, eight digits (a
        mobile beginning with 4 or 9), a short code, or a number abroad."""
        value = super().clean(value)
        problem = phone_problem(value["kind"], value["number"])
        if problem:
            raise blocks.StructBlockValidationError({"number": ValidationError(problem)})
        return value


class EmailAddressBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("gjelder"), required=False)
    address = blocks.EmailBlock(label=_("e-postadresse"))

    class Meta:
        icon = "mail"
        label = _("E-postadresse")


class PhoneNumbersBlock(blocks.StreamBlock):
    phone = PhoneBlock()


class EmailAddressesBlock(blocks.StreamBlock):
    email = EmailAddressBlock()
