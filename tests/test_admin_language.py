"""The admin reads in Norwegian Bokmål from end to end (issue 19): every screen each role's
work touches, checked for English by tests/admin_language.py.

``scripts/check_admin_language`` runs this module and prints every English text with its screen
and role.
"""

from __future__ import annotations

import gettext
import json
import os
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from languages.locales import ensure_locale_roots
from tests import factories as f

from .admin_language import english_texts

REPORT = os.environ.get("ADMIN_LANGUAGE_REPORT") == "1"

COMMON = [
    "wagtailadmin_home",
    "wagtailadmin_explore_root",
    "wagtailadmin_choose_page",
    "wagtailimages:index",
    "wagtailimages:add_multiple",
    "wagtailimages_chooser:choose",
    "wagtaildocs:index",
    "wagtaildocs:add_multiple",
    "wagtaildocs_chooser:choose",
    "wagtailadmin_pages:search",
    "wagtailadmin_reports:workflow",
    "wagtailadmin_reports:workflow_tasks",
    "wagtailadmin_reports:site_history",
    "wagtailadmin_reports:aging_pages",
]
COORDINATING = [
    "wagtailadmin_reports:locked_pages",
    "vnr_coordinator_overview",
    "vnr_link_report",
    "reporting_open",
    "vnr_reading_follow_up",
    "vnr_out_of_date_translations",
    "search_statistics:top",
    "search_statistics:zero_results",
    "wagtail_localize:translations_report",
    "wagtailsnippets:index",
    "wagtailsnippets_guidance_responsiblerole:list",
    "wagtailsnippets_guidance_responsiblerole:add",
    "wagtailsnippets_guidance_legalprovision:list",
    "wagtailsnippets_guidance_legalprovision:add",
    "wagtailsnippets_directory_targetgroup:list",
    "wagtailsnippets_intranet_search_synonymgroup:list",
    "wagtailsnippets_intranet_search_synonymgroup:add",
    "wagtailsearchpromotions:index",
    "wagtailsearchpromotions:add",
]
ADMINISTRATING = [
    "wagtailusers_users:index",
    "wagtailusers_users:add",
    "wagtailusers_groups:index",
    "wagtailadmin_workflows:index",
    "wagtailadmin_workflows:task_index",
    "wagtaillocales:index",
    "wagtailsites:index",
    "wagtailredirects:index",
]


def page_screens(page: Page, *, add: bool = True) -> list[str]:
    parent = page.get_parent().specific
    model = page.specific_class
    meta = model._meta
    add_url = reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, parent.pk])
    return [
        reverse("wagtailadmin_explore", args=[page.pk]),
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:history", args=[page.pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[page.pk]),
        reverse("wagtailadmin_pages:usage", args=[page.pk]),
        *([add_url] if add and model.can_create_at(parent) else []),
    ]


def screens_for(role: str, site_tree, translated) -> list[str]:
    if role == "translator":
        return [
            reverse("wagtailadmin_home"),
            reverse("wagtailadmin_pages:edit", args=[translated.pk]),
        ]
    urls = [reverse(name) for name in COMMON]
    if role == "resource_person":
        return urls + page_screens(site_tree.unit, add=False) + page_screens(site_tree.routine)
    pages = list(site_tree.pages.values())
    urls += [url for page in pages for url in page_screens(page)]
    if role in ("coordinator", "administrator"):
        urls += [reverse(name) for name in COORDINATING]
        urls.append(reverse("wagtailsettings:edit", args=["core", "emergencynumbers"]))
        urls.append(reverse("public_site_preview", args=[site_tree.services[0].pk]))
        urls.append(reverse("wagtailadmin_pages:edit", args=[translated.pk]))
    if role == "administrator":
        urls += [reverse(name) for name in ADMINISTRATING]
    return urls


def user_for(role: str, site_tree):
    return {
        "coordinator": f.CoordinatorFactory,
        "administrator": f.AdministratorFactory,
        "editor": f.EditorFactory,
        "translator": f.TranslatorFactory,
        "resource_person": lambda: f.ResourcePersonFactory(unit=site_tree.unit),
    }[role]()


def screen_html(client: Client, url: str) -> tuple[int, str]:
    """The screen's status and HTML; a screen that sends the user to the dashboard (refused)
    counts as unreachable."""
    response = client.get(url, follow=True)
    if response.redirect_chain and response.request["PATH_INFO"] == reverse("wagtailadmin_home"):
        return 403, ""
    if response.get("Content-Type", "").startswith("application/json"):
        return response.status_code, json.loads(response.content).get("html", "")
    return response.status_code, response.content.decode()


@pytest.mark.parametrize(
    "role", ["resource_person", "editor", "translator", "coordinator", "administrator"]
)
def test_every_screen_of_the_role_reads_in_norwegian(role, site_tree):
    ensure_locale_roots()
    for page in site_tree.measure.get_ancestors(inclusive=True).filter(depth__gte=2).specific():
        translated = f.translate(page, "en")
    client = Client()
    client.force_login(user_for(role, site_tree))
    found: dict[str, list[str]] = {}
    unreachable = []
    with translation.override("nb"):
        for url in dict.fromkeys(screens_for(role, site_tree, translated)):
            status, html = screen_html(client, url)
            if status != 200:
                unreachable.append(f"{url}: {status}")
                continue
            english = english_texts(html)
            if english:
                found[url] = english
    if REPORT:
        for url, texts in found.items():
            for text in texts:
                print(f"{role}\t{url}\t{text}")
        print(f"{role}: {sum(map(len, found.values()))} English texts on {len(found)} screens")
    assert not unreachable, unreachable
    assert not found, "\n".join(f"{url}: {texts}" for url, texts in found.items())


CATALOGS = sorted(
    (Path(__file__).resolve().parent.parent / "languages" / "admin_locale").glob(
        "*/nb/LC_MESSAGES/*.po"
    )
)


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: f"{p.parts[-4]}/{p.name}")
def test_our_admin_catalogs_are_complete_and_compiled(po_path):
    catalog = polib.pofile(str(po_path))
    assert not catalog.untranslated_entries() and not catalog.fuzzy_entries()
    with open(po_path.with_suffix(".mo"), "rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    for entry in catalog.translated_entries():
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 2) == entry.msgstr_plural[1]
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid
