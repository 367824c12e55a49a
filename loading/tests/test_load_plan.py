"""load_plan builds the whole plan from data/handlingsplan.yaml, idempotently and atomically."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from wagtail.models import Locale, Page, Revision, Site
from wagtail_localize.models import StringTranslation, Translation

from directory.models import HelpServicePage, TargetGroup
from guidance.confirmation import confirm_routine
from guidance.models import (
    ConcernGuidePage,
    ConcernPathPage,
    FocusAreaPage,
    LegalDutyPage,
    LegalProvision,
    MeasureAction,
    MeasurePage,
    PlanChapterPage,
    PlanPage,
    ResponsibleRole,
    RoutinePage,
    UnitPage,
)
from home.models import HomePage, PopulationGuidePage
from loading.plan import DEFAULT_DATA_FILE, load_plan
from tests.helpers import page_text

REPO = Path(__file__).resolve().parents[2]
FORMS_OF_VIOLENCE = [
    "fysisk vold",
    "seksuell vold",
    "materiell vold",
    "psykisk vold",
    "latent vold",
    "æresrelatert vold",
    "tvangsekteskap",
    "kjønnslemlestelse",
]
SEED = REPO / "data" / "source" / "handlingsplan-vold-i-naere-relasjoner.txt"


def data() -> dict:
    return yaml.safe_load(DEFAULT_DATA_FILE.read_text(encoding="utf-8"))


def all_service_text() -> str:
    """Every phone number, e-mail and website of the loaded directory, as one string."""
    parts = []
    for service in HelpServicePage.objects.all():
        parts += [b.value["number"] for b in service.phones]
        parts += [b.value["address"] for b in service.emails]
        parts.append(service.website)
        parts += [service.visiting_address, service.postal_address]
    return "\n".join(parts)


def test_loads_every_part_of_the_plan(loaded):
    assert HomePage.objects.filter(locale=Locale.get_default()).count() == 1
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage
    assert PlanPage.objects.count() == 1
    assert list(PlanChapterPage.objects.order_by("path").values_list("number", flat=True)) == [
        "1.0",
        "1.1",
        "1.2",
        "1.3",
        "2.0",
        "3.0",
    ]
    assert list(FocusAreaPage.objects.order_by("number").values_list("title", flat=True)) == [
        "Kompetanse",
        "Forebygging og avdekking",
        "Bistand og oppfølging",
        "Samhandling",
    ]
    numbers = list(MeasurePage.objects.order_by("path").values_list("number", flat=True))
    assert numbers == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1"]
    for measure in MeasurePage.objects.all():
        assert measure.title.startswith(f"{measure.number} ")
    assert MeasureAction.objects.count() == 30
    assert not MeasureAction.objects.filter(roles=None).exists()
    assert ResponsibleRole.objects.count() == 14
    assert LegalDutyPage.objects.count() == 4
    assert ConcernGuidePage.objects.count() == 1
    assert UnitPage.objects.count() == 9
    assert RoutinePage.objects.count() == 9
    # The plan's 19 services, VO-linjen, and the six the decision aid needs (issue 14).
    assert HelpServicePage.objects.count() == 26
    assert ConcernPathPage.objects.count() == 8
    assert TargetGroup.objects.count() == 7
    assert Page.objects.filter(live=False).count() == 0


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        ("1.1", [{"enhetsleder", "leder-tjenestested"}]),
        (
            "1.2",
            [
                {"bydelsdirektor", "koordinator"},
                {"enhetsleder-med-linjeansvar"},
                {"koordinator"},
                {"koordinator"},
            ],
        ),
        (
            "1.3",
            [
                {"enhet-fff"},
                {"leder-tjenestested", "koordinator"},
                {"koordinator"},
                {"hr", "enhetsleder"},
            ],
        ),
        ("2.1", [{"enhetsleder-med-linjeansvar"}, {"leder-tjenestested"}]),
        ("2.2", [{"koordinator", "informasjonskonsulent"}] * 2),
        (
            "2.3",
            [
                {"leder-tjenestested"},
                {"familiesenteret", "enhet-fff"},
                {"koordinator"},
                {"koordinator"},
            ],
        ),
        (
            "3.1",
            [
                {"ip-koordinator", "enhetsleder-med-linjeansvar"},
                {"bti-koordinator", "enhetsleder-med-linjeansvar"},
                {"familiesenteret", "enhet-fff"},
                {"koordinator"},
            ],
        ),
        ("3.2", [{"ip-koordinator", "enhetsleder-med-linjeansvar"}, {"nav"}, {"koordinator"}]),
        (
            "4.1",
            [
                {"bydelsdirektor"},
                {"enhetsleder", "koordinator"},
                {"enhetsleder"},
                {"koordinator", "prosjektleder-oslo-sor"},
                {"koordinator"},
                {"bydelsdirektor", "salto-koordinator"},
            ],
        ),
    ],
)
def test_each_action_has_the_roles_printed_beside_it(loaded, measure, expected):
    actions = MeasurePage.objects.get(number=measure).actions.order_by("sort_order")
    assert [set(a.roles.values_list("slug", flat=True)) for a in actions] == expected


def test_superseded_provisions_point_to_the_current_law(loaded):
    old_child = LegalProvision.objects.get(key="barnevernloven-6-4")
    assert old_child.superseded_by.key == "barnevernsloven-13-2"
    assert old_child.superseded_by.in_force_from.isoformat() == "2023-01-01"
    old_penal = LegalProvision.objects.get(key="straffeloven-1902-139")
    assert old_penal.superseded_by.key == "straffeloven-196"
    assert old_penal.superseded_by.in_force_from.isoformat() == "2015-10-01"
    duty = LegalDutyPage.objects.get(slug="avvergelsesplikt")
    assert set(duty.provisions.values_list("key", flat=True)) == {
        "straffeloven-196",
        "straffeloven-1902-139",
    }
    unverified = LegalProvision.objects.filter(verified=False).values_list("key", flat=True)
    assert "opplaeringslova-opplysningsplikt" in unverified


def test_every_phone_email_and_link_of_the_seed_is_in_the_directory(loaded):
    seed = SEED.read_text(encoding="utf-8")
    chapter_3 = seed[seed.index("3.0 Sentrale tiltak") :]
    loaded_text = all_service_text()
    numbers = re.findall(r"(?<![\d])(\d{2,3}(?: \d{2,3}){1,3})(?![\d])", chapter_3)
    phone_numbers = {n for n in numbers if len(n.replace(" ", "")) == 8}
    assert len(phone_numbers) == 11
    for number in phone_numbers:
        assert number in loaded_text, number
    emails = set(re.findall(r"[\w.-]+@[\w.-]+\.\w+", chapter_3))
    # The PDF prints Vern for eldre's address as @hel..., its mailto link says @sby...; the
    # printed address is kept (see the comment in the data file).
    emails.discard("vern-for-eldre@sby.oslo.kommune.no")
    for email in emails:
        assert email in loaded_text, email
    for url in set(re.findall(r"https?://\S+", chapter_3)):
        assert url in loaded_text, url
    assert "Hammersborggata 12" in loaded_text
    assert "Postboks 4716, 0506 Oslo" in loaded_text


def test_the_public_pages_are_the_ones_the_data_file_names(loaded):
    """The data file says what goes to the website; a page type's default does not."""
    data = yaml.safe_load(DEFAULT_DATA_FILE.read_text(encoding="utf-8"))
    public_services = {s["slug"] for s in data["directory"]["services"] if s["public"]}
    services = HelpServicePage.objects.filter(locale__language_code="nb")
    assert set(services.filter(publish_on_website=True).values_list("slug", flat=True)) == (
        public_services
    )
    guide = PopulationGuidePage.objects.filter(locale__language_code="nb")
    assert guide.count() == 1 + len(data["population_guide"]["pages"])
    assert all(page.publish_on_website for page in guide)


