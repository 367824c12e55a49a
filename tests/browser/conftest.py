"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Chromium comes from apt (`apt-get install chromium`, done by .ci/run), never from Playwright's
download. Without it the tests skip, except under CI=true, where they fail. Users are logged in
by making a session server-side and giving its cookie to the browser. axe-core comes from
node_modules (package.json).

The live server sees only committed rows, so these tests commit. Rather than emptying the
database after each test and building the site tree again (pytest-django's transactional
tests), each module builds what its tests share once (``shared_content``: the site tree), and
after each test the database is put back to a snapshot (tests/snapshots.py): with that content
for a test that asks for it, else as migrated. These modules carry no ``django_db`` mark: here
``db`` and ``transactional_db`` are this scheme, whose tests the top conftest.py orders before
pytest-django's transactional ones, while the database is still as migrated.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from conftest import SiteTree, build_site_tree
from tests import factories as f
from tests.snapshots import Snapshot

REPO = Path(__file__).resolve().parent.parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ARTIFACTS = REPO / "test-artifacts"


class _Committed:
    """The committed database of these tests: the migrated one's snapshot, and which snapshot
    the database is in now."""

    def __init__(self) -> None:
        self.migrated = Snapshot()
        self.current = self.migrated

    def restore(self, snapshot: Snapshot) -> None:
        snapshot.restore()
        self.current = snapshot

    def put_back(self, snapshot: Snapshot) -> None:
        """Restore ``snapshot`` unless the database is in it already."""
        if self.current is not snapshot:
            self.restore(snapshot)

    def build_over_migrated(self, build):
        """``build()`` over the migrated database: a module's shared content."""
        self.put_back(self.migrated)
        return build()


@pytest.fixture(scope="session")
def _committed(django_db_setup, django_db_blocker) -> _Committed:
    """Taken as the first module of these tests finds the database: as migrated (rolled-back
    tests leave it so, and these run before pytest-django's transactional ones)."""
    from wagtail.models import Site

    with django_db_blocker.unblock():
        if not Site.objects.exists():
            pytest.fail("the browser tests found the database emptied (test order)")
        committed = _Committed()
    yield committed
    with django_db_blocker.unblock():
        committed.migrated.drop()


@pytest.fixture(scope="module")
def shared_content(_committed, django_db_blocker) -> SiteTree:
    """What the module's tests that ask for it share, built once and committed over the
    migrated database: the site tree. A module may override it to share something else
    (test_accessibility: the loaded plan)."""
    with django_db_blocker.unblock():
        return _committed.build_over_migrated(lambda: build_site_tree(f.home_page()))


@pytest.fixture(scope="module")
def _module_snapshot(shared_content, _committed, django_db_blocker) -> Snapshot:
    """The database with the module's shared content; the migrated one again after the
    module."""
    with django_db_blocker.unblock():
        snapshot = Snapshot()
        _committed.current = snapshot
    yield snapshot
    with django_db_blocker.unblock():
        _committed.put_back(_committed.migrated)
        snapshot.drop()


@pytest.fixture
def db(request, _committed, django_db_blocker):
    """Database access that commits. The test finds the module's shared content when it asks
    for it (``shared_content``, ``site_tree``), else the migrated database; either is put back
    after it."""
    if "shared_content" in request.fixturenames:
        wanted = request.getfixturevalue("_module_snapshot")
    else:
        wanted = _committed.migrated
    with django_db_blocker.unblock():
        _committed.put_back(wanted)
        yield
        _committed.restore(wanted)


@pytest.fixture
def transactional_db(db):
    """The same as ``db`` here: pytest-django's live server asks for it."""


@pytest.fixture
def site_tree(shared_content, db) -> SiteTree:
    """The module's site tree, fresh from the database for this test."""
    return shared_content.reloaded()


@pytest.fixture(scope="module")
def _chromium():
    """Chromium, started once for the module; each test has windows of its own (``context``).

    Playwright's synchronous API runs an event loop in this thread while it is started, so
    Django would refuse database access from the (synchronous) tests and fixtures unless told
    it is safe. The loop also makes Django hand out other database connection objects than
    those opened before it (asgiref's context-local storage): both kinds are closed here.
    """
    missing = [path for path in (CHROMIUM, AXE) if not path.exists()]
    if missing:
        reason = (
            f"{', '.join(map(str, missing))} missing: install Chromium with "
            "`apt-get install chromium` and axe-core with `npm ci`"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run under CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        connections.close_all()
        chromium.close()
    connections.close_all()


@pytest.fixture
def browser(_chromium, live_server):
    """The module's Chromium, with the live server running."""
    return _chromium


@pytest.fixture
def context(browser, live_server):
    """A browser window in Norwegian, 1280 × 900, with no one logged in."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="nb-NO",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def log_in(context, live_server):
    """``log_in(user)``: make a session for ``user`` on the server, give its cookie to the
    browser."""

    def log_in(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )

    return log_in


@pytest.fixture
def page(context):
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            page.csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return page


def settled(page) -> None:
    """Wait until the page has loaded and its web fonts are in use: what axe measures
    (contrast, sizes) is then what a reader sees. Our pages fetch nothing after their load
    event, so this stands in for Playwright's "networkidle", which waits half a second more."""
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is now."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return results.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                targets: v.nodes.map((n) => n.target.join(" ")),
            }));
        }""",
        AXE_TAGS,
    )


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']}\n"
        + "".join(f"    {target}\n" for target in v["targets"])
        for v in violations
    )


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def focused(page) -> dict:
    """What has the keyboard focus: tag, id, text, href and whether a focus ring shows."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {
                tag: el.tagName.toLowerCase(),
                id: el.id,
                text: el.innerText ? el.innerText.trim().replace(/\\s+/g, " ") : "",
                href: el.getAttribute("href") || "",
                ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
                    || style.boxShadow !== "none",
                top: el.getBoundingClientRect().top,
            };
        }"""
    )


def tab_until(page, predicate, limit: int = 60) -> tuple[dict, int]:
    """Press Tab until ``predicate(focused(page))``; the element and the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        element = focused(page)
        if predicate(element):
            return element, presses
    raise AssertionError(f"not reached with {limit} presses of Tab; last: {element}")
