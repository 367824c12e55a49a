"""The abstract page types every intranet page type builds on: the mixins stacked once.

Mixins come before ``Page`` so their panels, forms and fields win over Wagtail's defaults.
"""

from wagtail.models import Page

from .forms import BasePageForm
from .mixins import ProvenanceMixin, PublicPageMixin, ReviewedPageMixin, TranslatedPageMixin


class BasePage(ProvenanceMixin, TranslatedPageMixin, Page):
    """Every page type: translated with wagtail-localize the intranet's way, and saying where
    its text comes from."""

    base_form_class = BasePageForm
    settings_panels = Page.settings_panels + ProvenanceMixin.provenance_panels

    class Meta:
        abstract = True


class PublicPage(PublicPageMixin, BasePage):
    """A page type that may be exported to the district's website."""

    class Meta:
        abstract = True


class OwnedPage(ReviewedPageMixin, BasePage):
    """A page with an owning unit and a review cycle, never public (a unit's routine)."""

    class Meta:
        abstract = True


class GuidancePage(ReviewedPageMixin, PublicPageMixin, BasePage):
    """Guidance: owned by a unit, reviewed on a cycle, and may be exported."""

    class Meta:
        abstract = True
