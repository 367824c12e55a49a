"""Who works where: an employee's unit, and each unit's groups and approval workflow."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffProfile(models.Model):
    """An employee's place in the district: the unit they work in and a work phone number.

    Nothing about cases or clients is ever stored here. A user added to a unit's resource-person
    or leader group gets that unit here if none was set (accounts.roles).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruker"),
        on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    unit = models.ForeignKey(
        "guidance.UnitPage",
        verbose_name=_("enhet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_profiles",
    )
    phone = models.CharField(_("telefon på jobb"), max_length=40, blank=True)

    class Meta:
        db_table = "home_staffprofile"
        verbose_name = _("ansattprofil")
        verbose_name_plural = _("ansattprofiler")

    def __str__(self) -> str:
        return str(self.user)


class UnitRoles(models.Model):
    """The groups and approval workflow of one unit, keyed to the unit so a rename keeps them.

    Created, renamed and removed together with the unit by accounts.roles.
    """

    unit = models.OneToOneField(
        "guidance.UnitPage",
        verbose_name=_("enhet"),
        on_delete=models.CASCADE,
        related_name="unit_roles",
    )
    resource_person_group = models.OneToOneField(
        Group,
        verbose_name=_("ressurspersoner"),
        on_delete=models.CASCADE,
        related_name="resource_persons_of",
    )
    leader_group = models.OneToOneField(
        Group,
        verbose_name=_("enhetsledere"),
        on_delete=models.CASCADE,
        related_name="leaders_of",
    )
    workflow = models.OneToOneField(
        "wagtailcore.Workflow",
        verbose_name=_("godkjenning"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approval_task = models.OneToOneField(
        "wagtailcore.GroupApprovalTask",
        verbose_name=_("godkjenningssteg"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        db_table = "home_unitroles"
        verbose_name = _("enhetens roller")
        verbose_name_plural = _("enhetenes roller")
        permissions = [
            ("coordinate_units", _("Kan følge opp alle enheter, rutiner og gjennomganger")),
        ]

    def __str__(self) -> str:
        return str(self.unit)
