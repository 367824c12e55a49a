"""A pytest-xdist worker's PostgreSQL test database is made from the run's migrated template
(tests/databases.py)."""

from __future__ import annotations

import os

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests import databases


@pytest.mark.django_db
def test_a_workers_database_is_made_from_the_runs_migrated_template():
    if not databases.made_from_template():
        pytest.skip("only for a pytest-xdist worker on PostgreSQL")
    name = connection.settings_dict["NAME"]
    assert name.endswith(f"_{os.environ['PYTEST_XDIST_WORKER']}")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_database WHERE datname = %s", [databases.template_name(name)]
        )
        assert cursor.fetchone() == (1,)
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
