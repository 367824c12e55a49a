"""Query expansion against the vocabulary of published words: forms, compounds, longer words,
synonyms, spelling corrections, stop words and the anonymised form kept for statistics."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from search.models import SynonymGroup, VocabularyWord
from search.services import vocabulary
from search.services.query import ALL_TECHNIQUES, UNKNOWN, parse
from search.services.text import stopwords
from tests import factories as f


@pytest.fixture
def published(home):
    """Pages whose words make the vocabulary (added when they are published)."""
    directory = f.HelpServiceIndexPageFactory(parent=home)
    f.HelpServicePageFactory(
        parent=directory,
        title="Oslo krisesenter",
        summary="Krisesenteret gir råd. Krisesentre finnes i hele landet.",
    )
    f.HelpServicePageFactory(
        parent=directory,
        title="Kontoret for voldsoffererstatning",
        summary="Erstatning til voldsutøvere? Nei, til den som er utsatt for vold.",
    )
    guide = f.ConcernGuidePageFactory(parent=home)
    f.LegalDutyPageFactory(
        parent=guide,
        title="Avvergelsesplikt",
        summary="Avvergelsesplikten går foran taushetsplikten. Meldeplikt og bekymring.",
    )
    return directory


def concept_for(query: str, **techniques):
    parsed = parse(query, ALL_TECHNIQUES.without(*techniques) if techniques else ALL_TECHNIQUES)
    assert len(parsed.concepts) == 1, parsed.concepts
    return parsed.concepts[0]


def test_publishing_adds_words_to_the_vocabulary(published):
    assert (
        VocabularyWord.objects.filter(
            word__in=["krisesenter", "avvergelsesplikten", "voldsoffererstatning"]
        ).count()
        == 3
    )


def test_rebuild_keeps_only_live_words(published):
    page = f.ContentPageFactory(parent=published, title="Hemmelig utkast", publish=False)
    VocabularyWord.objects.create(word="foreldet")
    count = vocabulary.rebuild()
    assert count == VocabularyWord.objects.count()
    assert not VocabularyWord.objects.filter(word__in=["foreldet", "hemmelig"]).exists()
    assert VocabularyWord.objects.filter(word="krisesenter").exists()
    assert page.live is False


def test_inflected_forms_are_found(published):
    concept = concept_for("krisesentrene")
    assert {"krisesenter", "krisesenteret", "krisesentre"} <= set(concept.words)


def test_compound_parts_find_compounds(published):
    concept = concept_for("plikt")
    assert {"avvergelsesplikt", "avvergelsesplikten", "taushetsplikten", "meldeplikt"} <= set(
        concept.loose
    )
    # «plikt» alone occurs nowhere: without compounds there is nothing to search for.
    assert parse("plikt", ALL_TECHNIQUES.without("compounds")).concepts == []


def test_beginnings_of_words_find_longer_words(published):
    assert "krisesenter" in concept_for("krise").loose
    assert parse("krise", ALL_TECHNIQUES.without("prefixes")).concepts == []


def test_synonyms_of_words_and_phrases(published):
    f.SynonymGroupFactory(key="meldeplikt", terms=["meldeplikt", "opplysningsplikt"])
    f.SynonymGroupFactory(key="vnr", terms=["VNR", "vold i nære relasjoner"])
    assert "meldeplikt" in concept_for("opplysningsplikt").words
    assert concept_for("vnr").phrases == ["vold i nære relasjoner"]
    phrase = concept_for("hva er vold i nære relasjoner")
    assert phrase.text == "vold i nære relasjoner" and "vnr" in phrase.words
    assert parse("opplysningsplikt", ALL_TECHNIQUES.without("synonyms")).concepts == []


def test_a_saved_synonym_group_takes_effect_at_once(published):
    assert "opplysningsplikt" not in concept_for("meldeplikt").words
    f.SynonymGroupFactory(key="meldeplikt", terms=["meldeplikt", "opplysningsplikt"])
    assert "opplysningsplikt" in concept_for("meldeplikt").words


def test_misspelt_words_are_corrected(published):
    parsed = parse("avergelsesplikt")
    assert parsed.concepts[0].correction == "avvergelsesplikt"
    assert "avvergelsesplikten" in parsed.concepts[0].words
    assert parsed.suggestion == "avvergelsesplikt"
    assert parse("avergelsesplikt", ALL_TECHNIQUES.without("corrections")).concepts == []


def test_question_words_are_left_out(published):
    parsed = parse("Hva gjør jeg hvis et krisesenter stenger?")
    assert [c.text for c in parsed.concepts] == ["krisesenter"]
    # «stenger» occurs nowhere, so it is left out rather than finding nothing.
    # A query of nothing but such words is searched as typed: the guide's title has them.
    assert [c.text for c in parse("hva gjør jeg").concepts] == ["hva", "gjør", "jeg"]


def test_unknown_words_are_anonymised_for_the_statistics(published):
    parsed = parse("Kari Nordmann 01019912345 krisesentre avergelsesplikt")
    # The misspelling is kept as the word it stands for, never as typed.
    assert parsed.anonymised == f"{UNKNOWN} krisesentre avvergelsesplikt"


def test_an_empty_vocabulary_searches_the_words_as_typed(db):
    assert vocabulary.is_empty()
    assert [c.text for c in parse("krisesenter oslo").concepts] == ["krisesenter", "oslo"]


# Names never reach the statistics (issue 13, finding 9)

NAME = st.from_regex(r"[A-ZÆØÅ][a-zæøå]{2,11}", fullmatch=True)
CONTEXT = st.sampled_from(["", "krisesenter", "vold mot", "bekymring for", "avvergelsesplikt"])


def allowed_statistics_words() -> set[str]:
    """What the statistics may hold: the site's own words, and «…»."""
    synonyms = {
        word
        for group in SynonymGroup.objects.all()
        for term in group.term_list()
        for word in term.split()
    }
    return (
        set(VocabularyWord.objects.values_list("word", flat=True))
        | set(stopwords())
        | synonyms
        | {UNKNOWN}
    )


@pytest.fixture
def with_neighbours(published):
    """Words a name is a form or a near-misspelling of: «Helene» of «hele», «Kristiansen» of
    «Kristiansand»."""
    f.ContentPageFactory(
        parent=published,
        title="Tilbud i hele landet",
        intro="Kristiansand, Helen og Hamar har egne sentre.",
    )
    return published


@example(first="Helene", last="Kristiansen", context="bekymring for")
@given(first=NAME, last=NAME, context=CONTEXT)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_a_name_never_reaches_the_statistics_as_typed(with_neighbours, first, last, context):
    query = f"{context} {first} {last}".strip()

    kept = parse(query).anonymised.split()

    assert set(kept) <= allowed_statistics_words(), (query, kept)
    for token in (first.lower(), last.lower()):
        assert token not in kept or VocabularyWord.objects.filter(word=token).exists()
