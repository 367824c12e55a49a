"""The shared page cache: pages come from it, changes published in Wagtail show at once, and
what differs from user to user never does."""

from __future__ import annotations

import datetime
import gzip
import re

import pytest
from django.contrib import messages
from django.contrib.auth.models import Group
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory
from wagtail.models import Page, PageViewRestriction

from core import page_cache
from directory.models import TargetGroup
from tests import factories as f
from tests.helpers import cache_reads, page_text


def sneak_title(page, title: str) -> None:
    """Change a page's title in the database without any signal, as if behind Wagtail's back:
    only a page served from the cache still shows the old title."""
    Page.objects.filter(pk=page.pk).update(title=title, draft_title=title)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_a_second_request_is_answered_from_the_cache(site_tree, staff_client):
    url = site_tree.measure.url
    assert staff_client.get(url).status_code == 200
    sneak_title(site_tree.measure, "Endret i databasen")
    response = staff_client.get(url)
    assert response.status_code == 200
    assert site_tree.measure.title in page_text(response)
    assert "Endret i databasen" not in page_text(response)


def test_every_user_gets_their_own_name_logout_token_and_messages(site_tree, staff_user):
    kari = logged_in(staff_user)
    ola = logged_in(f.StaffUserFactory(username="ola", first_name="Ola", last_name="Hansen"))
    url = site_tree.unit.url
    first = kari.get(url)
    second = ola.get(url)
    assert "Kari" in page_text(first) and "Ola Hansen" not in page_text(first)
    assert "Ola Hansen" in page_text(second) and staff_user.get_full_name() not in page_text(second)
    tokens = [
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.content.decode()).group(1)
        for r in (first, second)
    ]
    assert tokens[0] != tokens[1]


def test_a_page_from_the_cache_is_the_page_rendered_without_it(site_tree, staff_client, settings):
    url = site_tree.routine.url
    staff_client.get(url)
    cached = staff_client.get(url).content.decode()
    settings.INTRANET_PAGE_CACHE_SECONDS = 0
    fresh = staff_client.get(url).content.decode()
    assert "intranet:per-user" not in cached
    assert without_csrf(cached) == without_csrf(fresh)


def test_the_cache_entry_records_page_revision_and_language(site_tree, staff_client):
    response = staff_client.get(site_tree.duty.url)
    key = page_cache.page_cache_key(response.wsgi_request)
    entry = cache.get(key)
    duty = site_tree.duty
    assert (entry["page"], entry["revision"], entry["locale"]) == (
        duty.pk,
        duty.live_revision_id,
        "nb",
    )
    assert "intranet:per-user:includes/user_menu.html" in entry["html"]


def publish(page, **changes):
    page = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


def add_service(tree):
    f.HelpServicePageFactory(parent=tree.directory, title="Nytt hjelpetilbud", slug="nytt")


def unpublish_service(tree):
    tree.services[1].unpublish()


def delete_service(tree):
    tree.services[1].delete()


def move_unit(tree):
    other_index = f.UnitIndexPageFactory(parent=tree.home, title="Andre enheter", slug="andre")
    tree.unit.move(other_index, pos="last-child")


def rename_target_group(tree):
    group = TargetGroup.objects.get(slug="voldsutovere")
    group.name = "Personer som utøver vold"
    group.save()


# (what changes, the page to watch, text that must appear, text that must go)
CHANGES = [
    (
        "publish the page itself",
        lambda t: publish(t.measure, title="1.1 Alle nyansatte får opplæring"),
        "measure",
        "1.1 Alle nyansatte får opplæring",
        "Nyansatte skal opplyses",
    ),
    ("publish a new child", add_service, "directory", "Nytt hjelpetilbud", None),
    ("unpublish a child", unpublish_service, "directory", None, "Alternativ til Vold"),
    ("delete a child", delete_service, "directory", None, "Alternativ til Vold"),
    (
        "publish a parent (breadcrumbs)",
        lambda t: publish(t.unit, title="Helsestasjon for barn og unge"),
        "routine",
        "Helsestasjon for barn og unge",
        None,
    ),
    ("move a page (breadcrumbs)", move_unit, "routine", "Andre enheter", None),
    (
        "change a snippet",
        rename_target_group,
        "directory",
        "Personer som utøver vold",
        "Voldsutøvere",
    ),
]


