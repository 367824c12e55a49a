"""A unit fills in its form: drafts, submitting and locking, reopening, history, evidence, and
bad input refused with nothing saved (issue 15)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from onboarding.models import ReadingListItem
from onboarding.reading import confirm_read
from reporting.models import ActionReport, ReportEvent, UnitReport
from tests import factories as f
from tests.helpers import page_text

from .helpers import client_for, form_data, form_url, leader_of, submit

pytestmark = pytest.mark.django_db


def test_start_takes_a_leader_to_their_units_form(year):
    client = client_for(leader_of(year.units.nav))
    response = client.get("/rapportering/")
    assert response.status_code == 302 and response["Location"] == form_url(year.nav)


def test_start_tells_staff_without_a_role_whom_reporting_is_for(year):
    response = client_for(f.StaffUserFactory()).get("/rapportering/")
    assert response.status_code == 200
    assert "Du har ingen av disse rollene" in page_text(response)


def test_a_resource_person_saves_a_draft_and_the_leader_submits(year):
    report = year.nav
    resource_person = f.ResourcePersonFactory(unit=year.units.nav)
    draft = form_data(report, [ActionReport.IN_PROGRESS, ""], comment="Godt år.")
    response = client_for(resource_person).post(form_url(report), draft)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == UnitReport.DRAFT and report.comment == "Godt år."
    assert report.actions.filter(status=ActionReport.IN_PROGRESS).count() == 1

    # A resource person cannot submit.
    response = client_for(resource_person).post(
        form_url(report), {**draft, "submit": ""}, follow=True
    )
    assert "Bare enhetens leder kan levere rapporten." in page_text(response)
    assert UnitReport.objects.get(pk=report.pk).state == UnitReport.DRAFT

    leader = leader_of(year.units.nav)
    done = form_data(report, [ActionReport.DONE, ActionReport.NOT_RELEVANT])
    response = client_for(leader).post(form_url(report), {**done, "submit": ""}, follow=True)
    assert "Rapporten er levert og låst." in page_text(response)
    report.refresh_from_db()
    assert report.state == UnitReport.SUBMITTED and report.submitted_by == leader
    events = list(report.events.values_list("kind", "user"))
    assert events == [(ReportEvent.SAVED, resource_person.pk), (ReportEvent.SUBMITTED, leader.pk)]
    assert report.events.first().changes["skjema"]["comment"] == ["", "Godt år."]

    # Locked: a later POST changes nothing.
    again = form_data(report, [ActionReport.PLANNED, ActionReport.PLANNED])
    client_for(leader).post(form_url(report), again)
    assert not report.actions.filter(status=ActionReport.PLANNED).exists()


def test_submitting_needs_a_status_for_every_action(year):
    response = client_for(leader_of(year.units.nav)).post(
        form_url(year.nav), {**form_data(year.nav, [ActionReport.DONE, ""]), "submit": ""}
    )
    assert response.status_code == 200
    assert "Velg status før du leverer." in page_text(response)
    assert UnitReport.objects.get(pk=year.nav.pk).state == UnitReport.DRAFT
    assert not year.nav.actions.filter(status=ActionReport.DONE).exists()  # nothing saved


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda data, other: data.update({"form-0-status": "ferdig"}), "Velg et gyldig valg"),
        (
            lambda data, other: data.update({"form-0-id": str(other.actions.first().pk)}),
            "Velg et gyldig valg",
        ),
        (
            lambda data, other: data.update(
                staff_meeting_on="2001-05-01", staff_meeting_participants="12"
            ),
            "Personalmøtet må være holdt i",
        ),
        (
            lambda data, other: data.update(staff_meeting_on=f"{timezone.localdate().year}-03-01"),
            "Fyll inn både dato og antall deltakere",
        ),
    ],
)
def test_bad_input_is_refused_in_norwegian_and_nothing_is_saved(year, change, message):
    data = form_data(year.nav, [ActionReport.DONE, ActionReport.DONE], comment="Nytt")
    change(data, year.barnevern)
    response = client_for(leader_of(year.units.nav)).post(form_url(year.nav), data)
    assert response.status_code == 200
    assert message in page_text(response)
    assert not ActionReport.objects.filter(status=ActionReport.DONE).exists()
    assert UnitReport.objects.get(pk=year.nav.pk).comment == ""
    assert not ReportEvent.objects.exists()


def test_after_the_deadline_only_a_reopened_form_can_be_submitted(year):
    period = year.period
    period.deadline = timezone.localdate() - datetime.timedelta(days=1)
    period.save()
    leader = leader_of(year.units.nav)
    data = {**form_data(year.nav, [ActionReport.DONE, ActionReport.DONE]), "submit": ""}
    response = client_for(leader).post(form_url(year.nav), data, follow=True)
    assert "Fristen er passert. Be koordinatoren åpne skjemaet igjen." in page_text(response)
    assert UnitReport.objects.get(pk=year.nav.pk).state == UnitReport.DRAFT

    report = UnitReport.objects.get(pk=year.nav.pk)
    report.state = UnitReport.SUBMITTED
    report.save()
    coordinator = client_for(f.CoordinatorFactory())
    refused = coordinator.post(form_url(report) + "apne/", {"reason": ""}, follow=True)
    assert "Skriv hvorfor skjemaet åpnes igjen." in page_text(refused)
    coordinator.post(form_url(report) + "apne/", {"reason": "Feil status på 1.1"})
    report.refresh_from_db()
    assert report.reopened and report.state == UnitReport.DRAFT
    assert report.events.get(kind=ReportEvent.REOPENED).reason == "Feil status på 1.1"

    client_for(leader).post(form_url(year.nav), data)
    assert UnitReport.objects.get(pk=year.nav.pk).state == UnitReport.SUBMITTED


def test_an_old_report_keeps_the_action_as_the_form_showed_it(year):
    action = year.site_tree.measure.actions.order_by("sort_order")[2]
    old_text = action.text
    measure = year.site_tree.measure
    for row in measure.actions.all():
        if row.pk == action.pk:
            row.text = "Et helt nytt tiltak"
    measure.save_revision().publish()
    row = year.nav.actions.get(action_key=action.translation_key)
    assert row.action_text == old_text
    assert (
        old_text in client_for(leader_of(year.units.nav)).get(form_url(year.nav)).content.decode()
    )


def test_new_hires_come_from_the_reading_list_follow_up(year):
    duty = year.site_tree.duty
    f.ReadingListPageFactory(
        parent=year.site_tree.home, items=[ReadingListItem(page=duty, required=True)]
    )
    reader = f.StaffUserFactory(unit=year.units.nav)
    f.StaffUserFactory(unit=year.units.nav)  # started today too, has read nothing
    confirm_read(reader, duty)
    leader = leader_of(year.units.nav)
    response = client_for(leader).get(form_url(year.nav))
    # The leader started today too: three new hires, one has read the list.
    assert "Nyansatte som har bekreftet leselisten: 1 av 3" in page_text(response)
    confirm_read(leader, duty)
    submit(year.nav, [ActionReport.DONE, ActionReport.DONE])
    report = UnitReport.objects.get(pk=year.nav.pk)
    assert (report.new_hires_confirmed, report.new_hires) == (2, 4)  # the submitting leader too


def test_the_coordinator_adjusts_a_units_list_of_actions(year):
    measure = year.site_tree.measure
    coordinators_action = measure.actions.order_by("sort_order")[0]
    leaders_action = measure.actions.order_by("sort_order")[1]
    coordinator = client_for(f.CoordinatorFactory())
    url = form_url(year.barnevern) + "juster/"
    coordinator.post(url, {"action": [str(coordinators_action.translation_key)]})
    keys = set(year.barnevern.actions.values_list("action_key", flat=True))
    assert keys == {coordinators_action.translation_key}
    event = year.barnevern.events.get(kind=ReportEvent.ADJUSTED)
    assert event.changes["fjernet"] == [leaders_action.text]
    refused = coordinator.post(
        url, {"action": ["00000000-0000-0000-0000-000000000000"]}, follow=True
    )
    assert "Ukjent tiltak" in page_text(refused)
    assert set(year.barnevern.actions.values_list("action_key", flat=True)) == keys
    leader = client_for(leader_of(year.units.barnevern))
    assert leader.post(url, {"action": []}).status_code == 403
