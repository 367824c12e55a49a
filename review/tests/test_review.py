"""The review cycle: review dates and states, what readers see, «Marker som gjennomgått», the
dashboard panel and the reminder e-mails."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from django.utils.formats import date_format
from hypothesis import given
from hypothesis import strategies as st
from wagtail.models import PageLogEntry, Revision

from core.mixins import ReviewState, add_months
from directory.models import HelpServicePage
from guidance.models import RoutinePage
from review.cycle import REVIEWED_ACTION
from tests import factories as f
from tests.admin_forms import assert_refused, post_edit
from tests.helpers import page_text

TODAY = datetime.date(2026, 11, 15)


def ago(**kwargs) -> datetime.date:
    """A day in the past relative to the real today (the app uses the real date)."""
    today = timezone.localdate()
    return add_months(today, -kwargs.get("months", 0)) - datetime.timedelta(
        days=kwargs.get("days", 0)
    )


def norwegian_date(day: datetime.date) -> str:
    with translation.override("nb"):
        return date_format(day)


# Dates and states


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 11, 15), 12, datetime.date(2027, 11, 15)),
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2027, 12, 31), 2, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 8, 31), 6, datetime.date(2027, 2, 28)),
        (datetime.date(2026, 3, 31), -1, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 5, 20), 0, datetime.date(2026, 5, 20)),
    ],
)
def test_add_months_keeps_the_day_or_clamps_it_to_the_months_end(day, months, expected):
    assert add_months(day, months) == expected


@given(st.dates(datetime.date(2000, 1, 1), datetime.date(2100, 1, 1)), st.integers(0, 240))
def test_add_months_lands_in_the_right_month_on_the_same_or_last_day(day, months):
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    next_day = result + datetime.timedelta(days=1)
    assert result.day == day.day or (result.day < day.day and next_day.day == 1)


@pytest.mark.parametrize(
    ("model", "interval", "last_reviewed", "expected_next", "state"),
    [
        (RoutinePage, None, None, None, ReviewState.NEVER),
        (RoutinePage, None, datetime.date(2025, 11, 14), datetime.date(2026, 11, 14), "forfalt"),
        (RoutinePage, None, datetime.date(2025, 11, 15), datetime.date(2026, 11, 15), "snart"),
        (RoutinePage, None, datetime.date(2025, 12, 15), datetime.date(2026, 12, 15), "snart"),
        (RoutinePage, None, datetime.date(2025, 12, 16), datetime.date(2026, 12, 16), "ok"),
        (RoutinePage, None, TODAY, datetime.date(2027, 11, 15), "ok"),
        # Help services every 6 months (their phone numbers change), unless set otherwise.
        (HelpServicePage, None, datetime.date(2026, 5, 14), datetime.date(2026, 11, 14), "forfalt"),
        (HelpServicePage, None, datetime.date(2026, 6, 20), datetime.date(2026, 12, 20), "ok"),
        (HelpServicePage, 12, datetime.date(2026, 5, 14), datetime.date(2027, 5, 14), "ok"),
        (RoutinePage, 3, datetime.date(2026, 8, 14), datetime.date(2026, 11, 14), "forfalt"),
    ],
)
def test_review_state(model, interval, last_reviewed, expected_next, state):
    page = model(last_reviewed=last_reviewed, review_interval_months=interval)
    assert page.next_review == expected_next
    assert page.review_state(today=TODAY) == state


@pytest.mark.parametrize(
    ("notice_days", "state"), [(0, "ok"), (30, "ok"), (44, "ok"), (45, "snart"), (60, "snart")]
)
def test_the_notice_period_decides_when_a_page_is_due(notice_days, state):
    page = RoutinePage(last_reviewed=TODAY - datetime.timedelta(days=365 - 45))
    assert page.next_review == TODAY + datetime.timedelta(days=45)
    assert page.review_state(today=TODAY, notice_days=notice_days) == state


# What readers see


def test_a_page_shows_when_and_by_whom_it_was_last_reviewed(site_tree, staff_client):
    routine = site_tree.routine
    text = page_text(staff_client.get(routine.url))
    assert f"Sist gjennomgått {norwegian_date(routine.last_reviewed)} av Helsestasjonen." in text
    assert "Innholdet kan være utdatert" not in text


def test_an_overdue_page_warns_its_readers(site_tree, staff_client):
    routine = f.RoutinePageFactory(parent=site_tree.unit, last_reviewed=ago(months=13))
    text = page_text(staff_client.get(routine.url))
    assert "Innholdet kan være utdatert" in text
    assert norwegian_date(routine.next_review) in text


def test_a_page_never_reviewed_says_so(site_tree, staff_client):
    text = page_text(staff_client.get(site_tree.duty.url))
    assert "Ikke registrert som gjennomgått." in text


# «Marker som gjennomgått»


def mark_url(page, next_url=None) -> str:
    url = f"/admin/gjennomgang/{page.pk}/"
    return f"{url}?next={next_url}" if next_url else url


@pytest.fixture
def barnevern_person(two_units):
    return f.ResourcePersonFactory(
        unit=two_units.barnevern, first_name="Kristel", last_name="Myrlund"
    )


def test_marking_a_page_reviewed_records_who_and_when_without_a_new_revision(
    client, two_units, barnevern_person
):
    routine = RoutinePage.objects.get(pk=two_units.barnevern_routine.pk)
    RoutinePage.objects.filter(pk=routine.pk).update(last_reviewed=ago(months=14))
    revisions = routine.revisions.count()
    client.force_login(barnevern_person)

    confirm = client.get(mark_url(routine, next_url="/admin/"))
    assert confirm.status_code == 200
    assert "Rutine ved bekymring for et barn" in page_text(confirm)

    response = client.post(mark_url(routine), {"next": "/admin/"})
    assert response.status_code == 302
    assert response.url == "/admin/"

    routine = RoutinePage.objects.get(pk=routine.pk)
    assert routine.last_reviewed == timezone.localdate()
    assert routine.review_state() == ReviewState.CURRENT
    assert routine.revisions.count() == revisions
    assert not routine.has_unpublished_changes
    entry = PageLogEntry.objects.get(page=routine, action=REVIEWED_ACTION)
    assert entry.user == barnevern_person
    assert entry.data["reviewed_on"] == timezone.localdate().isoformat()

    history = page_text(client.get(f"/admin/pages/{routine.pk}/history/"))
    assert "Markert som gjennomgått" in history
    assert "Kristel Myrlund" in history


def test_the_review_date_survives_publishing_and_reverting_revisions(
    client, two_units, barnevern_person
):
    routine = two_units.barnevern_routine
    old_revision = routine.live_revision
    RoutinePage.objects.filter(pk=routine.pk).update(last_reviewed=ago(months=14))
    # A draft written before the review, published after it.
    draft = RoutinePage.objects.get(pk=routine.pk).get_latest_revision_as_object()
    draft.summary = "Oppdatert framgangsmåte."
    pending = draft.save_revision()

    client.force_login(barnevern_person)
    client.post(mark_url(routine))
    today = timezone.localdate()

    # Revisions are published as the admin, the workflows and the scheduler do: read afresh.
    Revision.objects.get(pk=pending.pk).publish()
    assert RoutinePage.objects.get(pk=routine.pk).last_reviewed == today
    Revision.objects.get(pk=old_revision.pk).publish()
    assert RoutinePage.objects.get(pk=routine.pk).last_reviewed == today
    assert post_edit(client, routine, title="Rutine ved bekymring (ny)").status_code == 302
    routine = RoutinePage.objects.get(pk=routine.pk)
    assert (routine.title, routine.last_reviewed) == ("Rutine ved bekymring (ny)", today)


def test_who_may_mark_a_page_reviewed(client, site_tree, two_units, barnevern_person):
    nav_routine = two_units.nav_routine
    client.force_login(barnevern_person)
    assert_refused(client.post(mark_url(nav_routine)))
    assert_refused(client.post(mark_url(site_tree.plan)))

    client.force_login(f.EditorFactory())
    assert_refused(client.post(mark_url(site_tree.plan)))

    # The plan belongs to the coordinator's unit; its resource persons review it without
    # being able to edit it.
    site_tree.plan.__class__.objects.filter(pk=site_tree.plan.pk).update(
        owning_unit=site_tree.unit, last_reviewed=None
    )
    client.force_login(f.ResourcePersonFactory(unit=site_tree.unit))
    assert client.post(mark_url(site_tree.plan)).status_code == 302

    client.force_login(f.CoordinatorFactory())
    assert client.post(mark_url(nav_routine)).status_code == 302
    assert PageLogEntry.objects.filter(action=REVIEWED_ACTION).count() == 2

    # A page type without a review cycle has nothing to mark.
    assert_refused(client.post(mark_url(site_tree.unit)))


def test_marking_reviewed_goes_back_only_to_this_site(client, two_units, barnevern_person):
    client.force_login(barnevern_person)
    response = client.post(
        mark_url(two_units.barnevern_routine), {"next": "https://example.com/phish"}
    )
    assert response.url == f"/admin/pages/{two_units.barnevern_routine.pk}/edit/"


def test_the_editor_offers_marking_reviewed_to_those_who_may(client, two_units, barnevern_person):
    client.force_login(barnevern_person)
    html = client.get(f"/admin/pages/{two_units.barnevern_routine.pk}/edit/").content.decode()
    assert f"/admin/gjennomgang/{two_units.barnevern_routine.pk}/" in html
    assert "Marker som gjennomgått" in html


# The dashboard panel


@pytest.fixture
def review_states(site_tree, two_units):
    """Barnevern: one routine overdue, one never reviewed, one due in 20 days, one current.
    NAV: one overdue routine."""
    barnevern = two_units.barnevern
    RoutinePage.objects.filter(
        pk__in=[two_units.barnevern_routine.pk, two_units.nav_routine.pk]
    ).update(last_reviewed=ago(months=13))
    return {
        "never": f.RoutinePageFactory(
            parent=barnevern, title="Rutine uten gjennomgang", last_reviewed=None
        ),
        "soon": f.RoutinePageFactory(
            parent=barnevern,
            title="Rutine som snart forfaller",
            last_reviewed=ago(months=12, days=-20),
        ),
        "current": f.RoutinePageFactory(parent=barnevern, title="Nylig gjennomgått rutine"),
    }


def panel_text(client) -> str:
    response = client.get("/admin/")
    assert response.status_code == 200
    text = page_text(response)
    return text[text.index("gjennomgå") - 30 :] if "gjennomgå" in text else ""


def test_the_dashboard_lists_a_resource_persons_due_pages(client, review_states, barnevern_person):
    client.force_login(barnevern_person)
    text = panel_text(client)

    assert "Sider du skal gjennomgå" in text
    for title in (
        "Rutine ved bekymring for et barn",
        "Rutine uten gjennomgang",
        "Rutine som snart forfaller",
    ):
        assert title in text
    assert "Nylig gjennomgått rutine" not in text
    assert "Rutine ved vold i nære relasjoner" not in text  # NAV's
    assert text.index("Rutine ved bekymring for et barn") < text.index("Rutine uten gjennomgang")
    assert text.index("Rutine uten gjennomgang") < text.index("Rutine som snart forfaller")
    assert "Aldri gjennomgått" in text
    assert "Marker som gjennomgått" in text


def test_the_coordinators_dashboard_lists_every_due_page(client, site_tree, review_states):
    client.force_login(f.CoordinatorFactory())
    text = panel_text(client)
    assert "Sider som skal gjennomgås" in text
    assert "Rutine ved vold i nære relasjoner" in text  # NAV's
    assert "Rutine ved bekymring for et barn" in text
    assert site_tree.duty.title in text  # no owning unit, never reviewed


def test_users_who_answer_for_no_unit_get_no_review_panel(client, review_states):
    client.force_login(f.EditorFactory())
    assert "Sider du skal gjennomgå" not in panel_text(client)


def test_the_panel_says_so_when_nothing_is_due(client, two_units, barnevern_person):
    client.force_login(barnevern_person)
    assert "Ingen sider må gjennomgås de neste 30 dagene." in panel_text(client)


# Reminders


def test_reminders_go_to_the_owning_units_resource_persons_and_the_coordinator(
    site_tree, review_states, barnevern_person, mailoutbox, capsys
):
    coordinator = f.CoordinatorFactory(first_name="Kristine", email="koordinator@bsn.no")
    f.CoordinatorFactory(email="")  # nothing to send to
    f.ResourcePersonFactory(unit=site_tree.unit)  # Helsestasjonen: nothing due

    call_command("send_review_reminders")

    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert set(by_recipient) == {barnevern_person.email, coordinator.email}
    person_mail = by_recipient[barnevern_person.email]
    assert person_mail.subject == "Intranettet om vold i nære relasjoner: 3 sider skal gjennomgås"
    body = person_mail.body
    assert body.startswith("Hei Kristel,")
    for title in (
        "Rutine ved bekymring for et barn",
        "Rutine uten gjennomgang",
        "Rutine som snart forfaller",
    ):
        assert title in body
    assert "Nylig gjennomgått rutine" not in body
    assert "Rutine ved vold i nære relasjoner" not in body
    routine = (
        site_tree.unit_index.get_children().get(slug="barnevern").get_children().get(slug="rutine")
    )
    assert f"http://testserver/admin/pages/{routine.pk}/edit/" in body
    assert f"http://testserver/admin/gjennomgang/{routine.pk}/" in body

    coordinator_body = by_recipient[coordinator.email].body
    assert "Rutine ved vold i nære relasjoner" in coordinator_body  # NAV has no resource person
    assert "NAV Søndre Nordstrand" in coordinator_body
    assert site_tree.duty.title in coordinator_body  # no owning unit
    assert "Rutine ved bekymring for et barn" not in coordinator_body

    assert capsys.readouterr().out.startswith("send_review_reminders: sent 2 e-mails about ")


def test_a_dry_run_sends_nothing(site_tree, review_states, barnevern_person, mailoutbox, capsys):
    f.CoordinatorFactory(email="koordinator@bsn.no")
    call_command("send_review_reminders", "--dry-run")
    assert mailoutbox == []
    out = capsys.readouterr().out
    assert f"{barnevern_person.email}: 3 pages" in out
    assert "send_review_reminders: would send 2 e-mails" in out


def test_reminders_without_a_coordinator_to_stand_in_fail_loudly(
    site_tree, review_states, barnevern_person, mailoutbox
):
    with pytest.raises(CommandError, match="nobody to remind about .* due pages"):
        call_command("send_review_reminders")
    assert [message.to for message in mailoutbox] == [[barnevern_person.email]]


def test_reminders_reject_a_negative_number_of_days(db):
    with pytest.raises(CommandError, match="--days must be 0 or more"):
        call_command("send_review_reminders", "--days", "-1")