@pytest.mark.parametrize(
    ("change", "watched", "appears", "disappears"),
    [pytest.param(c[1], c[2], c[3], c[4], id=c[0]) for c in CHANGES],
)
def test_published_changes_show_on_the_next_request(
    change, watched, appears, disappears, site_tree, staff_client
):
    url = getattr(site_tree, watched).url
    before = page_text(staff_client.get(url))
    assert disappears is None or disappears in before
    change(site_tree)
    url = Page.objects.get(pk=getattr(site_tree, watched).pk).url
    after = page_text(staff_client.get(url))
    if appears:
        assert appears in after
    if disappears:
        assert disappears not in after


def test_an_unpublished_page_is_gone_at_once(site_tree, staff_client):
    url = site_tree.services[1].url
    assert staff_client.get(url).status_code == 200
    site_tree.services[1].unpublish()
    assert staff_client.get(url).status_code == 404


def test_a_draft_changes_nothing_until_published(site_tree, staff_client):
    url = site_tree.measure.url
    staff_client.get(url)
    draft = site_tree.measure.get_latest_revision_as_object()
    draft.title = "1.1 Utkast som ikke er publisert"
    draft.save_revision()
    assert "Utkast som ikke er publisert" not in page_text(staff_client.get(url))


@pytest.mark.parametrize(
    ("query", "cached"),
    [
        ("", True),
        ("?malgruppe=voksne", True),
        ("?utm_source=epost", False),
        ("?malgruppe=voksne&side=2", False),
    ],
)
def test_only_known_query_parameters_are_cached(query, cached, site_tree, staff_client):
    url = site_tree.directory.url + query
    staff_client.get(url)
    sneak_title(site_tree.directory, "Endret i databasen")
    assert ("Endret i databasen" not in page_text(staff_client.get(url))) is cached


def test_each_filter_value_is_its_own_entry(site_tree, staff_client):
    url = site_tree.directory.url
    all_services = page_text(staff_client.get(url))
    perpetrators = page_text(staff_client.get(f"{url}?malgruppe=voldsutovere"))
    assert "Krisesenteret i Oslo" in all_services
    assert "Krisesenteret i Oslo" not in perpetrators
    assert "Alternativ til Vold" in perpetrators


def test_a_new_day_starts_afresh(site_tree, staff_client, monkeypatch):
    """Review warnings depend on today's date."""
    url = site_tree.routine.url
    staff_client.get(url)
    sneak_title(site_tree.routine, "Endret i databasen")
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    monkeypatch.setattr(page_cache.timezone, "localdate", lambda: tomorrow)
    assert "Endret i databasen" in page_text(staff_client.get(url))


def test_pages_with_view_restrictions_are_not_cached(site_tree, staff_user, staff_client):
    restriction = PageViewRestriction.objects.create(
        page=site_tree.unit, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name=staff_user.groups.first().name))
    url = site_tree.routine.url
    assert staff_client.get(url).status_code == 200
    sneak_title(site_tree.routine, "Endret i databasen")
    assert "Endret i databasen" in page_text(staff_client.get(url))


def test_anonymous_visitors_are_never_served_from_the_cache(site_tree, staff_client):
    """A staff member's page must not reach someone who is not logged in."""
    url = site_tree.content.url
    staff_client.get(url)
    response = Client().get(url)
    assert response.status_code == 302


def add_message(client: Client, text: str) -> None:
    """Leave a message for the client's next request, as a view would."""
    request = RequestFactory().get("/")
    request.session = client.session
    storage = FallbackStorage(request)
    storage.add(messages.SUCCESS, text)
    response = HttpResponse()
    storage.update(response)
    client.cookies.update(response.cookies)


