"""Production hardening, tested through HTTP: deploy checks, headers and cookies, login
throttling, sessions that end after inactivity, the health check and logs without personal
data."""

from __future__ import annotations

import datetime
import importlib
import io
import json
import logging
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.documents import get_document_model

from accounts.middleware import SESSION_ACTIVITY_KEY
from intranet.jsonlog import JsonFormatter

from . import factories as f
from .factories import DEFAULT_PASSWORD
from .helpers import page_text

REPO = Path(__file__).resolve().parent.parent
LOGIN_PATH = "/logg-inn/"


# `manage.py check --deploy` on the production settings


def check_deploy(**environment) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="intranet.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="vnr.example.no",
        **environment,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = check_deploy(REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stdout + result.stderr
    # One check is silenced on purpose: axes.W006, see intranet/settings/base.py.
    assert "System check identified no issues (1 silenced)" in result.stdout


def test_check_deploy_warns_when_the_cache_is_per_process():
    result = check_deploy()
    assert result.returncode != 0
    assert "intranet.W001" in result.stderr
    assert "System check identified 1 issue" in result.stderr


# Headers and cookies with the production settings

PRODUCTION_PREFIXES = ("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_")


@pytest.fixture
def production(settings, monkeypatch):
    """The test settings with every security setting of intranet.settings.production."""
    from intranet.settings import base

    monkeypatch.setattr(base, "SECRET_KEY", secrets.token_urlsafe(50))
    monkeypatch.delitem(sys.modules, "intranet.settings.production", raising=False)
    module = importlib.import_module("intranet.settings.production")
    for name in dir(module):
        if name.startswith(PRODUCTION_PREFIXES) or name == "X_FRAME_OPTIONS":
            setattr(settings, name, getattr(module, name))
    return settings


@pytest.fixture
def production_client(production, site_tree, staff_user) -> Client:
    client = Client()
    client.force_login(staff_user)
    return client


def test_http_is_redirected_to_https_except_the_health_check(production_client):
    response = production_client.get("/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"
    assert production_client.get("/healthz").status_code == 200


EXPECTED_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@pytest.mark.parametrize("path", ["/", "/hjelpetilbud/krisesenteret/", LOGIN_PATH, "/healthz"])
@pytest.mark.parametrize("header", sorted(EXPECTED_HEADERS))
def test_security_headers(header, path, production_client):
    client = production_client if path != LOGIN_PATH else Client()
    response = client.get(path, secure=True)
    assert response.status_code == 200
    assert response[header] == EXPECTED_HEADERS[header]


def csp(response) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (
            directive.split() for directive in response["Content-Security-Policy"].split(";")
        )
    }


@pytest.mark.parametrize("path", ["/", "/enheter/helsestasjonen/rutine/", "/search/?q=vold"])
def test_our_pages_forbid_inline_script_and_framing(path, production_client):
    policy = csp(production_client.get(path, secure=True))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_wagtails_admin_gets_its_own_looser_policy(production, db):
    policy = csp(Client().get("/admin/login/", secure=True))
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


def test_pages_of_logged_in_staff_are_never_stored(production_client):
    response = production_client.get("/jeg-er-bekymret/", secure=True)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_login_cookies_are_secure_http_only_and_end_with_the_browser(production, staff_user):
    client = Client()
    client.get(LOGIN_PATH, secure=True)
    response = client.post(
        LOGIN_PATH,
        {"username": staff_user.username, "password": DEFAULT_PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["__Host-sessionid"]
    csrf = client.cookies["__Host-csrftoken"]
    for cookie in (session, csrf):
        assert cookie["secure"] and cookie["httponly"]
        assert cookie["path"] == "/"
        assert not cookie["domain"]
    assert session["samesite"] == "Lax"
    assert not session["max-age"] and not session["expires"]


# No inline script or style anywhere in our pages: the CSP would block them.

INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|\sstyle=", re.IGNORECASE)


@pytest.mark.parametrize(
    "name",
    ["home", "content", "plan", "chapter", "focus_area", "measure", "concern", "duty"]
    + ["unit_index", "unit", "routine", "directory", "search", "login", "not_found"],
)
def test_pages_have_no_inline_script_or_style(name, site_tree, staff_client):
    urls = {"search": "/search/?q=vold", "login": LOGIN_PATH, "not_found": "/finnes-ikke/"}
    client = Client() if name == "login" else staff_client
    url = urls.get(name) or getattr(site_tree, name).url
    html = client.get(url).content.decode()
    assert INLINE.findall(html) == []


# Login throttling (django-axes)


@pytest.fixture
def colleagues(db):
    return (
        f.StaffUserFactory(username="kari.ansatt"),
        f.StaffUserFactory(username="ola.ansatt"),
    )


def log_in(username, password=DEFAULT_PASSWORD, remote_addr="10.0.0.1"):
    return Client(REMOTE_ADDR=remote_addr).post(
        LOGIN_PATH, {"username": username, "password": password}
    )


def fail_logins(count, username="kari.ansatt", remote_addr="10.0.0.1"):
    return [log_in(username, "feil-passord", remote_addr) for _ in range(count)]


@pytest.mark.parametrize(
    ("username", "remote_addr", "locked"),
    [
        pytest.param("kari.ansatt", "10.0.0.1", True, id="same user, same computer"),
        pytest.param("kari.ansatt", "10.0.0.99", True, id="same user, another computer"),
        pytest.param("Kari.Ansatt ", "10.0.0.1", True, id="same user, other spelling"),
        pytest.param("ola.ansatt", "10.0.0.1", False, id="a colleague at the same computer"),
    ],
)
def test_five_wrong_passwords_lock_the_user_name_not_the_computer(
    username, remote_addr, locked, colleagues
):
    fail_logins(5)
    response = log_in(username, remote_addr=remote_addr)
    assert response.status_code == (429 if locked else 302)


def test_the_lockout_is_explained_in_norwegian_on_the_login_page(colleagues):
    responses = fail_logins(5)
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    text = page_text(responses[-1])
    assert "For mange mislykkede innlogginger" in text
    assert "sperret i 15 minutter" in text
    assert 'role="alert"' in responses[-1].content.decode()
    assert 'name="password"' in responses[-1].content.decode()


def test_four_wrong_passwords_then_the_right_one_logs_in_and_starts_afresh(colleagues):
    fail_logins(4)
    assert log_in("kari.ansatt").status_code == 302
    fail_logins(4)
    assert log_in("kari.ansatt").status_code == 302


def test_it_support_can_lift_a_lockout(colleagues):
    fail_logins(5)
    call_command("axes_reset_username", "kari.ansatt", stdout=io.StringIO())
    assert log_in("kari.ansatt").status_code == 302


# Sessions end after inactivity


def session_of(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def expire(client, seconds_ago=1) -> None:
    """What 30 minutes without a request leave behind: the stored expiry has passed and the
    cached copy has timed out."""
    store = client.session
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=seconds_ago)
    )
    store._cache.delete(store.cache_key)


def test_a_session_ends_after_thirty_idle_minutes(site_tree, staff_client, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    url = site_tree.routine.url
    assert staff_client.get(url).status_code == 200
    expire(staff_client)
    response = staff_client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_PATH)


def test_the_warnings_logout_works_after_the_session_ended(site_tree, staff_client):
    """A computer that slept past the end: the warning's logout still explains what happened."""
    staff_client.get(site_tree.home.url)
    expire(staff_client)
    response = staff_client.post("/logg-ut/", {"next": f"{LOGIN_PATH}?utlopt=1"})
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_PATH}?utlopt=1"


def test_activity_moves_the_end_forward(site_tree, staff_client, settings):
    staff_client.get(site_tree.home.url)
    session = staff_client.session
    session[SESSION_ACTIVITY_KEY] = int(timezone.now().timestamp()) - 29 * 60
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=1)
    )
    assert staff_client.get(site_tree.measure.url).status_code == 200
    left = session_of(staff_client).expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < left <= datetime.timedelta(minutes=30)


