"""Single sign-on against a real OpenID Connect provider (tests/oidc.py: panva's oidc-provider
as a process, issuing Entra ID-shaped tokens), through Chromium: signing in, roles and unit,
the admin, signing out of both, the provider's front-channel logout, the re-check, and every
kind of forged or replayed answer refused with a clear page."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from accounts.models import ProviderSession, SignInIdentity, StaffProfile
from accounts.tests.test_permissions import EXPECTED, allowed, pages
from intranet.settings.sso import BACKEND
from tests.oidc import (
    CLIENT_ID,
    CLIENT_SECRET,
    TENANT,
    TokenProxy,
    account,
    start_provider,
    unverified_claims,
)

pytestmark = pytest.mark.browser

BARNEVERN_RESOURCE_PERSON = "VNR.Ressursperson.enhet-barnevern"
BARNEVERN_LEADER = "VNR.Enhetsleder.enhet-barnevern"
NAV_RESOURCE_PERSON = "VNR.Ressursperson.nav-sondre-nordstrand"


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    provider = start_provider(live_server.url, tmp_path_factory.mktemp("oidc"))
    yield provider
    provider.stop()


@pytest.fixture(scope="module")
def token_proxy(provider):
    target = requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=5)
    proxy = TokenProxy(target.json()["token_endpoint"])
    yield proxy
    proxy.stop()


@pytest.fixture
def sso(settings, provider, token_proxy):
    """Single sign-on on, against the local provider, its token endpoint through the proxy."""
    token_proxy.reset()
    settings.OIDC_OP_ISSUER = provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_TENANT_ID = TENANT
    settings.OIDC_OP_TOKEN_ENDPOINT = token_proxy.url
    settings.AUTHENTICATION_BACKENDS = [BACKEND, *settings.AUTHENTICATION_BACKENDS]
    settings.WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
    settings.INTRANET_CSP = {**settings.INTRANET_CSP, "form-action": f"'self' {provider.issuer}"}
    provider.set_accounts(
        **{
            "kari.ressurs": account(
                "kari.ressurs", "VNR.Ansatte", BARNEVERN_RESOURCE_PERSON, name="Kari Ressurs"
            ),
            "ola.leder": account("ola.leder", "VNR.Ansatte", BARNEVERN_LEADER, name="Ola Leder"),
            "uten.rolle": account("uten.rolle", "Annen.App.Bruker"),
        }
    )
    return provider


def sign_in(page, login: str, next_path: str = "/") -> None:
    """From a page that needs a login, through our login page and the provider's form."""
    page.goto(next_path)
    assert urlsplit(page.url).path == "/logg-inn/"
    page.get_by_role("link", name="Logg inn med kommunekontoen").click()
    provider_form(page, login)


def provider_form(page, login: str) -> None:
    page.locator('input[name="login"]').fill(login)
    page.locator('input[name="password"]').fill("passordet-sjekkes-av-kommunen")
    page.locator('button[type="submit"]').click()
    page.wait_for_load_state()


def sign_out(page) -> None:
    """«Logg ut» on our page, then yes at the provider's question."""
    page.get_by_role("button", name="Logg ut").click()
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url("**/logg-inn/**")


def user_of(login: str, provider):
    oid = provider.accounts[login]["oid"]
    return get_user_model().objects.get(
        sign_in_identity__tenant_id=TENANT, sign_in_identity__object_id=oid
    )


