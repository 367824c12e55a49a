"""Other languages in a real browser: right-to-left layout, the note on untranslated pages and
the language switcher, checked with axe-core (valid lang attributes, contrast, names)."""

from __future__ import annotations

import pytest

from languages.locales import ensure_locale_roots

from .. import factories as f
from .conftest import axe_violations, describe, screenshot

pytestmark = pytest.mark.browser


def direction(page, selector: str) -> str:
    return page.eval_on_selector(selector, "el => getComputedStyle(el).direction")


def test_an_arabic_reader_gets_a_right_to_left_page_with_norwegian_content(
    site_tree, staff_user, page, log_in
):
    ensure_locale_roots()
    log_in(staff_user)
    page.goto(f"/ar{site_tree.guide.url}")

    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert direction(page, "body") == "rtl"
    assert direction(page, ".translation-note") == "rtl"
    assert direction(page, ".content-language") == "ltr"  # the Norwegian text reads left to right
    # Right to left, the brand starts at the right edge and the numbers still read 22 48 03 80.
    brand = page.locator(".site-header__brand").bounding_box()
    tools = page.locator(".site-header__tools").bounding_box()
    assert brand["x"] > tools["x"]
    assert direction(page, ".emergency__number") == "ltr"
    screenshot(page, "languages-ar-guide")
    violations = axe_violations(page)
    assert not violations, describe(violations)


@pytest.mark.parametrize("code", ["en", "ur", "so", "ta"])
def test_the_guide_in_other_languages_passes_axe(code, site_tree, staff_user, page, log_in):
    ensure_locale_roots()
    f.translate(site_tree.home, "en")
    f.translate(site_tree.guide, "en", {"Her får du hjelp": "Where to get help"})
    log_in(staff_user)
    page.goto(f"/{code}{site_tree.guide.url}")

    switcher = page.locator(".language-switcher__link")
    assert switcher.count() == 9
    assert (
        page.locator(f'.language-switcher__link[lang="{code}"]').get_attribute("aria-current")
        == "true"
    )
    violations = axe_violations(page)
    assert not violations, describe(violations)