def test_vo_linjen_is_added_as_free_anonymous_and_open_around_the_clock(loaded):
    service = HelpServicePage.objects.get(slug="vo-linjen")
    assert [b.value["number"] for b in service.phones] == ["116 006"]
    assert service.open_around_the_clock and service.may_be_anonymous and service.free_of_charge
    assert "ikke i planen" in service.source
    assert HelpServicePage.objects.get(slug="dixi").source == "Handlingsplan 2017"


def test_every_unit_has_its_resource_person_and_a_starting_routine(loaded):
    names = {unit.slug: [c.name for c in unit.contacts.all()] for unit in UnitPage.objects.all()}
    assert names["barnevern"] == ["Kristel Myrlund"]
    assert names["nav"] == ["Gunn Helen Jansen"]
    assert names["soknadskontor"] == [""]
    for unit in UnitPage.objects.all():
        routine = RoutinePage.objects.child_of(unit).get()
        assert routine.owning_unit_id == unit.pk
        assert set(routine.legal_duties.values_list("slug", flat=True)) == {
            "opplysningsplikt-til-barnevernet",
            "avvergelsesplikt",
        }


def test_running_twice_changes_nothing(loaded):
    pages, revisions = Page.objects.count(), Revision.objects.count()
    actions, roles = MeasureAction.objects.count(), ResponsibleRole.objects.count()
    second = load_plan()
    assert second.created.total() == 0
    assert second.updated.total() == 0
    assert second.kept_edited == []
    assert (Page.objects.count(), Revision.objects.count()) == (pages, revisions)
    assert (MeasureAction.objects.count(), ResponsibleRole.objects.count()) == (actions, roles)


