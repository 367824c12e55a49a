"""axe-core in Chromium: no WCAG 2.1 A/AA violations on any page of the intranet, and no
Content-Security-Policy violations; a screenshot of each into test-artifacts/.

The pages are the real action plan as load_plan builds it, so every page type is there with
real content (long titles, many units, superseded provisions).
"""

from __future__ import annotations

import pytest
from wagtail.models import Locale, Page, get_page_models

from directory.models import HelpServiceIndexPage
from guidance.models import PlanPage
from loading.plan import load_plan

from .conftest import axe_violations, describe, screenshot, settled

pytestmark = pytest.mark.browser

OUR_APPS = ("home", "guidance", "directory", "onboarding")


def page_type_urls() -> dict[str, str | None]:
    """The first live page of each of our page types, in the default language (None when
    there is none to check)."""
    default = Locale.get_default()
    urls = {}
    for model in get_page_models():
        if model._meta.app_label in OUR_APPS:
            page = model.objects.live().filter(locale=default).order_by("path").first()
            urls[model._meta.model_name] = page.url if page else None
    return urls


def translation_urls() -> dict[str, str]:
    """The first live page in each other language that has any (e.g. right-to-left ones)."""
    pages = Page.objects.live().filter(depth__gt=1).exclude(locale=Locale.get_default())
    urls = {}
    for page in pages.select_related("locale").order_by("locale__language_code", "path"):
        urls.setdefault(f"sprak-{page.locale.language_code}", page.url)
    return urls


def other_views() -> dict[str, str]:
    plan = PlanPage.objects.live().first()
    directory = HelpServiceIndexPage.objects.live().first()
    return {
        "ansvar": f"{plan.url}ansvar/koordinator/",
        "hjelpetilbud-filtrert": f"{directory.url}?malgruppe=eldre",
        "sok-uten-sokeord": "/search/",
        "sok-med-treff": "/search/?q=vold",
        "sok-uten-treff": "/search/?q=xyzzyqwv",
        "min-leseliste": "/min-leseliste/",
    }


def inspect(page, name: str) -> list[str]:
    """axe and CSP violations on the page as it is now; saves a screenshot called ``name``."""
    problems = []
    violations = axe_violations(page)
    if violations:
        problems.append("axe:\n" + describe(violations))
    problems += [f"CSP: {message}" for message in page.csp_violations]
    page.csp_violations.clear()
    screenshot(page, name)
    return problems


def check(page, name: str, url: str | None, status: int = 200) -> list[str]:
    if url is None:
        return ["no live page of this type to check: make load_plan create one"]
    response = page.goto(url)
    settled(page)
    problems = [] if response.status == status else [f"HTTP {response.status}, not {status}"]
    return problems + inspect(page, name)


@pytest.fixture(scope="module")
def shared_content(_committed, django_db_blocker):
    """The whole plan, loaded once for the module over the migrated database."""
    with django_db_blocker.unblock():
        return _committed.build_over_migrated(load_plan)


def report(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{name}:\n  " + "\n  ".join(found) for name, found in problems.items())


def test_every_page_type_for_logged_in_staff(shared_content, page, log_in, staff_user):
    log_in(staff_user)
    targets = {**page_type_urls(), **other_views(), **translation_urls()}
    problems = {}
    for name, url in targets.items():
        if found := check(page, name, url):
            problems[f"{name} ({url})"] = found
    if found := check(page, "fant-ikke-siden", "/finnes-ikke/", status=404):
        problems["fant-ikke-siden"] = found
    assert not problems, report(problems)


def test_the_search_pages_checked_are_with_and_without_results(
    shared_content, page, log_in, staff_user
):
    log_in(staff_user)
    page.goto(other_views()["sok-med-treff"])
    assert page.locator(".search-result").count() > 0
    page.goto(other_views()["sok-uten-treff"])
    assert page.locator(".no-results").count() == 1


def test_pages_without_login(shared_content, page, staff_user):
    problems = {}
    for name, url in {
        "innlogging": "/logg-inn/",
        "innlogging-utlopt": "/logg-inn/?utlopt=1",
        "tilgjengelighetserklaering-uten-innlogging": "/tilgjengelighetserklaering/",
    }.items():
        if found := check(page, name, url):
            problems[name] = found

    page.goto("/logg-inn/")
    page.get_by_label("Brukernavn").fill(staff_user.username)
    page.get_by_label("Passord").fill("feil-passord")
    page.get_by_role("button", name="Logg inn").click()
    settled(page)
    assert page.get_by_role("alert").count() == 1
    if found := inspect(page, "innlogging-feil"):
        problems["innlogging-feil"] = found
    assert not problems, report(problems)
