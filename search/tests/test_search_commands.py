"""The search's management commands and PostgreSQL set-up: seeding synonyms and promotions,
rebuilding the vocabulary, and the Norwegian text-search configuration."""

from __future__ import annotations

import glob
import logging

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.contrib.search_promotions.models import SearchPromotion

from directory.models import HelpServiceIndexPage
from search.models import SynonymGroup, VocabularyWord
from search.services import pg_config
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


HUNSPELL_INSTALLED = bool(glob.glob("/usr/share/postgresql/*/tsearch_data/nb_no.dict"))


@pytest.fixture
def postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's text search")


def tsvector(text: str, config: str = pg_config.CONFIG) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector(%s::regconfig, %s)::text", [config, text])
        return cursor.fetchone()[0]


def test_the_norwegian_configuration_uses_hunspell(postgres):
    expected = "vnr_nb_hunspell" if HUNSPELL_INSTALLED else "norwegian_stem"
    assert pg_config.first_dictionary(connection) == expected
    if HUNSPELL_INSTALLED:
        assert "'krisesenter'" in tsvector("krisesentre")
        assert "'voldsutøver'" in tsvector("voldsutøvere")
        assert "'plikt'" in tsvector("meldeplikt")


def test_without_the_dictionary_the_configuration_falls_back(postgres, monkeypatch, caplog):
    monkeypatch.setattr(pg_config, "DICTIONARY_FILE", "finnes_ikke")
    with caplog.at_level(logging.WARNING, logger="search.services.pg_config"):
        assert pg_config.create_search_config(connection, recreate=True) == "norwegian_stem"
    assert "hunspell-no" in caplog.text
    assert tsvector("krisesentre") == tsvector("krisesentre", "norwegian")
    # Idempotent: running again changes nothing and logs nothing new.
    caplog.clear()
    assert pg_config.create_search_config(connection) == "norwegian_stem"


def test_create_search_config_command(postgres, capsys):
    call_command("create_search_config")
    assert f"{pg_config.CONFIG} uses" in capsys.readouterr().out


def test_create_search_config_needs_postgresql(db):
    if connection.vendor == "postgresql":
        pytest.skip("SQLite only")
    with pytest.raises(CommandError, match="not PostgreSQL"):
        call_command("create_search_config")