def test_the_idle_time_may_be_a_fraction_of_a_minute(settings):
    """SESSION_IDLE_MINUTES=0.1, as scripts/servers --check sets it: sessions of 6 seconds,
    refreshed every second so that activity still keeps one going (every minute by default)."""
    assert settings.INTRANET_SESSION_REFRESH_SECONDS == 60
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from intranet.settings import base; "
            "print(base.SESSION_COOKIE_AGE, base.INTRANET_SESSION_REFRESH_SECONDS)",
        ],
        cwd=REPO,
        env={**os.environ, "SESSION_IDLE_MINUTES": "0.1"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["6", "1"]


def almost_idle(client, minutes_left: int = 1):
    """A session that has seen no activity for all but ``minutes_left`` of its 30 minutes."""
    session = client.session
    session[SESSION_ACTIVITY_KEY] = int(timezone.now().timestamp()) - (30 - minutes_left) * 60
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=minutes_left)
    )


def test_the_editors_background_ping_is_not_activity(site_tree):
    """Wagtail's editor pings every few seconds while its tab is open; an editor left open on
    a shared computer must still log out (issue 13, finding 3)."""
    client = Client()
    client.force_login(f.EditorFactory())
    page = site_tree.content
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    almost_idle(client)

    ping = reverse("wagtailadmin_editing_sessions:ping", args=["wagtailcore", "page", page.pk, 1])
    client.post(ping)

    left = session_of(client).expire_date - timezone.now()
    assert left <= datetime.timedelta(minutes=1)
    # Opening a screen of the admin is activity.
    assert client.get("/admin/").status_code == 200
    assert session_of(client).expire_date - timezone.now() > datetime.timedelta(minutes=29)


