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