def test_an_editors_change_is_kept_unless_overwrite_is_given(loaded, django_user_model):
    editor = django_user_model.objects.create_user("redaktor")
    measure = MeasurePage.objects.get(number="2.1")
    draft = measure.get_latest_revision_as_object()
    draft.title = "2.1 Bydelen har rutiner – redigert av koordinator"
    draft.save_revision(user=editor).publish()
    provision = LegalProvision.objects.get(key="helsepersonelloven-33")
    provision.verified = True
    provision.save()

    report = load_plan()
    assert any("tiltak-2-1" in item for item in report.kept_edited)
    assert MeasurePage.objects.get(number="2.1").title.endswith("redigert av koordinator")
    assert LegalProvision.objects.get(key="helsepersonelloven-33").verified is True

    report = load_plan(overwrite=True)
    assert report.updated.total() == 2
    assert MeasurePage.objects.get(number="2.1").title == (
        "2.1 Bydelen har rutiner for arbeidet med vold i nære relasjoner."
    )
    assert LegalProvision.objects.get(key="helsepersonelloven-33").verified is False


def test_the_starting_routines_are_proposals_and_a_confirmed_one_is_never_overwritten(
    loaded, django_user_model
):
    routines = RoutinePage.objects.filter(locale__language_code="nb")
    assert routines.exists() and not any(routine.is_confirmed for routine in routines)
    routine = routines.first()
    edited = routine.get_latest_revision_as_object()
    edited.title = "Vår egen rutine"
    edited.save_revision().publish()
    confirm_routine(
        RoutinePage.objects.get(pk=routine.pk), django_user_model.objects.create_user("leder")
    )

    load_plan(overwrite=True)

    assert RoutinePage.objects.get(pk=routine.pk).title == "Vår egen rutine"
    assert RoutinePage.objects.get(pk=routine.pk).is_confirmed


