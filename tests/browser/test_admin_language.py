"""The parts of the admin that JavaScript draws read in Norwegian too (issue 19): Draftail's
toolbar, the comments panel, the minimap and a chooser, checked in a real browser with the
same word lists as tests/test_admin_language.py."""

from __future__ import annotations

import pytest

from tests import factories as f
from tests.admin_language import WORD, english_only_words

pytestmark = pytest.mark.browser

# Everything a reader meets on the screen as it is now: the visible text and the labels of
# the visible elements (what a screen reader says, and the tooltips).
SCREEN_TEXTS = """() => {
    const texts = [document.body.innerText];
    for (const element of document.querySelectorAll("*")) {
        const box = element.getBoundingClientRect();
        if (!box.width && !box.height) continue;
        for (const name of ["aria-label", "title", "placeholder", "alt", "data-tooltip"]) {
            const value = element.getAttribute(name);
            if (value) texts.push(value);
        }
    }
    return texts;
}"""


def english_on_screen(page) -> list[str]:
    english = english_only_words()
    found = set()
    for text in page.evaluate(SCREEN_TEXTS):
        for line in text.splitlines():
            if {w.lower() for w in WORD.findall(line)} & english:
                found.add(" ".join(line.split()))
    return sorted(found)


def test_the_editors_javascript_reads_in_norwegian(site_tree, page, log_in):
    log_in(f.CoordinatorFactory())
    response = page.goto(f"/admin/pages/{site_tree.duty.pk}/edit/")
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    found = {}

    # Draftail: the block picker, and the floating toolbar over selected text.
    editor = page.locator(".Draftail-Editor [contenteditable=true]").first
    editor.click()
    page.get_by_role("button", name="Sett inn en blokk").first.click()
    page.wait_for_timeout(300)
    found["block picker"] = english_on_screen(page)
    page.keyboard.press("Escape")
    editor.click()
    page.keyboard.type("tekst")
    page.keyboard.press("Shift+Home")
    page.wait_for_timeout(300)
    found["rich text toolbar"] = english_on_screen(page)

    # The comments, the checks, the status and the preview panels.
    for name in ("Vis/skjul kommentarer", "Vis/skjul sjekker", "Vis/skjul status"):
        page.get_by_role("button", name=name).first.click()
        page.wait_for_timeout(500)
        found[name] = english_on_screen(page)

    # A chooser, opened from the rich text's link button.
    editor.click()
    page.keyboard.press("Control+k")
    page.wait_for_selector(".modal-dialog", state="visible")
    page.wait_for_load_state("networkidle")
    found["page chooser"] = english_on_screen(page)

    found = {screen: texts for screen, texts in found.items() if texts}
    assert not found, found
