"""Elasticsearch, used when ELASTICSEARCH_URL is set: the Norwegian analysis in the index
settings, a model's mapping and a search's query body, all built without a server. The test
marked ``elasticsearch`` talks to a real server and runs only when ELASTICSEARCH_URL is set."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from modelsearch.backends.elasticsearch8 import Elasticsearch8SearchBackend
from wagtail.models import Page

from guidance.models import LegalDutyPage
from intranet.settings.elasticsearch import compound_parts, index_settings, synonym_rules
from search.services.query import parse

ES_URL = os.environ.get("ELASTICSEARCH_URL")


def backend(url: str = "http://elasticsearch.invalid:9200", prefix: str = "vnr_test_"):
    """The backend as the settings configure it; nothing is sent until a search runs."""
    return Elasticsearch8SearchBackend(
        {"URLS": [url], "INDEX_PREFIX": prefix, "TIMEOUT": 5, "INDEX_SETTINGS": index_settings()}
    )


def test_settings_use_elasticsearch_when_its_url_is_set():
    code = (
        "import json; from intranet.settings import base; "
        "print(json.dumps(base.WAGTAILSEARCH_BACKENDS['default'], default=str))"
    )
    environment = {**os.environ, "ELASTICSEARCH_URL": "http://es.example:9200"}
    environment.pop("DATABASE_URL", None)
    output = subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        cwd=Path(settings.BASE_DIR),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    config = json.loads(output)
    assert config["BACKEND"] == "wagtail.search.backends.elasticsearch8"
    assert config["URLS"] == ["http://es.example:9200"]
    assert config["INDEX_SETTINGS"]["settings"]["analysis"]["analyzer"]["default"]
    assert settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] == "search.backends"


def test_index_settings_analyse_norwegian_with_decompounding_and_synonyms():
    analysis = backend().settings["settings"]["analysis"]
    index_time = analysis["analyzer"]["default"]
    search_time = analysis["analyzer"]["default_search"]
    assert index_time["filter"] == ["lowercase", "vnr_stop", "vnr_decompounder", "vnr_stemmer"]
    assert search_time["filter"] == ["lowercase", "vnr_synonyms", "vnr_stop", "vnr_stemmer"]
    filters = analysis["filter"]
    assert filters["vnr_stop"]["stopwords"] == "_norwegian_"
    assert filters["vnr_stemmer"] == {"type": "stemmer", "language": "light_norwegian"}
    assert filters["vnr_decompounder"]["type"] == "dictionary_decompounder"
    assert {"plikt", "erstatning", "senter"} <= set(filters["vnr_decompounder"]["word_list"])
    assert filters["vnr_synonyms"]["type"] == "synonym_graph"
    # modelsearch's own analyzers for autocomplete stay.
    assert {"ngram_analyzer", "edgengram_analyzer"} <= set(analysis["analyzer"])


def test_synonym_rules_come_from_the_seed_file():
    rules = synonym_rules()
    assert any(rule.startswith("meldeplikt, opplysningsplikt") for rule in rules)
    assert "vold i nære relasjoner, vnr, familievold" in "\n".join(rules)
    assert all(len(rule.split(", ")) >= 2 for rule in rules)
    assert compound_parts() == sorted(compound_parts())


def test_mapping_leaves_text_to_the_default_norwegian_analyzer(db):
    mapping = backend().mapping_class(LegalDutyPage).get_mapping()
    properties = mapping["properties"]
    summary = properties["guidance_legaldutypage__summary"]
    assert summary["type"] == "text" and "analyzer" not in summary
    assert properties["title"]["type"] == "text" and "analyzer" not in properties["title"]
    assert properties["_edgengrams"]["analyzer"] == "edgengram_analyzer"
    provisions = properties["guidance_legaldutypage__provisions"]
    assert provisions["type"] == "nested"


def test_document_holds_the_page_text(site_tree):
    mapping = backend().mapping_class(LegalDutyPage)
    document = mapping.get_document(site_tree.duty)
    assert document["title"] == "Opplysningsplikt til barnevernet"
    assert "melde fra til barnevernet" in document["guidance_legaldutypage__summary"]


def test_query_body_carries_the_expanded_words_and_filters(site_tree):
    parsed = parse("krisesentre")
    queryset = Page.objects.live().filter(locale=site_tree.home.locale)
    results = backend().search(parsed.search_query(), queryset)
    query = results._get_es_body()["query"]["bool"]
    match = query["must"]["multi_match"]
    assert match["query"].split() == ["krisesentre", "krisesenteret"]  # the vocabulary's form
    assert "operator" not in match  # any of the alternatives
    filters = json.dumps(query["filter"])
    assert '{"term": {"live_filter": true}}' in filters
    assert f'{{"term": {{"locale_id_filter": {site_tree.home.locale_id}}}}}' in filters
    assert '"_django_content_type": "wagtailcore.Page"' in filters


@pytest.mark.elasticsearch
@pytest.mark.skipif(not ES_URL, reason="needs an Elasticsearch 8 server at ELASTICSEARCH_URL")
def test_a_real_server_decompounds_stems_and_expands_synonyms(site_tree):
    es_backend = backend(ES_URL, prefix=f"vnr_test_{uuid.uuid4().hex[:8]}_")
    index = es_backend.get_index_for_model(Page)
    index.put()
    try:
        tokens = es_backend.es.indices.analyze(
            index=index.name, analyzer="default", text="avvergelsesplikten"
        )["tokens"]
        assert "plikt" in {token["token"] for token in tokens}
        index.add_model(LegalDutyPage)
        for page in Page.objects.live().specific():
            index.add_item(page)
        index.refresh()
        found = es_backend.search(parse("meldeplikten").search_query(), Page.objects.live())
        assert site_tree.duty.pk in [page.pk for page in found]
    finally:
        index.delete()
