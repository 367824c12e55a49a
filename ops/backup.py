"""Backup and restore of the database and the media files (documents, images).

A backup is a directory with ``manifest.json``, the database (``database.dump`` from pg_dump in
its custom format, or ``database.sqlite3`` made with SQLite's online backup) and
``media.tar.gz``. A restore goes into a fresh, empty database and an empty media directory,
never over existing data. See docs/backup.md.
"""

from __future__ import annotations

import datetime
import json
import os
import sqlite3
import subprocess
import tarfile
from contextlib import closing, contextmanager
from pathlib import Path

from django.db import connections
from django.db.backends.base.base import NO_DB_ALIAS
from django.db.utils import load_backend

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media.tar.gz"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """Why a backup or restore cannot be done, in one line."""


def _vendor(settings_dict: dict) -> str:
    vendor = {
        "django.db.backends.postgresql": "postgresql",
        "django.db.backends.sqlite3": "sqlite",
    }.get(settings_dict["ENGINE"])
    if vendor is None:
        raise BackupError(f"cannot back up a {settings_dict['ENGINE']} database")
    return vendor


def _pg(command: str, settings_dict: dict, *args: str) -> None:
    """Run a PostgreSQL client program against the database in ``settings_dict``."""
    connection = ["--dbname", settings_dict["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            connection += [option, str(settings_dict[key])]
    env = {**os.environ, "PGPASSWORD": settings_dict.get("PASSWORD") or ""}
    try:
        result = subprocess.run(
            [command, *connection, *args], env=env, capture_output=True, text=True
        )
    except FileNotFoundError:
        raise BackupError(
            f"{command} is not installed (apt-get install postgresql-client)"
        ) from None
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines() or [f"exit status {result.returncode}"]
        raise BackupError(f"{command} failed: {lines[0]}")


def _counts(connection) -> dict:
    with connection.cursor() as cursor:
        counts = {}
        for table in ("wagtailcore_page", "wagtailcore_revision"):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
    return counts


@contextmanager
def _private():
    """Files and folders made inside are for the owner alone (0600 and 0700), pg_dump's too: a
    backup holds sessions, password hashes and read confirmations."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def backup(target: Path, media_root: Path, alias: str = "default") -> dict:
    """Write a backup of database ``alias`` and ``media_root`` into the new directory
    ``target``, readable by its owner only; return its manifest."""
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty; give a new directory")
    connection = connections[alias]
    vendor = _vendor(connection.settings_dict)
    with _private():
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
        target.chmod(0o700)
        return _write_backup(target, media_root, connection, vendor)


def _write_backup(target: Path, media_root: Path, connection, vendor: str) -> dict:
    database_file = target / DATABASE_FILES[vendor]
    if vendor == "postgresql":
        _pg(
            "pg_dump",
            connection.settings_dict,
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(database_file),
        )
    else:
        connection.ensure_connection()
        with closing(sqlite3.connect(database_file)) as copy:
            connection.connection.backup(copy)
    media_files = 0
    with tarfile.open(target / MEDIA, "w:gz") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                archive.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
                media_files += path.is_file()
    manifest = {
        "format": FORMAT,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": vendor,
        "database_file": database_file.name,
        "media_file": MEDIA,
        "media_files": media_files,
        **_counts(connection),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def read_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{source} is not a backup: {MANIFEST} is missing") from None
    except json.JSONDecodeError as error:
        raise BackupError(f"{source / MANIFEST} is damaged: {error.msg}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source} has backup format {manifest.get('format')}, not {FORMAT}")
    for name in (manifest["database_file"], manifest["media_file"]):
        if not (source / name).is_file():
            raise BackupError(f"{source} is incomplete: {name} is missing")
    return manifest


@contextmanager
def database(settings_dict: dict):
    """A connection to the database in ``settings_dict``, outside Django's configured ones.

    It goes by Django's NO_DB_ALIAS, on which django.contrib.postgres registers no type
    handlers (those look the connection up by alias); a backup needs none.
    """
    backend = load_backend(settings_dict["ENGINE"])
    connection = backend.DatabaseWrapper(dict(settings_dict), NO_DB_ALIAS)
    try:
        yield connection
    finally:
        connection.close()


def restore(source: Path, settings_dict: dict, media_root: Path) -> dict:
    """Restore the backup in ``source`` into the empty database described by
    ``settings_dict`` and the empty directory ``media_root``; return the manifest."""
    manifest = read_manifest(source)
    vendor = _vendor(settings_dict)
    if manifest["database"] != vendor:
        raise BackupError(f"the backup is of a {manifest['database']} database, not {vendor}")
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"the media directory {media_root} is not empty")
    with database(settings_dict) as connection:
        if connection.introspection.table_names():
            raise BackupError(f"the database {settings_dict['NAME']} is not empty")
        database_file = source / manifest["database_file"]
        if vendor == "postgresql":
            connection.close()
            _pg(
                "pg_restore",
                settings_dict,
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                str(database_file),
            )
        else:
            connection.ensure_connection()
            with closing(sqlite3.connect(database_file)) as copy:
                copy.backup(connection.connection)
        restored = _counts(connection)
    expected = {table: manifest[table] for table in restored}
    if restored != expected:
        raise BackupError(f"the restored database has {restored}, the backup {expected}")
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA, "r:gz") as archive:
        archive.extractall(media_root, filter="data")
    return manifest
