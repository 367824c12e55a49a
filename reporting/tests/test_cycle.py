"""Opening a reporting year, the e-mails, reminders and deadline notices (issue 15)."""

from __future__ import annotations

import datetime
import subprocess
import sys

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from reporting.cycle import ReportingError, open_period
from reporting.models import ActionReport, ReportingPeriod, UnitReport
from tests import factories as f

from .helpers import roles_for, submit

pytestmark = pytest.mark.django_db


def test_every_unit_gets_exactly_the_actions_it_answers_for(year):
    measure = year.site_tree.measure
    coordinators, leaders, navs = (
        a.translation_key for a in measure.actions.order_by("sort_order")
    )
    forms = {
        report.unit.slug: [row.action_key for row in report.actions.all()]
        for report in year.period.reports.all()
    }
    assert forms == {
        "barnevern": [leaders],
        "nav": [leaders, navs],
        "helsestasjonen": [coordinators],
    }
    leaders_action = measure.actions.get(translation_key=leaders)
    row = year.barnevern.actions.get()
    assert (row.measure_number, row.measure_title, row.action_text) == (
        "1.1",
        measure.title,
        leaders_action.text,
    )
    assert row.focus_area == "1. Kompetanse"


def test_a_year_is_opened_once_and_never_with_a_passed_deadline(year):
    with pytest.raises(ReportingError, match="allerede åpnet"):
        open_period(year.period.year, year.period.deadline)
    with pytest.raises(ReportingError, match="passert"):
        open_period(2040, datetime.date(2020, 1, 1))
    assert not ReportingPeriod.objects.filter(year=2040).exists()


def test_the_command_opens_a_year_and_mails_the_units_people(site_tree, two_units, settings):
    leader = f.UnitLeaderFactory(unit=two_units.nav)
    resource_person = f.ResourcePersonFactory(unit=two_units.nav)
    f.StaffUserFactory(unit=two_units.nav)  # staff without a role get nothing
    roles_for(two_units.nav, site_tree.roles["nav"])
    deadline = timezone.localdate() + datetime.timedelta(days=20)
    call_command("open_reporting_period", "2031", "--deadline", deadline.isoformat())
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([leader.email, resource_person.email])
    message = mail.outbox[0]
    assert "2031" in message.subject
    assert "/rapportering/2031/nav/" in message.body
    assert UnitReport.objects.filter(period__year=2031).count() == 1  # no roles, no form


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2032", "--deadline", "i morgen"], "not a date"),
        (["2032", "--deadline", "2001-01-01"], "passert"),
    ],
)
def test_the_command_stops_with_one_line_on_bad_input(site_tree, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("open_reporting_period", *args)
    assert not ReportingPeriod.objects.exists()


def test_the_command_exits_non_zero_outside_python(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "open_reporting_period", "2032", "--deadline", "x"],
        capture_output=True,
        text=True,
        env={"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode != 0
    assert "not a date" in result.stderr.strip().splitlines()[-1]


def test_a_reminder_before_the_deadline_and_a_notice_after_it_once_each(year, settings):
    leader = f.UnitLeaderFactory(unit=year.units.barnevern)
    f.UnitLeaderFactory(unit=year.units.nav)
    coordinator = f.CoordinatorFactory()
    submit(year.nav, [ActionReport.DONE, ActionReport.DONE])
    mail.outbox.clear()
    deadline = year.period.deadline
    call_command(
        "send_reporting_reminders", "--today", (deadline - datetime.timedelta(days=10)).isoformat()
    )
    assert not mail.outbox  # too early
    call_command(
        "send_reporting_reminders", "--today", (deadline - datetime.timedelta(days=5)).isoformat()
    )
    assert [m.to for m in mail.outbox] == [[leader.email]]  # NAV has submitted
    assert "Påminnelse" in mail.outbox[0].subject
    call_command(
        "send_reporting_reminders", "--today", (deadline - datetime.timedelta(days=4)).isoformat()
    )
    assert len(mail.outbox) == 1  # once
    call_command(
        "send_reporting_reminders", "--today", (deadline + datetime.timedelta(days=1)).isoformat()
    )
    overdue = mail.outbox[1:]
    assert sorted(m.to[0] for m in overdue) == sorted([leader.email, coordinator.email])
    assert all("passert" in m.subject for m in overdue)
    assert "Enhet barnevern" in next(m for m in overdue if m.to == [coordinator.email]).body
    call_command(
        "send_reporting_reminders", "--today", (deadline + datetime.timedelta(days=2)).isoformat()
    )
    assert len(mail.outbox) == 3
