"""«Publiseres på bydelens nettside» is the Norwegian source's decision (docs/public-export.md):
a synchronised field wagtail-localize copies on every sync and offers no override for, read-only
in a translation's own edit form."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from wagtail_localize.fields import SynchronizedField, get_translatable_fields
from wagtail_localize.models import Translation

from home.models import PopulationGuidePage
from languages.locales import ensure_locale_roots
from public_site.selection import public_page_models
from tests import factories as f

CHECKBOX = re.compile(r'<input[^>]*name="publish_on_website"[^>]*>')


def set_public(page, public: bool):
    page.publish_on_website = public
    page.save_revision().publish()


@pytest.fixture
def english_guide(site_tree):
    ensure_locale_roots()
    f.translate(site_tree.home, "en")
    return f.translate(site_tree.guide, "en", {"Her får du hjelp": "Where to get help"})


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", public_page_models(), ids=lambda model: model.__name__)
def test_the_flag_is_synchronised_and_not_overridable_on_every_public_page_type(model):
    fields = {field.field_name: field for field in get_translatable_fields(model)}
    flag = fields["publish_on_website"]
    assert isinstance(flag, SynchronizedField)
    assert flag.overridable is False


def test_a_sync_brings_the_sources_flag_into_the_translation(site_tree, english_guide):
    assert english_guide.publish_on_website is True

    set_public(site_tree.guide, False)
    english = f.translate(site_tree.guide, "en")
    assert english.publish_on_website is False

    set_public(site_tree.guide, True)
    english = f.translate(site_tree.guide, "en")
    assert english.publish_on_website is True


def test_publishing_from_the_translation_editor_keeps_the_sources_flag(
    site_tree, english_guide, django_capture_on_commit_callbacks
):
    set_public(site_tree.guide, False)
    f.translate(site_tree.guide, "en")  # the sync
    translator = client_for(f.TranslatorFactory())

    with django_capture_on_commit_callbacks(execute=True):
        response = translator.post(
            reverse("wagtailadmin_pages:edit", args=[english_guide.pk]),
            {"action": "publish", "publish_on_website": "on"},
        )

    assert response.status_code == 302
    english = PopulationGuidePage.objects.get(pk=english_guide.pk)
    assert english.live and english.publish_on_website is False


@pytest.mark.parametrize(
    ("user_factory", "language", "disabled"),
    [
        (f.TranslatorFactory, "en", True),
        (f.CoordinatorFactory, "en", True),
        (f.CoordinatorFactory, "nb", False),
    ],
    ids=["translator-en", "coordinator-en", "coordinator-nb"],
)
def test_the_page_editor_shows_the_flag_read_only_in_a_translation(
    site_tree, english_guide, user_factory, language, disabled
):
    # «Rediger manuelt» (wagtail-localize's "convert to manual") gives a translation Wagtail's
    # own edit form, with the Promote tab and its checkbox.
    Translation.objects.filter(target_locale__language_code="en").update(enabled=False)
    page = english_guide if language == "en" else site_tree.guide

    response = client_for(user_factory()).get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    assert response.status_code == 200
    checkbox = CHECKBOX.search(response.content.decode())
    assert checkbox, "the Promote tab has no «Publiseres på bydelens nettside»"
    assert (" disabled" in checkbox.group(0)) is disabled


# Nothing new is public by default (issue 13, finding 10)


def test_a_help_service_added_in_the_admin_is_not_public_until_ticked(site_tree):
    client = client_for(f.CoordinatorFactory())
    response = client.get(
        reverse(
            "wagtailadmin_pages:add",
            args=["directory", "helpservicepage", site_tree.directory.pk],
        )
    )

    assert response.status_code == 200
    checkbox = CHECKBOX.search(response.content.decode())
    assert checkbox is not None and "checked" not in checkbox.group(0)
