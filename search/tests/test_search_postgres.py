"""PostgreSQL's own ranking (search.services.postgres_ranking): the same results as Wagtail's
search would give, found through the GIN index, at most CANDIDATES of them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.services import pg_config, postgres_ranking
from search.services.engine import live_pages, locales, run_search
from search.services.postgres_ranking import PostgresRankedResults
from search.services.query import parse
from tests import factories as f


@pytest.fixture
def postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's ranking")


def test_the_index_entries_have_a_gin_index_on_title_and_body(postgres):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s", [pg_config.TEXT_INDEX]
        )
        (definition,) = cursor.fetchone()
    assert "USING gin" in definition and "(title || body)" in definition


@pytest.mark.parametrize("query", ["krisesenter", "vold barnevernet", "nyansatte handlingsplan"])
def test_ranking_finds_what_wagtails_search_finds(query, site_tree, postgres):
    parsed = parse(query)
    pages = live_pages(*locales())
    ours = {page.pk for page in PostgresRankedResults(pages, parsed)[:50]}
    wagtails = {page.pk for page in pages.search(parsed.search_query("and"))[:50]}
    assert ours == wagtails and ours


def test_only_the_best_candidates_are_offered(site_tree, postgres, monkeypatch, staff_client):
    for i in range(6):
        f.HelpServicePageFactory(
            parent=site_tree.directory, title=f"Samtaletilbud {i}", summary="Samtaletilbud."
        )
    monkeypatch.setattr(postgres_ranking, "CANDIDATES", 4)
    outcome = run_search("samtaletilbud")
    assert outcome.total == 4 and outcome.capped
    response = staff_client.get("/search/", {"q": "samtaletilbud"})
    assert "bare de beste vises" in response.content.decode()


def _body_step_ran(queries) -> bool:
    """Whether the matches without a query word in their title were looked for."""
    return any("NOT e.title @@" in q["sql"] for q in queries)


@pytest.mark.parametrize(
    "candidates, body_looked_for", [(2, False), (3, False), (4, True), (10, True)]
)
def test_matches_by_body_only_follow_the_title_matches_when_there_is_room(
    site_tree, postgres, monkeypatch, candidates, body_looked_for
):
    in_title = {
        f.HelpServicePageFactory(parent=site_tree.directory, title=f"Sjiraffhjelp {i}").pk
        for i in range(3)
    }
    in_body = {
        f.HelpServicePageFactory(
            parent=site_tree.directory, title=f"Tilbud {i}", summary="Om sjiraffhjelp."
        ).pk
        for i in range(2)
    }
    monkeypatch.setattr(postgres_ranking, "CANDIDATES", candidates)
    results = PostgresRankedResults(live_pages(*locales()), parse("sjiraffhjelp"))
    with CaptureQueriesContext(connection) as queries:
        found = [page.pk for page in results[:10]]

    assert len(found) == min(candidates, 5)
    assert set(found[:3]) <= in_title and set(found[3:]) <= in_body
    assert results.capped is (candidates < 5)
    assert _body_step_ran(queries) is body_looked_for


def test_a_title_match_the_reader_may_not_see_leaves_room_for_the_body_matches(site_tree, postgres):
    hidden = f.HelpServicePageFactory(parent=site_tree.directory, title="Sjiraffhjelp")
    hidden.unpublish()
    in_body = f.HelpServicePageFactory(
        parent=site_tree.directory, title="Tilbud", summary="Om sjiraffhjelp."
    )
    results = PostgresRankedResults(live_pages(*locales()), parse("sjiraffhjelp"))
    assert [page.pk for page in results[:10]] == [in_body.pk]


def test_drafts_and_other_languages_are_left_out(site_tree, postgres):
    draft = f.HelpServicePageFactory(
        parent=site_tree.directory, title="Krisesenter utkast", publish=False
    )
    found = [hit.page.pk for hit in run_search("krisesenter").hits]
    assert site_tree.services[0].pk in found and draft.pk not in found
