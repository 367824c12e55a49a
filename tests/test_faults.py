"""The site keeps working when a part of it fails (issue 13, faults).

Redis down: pages come from the database, login and logout work, the health check says the
cache is degraded. The database gone: a Norwegian error page with status 503, and the site
recovers by itself when it is back. The long runs (Redis stopped under load, PostgreSQL
restarted under load, ``load_plan`` killed twenty times) are in ``scripts/fault_drills``.
"""

from __future__ import annotations

import logging

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client
from wagtail.models import PageViewRestriction

from core.visibility import restrictions
from intranet import cache as intranet_cache

from . import factories as f
from .factories import DEFAULT_PASSWORD

# Nothing listens on the discard port: every Redis command fails at once.
CLOSED_REDIS = "redis://127.0.0.1:9/0"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "intranet.cache.ReusingRedisCache",
            "LOCATION": CLOSED_REDIS,
            "KEY_PREFIX": "vnr",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    intranet_cache.ReusingRedisCache._last_warning = 0.0
    return settings


def test_with_redis_down_staff_log_in_read_pages_and_log_out(site_tree, redis_down, caplog):
    user = f.StaffUserFactory()
    client = Client()
    caplog.set_level(logging.WARNING, logger="intranet.cache")

    response = client.post("/logg-inn/", {"username": user.username, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302

    for page in site_tree.pages.values():
        assert client.get(page.url).status_code == 200, page.url
    assert client.get("/search/?q=krisesenter").status_code == 200

    assert client.post("/logg-ut/").status_code == 302
    assert client.get(site_tree.unit.url).status_code == 302  # logged out: to the login page
    assert "Redis does not answer" in caplog.text
    assert len([r for r in caplog.records if r.name == "intranet.cache"]) == 1


def test_with_redis_down_the_health_check_says_degraded(db, redis_down):
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "fail"}


def test_without_the_database_staff_get_a_norwegian_503(site_tree, monkeypatch):
    """While the database is down (a restart): a clear page with status 503, not a stack
    trace; the real restart under load is in scripts/fault_drills."""
    client = Client(raise_request_exception=False)
    client.force_login(f.StaffUserFactory())
    url = site_tree.unit.url

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as outage:
        outage.setattr(connection, "ensure_connection", refuse)
        response = client.get(url)
        health = Client(raise_request_exception=False).get("/healthz")

    assert response.status_code == 503 and response["Retry-After"] == "5"
    html = response.content.decode()
    assert 'lang="nb"' in html
    assert "Intranettet er utilgjengelig akkurat nå" in html
    assert "112" in html  # the emergency numbers, from their defaults
    assert health.status_code == 503 and health.json()["status"] == "fail"
    # Back: the next request is served again.
    assert client.get(url).status_code == 200


def test_with_redis_down_a_new_view_restriction_counts_at_once(site_tree, redis_down):
    """Without Redis there is no content generation to tell a change by: the restrictions are
    read again each time, not kept in the process."""
    assert restrictions() == []
    PageViewRestriction.objects.create(
        page=site_tree.unit, restriction_type=PageViewRestriction.LOGIN
    )
    assert [r.path for r in restrictions()] == [site_tree.unit.path]
