"""Translating with wagtail-localize: every page type, PO files, syncing after a change, the
translators' rights and machine translation (docs/translation.md)."""

from __future__ import annotations

import polib
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupPagePermission
from wagtail.rich_text import RichText
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from accounts.roles import TRANSLATOR_GROUP
from directory.models import HelpServicePage
from guidance.models import LegalDutyPage, MeasurePage, RoutinePage
from home.models import HomePage, PopulationGuidePage
from intranet.settings.machine_translation import DEEPL, LIBRETRANSLATE, machine_translator_setting
from languages.locales import ensure_locale_roots
from tests import factories as f
from tests.helpers import page_text

NORWEGIAN_PAGE_TYPES = [
    "HomePage",
    "ContentPage",
    "PlanPage",
    "PlanChapterPage",
    "FocusAreaPage",
    "MeasurePage",
    "ConcernGuidePage",
    "ConcernPathPage",
    "LegalDutyPage",
    "UnitIndexPage",
    "UnitPage",
    "RoutinePage",
    "HelpServiceIndexPage",
    "HelpServicePage",
    "PopulationGuidePage",
]


def in_english(title: str) -> str:
    """A recognisable «translation» that keeps a measure's leading number («1.1 …»)."""
    head, _, tail = title.partition(" ")
    return f"{head} (en) {tail}" if tail else f"{title} (en)"


def translate_with_ancestors(page, language_code="en"):
    """Translate ``page`` and every page above it, top down, each published before its child
    (a page below an unpublished parent is not served)."""
    chain = [p.specific for p in page.get_ancestors(inclusive=True).filter(depth__gte=2)]
    for item in chain:
        translated = f.translate(item, language_code, {item.title: in_english(item.title)})
    return translated


@pytest.fixture
def translator(site_tree):
    ensure_locale_roots()
    user = f.TranslatorFactory()
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def coordinator_client(site_tree):
    client = Client()
    client.force_login(f.CoordinatorFactory())
    return client


def test_every_page_type_of_the_project_is_listed():
    from wagtail.models import get_page_models

    assert sorted(NORWEGIAN_PAGE_TYPES) == sorted(
        model.__name__
        for model in get_page_models()
        if model._meta.app_label in {"home", "guidance", "directory"}
    )


@pytest.mark.parametrize("page_type", NORWEGIAN_PAGE_TYPES)
def test_every_page_type_can_be_translated(page_type, site_tree, staff_client):
    source = site_tree.pages[page_type]
    translated = translate_with_ancestors(source)

    assert type(translated) is type(source)
    assert translated.locale.language_code == "en"
    assert translated.live and translated.alias_of_id is None
    assert translated.title == in_english(source.title)
    if page_type != "HomePage":  # front pages are siblings: theirs get a free slug
        assert translated.slug == source.slug  # slugs stay Norwegian: parallel URLs
    assert TranslationSource.objects.get_for_instance(source).translations.count() == 1

    response = staff_client.get(translated.url)
    assert response.status_code == 200, translated.url
    content = response.content.decode()
    assert '<html lang="en" dir="ltr">' in content
    assert "translation-note" not in content
    assert translated.title in page_text(response)


def test_copy_for_translation_makes_an_untranslated_draft_in_the_language(site_tree):
    """Wagtail's own copy_for_translation, which wagtail-localize builds on."""
    copy = site_tree.duty.copy_for_translation(f.locale("pl"), copy_parents=True)
    assert copy.locale.language_code == "pl" and not copy.live
    assert copy.title == site_tree.duty.title
    assert copy.get_parent().specific.alias_of_id == site_tree.concern.pk  # parent: an alias


def test_translated_pages_point_at_translated_snippets_where_they_exist(site_tree):
    english_role = f.translate(site_tree.roles["koordinator"], "en", {"Koordinator": "Coordinator"})
    current = site_tree.provisions["current"]
    english_provision = f.translate(current, "en", {current.section_title: "Duty to inform"})
    english_group = f.translate(site_tree.target_groups["voksne"], "en", {"Voksne": "Adults"})

    measure = translate_with_ancestors(site_tree.measure)
    roles = [{role.pk for role in action.roles.all()} for action in measure.actions.all()]
    assert roles == [
        {english_role.pk},
        {site_tree.roles["enhetsledere"].pk, site_tree.roles["nav"].pk},  # not translated
    ]
    assert {a.locale.language_code for a in measure.actions.all()} == {"en"}

    duty = translate_with_ancestors(site_tree.duty)
    assert set(duty.provisions.all()) == {english_provision, site_tree.provisions["superseded"]}

    service = translate_with_ancestors(site_tree.services[0])
    assert set(service.target_groups.all()) == {
        english_group,
        site_tree.target_groups["barn-og-unge"],
    }


