"""The yearly reporting on the plan's actions (measure 1.2 «rapporteringsskjema»).

A reporting year (``ReportingPeriod``) gives every unit a form (``UnitReport``) listing the
actions it answers for (``ActionReport``, one row each). A row keeps the action's text, measure
and focus area as the form showed them, so a later change to the plan never rewrites an old
report. Reports are about units, never about clients or cases.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UnitReportingRoles(models.Model):
    """The plan's responsible roles (*Ansvar*) a unit answers for, e.g. NAV for NAV, and
    «Enhetsleder» for every unit: a unit's form lists the actions with one of these roles."""

    unit = models.OneToOneField(
        "guidance.UnitPage",
        verbose_name=_("enhet"),
        on_delete=models.CASCADE,
        related_name="reporting_roles",
    )
    roles = models.ManyToManyField(
        "guidance.ResponsibleRole", verbose_name=_("ansvarlige roller"), blank=True
    )

    class Meta:
        verbose_name = _("enhetens ansvar i planen")
        verbose_name_plural = _("enhetenes ansvar i planen")

    def __str__(self) -> str:
        return str(self.unit)


class ReportingPeriod(models.Model):
    """One reporting year, opened by the coordinator with a deadline."""

    year = models.PositiveSmallIntegerField(_("år"), unique=True)
    deadline = models.DateField(_("frist"))
    opened_at = models.DateTimeField(_("åpnet"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("åpnet av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminder_sent_on = models.DateField(_("påminnelse sendt"), null=True, blank=True)
    overdue_notice_sent_on = models.DateField(
        _("varsel om passert frist sendt"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("rapporteringsår")
        verbose_name_plural = _("rapporteringsår")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def deadline_passed(self) -> bool:
        return timezone.localdate() > self.deadline


class UnitReport(models.Model):
    """A unit's form for one year: a draft its people save, submitted (and locked) by its
    leader, reopened by the coordinator with a reason."""

    DRAFT = "utkast"
    SUBMITTED = "levert"
    STATES = [(DRAFT, _("Utkast")), (SUBMITTED, _("Levert"))]

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("år"), on_delete=models.CASCADE, related_name="reports"
    )
    unit = models.ForeignKey(
        "guidance.UnitPage",
        verbose_name=_("enhet"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    unit_title = models.CharField(_("enhetens navn"), max_length=255)
    state = models.CharField(_("status"), max_length=10, choices=STATES, default=DRAFT)
    submitted_at = models.DateTimeField(_("levert"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("levert av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Reopened by the coordinator: may then be changed and submitted after the deadline.
    reopened = models.BooleanField(_("åpnet igjen"), default=False)
    staff_meeting_on = models.DateField(
        _("dato for årlig personalmøte om vold"), null=True, blank=True
    )
    staff_meeting_participants = models.PositiveSmallIntegerField(
        _("antall deltakere på personalmøtet"), null=True, blank=True
    )
    routines_revised = models.TextField(_("rutiner som er revidert"), blank=True)
    comment = models.TextField(_("kommentar til året"), blank=True)
    # Taken from the reading-list follow-up when the form is submitted, never typed in.
    new_hires = models.PositiveSmallIntegerField(_("nyansatte"), null=True, blank=True)
    new_hires_confirmed = models.PositiveSmallIntegerField(
        _("nyansatte som har bekreftet leselisten"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("rapport fra enhet")
        verbose_name_plural = _("rapporter fra enheter")
        ordering = ["unit_title"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="one_report_per_unit_and_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit_title} {self.period.year}"

    @property
    def is_submitted(self) -> bool:
        return self.state == self.SUBMITTED


class ActionReport(models.Model):
    """One action on a unit's form: the action as the form showed it, and the unit's answer."""

    NOT_STARTED = "ikke-startet"
    PLANNED = "planlagt"
    IN_PROGRESS = "pagar"
    DONE = "gjennomfort"
    NOT_RELEVANT = "ikke-relevant"
    STATUSES = [
        (NOT_STARTED, _("Ikke startet")),
        (PLANNED, _("Planlagt")),
        (IN_PROGRESS, _("Pågår")),
        (DONE, _("Gjennomført")),
        (NOT_RELEVANT, _("Ikke relevant")),
    ]

    report = models.ForeignKey(
        UnitReport, verbose_name=_("rapport"), on_delete=models.CASCADE, related_name="actions"
    )
    # The action (guidance.MeasureAction) by its translation key: a translated measure page
    # finds the reports of its actions, and a removed action leaves the report as it was.
    action_key = models.UUIDField(_("tiltakets nøkkel"), db_index=True)
    focus_area = models.CharField(_("satsingsområde"), max_length=255)
    measure_number = models.CharField(_("tiltaksnummer"), max_length=10)
    measure_title = models.CharField(_("tiltak"), max_length=255)
    action_text = models.TextField(_("bydelens tiltak"))
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    status = models.CharField(_("status"), max_length=15, choices=STATUSES, blank=True)
    done = models.TextField(_("hva er gjort"), blank=True)
    obstacles = models.TextField(_("hindringer"), blank=True)
    next_step = models.TextField(_("neste steg"), blank=True)

    class Meta:
        verbose_name = _("rapport om tiltak")
        verbose_name_plural = _("rapporter om tiltak")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "action_key"], name="one_row_per_action_on_a_report"
            )
        ]

    def __str__(self) -> str:
        return self.action_text[:80]


class ReportEvent(models.Model):
    """A report's history: every save, submit, reopening and change of its list of actions."""

    SAVED = "lagret"
    SUBMITTED = "levert"
    REOPENED = "apnet"
    ADJUSTED = "justert"
    KINDS = [
        (SAVED, _("Lagret")),
        (SUBMITTED, _("Levert")),
        (REOPENED, _("Åpnet igjen")),
        (ADJUSTED, _("Tiltakslisten justert")),
    ]

    report = models.ForeignKey(
        UnitReport, verbose_name=_("rapport"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("hendelse"), max_length=10, choices=KINDS)
    reason = models.TextField(_("begrunnelse"), blank=True)
    changes = models.JSONField(_("endringer"), default=dict, blank=True)

    class Meta:
        verbose_name = _("hendelse i rapport")
        verbose_name_plural = _("hendelser i rapporter")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class ProfessionalDay(models.Model):
    """The district's yearly professional day on violence in close relationships (measure
    1.2)."""

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("år"),
        on_delete=models.CASCADE,
        related_name="professional_days",
    )
    held_on = models.DateField(_("dato"))
    participants = models.PositiveSmallIntegerField(_("antall deltakere"))

    class Meta:
        verbose_name = _("fagdag")
        verbose_name_plural = _("fagdager")
        ordering = ["held_on"]

    def __str__(self) -> str:
        return f"{self.held_on}: {self.participants}"
