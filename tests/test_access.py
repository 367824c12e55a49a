"""Only logged-in staff see the intranet: every URL sends anonymous visitors to the login page."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from .factories import DEFAULT_PASSWORD
from .helpers import page_text

LOGIN_PATH = "/logg-inn/"

# Every page type in the site_tree fixture, by attribute, plus the routes that are not pages.
PAGE_ATTRIBUTES = [
    "home",
    "content",
    "plan",
    "chapter",
    "focus_area",
    "measure",
    "concern",
    "duty",
    "unit_index",
    "unit",
    "routine",
    "directory",
    "service",
    "guide",
    "path",
]
OTHER_TARGETS = ["search", "plan_role", "document"]


@pytest.fixture
def document(db, settings, tmp_path):
    """A document on disk: Wagtail's serve view sends files by their storage path, which the
    test settings' InMemoryStorage only pretends to have."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    document = get_document_model()(title="Rutine for samtale med barn")
    document.file.save("rutine.txt", ContentFile(b"Rutine for samtale med barn.\n"), save=False)
    document.save()
    return document


def target_url(name: str, site_tree, document) -> str:
    if name == "service":
        return site_tree.services[0].url
    if name == "search":
        return "/search/?q=vold"
    if name == "plan_role":
        return f"{site_tree.plan.url}ansvar/{site_tree.roles['koordinator'].slug}/"
    if name == "document":
        return document.url
    return getattr(site_tree, name).url


def assert_redirects_to_login(response, next_path: str, login_path: str = LOGIN_PATH) -> None:
    assert response.status_code == 302, response.status_code
    location = urlsplit(response["Location"])
    assert location.path == login_path
    assert parse_qs(location.query).get("next") == [next_path]


@pytest.mark.parametrize("name", PAGE_ATTRIBUTES + OTHER_TARGETS)
def test_anonymous_visitors_are_sent_to_login(name, site_tree, document, anonymous_client):
    url = target_url(name, site_tree, document)
    response = anonymous_client.get(url)
    assert_redirects_to_login(response, url)


@pytest.mark.parametrize("name", PAGE_ATTRIBUTES + OTHER_TARGETS)
def test_staff_see_every_page(name, site_tree, document, staff_client):
    response = staff_client.get(target_url(name, site_tree, document))
    assert response.status_code == 200


def test_unknown_paths_also_need_login(site_tree, anonymous_client):
    """Anonymous visitors cannot even learn which paths exist."""
    response = anonymous_client.get("/finnes-ikke/")
    assert_redirects_to_login(response, "/finnes-ikke/")


def test_login_page_is_public_and_norwegian(anonymous_client):
    response = anonymous_client.get(LOGIN_PATH)
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="nb"' in content
    assert "Logg inn" in page_text(response)
    assert 'name="username"' in content
    assert 'name="password"' in content


def test_login_with_valid_credentials_returns_to_next(site_tree, staff_user, anonymous_client):
    next_path = site_tree.measure.url
    response = anonymous_client.post(
        f"{LOGIN_PATH}?next={next_path}",
        {"username": staff_user.username, "password": DEFAULT_PASSWORD, "next": next_path},
    )
    assert response.status_code == 302
    assert response["Location"] == next_path
    assert anonymous_client.get(next_path).status_code == 200


def test_login_with_a_wrong_password_fails(staff_user, anonymous_client):
    response = anonymous_client.post(
        LOGIN_PATH, {"username": staff_user.username, "password": "feil-passord"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in anonymous_client.session


def test_logged_in_users_skip_the_login_page(staff_client):
    response = staff_client.get(LOGIN_PATH)
    assert response.status_code == 302


def test_logout_needs_post_and_ends_the_session(site_tree, staff_client):
    response = staff_client.post("/logg-ut/")
    assert response.status_code == 302
    assert_redirects_to_login(staff_client.get(site_tree.home.url), site_tree.home.url)


def test_admin_sends_anonymous_visitors_to_wagtails_own_login(anonymous_client):
    response = anonymous_client.get("/admin/")
    assert_redirects_to_login(response, "/admin/", login_path="/admin/login/")


def test_admin_login_page_is_public(anonymous_client):
    assert anonymous_client.get("/admin/login/").status_code == 200


def test_ordinary_staff_have_no_admin(staff_client):
    """Staff without the coordinator's rights are turned away from the admin."""
    response = staff_client.get("/admin/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert urlsplit(response["Location"]).path != "/admin/"