OLD_LAW_NAMES = {
    "sykehusloven-1969": ("lov om sykehus", "spesialisthelsetjenesteloven"),
    "sosial-og-helsetjeneste-i-kommunene": (
        "lov om sosial- og helsetjeneste i kommunene",
        "helse-og-omsorgstjenesteloven",
    ),
    "opplaeringsloven-1998": ("opplæringsloven (1998)", "opplaeringslova-opplysningsplikt"),
}


def test_the_plans_old_law_names_show_the_law_in_force_beside_them(loaded, staff_client):
    """Issue 17: the plan's words are kept, the current law is shown beside them."""
    page = Page.objects.get(slug="formelle-bestemmelser", locale__language_code="nb")
    text = page_text(staff_client.get(page.url))
    for key, (plan_words, current_key) in OLD_LAW_NAMES.items():
        old = LegalProvision.objects.get(key=key, locale__language_code="nb")
        assert old.citation == plan_words
        assert old.superseded_by.key == current_key
        assert old.superseded_by.citation in text
        assert plan_words in text
    assert "Opphevet fra 1. januar 2001" in text and "Opphevet fra 1. august 2024" in text


def test_a_provision_says_who_verified_it_on_the_intranet_only(loaded):
    provision = LegalProvision.objects.get(key="barnevernsloven-13-2", locale__language_code="nb")
    intranet = render_to_string("components/provision.html", {"provision": provision})
    website = render_to_string(
        "components/provision.html", {"provision": provision, "public": {"language": "nb"}}
    )
    assert "Kontrollert mot Lovdata 26. november 2026 av utviklerne" in intranet
    assert "Kontrollert mot Lovdata 26. november 2026." in website
    assert "utviklerne" not in website
    unverified = LegalProvision.objects.get(key="sykehusloven-1969", locale__language_code="nb")
    assert "Ikke verifisert" in render_to_string(
        "components/provision.html", {"provision": unverified}
    )


PATHS = {
    "barn-og-unge": ("opplysningsplikt-til-barnevernet", "barnevernvakten-i-oslo"),
    "partner": ("avvergelsesplikt", "oslo-krisesenter"),
    "eldre": ("avvergelsesplikt", "vern-for-eldre"),
    "funksjonsnedsettelse": ("avvergelsesplikt", "vo-linjen"),
    "tvangsekteskap-og-kjonnslemlestelse": (
        "avvergelsesplikt",
        "rode-kors-telefonen-tvangsekteskap",
    ),
    "seksuelle-overgrep": ("avvergelsesplikt", "legevakt"),
    "voldsutover": ("avvergelsesplikt", "vo-linjen"),
    "kollega-eller-deg-selv": ("avvergelsesplikt", "vo-linjen"),
}


def test_the_decision_aid_has_a_path_for_everyone_staff_worry_about(loaded):
    guide = ConcernGuidePage.objects.get()
    paths = {p.slug: p for p in ConcernPathPage.objects.child_of(guide).live()}
    assert set(paths) == set(PATHS)
    for slug, (duty, acute_service) in PATHS.items():
        path = paths[slug]
        assert duty in {row.duty.slug for row in path.duties.all()}, slug
        assert acute_service in {row.service.slug for row in path.services.filter(acute=True)}
        assert path.services.filter(acute=True, service__slug="politiet").exists(), slug
        assert path.trigger_phrases() and path.steps and not path.publish_on_website
        # Every text says where it comes from; what is not from the plan names its source.
        for block in [*path.steps, *path.acute_signs]:
            source = block.value["source"]
            assert source["kind"] in {"plan", "lov", "tillegg", "enhet"}
            assert source["kind"] in {"plan", "enhet"} or source["reference"], (slug, block)
        for row in path.duties.all():
            assert row.source_kind == "lov" and row.source_reference, (slug, row)


