"""The decision aid as staff meet it (issue 14): three scenarios walked from the front page in a
real browser, counting the clicks and the seconds to the number to call; the path without
JavaScript; and the path printed as a one-page pocket card."""

from __future__ import annotations

import re
import time
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from guidance.models import ConcernPathPage, UnitPage
from tests import factories as f

from .conftest import axe_violations, describe

pytestmark = pytest.mark.browser
MAX_CLICKS = 2
PHONE = {"width": 390, "height": 844}


def walk(page, steps) -> tuple[int, float]:
    """Do ``steps`` (callables, each one click or submit) and return clicks and seconds."""
    started = time.monotonic()
    for step in steps:
        step()
        page.wait_for_load_state("domcontentloaded")
    return len(steps), time.monotonic() - started


def report(name: str, clicks: int, seconds: float) -> None:
    print(f"\n{name}: {clicks} clicks, {seconds:.2f} s to the number")


def test_a_kindergarten_teacher_finds_the_number_through_the_menu(site_tree, page, log_in):
    log_in(f.StaffUserFactory(unit=site_tree.unit))
    page.set_viewport_size(PHONE)
    page.goto("/")
    clicks, seconds = walk(
        page,
        [
            lambda: page.get_by_role("link", name=site_tree.concern.title).first.click(),
            lambda: page.get_by_role("link", name="Et barn eller en ungdom").click(),
        ],
    )
    number = page.locator('.path-acute a[href="tel:+4722480380"]')
    assert number.is_visible()
    assert page.locator(".reader-unit").get_by_text("Din enhet: Helsestasjonen").is_visible()
    report("barnehage via menu", clicks, seconds)
    assert clicks <= MAX_CLICKS
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_a_home_care_nurse_gets_the_answer_on_the_first_search_screen(site_tree, page, log_in):
    log_in(f.StaffUserFactory())
    page.goto("/")
    field = page.locator("#sok-forside")

    def search():
        field.fill("pappa slår")
        field.press("Enter")

    clicks, seconds = walk(page, [search])
    card = page.locator(".answer-card")
    assert card.locator('a[href="tel:+4722480380"]').is_visible()
    assert card.get_by_role("link", name=site_tree.duty.title).is_visible()
    # On a phone too the card is on the first screen, above the filters.
    page.set_viewport_size(PHONE)
    assert card.bounding_box()["y"] + 100 < PHONE["height"]
    report("search", clicks, seconds)
    assert clicks <= MAX_CLICKS
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_a_nav_adviser_without_javascript_reaches_the_path(site_tree, browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="nb-NO"
    )
    client = Client()
    client.force_login(f.StaffUserFactory())
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto("/")
    clicks, seconds = walk(
        page,
        [
            lambda: page.get_by_role("link", name=site_tree.concern.title).first.click(),
            lambda: page.get_by_role("link", name="Et barn eller en ungdom").click(),
        ],
    )
    assert page.locator('.path-acute a[href="tel:+4722480380"]').is_visible()
    # Without a unit, the unit is chosen with a plain form.
    page.select_option("#reader-unit-choice", site_tree.unit.slug)
    page.get_by_role("button", name="Vis").click()
    assert page.get_by_text("Enheten: Helsestasjonen").is_visible()
    assert page.get_by_text("Ola Ressursperson", exact=True).is_visible()
    report("NAV without JavaScript", clicks, seconds)
    assert clicks <= MAX_CLICKS
    context.close()


def test_the_path_prints_on_one_a4_page(site_tree, page, log_in):
    log_in(f.StaffUserFactory(unit=site_tree.unit))
    page.goto(site_tree.path.url)
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1, f"{pages} pages"
    page.emulate_media(media="print")
    assert page.locator(".path-acute").is_visible()
    assert (
        not page.locator(".reader-unit__choice").count()
        or not page.locator(".reader-unit__choice").is_visible()
    )
    assert not page.locator(".site-footer").is_visible()


def test_every_loaded_path_prints_on_one_a4_page(page, log_in):
    call_command("load_plan", stdout=StringIO())
    unit = UnitPage.objects.get(slug="barnehager")
    log_in(f.StaffUserFactory(unit=unit))
    too_long = {}
    for path in ConcernPathPage.objects.live().order_by("path"):
        page.goto(path.url)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4")))
        if pages != 1:
            too_long[path.slug] = pages
    assert not too_long, too_long
