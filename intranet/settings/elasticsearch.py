"""Index settings for Elasticsearch: Norwegian analysis with decompounding and synonyms.

Imported by the settings when ELASTICSEARCH_URL is set, so it reads only the data files and
imports nothing from Django's models. The analyzers are the index's defaults: every text field
in Wagtail's mapping without an analyzer of its own uses them.

* At index time (``default``): lower case, Norwegian stop words, the compound parts of
  ``data/search/compound-parts.txt`` added beside each compound (dictionary decompounder:
  «avvergelsesplikt» also gives «plikt»), then the light Norwegian stemmer.
* At search time (``default_search``): the same without decompounding, plus the synonym groups
  of ``data/search/synonyms.yaml`` (a synonym graph, so multi-word synonyms work).

Synonyms the coordinator adds in the admin reach Elasticsearch through query expansion, as for
the database backends; those from the data file are also part of the analyzer.
"""

from __future__ import annotations

from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "search"


def compound_parts(path: Path = DATA_DIR / "compound-parts.txt") -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip().lower() for line in lines if line.strip() and not line.startswith("#")]


def synonym_rules(path: Path = DATA_DIR / "synonyms.yaml") -> list[str]:
    """Solr-format synonym rules, one comma-separated line per group."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    rules = []
    for group in data.get("synonyms", []):
        terms = [" ".join(str(term).lower().replace(",", " ").split()) for term in group["terms"]]
        rules.append(", ".join(t for t in terms if t))
    return rules


def index_settings() -> dict:
    """``INDEX_SETTINGS`` for Wagtail's Elasticsearch backend."""
    return {
        "settings": {
            "analysis": {
                "filter": {
                    "vnr_stop": {"type": "stop", "stopwords": "_norwegian_"},
                    "vnr_stemmer": {"type": "stemmer", "language": "light_norwegian"},
                    "vnr_decompounder": {
                        "type": "dictionary_decompounder",
                        "word_list": compound_parts(),
                        "min_subword_size": 3,
                        "only_longest_match": False,
                    },
                    "vnr_synonyms": {
                        "type": "synonym_graph",
                        "synonyms": synonym_rules(),
                        "lenient": True,
                    },
                },
                "analyzer": {
                    "default": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "vnr_stop", "vnr_decompounder", "vnr_stemmer"],
                    },
                    "default_search": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "vnr_synonyms", "vnr_stop", "vnr_stemmer"],
                    },
                },
            }
        }
    }
