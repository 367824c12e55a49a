"""Content staff can trust (issue 17): every text says where it comes from and pages mark what
is not from the plan; phone numbers are checked by kind; help services say who checked them and
when; «Endringer siden planen» lists every difference from the plan."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from directory.models import HelpServicePage
from guidance.models import ConcernGuidePage, LegalDutyPage, MeasurePage, PlanPage, RoutinePage
from loading.tests.test_load_plan import broken_copy
from tests.helpers import between, page_text

pytestmark = pytest.mark.django_db


def test_every_loaded_page_says_where_its_text_comes_from(loaded):
    kinds = {}
    for page in Page.objects.live().filter(depth__gt=1).specific():
        assert page.source_kind in {"plan", "lov", "tillegg", "enhet"}, page.url_path
        if page.source_kind == "lov":
            assert page.source_reference, page.url_path
        kinds[page.url_path] = page.source_kind
    assert {page.source_kind for page in MeasurePage.objects.all()} == {"plan"}
    assert ConcernGuidePage.objects.get().source_kind == "tillegg"
    assert LegalDutyPage.objects.get(slug="opplysningsrett").source_kind == "tillegg"
    assert LegalDutyPage.objects.get(slug="avvergelsesplikt").source_reference == (
        "straffeloven § 196"
    )
    # Every step says where it comes from, its own or its page's.
    for page in [*LegalDutyPage.objects.all(), *RoutinePage.objects.all()]:
        for step in page.steps:
            assert step.value["source"]["kind"] in {"plan", "lov", "tillegg", "enhet"}


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda c: c["plan"].pop("source"), "plan.source: required: where the text comes from"),
        (lambda c: c["concern_guide"].pop("source"), "concern_guide.source: required"),
        (lambda c: c["reading_list"].update(source="rykte"), "unknown source 'rykte'"),
        (
            lambda c: c["concern_guide"]["legal_duties"][0].update(source="lov"),
            "lov needs the provision",
        ),
    ],
)
def test_a_text_without_a_source_stops_the_load(loaded, tmp_path, mutate, message):
    with pytest.raises(CommandError, match=message):
        call_command("load_plan", file=broken_copy(tmp_path, mutate))


def test_the_plans_words_are_fixed_where_it_gives_no_such_thing(loaded, staff_client):
    routine = RoutinePage.objects.first()
    text = " ".join(str(step.value["text"]) for step in routine.steps)
    assert "samme dag" not in text  # the plan sets no deadline
    duty = LegalDutyPage.objects.get(slug="opplysningsplikt-til-barnevernet")
    steps = " ".join(str(step.value["text"]) for step in duty.steps)
    assert "Enhet barnevern" not in steps
    assert "barnevernstjenesten i bydelen der barnet bor" in steps
    plan = PlanPage.objects.get()
    assert "<dt>Sist revidert</dt><dd>mars 2017</dd>" in staff_client.get(plan.url).content.decode()


def test_pages_mark_what_is_not_from_the_plan(loaded, staff_client):
    duty = LegalDutyPage.objects.get(slug="opplysningsplikt-til-barnevernet")
    html = staff_client.get(duty.url).content.decode()
    assert "Fra loven: barnevernsloven § 13-2" in html
    steps = between(html, 'class="steps"', "</ol>")
    informer = between(steps, "Informer nærmeste leder.", "</li>")
    assert "source-marker" not in informer  # from the plan (tiltak 2.1)
    assert "Tillegg fra redaksjonen" in steps  # «Dokumenter at meldingen er sendt»
    measure = MeasurePage.objects.first()
    assert "source-marker" not in staff_client.get(measure.url).content.decode()
    guide = ConcernGuidePage.objects.get()
    assert "Tillegg fra redaksjonen – kilde: redaksjonen, etter handlingsplanens tiltak 2.1" in (
        page_text(staff_client.get(guide.url))
    )


def test_the_loaded_plan_marks_the_services_that_may_be_outdated(loaded):
    flagged = set(HelpServicePage.objects.exclude(review_reason="").values_list("slug", flat=True))
    assert flagged == {
        "radgivningskontorene-for-kriminalitetsofre",
        "rode-kors-telefonen-tvangsekteskap",
        "incesttelefonen",
    }


def test_changes_since_the_plan_lists_every_difference(loaded, staff_client):
    response = staff_client.get("/endringer-siden-planen/")
    assert response.status_code == 200
    text = page_text(response)
    html = response.content.decode()
    assert '<th scope="row">straffeloven (1902) § 139</th><td>straffeloven § 196</td>' in html
    assert '<th scope="row">lov om sykehus</th><td>spesialisthelsetjenesteloven</td>' in html
    assert "Politiet – Lagt til 2026" in text
    assert "Incesttelefonen: Tilbudet kan ha fått nytt navn" in text
    assert "Dokumenter at meldingen er sendt. – Tillegg fra redaksjonen: redaksjonen" in text
    assert "Opplysningsrett" in text
    # The plan's own pages are not listed.
    measure = MeasurePage.objects.first()
    assert f'href="{measure.url}"' not in response.content.decode()
    plan = PlanPage.objects.get()
    assert 'href="/endringer-siden-planen/"' in staff_client.get(plan.url).content.decode()