def test_the_admin_warns_before_the_session_ends(site_tree):
    client = Client()
    client.force_login(f.EditorFactory())
    html = client.get(f"/admin/pages/{site_tree.content.pk}/edit/").content.decode()

    assert "data-session-timeout" in html and "data-track-input" in html
    assert "Du blir snart logget ut" in html
    assert 'action="/admin/logout/" data-logout-form' in html
    assert "data-session-timeout" not in Client().get("/admin/login/").content.decode()


def test_the_end_is_not_written_on_every_request(site_tree, staff_client):
    staff_client.get(site_tree.home.url)
    with CaptureQueriesContext(connection) as queries:
        staff_client.get(site_tree.unit.url)
    assert not [q for q in queries if "django_session" in q["sql"]]


def test_continue_starts_the_thirty_minutes_again(site_tree, staff_client):
    staff_client.get(site_tree.home.url)
    Session.objects.filter(session_key=staff_client.session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=2)
    )
    response = staff_client.post("/okt/forleng/")
    assert response.status_code == 204
    left = session_of(staff_client).expire_date - timezone.now()
    assert left > datetime.timedelta(minutes=29)


def test_continue_takes_the_csrf_token_of_the_pages_logout_form(site_tree, staff_user):
    """What static/js/session-timeout.js sends; the warning itself is the same for everyone."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    html = client.get(site_tree.unit.url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert client.post("/okt/forleng/").status_code == 403
    assert client.post("/okt/forleng/", headers={"X-CSRFToken": token}).status_code == 204


def test_continue_needs_a_session_and_a_post(site_tree, staff_client, anonymous_client):
    assert anonymous_client.post("/okt/forleng/").status_code == 302
    assert staff_client.get("/okt/forleng/").status_code == 405


def test_every_page_carries_the_warning_for_logged_in_staff(site_tree, staff_client):
    html = staff_client.get(site_tree.duty.url).content.decode()
    assert 'data-idle-seconds="1740"' in html  # 30 minutes less the 60-second refresh step
    assert 'data-warning-seconds="120"' in html
    assert re.search(r'<script src="/static/js/session-timeout\.js" defer>', html)
    assert "Du blir snart logget ut" in html


def test_the_login_page_tells_about_the_time_limit(anonymous_client):
    text = page_text(anonymous_client.get(LOGIN_PATH))
    assert "Du logges ut automatisk etter 30 minutter uten aktivitet" in text
    assert "data-session-timeout" not in anonymous_client.get(LOGIN_PATH).content.decode()
    expired = page_text(anonymous_client.get(f"{LOGIN_PATH}?utlopt=1"))
    assert "Du ble logget ut fordi du ikke hadde vært aktiv" in expired


# The logged-in user comes from the cache (home/auth.py), but changes count at once


def test_a_deactivated_user_is_out_at_the_next_request(site_tree, staff_user, staff_client):
    url = site_tree.routine.url
    assert staff_client.get(url).status_code == 200
    staff_user.is_active = False
    staff_user.save()
    assert staff_client.get(url).status_code == 302


def test_a_new_password_ends_the_other_sessions(site_tree, staff_user, staff_client):
    url = site_tree.routine.url
    assert staff_client.get(url).status_code == 200
    staff_user.set_password("et-nytt-og-langt-passord")
    staff_user.save()
    assert staff_client.get(url).status_code == 302


def test_a_new_name_shows_at_once(site_tree, staff_user, staff_client):
    url = site_tree.routine.url
    staff_client.get(url)
    staff_user.first_name = "Karianne"
    staff_user.save()
    assert "Karianne" in page_text(staff_client.get(url))


# The health check


def test_health_check_answers_anyone_without_a_session(anonymous_client):
    response = anonymous_client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_health_check_is_get_only(anonymous_client):
    assert anonymous_client.post("/healthz").status_code == 405


# Logs


@pytest.fixture
def json_log():
    """Everything logged during the test, formatted as in production."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_logs_are_json_without_user_names_addresses_or_searches(
    json_log, colleagues, site_tree, staff_client
):
    fail_logins(5, remote_addr="10.20.30.40")
    staff_client.get("/finnes-ikke/?q=Ola+Nordmann")
    access = logging.LogRecord("gunicorn.access", logging.INFO, "", 0, "%(r)s", None, None)
    access.args = {
        "h": "10.20.30.40",
        "u": "kari.ansatt",
        "r": "GET /search/?q=Ola+Nordmann HTTP/1.1",
        "m": "GET",
        "U": "/search/",
        "q": "q=Ola+Nordmann",
        "s": "200",
        "M": "12",
        "B": "5120",
        "a": "Mozilla/5.0",
        "f": "https://vnr.example.no/?q=Ola",
    }
    logging.getLogger("gunicorn.access").handle(access)

    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    output = json_log.getvalue().lower()
    for secret in ("kari", "10.20.30.40", "ola", "nordmann", "mozilla"):
        assert secret not in output
    assert any("Locking out" in line["message"] for line in lines)
    assert any(line["logger"] == "django.request" for line in lines)
    assert {"method": "GET", "path": "/search/", "status": 200, "duration_ms": 12}.items() <= (
        lines[-1].items()
    )


