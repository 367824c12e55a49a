"""Search data: the coordinator's synonym list, the vocabulary of published words, and the
daily query counts (no user, IP address or session: only the day, the words and a count)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from .services.text import MAX_QUERY_LENGTH, MAX_WORD_LENGTH, clean_query, words

MAX_TERM_LENGTH = 100


class SynonymGroup(models.Model):
    """Words and phrases that mean the same to staff: a search for one finds the others.

    Old and new terms (meldeplikt, opplysningsplikt), abbreviations (BV, barnevern) and English
    words (domestic violence) go in one group each.
    """

    key = models.SlugField(
        _("nøkkel"),
        max_length=60,
        unique=True,
        help_text=_("Fast nøkkel, f.eks. «meldeplikt». Brukes av datafilen data/search/."),
    )
    terms = models.TextField(
        _("ord og uttrykk"),
        help_text=_(
            "Ett ord eller uttrykk per linje, f.eks. «meldeplikt», «opplysningsplikt». Et søk på "
            "ett av dem finner sider med hvilket som helst av dem."
        ),
    )
    note = models.CharField(_("merknad"), max_length=255, blank=True)

    panels = [FieldPanel("key"), FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        verbose_name = _("synonymgruppe")
        verbose_name_plural = _("synonymer i søket")
        ordering = ["key"]

    def __str__(self) -> str:
        return ", ".join(self.term_list())

    def term_list(self) -> list[str]:
        """The group's terms, cleaned and lower-cased, without duplicates, in the given order."""
        seen: dict[str, None] = {}
        for line in self.terms.splitlines():
            term = " ".join(words(clean_query(line)))
            if term:
                seen.setdefault(term, None)
        return list(seen)

    def clean(self):
        super().clean()
        too_long = [
            line.strip() for line in self.terms.splitlines() if len(line.strip()) > MAX_TERM_LENGTH
        ]
        if too_long:
            raise ValidationError(
                {
                    "terms": _("Et uttrykk kan ha høyst %(max)d tegn: «%(term)s».")
                    % {"max": MAX_TERM_LENGTH, "term": too_long[0][:40]}
                }
            )
        if len(self.term_list()) < 2:
            raise ValidationError(
                {"terms": _("Skriv minst to forskjellige ord eller uttrykk, ett per linje.")}
            )


class VocabularyWord(models.Model):
    """A word that occurs in published content: for prefix, compound and spelling matches."""

    word = models.CharField(max_length=MAX_WORD_LENGTH, unique=True)

    class Meta:
        verbose_name = _("ord i innholdet")
        verbose_name_plural = _("ord i innholdet")

    def __str__(self) -> str:
        return self.word


class QueryDay(models.Model):
    """How often a (normalised, anonymised) query was searched on one day.

    Deliberately without user, IP address, session or time of day; words that are not in the
    site's vocabulary (names, numbers) are stored as «…», see services.analytics.
    """

    date = models.DateField(_("dato"), db_index=True)
    query = models.CharField(_("søk"), max_length=MAX_QUERY_LENGTH)
    count = models.PositiveIntegerField(_("antall søk"), default=0)
    zero_results = models.BooleanField(
        _("uten treff"), default=False, help_text=_("Om siste søk denne dagen ga null treff.")
    )

    class Meta:
        verbose_name = _("søk per dag")
        verbose_name_plural = _("søk per dag")
        constraints = [
            models.UniqueConstraint(fields=["date", "query"], name="unique_query_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.query} ({self.count})"