def test_many_to_many_relations_follow_the_source_on_sync(site_tree):
    duty = translate_with_ancestors(site_tree.duty)
    assert duty.provisions.count() == 2

    source = LegalDutyPage.objects.get(pk=site_tree.duty.pk)
    source.provisions.set([site_tree.provisions["current"]])
    source.save_revision().publish()
    duty = f.translate(source, "en")

    assert list(duty.provisions.all()) == [site_tree.provisions["current"]]


def test_a_translated_routine_links_the_translated_duty_and_service(site_tree, staff_client):
    duty = translate_with_ancestors(site_tree.duty)
    service = translate_with_ancestors(site_tree.services[0])
    routine = translate_with_ancestors(site_tree.routine)
    assert list(RoutinePage.objects.get(pk=routine.pk).legal_duties.all()) == [site_tree.duty]

    content = staff_client.get(routine.url).content.decode()
    assert f'href="{duty.url}"' in content
    assert f'href="{service.url}"' in content
    assert f'href="{site_tree.duty.url}"' not in content


def test_a_translated_path_links_the_translated_duty_and_service(site_tree, staff_client):
    duty = translate_with_ancestors(site_tree.duty)
    service = translate_with_ancestors(site_tree.services[0])
    threshold = site_tree.path.duties.get().threshold
    english = "When there is reason to believe that the child is exposed to violence."
    path = f.translate(
        site_tree.path, "en", {site_tree.path.title: "A child or young person", threshold: english}
    )
    content = staff_client.get(path.url).content.decode()
    assert "A child or young person" in content and english in content
    assert f'href="{duty.url}"' in content and f'href="{site_tree.duty.url}"' not in content
    assert service.title in content  # the acute service, in English
    assert 'href="tel:+4722480380"' in content


# PO files: download, translate outside, upload


def guide_translation(site_tree) -> Translation:
    f.translate(site_tree.guide, "en")  # an English draft: every text still Norwegian
    return Translation.objects.get(
        source__object_id=site_tree.guide.translation_key, target_locale__language_code="en"
    )


def test_po_file_round_trip_through_the_translation_editor(site_tree, translator):
    translation = guide_translation(site_tree)
    download = reverse("wagtail_localize:download_pofile", args=[translation.pk])

    response = translator.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/x-gettext-translation"
    po = polib.pofile(response.content.decode())
    sources = {entry.msgid for entry in po}
    assert {
        "Her får du hjelp",
        "For deg som er utsatt for vold.",
        "Viktige telefonnumre",
    } <= sources
    assert all(entry.msgctxt and not entry.msgstr for entry in po)

    # The translator works outside Wagtail: every string, in a language with its own script.
    english = {
        "Her får du hjelp": "Where to get help – ÆØÅ «ok»",
        "Hjelpen er ofte gratis, og du kan være anonym.": "Help is often free; stay anonymous.",
        "For deg som er utsatt for vold.": "For you if you are exposed to violence.",
        "Viktige telefonnumre": "Important phone numbers",
    }
    for entry in po:
        entry.msgstr = english.get(entry.msgid, f"EN {entry.msgid}")
    upload = reverse("wagtail_localize:upload_pofile", args=[translation.pk])
    response = translator.post(
        upload,
        {"file": SimpleUploadedFile("veileder-en.po", str(po).encode(), "text/x-gettext")},
    )
    assert response.status_code == 302

    # Downloading again gives back exactly what was uploaded.
    again = polib.pofile(translator.get(download).content.decode())
    assert {(e.msgctxt, e.msgid, e.msgstr) for e in again} == {
        (e.msgctxt, e.msgid, e.msgstr) for e in po
    }
    assert StringTranslation.objects.filter(
        locale__language_code="en", tool_name="PO File"
    ).count() == len(po)


