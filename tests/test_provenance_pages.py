"""Provenance on the pages built by factories (issue 17): the public website shows no markers,
phone numbers are checked by kind, help services say who checked them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from directory.blocks import PhoneBlock
from public_site.links import ExportLinks
from public_site.rendering import render_public_page
from public_site.selection import public_subset
from tests import factories as f
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


def test_the_public_website_shows_no_markers(site_tree):
    duty = site_tree.duty
    duty.source_kind, duty.source_reference = "lov", "barnevernsloven § 13-2"
    duty.publish_on_website = True
    duty.save_revision().publish()
    site_tree.concern.publish_on_website = True
    site_tree.concern.save_revision().publish()
    subset = public_subset()
    html = render_public_page(subset.by_pk[duty.pk], ExportLinks(subset, "https://example.no/"))
    assert "source-marker" not in html and "Fra loven" not in html


@pytest.mark.parametrize(
    ("kind", "number", "valid"),
    [
        ("nodnummer", "112", True),
        ("nodnummer", "113", True),
        ("nodnummer", "22 70 55 80", False),
        ("telefon", "22 48 03 80", True),
        ("telefon", "800 30 196", True),  # a free 800 number
        ("telefon", "116 006", True),  # a harmonised short code
        ("telefon", "02800", True),
        ("telefon", "+47 22 48 03 80", True),
        ("telefon", "+46 8 123 456 78", True),
        ("telefon", "22 48 03 8", False),
        ("telefon", "12 34 56 78", False),  # no Norwegian number starts with 1
        ("vakttelefon", "22 70 55 81", True),
        ("mobil", "928 38 328", True),
        ("mobil", "480 16 832", True),
        ("mobil", "22 70 55 80", False),
        ("faks", "22 70 55 82", True),
        ("faks", "116 006", False),
    ],
)
def test_phone_numbers_are_checked_by_kind(kind, number, valid):
    block = PhoneBlock()
    value = block.to_python({"kind": kind, "number": number, "hours": "", "note": ""})
    if valid:
        block.clean(value)
    else:
        with pytest.raises(ValidationError) as error:
            block.clean(value)
        assert "number" in error.value.block_errors


def test_a_service_says_who_checked_it_and_what_may_be_outdated(site_tree, staff_client):
    service = site_tree.services[0]
    service.last_verified_by = "Koordinatoren"
    service.review_reason = "Nummeret kan ha endret seg; kontroller mot krisesenter.com."
    service.save_revision().publish()
    text = page_text(staff_client.get(service.url))
    assert "sist kontrollert" in text and "av Koordinatoren" in text
    assert "Kan være utdatert – skal kontrolleres" in text and "krisesenter.com" in text
    subset = public_subset()
    public = render_public_page(
        subset.by_pk[service.pk], ExportLinks(subset, "https://example.no/")
    )
    assert "Koordinatoren" not in public  # no staff name on the website


def test_unverified_services_say_so(site_tree, staff_client):
    service = site_tree.services[1]
    service.last_verified = None
    service.save_revision().publish()
    assert "Ikke verifisert" in page_text(staff_client.get(service.url))


def test_changes_since_the_plan_needs_a_login(anonymous_client):
    response = anonymous_client.get("/endringer-siden-planen/")
    assert response.status_code == 302


def test_a_new_page_in_the_admin_must_name_the_law_it_quotes(site_tree):
    page = f.ContentPageFactory.build(title="Ny", slug="ny", source_kind="lov", source_reference="")
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "source_reference" in error.value.message_dict
