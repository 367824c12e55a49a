"""The emergency numbers shown on every page: their shape and the defaults, used until the
coordinator changes them (the site setting ``core.models.EmergencyNumbers``) and whenever the
database cannot be asked (the error page)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EmergencyNumber:
    number: str
    label: str | Promise
    description: str | Promise


# Stored in Norwegian; shown through the message catalog, so English readers get the defaults
# translated and a label an editor typed stays as typed.
DEFAULTS = (
    ("112", gettext_noop("Politi"), gettext_noop("Når noen er i fare nå")),
    ("113", gettext_noop("Ambulanse"), gettext_noop("Akutt sykdom eller skade")),
    ("110", gettext_noop("Brann"), gettext_noop("Brann og redning")),
    (
        "116 006",
        gettext_noop("VO-linjen"),
        gettext_noop("Hjelpetelefon om vold og overgrep, døgnåpen"),
    ),
    (
        "22 70 55 80",
        gettext_noop("Barnevernvakten"),
        gettext_noop("Akutt hjelp til barn, døgnåpen"),
    ),
)

EMERGENCY_NUMBERS = tuple(EmergencyNumber(n, _(label), _(d)) for n, label, d in DEFAULTS)


def translated(rows) -> tuple[EmergencyNumber, ...]:
    """``(number, label, description)`` rows in the active language."""
    return tuple(EmergencyNumber(n, gettext(label), gettext(d)) for n, label, d in rows)
