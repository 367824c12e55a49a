"""The crisis query set (data/search/crisis.yaml) on the real action plan, loaded with
load_plan and load_search_data: a worried person's query gets the duty and the number on the
first screen, above the floor; ``manage.py evaluate_search --crisis`` prints the figures."""

from __future__ import annotations

from django.core.management import call_command
from django.db import connection

from search.services.crisis import evaluate_crisis, load_crisis_set

CRISIS_FLOOR = 0.95
MIN_CRISIS_QUERIES = 50


def test_the_crisis_set_is_big_and_covers_every_path():
    cases = load_crisis_set()
    assert len(cases) >= MIN_CRISIS_QUERIES
    assert len({case.query.casefold() for case in cases}) == len(cases)
    assert {case.path for case in cases} == {
        "barn-og-unge",
        "partner",
        "eldre",
        "funksjonsnedsettelse",
        "tvangsekteskap-og-kjonnslemlestelse",
        "seksuelle-overgrep",
        "voldsutover",
        "kollega-eller-deg-selv",
    }
    assert len({case.unit for case in cases}) >= 8


def test_the_crisis_set_is_answered_on_the_first_screen(searchable_plan):
    result = evaluate_crisis()
    misses = "\n".join(
        f"{m.case.query!r}: card {m.path or '-'}, duty {m.duty_shown}, number {m.number_shown}"
        for m in result.misses()
    )
    assert result.answered >= CRISIS_FLOOR, (
        f"{result.answered:.3f} answered on {connection.vendor}; misses:\n{misses}"
    )
    assert result.right_path >= CRISIS_FLOOR, misses


def test_evaluate_search_prints_the_crisis_figures(searchable_plan, capsys):
    call_command("evaluate_search", "--crisis", "--misses")
    out = capsys.readouterr().out
    assert f"on {connection.vendor}" in out
    assert "answered on the first screen (duty and number): " in out
