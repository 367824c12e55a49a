"""The page-level choice «Publiseres på bydelens nettside» (docs/public-export.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from .forms import PublicPageForm


def website_flag(default: bool) -> models.BooleanField:
    """The flag with a page type's own default (the guide and the directory are public)."""
    return models.BooleanField(
        _("Publiseres på bydelens nettside"),
        default=default,
        help_text=_(
            "Den publiserte versjonen av siden eksporteres til bydelens offentlige nettside "
            "med «export_public». Oversettelsene følger den norske siden."
        ),
    )


class PublicPageMixin(models.Model):
    """A page type that may be published on the district's website; put it before ``Page``.

    Only the page types that hold public content get it. Whether a page really is exported is
    decided by ``public_site.selection`` (live, no view restriction, no internal ancestor).

    The Norwegian source decides the flag: wagtail-localize copies it on every sync and offers
    no override (``synchronised_fields``, read by ``home.mixins.TranslatedPageMixin``), and a
    translation's own edit form shows it read-only (``PublicPageForm``).
    """

    publish_on_website = website_flag(default=False)

    synchronised_fields = ("publish_on_website",)
    base_form_class = PublicPageForm
    promote_panels = Page.promote_panels + [FieldPanel("publish_on_website")]

    class Meta:
        abstract = True
