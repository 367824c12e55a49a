"""The accessibility statement: created by load_plan, linked from every page and the only page
readable without logging in."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.test import Client

from directory.models import HelpServiceIndexPage
from guidance.models import MeasurePage, RoutinePage
from home.models import ContentPage, HomePage
from loading.plan import DEFAULT_DATA_FILE

from . import factories as f
from .helpers import assert_in_order, page_text

STATEMENT = "/tilgjengelighetserklaering/"


def test_load_plan_creates_the_statement_outside_the_menu(loaded):
    page = ContentPage.objects.get(slug="tilgjengelighetserklaering")
    assert page.url == STATEMENT
    assert page.live and not page.show_in_menus
    assert page.get_parent().specific_class.__name__ == "HomePage"


def test_the_statement_says_what_was_tested_what_is_missing_and_whom_to_tell(loaded):
    text = page_text(Client().get(STATEMENT))
    assert_in_order(
        text,
        "Tilgjengelighetserklæring",
        "Krav vi følger",
        "WCAG 2.1",
        "Slik har vi testet",
        "axe-core",
        "bare tastatur",
        "Kjente mangler",
        "Wagtail",
        "Si fra om feil og mangler",
        "uutilsynet.no",
        "sist oppdatert 26. november 2026",
    )


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        pytest.param("get", STATEMENT, 200, id="the statement"),
        pytest.param("head", STATEMENT, 200, id="the statement, HEAD"),
        pytest.param("get", STATEMENT + "?fra=innlogging", 200, id="with a query"),
        pytest.param("post", STATEMENT, 302, id="POST to the statement"),
        pytest.param("get", STATEMENT + "underside/", 302, id="a page below it"),
        pytest.param("get", "/en" + STATEMENT, 302, id="another language"),
        pytest.param("get", "/", 302, id="the front page"),
        pytest.param("get", "/hjelpetilbud/", 302, id="another page"),
    ],
)
def test_only_the_statement_is_public(method, path, status, loaded):
    f.ContentPageFactory(
        parent=ContentPage.objects.get(slug="tilgjengelighetserklaering"),
        title="Intern underside",
        slug="underside",
    )
    response = getattr(Client(), method)(path)
    assert response.status_code == status
    if status == 302:
        assert "/logg-inn/?next=" in response["Location"]


def test_anonymous_readers_see_no_menu_and_nobody_elses_name(loaded, staff_user):
    staff = Client()
    staff.force_login(staff_user)
    assert staff_user.get_full_name() in page_text(staff.get(STATEMENT))  # now in the cache
    html = Client().get(STATEMENT).content.decode()
    assert staff_user.get_full_name() not in html
    assert "Hovedmeny" not in html and "Logg ut" not in html
    assert '<html lang="nb"' in html


@pytest.mark.parametrize(
    "model", [HomePage, MeasurePage, RoutinePage, HelpServiceIndexPage, "login", "404"]
)
def test_every_page_links_to_the_statement(model, loaded, staff_client):
    urls = {"login": "/logg-inn/", "404": "/finnes-ikke/"}
    client = Client() if model == "login" else staff_client
    url = urls[model] if isinstance(model, str) else model.objects.live().first().url
    response = client.get(url)
    assert f'<a href="{STATEMENT}">Tilgjengelighetserklæring</a>' in response.content.decode()


def test_a_provision_block_in_the_statement_is_refused(loaded, tmp_path: Path):
    content = yaml.safe_load(DEFAULT_DATA_FILE.read_text(encoding="utf-8"))
    content["accessibility_statement"]["body"][0] = {"provision": "straffeloven-196"}
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CommandError, match=r"accessibility_statement\.body\[0\]: expected exactly"):
        call_command("load_plan", file=path)
