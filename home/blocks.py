"""StreamField blocks of the population guide (measure 2.2)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from core.blocks import BodyBlock


class HelpServiceBlock(blocks.StructBlock):
    """A help service from the directory, introduced in the guide's own plain words; its
    phone numbers and whether it is free, anonymous or open around the clock come from the
    directory, so they are never out of step."""

    service = blocks.PageChooserBlock(
        page_type="directory.HelpServicePage", label=_("hjelpetilbud")
    )
    text = blocks.TextBlock(
        label=_("kort om tilbudet"),
        required=False,
        help_text=_("Med enkle ord: hva tilbudet er, og hvem det er for."),
    )

    class Meta:
        icon = "help"
        template = "blocks/guide_help_service.html"
        label = _("Hjelpetilbud")


class DirectoryLinkBlock(blocks.StructBlock):
    """A prominent link to the directory of help services, found through the main
    navigation, so it is always the directory in the reader's language and costs no query."""

    text = blocks.CharBlock(label=_("lenketekst"))

    class Meta:
        icon = "link"
        template = "blocks/directory_link.html"
        label = _("Lenke til hjelpetilbudene")


class EmergencyNumbersBlock(blocks.StructBlock):
    """The emergency numbers (core.emergency), with their names in the reader's language."""

    heading = blocks.CharBlock(label=_("overskrift"))

    class Meta:
        icon = "warning"
        template = "blocks/emergency_numbers.html"
        label = _("Nødnumre")


class GuideBodyBlock(BodyBlock):
    help_service = HelpServiceBlock()
    directory_link = DirectoryLinkBlock()
    emergency_numbers = EmergencyNumbersBlock()
