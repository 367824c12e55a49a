"""StreamField blocks for the plan, the legal duties and the unit routines."""

import copy

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from core.blocks import RICH_TEXT_FEATURES, BodyBlock, SourceBlock


class LegalProvisionChooserBlock(SnippetChooserBlock):
    """Chooses a LegalProvision and loads its successor in the same query."""

    def bulk_to_python(self, values):
        found = self.model_class.objects.select_related("superseded_by").in_bulk(values)
        return [copy.copy(found[pk]) if pk in found else None for pk in values]


class ProvisionBlock(blocks.StructBlock):
    """A reference to a legal provision; a superseded one is shown with its current successor."""

    provision = LegalProvisionChooserBlock("guidance.LegalProvision", label=_("lovbestemmelse"))

    class Meta:
        icon = "doc-full"
        template = "blocks/provision.html"
        label = _("Lovbestemmelse")


class GuidanceBodyBlock(BodyBlock):
    provision = ProvisionBlock()


class StepBlock(blocks.StructBlock):
    """One numbered step of what to do, and where it comes from."""

    title = blocks.CharBlock(label=_("steg"))
    text = blocks.RichTextBlock(label=_("forklaring"), features=RICH_TEXT_FEATURES, required=False)
    source = SourceBlock()

    class Meta:
        icon = "list-ol"
        label = _("Steg")


class StepsBlock(blocks.StreamBlock):
    step = StepBlock()


class ContactBlock(blocks.StructBlock):
    """Someone to call in a routine: a role, optionally a named service and numbers."""

    role = blocks.CharBlock(label=_("rolle eller tjeneste"))
    phone = blocks.CharBlock(label=_("telefon"), required=False)
    email = blocks.EmailBlock(label=_("e-post"), required=False)
    note = blocks.CharBlock(label=_("merknad"), required=False)

    class Meta:
        icon = "user"
        template = "blocks/contact.html"
        label = _("Kontakt")


class RoutineContactsBlock(blocks.StreamBlock):
    contact = ContactBlock()
    service = blocks.PageChooserBlock(
        page_type="directory.HelpServicePage",
        label=_("Hjelpetilbud"),
        template="blocks/service_link.html",
    )


# The decision aid («Hvem er du bekymret for?»): every sentence says where it comes from.


class AcuteSignBlock(blocks.StructBlock):
    """A sign that makes a worry acute: call now, do not wait for the routine."""

    text = blocks.CharBlock(label=_("tegn"))
    source = SourceBlock()

    class Meta:
        icon = "warning"
        label = _("Tegn på akutt fare")


class AcuteSignsBlock(blocks.StreamBlock):
    sign = AcuteSignBlock()


class PathStepBlock(blocks.StructBlock):
    """One step of a path, in order, with its source."""

    title = blocks.CharBlock(label=_("steg"))
    text = blocks.TextBlock(label=_("forklaring"), required=False)
    source = SourceBlock()

    class Meta:
        icon = "list-ol"
        label = _("Steg")


class PathStepsBlock(blocks.StreamBlock):
    step = PathStepBlock()
