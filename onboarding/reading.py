"""A member of staff's reading list, their progress, «Jeg har lest» and significant changes.

A user's reading list is the list for all staff (a live ``ReadingListPage`` below the front
page, in Norwegian) and their unit's own list (below ``StaffProfile.unit``). A confirmation is
*outdated* when the page has had a significant change since: an editor marked a published
revision «Vesentlig endring» (a ``vnr.page.significant_change`` entry in the page's history).
Minor changes leave confirmations as they are.

Progress is computed for many users at once in a fixed number of queries (the leaders'
follow-up); one user's progress is kept in the cache under the content generation
(home/page_cache.py), so the per-user parts of cached pages need no database query.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry

from accounts.models import StaffProfile
from core.locales import default_locale_id
from core.page_cache import (
    content_changed,
    content_generation,
    forget_for_request,
    once_per_request,
)
from core.visibility import hidden_from_users

from .models import OnboardingPeriod, ReadConfirmation, ReadingListItem, ReadingListPage

SIGNIFICANT_CHANGE_ACTION = "vnr.page.significant_change"
# The tree's root is at depth 1, the front pages at 2, the lists for all staff below them.
GENERAL_LIST_DEPTH = 3

READ = "read"
OUTDATED = "outdated"
UNREAD = "unread"
STATE_LABELS = {
    READ: _("Lest"),
    OUTDATED: _("Endret siden du leste – les på nytt"),
    UNREAD: _("Ikke lest"),
}


@dataclass(frozen=True)
class ItemProgress:
    """One page of a user's reading list and whether they have read it."""

    page_id: int
    title: str
    url: str | None
    required: bool
    why: str
    minutes: int
    state: str
    confirmed_at: datetime.datetime | None = None

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def is_read(self) -> bool:
        return self.state == READ


@dataclass(frozen=True)
class ListProgress:
    list_id: int
    title: str
    url: str | None
    items: tuple[ItemProgress, ...]


@dataclass
class ReadingProgress:
    """A user's lists with the state of every item, their start date and deadline."""

    user_id: int
    started_on: datetime.date
    deadline: datetime.date
    lists: list[ListProgress] = field(default_factory=list)
    # Every page id the items are shown under (the page and its translations) → its item.
    page_ids: dict[int, int] = field(default_factory=dict)
    # New whenever the progress is worked out again (a page confirmed, content changed, a new
    # day): what is rendered from it is cached under it (the front page's reading list).
    version: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def items(self) -> list[ItemProgress]:
        return [item for reading_list in self.lists for item in reading_list.items]

    @property
    def required(self) -> list[ItemProgress]:
        return [item for item in self.items if item.required]

    @property
    def required_read(self) -> int:
        return sum(item.is_read for item in self.required)

    @property
    def required_left(self) -> list[ItemProgress]:
        return [item for item in self.required if not item.is_read]

    @property
    def outdated(self) -> list[ItemProgress]:
        return [item for item in self.items if item.state == OUTDATED]

    @property
    def complete(self) -> bool:
        return not self.required_left

    def overdue(self, today: datetime.date | None = None) -> bool:
        return not self.complete and self.deadline < (today or timezone.localdate())

    def item_for(self, page_id) -> ItemProgress | None:
        """The item shown on the page ``page_id`` (a listed page or a translation of it)."""
        item_page_id = self.page_ids.get(page_id)
        return next((item for item in self.items if item.page_id == item_page_id), None)


# Lists


@dataclass(frozen=True)
class ListedPage:
    """One item of a reading list, with what is shown of its page."""

    page_id: int
    title: str
    url: str | None
    path: str
    live: bool
    required: bool
    why: str
    minutes: int


@dataclass(frozen=True)
class ReadingList:
    pk: int
    title: str
    url: str | None
    path: str
    items: tuple[ListedPage, ...]


@dataclass(frozen=True)
class ReadingLists:
    """What every reader's progress is computed from: the live Norwegian reading lists (those
    for all staff, and each unit's by the unit's tree path), when each listed page last had a
    significant change, and the listed page each page id stands for (a listed page or one of
    its translations)."""

    general: tuple[ReadingList, ...]
    by_unit: dict[str, tuple[ReadingList, ...]]
    changed: dict[int, datetime.datetime]
    page_ids: dict[int, int]

    def for_unit(self, unit_path: str | None) -> tuple[ReadingList, ...]:
        return self.general + self.by_unit.get(unit_path, ())


def _load_reading_lists() -> ReadingLists:
    """Five queries: the lists, their items, the pages, the significant changes and the
    listed pages' translations.

    A list's parent is a front page or a unit page (``parent_page_types``); front pages are
    site roots right below the tree's root, so a list at depth 3 is one for all staff.
    """
    pages = (
        ReadingListPage.objects.live()
        .filter(locale_id=default_locale_id(), alias_of__isnull=True)
        .prefetch_related("items__page")
        .order_by("path")
    )
    general, by_unit = [], {}
    for page in pages:
        reading_list = ReadingList(
            page.pk,
            page.title,
            page.url,
            page.path,
            tuple(
                ListedPage(
                    page_id=item.page_id,
                    title=item.page.title,
                    url=item.page.url,
                    path=item.page.path,
                    live=item.page.live,
                    required=item.required,
                    why=item.why,
                    minutes=item.minutes,
                )
                for item in page.items.all()
            ),
        )
        if page.depth == GENERAL_LIST_DEPTH:
            general.append(reading_list)
        else:
            by_unit.setdefault(page.path[: -Page.steplen], []).append(reading_list)
    listed = {
        item.page_id
        for reading_list in (*general, *(lst for lists in by_unit.values() for lst in lists))
        for item in reading_list.items
    }
    changed = dict(
        PageLogEntry.objects.filter(action=SIGNIFICANT_CHANGE_ACTION, page_id__in=listed)
        .values("page_id")
        .annotate(at=Max("timestamp"))
        .values_list("page_id", "at")
    )
    translations = list(
        Page.objects.filter(
            translation_key__in=Page.objects.filter(pk__in=listed).values("translation_key")
        ).values_list("pk", "translation_key")
    )
    source_of = {key: pk for pk, key in translations if pk in listed}
    return ReadingLists(
        general=tuple(general),
        by_unit={path: tuple(lists) for path, lists in by_unit.items()},
        changed=changed,
        page_ids={pk: source_of[key] for pk, key in translations},
    )