def test_an_uploaded_po_file_is_published_with_the_translation(
    site_tree, translator, django_capture_on_commit_callbacks
):
    translation = guide_translation(site_tree)
    po = translation.export_po()
    for entry in po:
        entry.msgstr = {"Her får du hjelp": "Where to get help"}.get(entry.msgid, entry.msgid)
    translation.import_po(po, tool_name="PO File")
    english = translation.get_target_instance()

    with django_capture_on_commit_callbacks(execute=True):
        response = translator.post(
            reverse("wagtailadmin_pages:edit", args=[english.pk]), {"action": "publish"}
        )
    assert response.status_code == 302
    english = PopulationGuidePage.objects.get(pk=english.pk)
    assert english.live and english.title == "Where to get help"


def test_a_po_file_for_another_translation_is_refused(site_tree, translator):
    translation = guide_translation(site_tree)
    f.translate(site_tree.content, "en")
    po = (
        TranslationSource.objects.get_for_instance(site_tree.content).translations.get().export_po()
    )
    for entry in po:
        entry.msgstr = "Feil fil"
    response = translator.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": SimpleUploadedFile("feil.po", str(po).encode())},
    )
    assert response.status_code == 302
    assert not StringTranslation.objects.filter(data="Feil fil").exists()


# A source page changes: the editors see it and sync


def test_editors_see_which_translations_are_out_of_date_and_sync_them(
    site_tree, translator, django_capture_on_commit_callbacks
):
    guide = site_tree.guide
    f.translate(
        guide,
        "en",
        {
            "Her får du hjelp": "Where to get help",
            "Hjelpen er ofte gratis, og du kan være anonym.": "Help is often free.",
        },
    )
    report = reverse("vnr_out_of_date_translations")
    all_synced = "Alle oversettelser er synkronisert med kildene sine."
    assert all_synced in page_text(translator.get(report))

    # An editor changes the Norwegian page: one text rewritten, a paragraph added.
    source = PopulationGuidePage.objects.get(pk=guide.pk).get_latest_revision_as_object()
    service = source.body[1]
    service.value["text"] = "For deg som er utsatt for vold eller trusler."
    source.body.append(("paragraph", RichText("<p>Ring VO-linjen på 116 006.</p>")))
    source.save_revision().publish()

    text = page_text(translator.get(report))
    assert guide.title in text and all_synced not in text
    dashboard = translator.get(reverse("wagtailadmin_home"))
    assert "Oversettelser som må synkroniseres" in page_text(dashboard)

    source_record = TranslationSource.objects.get_for_instance(guide)
    with django_capture_on_commit_callbacks(execute=True):
        response = translator.post(
            reverse("wagtail_localize:update_translations", args=[source_record.pk]),
            {"publish_translations": "on"},
        )
    assert response.status_code == 302

    english = PopulationGuidePage.objects.get(
        translation_key=guide.translation_key, locale__language_code="en"
    )
    assert english.title == "Where to get help"  # the translator's work is kept
    assert english.body[0].value.source == "<p>Help is often free.</p>"
    # New and changed texts are shown in Norwegian until translated.
    assert english.body[1].value["text"] == "For deg som er utsatt for vold eller trusler."
    assert english.body[3].value.source == "<p>Ring VO-linjen på 116 006.</p>"
    translation = source_record.translations.get()
    assert translation.get_progress() == (6, 2)  # title, intro, 3 texts and the heading
    assert all_synced in page_text(translator.get(report))


def test_editors_and_translators_see_the_report_staff_do_not(
    site_tree, staff_client, coordinator_client, translator
):
    report = reverse("vnr_out_of_date_translations")
    response = staff_client.get(report)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert coordinator_client.get(report).status_code == 200
    assert translator.get(report).status_code == 200


# The translators' rights: the translated trees, never the Norwegian pages


@pytest.fixture
def english_guide(site_tree):
    ensure_locale_roots()
    return f.translate(site_tree.guide, "en", {"Her får du hjelp": "Where to get help"})


def edit(client, page):
    return client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))


def publish(client, page):
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), {"action": "publish"})


def submit(client, page):
    return client.get(reverse("wagtail_localize:submit_page_translation", args=[page.pk]))


