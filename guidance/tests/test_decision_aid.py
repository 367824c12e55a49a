"""The decision aid (issue 14): «Er noen i fare nå?», «Hvem er du bekymret for?» and one page
per path with the acute numbers, the duties with their thresholds, the steps with their
sources, the help services from the directory and the reader's own unit."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client
from wagtail.models import PageViewRestriction

from core.blocks import SourceBlock
from core.links import is_short_number, tel_href
from guidance.models import ConcernPathPage
from public_site.links import ExportLinks
from public_site.rendering import render_public_page
from public_site.selection import public_subset
from tests import factories as f
from tests.helpers import between, page_text

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("number", "href"),
    [
        ("112", "tel:112"),
        ("110", "tel:110"),
        ("113", "tel:113"),
        ("116 006", "tel:116006"),
        ("116 111", "tel:116111"),
        ("02800", "tel:02800"),
        ("22 70 55 80", "tel:+4722705580"),
        ("800 30 196", "tel:+4780030196"),
        ("+46 8 123 45", "tel:+46812345"),
        ("0047 22 70 55 80", "tel:+4722705580"),
        ("", ""),
    ],
)
def test_short_numbers_are_dialled_as_written(number, href):
    assert tel_href(number) == href
    assert is_short_number(number) == (href.startswith("tel:") and "+" not in href)


def test_the_guide_asks_two_questions(site_tree, staff_client):
    response = staff_client.get(site_tree.concern.url)
    html = response.content.decode()
    danger = between(html, 'id="danger-heading"', "</section>")
    assert "Er noen i fare nå?" in danger and 'href="tel:112"' in danger
    assert 'href="tel:+4722705580"' in danger  # Barnevernvakten, from the emergency numbers
    paths = between(html, 'id="paths-heading"', "</nav>")
    assert "Hvem er du bekymret for?" in paths
    assert f'href="{site_tree.path.url}"' in paths
    # The questions come before the general steps.
    assert html.index('id="paths-heading"') < html.index(">Slik går du fram</h2>")


def test_a_path_page_shows_acute_numbers_duties_steps_and_sources(site_tree, staff_client):
    response = staff_client.get(site_tree.path.url)
    assert response.status_code == 200
    html = response.content.decode()
    acute = between(html, 'id="path-acute-heading"', "</section>")
    assert "Barnet er redd for å dra hjem." in acute
    assert "Tillegg fra redaksjonen – kilde: Bufdir (bufdir.no)" in acute
    assert 'href="tel:+4722480380"' in acute  # the acute service's main number
    assert "Alternativ til Vold" not in acute  # not acute: listed with the other services
    duties = between(html, 'id="path-duties-heading"', "</section>")
    assert f'href="{site_tree.duty.url}"' in duties
    assert "Når det er grunn til å tro at barnet blir utsatt for vold." in duties
    assert "Fra loven: barnevernsloven § 13-2" in duties
    steps = between(html, 'id="path-steps-heading"', "</section>")
    assert steps.index("Informer nærmeste leder.") < steps.index("Meld til barnevernstjenesten.")
    # A step from the plan has no marker; the one from the law has.
    first_step = between(steps, "Informer nærmeste leder.", "</li>")
    assert "source-marker" not in first_step
    services = between(html, 'id="path-services-heading"', "</section>")
    assert "Alternativ til Vold" in services and 'href="tel:+4722089800"' in services


def test_the_reader_sees_their_own_unit_with_resource_persons(site_tree):
    nurse = f.StaffUserFactory(unit=site_tree.unit)
    html = client_for(nurse).get(site_tree.path.url).content.decode()
    unit = between(html, 'id="reader-unit-heading"', "</section>")
    assert "Din enhet: Helsestasjonen" in unit
    assert site_tree.routine.title in unit and "Forslag – ikke bekreftet av enheten" in unit
    assert "Ola Ressursperson" in unit and 'href="tel:+4723425000"' in unit
    assert 'name="enhet"' not in unit  # their own unit: nothing to choose


def test_readers_in_different_units_each_see_their_own_through_the_page_cache(site_tree):
    other = f.UnitPageFactory(parent=site_tree.unit_index, title="NAV", slug="nav")
    f.RoutinePageFactory(parent=other, title="NAVs rutine", slug="rutine")
    first = client_for(f.StaffUserFactory(unit=site_tree.unit)).get(site_tree.path.url)
    second = client_for(f.StaffUserFactory(unit=other)).get(site_tree.path.url)
    assert "Din enhet: Helsestasjonen" in first.content.decode()
    text = page_text(second)
    assert "Din enhet: NAV" in text and "NAVs rutine" in text
    assert "Din enhet: Helsestasjonen" not in text


def test_a_reader_without_a_unit_chooses_one_without_javascript(site_tree, staff_client):
    html = staff_client.get(site_tree.path.url).content.decode()
    unit = between(html, 'id="reader-unit-heading"', "</section>")
    assert "Du er ikke knyttet til en enhet" in unit
    assert '<form class="reader-unit__choice" method="get"' in unit
    assert '<label for="reader-unit-choice">' in unit
    assert f'<option value="{site_tree.unit.slug}"' in unit
    chosen = staff_client.get(site_tree.path.url, {"enhet": site_tree.unit.slug})
    assert "Enheten: Helsestasjonen" in page_text(chosen)
    assert "Ola Ressursperson" in page_text(chosen)
    unknown = staff_client.get(site_tree.path.url, {"enhet": "finnes-ikke"})
    assert unknown.status_code == 200 and "Du er ikke knyttet til en enhet" in page_text(unknown)


def test_restricted_duties_and_services_are_left_out(site_tree, staff_client):
    insiders = Group.objects.create(name="Lukket")
    restriction = PageViewRestriction.objects.create(
        page=site_tree.services[0], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(insiders)
    html = staff_client.get(site_tree.path.url).content.decode()
    assert "Krisesenteret i Oslo" not in html
    insider = f.StaffUserFactory()
    insider.groups.add(insiders)
    assert "Krisesenteret i Oslo" in client_for(insider).get(site_tree.path.url).content.decode()


def test_a_path_needs_a_login(site_tree, anonymous_client):
    response = anonymous_client.get(site_tree.path.url)
    assert response.status_code == 302 and "/logg-inn/" in response["Location"]


def test_a_source_block_needs_its_reference(site_tree):
    block = SourceBlock()
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python({"kind": "lov", "reference": ""}))
    assert "reference" in error.value.block_errors
    assert block.clean(block.to_python({"kind": "plan", "reference": ""}))["kind"] == "plan"


def test_a_path_row_of_the_law_needs_its_provision(site_tree):
    row = f.path_duty(site_tree.duty)
    row.source_reference = ""
    with pytest.raises(ValidationError) as error:
        row.clean()
    assert "source_reference" in error.value.message_dict


def test_trigger_phrases_split_lines_and_commas():
    page = ConcernPathPage(trigger_words="slår, banker\n\ntruet av kjæresten\n")
    assert page.trigger_phrases() == ["slår", "banker", "truet av kjæresten"]


def test_a_path_is_not_public_unless_flagged_and_never_shows_the_unit(site_tree):
    site_tree.path.publish_on_website = True
    site_tree.path.save_revision().publish()
    site_tree.concern.publish_on_website = True
    site_tree.concern.save_revision().publish()
    subset = public_subset()
    item = subset.by_pk.get(site_tree.path.pk)
    assert item is not None
    html = render_public_page(item, ExportLinks(subset, "https://www.example.no/"))
    assert "Er det akutt? Ring nå" in html
    assert "reader-unit" not in html and "Din enhet" not in html
