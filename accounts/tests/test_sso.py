"""Single sign-on without the provider: settings, the login pages with and without it, the
break-glass administrator, app roles → groups and unit, leaving, the front-channel logout and a
provider that does not answer. The flows against a real provider are in
tests/browser/test_sso.py."""

from __future__ import annotations

import datetime
import logging
import time

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from accounts.models import ProviderSession, SignInIdentity, StaffProfile
from accounts.sso.backend import CHECKED_AT, REFRESH_TOKEN
from accounts.sso.roles import apply_app_roles, default_value
from intranet.settings.sso import BACKEND, form_action_origin, sso_settings
from onboarding.models import ReadConfirmation
from tests import factories as f
from tests.factories import DEFAULT_PASSWORD

ISSUER = "http://127.0.0.1:9"  # nothing listens on the discard port


@pytest.fixture
def sso(settings):
    settings.OIDC_OP_ISSUER = ISSUER
    settings.OIDC_RP_CLIENT_ID = "vnr-intranett"
    settings.OIDC_RP_CLIENT_SECRET = "hemmelig"
    settings.OIDC_TIMEOUT = 1
    settings.SSO_BREAK_GLASS_USERNAME = "nodadmin"
    settings.AUTHENTICATION_BACKENDS = [BACKEND, *settings.AUTHENTICATION_BACKENDS]
    settings.WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
    return settings


# Settings


def test_without_an_issuer_single_sign_on_is_off():
    assert sso_settings({}) == {}


def test_an_issuer_without_client_credentials_is_a_clear_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="OIDC_RP_CLIENT_SECRET must be"):
        sso_settings({"OIDC_OP_ISSUER": ISSUER, "OIDC_RP_CLIENT_ID": "x"})


def test_the_settings_come_from_the_environment():
    environ = {
        "OIDC_OP_ISSUER": "https://login.microsoftonline.com/abc/v2.0",
        "OIDC_RP_CLIENT_ID": "id",
        "OIDC_RP_CLIENT_SECRET": "secret",
        "OIDC_TENANT_ID": "abc",
    }
    assert sso_settings(environ)["OIDC_TENANT_ID"] == "abc"
    assert form_action_origin(environ["OIDC_OP_ISSUER"]) == "https://login.microsoftonline.com"


# The login pages