@pytest.mark.parametrize(
    ("role", "action", "language", "allowed"),
    [
        ("translator", edit, "en", True),
        ("translator", publish, "en", True),
        ("translator", edit, "nb", False),
        ("translator", publish, "nb", False),
        ("translator", submit, "nb", True),
        ("coordinator", edit, "nb", True),
        ("coordinator", edit, "en", True),
        ("staff", edit, "en", False),
        ("staff", submit, "nb", False),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_who_may_translate_and_change_what(
    role, action, language, allowed, english_guide, site_tree, django_capture_on_commit_callbacks
):
    user = {
        "translator": f.TranslatorFactory,
        "coordinator": f.CoordinatorFactory,
        "staff": f.StaffUserFactory,
    }[role]()
    client = Client()
    client.force_login(user)
    page = english_guide if language == "en" else site_tree.guide
    revisions = page.revisions.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = action(client, page)

    if allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/login/" not in response["Location"]
    else:
        assert response.status_code in (302, 403), response.status_code
        if response.status_code == 302:
            assert response["Location"].startswith(("/admin/login/", "/admin/"))
            assert response["Location"] != reverse("wagtailadmin_pages:edit", args=[page.pk])
        assert page.revisions.count() == revisions  # nothing was saved


def test_translators_get_rights_on_every_other_languages_root_only(site_tree):
    created = ensure_locale_roots()
    assert sorted(root.locale.language_code for root in created) == [
        "ar", "en", "fa", "pl", "so", "ta", "tr", "ur"
    ]  # fmt: skip
    assert all(root.alias_of_id == site_tree.home.pk and root.live for root in created)
    assert ensure_locale_roots() == []  # idempotent

    granted = GroupPagePermission.objects.filter(group__name=TRANSLATOR_GROUP)
    assert {p.page_id for p in granted} == {root.pk for root in created}
    assert {p.permission.codename for p in granted} == {"change_page", "lock_page", "publish_page"}
    assert not granted.filter(page__locale__language_code="nb").exists()
    assert HomePage.objects.filter(locale__language_code="nb").count() == 1


# Machine translation: off unless configured


def test_machine_translation_is_off_by_default(english_guide, translator):
    assert get_machine_translator() is None
    translation = Translation.objects.get(target_locale__language_code="en")
    response = translator.post(reverse("wagtail_localize:machine_translate", args=[translation.pk]))
    assert response.status_code == 404


def test_machine_translation_can_be_switched_on_by_configuration(
    english_guide, translator, settings
):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"
    }
    translation = Translation.objects.get(target_locale__language_code="en")
    response = translator.post(reverse("wagtail_localize:machine_translate", args=[translation.pk]))
    assert response.status_code == 302
    machine = StringTranslation.objects.filter(
        locale__language_code="en", translation_type="machine"
    )
    assert machine.filter(data="telefonnumre Viktige").exists()  # the dummy reverses words
    # The translator's own work is never replaced.
    assert StringTranslation.objects.get(data="Where to get help").translation_type == "manual"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, None),
        ({"MACHINE_TRANSLATOR": ""}, None),
        (
            {"MACHINE_TRANSLATOR": "deepl", "DEEPL_AUTH_KEY": "nøkkel:fx"},
            {"CLASS": DEEPL, "OPTIONS": {"AUTH_KEY": "nøkkel:fx"}},
        ),
        (
            {"MACHINE_TRANSLATOR": "LibreTranslate", "LIBRETRANSLATE_URL": "http://mt.intern/"},
            {
                "CLASS": LIBRETRANSLATE,
                "OPTIONS": {"LIBRETRANSLATE_URL": "http://mt.intern", "API_KEY": ""},
            },
        ),
        ({"MACHINE_TRANSLATOR": "deepl"}, "needs DEEPL_AUTH_KEY"),
        ({"MACHINE_TRANSLATOR": "libretranslate"}, "needs LIBRETRANSLATE_URL"),
        ({"MACHINE_TRANSLATOR": "google"}, "must be 'deepl' or 'libretranslate'"),
    ],
)
def test_machine_translation_is_configured_from_the_environment(environ, expected):
    if isinstance(expected, str):
        with pytest.raises(ImproperlyConfigured, match=expected):
            machine_translator_setting(environ)
    else:
        assert machine_translator_setting(environ) == expected


def test_models_with_many_to_many_relations_sync_them(site_tree):
    from wagtail_localize.fields import get_translatable_fields

    for model, relation in [
        (LegalDutyPage, "provisions"),
        (HelpServicePage, "target_groups"),
        (RoutinePage, "legal_duties"),
    ]:
        fields = {field.field_name: field for field in get_translatable_fields(model)}
        assert fields[relation].is_synchronized(site_tree.duty)
        assert not fields["slug"].is_translated(site_tree.duty)
    assert "actions" in {field.field_name for field in get_translatable_fields(MeasurePage)}
