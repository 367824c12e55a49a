"""The search box's suggestions in a real browser: the combobox pattern with the keyboard only,
the form without JavaScript, and the search pages checked with axe-core."""

from __future__ import annotations

import pytest

from .conftest import axe_violations, describe

pytestmark = pytest.mark.browser


@pytest.fixture
def staff_page(site_tree, staff_user, page, log_in):
    log_in(staff_user)
    page.goto(site_tree.plan.url)
    return page


def combobox(page):
    return page.locator("#sok-topp")


def type_query(page, text: str) -> None:
    field = combobox(page)
    field.focus()
    field.press_sequentially(text, delay=30)
    page.wait_for_selector("#sok-topp-forslag:not([hidden])")


def test_suggestions_work_with_the_keyboard_alone(site_tree, staff_page):
    page = staff_page
    field = combobox(page)
    assert field.get_attribute("role") == "combobox"
    assert field.get_attribute("aria-expanded") == "false"
    type_query(page, "krise")
    assert field.get_attribute("aria-expanded") == "true"
    assert field.get_attribute("aria-controls") == "sok-topp-forslag"
    options = page.locator("#sok-topp-forslag [role=option]")
    assert "Krisesenteret i Oslo" in options.first.inner_text()
    assert "Se alle treff for «krise»" in options.last.inner_text()
    assert page.locator("#sok-topp-forslag").get_attribute("role") == "listbox"

    page.keyboard.press("ArrowDown")
    first_id = options.first.get_attribute("id")
    assert field.get_attribute("aria-activedescendant") == first_id
    assert options.first.get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowUp")  # wraps to the last option
    assert field.get_attribute("aria-activedescendant") == options.last.get_attribute("id")
    assert page.evaluate("document.activeElement.id") == "sok-topp"  # focus stays in the field

    page.keyboard.press("Escape")
    assert field.get_attribute("aria-expanded") == "false"
    assert field.get_attribute("aria-activedescendant") is None
    assert field.input_value() == "krise"
    page.keyboard.press("Escape")
    assert field.input_value() == ""

    type_query(page, "krisesenter")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(site_tree.services[0].url)
    assert page.csp_violations == []


def test_enter_without_a_chosen_suggestion_searches(site_tree, staff_page):
    type_query(staff_page, "krisesenter")
    with staff_page.expect_navigation():
        staff_page.keyboard.press("Enter")
    assert "/search/?q=krisesenter" in staff_page.url
    assert staff_page.locator("h1").inner_text() == "Søkeresultater for «krisesenter»"


def test_the_form_works_without_javascript(site_tree, staff_user, browser, live_server, log_in):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(staff_user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
        page = context.new_page()
        page.goto(site_tree.plan.url)
        page.fill("#sok-topp", "krisesentre")
        page.press("#sok-topp", "Enter")
        page.wait_for_url("**/search/?q=krisesentre")
        assert page.locator(".search-result").count() >= 1
        assert page.locator("#sok-topp-forslag").count() == 0
    finally:
        context.close()


@pytest.mark.parametrize("query", ["krisesentre", "xqzvwk", "krisesnteret"])
def test_search_pages_have_no_axe_violations(query, site_tree, staff_user, page, log_in):
    log_in(staff_user)
    page.goto(f"/search/?q={query}")
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_open_suggestions_have_no_axe_violations(staff_page):
    type_query(staff_page, "krise")
    staff_page.keyboard.press("ArrowDown")
    violations = axe_violations(staff_page)
    assert not violations, describe(violations)
