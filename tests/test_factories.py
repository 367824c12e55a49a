"""The factories build valid, published pages in the right places."""

from __future__ import annotations

import pytest
from wagtail.models import Page, Site, get_page_models

from directory.models import HelpServicePage
from guidance.models import FocusAreaPage, MeasurePage, PlanChapterPage, PlanPage, RoutinePage
from home.models import HomePage

from . import factories as f

pytestmark = pytest.mark.django_db


def test_home_page_replaces_wagtails_welcome_page():
    home = f.home_page()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home.pk
    assert Page.objects.filter(depth=2).count() == 1
    assert f.home_page().pk == home.pk  # found, not created again


def test_default_parents_make_a_valid_tree():
    measure = f.MeasurePageFactory()
    ancestors = [type(p.specific) for p in measure.get_ancestors().filter(depth__gte=2)]
    assert ancestors == [HomePage, PlanPage, PlanChapterPage, FocusAreaPage]
    assert isinstance(
        f.RoutinePageFactory().get_parent().get_parent().get_parent().specific, HomePage
    )


def test_pages_are_published_with_a_live_revision():
    service = f.HelpServicePageFactory(target_groups=f.TargetGroupFactory.create_batch(2))
    assert service.live and service.live_revision_id and service.first_published_at
    assert service.target_groups.count() == 2
    assert HelpServicePage.objects.live().filter(pk=service.pk).exists()
    service.full_clean()


def test_measure_actions_keep_their_roles_through_publishing():
    measure = f.MeasurePageFactory()
    actions = list(MeasurePage.objects.get(pk=measure.pk).actions.all())
    assert len(actions) == 2
    assert all(action.roles.count() == 1 for action in actions)


def test_publish_false_leaves_a_draft():
    draft = f.ContentPageFactory(publish=False)
    assert not draft.live
    assert draft.latest_revision_id is not None
    assert not Page.objects.live().filter(pk=draft.pk).exists()


def test_site_tree_has_one_page_of_each_type(site_tree):
    pages = site_tree.pages
    assert set(pages) == {
        model.__name__
        for model in get_page_models()
        if model._meta.app_label in {"home", "guidance", "directory"}
    }
    assert all(page.live for page in pages.values())
    assert site_tree.home.concern_page_id == site_tree.concern.pk
    assert isinstance(site_tree.routine, RoutinePage)


def test_staff_user_is_in_the_staff_group(staff_user):
    assert list(staff_user.groups.values_list("name", flat=True)) == ["Ansatte"]
    assert not staff_user.is_staff
    assert staff_user.check_password(f.DEFAULT_PASSWORD)
