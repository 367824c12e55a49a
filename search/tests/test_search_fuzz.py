"""Queries of any content never cause a server error: quotes, search operators, very long
strings, control characters, NUL bytes, other scripts, and nonsense in every parameter."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from search.models import QueryDay

SPECIAL = [
    '"',
    "'",
    "\\",
    "%",
    "_",
    "*",
    "(",
    ")",
    ":",
    "^",
    "-",
    "!",
    "&",
    "|",
    "<->",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "title:",
    "\x00",
    "\x1b",
    "\u202e",
    "\ufeff",
    "§",
    "\n",
]
queries = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(SPECIAL) | st.text(min_size=1, max_size=12), max_size=30).map(
        " ".join
    ),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=2000, max_size=5000),
)
other_params = st.dictionaries(
    st.sampled_from(["type", "enhet", "page", "format"]),
    st.text(max_size=20) | st.sampled_from(["0", "-1", "99999999999999999999", "json", "rutine"]),
    max_size=4,
)
FUZZ_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def searchable(site_tree, staff_client):
    return staff_client


@FUZZ_SETTINGS
@given(query=queries, params=other_params)
@example(query='"krisesenter', params={})
@example(query="krise* OR vold:* & !barn <-> (plikt", params={})
@example(query="\x00\x00meldeplikt\x00", params={"format": "json"})
@example(query="вода 暴力 عنف अत्याचार 🔥 krisesenter", params={})
@example(query="a" * 10_000, params={"page": "2"})
@example(query="'; DROP TABLE wagtailcore_page; --", params={"enhet": "' OR 1=1"})
def test_search_never_fails(searchable, query, params):
    response = searchable.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    if params.get("format") == "json":
        data = response.json()
        assert set(data) == {"query", "total", "results", "answer"}


@FUZZ_SETTINGS
@given(query=queries)
def test_statistics_keep_no_control_characters(searchable, query):
    searchable.get("/search/", {"q": query})
    for stored in QueryDay.objects.values_list("query", flat=True):
        assert "\x00" not in stored
        assert all(ch.isprintable() for ch in stored), repr(stored)
