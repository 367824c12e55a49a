"""StreamField blocks for running text, shared by every content page type."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class QuoteBlock(blocks.StructBlock):
    """A quotation with its source, e.g. Isdal's definition of violence."""

    text = blocks.TextBlock(label=_("sitat"))
    source = blocks.CharBlock(label=_("kilde"), required=False)

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        label = _("Sitat")


class NoticeBlock(blocks.StructBlock):
    """A highlighted box for something staff must not miss."""

    heading = blocks.CharBlock(label=_("overskrift"), required=False)
    text = blocks.RichTextBlock(label=_("tekst"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "blocks/notice.html"
        label = _("Merknad")


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Mellomoverskrift"), icon="title", template="blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(label=_("Tekst"), features=RICH_TEXT_FEATURES)
    quote = QuoteBlock()
    notice = NoticeBlock()


# The population guide (measure 2.2)


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
    """The emergency numbers (home.emergency), with their names in the reader's language."""

    heading = blocks.CharBlock(label=_("overskrift"))

    class Meta:
        icon = "warning"
        template = "blocks/emergency_numbers.html"
        label = _("Nødnumre")


class GuideBodyBlock(BodyBlock):
    help_service = HelpServiceBlock()
    directory_link = DirectoryLinkBlock()
    emergency_numbers = EmergencyNumbersBlock()
