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


class AppRole(models.Model):
    """An app role of the intranet's app registration in Entra ID, and the group it gives.

    Applied at every sign-in and every re-check with the provider (accounts.sso.roles): a user's
    groups are exactly those of the app roles in their ID token. ``accounts.roles`` gives every
    role and every unit's two groups a default value; an administrator may change it.
    """

    value = models.CharField(
        _("verdi i Entra ID"),
        max_length=120,
        unique=True,
        help_text=_("Approllens «Value» i appregistreringen, for eksempel «VNR.Ansatte»."),
    )
    group = models.ForeignKey(
        Group,
        verbose_name=_("gruppe"),
        on_delete=models.CASCADE,
        related_name="app_roles",
    )

    class Meta:
        verbose_name = _("approlle fra Entra ID")
        verbose_name_plural = _("approller fra Entra ID")
        ordering = ["value"]

    def __str__(self) -> str:
        return f"{self.value} → {self.group}"


class SignInIdentity(models.Model):
    """Who a user is at the identity provider: never the e-mail address, which can change.

    Entra ID's directory (``tid``) and object id (``oid``); for another provider its issuer and
    ``sub``. ``last_seen_at`` is the last sign-in or re-check the provider accepted.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruker"),
        on_delete=models.CASCADE,
        related_name="sign_in_identity",
    )
    tenant_id = models.CharField(_("katalog (tid)"), max_length=255)
    object_id = models.CharField(_("objekt-id (oid)"), max_length=255)
    last_seen_at = models.DateTimeField(_("sist bekreftet av Entra ID"))

    class Meta:
        verbose_name = _("identitet i Entra ID")
        verbose_name_plural = _("identiteter i Entra ID")
        constraints = [
            models.UniqueConstraint(fields=["tenant_id", "object_id"], name="unique_identity")
        ]

    def __str__(self) -> str:
        return f"{self.tenant_id}/{self.object_id}"


class ProviderSession(models.Model):
    """Which of our sessions belongs to which session at the provider (the ID token's ``sid``),
    so that the provider's front-channel logout can end ours."""

    sid = models.CharField(max_length=255, db_index=True)
    session_key = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.sid
