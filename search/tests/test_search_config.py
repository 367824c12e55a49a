"""PostgreSQL's Norwegian text-search configuration (search/services/pg_config.py) and the
``create_search_config`` command. Kept apart from the commands that need the loaded plan: the
configuration's indexes cannot be rebuilt in a transaction with pending trigger events."""

from __future__ import annotations

import glob
import logging

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from search.services import pg_config

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
