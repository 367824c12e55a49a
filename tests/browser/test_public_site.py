"""The exported public site in Chromium (docs/public-export.md): axe-core finds no WCAG 2.1 A/AA
violations on any public page type in Norwegian, English and Arabic (right to left), nothing
breaks the intranet's Content-Security-Policy, and «Forlat siden raskt» works from the keyboard.

The export is served by a small static HTTP server (as the district's website serves it, with
the intranet's CSP), not from file://, so relative links, scripts and the policy behave as on a
web server. A screenshot of each page goes into test-artifacts/.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from wagtail.models import Locale

from core.locales import text_direction
from directory.models import HelpServiceIndexPage, HelpServicePage
from guidance.models import (
    ConcernGuidePage,
    FocusAreaPage,
    LegalDutyPage,
    MeasurePage,
    PlanChapterPage,
    PlanPage,
)
from home.models import PopulationGuidePage
from loading.plan import load_plan
from public_site.rendering import QUICK_EXIT_URL
from public_site.selection import public_subset

from .. import factories as f
from .conftest import axe_violations, describe, screenshot, settled, tab_until
from .test_accessibility import report

pytestmark = pytest.mark.browser

PAGE_TYPES = (
    PopulationGuidePage,
    HelpServiceIndexPage,
    HelpServicePage,
    PlanPage,
    PlanChapterPage,
    FocusAreaPage,
    MeasurePage,
    ConcernGuidePage,
    LegalDutyPage,
)
LANGUAGES = ("nb", "en", "ar")
ARABIC = "بالعربية"  # "in Arabic", added to the titles of the Arabic translations
EXIT_PAGE = "<!DOCTYPE html><html lang='nb'><title>Yr</title><h1>Været</h1></html>"


class StaticFiles(SimpleHTTPRequestHandler):
    """The export's folder as a web server serves it, with the intranet's CSP."""

    policy = "; ".join(f"{name} {value}" for name, value in settings.INTRANET_CSP.items())

    def end_headers(self):
        self.send_header("Content-Security-Policy", self.policy)
        super().end_headers()

    def log_message(self, format, *args):
        pass


@dataclass
class StaticSite:
    folder: Path
    url: str

    def export(self) -> None:
        call_command("export_public", output=self.folder, base_url=self.url, stdout=StringIO())


@pytest.fixture
def static_site(tmp_path):
    folder = tmp_path / "nettside"
    folder.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(StaticFiles, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield StaticSite(folder=folder, url=f"http://127.0.0.1:{server.server_port}/")
    server.shutdown()
    server.server_close()


@pytest.fixture
def context(browser, static_site):
    """As the browser tests' own, but on the static site."""
    context = browser.new_context(
        base_url=static_site.url, locale="nb-NO", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    context.route(QUICK_EXIT_URL + "**", lambda route: route.fulfill(body=EXIT_PAGE))
    yield context
    context.close()


def publish_every_page_type_in_three_languages() -> None:
    """The first page of each public type made public, and it and its ancestors translated into
    English and Arabic, as the coordinator and the translators would."""
    default = Locale.get_default()
    chosen = [model.objects.filter(locale=default).order_by("path").first() for model in PAGE_TYPES]
    for page in chosen:
        if not page.publish_on_website:
            page.publish_on_website = True
            page.save_revision().publish()
    home = chosen[0].get_parent().specific
    lineage = {ancestor.pk: ancestor for page in chosen for ancestor in page.get_ancestors()}
    lineage.update({page.pk: page for page in chosen})
    in_tree_order = sorted(
        (page for page in lineage.values() if page.depth > home.depth), key=lambda p: p.path
    )
    english = Locale.objects.get(language_code="en")
    f.translate(home, "ar")
    for page in in_tree_order:
        page = page.specific
        f.translate(page, "ar", {page.title: f"{page.title} – {ARABIC}"})
        # load_plan has translated the guide into English: keep its texts.
        if not page.get_translations().filter(locale=english, alias_of__isnull=True).exists():
            f.translate(page, "en")


def exported_page_types() -> dict[str, str]:
    """The first exported file of each public page type in each of LANGUAGES."""
    files = {}
    for item in public_subset().pages:
        files.setdefault(f"{item.page._meta.model_name}-{item.language}", item.file)
    return files


def inspect(page, name: str, url: str, language: str | None = None) -> list[str]:
    problems = []
    response = page.goto(url)
    settled(page)
    if response.status != 200:
        problems.append(f"HTTP {response.status}")
    if language:
        found = page.evaluate("[document.documentElement.lang, document.documentElement.dir]")
        if found != [language, text_direction(language)]:
            problems.append(f"<html lang dir> is {found}")
    if violations := axe_violations(page):
        problems.append("axe:\n" + describe(violations))
    problems += [f"CSP: {message}" for message in page.csp_violations]
    page.csp_violations.clear()
    screenshot(page, f"nettside-{name}")
    return problems


def test_every_public_page_type_in_norwegian_english_and_arabic(page, static_site):
    load_plan()
    publish_every_page_type_in_three_languages()
    static_site.export()
    files = exported_page_types()
    expected = [
        f"{model._meta.model_name}-{language}" for model in PAGE_TYPES for language in LANGUAGES
    ]
    assert not [name for name in expected if name not in files], sorted(files)

    problems = {}
    for name in expected:
        if found := inspect(page, name, files[name], language=name.rsplit("-", 1)[1]):
            problems[f"{name} ({files[name]})"] = found
    if found := inspect(page, "oversikt", "index.html"):
        problems["oversikt (index.html)"] = found
    assert not problems, report(problems)


def test_quick_exit_is_early_in_the_tab_order_and_shift_three_times_leaves(
    page, static_site, site_tree
):
    static_site.export()
    page.goto("index.html")
    page.goto("nb/veileder/index.html")
    assert page.locator("[data-quick-exit-hint]").is_visible()

    element, presses = tab_until(page, lambda element: element["href"] == QUICK_EXIT_URL)
    assert presses <= 2, "after the skip link at the latest"
    assert element["text"] == "Forlat siden raskt"
    assert element["ring"], "no visible focus ring"

    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(QUICK_EXIT_URL)
    assert page.title() == "Yr"

    # location.replace: going back skips the page that was left.
    page.go_back()
    page.wait_for_load_state()
    assert page.url == f"{static_site.url}index.html"


def test_two_presses_of_shift_or_other_keys_in_between_stay(page, static_site, site_tree):
    static_site.export()
    page.goto("nb/veileder/index.html")
    for key in ("Shift", "Shift", "a", "Shift"):
        page.keyboard.press(key)
    page.wait_for_timeout(300)
    assert page.url == f"{static_site.url}nb/veileder/index.html"


def test_quick_exit_without_javascript_is_a_plain_link(browser, static_site, site_tree):
    static_site.export()
    context = browser.new_context(base_url=static_site.url, java_script_enabled=False)
    context.route(QUICK_EXIT_URL + "**", lambda route: route.fulfill(body=EXIT_PAGE))
    page = context.new_page()
    page.goto("nb/veileder/index.html")
    assert not page.locator("[data-quick-exit-hint]").is_visible()

    page.get_by_role("link", name="Forlat siden raskt").click()
    page.wait_for_url(QUICK_EXIT_URL)
    context.close()
