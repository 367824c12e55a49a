"""The snapshots the browser tests' database is put back to (tests/snapshots.py): rows
changed, added and removed after a snapshot are as they were after ``restore``, pages and
their search index included, on either database."""

from __future__ import annotations

import pytest

from directory.models import TargetGroup
from home.models import ContentPage
from tests import factories as f
from tests.snapshots import Snapshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_rows_changed_added_and_removed_are_put_back():
    kept = f.TargetGroupFactory(name="Barn og unge", slug="barn-og-unge")
    removed = f.TargetGroupFactory(name="Eldre", slug="eldre")
    snapshot = Snapshot()
    try:
        kept.name = "Endret"
        kept.save()
        removed.delete()
        f.TargetGroupFactory(name="Voksne", slug="voksne")

        snapshot.restore()

        assert dict(TargetGroup.objects.values_list("slug", "name")) == {
            "barn-og-unge": "Barn og unge",
            "eldre": "Eldre",
        }
        snapshot.restore()
        assert TargetGroup.objects.count() == 2, "a snapshot can be restored again"
    finally:
        snapshot.drop()


def test_pages_and_their_search_index_are_put_back():
    home = f.home_page()
    before = f.ContentPageFactory(parent=home, title="Rutine for kriseteamet", slug="kriseteam")
    snapshot = Snapshot()
    try:
        after = f.ContentPageFactory(parent=home, title="Rutine for nattevakten", slug="natt")
        before.title = "Noe annet"
        before.save_revision().publish()

        snapshot.restore()

        assert not ContentPage.objects.filter(pk=after.pk).exists()
        assert ContentPage.objects.get(pk=before.pk).title == "Rutine for kriseteamet"
        assert list(ContentPage.objects.live().search("nattevakten")) == []
        assert [page.pk for page in ContentPage.objects.live().search("kriseteamet")] == [before.pk]
        assert home.get_children().count() == 1
    finally:
        snapshot.drop()


def test_a_snapshot_leaves_no_table_behind():
    from django.db import connection

    def tables():
        with connection.cursor() as cursor:
            return set(connection.introspection.table_names(cursor))

    existing = tables()
    f.TargetGroupFactory()
    snapshot = Snapshot()
    assert tables() - existing, "the rows are copied aside"
    snapshot.drop()
    assert tables() == existing
