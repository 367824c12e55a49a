"""The emergency numbers shown on every page."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EmergencyNumber:
    number: str
    label: str | Promise
    description: str | Promise


EMERGENCY_NUMBERS = (
    EmergencyNumber("112", _("Politi"), _("Når noen er i fare nå")),
    EmergencyNumber("113", _("Ambulanse"), _("Akutt sykdom eller skade")),
    EmergencyNumber("110", _("Brann"), _("Brann og redning")),
    EmergencyNumber("116 006", _("VO-linjen"), _("Hjelpetelefon om vold og overgrep, døgnåpen")),
    EmergencyNumber("22 70 55 80", _("Barnevernvakten"), _("Akutt hjelp til barn, døgnåpen")),
)
