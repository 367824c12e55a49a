"""The search's management commands on the loaded plan: seeding synonyms and promotions and
rebuilding the vocabulary (the text-search configuration: test_search_config.py)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from wagtail.contrib.search_promotions.models import SearchPromotion

from directory.models import HelpServiceIndexPage
from search.models import SynonymGroup, VocabularyWord
from tests import factories as f


def test_load_search_data_seeds_synonyms_and_promotions(loaded, capsys):
    call_command("load_search_data")
    assert "created" in capsys.readouterr().out
    meldeplikt = SynonymGroup.objects.get(key="meldeplikt")
    assert meldeplikt.term_list()[:2] == ["meldeplikt", "opplysningsplikt"]
    promoted = {
        (p.query.query_string, p.page.slug) for p in SearchPromotion.objects.select_related()
    }
    assert {
        ("meldeplikt", "opplysningsplikt-til-barnevernet"),
        ("avvergelsesplikt", "avvergelsesplikt"),
        ("krisesenter", "oslo-krisesenter"),
        ("barnevernvakt", "barnevernvakten-i-oslo"),
    } <= promoted


def test_load_search_data_is_idempotent_and_keeps_edits(loaded, capsys):
    call_command("load_search_data")
    counts = (SynonymGroup.objects.count(), SearchPromotion.objects.count())
    group = SynonymGroup.objects.get(key="meldeplikt")
    group.terms = "meldeplikt\nopplysningsplikt\nbekymringsmelding\nvarsel"
    group.save()
    capsys.readouterr()
    call_command("load_search_data")
    assert "created 0, updated 0" in capsys.readouterr().out
    assert (SynonymGroup.objects.count(), SearchPromotion.objects.count()) == counts
    assert "varsel" in SynonymGroup.objects.get(key="meldeplikt").term_list()
    call_command("load_search_data", "--overwrite")
    assert "varsel" not in SynonymGroup.objects.get(key="meldeplikt").term_list()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("synonyms: [", "invalid YAML"),
        ("synonyms: {}", "expected a list under «synonyms»"),
        ("synonyms:\n  - {key: x}", "synonyms[0].terms: required"),
        ("synonyms:\n  - {key: x, terms: [bare, bare]}", "minst to forskjellige"),
    ],
)
def test_a_malformed_file_changes_nothing(content, message, loaded, tmp_path):
    path = tmp_path / "synonyms.yaml"
    path.write_text(content)
    with pytest.raises(CommandError) as error:
        call_command("load_search_data", "--synonyms", str(path))
    assert message in str(error.value) and "nothing was changed" in str(error.value)
    assert "\n" not in str(error.value)
    assert not SynonymGroup.objects.exists()
    assert not SearchPromotion.objects.exists()


def test_promotions_need_the_pages(db, tmp_path):
    path = tmp_path / "promotions.yaml"
    path.write_text("promotions:\n  - {query: x, pages: [{path: finnes/ikke}]}\n")
    with pytest.raises(CommandError, match="run load_plan first"):
        call_command("load_search_data", "--promotions", str(path))


def test_rebuild_search_vocabulary(loaded, capsys):
    VocabularyWord.objects.create(word="utdatert")
    call_command("rebuild_search_vocabulary")
    assert "words" in capsys.readouterr().out
    assert not VocabularyWord.objects.filter(word="utdatert").exists()
    assert VocabularyWord.objects.filter(word="avvergelsesplikt").exists()


def test_publishing_keeps_the_vocabulary_current(loaded):
    directory = HelpServiceIndexPage.objects.get()
    f.HelpServicePageFactory(parent=directory, summary="Sjøsprøyt og sommerfugler.")
    assert VocabularyWord.objects.filter(word__in=["sjøsprøyt", "sommerfugler"]).count() == 2