def test_the_services_the_paths_need_say_they_are_not_verified(loaded, staff_client):
    added = HelpServicePage.objects.filter(source__startswith="Lagt til 2026")
    assert {"politiet", "alarmtelefonen-for-barn-og-unge", "legevakt", "statens-barnehus"} <= {
        page.slug for page in added
    }
    police = HelpServicePage.objects.get(slug="politiet")
    assert [b.value["number"] for b in police.phones] == ["112", "02800"]
    assert police.last_verified is None
    text = page_text(staff_client.get(police.url))
    assert "Ikke verifisert" in text and "kontrolleres mot politiet.no" in text
    assert 'href="tel:112"' in staff_client.get(police.url).content.decode()


def broken_copy(tmp_path: Path, mutate) -> Path:
    content = data()
    mutate(content)
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    return path


def last_measure(content: dict) -> dict:
    return content["plan"]["chapters"][4]["focus_areas"][-1]["measures"][-1]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda c: last_measure(c)["actions"][0].update(roles=["ukjent-rolle"]),
            "unknown role 'ukjent-rolle'",
        ),
        (lambda c: last_measure(c)["actions"][0].pop("text"), "actions[0].text: required"),
        (lambda c: c["directory"]["services"][-1].update(category="x"), "unknown category"),
        (lambda c: c["legal_provisions"][0].update(in_force_from="i fjor"), "expected a date"),
        (lambda c: c.update(version=2), "version: expected 1"),
        (
            lambda c: c["population_guide"]["translations"]["en"]["body"].pop(0),
            "population_guide.translations.en: body.*.text («Ring politiet på 112.",
        ),
        (
            lambda c: c["population_guide"]["translations"]["en"]["pages"].pop(),
            "population_guide.translations.en.pages: expected 2 pages, as in Norwegian",
        ),
        (
            lambda c: c["home"]["translations"].update(xx={"title": "?"}),
            "home.translations: unknown language 'xx'",
        ),
        (
            lambda c: c["population_guide"]["pages"][1]["body"][2]["help_service"].update(
                service="finnes-ikke"
            ),
            "population_guide.pages[1].body[2].help_service: unknown service 'finnes-ikke'",
        ),
        (
            lambda c: c["concern_guide"]["paths"][0]["steps"][0].pop("source"),
            "concern_guide.paths[0].steps[0].source: required: where the text comes from",
        ),
        (
            lambda c: c["concern_guide"]["paths"][0]["steps"][0].update(source="lov"),
            "concern_guide.paths[0].steps[0].source: lov needs the provision",
        ),
        (
            lambda c: c["concern_guide"]["paths"][1]["duties"][0].update(source="rykte: x"),
            "concern_guide.paths[1].duties[0].source: unknown source 'rykte'",
        ),
        (
            lambda c: c["concern_guide"]["paths"][2]["services"][0].update(service="nei"),
            "concern_guide.paths[2].services[0].service: unknown service 'nei'",
        ),
    ],
)
def test_a_malformed_file_changes_nothing(loaded, tmp_path, mutate, message):
    before = (Page.objects.count(), ResponsibleRole.objects.count(), Revision.objects.count())
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("load_plan", file=broken_copy(tmp_path, mutate))
    after = (Page.objects.count(), ResponsibleRole.objects.count(), Revision.objects.count())
    assert after == before


