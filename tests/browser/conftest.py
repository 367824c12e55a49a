"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Chromium comes from apt (`apt-get install chromium`, done by .ci/run), never from Playwright's
download. Without it the tests skip, except under CI=true, where they fail. Users are logged in
by making a session server-side and giving its cookie to the browser. axe-core comes from
node_modules (package.json).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

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


@pytest.fixture
def browser(live_server, monkeypatch):
    """Chromium, started for each test.

    Playwright's synchronous API runs an event loop in this thread, so Django would refuse
    database access from the (synchronous) test code unless told it is safe. The loop also
    makes Django hand out other database connection objects than the test's own (asgiref's
    context-local storage): stopping Playwright before the database is flushed lets the flush
    see the test's connection, and the connections opened in between are closed here.
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

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
        connections.close_all()


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
