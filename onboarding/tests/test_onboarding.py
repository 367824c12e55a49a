"""Reading lists for new hires (docs/onboarding.md), through HTTP: «Min leseliste» and its
progress, «Jeg har lest», significant and minor changes, who follows up whom, the CSV, the
user form and the retention command."""

from __future__ import annotations

import csv
import datetime
import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from core.page_cache import content_changed, one_generation_per_request
from home.models import HomePage
from loading.plan import load_plan
from onboarding.models import OnboardingPeriod, ReadConfirmation, ReadingListItem, ReadingListPage
from onboarding.reading import confirm_read, reading_progress
from tests import factories as f
from tests.admin_forms import assert_refused, post_edit
from tests.helpers import cache_reads, page_text
from tests.test_query_counts import MAX_QUERIES_PER_PAGE, queries_to_render

MY_LIST = "/min-leseliste/"
FOLLOW_UP = "/admin/leselister/"
FOLLOW_UP_CSV = "/admin/leselister/leselister.csv"
REPO = Path(__file__).resolve().parents[2]


def confirm_url(page) -> str:
    return f"/min-leseliste/lest/{page.pk}/"


@pytest.fixture
def lists(site_tree, two_units):
    """The list for all staff (the duty, the measure; the directory recommended) and one list
    each for Barnevern (its routine) and NAV (its routine)."""
    general = f.ReadingListPageFactory(
        parent=site_tree.home,
        title="Leseliste for nyansatte",
        slug="leseliste",
        items=[
            ReadingListItem(page=site_tree.duty, why="Meldeplikten.", minutes=10),
            ReadingListItem(page=site_tree.measure, why="Tiltaket om nyansatte.", minutes=5),
            ReadingListItem(
                page=site_tree.directory, required=False, why="Hvor du henviser.", minutes=5
            ),
        ],
    )
    barnevern = f.ReadingListPageFactory(
        parent=two_units.barnevern,
        title="Leseliste for Enhet barnevern",
        slug="leseliste",
        items=[ReadingListItem(page=two_units.barnevern_routine, minutes=15)],
    )
    nav = f.ReadingListPageFactory(
        parent=two_units.nav,
        title="Leseliste for NAV",
        slug="leseliste",
        items=[ReadingListItem(page=two_units.nav_routine, minutes=15)],
    )
    return {"general": general, "barnevern": barnevern, "nav": nav}


@pytest.fixture
def newcomer(two_units):
    return f.StaffUserFactory(
        username="nora.ny", first_name="Nora", last_name="Ny", unit=two_units.barnevern
    )


@pytest.fixture
def newcomer_client(newcomer) -> Client:
    client = Client()
    client.force_login(newcomer)
    return client


def confirm(client, page):
    return client.post(confirm_url(page), {"next": page.url})


# A reader's list and progress


def test_a_new_user_sees_the_general_list_and_their_units_list(newcomer_client, lists, site_tree):
    response = newcomer_client.get(MY_LIST)
    assert response.status_code == 200
    text = page_text(response)
    for expected in (
        "Min leseliste",
        "0 av 3 påkrevde sider lest",
        "Leseliste for nyansatte",
        site_tree.duty.title,
        "Meldeplikten.",
        "ca. 10 minutter",
        site_tree.measure.title,
        "Anbefalt",
        "Leseliste for Enhet barnevern",
        "Rutine ved bekymring for et barn",
    ):
        assert expected in text, expected
    assert "Rutine ved vold i nære relasjoner" not in text  # NAV's routine
    assert 'aria-labelledby="leseliste-framdrift" max="3" value="0">' in response.content.decode()


def test_jeg_har_lest_records_the_revision_read_and_counts_in_the_progress(
    newcomer_client, newcomer, lists, site_tree
):
    duty = site_tree.duty
    page = newcomer_client.get(duty.url).content.decode()
    assert f'action="{confirm_url(duty)}"' in page
    assert "Jeg har lest" in page

    response = confirm(newcomer_client, duty)
    assert response.status_code == 302
    assert response.url == duty.url
    confirmation = ReadConfirmation.objects.get(user=newcomer, page_id=duty.pk)
    assert confirmation.revision_id == Page.objects.get(pk=duty.pk).live_revision_id

    text = page_text(newcomer_client.get(duty.url))
    assert f"Registrert: du har lest «{duty.title}»." in text
    assert "Du bekreftet at du har lest siden" in text
    assert "1 av 3 påkrevde sider lest" in page_text(newcomer_client.get(MY_LIST))