def test_a_malformed_file_exits_non_zero_with_one_line(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("version: 1\nplan: [unclosed\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "load_plan", "--file", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "load_plan:" in lines[0] and "nothing was changed" in lines[0]


# The population guide (measure 2.2) and its worked English translation


def guide_text(page) -> str:
    """Every text of a guide page, as one string."""
    parts = [page.title, page.intro]
    for block in page.body:
        value = block.value
        if block.block_type == "paragraph":
            parts.append(value.source)
        elif hasattr(value, "get"):
            parts += [str(v) for v in value.values() if isinstance(v, str)]
        else:
            parts.append(str(value))
    return "\n".join(parts)


def test_the_population_guide_is_written_from_the_plan(loaded):
    guide = PopulationGuidePage.objects.get(locale=Locale.get_default(), depth=3)
    pages = [guide, *PopulationGuidePage.objects.child_of(guide).order_by("path")]
    assert [page.slug for page in pages] == ["veileder", "hva-er-vold", "hjelp"]
    assert guide.show_in_menus and all(page.live for page in pages)
    text = "\n".join(guide_text(page) for page in pages)

    chapter = PlanChapterPage.objects.get(number="1.1")
    isdal = next(block.value for block in chapter.body if block.block_type == "quote")
    assert isdal["text"] in text  # Isdal's definition, word for word
    plan_text = " ".join(b.value.source for b in chapter.body if b.block_type == "paragraph")
    for form in FORMS_OF_VIOLENCE:  # chapter 1.1's forms of violence, each explained
        assert form in plan_text.lower() and f"{form}:" in text.lower(), form
    assert "gratis" in text and "anonym" in text
    assert '<a href="https://dinutvei.no/">dinutvei.no</a>' in text

    kinds = [block.block_type for page in pages for block in page.body]
    assert {"emergency_numbers", "help_service", "directory_link"} <= set(kinds)
    services = {
        block.value["service"].slug
        for page in pages
        for block in page.body
        if block.block_type == "help_service"
    }
    assert {"vo-linjen", "oslo-krisesenter", "barnevernvakten-i-oslo", "vern-for-eldre"} <= services


def test_the_english_translation_is_loaded_through_wagtail_localize(loaded):
    english = PopulationGuidePage.objects.filter(locale__language_code="en").order_by("path")
    assert [page.slug for page in english] == ["veileder", "hva-er-vold", "hjelp"]
    assert all(page.live and page.alias_of_id is None for page in english)
    assert english[0].title == "Violence in close relationships – where to get help"
    assert "Violence is any act directed at another person" in guide_text(english[1])

    home = HomePage.objects.get(locale__language_code="en")
    assert home.title == "Violence in close relationships" and home.alias_of_id is None
    translations = Translation.objects.filter(target_locale__language_code="en")
    assert translations.count() == 4  # the front page and the guide's three pages
    for translation in translations:
        total, translated = translation.get_progress()
        assert total == translated > 0, translation.source.object_repr
    assert not StringTranslation.objects.exclude(tool_name="load_plan").exists()

    # The other languages have a root that stands in for the front page, and no guide yet.
    for code in ["ur", "so", "ar", "pl", "ta", "tr", "fa"]:
        assert HomePage.objects.get(locale__language_code=code).alias_of_id is not None
        assert not PopulationGuidePage.objects.filter(locale__language_code=code).exists()


def test_the_guide_is_served_in_english_and_with_a_note_elsewhere(loaded, staff_client, settings):
    settings.INTRANET_PAGE_CACHE_SECONDS = 0
    response = staff_client.get("/en/veileder/hva-er-vold/")
    assert response.status_code == 200
    assert "What is violence in close relationships?" in page_text(response)
    assert "translation-note" not in response.content.decode()
    response = staff_client.get("/so/veileder/hjelp/")
    assert response.status_code == 200
    assert "Boggan weli laguma turjumin af Soomaali." in page_text(response)
    assert "Her får du hjelp" in page_text(response)


def test_a_translators_change_is_kept_unless_overwrite_is_given(loaded):
    string = StringTranslation.objects.get(data="Important phone numbers")
    string.data = "Important numbers"
    string.tool_name = ""
    string.save()

    report = load_plan()
    assert any("«Important numbers»" in item for item in report.kept_edited)
    assert StringTranslation.objects.filter(data="Important numbers").exists()

    report = load_plan(overwrite=True)
    assert report.updated["oversettelse (en)"] == 1
    assert not StringTranslation.objects.filter(data="Important numbers").exists()
    english = PopulationGuidePage.objects.get(locale__language_code="en", depth=3)
    assert "Important phone numbers" in guide_text(english)
