"""What the link checker found (``review.links``): one row per external URL."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LinkCheck(models.Model):
    """The last check of one external link, and where the intranet uses it."""

    OK, MOVED, BROKEN = "ok", "flyttet", "brutt"
    OUTCOMES = [(OK, _("Virker")), (MOVED, _("Flyttet")), (BROKEN, _("Brutt"))]

    url = models.URLField(_("lenke"), max_length=800, unique=True)
    outcome = models.CharField(_("resultat"), max_length=10, choices=OUTCOMES)
    status = models.PositiveSmallIntegerField(_("HTTP-status"), null=True, blank=True)
    final_url = models.URLField(_("flyttet til"), max_length=800, blank=True)
    error = models.CharField(_("feil"), max_length=255, blank=True)
    checked_at = models.DateTimeField(_("kontrollert"))
    # [{"title": …, "admin_url": …}]: the pages and provisions that show the link.
    places = models.JSONField(_("brukes på"), default=list)

    class Meta:
        verbose_name = _("lenkesjekk")
        verbose_name_plural = _("lenkesjekker")
        ordering = ["outcome", "url"]

    def __str__(self) -> str:
        return f"{self.url} ({self.get_outcome_display()})"
