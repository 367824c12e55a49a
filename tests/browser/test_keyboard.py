"""Keyboard only: no mouse, no clicks. What a user who cannot use a mouse must be able to do."""

from __future__ import annotations

import re

import pytest

from .conftest import axe_violations, describe, focused, screenshot, tab_until

pytestmark = pytest.mark.browser

EMERGENCY_LINKS = ["tel:112", "tel:113", "tel:110", "tel:116006", "tel:+4722705580"]


@pytest.fixture
def staff_page(page, log_in, staff_user, site_tree):
    log_in(staff_user)
    return page


def test_the_skip_link_comes_first_shows_and_lands_in_the_main_content(staff_page, site_tree):
    page = staff_page
    page.goto(site_tree.measure.url)
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["text"] == "Hopp til hovedinnhold"
    assert skip["top"] >= 0 and skip["ring"], "the skip link must be visible when focused"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "hovedinnhold"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('main') !== null")


def test_the_emergency_numbers_are_reached_early_by_tab(staff_page, site_tree):
    page = staff_page
    page.goto(site_tree.routine.url)
    first, presses = tab_until(page, lambda el: el["href"].startswith("tel:"))
    assert presses <= 20, f"the emergency numbers need {presses} presses of Tab"
    reached = [first]
    for _ in EMERGENCY_LINKS[1:]:
        page.keyboard.press("Tab")
        reached.append(focused(page))
    assert [el["href"] for el in reached] == EMERGENCY_LINKS
    assert reached[0]["text"].startswith("Politi")
    assert all(el["ring"] for el in reached), "every link shows where the focus is"


def test_the_directory_filter_by_keyboard(staff_page, site_tree):
    page = staff_page
    page.goto(site_tree.directory.url)
    tab_until(page, lambda el: el["id"] == "malgruppe")
    page.keyboard.type("Vold")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Vis"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("?malgruppe=voldsutovere")
    text = page.inner_text("main")
    assert "1 hjelpetilbud for Voldsutøvere." in text
    assert "Alternativ til Vold" in text and "Krisesenteret i Oslo" not in text
    assert page.locator("#malgruppe").input_value() == "voldsutovere"


def test_search_by_keyboard(staff_page, site_tree):
    page = staff_page
    page.goto(site_tree.measure.url)
    tab_until(page, lambda el: el["id"] == "sok-topp")
    page.keyboard.type("opplysningsplikt")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(r"/search/\?q=opplysningsplikt$", page.url)
    result, _ = tab_until(page, lambda el: "Opplysningsplikt til barnevernet" in el["text"])
    assert result["href"] == site_tree.duty.url


def test_search_suggestions_by_keyboard(staff_page, site_tree):
    page = staff_page
    page.goto(site_tree.measure.url)
    tab_until(page, lambda el: el["id"] == "sok-topp")
    page.keyboard.type("Krisesenteret", delay=30)
    options = page.locator("#sok-topp-forslag [role='option']")
    options.first.wait_for(state="visible")
    page.keyboard.press("ArrowDown")
    first = options.first
    assert first.get_attribute("aria-selected") == "true"
    assert page.locator("#sok-topp").get_attribute("aria-activedescendant") == first.get_attribute(
        "id"
    )
    assert focused(page)["id"] == "sok-topp", "the focus stays in the search field"
    target = first.get_attribute("data-url")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(target)


def test_the_session_warning_by_keyboard(staff_page, site_tree, settings):
    """With the session shortened to 10 seconds: warned after 2, continue with Enter or
    Escape, logged out at the end with the reason on the login page."""
    settings.SESSION_COOKIE_AGE = 10
    settings.INTRANET_SESSION_REFRESH_SECONDS = 0
    settings.INTRANET_SESSION_WARNING_SECONDS = 8
    page = staff_page
    page.goto(site_tree.routine.url)
    dialog = page.get_by_role("dialog", name="Du blir snart logget ut")

    dialog.wait_for(state="visible")
    assert focused(page)["text"] == "Fortsett å være innlogget"
    violations = axe_violations(page)
    assert not violations, describe(violations)
    screenshot(page, "okt-varsel")
    page.keyboard.press("Enter")
    dialog.wait_for(state="hidden")

    dialog.wait_for(state="visible")
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert site_tree.routine.url in page.url

    page.wait_for_url(re.compile(r"/logg-inn/\?utlopt=1"), timeout=20_000)
    assert "Du ble logget ut fordi du ikke hadde vært aktiv" in page.inner_text("main")
    page.goto(site_tree.routine.url)
    assert "/logg-inn/" in page.url