# Passwords


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort-1", "Passordet er for kort. Det må ha minst 12 tegn."),
        ("123456789012345", "Dette passordet inneholder bare tall."),
        ("qwerty123456", "Dette passordet er for vanlig."),
    ],
)
def test_weak_passwords_are_refused_in_norwegian(password, message, staff_user):
    with translation.override("nb"), pytest.raises(ValidationError) as error:
        validate_password(password, staff_user)
    assert message in error.value.messages


# Media (documents and images) only through the login (issue 13, deployment)


def test_production_serves_documents_only_to_staff(production, site_tree, tmp_path):
    """docs/security.md: the proxy must not serve MEDIA_ROOT; Django never does in production,
    and a document is only sent by Wagtail's view, behind the login."""
    module = sys.modules["intranet.settings.production"]
    assert module.DEBUG is False
    assert module.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert not Path(module.MEDIA_ROOT).resolve().is_relative_to(Path(module.STATIC_ROOT).resolve())
    production.MEDIA_ROOT = tmp_path
    production.STORAGES = {
        **production.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    document = get_document_model().objects.create(
        title="Rutine", file=ContentFile(b"internt innhold", name="rutine.txt")
    )
    anonymous, staff = Client(), Client()
    staff.force_login(f.StaffUserFactory())

    for url in (document.url, f"{production.MEDIA_URL}{document.file.name}"):
        response = anonymous.get(url, secure=True)
        assert response.status_code in (302, 404), url
        assert b"internt innhold" not in b"".join(response)
    response = staff.get(document.url, secure=True)
    assert response.status_code == 200 and b"".join(response) == b"internt innhold"
