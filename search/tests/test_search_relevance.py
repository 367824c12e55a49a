"""Relevance as a measured property: recall@3 over the query set (data/search/relevance.yaml)
on the real action plan, loaded with load_plan, must stay above the floor for the database in
use; ``manage.py evaluate_search`` prints the same figures."""

from __future__ import annotations

from django.core.management import call_command
from django.db import connection

from search.services.relevance import evaluate, load_query_set

# recall@3 floors (docs/search.md has the measured values).
FLOORS = {"postgresql": 0.95, "sqlite": 0.90}
MIN_QUERIES = 60


def test_the_query_set_is_big_and_varied():
    cases = load_query_set()
    assert len(cases) >= MIN_QUERIES
    kinds = {case.kind for case in cases}
    assert {"inflection", "compound", "synonym", "old-term", "abbreviation", "question"} <= kinds
    assert {"typo", "english"} <= kinds
    assert len({case.query.lower() for case in cases}) == len(cases)


def test_recall_at_3_stays_above_the_floor(searchable_plan):
    result = evaluate()
    misses = "\n".join(f"{m.case.query!r}: {m.found[:3]}" for m in result.misses())
    assert result.recall >= FLOORS[connection.vendor], (
        f"recall@3 {result.recall:.3f}, MRR {result.mrr:.3f} on {connection.vendor}; "
        f"below 1:\n{misses}"
    )


def test_every_expected_page_exists(searchable_plan):
    from wagtail.models import Page, Site

    root = Site.objects.get(is_default_site=True).root_page
    paths = {
        page.url_path.removeprefix(root.url_path).strip("/")
        for page in Page.objects.live().descendant_of(root)
    }
    missing = {path for case in load_query_set() for path in case.pages} - paths
    assert not missing


def test_evaluate_search_command_prints_recall_and_mrr(searchable_plan, capsys):
    call_command("evaluate_search", "--k", "3", "--misses")
    out = capsys.readouterr().out
    assert f"on {connection.vendor}" in out
    assert "recall@3" in out and "MRR" in out
    assert any(line.startswith("all ") for line in out.splitlines())
