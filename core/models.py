"""Site-wide settings editors change in the admin."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import DatabaseError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField

from .emergency import DEFAULTS, EmergencyNumber, translated
from .page_cache import content_generation

logger = logging.getLogger(__name__)

CACHE_SECONDS = 24 * 60 * 60


class EmergencyNumberBlock(blocks.StructBlock):
    number = blocks.CharBlock(
        label=_("nummer"), max_length=20, help_text=_("Slik det slås, f.eks. «22 70 55 80».")
    )
    label = blocks.CharBlock(label=_("navn"), max_length=40)
    description = blocks.CharBlock(label=_("når ringe"), max_length=80)

    class Meta:
        icon = "warning"
        label = _("Nødnummer")


def default_numbers() -> list[tuple[str, dict[str, str]]]:
    return [("number", {"number": n, "label": label, "description": d}) for n, label, d in DEFAULTS]


@register_setting(icon="warning")
class EmergencyNumbers(BaseGenericSetting):
    """The numbers in the strip at the top of every page, in the guide's «Viktige
    telefonnumre» block, in search without results and on the error page."""

    numbers = StreamField(
        [("number", EmergencyNumberBlock())],
        min_num=1,
        default=default_numbers,
        verbose_name=_("nødnumre"),
        help_text=_("Vises øverst på hver side, i rekkefølgen her. Endringer vises med en gang."),
    )

    panels = [FieldPanel("numbers")]

    class Meta:
        verbose_name = _("Nødnumre")
        verbose_name_plural = _("Nødnumre")

    def rows(self) -> tuple[tuple[str, str, str], ...]:
        return tuple(
            (b.value["number"], b.value["label"], b.value["description"]) for b in self.numbers
        )


def _stored_rows() -> tuple[tuple[str, str, str], ...]:
    # Reading must not create the row (as ``load()`` does): a save starts a new content
    # generation and so empties the page cache.
    setting = EmergencyNumbers.objects.first()
    return DEFAULTS if setting is None else setting.rows()


def emergency_numbers() -> tuple[EmergencyNumber, ...]:
    """The emergency numbers in the active language: the coordinator's list, cached until the
    content changes; the defaults when the database cannot answer (e.g. on the error page)."""
    try:
        rows = cache.get_or_set(
            f"emergency-numbers:{content_generation()}", _stored_rows, CACHE_SECONDS
        )
    except DatabaseError:
        logger.warning("Emergency numbers from the defaults: the database did not answer")
        rows = DEFAULTS
    return translated(rows)