def reading_lists() -> ReadingLists:
    """The reading lists, cached under the content generation (home/page_cache.py): publishing,
    moving or deleting a page, or marking a significant change, loads them again."""
    key = f"onboarding:lists:{content_generation()}"
    lists = cache.get(key)
    if lists is None:
        lists = _load_reading_lists()
        cache.set(key, lists, 24 * 60 * 60)
    return lists


def _periods(users) -> dict[int, tuple[datetime.date, datetime.date]]:
    periods = {
        period.user_id: (period.started_on, period.deadline)
        for period in OnboardingPeriod.objects.filter(user__in=[u.pk for u in users])
    }
    result = {}
    for user in users:
        started_on = timezone.localtime(user.date_joined).date()
        result[user.pk] = periods.get(
            user.pk, (started_on, OnboardingPeriod.default_deadline(started_on))
        )
    return result


def _state(confirmed_at, changed_at) -> str:
    if confirmed_at is None:
        return UNREAD
    return OUTDATED if changed_at is not None and confirmed_at < changed_at else READ


def progress_for(users, unit_paths: dict[int, str | None]) -> dict[int, ReadingProgress]:
    """Each user's progress; ``unit_paths`` maps user ids to the tree path of the unit they
    work in. Two queries (confirmations, periods) besides the cached reading lists, however
    many users and lists."""
    lists = reading_lists()
    listed = {
        item.page_id
        for reading_list in (*lists.general, *(x for xs in lists.by_unit.values() for x in xs))
        for item in reading_list.items
    }
    confirmed = {
        (c.user_id, c.page_id): c.confirmed_at
        for c in ReadConfirmation.objects.filter(user__in=[u.pk for u in users], page_id__in=listed)
    }
    periods = _periods(users)
    hidden_from = hidden_from_users(users)
    result = {}
    for user in users:
        started_on, deadline = periods[user.pk]
        progress = ReadingProgress(user.pk, started_on, deadline, page_ids=lists.page_ids)
        seen = set()
        hidden = hidden_from[user.pk]
        for reading_list in lists.for_unit(unit_paths.get(user.pk)):
            if any(r.covers(reading_list.path) for r in hidden):
                continue
            items = []
            for item in reading_list.items:
                if (
                    item.page_id in seen
                    or not item.live
                    or any(r.covers(item.path) for r in hidden)
                ):
                    continue
                seen.add(item.page_id)
                confirmed_at = confirmed.get((user.pk, item.page_id))
                items.append(
                    ItemProgress(
                        page_id=item.page_id,
                        title=item.title,
                        url=item.url,
                        required=item.required,
                        why=item.why,
                        minutes=item.minutes,
                        state=_state(confirmed_at, lists.changed.get(item.page_id)),
                        confirmed_at=confirmed_at,
                    )
                )
            progress.lists.append(
                ListProgress(reading_list.pk, reading_list.title, reading_list.url, tuple(items))
            )
        result[user.pk] = progress
    return result


def _cache_key(user_id: int) -> str:
    return f"onboarding:progress:{content_generation()}:{timezone.localdate()}:{user_id}"


def reading_progress(user) -> ReadingProgress | None:
    """``user``'s progress, from the cache when nothing has changed, read once per request
    (the front page shows it twice); None when not logged in."""
    if not user.is_authenticated:
        return None
    key = _cache_key(user.pk)
    return once_per_request(key, lambda: _cached_progress(user, key))


def _cached_progress(user, key: str) -> ReadingProgress:
    progress = cache.get(key)
    if progress is None:
        unit_path = (
            StaffProfile.objects.filter(user=user).values_list("unit__path", flat=True).first()
        )
        progress = progress_for([user], {user.pk: unit_path})[user.pk]
        cache.set(key, progress, 24 * 60 * 60)
    return progress


def forget_progress(user_id: int) -> None:
    key = _cache_key(user_id)
    cache.delete(key)
    forget_for_request(key)


# Confirming and significant changes


def confirm_read(user, page: Page) -> ReadConfirmation:
    """Record that ``user`` has read the live revision of ``page`` now."""
    confirmation, _ = ReadConfirmation.objects.update_or_create(
        user=user,
        page=page,
        defaults={"revision_id": page.live_revision_id, "confirmed_at": timezone.now()},
    )
    forget_progress(user.pk)
    return confirmation


def is_listed(page: Page) -> bool:
    """Whether ``page`` is on any reading list."""
    return ReadingListItem.objects.filter(page_id=page.pk).exists()


def mark_significant_change(page: Page, user) -> None:
    """The page's live revision is a significant change: everyone who confirmed reading the
    page before now is asked to read it again. Recorded in the page's history."""
    log(instance=page, action=SIGNIFICANT_CHANGE_ACTION, user=user, revision=page.live_revision)
    # The pages' per-user parts and every reader's cached progress depend on it.
    content_changed()
