"""The review cycle: which pages are due, marking a page reviewed, and reminding its owners.

A page's owners are its owning unit's resource persons; the coordinators stand in where a unit
has no resource person with a user account, and for pages without an owning unit.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.log_actions import log
from wagtail.models import Locale, Page

from accounts.people import coordinators, is_coordinator, people_by_unit, unit_ids_of
from core.mixins import REVIEW_NOTICE_DAYS, ReviewedPageMixin, ReviewState

REVIEWED_ACTION = "vnr.page.reviewed"
# Sent with ``page`` and ``user`` when a page is marked reviewed (no page_published is sent).
page_reviewed = Signal()
# Listed first: overdue, then never reviewed, then due soon.
STATE_ORDER = [ReviewState.OVERDUE, ReviewState.NEVER, ReviewState.DUE, ReviewState.CURRENT]


@dataclass(frozen=True)
class PageReview:
    """A page and its review state on a given day."""

    page: Page
    state: ReviewState

    @property
    def next_review(self) -> datetime.date | None:
        return self.page.next_review

    @property
    def is_due(self) -> bool:
        return self.state != ReviewState.CURRENT

    def sort_key(self):
        return (
            STATE_ORDER.index(self.state),
            self.next_review or datetime.date.min,
            self.page.title,
        )


def reviewed_page_models() -> list[type[Page]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, ReviewedPageMixin) and issubclass(model, Page)
    ]


def due_reviews(
    *,
    unit_ids=None,
    today: datetime.date | None = None,
    notice_days: int = REVIEW_NOTICE_DAYS,
) -> list[PageReview]:
    """Live pages in the default language that are overdue, never reviewed or due within
    ``notice_days``, overdue first; of the units ``unit_ids`` (None: every page). One query
    per page type, however many pages there are."""
    today = today or timezone.localdate()
    default_locale = Locale.get_default()
    reviews = []
    for model in reviewed_page_models():
        pages = (
            model.objects.live()
            .filter(locale=default_locale, alias_of__isnull=True)
            .defer_streamfields()
            .select_related("owning_unit")
        )
        if unit_ids is not None:
            pages = pages.filter(owning_unit_id__in=unit_ids)
        for page in pages:
            review = PageReview(page, page.review_state(today, notice_days))
            if review.is_due:
                reviews.append(review)
    return sorted(reviews, key=PageReview.sort_key)


def reviews_for_user(user, **kwargs) -> list[PageReview] | None:
    """The due pages ``user`` answers for: their units' pages, or every page for a coordinator;
    None when the user answers for no unit."""
    if is_coordinator(user):
        return due_reviews(**kwargs)
    unit_ids = unit_ids_of(user)
    if not unit_ids:
        return None
    return due_reviews(unit_ids=unit_ids, **kwargs)


def can_mark_reviewed(user, page) -> bool:
    """The coordinators, the owning unit's resource persons and leaders, and whoever may
    publish the page."""
    if not isinstance(page, ReviewedPageMixin) or not user.is_active:
        return False
    return (
        is_coordinator(user)
        or (page.owning_unit_id is not None and page.owning_unit_id in unit_ids_of(user))
        or page.permissions_for_user(user).can_publish()
    )


def mark_reviewed(page, user, on: datetime.date | None = None) -> None:
    """Record that ``user`` reviewed ``page`` today: the date on the live row (no new revision,
    no approval) and an entry in the page's history."""
    page.last_reviewed = on or timezone.localdate()
    page.save(update_fields=["last_reviewed"], clean=False)
    log(
        instance=page,
        action=REVIEWED_ACTION,
        user=user,
        revision=page.live_revision,
        data={
            "reviewed_on": page.last_reviewed.isoformat(),
            "next_review": page.next_review.isoformat(),
        },
    )
    page_reviewed.send(sender=type(page), page=page, user=user)


def admin_url(name: str, page) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, args=[page.pk])


# Reminders


@dataclass
class Reminder:
    """One e-mail: the due pages a person answers for, and the units they stand in for."""

    recipient: object
    reviews: list[PageReview] = field(default_factory=list)
    stands_in_for: set[str] = field(default_factory=set)


def reminders(
    today: datetime.date | None = None, notice_days: int = REVIEW_NOTICE_DAYS
) -> tuple[list[Reminder], list[PageReview]]:
    """A reminder for each owner of a due page, and the due pages nobody can be reminded of
    (no resource person and no coordinator with an e-mail address)."""
    due = due_reviews(today=today, notice_days=notice_days)
    owners = people_by_unit({r.page.owning_unit for r in due if r.page.owning_unit_id})
    stand_ins = [user for user in coordinators() if user.email]
    by_recipient: dict[int, Reminder] = {}
    unreached = []
    for review in due:
        unit = review.page.owning_unit
        recipients = [u for u in owners.get(unit.translation_key, []) if u.email] if unit else []
        standing_in = not recipients
        if standing_in:
            recipients = stand_ins
        if not recipients:
            unreached.append(review)
        for user in recipients:
            reminder = by_recipient.setdefault(user.pk, Reminder(user))
            reminder.reviews.append(review)
            if standing_in and unit is not None:
                reminder.stands_in_for.add(unit.title)
    return list(by_recipient.values()), unreached


def reminder_email(reminder: Reminder) -> EmailMessage:
    """The reminder as a plain-text e-mail in the site's language."""
    groups = [
        (state, [r for r in reminder.reviews if r.state == state])
        for state in STATE_ORDER
        if any(r.state == state for r in reminder.reviews)
    ]
    context = {
        "recipient": reminder.recipient,
        "groups": [
            (
                state,
                [
                    {
                        "review": review,
                        "edit_url": admin_url("wagtailadmin_pages:edit", review.page),
                        "mark_url": admin_url("vnr_mark_reviewed", review.page),
                    }
                    for review in reviews
                ],
            )
            for state, reviews in groups
        ],
        "count": len(reminder.reviews),
        "stands_in_for": sorted(reminder.stands_in_for),
        "dashboard_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_home"),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("review/email/review_reminder_subject.txt", context)
        body = render_to_string("review/email/review_reminder.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[reminder.recipient.email])