def group_names(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def assert_refused_page(page, text: str) -> None:
    assert page.get_by_role("heading", level=1).inner_text() == "Innloggingen ble avvist"
    assert text in page.locator("main").inner_text()
    page.goto("/")
    assert urlsplit(page.url).path == "/logg-inn/", "nobody is signed in after a refusal"


def test_staff_sign_in_land_on_the_page_asked_for_and_see_their_unit(
    sso, site_tree, two_units, page
):
    path_url = site_tree.path.url

    sign_in(page, "kari.ressurs", next_path=path_url)

    assert urlsplit(page.url).path == path_url
    assert "Kari Ressurs" in page.locator(".site-header__username").inner_text()
    assert "Din enhet: Enhet barnevern" in page.locator("main").inner_text()
    user = user_of("kari.ressurs", sso)
    assert user.username == "kari.ressurs@example.org"
    assert user.email == "kari.ressurs@example.org"
    assert not user.has_usable_password()
    assert group_names(user) == {"Ansatte", "Ressursperson – Enhet barnevern"}
    assert StaffProfile.objects.get(user=user).unit == two_units.barnevern
    # The unit's edit rights and nothing else: the resource person's row of the matrix.
    actual = {name: allowed(user, p) for name, p in pages(site_tree, two_units).items()}
    assert actual == EXPECTED["resource_person"]


def test_the_admin_signs_in_through_the_provider_and_keeps_to_the_unit(sso, two_units, page):
    own = f"/admin/pages/{two_units.barnevern_routine.pk}/edit/"
    other = f"/admin/pages/{two_units.nav_routine.pk}/edit/"

    sign_in(page, "kari.ressurs", next_path=own)

    assert urlsplit(page.url).path == own
    assert page.locator("#id_title").input_value() == "Rutine ved bekymring for et barn"
    page.goto(other)
    assert urlsplit(page.url).path != other, "another unit's routine does not open"
    assert page.locator("#id_title").count() == 0


def test_a_role_removed_at_the_provider_is_gone_at_the_next_sign_in(sso, two_units, page):
    sign_in(page, "ola.leder", next_path="/min-leseliste/")
    user = user_of("ola.leder", sso)
    assert group_names(user) == {"Ansatte", "Enhetsleder – Enhet barnevern"}
    sign_out(page)

    accounts = dict(sso.accounts)
    accounts["ola.leder"] = {**accounts["ola.leder"], "roles": ["VNR.Ansatte", NAV_RESOURCE_PERSON]}
    sso.set_accounts(**accounts)
    sign_in(page, "ola.leder", next_path="/min-leseliste/")

    assert urlsplit(page.url).path == "/min-leseliste/"
    assert group_names(user) == {"Ansatte", "Ressursperson – NAV Søndre Nordstrand"}
    assert StaffProfile.objects.get(user=user).unit == two_units.nav
    page.goto(f"/admin/pages/{two_units.barnevern_routine.pk}/edit/")
    assert page.locator("#id_title").count() == 0


def test_signing_out_ends_our_session_and_the_providers(sso, site_tree, page):
    sign_in(page, "kari.ressurs", next_path="/min-leseliste/")
    assert ProviderSession.objects.count() == 1

    sign_out(page)

    assert ProviderSession.objects.count() == 0
    page.goto("/min-leseliste/")
    assert urlsplit(page.url).path == "/logg-inn/"
    page.get_by_role("link", name="Logg inn med kommunekontoen").click()
    # The provider asks again: its session ended too.
    assert page.locator('input[name="login"]').is_visible()


def test_the_providers_front_channel_logout_ends_our_session(sso, site_tree, page):
    sign_in(page, "kari.ressurs", next_path="/min-leseliste/")
    sid = ProviderSession.objects.get().sid

    response = requests.get(
        f"{page.url.split('/min-leseliste/')[0]}/oidc/utlogging/",
        params={"iss": sso.issuer, "sid": sid},
        timeout=10,
    )

    assert response.status_code == 200
    assert f"frame-ancestors {sso.issuer}" in response.headers["Content-Security-Policy"]
    page.goto("/min-leseliste/")
    assert urlsplit(page.url).path == "/logg-inn/"
    assert not ProviderSession.objects.exists()


def test_a_user_without_a_known_role_gets_a_page_saying_whom_to_ask(sso, site_tree, page):
    coordinator = get_user_model().objects.create_user(
        "koord", email="koordinator@example.org", first_name="Kim", last_name="Koordinator"
    )
    coordinator.groups.add(Group.objects.get(name="Koordinator"))

    sign_in(page, "uten.rolle", next_path="/min-leseliste/")

    assert page.get_by_role("heading", level=1).inner_text() == "Du har ikke tilgang ennå"
    text = page.locator("main").inner_text()
    assert "koordinator@example.org" in text
    assert "lederen din" in text
    page.goto("/min-leseliste/")
    assert urlsplit(page.url).path == "/logg-inn/"


def test_the_recheck_applies_new_roles_and_refuses_a_post_for_an_account_that_left(
    sso, settings, site_tree, page, live_server
):
    sign_in(page, "kari.ressurs", next_path="/min-leseliste/")
    user = user_of("kari.ressurs", sso)
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie["value"]
    settings.OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = 0

    accounts = dict(sso.accounts)
    accounts["kari.ressurs"] = {**accounts["kari.ressurs"], "roles": ["VNR.Ansatte"]}
    sso.set_accounts(**accounts)
    assert client.get("/min-leseliste/").status_code == 200
    assert group_names(user) == {"Ansatte"}, "a role removed shows at the next re-check"

    accounts["kari.ressurs"] = {**accounts["kari.ressurs"], "disabled": True}
    sso.set_accounts(**accounts)
    response = client.post("/okt/forleng/")

    assert response.status_code == 401
    assert "Det du sendte, ble ikke lagret." in response.content.decode()
    user.refresh_from_db()
    assert not user.is_active
    assert client.get("/min-leseliste/").status_code == 302


def forged(provider, real_token: str, **changes) -> str:
    return provider.sign({**unverified_claims(real_token), **changes})


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("tampered", "Innloggingen kunne ikke bekreftes."),
        ("expired", "Innloggingen var utløpt."),
        ("wrong_audience", "Innloggingen var laget for en annen tjeneste enn intranettet."),
        ("replayed_nonce", "Innloggingen hørte ikke til denne økten og kan ikke brukes."),
        ("no_pkce_verifier", "Kommunens innlogging avviste innloggingen."),
    ],
)
def test_a_forged_or_incomplete_answer_is_refused_with_a_clear_page(
    case, message, sso, token_proxy, site_tree, page
):
    now = int(time.time())
    if case == "tampered":

        def tamper(token):
            header, payload, signature = token.split(".")
            other = forged(sso, token, roles=["VNR.Administrator"]).split(".")[1]
            return f"{header}.{other}.{signature}"

        token_proxy.rewrite_id_token = tamper
    elif case == "expired":
        token_proxy.rewrite_id_token = lambda t: forged(sso, t, iat=now - 7200, exp=now - 3600)
    elif case == "wrong_audience":
        token_proxy.rewrite_id_token = lambda t: forged(sso, t, aud="en-annen-app")
    elif case == "replayed_nonce":
        token_proxy.rewrite_id_token = lambda t: forged(
            sso, t, nonce="nonce-fra-en-tidligere-innlogging"
        )
    else:
        token_proxy.rewrite_request = lambda form: {
            k: v for k, v in form.items() if k != "code_verifier"
        }

    sign_in(page, "kari.ressurs", next_path="/min-leseliste/")

    assert_refused_page(page, message)
    assert not SignInIdentity.objects.filter(user__groups__name="Administrator").exists()


def test_a_replayed_state_is_refused_with_a_clear_page(sso, site_tree, page):
    callbacks = []
    page.on(
        "request",
        lambda request: callbacks.append(request.url) if "/oidc/callback/" in request.url else None,
    )
    sign_in(page, "kari.ressurs", next_path="/min-leseliste/")
    assert urlsplit(page.url).path == "/min-leseliste/"
    sign_out(page)

    response = page.goto(callbacks[0])

    assert response.status == 400
    assert_refused_page(page, "kan ikke brukes igjen")