def test_confirming_every_required_page_completes_the_list(
    newcomer_client, lists, site_tree, two_units
):
    home = page_text(newcomer_client.get(site_tree.home.url))
    assert "Min leseliste" in home
    assert site_tree.duty.title in home
    for page in (site_tree.duty, site_tree.measure, two_units.barnevern_routine):
        assert confirm(newcomer_client, page).status_code == 302
    home = page_text(newcomer_client.get(site_tree.home.url))
    assert "3 av 3 påkrevde sider lest" in home
    assert "Du har lest alle de påkrevde sidene." in home
    assert site_tree.duty.title not in home.split("Min leseliste", 1)[1].split("Se hele")[0]


def progress_rendered(client: Client, url: str) -> bool:
    """Whether the front page's reading list was rendered for this request, not taken from
    the cache."""
    response = client.get(url)
    assert "Min leseliste" in page_text(response)
    return "onboarding/includes/progress.html" in [t.name for t in response.templates]


def test_the_front_pages_reading_list_is_rendered_again_only_when_the_progress_changes(
    newcomer_client, lists, site_tree
):
    home = site_tree.home.url
    assert progress_rendered(newcomer_client, home)
    assert not progress_rendered(newcomer_client, home)
    assert confirm(newcomer_client, site_tree.duty).status_code == 302
    assert progress_rendered(newcomer_client, home)
    assert "1 av 3 påkrevde sider lest" in page_text(newcomer_client.get(home))


def test_pages_of_another_units_list_have_no_button_and_cannot_be_confirmed(
    newcomer_client, newcomer, lists, two_units, site_tree
):
    assert "Jeg har lest" not in page_text(newcomer_client.get(two_units.nav_routine.url))
    assert "Jeg har lest" not in page_text(newcomer_client.get(site_tree.content.url))
    assert newcomer_client.post(confirm_url(two_units.nav_routine)).status_code == 404
    assert newcomer_client.get(confirm_url(site_tree.duty)).status_code == 405
    assert not ReadConfirmation.objects.filter(user=newcomer).exists()


def test_the_reading_list_page_shows_its_items_and_the_readers_progress(
    newcomer_client, lists, site_tree, staff_client
):
    text = page_text(newcomer_client.get(lists["general"].url))
    for expected in (
        "Leseliste for nyansatte",
        "Påkrevd",
        "Anbefalt",
        "Tiltaket om nyansatte.",
        "Din framdrift",
        "Ikke lest",
    ):
        assert expected in text, expected
    confirm(newcomer_client, site_tree.duty)
    assert "Lest" in page_text(newcomer_client.get(lists["general"].url)).split("Din framdrift")[1]
    # Barnevern's list is not part of the list of someone from NAV.
    text = page_text(staff_client.get(lists["barnevern"].url))
    assert "Denne listen er ikke en del av leselisten din." in text


def test_the_shared_page_cache_gives_every_reader_their_own_state(
    settings, newcomer_client, lists, site_tree, two_units
):
    settings.INTRANET_PAGE_CACHE_SECONDS = 60
    colleague = Client()
    colleague.force_login(f.StaffUserFactory(unit=two_units.barnevern))
    assert "Jeg har lest" in page_text(newcomer_client.get(site_tree.duty.url))
    confirm(newcomer_client, site_tree.duty)
    assert "Du bekreftet at du har lest siden" in page_text(newcomer_client.get(site_tree.duty.url))
    # The colleague gets the same cached page, with their own button.
    text = page_text(colleague.get(site_tree.duty.url))
    assert "Jeg har lest" in text
    assert "Du bekreftet" not in text


# Significant and minor changes


