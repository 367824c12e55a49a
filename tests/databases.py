"""PostgreSQL test databases for pytest-xdist's workers, made from one migrated template.

Without this every worker migrates a database of its own from nothing, all of them at once as
the run starts (about 15 s of CPU each). Here the first worker to take the run's lock migrates
a template database; each worker, that one included, then makes its own from the template with
``CREATE DATABASE … TEMPLATE`` (about a second), and pytest-django finds it there (``keepdb``:
the root conftest's ``django_db_keepdb``) and only checks that every migration is applied. The
worker drops its database after the run, and the one that made the template drops that too.
On SQLite (a database in memory per worker) and without xdist nothing changes.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection


def made_from_template() -> bool:
    """Whether this process's test database is made from the run's template."""
    return bool(os.environ.get("PYTEST_XDIST_WORKER")) and connection.vendor == "postgresql"


def _run_id() -> str:
    return os.environ["PYTEST_XDIST_TESTRUNUID"][:12]


def _lock_path() -> Path:
    return Path(tempfile.gettempdir()) / f"vnr-test-databases-{_run_id()}.lock"


@contextmanager
def _run_lock() -> Iterator[None]:
    """Held by one worker of the run at a time."""
    with _lock_path().open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def _exists(name: str) -> bool:
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def _migrate_template(template: str) -> None:
    """Create and migrate ``template`` as Django makes a test database, then point the
    connection back at the database it was set up for."""
    settings_dict = connection.settings_dict
    name, test_name = settings_dict["NAME"], settings_dict["TEST"].get("NAME")
    settings_dict["TEST"]["NAME"] = template
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    finally:
        connection.close()
        settings_dict["TEST"]["NAME"] = test_name
        settings_dict["NAME"] = settings.DATABASES[connection.alias]["NAME"] = name


def template_name(worker_database: str) -> str:
    """The run's template for a worker's test database (``test_vnr_gw0`` →
    ``test_vnr_template_<run>``)."""
    worker_suffix = f"_{os.environ['PYTEST_XDIST_WORKER']}"
    return f"{worker_database.removesuffix(worker_suffix)}_template_{_run_id()}"


def make_worker_database() -> tuple[str, str | None]:
    """Make this worker's test database from the run's template, migrating the template first
    when no worker has yet. Returns the database's name and the template's when this worker
    made it (it drops it after the run)."""
    name = connection.creation._get_test_db_name()
    template = template_name(name)
    made = None
    with _run_lock():
        if not _exists(template):
            _migrate_template(template)
            made = template
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {_quoted(name)}")
            cursor.execute(f"CREATE DATABASE {_quoted(name)} TEMPLATE {_quoted(template)}")
    return name, made


def drop_after_run(name: str, template: str | None) -> None:
    """Drop this worker's database, and the template (and the run's lock) when this worker
    made it, closing what is still connected to them."""
    connection.close()
    with connection.creation._nodb_cursor() as cursor:
        for database in filter(None, (name, template)):
            cursor.execute(f"DROP DATABASE IF EXISTS {_quoted(database)} WITH (FORCE)")
    if template:
        _lock_path().unlink(missing_ok=True)
