"""The coordinator's overview: every unit, its resource persons and leaders, its routines and
their review state; shown in the admin and exported as CSV.

Only staff names and work e-mail addresses leave the system this way.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from accounts.people import LEADERS, RESOURCE_PERSONS, people_by_unit
from core.spreadsheet import spreadsheet_cell
from guidance.models import RoutinePage, UnitPage

from .cycle import PageReview

CSV_HEADERS = [
    _("Enhet"),
    _("Ressurspersoner"),
    _("E-post til ressurspersoner"),
    _("Enhetsledere"),
    _("Rutine"),
    _("Publisert"),
    _("Sist gjennomgått"),
    _("Neste gjennomgang"),
    _("Status"),
]


@dataclass
class UnitOverview:
    unit: UnitPage
    resource_persons: list
    leaders: list
    routines: list[PageReview]

    @property
    def unconfirmed(self) -> list[PageReview]:
        """The unit's routines that are still proposals (not confirmed by the unit)."""
        return [review for review in self.routines if not review.page.is_confirmed]


def unit_overview(today: datetime.date | None = None) -> list[UnitOverview]:
    """Every unit in the default language by title, with its people and routines (drafts
    too); a fixed number of queries."""
    today = today or timezone.localdate()
    default_locale = Locale.get_default()
    units = list(
        UnitPage.objects.filter(locale=default_locale, alias_of__isnull=True).order_by("title")
    )
    resource_persons = people_by_unit(units, RESOURCE_PERSONS)
    leaders = people_by_unit(units, LEADERS)
    routines: dict[str, list[PageReview]] = {}
    for routine in (
        RoutinePage.objects.filter(locale=default_locale, alias_of__isnull=True)
        .defer_streamfields()
        .order_by("path")
    ):
        routines.setdefault(routine.path[: -RoutinePage.steplen], []).append(
            PageReview(routine, routine.review_state(today))
        )
    return [
        UnitOverview(
            unit=unit,
            resource_persons=resource_persons.get(unit.translation_key, []),
            leaders=leaders.get(unit.translation_key, []),
            routines=routines.get(unit.path, []),
        )
        for unit in units
    ]


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def write_csv(rows: list[UnitOverview], out) -> None:
    """One line per routine (a unit without routines gets one line), separated by semicolons
    as spreadsheets in Norwegian expect."""
    writer = csv.writer(out, delimiter=";")
    writer.writerow([str(header) for header in CSV_HEADERS])
    for row in rows:
        people = [
            ", ".join(_name(user) for user in row.resource_persons),
            ", ".join(user.email for user in row.resource_persons if user.email),
            ", ".join(_name(user) for user in row.leaders),
        ]
        for review in row.routines or [None]:
            routine = review.page if review else None
            writer.writerow(
                [
                    spreadsheet_cell(value)
                    for value in [
                        row.unit.title,
                        *people,
                        routine.title if routine else "",
                        (_("Ja") if routine.live else _("Nei")) if routine else "",
                        routine.last_reviewed.isoformat()
                        if routine and routine.last_reviewed
                        else "",
                        review.next_review.isoformat() if review and review.next_review else "",
                        review.state.label if review else "",
                    ]
                ]
            )
