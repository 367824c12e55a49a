"""Following up the new hires: a unit's leaders see the people who work in their unit, the
coordinators everyone; in the admin and as CSV. A leader never sees another unit's staff."""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import UnitRoles
from accounts.people import active_staff, is_coordinator
from core.spreadsheet import spreadsheet_cell

from .reading import ReadingProgress, progress_for

CSV_HEADERS = [
    _("Navn"),
    _("Brukernavn"),
    _("Enhet"),
    _("Startdato"),
    _("Frist"),
    _("Påkrevde lest"),
    _("Påkrevde totalt"),
    _("Må leses på nytt"),
    _("Status"),
]


@dataclass(frozen=True)
class PersonProgress:
    user: object
    unit_title: str
    progress: ReadingProgress
    overdue: bool

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def status(self) -> str:
        if self.progress.complete:
            return str(_("Fullført"))
        return str(_("Forfalt") if self.overdue else _("Pågår"))


def leader_unit_ids(user) -> set[int]:
    """The units ``user`` is a leader of («Enhetsleder – <enhet>»)."""
    return set(UnitRoles.objects.filter(leader_group__user=user).values_list("unit_id", flat=True))


def people_followed_up_by(user):
    """The active users ``user`` may follow up: everyone for a coordinator, the staff of the
    units they lead for a leader; None for anybody else."""
    if is_coordinator(user):
        return active_staff()
    unit_ids = leader_unit_ids(user) if user.is_active else set()
    if not unit_ids:
        return None
    return active_staff().filter(staff_profile__unit_id__in=unit_ids)


def follow_up(people, today: datetime.date | None = None) -> list[PersonProgress]:
    """Each person's progress by unit and name, overdue marked; a fixed number of queries."""
    today = today or timezone.localdate()
    people = list(people.select_related("staff_profile__unit"))
    profiles = {user.pk: getattr(user, "staff_profile", None) for user in people}
    progress = progress_for(
        people,
        {pk: profile.unit.path for pk, profile in profiles.items() if profile and profile.unit},
    )
    rows = [
        PersonProgress(
            user=user,
            unit_title=profiles[user.pk].unit.title
            if profiles[user.pk] and profiles[user.pk].unit
            else "",
            progress=progress[user.pk],
            overdue=progress[user.pk].overdue(today),
        )
        for user in people
    ]
    return sorted(rows, key=lambda row: (row.unit_title == "", row.unit_title, row.name))


def write_csv(rows: list[PersonProgress], out) -> None:
    """One line per person, semicolon-separated as spreadsheets in Norwegian expect."""
    writer = csv.writer(out, delimiter=";")
    writer.writerow([str(header) for header in CSV_HEADERS])
    for row in rows:
        progress = row.progress
        writer.writerow(
            [
                spreadsheet_cell(value)
                for value in (
                    row.name,
                    row.user.get_username(),
                    row.unit_title,
                    progress.started_on.isoformat(),
                    progress.deadline.isoformat(),
                    progress.required_read,
                    len(progress.required),
                    len(progress.outdated),
                    row.status,
                )
            ]
        )
