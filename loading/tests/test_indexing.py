"""A load indexes each object once at its end (loading/indexing.py): the search index and
Wagtail's reference index hold every loaded page afterwards, and saves outside a load, or after
a load that failed, are indexed at once as before."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from modelsearch.index import class_is_indexed
from wagtail.models import Page, ReferenceIndex
from wagtail.search.models import IndexEntry

from guidance.models import ConcernPathPage, LegalDutyPage
from home.models import ContentPage
from loading.indexing import indexed_once_at_the_end
from tests import factories as f


def search_entry(page: Page) -> IndexEntry | None:
    page = page.specific
    content_type = ContentType.objects.get_for_model(type(page))
    return IndexEntry.objects.filter(content_type=content_type, object_id=str(page.pk)).first()


def referring(page: Page) -> set[str]:
    return {reference.object_id for reference in ReferenceIndex.get_references_to(page)}


def test_every_loaded_page_is_in_the_search_index(loaded):
    pages = [
        page
        for page in Page.objects.filter(depth__gt=1).specific()
        if class_is_indexed(type(page)) and type(page).search_fields
    ]
    missing = [page.url_path for page in pages if search_entry(page) is None]
    assert len(pages) > 50 and not missing, missing


def test_the_loaded_pages_are_in_the_reference_index(loaded):
    home = f.home_page()
    assert str(home.pk) in referring(home.concern_page)
    path = ConcernPathPage.objects.filter(duties__isnull=False).first()
    duty = path.duties.first().duty
    assert str(path.pk) in referring(duty)


def test_within_the_block_nothing_is_indexed_and_after_it_everything_once(loaded):
    home = f.home_page()
    with indexed_once_at_the_end():
        page = f.ContentPageFactory(parent=home, title="Sjøsprøyt", slug="sjo")
        page.save_revision().publish()
        assert search_entry(page) is None
    assert search_entry(page) is not None
    assert page in ContentPage.objects.live().search("sjøsprøyt")


def test_saves_are_indexed_at_once_after_the_block_even_when_it_failed(loaded):
    with pytest.raises(RuntimeError), indexed_once_at_the_end():
        raise RuntimeError("the load failed")
    home = f.home_page()
    page = f.ContentPageFactory(parent=home, title="Sommerfugler", slug="sommer")
    assert search_entry(page) is not None
    duty = LegalDutyPage.objects.first()
    path = f.ConcernPathPageFactory(
        parent=duty.get_parent(), title="Sti", slug="sti-2", duties=[f.path_duty(duty)]
    )
    assert str(path.pk) in referring(duty)
