"""Backup and restore: a restore into a fresh database gives the same pages, revisions and
media files; a restore never overwrites anything."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connections
from wagtail.documents import get_document_model

from ops.backup import BackupError, database, restore

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def media(settings, tmp_path) -> Path:
    """Documents stored on disk in a MEDIA_ROOT of their own."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root},
        },
    }
    return root


def pg_client(command: str, settings_dict: dict, *args: str) -> None:
    options = [
        f"--{name}={settings_dict[key]}"
        for name, key in (("host", "HOST"), ("port", "PORT"), ("username", "USER"))
        if settings_dict.get(key)
    ]
    subprocess.run([command, *options, *args], check=True, capture_output=True)


@pytest.fixture
def fresh_database(tmp_path):
    """The settings of a new, empty database: a scratch PostgreSQL database, or a new SQLite
    file."""
    default = connections["default"].settings_dict
    if default["ENGINE"] != "django.db.backends.postgresql":
        yield {**default, "NAME": str(tmp_path / "restored.sqlite3")}
        return
    name = f"{default['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    pg_client("createdb", default, name)
    yield {**default, "NAME": name}
    pg_client("dropdb", default, "--if-exists", name)


def snapshot(connection) -> dict:
    """Pages, revisions and the number of rows in every table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, path, url_path, title, live, live_revision_id, latest_revision_id,"
            " content_type_id FROM wagtailcore_page ORDER BY id"
        )
        pages = cursor.fetchall()
        cursor.execute(
            "SELECT id, object_id, base_content_type_id, created_at, content"
            " FROM wagtailcore_revision ORDER BY id"
        )
        revisions = cursor.fetchall()
        counts = {}
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return {"pages": pages, "revisions": revisions, "rows": counts}


def test_a_restore_into_a_fresh_database_gives_the_same_pages_revisions_and_files(
    site_tree, media, fresh_database, tmp_path
):
    draft = site_tree.routine.get_latest_revision_as_object()
    draft.title = "Rutine ved mistanke om vold (utkast)"
    draft.save_revision()  # a revision that is not live
    document = get_document_model()(title="Rutine for samtale med barn")
    document.file.save("rutine.txt", ContentFile(b"Lytt, og skriv ned.\n"))

    call_command("backup", str(tmp_path / "backup"))
    restored_media = tmp_path / "restored-media"
    restore(tmp_path / "backup", fresh_database, restored_media)

    with database(fresh_database) as restored:
        before, after = snapshot(connections["default"]), snapshot(restored)
    assert len(before["pages"]) >= 15 and len(before["revisions"]) > len(before["pages"])
    assert after == before
    restored_file = restored_media / Path(document.file.name)
    assert restored_file.read_bytes() == b"Lytt, og skriv ned.\n"


def test_a_restore_never_overwrites_a_database_in_use(site_tree, media, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    before = snapshot(connections["default"])
    with pytest.raises(CommandError, match=r"^restore: the database .* is not empty$"):
        call_command("restore", str(tmp_path / "backup"))
    assert snapshot(connections["default"]) == before


def test_a_restore_never_overwrites_media_files(site_tree, media, fresh_database, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    existing = tmp_path / "in-use"
    existing.mkdir()
    (existing / "bilde.png").write_bytes(b"\x89PNG")
    with pytest.raises(BackupError, match="is not empty"):
        restore(tmp_path / "backup", fresh_database, existing)
    assert (existing / "bilde.png").read_bytes() == b"\x89PNG"


def test_a_backup_needs_a_new_directory(db, media, tmp_path):
    target = tmp_path / "backup"
    target.mkdir()
    (target / "noe.txt").write_text("fra før")
    with pytest.raises(CommandError, match="is not empty; give a new directory"):
        call_command("backup", str(target))
    assert [p.name for p in target.iterdir()] == ["noe.txt"]


def test_a_backup_is_readable_by_its_owner_only(db, media, tmp_path):
    """Sessions, password hashes and read confirmations are in it (issue 13, finding 5)."""
    previous = os.umask(0o022)  # the usual default: files readable by every local user
    try:
        call_command("backup", str(tmp_path / "backups" / "i-dag"))
    finally:
        os.umask(previous)

    folder = tmp_path / "backups" / "i-dag"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700
    files = list(folder.iterdir())
    assert {p.name for p in files} >= {"manifest.json", "media.tar.gz"}
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in files} == {oct(0o600)}


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: (d / "manifest.json").unlink(), "manifest.json is missing"),
        (lambda d: (d / "manifest.json").write_text("{"), "manifest.json is damaged"),
        (lambda d: (d / "media.tar.gz").unlink(), "is incomplete: media.tar.gz is missing"),
    ],
)
def test_a_damaged_backup_is_refused(damage, message, db, media, fresh_database, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    damage(tmp_path / "backup")
    with pytest.raises(BackupError, match=message):
        restore(tmp_path / "backup", fresh_database, tmp_path / "restored-media")


def test_restore_exits_non_zero_with_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / "finnes-ikke")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [
        f"CommandError: restore: {tmp_path / 'finnes-ikke'} is not a backup: "
        "manifest.json is missing"
    ]
