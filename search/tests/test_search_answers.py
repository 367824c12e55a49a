"""Search that answers (issue 14): a query that points to a decision-aid path shows the path's
answer card above the results, in HTML and in JSON (the crisis query set on the real plan:
test_search_crisis.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import PageViewRestriction

from search.services.answers import find_answer, word_matches, words_of
from search.services.engine import locales
from tests import factories as f
from tests.helpers import between


@pytest.mark.parametrize(
    ("word", "trigger", "matches"),
    [
        ("barnet", "barn", True),  # inflection
        ("sønnen", "sønn", True),
        ("tvangsgifte", "tvangsgift", True),
        ("omskjæring", "omskjæring", True),
        ("omskjæringen", "omskjæring", True),
        ("krisesenteret", "krisesenter", True),
        ("tvangsekteskep", "tvangsekteskap", True),  # a typo
        ("voltekt", "voldtekt", True),  # a letter left out
        ("barnevernt", "barnevernet", True),
        ("kjærseten", "kjæresten", True),  # two letters swapped
        ("barnehage", "barn", False),  # a compound is not an inflection
        ("slo", "slår", False),  # short words must match exactly
        ("plan", "plikt", False),
        ("vold", "volden", False),
    ],
)
def test_words_match_inflected_and_misspelt(word, trigger, matches):
    assert word_matches(word, trigger) is matches


def test_words_are_casefolded():
    assert words_of("Pappa SLÅR – barnet!") == ["pappa", "slår", "barnet"]


def search(client: Client, query: str, **params):
    return client.get("/search/", {"q": query, **params})


@pytest.mark.django_db
def test_a_crisis_query_shows_the_answer_card_first(site_tree, staff_client):
    html = search(staff_client, "pappa slår").content.decode()
    card = between(html, '<section class="answer-card"', "</section>")
    assert "Bekymret for: Et barn eller en ungdom" in card
    assert f'href="{site_tree.duty.url}"' in card
    assert 'href="tel:+4722480380"' in card  # the acute service from the directory
    assert f'href="{site_tree.path.url}"' in card
    assert html.index('class="answer-card"') < html.index('class="search-filters"')


@pytest.mark.django_db
def test_the_json_answer(site_tree, staff_client):
    data = search(staff_client, "pappa slår", format="json").json()
    assert data["answer"] == {
        "title": "Et barn eller en ungdom",
        "url": site_tree.path.url,
        "duties": [{"title": site_tree.duty.title, "url": site_tree.duty.url}],
        "phones": [
            {"name": "Krisesenteret i Oslo", "number": "22 48 03 80", "tel": "tel:+4722480380"},
            {"name": "Alternativ til Vold", "number": "22 08 98 00", "tel": "tel:+4722089800"},
        ],
    }
    assert set(data) == {"query", "total", "results", "answer"}


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["leseliste", "handlingsplan", "barnehage", ""])
def test_other_queries_get_no_answer(site_tree, staff_client, query):
    assert search(staff_client, query, format="json").json()["answer"] is None
    assert 'class="answer-card"' not in search(staff_client, query).content.decode()


@pytest.mark.django_db
def test_no_answer_card_past_the_first_page(site_tree, staff_client):
    assert search(staff_client, "pappa slår", page="2", format="json").json()["answer"] is None


@pytest.mark.django_db
def test_a_restricted_path_gives_no_card_to_others(site_tree, staff_client):
    insiders = Group.objects.create(name="Lukket")
    restriction = PageViewRestriction.objects.create(
        page=site_tree.path, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(insiders)
    assert search(staff_client, "pappa slår", format="json").json()["answer"] is None
    insider = f.StaffUserFactory()
    insider.groups.add(insiders)
    client = Client()
    client.force_login(insider)
    assert search(client, "pappa slår", format="json").json()["answer"] is not None


@pytest.mark.django_db
def test_an_edited_trigger_word_takes_effect_at_once(site_tree, staff_client):
    assert search(staff_client, "juling", format="json").json()["answer"] is None
    path = site_tree.path
    path.trigger_words += "\njuling"
    path.save_revision().publish()
    assert search(staff_client, "julinga", format="json").json()["answer"] is not None


@pytest.mark.django_db
def test_the_answer_counts_its_queries(site_tree, django_assert_max_num_queries):
    languages = locales()
    with django_assert_max_num_queries(12):
        assert find_answer("pappa slår", languages) is not None
    # Then from the cache, however the query is put.
    with django_assert_max_num_queries(0):
        assert find_answer("pappa slår", languages) is not None
        assert find_answer("barnet til naboen", languages) is not None


def phone_numbers(client: Client, query: str) -> list[str]:
    return [p["number"] for p in search(client, query, format="json").json()["answer"]["phones"]]


@pytest.mark.django_db
def test_a_new_phone_number_shows_in_the_answer_at_once(site_tree, staff_client):
    assert "22 48 03 80" in phone_numbers(staff_client, "pappa slår")
    service = site_tree.services[0]
    service.phones = f.phones("22 00 00 01")
    service.save_revision().publish()
    numbers = phone_numbers(staff_client, "pappa slår")
    assert "22 00 00 01" in numbers and "22 48 03 80" not in numbers


@pytest.mark.django_db
def test_a_restricted_duty_stays_hidden_when_its_group_filled_the_cache(site_tree, staff_client):
    insiders = Group.objects.create(name="Lukket")
    restriction = PageViewRestriction.objects.create(
        page=site_tree.duty, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(insiders)
    insider = f.StaffUserFactory()
    insider.groups.add(insiders)
    client = Client()
    client.force_login(insider)

    duties = search(client, "pappa slår", format="json").json()["answer"]["duties"]
    assert [duty["title"] for duty in duties] == [site_tree.duty.title]
    assert search(staff_client, "pappa slår", format="json").json()["answer"]["duties"] == []
