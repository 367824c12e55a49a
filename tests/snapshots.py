"""Snapshots of the test database's committed rows, put back by copying.

Live-server (browser) tests commit what the server is to see. Django's way of undoing that is
to empty every table (``flush``) and load the migrated rows again (serialized rollback), after
which each test built its site tree anew: about two seconds a test on PostgreSQL. A snapshot
copies each table's rows into a table of its own once; ``restore`` empties every table and copies
the rows back, in one transaction (foreign keys are checked at its end), in tens of
milliseconds. Tables whose rows triggers keep (SQLite's full-text index) are left to them.
"""

from __future__ import annotations

import itertools

from django.db import connection, transaction

_PREFIX = "test_snapshot_"
_names = itertools.count()


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _tables() -> list[str]:
    """The database's tables, but for snapshots' and those kept by triggers."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        kept_by_triggers: list[str] = []
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE "
                "'CREATE VIRTUAL TABLE%'"
            )
            kept_by_triggers = [row[0] for row in cursor.fetchall()]
    return [
        table
        for table in tables
        if not table.startswith(_PREFIX)
        and not any(table == kept or table.startswith(f"{kept}_") for kept in kept_by_triggers)
    ]


class Snapshot:
    """The rows of every table as they are now; ``restore`` puts the database back to them."""

    def __init__(self) -> None:
        self.tables = _tables()
        self.copies: dict[str, str] = {}
        number = next(_names)
        with transaction.atomic(), connection.cursor() as cursor:
            for index, table in enumerate(self.tables):
                cursor.execute(f"SELECT 1 FROM {_quote(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone() is None:
                    continue
                copy = f"{_PREFIX}{number}_{index}"
                cursor.execute(f"CREATE TABLE {_quote(copy)} AS SELECT * FROM {_quote(table)}")  # noqa: S608
                self.copies[table] = copy

    def restore(self) -> None:
        """Empty every table and copy the snapshot's rows back."""
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(f"DELETE FROM {_quote(table)}")  # noqa: S608
            for table, copy in self.copies.items():
                cursor.execute(f"INSERT INTO {_quote(table)} SELECT * FROM {_quote(copy)}")  # noqa: S608

    def drop(self) -> None:
        with connection.cursor() as cursor:
            for copy in self.copies.values():
                cursor.execute(f"DROP TABLE {_quote(copy)}")
        self.copies.clear()