@pytest.mark.parametrize(
    "significant, state_after",
    [(False, "Lest"), (True, "Endret siden du leste – les på nytt")],
)
def test_only_a_significant_change_asks_readers_to_read_again(
    client, newcomer_client, newcomer, lists, site_tree, significant, state_after
):
    duty = site_tree.duty
    confirm(newcomer_client, duty)
    client.force_login(f.CoordinatorFactory())
    response = post_edit(client, duty, summary="Ny tekst om meldeplikten.")
    assert response.status_code == 302
    if significant:
        assert client.post(f"/admin/vesentlig-endring/{duty.pk}/").status_code == 302

    text = page_text(newcomer_client.get(MY_LIST))
    assert f"{duty.title} Påkrevd {state_after}" in text
    assert ("1 av 3" in text) is not significant
    on_page = page_text(newcomer_client.get(duty.url))
    assert ("Siden er endret vesentlig siden du leste den" in on_page) is significant
    assert ("Jeg har lest" in on_page) is significant

    # Reading again makes it count again.
    confirm(newcomer_client, duty)
    assert "1 av 3 påkrevde sider lest" in page_text(newcomer_client.get(MY_LIST))


def test_publishing_as_a_significant_change_in_one_step(client, newcomer_client, lists, site_tree):
    confirm(newcomer_client, site_tree.duty)
    client.force_login(f.CoordinatorFactory())
    editor = client.get(f"/admin/pages/{site_tree.duty.pk}/edit/").content.decode()
    assert 'value="Publiser som vesentlig endring"' in editor
    assert (
        "Publiser som vesentlig endring"
        not in client.get(f"/admin/pages/{site_tree.content.pk}/edit/").content.decode()
    )
    response = post_edit(
        client,
        site_tree.duty,
        action="",
        summary="Nye frister.",
        **{"action-publish": "Publiser som vesentlig endring"},
    )
    assert response.status_code == 302
    assert Page.objects.get(pk=site_tree.duty.pk).specific.summary == "Nye frister."
    assert "Endret siden du leste – les på nytt" in page_text(newcomer_client.get(MY_LIST))


def test_the_editor_offers_significant_change_on_listed_pages_and_records_it_in_history(
    client, lists, site_tree
):
    client.force_login(f.CoordinatorFactory())
    button = "Vesentlig endring – be leserne lese på nytt"
    assert button in client.get(f"/admin/pages/{site_tree.duty.pk}/edit/").content.decode()
    assert button not in client.get(f"/admin/pages/{site_tree.content.pk}/edit/").content.decode()
    assert client.get(f"/admin/vesentlig-endring/{site_tree.duty.pk}/").status_code == 200
    client.post(f"/admin/vesentlig-endring/{site_tree.duty.pk}/")
    history = page_text(client.get(f"/admin/pages/{site_tree.duty.pk}/history/"))
    assert "Publisert versjon markert som vesentlig endring" in history


def test_a_resource_person_marks_changes_in_their_unit_only(client, lists, two_units):
    client.force_login(f.ResourcePersonFactory(unit=two_units.barnevern))
    own = client.post(f"/admin/vesentlig-endring/{two_units.barnevern_routine.pk}/")
    assert own.status_code == 302
    assert own.url == f"/admin/pages/{two_units.barnevern_routine.pk}/edit/"
    assert_refused(client.post(f"/admin/vesentlig-endring/{two_units.nav_routine.pk}/"))


# Unit lists: edited by the unit's own resource person only


def reading_list_form(title: str, page) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": f.make_slug(title),
            "intro": rich_text(""),
            "items": inline_formset(
                [{"page": page.pk, "required": "on", "why": "Vår rutine.", "minutes": 10}]
            ),
            "source_kind": "enhet",
            "action-publish": "action-publish",
        }
    )


def test_a_resource_person_adds_a_list_to_their_unit_but_not_to_another(client, two_units):
    client.force_login(f.ResourcePersonFactory(unit=two_units.barnevern))
    response = client.post(
        f"/admin/pages/add/onboarding/readinglistpage/{two_units.barnevern.pk}/",
        reading_list_form("Barnevernets leseliste", two_units.barnevern_routine),
    )
    assert response.status_code == 302
    created = ReadingListPage.objects.get(title="Barnevernets leseliste")
    assert created.live
    assert created.get_parent().pk == two_units.barnevern.pk
    assert [item.page_id for item in created.items.all()] == [two_units.barnevern_routine.pk]

    response = client.post(
        f"/admin/pages/add/onboarding/readinglistpage/{two_units.nav.pk}/",
        reading_list_form("Feil enhets leseliste", two_units.nav_routine),
    )
    assert_refused(response)
    assert not ReadingListPage.objects.filter(title="Feil enhets leseliste").exists()


