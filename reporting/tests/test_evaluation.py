"""The coordinator's evaluation, its spreadsheet and printable report, and the plan's pages
showing what the units have done; query counts that do not grow (issue 15)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from reporting.cycle import open_period
from reporting.models import ActionReport, ProfessionalDay, ReportingPeriod, UnitReport
from tests import factories as f
from tests.helpers import page_text

from .helpers import client_for, form_url, roles_for, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(year):
    return client_for(f.CoordinatorFactory())


def test_the_evaluation_shows_units_actions_and_who_has_not_submitted(year, coordinator):
    submit(year.nav, [ActionReport.DONE, ActionReport.IN_PROGRESS], comment="Vi fikk det til.")
    response = coordinator.get(f"/rapportering/{year.period.year}/")
    assert response.status_code == 200
    text = page_text(response)
    assert "1 av 3 enheter har levert." in text
    assert "Ikke levert: Enhet barnevern, Helsestasjonen" in text
    # Only NAV's submitted form counts: 1 of 2 done on measure 1.1.
    assert "50 % (1/2)" in response.content.decode()
    assert "Gjort i NAV Søndre Nordstrand" in text  # the comments side by side
    assert "<svg" in response.content.decode() and "<table" in response.content.decode()


def test_year_on_year_change(year, coordinator):
    submit(year.nav, [ActionReport.DONE, ActionReport.IN_PROGRESS])
    last_year = year.period.year - 1
    UnitReport.objects.filter(period=year.period).update()
    year.period.year, old_pk = last_year, year.period.pk
    year.period.save()
    next_period = open_period(last_year + 1, timezone.localdate() + datetime.timedelta(days=9))
    submit(next_period.reports.get(unit=year.units.nav), [ActionReport.DONE, ActionReport.DONE])
    response = coordinator.get(f"/rapportering/{last_year + 1}/")
    html = response.content.decode()
    assert f"Andel {last_year}" in html
    assert "+50 prosentpoeng" in html
    assert old_pk != next_period.pk


def test_the_spreadsheet_holds_the_figures(year, coordinator):
    submit(year.nav, [ActionReport.DONE, ActionReport.NOT_RELEVANT])
    ProfessionalDay.objects.create(
        period=year.period, held_on=timezone.localdate(), participants=48
    )
    response = coordinator.get(f"/rapportering/{year.period.year}/rapportering.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Tiltak og enheter",
        "Per tiltak",
        "Per enhet",
        "Kommentarer",
        "Fagdager",
    ]
    matrix = list(book["Tiltak og enheter"].values)
    assert matrix[0][:3] == ("Satsingsområde", "Tiltak", "Bydelens tiltak")
    nav_column = matrix[0].index("NAV Søndre Nordstrand")
    assert {row[nav_column] for row in matrix[1:]} == {"Gjennomført", "Ikke relevant", None} - {
        None
    } | ({None} if any(row[nav_column] is None for row in matrix[1:]) else set())
    per_measure = list(book["Per tiltak"].values)
    assert per_measure[1][1:4] == (1, 1, 1.0)
    units = {row[0]: row for row in list(book["Per enhet"].values)[1:]}
    assert units["NAV Søndre Nordstrand"][1] == "Ja" and units["Enhet barnevern"][1] == "Nei"
    assert list(book["Fagdager"].values)[1][1] == 48


def test_a_formula_in_a_comment_is_not_run_by_the_spreadsheet(year, coordinator):
    submit(year.nav, [ActionReport.DONE, ActionReport.DONE], comment="=HYPERLINK(1)")
    report = UnitReport.objects.get(pk=year.nav.pk)
    report.actions.update(done="=CMD()")
    book = load_workbook(
        io.BytesIO(coordinator.get(f"/rapportering/{year.period.year}/rapportering.xlsx").content)
    )
    comments = list(book["Kommentarer"].values)[1:]
    assert comments and all(row[3] == "'=CMD()" for row in comments)


def test_the_printable_report_has_every_figure_in_a_table(year, coordinator):
    submit(year.nav, [ActionReport.DONE, ActionReport.IN_PROGRESS])
    response = coordinator.get(f"/rapportering/{year.period.year}/utskrift/")
    html = response.content.decode()
    assert '<html lang="nb"' in html and "<svg" in html and 'role="img"' in html
    assert "Gjennomført per tiltak" in html and "<td>1</td>" in html


def test_the_professional_day_is_recorded(year, coordinator):
    coordinator.post(
        f"/rapportering/{year.period.year}/",
        {"held_on": timezone.localdate().isoformat(), "participants": "60"},
    )
    assert ProfessionalDay.objects.get().participants == 60
    text = page_text(coordinator.get(f"/rapportering/{year.period.year}/"))
    assert "60 deltakere" in text


def test_the_plan_shows_what_the_units_have_done_from_submitted_forms_only(year, staff_client):
    measure_url = year.site_tree.measure.url
    assert "Gjennomført i" not in page_text(staff_client.get(measure_url))
    client_for(f.UnitLeaderFactory(unit=year.units.barnevern)).post(
        form_url(year.barnevern), {"form-TOTAL_FORMS": "0"}
    )  # a draft never counts
    submit(year.nav, [ActionReport.DONE, ActionReport.DONE])
    submit(year.barnevern, [ActionReport.IN_PROGRESS])
    text = page_text(staff_client.get(measure_url))
    assert f"Gjennomført i 1 av 2 enheter i {year.period.year}" in text  # the leaders' action
    assert f"Gjennomført i 1 av 1 enheter i {year.period.year}" in text  # NAV's own
    plan_text = page_text(staff_client.get(year.site_tree.plan.url))
    assert f"Hva er gjort i {year.period.year}" in plan_text and "2 av 3" in plan_text


def queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def add_units(year, count: int, start: int = 0):
    role = year.site_tree.roles["enhetsledere"]
    for i in range(start, start + count):
        unit = f.UnitPageFactory(parent=year.site_tree.unit_index, slug=f"ekstra-{i}")
        roles_for(unit, role)


def test_the_form_and_the_evaluation_take_the_same_queries_for_more_units_and_years(year):
    """9 units and 1 year against 30 units and 5 years (issue 15)."""
    coordinator = client_for(f.CoordinatorFactory())
    leader = client_for(f.UnitLeaderFactory(unit=year.units.nav))
    add_units(year, 6)  # the year's 3 units and 6 more; the forms come with the next year
    first = open_period(year.period.year + 1, timezone.localdate() + datetime.timedelta(days=3))
    year.period.delete()  # one year only
    assert first.reports.count() == 9
    nav = first.reports.get(unit=year.units.nav)
    few = (queries(leader, form_url(nav)), queries(coordinator, f"/rapportering/{first.year}/"))

    add_units(year, 21, start=6)
    for offset in range(1, 4):
        open_period(first.year - offset, timezone.localdate() + datetime.timedelta(days=3))
    last = open_period(first.year + 1, timezone.localdate() + datetime.timedelta(days=3))
    assert last.reports.count() == 30
    assert ReportingPeriod.objects.count() == 5
    nav = last.reports.get(unit=year.units.nav)
    many = (queries(leader, form_url(nav)), queries(coordinator, f"/rapportering/{last.year}/"))
    assert many[0] == few[0]
    # The evaluation compares with the year before, when there is one: one query more.
    assert many[1] == few[1] + 1
