"""StreamField blocks for running text, shared by every content page type."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


SOURCE_KINDS = [
    ("plan", _("Handlingsplanen (2017)")),
    ("lov", _("Loven")),
    ("tillegg", _("Tillegg fra redaksjonen")),
    ("enhet", _("Enhetens egen rutine")),
]
# The kinds that must name their source: the provision.
SOURCE_KINDS_WITH_REFERENCE = frozenset({"lov"})


class SourceBlock(blocks.StructBlock):
    """Where a piece of guidance comes from: the action plan, the law, an editorial addition or
    a unit's own routine. Pages mark what is not from the plan (``components/source.html``)."""

    kind = blocks.ChoiceBlock(choices=SOURCE_KINDS, default="tillegg", label=_("kilde"))
    reference = blocks.CharBlock(
        label=_("henvisning"),
        required=False,
        default="",
        help_text=_("F.eks. «straffeloven § 196 (Lovdata)» eller «Bufdir, bufdir.no»."),
    )

    class Meta:
        icon = "info-circle"
        label = _("Kilde")
        form_classname = "source-block"

    def clean(self, value):
        value = super().clean(value)
        if value.get("kind") in SOURCE_KINDS_WITH_REFERENCE and not value.get("reference"):
            raise blocks.StructBlockValidationError(
                {"reference": ValidationError(_("Skriv hvor teksten kommer fra."))}
            )
        return value


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
    source = SourceBlock()

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
