"""The search's Norwegian word handling: cleaning, splitting, stems, forms and compounds."""

from __future__ import annotations

import pytest

from search.services.text import (
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    clean_query,
    is_compound_of,
    is_form_of,
    query_terms,
    stem,
    stems,
    words,
)


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("  krisesentre  ", "krisesentre"),
        ("melde\x00plikt", "melde plikt"),
        ("barne\nvern\tet", "barne vern et"),
        ("\u202eavvergelsesplikt\u202c", "avvergelsesplikt"),
        ("ﬁnne", "finne"),  # NFKC: the ligature becomes two letters
        (None, ""),
        ("x" * 500, "x" * MAX_QUERY_LENGTH),
    ],
)
def test_clean_query(raw, cleaned):
    assert clean_query(raw) == cleaned


def test_query_terms_keep_hyphenated_words():
    terms = query_terms("IP-koordinator women's shelter § 6-4 i 2 ting")
    assert [t.text for t in terms] == [
        "ip-koordinator",
        "women",
        "s",
        "shelter",
        "6-4",
        "i",
        "2",
        "ting",
    ]
    assert terms[0].parts == ("ip", "koordinator") and terms[0].is_compound_phrase
    assert len(query_terms(" ".join(["ord"] * 50))) == MAX_TERMS


def test_words_split_hyphens_and_lower_case():
    assert words("Barnevernvakten (BVV), e-post: 22 70 55 80") == [
        "barnevernvakten",
        "bvv",
        "e",
        "post",
        "22",
        "70",
        "55",
        "80",
    ]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("voldsutøvere", "voldsutøv"),
        ("krisesentre", "krisesentr"),
        ("barnet", "barn"),
        ("meldeplikten", "meldeplikt"),
        ("hjelpetilbudene", "hjelpetilbud"),
        ("plikt", "plikt"),
        ("nav", "nav"),  # too short to stem
    ],
)
def test_stem(word, expected):
    assert stem(word) == expected


def test_stems_drop_the_e_that_plurals_lose():
    assert stems("krisesentre") == ("krisesentr", "krisesent")
    assert stems("barnet") == ("barn",)


@pytest.mark.parametrize(
    ("word", "stem_", "form"),
    [
        ("krisesenteret", "krisesent", True),
        ("krisesentre", "krisesent", True),
        ("voldsutøvere", "voldsutøv", True),
        ("barnevern", "barn", False),
        ("barnet", "barn", True),
    ],
)
def test_is_form_of(word, stem_, form):
    assert is_form_of(word, stem_) is form


@pytest.mark.parametrize(
    ("word", "stem_", "compound"),
    [
        ("avvergelsesplikt", "plikt", True),
        ("taushetsplikten", "plikt", True),
        ("voldsoffererstatning", "erstatning", True),
        ("plikten", "plikt", False),  # a form, not a compound
        ("bekymring", "ring", False),  # «-ring» is an ending, not a word
        ("pliktoppfyllende", "plikt", False),
    ],
)
def test_is_compound_of(word, stem_, compound):
    assert is_compound_of(word, stem_) is compound
