"""The site in every content language: URLs, lang and dir, the language switcher and hreflang
alternates, the note on pages that are not translated, the interface catalogs, the style sheet
for right-to-left scripts, and search per language (docs/translation.md)."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import check_for_language, get_language_info
from wagtail.models import Locale

from languages.locales import ensure_locale_roots, sync_locales
from tests import factories as f
from tests.helpers import page_text

REPO = Path(__file__).resolve().parents[2]
CODES = [code for code, _name in settings.CONTENT_LANGUAGES]
RIGHT_TO_LEFT = {"ar", "fa", "ur"}
MAX_QUERIES_PER_PAGE = 12


@pytest.fixture(autouse=True)
def without_page_cache(settings):
    settings.INTRANET_PAGE_CACHE_SECONDS = 0


def prefixed(url: str, code: str) -> str:
    return url if code == settings.LANGUAGE_CODE else f"/{code}{url}"


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def test_languages_come_from_one_list_in_settings():
    assert CODES == ["nb", "en", "ur", "so", "ar", "pl", "ta", "tr", "fa"]
    assert [code for code, _ in settings.LANGUAGES] == CODES
    assert [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES] == CODES
    assert [code for code, _ in settings.WAGTAILADMIN_PERMITTED_LANGUAGES] == ["nb", "en"]
    assert dict(settings.CONTENT_LANGUAGES)["ar"] == "العربية"


@pytest.mark.parametrize("code", CODES)
def test_every_language_is_known_to_django_and_has_a_locale(code, db):
    # Somali has no LANG_INFO in Django and no catalog of Django's own: both come from us.
    assert get_language_info(code)["bidi"] is (code in RIGHT_TO_LEFT)
    assert check_for_language(code)
    assert Locale.objects.filter(language_code=code).exists()


def test_locales_are_created_once(db):
    Locale.objects.filter(language_code="ta").delete()
    assert sync_locales() == ["ta"]
    assert sync_locales() == []


@pytest.mark.parametrize("code", CODES[1:])
def test_compiled_catalogs_match_their_sources(code):
    po = polib.pofile(REPO / "locale" / code / "LC_MESSAGES" / "django.po")
    with open(REPO / "locale" / code / "LC_MESSAGES" / "django.mo", "rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    translated = [entry for entry in po.translated_entries() if not entry.msgid_plural]
    assert translated, "nothing translated"
    for entry in translated:
        assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


@pytest.mark.parametrize("code", CODES)
def test_every_language_has_lang_dir_and_the_note_where_untranslated(code, site_tree, staff_client):
    response = staff_client.get(prefixed(site_tree.guide.url, code))
    assert response.status_code == 200
    direction = "rtl" if code in RIGHT_TO_LEFT else "ltr"
    assert html_tag(response) == f'<html lang="{code}" dir="{direction}">'
    content = response.content.decode()
    if code == "nb":
        assert "translation-note" not in content
        assert '<div class="content-language">' in content
    else:
        # Not translated yet: the Norwegian page, marked as Norwegian, under a note in the
        # reader's language.
        with translation.override(code):
            note = translation.gettext("Denne siden er ikke oversatt ennå.")
        assert note in page_text(response)
        assert '<div class="content-language" lang="nb" dir="ltr">' in content
        assert site_tree.guide.title in page_text(response)


def test_the_note_is_written_in_the_readers_language(site_tree, staff_client):
    text = page_text(staff_client.get(prefixed(site_tree.guide.url, "ur")))
    assert "یہ صفحہ ابھی اردو میں ترجمہ نہیں ہوا۔" in text
    text = page_text(staff_client.get(prefixed(site_tree.plan.url, "en")))
    assert "This page has not been translated into English yet." in text


def test_a_translated_page_has_no_note_and_links_its_languages(site_tree, staff_client):
    english = f.translate(site_tree.guide, "en", {"Her får du hjelp": "Where to get help"})
    response = staff_client.get(english.url)
    content = response.content.decode()

    assert english.url == "/en/veileder/"
    assert html_tag(response) == '<html lang="en" dir="ltr">'
    assert "translation-note" not in content
    assert "Where to get help" in page_text(response)
    for code, href in [("en", "/en/veileder/"), ("nb", "/veileder/"), ("x-default", "/veileder/")]:
        assert f'<link rel="alternate" hreflang="{code}" href="http://testserver{href}">' in content
    assert 'hreflang="ur" href="http' not in content  # only pages that exist are alternates


def test_the_switcher_names_every_language_in_its_own_script_on_the_guide(site_tree, staff_client):
    content = staff_client.get(prefixed(site_tree.guide.url, "en")).content.decode()
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', content, re.S).group(0)
    for code, name in settings.CONTENT_LANGUAGES:
        direction = "rtl" if code in RIGHT_TO_LEFT else "ltr"
        link = (
            f'href="{prefixed(site_tree.guide.url, code)}" lang="{code}" hreflang="{code}" '
            f'dir="{direction}"'
        )
        assert link in switcher, code
        assert f">{name}</a>" in switcher
    assert switcher.count('aria-current="true"') == 1
    assert 'lang="en" hreflang="en" dir="ltr" aria-current="true"' in switcher


def test_internal_pages_offer_the_staff_languages_and_their_translations(site_tree, staff_client):
    def offered(url):
        content = staff_client.get(url).content.decode()
        return re.findall(r'class="language-switcher__link" href="[^"]*" lang="(\w+)"', content)

    assert offered(site_tree.plan.url) == ["nb", "en"]
    f.translate(site_tree.home, "pl")
    f.translate(site_tree.plan, "pl", {site_tree.plan.title: "Plan działania"})
    assert offered(site_tree.plan.url) == ["nb", "en", "pl"]


def test_missing_pages_are_not_found_in_any_language(site_tree, staff_client):
    for code in CODES:
        assert staff_client.get(prefixed("/finnes-ikke/", code)).status_code == 404


def test_the_english_site_keeps_the_reader_in_english(site_tree, staff_client):
    ensure_locale_roots()
    english_home = f.translate(site_tree.home, "en", {site_tree.home.title: "Violence"})
    response = staff_client.get("/en/")
    assert response.status_code == 200
    assert english_home.title in page_text(response)
    content = response.content.decode()
    # The sections are not translated: Norwegian titles, marked so, at English addresses.
    assert f'href="/en{site_tree.plan.url}" lang="nb" dir="ltr"' in content
    # Their pages keep the English interface, with the note.
    text = page_text(staff_client.get(f"/en{site_tree.measure.url}"))
    assert "This page has not been translated into English yet." in text
    assert "Skip to main content" in text or "Skip to main content" in response.content.decode()


def test_a_language_without_a_root_still_falls_back(site_tree, staff_client):
    """Before ensure_locale_roots has run (or for a language added later), the Norwegian
    front page stands in."""
    response = staff_client.get("/fa/")
    assert response.status_code == 200
    assert html_tag(response) == '<html lang="fa" dir="rtl">'
    assert "translation-note" in response.content.decode()


def test_an_untranslated_front_page_serves_the_norwegian_one(site_tree, staff_client):
    ensure_locale_roots()  # an Arabic root that is an alias of the Norwegian front page
    response = staff_client.get("/ar/")
    assert response.status_code == 200
    assert site_tree.focus_area.title in page_text(response)  # the Norwegian front page's lists
    assert '<div class="content-language" lang="nb" dir="ltr">' in response.content.decode()


# Queries: the switcher and alternates cost nothing extra, whatever the number of languages


def queries(client, url) -> int:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_languages_stay_within_the_query_budget(site_tree, staff_client):
    ensure_locale_roots()
    f.translate(site_tree.home, "en")
    f.translate(site_tree.guide, "en")
    urls = [
        site_tree.guide.url,
        "/en/veileder/",
        prefixed(site_tree.guide.url, "ur"),
        prefixed(site_tree.measure.url, "en"),
        "/ar/",
    ]
    counts = {url: queries(staff_client, url) for url in urls}
    assert all(count <= MAX_QUERIES_PER_PAGE for count in counts.values()), counts

    for code in ["pl", "tr", "so", "ta"]:
        f.translate(site_tree.guide, code)
    assert {url: queries(staff_client, url) for url in urls} == counts


# Right to left and every script


def test_the_style_sheet_uses_logical_properties_and_a_font_for_every_script():
    css = (REPO / "static" / "css" / "intranet.css").read_text()
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    physical = re.findall(
        r"[^{}]*\{[^}]*\b(?:margin|padding|border)-(?:left|right)\s*:[^}]*\}"
        r"|[^{}]*\{[^}]*(?<![-\w])(?:left|right|float)\s*:[^}]*\}"
        r"|[^{}]*\{[^}]*text-align\s*:\s*(?:left|right)[^}]*\}",
        rules,
    )
    # The only physical rules reset Punkt's own or are written for right-to-left pages.
    for rule in physical:
        selector = rule.split("{")[0].strip()
        assert selector.startswith('[dir="rtl"]') or ": 0" in rule, rule
    for code in ["ar", "fa", "ur", "ta"]:
        assert re.search(rf":lang\({code}\)[^{{]*\{{[^}}]*font-family:[^}}]*VNR Noto", rules), code


def test_the_fonts_for_other_scripts_are_served_from_our_own_static_files():
    css = (REPO / "static" / "css" / "intranet.css").read_text()
    fonts = re.findall(r'url\("\.\./(fonts/[^"]+\.woff2)"\)', css)
    assert len(fonts) == 6
    for font in fonts:
        assert finders.find(font), font


# Search per language (the search itself is search/; here: the guide and its fallback)


def results(client, url, query):
    response = client.get(url, {"q": query, "format": "json"})
    assert response.status_code == 200
    return response.json()["results"]


def test_an_english_search_finds_the_english_guide_and_norwegian_pages_otherwise(
    site_tree, staff_client
):
    english = f.translate(
        site_tree.guide, "en", {"Hjelpen er ofte gratis, og du kan være anonym.": "Help is free."}
    )
    found = results(staff_client, "/en/search/", "free")
    assert [(r["url"], r["locale"]) for r in found if r["url"] == english.url] == [
        (english.url, "en")
    ]
    fallback = results(staff_client, "/en/search/", "krisesenteret")
    assert {r["locale"] for r in fallback} == {"nb"}
    assert site_tree.services[0].url in {r["url"] for r in fallback}
    assert not any(r["url"] == site_tree.guide.url for r in found)  # replaced by its translation