# Follow-up: who sees whose progress


@pytest.fixture
def staff(lists, two_units, site_tree):
    """One newcomer in each unit and one without a unit; Barnevern's is overdue."""
    people = {
        "barnevern": f.StaffUserFactory(
            first_name="Bente", last_name="Barnevern", unit=two_units.barnevern
        ),
        "nav": f.StaffUserFactory(first_name="Nils", last_name="Navesen", unit=two_units.nav),
        "none": f.StaffUserFactory(first_name="Ulla", last_name="Utenenhet"),
    }
    today = timezone.localdate()
    OnboardingPeriod.objects.create(
        user=people["barnevern"],
        started_on=today - datetime.timedelta(days=40),
        deadline=today - datetime.timedelta(days=10),
    )
    ReadConfirmation.objects.create(
        user=people["nav"], page_id=site_tree.duty.pk, confirmed_at=timezone.now()
    )
    return people


VIEWERS = {
    "coordinator": lambda units: f.CoordinatorFactory(),
    "barnevern leader": lambda units: f.UnitLeaderFactory(unit=units.barnevern),
    "nav leader": lambda units: f.UnitLeaderFactory(unit=units.nav),
    "barnevern resource person": lambda units: f.ResourcePersonFactory(unit=units.barnevern),
    "editor": lambda units: f.EditorFactory(),
}


@pytest.mark.parametrize(
    "viewer, sees",
    [
        ("coordinator", {"barnevern", "nav", "none"}),
        ("barnevern leader", {"barnevern"}),
        ("nav leader", {"nav"}),
        ("barnevern resource person", None),
        ("editor", None),
    ],
)
def test_who_follows_up_whom(client, staff, two_units, viewer, sees):
    client.force_login(VIEWERS[viewer](two_units))
    for url in (FOLLOW_UP, FOLLOW_UP_CSV):
        response = client.get(url)
        if sees is None:
            assert_refused(response)
            continue
        assert response.status_code == 200
        text = page_text(response) if url == FOLLOW_UP else response.content.decode()
        for key, person in staff.items():
            assert (person.last_name in text) is (key in sees), (url, key)


def test_the_follow_up_shows_progress_and_highlights_the_overdue(client, staff, two_units):
    client.force_login(f.CoordinatorFactory())
    response = client.get(FOLLOW_UP)
    text = page_text(response)
    assert "Oppfølging av leselister" in text
    assert "Last ned som CSV" in text
    assert "Bente Barnevern 0 / 3 0" in text
    html = response.content.decode()
    bente = html[html.index("Bente Barnevern") :]
    row = bente[: bente.index("</tr>")]
    assert "<strong>" in row and "Forfalt" in row  # overdue is highlighted
    nav = text[text.index("Nils Navesen") :]
    assert nav.startswith("Nils Navesen 1 / 3 0")
    assert "Pågår" in nav
    assert "Uten enhet" in text


