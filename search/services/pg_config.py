"""PostgreSQL's side of the Norwegian search: the ``vnr_norwegian`` text-search configuration
(hunspell dictionary, then the snowball stemmer), an index for matching pages and trigram
matching for spelling suggestions.

Used by migration 0002 and by ``python manage.py create_search_config``.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, transaction

logger = logging.getLogger(__name__)

CONFIG = "vnr_norwegian"
DICTIONARY = "vnr_nb_hunspell"
# The dictionary files Debian's hunspell-no puts in PostgreSQL's tsearch_data directory.
DICTIONARY_FILE = "nb_no"
WORD_TOKENS = "asciiword, asciihword, hword_asciipart, word, hword, hword_part"
TRIGRAM_INDEX = "intranet_search_vocabularyword_word_trgm"
# Wagtail's database backend matches pages against ``title || body``; without an index on that
# expression every search reads every index entry (docs/search.md, «Ytelse»).
TEXT_INDEX = "intranet_search_indexentry_title_body_gin"


def _exists(cursor, sql: str, name: str) -> bool:
    cursor.execute(sql, [name])
    return cursor.fetchone() is not None


def _try(connection, cursor, sql: str, problem: str) -> bool:
    """Run ``sql`` in a savepoint; log ``problem`` and return False if the database refuses."""
    try:
        with transaction.atomic(using=connection.alias):
            cursor.execute(sql)
    except DatabaseError as exc:
        logger.warning("%s: %s", problem, str(exc).strip().splitlines()[0])
        return False
    return True


def create_search_config(connection, recreate: bool = False) -> str | None:
    """Create what is missing; returns the dictionary the configuration uses first, or None on
    other databases than PostgreSQL."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        if recreate:
            drop_search_config(connection)
        if not _exists(cursor, "SELECT 1 FROM pg_ts_dict WHERE dictname = %s", DICTIONARY):
            _try(
                connection,
                cursor,
                f"CREATE TEXT SEARCH DICTIONARY {DICTIONARY} (TEMPLATE = ispell, "
                f"DictFile = {DICTIONARY_FILE}, AffFile = {DICTIONARY_FILE}, "
                "StopWords = norwegian)",
                "Norwegian hunspell dictionary unavailable (apt-get install hunspell-no); "
                f"{CONFIG} falls back to the norwegian stemmer",
            )
        if not _exists(cursor, "SELECT 1 FROM pg_ts_config WHERE cfgname = %s", CONFIG):
            cursor.execute(
                f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.norwegian)"
            )
            if _exists(cursor, "SELECT 1 FROM pg_ts_dict WHERE dictname = %s", DICTIONARY):
                cursor.execute(
                    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR {WORD_TOKENS} "
                    f"WITH {DICTIONARY}, norwegian_stem"
                )
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {TEXT_INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )
        if _try(
            connection,
            cursor,
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            "pg_trgm unavailable; spelling suggestions compare words in Python",
        ):
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON intranet_search_vocabularyword "
                "USING gin (word gin_trgm_ops)"
            )
    return first_dictionary(connection)


def drop_search_config(connection) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")
        cursor.execute(f"DROP INDEX IF EXISTS {TEXT_INDEX}")
        cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")
        cursor.execute(f"DROP TEXT SEARCH DICTIONARY IF EXISTS {DICTIONARY}")


def first_dictionary(connection, config: str = CONFIG) -> str | None:
    """The first dictionary ``config`` sends Norwegian words to (``vnr_nb_hunspell`` or
    ``norwegian_stem``), or None if there is no such configuration."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT d.dictname FROM pg_ts_config c "
            "JOIN pg_ts_config_map m ON m.mapcfg = c.oid "
            "JOIN pg_ts_parser p ON p.oid = c.cfgparser "
            "JOIN LATERAL ts_token_type(p.oid) t ON t.tokid = m.maptokentype "
            "JOIN pg_ts_dict d ON d.oid = m.mapdict "
            "WHERE c.cfgname = %s AND t.alias = 'word' ORDER BY m.mapseqno LIMIT 1",
            [config],
        )
        row = cursor.fetchone()
    return row[0] if row else None