def test_without_single_sign_on_the_password_form_is_the_login(client, db):
    page = client.get("/logg-inn/").content.decode()
    assert 'name="password"' in page
    assert "Logg inn med kommunekontoen" not in page
    assert client.get("/oidc/logg-inn/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404
    assert client.get("/logg-inn/nodtilgang/").status_code == 302
    assert 'name="password"' in client.get("/admin/login/").content.decode()


def test_with_single_sign_on_the_login_goes_through_the_provider(client, sso, db):
    page = client.get("/logg-inn/?next=/min-leseliste/").content.decode()
    assert 'href="/oidc/logg-inn/?next=/min-leseliste/"' in page
    assert 'name="password"' not in page
    assert 'href="/logg-inn/nodtilgang/"' in page
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/logg-inn/?next=%2Fadmin%2Fpages%2F"
    assert client.get("/admin/password_reset/").status_code == 404


def test_a_signed_in_user_without_the_admin_is_not_sent_round_in_circles(client, sso, db):
    client.force_login(f.StaffUserFactory())
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 403
    assert "Ingen tilgang til redigeringen" in response.content.decode()


def test_a_provider_that_does_not_answer_gets_a_clear_page(client, sso, db):
    response = client.get("/oidc/logg-inn/")
    assert response.status_code == 503
    assert "Kommunens innlogging svarer ikke akkurat nå." in response.content.decode()


# The break-glass administrator


@pytest.mark.parametrize(
    ("username", "signed_in"),
    [("nodadmin", True), ("kari.redaktor", False), ("ukjent", False)],
)
def test_only_the_break_glass_administrator_signs_in_with_a_password(
    client, sso, db, caplog, username, signed_in
):
    f.AdministratorFactory(username="nodadmin")
    f.EditorFactory(username="kari.redaktor")
    caplog.set_level(logging.WARNING, logger="intranet.security")

    response = client.post(
        "/logg-inn/nodtilgang/", {"username": username, "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == (302 if signed_in else 200)
    logged = [r.getMessage() for r in caplog.records if "break-glass" in r.getMessage()]
    assert len(logged) == (1 if signed_in else 0)


def test_the_break_glass_administrator_is_locked_out_like_anyone(client, sso, db):
    f.AdministratorFactory(username="nodadmin")
    for _ in range(5):
        client.post("/logg-inn/nodtilgang/", {"username": "nodadmin", "password": "feil"})
    response = client.post(
        "/logg-inn/nodtilgang/", {"username": "nodadmin", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 429


# App roles → groups and unit


@pytest.mark.parametrize(
    ("roles", "groups", "unit"),
    [
        (["VNR.Ansatte"], {"Ansatte"}, None),
        (
            ["VNR.Ansatte", "VNR.Ressursperson.enhet-barnevern"],
            {"Ansatte", "Ressursperson – Enhet barnevern"},
            "barnevern",
        ),
        (
            ["VNR.Ressursperson.nav-sondre-nordstrand", "VNR.Enhetsleder.enhet-barnevern"],
            {"Ressursperson – NAV Søndre Nordstrand", "Enhetsleder – Enhet barnevern"},
            "barnevern",
        ),
        (["VNR.Redaktor", "Noe.Annet"], {"Redaktør"}, None),
        (["VNR.Koordinator"], {"Koordinator"}, None),
        (["VNR.Administrator"], {"Administrator"}, None),
        (["VNR.Oversetter"], {"Oversetter"}, None),
        (["Noe.Annet"], set(), None),
        ([], set(), None),
    ],
)
def test_app_roles_give_exactly_their_groups_and_the_unit_follows(two_units, roles, groups, unit):
    user = f.UserFactory(groups=["Koordinator", "Redaktør"])

    known = apply_app_roles(user, roles)

    assert known == bool(groups)
    assert set(user.groups.values_list("name", flat=True)) == groups
    profile = StaffProfile.objects.filter(user=user).first()
    assert (profile.unit.slug if profile and profile.unit else None) == unit


def test_every_role_and_unit_group_has_an_app_role_that_survives_a_rename(two_units):
    for group in Group.objects.all():
        assert group.app_roles.exists(), group.name
    assert default_value("Redaktør") == "VNR.Redaktor"
    unit = two_units.barnevern
    unit.title = "Barneverntjenesten"
    unit.save_revision().publish()
    group = Group.objects.get(name="Ressursperson – Barneverntjenesten")
    assert group.app_roles.get().value == "VNR.Ressursperson.enhet-barnevern"


@pytest.mark.parametrize(
    ("factory", "status"),
    [(f.AdministratorFactory, 200), (f.CoordinatorFactory, 302), (f.EditorFactory, 302)],
)
def test_only_administrators_map_app_roles_in_the_admin(client, site_tree, factory, status):
    client.force_login(factory())
    assert client.get("/admin/approller/").status_code == status


# Leaving


def identity(user, days_ago: int) -> SignInIdentity:
    return SignInIdentity.objects.create(
        user=user,
        tenant_id="t",
        object_id=f"o-{user.pk}",
        last_seen_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def test_users_absent_from_the_provider_are_deactivated_and_their_records_stay(site_tree, capsys):
    gone, here, local = f.StaffUserFactory(), f.StaffUserFactory(), f.AdministratorFactory()
    identity(gone, 61)
    identity(here, 10)
    ReadConfirmation.objects.create(user=gone, page=site_tree.plan, confirmed_at=timezone.now())

    call_command("deactivate_absent_users", "--days", "60")

    for user in (gone, here, local):
        user.refresh_from_db()
    assert (gone.is_active, here.is_active, local.is_active) == (False, True, True)
    assert ReadConfirmation.objects.filter(user=gone).count() == 1
    assert capsys.readouterr().out.startswith("deactivate_absent_users: deactivated 1 users")


def test_deactivate_absent_users_refuses_a_bad_number_of_days(db):
    with pytest.raises(CommandError, match="--days must be at least 1"):
        call_command("deactivate_absent_users", "--days", "0")


# Sessions


def test_the_front_channel_logout_ends_the_sessions_of_that_provider_session(client, sso, db):
    user = f.StaffUserFactory()
    client.force_login(user)
    ProviderSession.objects.create(sid="sid-1", session_key=client.session.session_key, user=user)
    anonymous = client.__class__()

    assert (
        anonymous.get("/oidc/utlogging/", {"sid": "sid-1", "iss": "https://other"}).status_code
        == 400
    )
    assert anonymous.get("/oidc/utlogging/").status_code == 400
    assert anonymous.post("/oidc/utlogging/", {"sid": "sid-1"}).status_code in (403, 405)
    response = anonymous.get("/oidc/utlogging/", {"sid": "sid-1", "iss": ISSUER})

    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert client.get("/min-leseliste/").status_code == 302
    assert not ProviderSession.objects.exists()


def signed_in_due_for_recheck(client):
    """An employee signed in with single sign-on whose last check is 16 minutes old."""
    user = f.StaffUserFactory()
    client.force_login(user)
    session = client.session
    session[CHECKED_AT] = int(time.time()) - 16 * 60
    session[REFRESH_TOKEN] = "refresh"
    session.save()
    return user


def test_a_recheck_the_provider_does_not_answer_ends_the_session_but_not_the_account(
    client, sso, db
):
    user = signed_in_due_for_recheck(client)

    get = client.get("/min-leseliste/")

    assert get.status_code == 302 and get["Location"].startswith("/logg-inn/")
    user.refresh_from_db()
    assert user.is_active


def test_a_post_on_a_session_due_for_a_recheck_is_refused_when_the_provider_is_away(
    client, sso, db
):
    signed_in_due_for_recheck(client)

    response = client.post("/okt/forleng/")

    assert response.status_code == 401
    assert "Det du sendte, ble ikke lagret." in response.content.decode()


def test_a_local_session_is_never_rechecked(client, sso, db):
    client.force_login(f.StaffUserFactory())
    assert client.get("/min-leseliste/").status_code == 200
