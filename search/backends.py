"""Wagtail's database search backend, with SQLite's ranking corrected.

modelsearch's SQLite backend multiplies a page's whole BM25 score by its title factor (average
title length / the page's title length) whether the title matches or not, so pages with short
titles («Kompetanse») come first for any word anywhere in them. Here SQLite ranks by FTS5's
BM25 alone, with matches in the title counting double: recall@3 on the relevance query set
went from 0.908 to 0.938 (docs/search.md). PostgreSQL, which applies the factor to title
matches only, is unchanged.

Configured as ``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backends"``.
"""

from django.db import connection
from modelsearch.backends.database import SearchBackend as database_backend


def SearchBackend(params):  # noqa: N802 - the name modelsearch looks for in a backend module
    backend = database_backend(params)
    if connection.vendor == "sqlite" and type(backend).__name__ == "SQLiteSearchBackend":
        # Imported here: modelsearch's SQLite module needs SQLite's index tables.
        from .sqlite_ranking import TitleWeightedCompiler

        backend.query_compiler_class = TitleWeightedCompiler
    return backend