def test_messages_on_a_cached_page_are_shown_once(site_tree, staff_client):
    url = site_tree.home.url
    staff_client.get(url)
    add_message(staff_client, "Siden er lagret.")
    assert "Siden er lagret." in page_text(staff_client.get(url))
    assert "Siden er lagret." not in page_text(staff_client.get(url))


def test_unknown_query_values_make_no_cache_entries(site_tree, staff_client):
    """Junk ``?malgruppe=`` values would fill the cache and evict the login throttle's
    counters (issue 13, finding 8): they go to the whole list instead."""
    url = site_tree.directory.url
    staff_client.get(f"{url}?malgruppe=voksne")
    keys = []
    for number in range(20):
        response = staff_client.get(f"{url}?malgruppe=tull{number}")
        assert response.status_code == 302 and response["Location"] == url
        keys.append(page_cache.page_cache_key(response.wsgi_request))

    assert all(cache.get(key) is None for key in keys)
    assert cache.get(
        page_cache.page_cache_key(staff_client.get(f"{url}?malgruppe=voksne").wsgi_request)
    )
    followed = staff_client.get(f"{url}?malgruppe=tull", follow=True).content.decode()
    assert "Fant ikke den målgruppen" in followed
    assert "Krisesenteret i Oslo" in followed and "Alternativ til Vold" in followed


def test_pages_are_sent_compressed_to_a_browser_that_accepts_it(site_tree, staff_client):
    """A slow phone gets the whole page in few round trips (docs/performance.md): the page,
    rendered or from the cache, is gzipped when asked for, and is the same page."""
    url = site_tree.measure.url
    plain = staff_client.get(url)
    assert "Content-Encoding" not in plain
    for _ in ("rendered", "from the cache"):
        zipped = staff_client.get(url, headers={"Accept-Encoding": "gzip, br"})
        assert zipped["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in zipped["Vary"]
        html = gzip.decompress(zipped.content).decode()
        assert len(zipped.content) < len(html) / 3
        assert without_csrf(html) == without_csrf(plain.content.decode())


def test_a_request_reads_the_content_generation_once():
    cache.set(page_cache.GENERATION_KEY, "first", None)
    with page_cache.one_generation_per_request():
        assert page_cache.content_generation() == "first"
        cache.set(page_cache.GENERATION_KEY, "changed elsewhere", None)
        assert page_cache.content_generation() == "first"
        # A change made by the request itself counts at once.
        page_cache.new_content_generation()
        own = page_cache.content_generation()
        assert (
            own not in ("first", "changed elsewhere")
            and cache.get(page_cache.GENERATION_KEY) == own
        )
    cache.set(page_cache.GENERATION_KEY, "next", None)
    assert page_cache.content_generation() == "next"


def test_each_request_sees_the_generation_anew(site_tree, staff_client):
    url = site_tree.measure.url
    assert staff_client.get(url).status_code == 200
    sneak_title(site_tree.measure, "Endret i databasen")
    assert "Endret i databasen" not in page_text(staff_client.get(url))
    page_cache.new_content_generation()  # as another process's publish would
    assert "Endret i databasen" in page_text(staff_client.get(url))


def kind(key: str) -> str:
    """What a cache key holds: ``intranet:page:<generation>:<variant>`` → «page»."""
    if key.startswith("django.contrib.sessions"):
        return "session"
    if key.startswith("template.cache."):
        return "fragment"
    return key.split(":")[1]


def kinds(read: list[str]) -> list[str]:
    return [" + ".join(kind(key) for key in keys.split(" + ")) for keys in read]


def test_a_page_from_the_cache_reads_each_key_once_in_five_round_trips(site_tree, staff_client):
    """What a page from the cache costs is mostly its round trips to Redis (docs/performance.md,
    «The shared page cache»): the session, the user, the content generation, the page and the
    reader's reading progress, each once. The view restrictions are kept in the process."""
    url = site_tree.measure.url
    staff_client.get(url)
    with cache_reads() as read:
        assert staff_client.get(url).status_code == 200
    assert kinds(read) == ["session", "user", "content-generation", "page", "progress"]
