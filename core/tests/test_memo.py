"""core.memo: a result remembered within ``remembering()`` only, its rows announced again each
time it is used again."""

from __future__ import annotations

import pytest
from wagtail.models import Page

from core.memo import remembered, remembering, rows_reused
from public_site.sources import recording


def pages_below(path: str) -> list[Page]:
    return list(Page.objects.filter(path__startswith=path).order_by("path"))


@pytest.mark.django_db
def test_outside_remembering_every_call_computes(site_tree, django_assert_num_queries):
    path = site_tree.guide.path
    with django_assert_num_queries(2):
        first = remembered(("below", path), lambda: pages_below(path))
        second = remembered(("below", path), lambda: pages_below(path))
    assert first == second and first is not second


@pytest.mark.django_db
def test_within_remembering_each_key_computes_once(site_tree, django_assert_num_queries):
    guide, home = site_tree.guide.path, site_tree.home.path
    with remembering():
        with django_assert_num_queries(2):
            first = remembered(("below", guide), lambda: pages_below(guide))
            again = remembered(("below", guide), lambda: pages_below(guide))
            other = remembered(("below", home), lambda: pages_below(home))
        assert again is first
        assert len(other) > len(first)
    with remembering(), django_assert_num_queries(1):
        assert remembered(("below", guide), lambda: pages_below(guide)) is not first


@pytest.mark.django_db
def test_a_result_used_again_sends_the_instances_it_was_made_from(site_tree):
    path = site_tree.guide.path
    sent = []

    def receiver(sender, instances, **kwargs):
        sent.append([instance.pk for instance in instances])

    rows_reused.connect(receiver, weak=False, dispatch_uid="test_memo")
    try:
        with remembering():
            first = remembered(("below", path), lambda: pages_below(path))
            assert sent == []
            remembered(("below", path), lambda: pages_below(path))
    finally:
        rows_reused.disconnect(dispatch_uid="test_memo")
    assert sent == [[page.pk for page in first]]


@pytest.mark.django_db
def test_the_export_records_the_rows_of_a_result_used_again(site_tree):
    path = site_tree.guide.path
    with remembering():
        with recording() as first:
            remembered(("below", path), lambda: pages_below(path))
        with recording() as second:
            remembered(("below", path), lambda: pages_below(path))
    assert first == second == {("wagtailcore.Page", str(site_tree.guide.pk))}
