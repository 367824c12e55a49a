"""The population guide (measure 2.2): a page type for residents, in plain language, naming help
services from the directory and offered in every content language."""

from __future__ import annotations

import re

import pytest
from wagtail.rich_text import RichText

from home.models import HomePage, PopulationGuidePage
from tests import factories as f
from tests.helpers import page_text


@pytest.fixture(autouse=True)
def without_page_cache(settings):
    settings.INTRANET_PAGE_CACHE_SECONDS = 0


def content(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_guide_sits_below_the_front_page_with_its_pages_below_it():
    assert PopulationGuidePage in HomePage.allowed_subpage_models()
    assert PopulationGuidePage.allowed_subpage_models() == [PopulationGuidePage]
    assert PopulationGuidePage.offered_in_every_language


def test_a_help_service_is_shown_with_its_numbers_and_what_it_costs(site_tree, staff_client):
    service = site_tree.services[0]
    html = content(staff_client, site_tree.guide.url)
    section = re.search(r'<section class="guide-service">.*?</section>', html, re.S).group(0)

    assert f'href="{service.url}">{service.title}</a>' in section
    assert "For deg som er utsatt for vold." in section
    assert 'href="tel:+4722480380"' in section and 'href="tel:+4722480390"' in section
    assert "Gratis" in section and "Kan være anonym" in section and "Døgnåpent" in section
    assert "lang=" not in section  # all Norwegian on a Norwegian page


def test_a_fax_number_is_left_out(site_tree, staff_client):
    service = site_tree.services[0]
    service.phones = f.phones("22 48 03 99", kind="faks")
    service.save_revision().publish()
    html = content(staff_client, site_tree.guide.url)
    assert "tel:+4722480399" not in html


def test_every_page_of_the_guide_lists_them_all(site_tree, staff_client):
    child = f.PopulationGuidePageFactory(parent=site_tree.guide, title="Hva er vold?")
    html = content(staff_client, child.url)
    nav = re.search(r'<nav class="guide-nav".*?</nav>', html, re.S).group(0)
    assert f'href="{site_tree.guide.url}">{site_tree.guide.title}</a>' in nav
    assert f'href="{child.url}" aria-current="page">Hva er vold?</a>' in nav


def test_the_emergency_numbers_block_links_every_number(site_tree, staff_client):
    html = content(staff_client, site_tree.guide.url)
    block = re.search(r'<section class="emergency-numbers">.*?</section>', html, re.S).group(0)
    assert "Viktige telefonnumre" in block
    # Short numbers are dialled as written; subscriber numbers with the country code.
    for href in ["tel:112", "tel:113", "tel:110", "tel:116006", "tel:+4722705580"]:
        assert f'href="{href}"' in block


def test_the_english_guide_names_untranslated_services_in_norwegian(site_tree, staff_client):
    f.translate(site_tree.home, "en")
    english = f.translate(
        site_tree.guide,
        "en",
        {"For deg som er utsatt for vold.": "For you if you are exposed to violence."},
    )
    service = site_tree.services[0]
    html = content(staff_client, english.url)
    assert (
        f'<h3 class="guide-service__heading" lang="nb" dir="ltr">'
        f'<a href="/en{service.url}">{service.title}</a>'
    ) in html
    assert "For you if you are exposed to violence." in html
    assert "Free" in page_text(staff_client.get(english.url))  # the interface is English

    f.translate(site_tree.directory, "en")
    english_service = f.translate(service, "en", {service.title: "The Oslo Crisis Centre"})
    html = content(staff_client, english.url)
    assert (
        f'<h3 class="guide-service__heading"><a href="{english_service.url}">'
        "The Oslo Crisis Centre</a>"
    ) in html


def test_links_in_an_untranslated_guide_keep_the_readers_language(site_tree, staff_client):
    child = f.PopulationGuidePageFactory(
        parent=site_tree.guide,
        title="Hjelp",
        slug="hjelp",
        body=[
            ("paragraph", RichText("<p>Her er hjelpen.</p>")),
            ("directory_link", {"text": "Alle hjelpetilbudene"}),
        ],
    )
    html = content(staff_client, f"/ur{site_tree.guide.url}")
    assert f'href="/ur{child.url}">Hjelp</a>' in html
    assert f'href="/ur{site_tree.services[0].url}"' in html
    html = content(staff_client, f"/ur{child.url}")
    assert f'<a class="page-link__link" href="/ur{site_tree.directory.url}">' in html