def read_csv(response) -> list[list[str]]:
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def test_the_csv_has_one_line_per_person(client, staff, two_units):
    f.StaffUserFactory(first_name="=HYPERLINK(1)", last_name="", unit=two_units.nav)
    leader = f.UnitLeaderFactory(unit=two_units.nav, first_name="Nina", last_name="Leder")
    client.force_login(leader)
    response = client.get(FOLLOW_UP_CSV)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == [
        "Navn",
        "Brukernavn",
        "Enhet",
        "Startdato",
        "Frist",
        "Påkrevde lest",
        "Påkrevde totalt",
        "Må leses på nytt",
        "Status",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    # The leader works in the unit too (joining its group linked them to it).
    assert set(by_name) == {"'=HYPERLINK(1)", "Nils Navesen", "Nina Leder"}
    nils = by_name["Nils Navesen"]
    assert nils[2:] == [
        "NAV Søndre Nordstrand",
        nils[3],
        (datetime.date.fromisoformat(nils[3]) + datetime.timedelta(days=30)).isoformat(),
        "1",
        "3",
        "0",
        "Pågår",
    ]


def test_overdue_in_the_csv(client, staff):
    client.force_login(f.CoordinatorFactory())
    rows = {row[0]: row for row in read_csv(client.get(FOLLOW_UP_CSV))[1:]}
    assert rows["Bente Barnevern"][-1] == "Forfalt"
    assert rows["Ulla Utenenhet"][5:7] == ["0", "2"]


# The user form


def test_the_user_form_sets_start_date_and_deadline(client, two_units, lists):
    client.force_login(f.AdministratorFactory())
    user = f.StaffUserFactory(username="ny.ansatt", unit=two_units.nav)
    data = {
        "username": "ny.ansatt",
        "email": user.email,
        "first_name": "Ny",
        "last_name": "Ansatt",
        "unit": two_units.nav.pk,
        "phone": "",
        "started_on": "2026-01-05",
        "deadline": "",
        "is_active": "on",
    }
    response = client.post(f"/admin/users/edit/{user.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors
    period = OnboardingPeriod.objects.get(user=user)
    assert (period.started_on, period.deadline) == (
        datetime.date(2026, 1, 5),
        datetime.date(2026, 2, 4),
    )
    response = client.post(f"/admin/users/edit/{user.pk}/", dict(data, deadline="2026-01-01"))
    assert response.status_code == 200
    assert "Fristen kan ikke være før startdatoen." in page_text(response)


# Retention


def test_purge_deletes_the_confirmations_of_people_who_left(lists, site_tree, two_units):
    left = f.StaffUserFactory(is_active=False)
    stays = f.StaffUserFactory()
    idle = f.StaffUserFactory()
    idle.last_login = timezone.now() - datetime.timedelta(days=400)
    idle.save(update_fields=["last_login"])
    stays.last_login = timezone.now()
    stays.save(update_fields=["last_login"])
    for user in (left, stays, idle):
        ReadConfirmation.objects.create(
            user=user, page_id=site_tree.duty.pk, confirmed_at=timezone.now()
        )
    OnboardingPeriod.objects.create(
        user=left, started_on=datetime.date(2026, 1, 1), deadline=datetime.date(2026, 2, 1)
    )

    out = io.StringIO()
    call_command("purge_read_confirmations", stdout=out)
    assert out.getvalue().strip() == (
        "purge_read_confirmations: deleted 1 confirmations of 1 people"
    )
    assert set(ReadConfirmation.objects.values_list("user_id", flat=True)) == {stays.pk, idle.pk}
    assert not OnboardingPeriod.objects.filter(user=left).exists()

    call_command("purge_read_confirmations", "--inactive-days", "365", stdout=out)
    assert set(ReadConfirmation.objects.values_list("user_id", flat=True)) == {stays.pk}

    # A deleted user's confirmations go with them.
    stays.delete()
    assert not ReadConfirmation.objects.exists()


@pytest.mark.parametrize("value", ["0", "-3", "tretti"])
def test_purge_refuses_bad_input(value, db):
    with pytest.raises(CommandError) as raised:
        call_command("purge_read_confirmations", "--inactive-days", value)
    assert str(raised.value) == (
        "purge_read_confirmations: --inactive-days must be a whole number of days, 1 or more, "
        f"not {value!r}"
    )


def test_purge_exits_non_zero_with_one_line_on_bad_input():
    result = subprocess.run(
        [sys.executable, "manage.py", "purge_read_confirmations", "--inactive-days", "tretti"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "--inactive-days must be a whole number of days" in lines[0]


# load_plan


def test_load_plan_creates_the_list_for_all_staff_once(db):
    first = load_plan()
    reading_list = ReadingListPage.objects.get(slug="leseliste-for-nyansatte")
    assert reading_list.live
    assert reading_list.get_parent().specific_class is HomePage
    items = list(reading_list.items.select_related("page").order_by("sort_order"))
    assert [item.page.slug for item in items] == [
        "jeg-er-bekymret",
        "opplysningsplikt-til-barnevernet",
        "avvergelsesplikt",
        "mal-og-tiltak",
        "enheter",
        "hjelpetilbud",
        "taushetsplikt-og-samtykke",
        "definisjon-og-avgrensing",
    ]
    assert [item.required for item in items] == [True] * 6 + [False] * 2
    assert all(item.why and item.minutes for item in items)
    assert first.created["leseliste"] == 1
    again = load_plan()
    assert again.created.total() == 0
    assert again.unchanged["leseliste"] == 1


# Costs and languages


def test_a_reading_list_and_a_listed_page_stay_within_the_query_budgets(
    settings, newcomer_client, lists, site_tree
):
    for url in (lists["general"].url, site_tree.duty.url, site_tree.home.url):
        settings.INTRANET_PAGE_CACHE_SECONDS = 0
        assert len(queries_to_render(newcomer_client, url)) <= MAX_QUERIES_PER_PAGE, url
        # From the page cache, the reader's progress comes from the cache too.
        settings.INTRANET_PAGE_CACHE_SECONDS = 60
        assert len(queries_to_render(newcomer_client, url)) == 0, url


def test_a_readers_first_page_after_a_change_stays_within_the_budget(
    settings, newcomer_client, lists, site_tree, two_units
):
    """The reading lists are shared by every reader: once one reader has loaded them, the next
    reader's progress costs only their own rows (unit, confirmations, dates)."""
    settings.INTRANET_PAGE_CACHE_SECONDS = 0
    colleague = f.StaffUserFactory(unit=two_units.nav)
    colleague_client = Client()
    colleague_client.force_login(colleague)
    colleague_client.get(site_tree.duty.url)  # their session and user are cached now
    content_changed()
    newcomer_client.get(site_tree.duty.url)  # loads the shared lists again
    with CaptureQueriesContext(connection) as context:
        response = colleague_client.get(site_tree.duty.url)
    assert response.status_code == 200
    assert len(context) <= MAX_QUERIES_PER_PAGE, "\n".join(q["sql"][:120] for q in context)


def test_a_translated_list_and_the_button_on_a_translated_page(
    newcomer_client, newcomer, lists, site_tree
):
    f.translate(site_tree.concern, "en")
    english_duty = f.translate(site_tree.duty, "en", {site_tree.duty.title: "Duty to report"})
    f.translate(lists["general"], "en", {"Meldeplikten.": "The duty to report."})
    assert "The duty to report." in page_text(newcomer_client.get(f"/en{lists['general'].url}"))

    page = newcomer_client.get(english_duty.url).content.decode()
    assert f'action="/en{confirm_url(english_duty)}"' in page
    response = newcomer_client.post(f"/en{confirm_url(english_duty)}", {"next": english_duty.url})
    assert (response.status_code, response.url) == (302, english_duty.url)
    # The confirmation is of the Norwegian page on the list.
    assert ReadConfirmation.objects.get(user=newcomer).page_id == site_tree.duty.pk


def test_reading_lists_are_not_searchable(staff_client, lists, site_tree):
    response = staff_client.get("/search/?q=nyansatte")
    assert site_tree.measure.url in response.content.decode()  # found: the search works
    assert lists["general"].url not in response.content.decode()


def test_the_follow_up_takes_the_same_queries_for_few_and_many_people(client, staff, two_units):
    client.force_login(f.CoordinatorFactory())
    few = queries_to_render(client, FOLLOW_UP)
    for i in range(20):
        user = f.StaffUserFactory(unit=two_units.nav if i % 2 else two_units.barnevern)
        ReadConfirmation.objects.create(
            user=user, page_id=two_units.nav_routine.pk, confirmed_at=timezone.now()
        )
    many = queries_to_render(client, FOLLOW_UP)
    assert len(many) == len(few)


def test_the_front_page_from_the_cache_reads_the_progress_once(newcomer_client, lists, site_tree):
    """The front page shows the reader's progress in two per-user parts (the reading list and
    the «Jeg har lest» button); it is read from the cache once per request, and the next
    request after a confirmation shows the new progress (the same request: the test below)."""
    home = site_tree.home.url
    newcomer_client.get(home)
    with cache_reads() as read:
        assert "Min leseliste" in page_text(newcomer_client.get(home))
    progress = [key for key in read if key.startswith("onboarding:progress:")]
    assert len(progress) == 1, read
    assert len(read) == len(set(read)), read
    assert confirm(newcomer_client, site_tree.duty).status_code == 302
    assert "1 av 3 påkrevde sider lest" in page_text(newcomer_client.get(home))


def test_within_a_request_a_confirmation_shows_in_the_progress_at_once(newcomer, lists, site_tree):
    with one_generation_per_request():
        before = reading_progress(newcomer)
        assert reading_progress(newcomer) is before
        confirm_read(newcomer, site_tree.duty)
        after = reading_progress(newcomer)
    assert (before.required_read, after.required_read) == (0, 1)
