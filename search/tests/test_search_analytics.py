"""Search statistics without personal data: what is stored, how it is counted, how long it is
kept, and who sees the reports."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, models
from django.utils import timezone

from search.models import QueryDay
from search.services.analytics import DEFAULT_RETENTION_DAYS, purge, record_search
from tests import factories as f
from tests.helpers import page_text

TODAY = datetime.date(2026, 11, 26)


def test_the_model_has_no_place_for_personal_data():
    fields = {field.name: type(field) for field in QueryDay._meta.get_fields()}
    assert fields == {
        "id": models.BigAutoField,
        "date": models.DateField,
        "query": models.CharField,
        "count": models.PositiveIntegerField,
        "zero_results": models.BooleanField,
    }


def test_a_search_stores_the_day_the_known_words_and_a_count_only(site_tree, staff_user, client):
    client.force_login(staff_user)
    query = "Kari Nordmann 01019912345 krisesenter"
    client.get(
        "/search/",
        {"q": query},
        REMOTE_ADDR="10.20.30.40",
        HTTP_USER_AGENT="Mozilla/5.0 (Windows NT 10.0) Edge/120",
        HTTP_X_FORWARDED_FOR="192.0.2.7",
    )
    rows = list(QueryDay.objects.values())
    assert rows == [
        {
            "id": rows[0]["id"],
            "date": timezone.localdate(),
            "query": "… krisesenteret",  # the word as the content has it
            "count": 1,
            "zero_results": False,
        }
    ]
    stored = repr(rows)
    session_key = client.session.session_key
    for personal in ("kari", "nordmann", "01019912345", "10.20.30.40", "192.0.2.7", "Mozilla"):
        assert personal.lower() not in stored.lower()
    assert staff_user.username not in stored and session_key not in stored


def test_searches_are_counted_per_day_with_the_latest_outcome(site_tree, staff_client):
    for _ in range(3):
        staff_client.get("/search/", {"q": "krisesenter"})
    staff_client.get("/search/", {"q": "krisesenter", "page": 2})  # paging is not a new search
    staff_client.get("/search/", {"q": "regnbue"})
    counts = {row.query: (row.count, row.zero_results) for row in QueryDay.objects.all()}
    assert counts == {"krisesenteret": (3, False), "…": (1, True)}

    f.SearchPromotionFactory(query="mobbing", page=site_tree.duty)
    QueryDay.objects.create(date=timezone.localdate(), query="mobbing", count=4, zero_results=True)
    staff_client.get("/search/", {"q": "mobbing"})
    assert QueryDay.objects.get(query="mobbing").zero_results is False


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_a_search_is_counted_without_waiting_for_the_disk(db):
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO on")  # as on the live site
    record_search("krisesenteret", found_anything=True, day=TODAY)
    record_search("krisesenteret", found_anything=False, day=TODAY)
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "off"  # in the counting transaction only (SET LOCAL)
    assert list(QueryDay.objects.values_list("query", "count", "zero_results")) == [
        ("krisesenteret", 2, True)
    ]


def test_purge_keeps_the_retention_period(db):
    for days in (0, 10, DEFAULT_RETENTION_DAYS, DEFAULT_RETENTION_DAYS + 1, 400):
        f.QueryDayFactory(date=TODAY - datetime.timedelta(days=days), query=f"søk {days}")
    assert purge(today=TODAY) == 2
    assert sorted(QueryDay.objects.values_list("query", flat=True)) == [
        "søk 0",
        "søk 10",
        f"søk {DEFAULT_RETENTION_DAYS}",
    ]


def test_purge_command(db, capsys):
    today = timezone.localdate()
    f.QueryDayFactory(date=today - datetime.timedelta(days=200))
    f.QueryDayFactory(date=today - datetime.timedelta(days=20))
    f.QueryDayFactory(date=today)
    call_command("purge_search_statistics")
    assert "deleted 1 entries older than 180 days" in capsys.readouterr().out
    call_command("purge_search_statistics", "--days", "7")
    assert QueryDay.objects.count() == 1
    with pytest.raises(CommandError, match="--days must be 0 or more"):
        call_command("purge_search_statistics", "--days", "-1")


@pytest.fixture
def statistics(db):
    today = timezone.localdate()
    f.QueryDayFactory(date=today, query="krisesenter", count=7)
    f.QueryDayFactory(date=today - datetime.timedelta(days=1), query="krisesenter", count=5)
    f.QueryDayFactory(date=today, query="mobbing", count=3, zero_results=True)
    f.QueryDayFactory(date=today, query="meldeplikt", count=2)


REPORTS = ["/admin/sokestatistikk/sokeord/", "/admin/sokestatistikk/uten-treff/"]
USERS = {
    "staff": f.StaffUserFactory,
    "editor": f.EditorFactory,
    "coordinator": f.CoordinatorFactory,
    "administrator": f.AdministratorFactory,
    "superuser": f.SuperuserFactory,
}


@pytest.mark.parametrize("url", REPORTS)
@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("staff", False),
        ("editor", False),
        ("coordinator", True),
        ("administrator", True),
        ("superuser", True),
    ],
)
def test_who_sees_the_reports(role, allowed, url, statistics, client):
    client.force_login(USERS[role]())
    response = client.get(url)
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code in (302, 403)
        assert "krisesenter" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_admin_login(statistics, client):
    response = client.get(REPORTS[0])
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_top_queries_report(statistics, client):
    client.force_login(f.CoordinatorFactory())
    text = page_text(client.get(REPORTS[0]))
    assert text.index("krisesenter 12") < text.index("mobbing 3") < text.index("meldeplikt 2")
    assert "uten opplysninger om hvem som søkte" in text


def test_zero_result_report_lists_only_searches_without_results(statistics, client):
    client.force_login(f.CoordinatorFactory())
    text = page_text(client.get(REPORTS[1]))
    assert "mobbing 3 3" in text
    assert "krisesenter" not in text and "meldeplikt" not in text


def test_reports_can_be_limited_to_a_period(statistics, client):
    client.force_login(f.CoordinatorFactory())
    today = timezone.localdate().isoformat()
    text = page_text(client.get(REPORTS[0], {"date_from": today, "date_to": today}))
    assert "krisesenter 7" in text
